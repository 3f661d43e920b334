// SPDX-License-Identifier: GPL-2.0
/* iscsicfg target: names, portal/initiator/auth groups, networks */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg target add NAME [--alias A] [--mode MODE] --group GROUP\n"
	"                           [--group ...] [--network CIDR]...\n"
	"       iscsicfg target set NAME [--alias A] [--mode MODE] [--group GROUP]...\n"
	"                           [--no-groups] [--network CIDR]... [--no-networks]\n"
	"       iscsicfg target del NAME [--delete-extents] [--delete-files] [--force]\n"
	"       iscsicfg target show [NAME]\n"
	"GROUP: portal=N[,initiator=N][,auth=none|chap|mutual][,tag=N]\n"
	"MODE: iscsi (the default; fc and both are refused: no Fibre Channel)\n"
	"set replaces a list given; --no-groups, --no-networks empty one.\n"
	"NAME: a-z 0-9 . - :; the base name is prepended unless it starts with\n"
	"      iqn., eui. or naa., and a new target's name is then at most 64.\n";

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

static int write_target(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "alias", required_argument, NULL, 'a' },
		{ "mode", required_argument, NULL, 'm' },
		{ "group", required_argument, NULL, 'g' },
		{ "network", required_argument, NULL, 'N' },
		{ "no-groups", no_argument, NULL, 'G' },
		{ "no-networks", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_target t = { 0 };
	bool set = cli_obj_is_set(argv);
	struct iscsicfg_network *nets;
	struct iscsicfg_tgroup *grp;
	bool no_groups = false, no_nets = false;
	char err[256];
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:m:g:N:GMh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			t.alias = optarg;
			t.fields |= ISCSICFG_TARGET_F_ALIAS;
			break;
		case 'm':
			if (iscsicfg_target_mode_from_name(optarg, &t.mode)) {
				fprintf(stderr, "iscsicfg: --mode: \"%s\" is not iscsi, fc or both\n",
					optarg);
				goto out;
			}
			t.fields |= ISCSICFG_TARGET_F_MODE;
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
		default:
			ret = cli_obj_opt_other(o, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(o->usage, argc, argv, 1))
		goto out;
	t.name = argv[optind];
	if ((no_groups && t.n_groups) || (no_nets && t.n_networks)) {
		ret = cli_usage(o->usage, "--no-%s: not together with --%s",
				no_groups && t.n_groups ? "groups" : "networks",
				no_groups && t.n_groups ? "group" : "network");
		goto out;
	}
	if (!set && (no_groups || no_nets)) {
		ret = cli_usage(o->usage, "--no-groups, --no-networks: only with set");
		goto out;
	}
	if (set && cli_obj_set_key(o, argv, t.fields, NULL))
		goto out;
	if (!set && !t.n_groups) {
		ret = cli_usage(o->usage, "add: at least one --group is required");
		goto out;
	}
	ret = cli_obj_commit(o, &t, t.name, NULL, set);
out:
	free(t.groups);
	free(t.networks);
	return ret;
}

static void format_group(const struct iscsicfg_tgroup *g, char *buf,
			 size_t len)
{
	snprintf(buf, len, "portal=%u,initiator=%u,auth=%s,tag=%u",
		 g->portal_tag, g->igroup_id,
		 iscsicfg_auth_method_name(g->auth_method), g->auth_tag);
}

static void json_target(const void *obj)
{
	const struct iscsicfg_target *t = obj;
	char buf[64];
	size_t j;

	json_begin('{');
	json_str("name", t->name);
	json_str("alias", t->alias);
	json_str("mode", iscsicfg_target_mode_name(t->mode));
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

static void row_target(struct table *t, const void *obj)
{
	const struct iscsicfg_target *tgt = obj;
	char *groups = join_target(tgt, true), *nets = join_target(tgt, false);

	table_row(t, tgt->name, tgt->alias,
		  iscsicfg_target_mode_name(tgt->mode), groups, nets);
	free(groups);
	free(nets);
}

static int add_target(struct iscsicfg_ctx *ctx, const void *obj,
		      uint64_t *id)
{
	return iscsicfg_target_add(ctx, obj);
}

CLI_LIB_HOOKS(target, k->name)

static const struct cli_verb verbs[] = {
	{ "add", write_target },
	{ "set", write_target },
	{ "del", cli_obj_del },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const hdr[] = {
	"NAME", "ALIAS", "MODE", "GROUPS", "NETWORKS",
};

static const struct cli_object target = {
	.name = "target", .usage = usage, .verbs = verbs,
	.key = CLI_KEY_NAME,
	.journal = CLI_TARGET, .lib_add = add_target,
	.del_flags = ISCSICFG_DEL_FORCE | ISCSICFG_DEL_EXTENTS |
		     ISCSICFG_DEL_FILES,
	CLI_LIB_OPS(target),
	.json = json_target, .ncols = 5, .hdr = hdr, .row = row_target,
};

int cmd_target(int argc, char **argv)
{
	return cli_object_cmd(&target, argc, argv);
}
