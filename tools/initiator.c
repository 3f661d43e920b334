// SPDX-License-Identifier: GPL-2.0
/* iscsicfg initiator: initiator groups, the IQNs allowed into a target */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg initiator add [--id N] [--initiator IQN]... [--comment C]\n"
	"       iscsicfg initiator set ID [--initiator IQN]... [--no-initiators]\n"
	"                                 [--comment C]\n"
	"       iscsicfg initiator del ID [--force]\n"
	"       iscsicfg initiator show [ID]\n"
	"A group without --initiator admits every initiator; set replaces the\n"
	"list, --no-initiators empties it.\n";

static int write_igroup(int argc, char **argv, bool set)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "initiator", required_argument, NULL, 'I' },
		{ "no-initiators", no_argument, NULL, 'X' },
		{ "comment", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_igroup g = { 0 };
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	uint32_t id = 0;
	char **names;
	bool none = false;
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:I:Xc:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (set) {
				ret = cli_usage(usage, "--id: give the id as the first argument of set");
				goto out;
			}
			if (cli_uint("--id", optarg, 1, UINT32_MAX, &v))
				goto out;
			g.id = (uint32_t)v;
			break;
		case 'I':
			names = reallocarray(g.initiators, g.n_initiators + 1,
					     sizeof(*names));
			if (!names)
				abort();
			g.initiators = names;
			names[g.n_initiators++] = optarg;
			g.fields |= ISCSICFG_IGROUP_F_INITIATORS;
			break;
		case 'X':
			none = true;
			g.fields |= ISCSICFG_IGROUP_F_INITIATORS;
			break;
		case 'c':
			g.comment = optarg;
			g.fields |= ISCSICFG_IGROUP_F_COMMENT;
			break;
		case 'h':
			ret = cli_help(usage);
			goto out;
		default:
			ret = cli_opt_error(usage, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(usage, argc, argv, set ? 1 : 0))
		goto out;
	if (none && g.n_initiators) {
		ret = cli_usage(usage, "--no-initiators: not together with --initiator");
		goto out;
	}
	if (set) {
		if (cli_uint("ID", argv[optind], 1, UINT32_MAX, &v))
			goto out;
		g.id = (uint32_t)v;
		if (!g.fields) {
			ret = cli_usage(usage, "set: nothing to change");
			goto out;
		}
	}
	ctx = cli_open(0);
	ret = set ? iscsicfg_igroup_set(ctx, &g) :
		    iscsicfg_igroup_add(ctx, &g, &id);
	if (ret)
		ret = cli_fail(ctx);
	else if (!set)
		cli_created(CLI_IGROUP, NULL, id);
	if (!ret && !set && id && !opt_json)
		printf("initiator group %u added\n", id);
	iscsicfg_close(ctx);
out:
	free(g.initiators);
	return ret;
}

static int del_igroup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_ctx *ctx;
	unsigned int flags = 0;
	unsigned long long v;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":fh", opts, NULL)) != -1) {
		if (c == 'f')
			flags |= ISCSICFG_DEL_FORCE;
		else if (c == 'h')
			return cli_help(usage);
		else
			return cli_opt_error(usage, argv, c);
	}
	if (cli_extra_args(usage, argc, argv, 1) ||
	    cli_uint("ID", argv[optind], 1, UINT32_MAX, &v))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_igroup_del(ctx, (uint32_t)v, flags) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static int show_igroup(int argc, char **argv)
{
	static const char *const hdr[] = { "ID", "INITIATORS", "COMMENT" };
	struct iscsicfg_igroup *v = NULL, one;
	unsigned long long id = 0;
	struct iscsicfg_ctx *ctx;
	size_t n = 0, i, j, len;
	struct table *t;
	char buf[16], *joined;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (optind < argc &&
	    cli_uint("ID", argv[optind++], 1, UINT32_MAX, &id))
		return EXIT_USAGE;
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	if (id) {
		ret = iscsicfg_igroup_get(ctx, (uint32_t)id, &one);
		if (!ret) {
			v = malloc(sizeof(*v));
			if (!v)
				abort();
			v[0] = one;
			n = 1;
		}
	} else {
		ret = iscsicfg_igroup_list(ctx, &v, &n);
	}
	if (ret) {
		ret = cli_fail(ctx);
		goto out;
	}
	if (opt_json) {
		json_begin('[');
		for (i = 0; i < n; i++) {
			json_begin('{');
			json_u64("id", v[i].id);
			json_str("comment", v[i].comment);
			json_key("initiators");
			json_begin('[');
			for (j = 0; j < v[i].n_initiators; j++) {
				json_val(v[i].initiators[j]);
			}
			json_end(']');
			json_end('}');
		}
		json_end(']');
		json_done();
		goto out;
	}
	t = table_new(3, hdr);
	for (i = 0; i < n; i++) {
		len = 1;
		for (j = 0; j < v[i].n_initiators; j++)
			len += strlen(v[i].initiators[j]) + 1;
		joined = calloc(1, len);
		if (!joined)
			abort();
		for (j = 0; j < v[i].n_initiators; j++) {
			if (j)
				strcat(joined, " ");
			strcat(joined, v[i].initiators[j]);
		}
		snprintf(buf, sizeof(buf), "%u", v[i].id);
		table_row(t, buf, v[i].n_initiators ? joined : "(all)",
			  v[i].comment);
		free(joined);
	}
	table_print(t);
out:
	iscsicfg_igroup_list_free(v, n);
	iscsicfg_close(ctx);
	return ret;
}

int cmd_initiator(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "initiator: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "add"))
		return write_igroup(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "set"))
		return write_igroup(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "del"))
		return del_igroup(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_igroup(argc - 1, argv + 1);
	return cli_usage(usage, "initiator: unknown command \"%s\"", argv[1]);
}
