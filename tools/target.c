// SPDX-License-Identifier: GPL-2.0
/* iscsicfg target: names, portal/initiator/auth groups, networks */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg target add NAME [--alias A] --group GROUP [--group ...]\n"
	"                           [--network CIDR]...\n"
	"       iscsicfg target set NAME [--alias A] [--group GROUP]... [--no-groups]\n"
	"                                [--network CIDR]... [--no-networks]\n"
	"       iscsicfg target del NAME [--delete-extents] [--delete-files] [--force]\n"
	"       iscsicfg target show [NAME]\n"
	"GROUP: portal=N[,initiator=N][,auth=none|chap|mutual][,tag=N]\n"
	"set replaces a list given; --no-groups, --no-networks empty one.\n"
	"NAME: up to 64 of a-z 0-9 . - :; the base name is prepended unless it\n"
	"      starts with iqn., eui. or naa.\n";

static int parse_group(const char *s, struct iscsicfg_tgroup *g)
{
	char *copy = strdup(s), *tok, *save = NULL, *val;
	unsigned long long v;
	int ret = EXIT_USAGE;
	bool portal = false;

	if (!copy)
		abort();
	memset(g, 0, sizeof(*g));
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		val = strchr(tok, '=');
		if (!val) {
			fprintf(stderr, "iscsicfg: --group: \"%s\" is not KEY=VALUE\n",
				tok);
			goto out;
		}
		*val++ = '\0';
		if (!strcmp(tok, "portal")) {
			if (cli_uint("--group portal", val, 1, 65535, &v))
				goto out;
			g->portal_tag = (uint16_t)v;
			portal = true;
		} else if (!strcmp(tok, "initiator")) {
			if (cli_uint("--group initiator", val, 0, UINT32_MAX,
				     &v))
				goto out;
			g->igroup_id = (uint32_t)v;
		} else if (!strcmp(tok, "auth")) {
			if (iscsicfg_auth_method_from_name(val,
							   &g->auth_method)) {
				fprintf(stderr, "iscsicfg: --group auth: \"%s\" is not none, chap or mutual\n",
					val);
				goto out;
			}
		} else if (!strcmp(tok, "tag")) {
			if (cli_uint("--group tag", val, 0, UINT32_MAX, &v))
				goto out;
			g->auth_tag = (uint32_t)v;
		} else {
			fprintf(stderr, "iscsicfg: --group: unknown key \"%s\" (portal, initiator, auth, tag)\n",
				tok);
			goto out;
		}
	}
	if (!portal) {
		fprintf(stderr, "iscsicfg: --group: portal=N is required\n");
		goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

static int write_target(int argc, char **argv, bool set)
{
	static const struct option opts[] = {
		{ "alias", required_argument, NULL, 'a' },
		{ "group", required_argument, NULL, 'g' },
		{ "network", required_argument, NULL, 'N' },
		{ "no-groups", no_argument, NULL, 'G' },
		{ "no-networks", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_target t = { 0 };
	struct iscsicfg_network *nets;
	struct iscsicfg_tgroup *grp;
	struct iscsicfg_ctx *ctx;
	bool no_groups = false, no_nets = false;
	char err[256];
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:g:N:GMh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			t.alias = optarg;
			t.fields |= ISCSICFG_TARGET_F_ALIAS;
			break;
		case 'g':
			grp = reallocarray(t.groups, t.n_groups + 1,
					   sizeof(*grp));
			if (!grp)
				abort();
			t.groups = grp;
			if (parse_group(optarg, &grp[t.n_groups]))
				goto out;
			t.n_groups++;
			t.fields |= ISCSICFG_TARGET_F_GROUPS;
			break;
		case 'N':
			nets = reallocarray(t.networks, t.n_networks + 1,
					    sizeof(*nets));
			if (!nets)
				abort();
			t.networks = nets;
			if (iscsicfg_parse_network(optarg,
						   &nets[t.n_networks], err,
						   sizeof(err))) {
				fprintf(stderr, "iscsicfg: --%s\n", err);
				goto out;
			}
			t.n_networks++;
			t.fields |= ISCSICFG_TARGET_F_NETWORKS;
			break;
		case 'G':
			no_groups = true;
			t.fields |= ISCSICFG_TARGET_F_GROUPS;
			break;
		case 'M':
			no_nets = true;
			t.fields |= ISCSICFG_TARGET_F_NETWORKS;
			break;
		case 'h':
			ret = cli_help(usage);
			goto out;
		default:
			ret = cli_opt_error(usage, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(usage, argc, argv, 1))
		goto out;
	t.name = argv[optind];
	if ((no_groups && t.n_groups) || (no_nets && t.n_networks)) {
		ret = cli_usage(usage, "--no-%s: not together with --%s",
				no_groups && t.n_groups ? "groups" : "networks",
				no_groups && t.n_groups ? "group" : "network");
		goto out;
	}
	if (!set && (no_groups || no_nets)) {
		ret = cli_usage(usage, "--no-groups, --no-networks: only with set");
		goto out;
	}
	if (set && !t.fields) {
		ret = cli_usage(usage, "set: nothing to change");
		goto out;
	}
	if (!set && !t.n_groups) {
		ret = cli_usage(usage, "add: at least one --group is required");
		goto out;
	}
	ctx = cli_open(0);
	ret = set ? iscsicfg_target_set(ctx, &t) : iscsicfg_target_add(ctx, &t);
	if (ret)
		ret = cli_fail(ctx);
	else if (!set)
		cli_created(CLI_TARGET, t.name, 0);
	iscsicfg_close(ctx);
out:
	free(t.groups);
	free(t.networks);
	return ret;
}

static int del_target(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delete-extents", no_argument, NULL, 'e' },
		{ "delete-files", no_argument, NULL, 'F' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_ctx *ctx;
	unsigned int flags = 0;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":eFfh", opts, NULL)) != -1) {
		if (c == 'e')
			flags |= ISCSICFG_DEL_EXTENTS;
		else if (c == 'F')
			flags |= ISCSICFG_DEL_FILES | ISCSICFG_DEL_EXTENTS;
		else if (c == 'f')
			flags |= ISCSICFG_DEL_FORCE;
		else if (c == 'h')
			return cli_help(usage);
		else
			return cli_opt_error(usage, argv, c);
	}
	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_target_del(ctx, argv[optind], flags) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static void format_group(const struct iscsicfg_tgroup *g, char *buf,
			 size_t len)
{
	snprintf(buf, len, "portal=%u,initiator=%u,auth=%s,tag=%u",
		 g->portal_tag, g->igroup_id,
		 iscsicfg_auth_method_name(g->auth_method), g->auth_tag);
}

static void json_target(const struct iscsicfg_target *t)
{
	char buf[64];
	size_t j;

	json_begin('{');
	json_str("name", t->name);
	json_str("alias", t->alias);
	json_key("groups");
	json_begin('[');
	for (j = 0; j < t->n_groups; j++) {
		json_begin('{');
		json_u64("portal", t->groups[j].portal_tag);
		json_u64("initiator", t->groups[j].igroup_id);
		json_str("auth", iscsicfg_auth_method_name(t->groups[j].auth_method));
		json_u64("auth_tag", t->groups[j].auth_tag);
		json_end('}');
	}
	json_end(']');
	json_key("networks");
	json_begin('[');
	for (j = 0; j < t->n_networks; j++) {
		json_begin('{');
		iscsicfg_addr_format(&t->networks[j].addr, buf, sizeof(buf));
		json_str("address", buf);
		json_u64("prefix", t->networks[j].prefix);
		json_end('}');
	}
	json_end(']');
	json_end('}');
}

static char *join_target(const struct iscsicfg_target *t, bool groups)
{
	size_t n = groups ? t->n_groups : t->n_networks, j;
	char *s = calloc(n + 1, 96), buf[96], a[64];

	if (!s)
		abort();
	for (j = 0; j < n; j++) {
		if (groups) {
			format_group(&t->groups[j], buf, sizeof(buf));
		} else {
			iscsicfg_addr_format(&t->networks[j].addr, a, sizeof(a));
			snprintf(buf, sizeof(buf), "%s/%u", a,
				 t->networks[j].prefix);
		}
		if (j)
			strcat(s, " ");
		strcat(s, buf);
	}
	return s;
}

static int show_target(int argc, char **argv)
{
	static const char *const hdr[] = { "NAME", "ALIAS", "GROUPS",
					   "NETWORKS" };
	struct iscsicfg_target *v = NULL, one;
	struct iscsicfg_ctx *ctx;
	char *groups, *nets;
	struct table *t;
	size_t n = 0, i;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(usage, argc, argv, optind < argc ? 1 : 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	if (optind < argc) {
		ret = iscsicfg_target_get(ctx, argv[optind], &one);
		if (!ret) {
			v = malloc(sizeof(*v));
			if (!v)
				abort();
			v[0] = one;
			n = 1;
		}
	} else {
		ret = iscsicfg_target_list(ctx, &v, &n);
	}
	if (ret) {
		ret = cli_fail(ctx);
		goto out;
	}
	if (opt_json) {
		json_begin('[');
		for (i = 0; i < n; i++)
			json_target(&v[i]);
		json_end(']');
		json_done();
		goto out;
	}
	t = table_new(4, hdr);
	for (i = 0; i < n; i++) {
		groups = join_target(&v[i], true);
		nets = join_target(&v[i], false);
		table_row(t, v[i].name, v[i].alias, groups, nets);
		free(groups);
		free(nets);
	}
	table_print(t);
out:
	iscsicfg_target_list_free(v, n);
	iscsicfg_close(ctx);
	return ret;
}

int cmd_target(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "target: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "add"))
		return write_target(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "set"))
		return write_target(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "del"))
		return del_target(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_target(argc - 1, argv + 1);
	return cli_usage(usage, "target: unknown command \"%s\"", argv[1]);
}
