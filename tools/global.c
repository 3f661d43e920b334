// SPDX-License-Identifier: GPL-2.0
/* iscsicfg global and status: target-wide settings and counters */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg global show\n"
	"       iscsicfg global set [--basename IQN]\n"
	"                           [--isns HOST[:PORT]]... | [--no-isns]\n"
	"                           [--pool-threshold PERCENT] [--alua on|off]\n"
	"                           [--discovery-auth none|chap|mutual]\n"
	"                           [--discovery-auth-tag N]\n";

static const char status_usage[] = "Usage: iscsicfg status [-j]\n";

static int set_global(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "basename", required_argument, NULL, 'b' },
		{ "isns", required_argument, NULL, 'i' },
		{ "no-isns", no_argument, NULL, 'I' },
		{ "pool-threshold", required_argument, NULL, 'p' },
		{ "alua", required_argument, NULL, 'a' },
		{ "discovery-auth", required_argument, NULL, 'd' },
		{ "discovery-auth-tag", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_global g = { 0 };
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	char **isns;
	bool no_isns = false;
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:i:Ip:a:d:t:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'b':
			g.basename = optarg;
			g.fields |= ISCSICFG_GLOBAL_F_BASENAME;
			break;
		case 'i':
			isns = reallocarray(g.isns, g.n_isns + 1, sizeof(*isns));
			if (!isns)
				abort();
			g.isns = isns;
			isns[g.n_isns++] = optarg;
			g.fields |= ISCSICFG_GLOBAL_F_ISNS;
			break;
		case 'I':
			no_isns = true;
			g.fields |= ISCSICFG_GLOBAL_F_ISNS;
			break;
		case 'p':
			if (cli_uint("--pool-threshold", optarg, 0, 100, &v))
				goto out;
			g.pool_threshold = (uint8_t)v;
			g.fields |= ISCSICFG_GLOBAL_F_POOL_THRESHOLD;
			break;
		case 'a':
			if (cli_bool("--alua", optarg, &g.alua))
				goto out;
			g.fields |= ISCSICFG_GLOBAL_F_ALUA;
			break;
		case 'd':
			if (iscsicfg_auth_method_from_name(optarg,
							   &g.discovery_auth)) {
				ret = cli_usage(usage, "--discovery-auth: \"%s\" is not none, chap or mutual",
						optarg);
				goto out;
			}
			g.fields |= ISCSICFG_GLOBAL_F_DISCOVERY_AUTH;
			break;
		case 't':
			if (cli_uint("--discovery-auth-tag", optarg, 0,
				     UINT32_MAX, &v))
				goto out;
			g.discovery_auth_tag = (uint32_t)v;
			g.fields |= ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG;
			break;
		case 'h':
			ret = cli_help(usage);
			goto out;
		default:
			ret = cli_opt_error(usage, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(usage, argc, argv, 0))
		goto out;
	if (!g.fields) {
		ret = cli_usage(usage, "set: nothing to change");
		goto out;
	}
	if (no_isns && g.n_isns) {
		ret = cli_usage(usage, "--no-isns: not together with --isns");
		goto out;
	}
	ctx = cli_open(0);
	ret = cli_global_saved(ctx) ?: iscsicfg_global_set(ctx, &g);
	ret = ret ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
out:
	free(g.isns);
	return ret;
}

static int show_global(int argc, char **argv)
{
	struct iscsicfg_global g;
	struct iscsicfg_ctx *ctx;
	size_t i;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	if (iscsicfg_global_get(ctx, &g)) {
		ret = cli_fail(ctx);
		iscsicfg_close(ctx);
		return ret;
	}
	if (opt_json) {
		json_begin('[');
		json_begin('{');
		json_str("basename", g.basename);
		json_key("isns");
		json_begin('[');
		for (i = 0; i < g.n_isns; i++)
			json_val(g.isns[i]);
		json_end(']');
		json_u64("pool_threshold", g.pool_threshold);
		json_bool("alua", g.alua);
		json_str("discovery_auth",
			 iscsicfg_auth_method_name(g.discovery_auth));
		json_u64("discovery_auth_tag", g.discovery_auth_tag);
		json_end('}');
		json_end(']');
		json_done();
	} else {
		printf("basename            %s\n", g.basename);
		printf("isns               ");
		for (i = 0; i < g.n_isns; i++)
			printf(" %s", g.isns[i]);
		printf("%s\n", g.n_isns ? "" : " -");
		printf("pool-threshold      %u\n", g.pool_threshold);
		printf("alua                %s\n", g.alua ? "on" : "off");
		printf("discovery-auth      %s\n",
		       iscsicfg_auth_method_name(g.discovery_auth));
		printf("discovery-auth-tag  %u\n", g.discovery_auth_tag);
	}
	iscsicfg_global_free(&g);
	iscsicfg_close(ctx);
	return 0;
}

int cmd_global(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "global: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "set"))
		return set_global(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return show_global(argc - 1, argv + 1);
	return cli_usage(usage, "global: unknown command \"%s\"", argv[1]);
}

int cmd_status(int argc, char **argv)
{
	struct iscsicfg_status st;
	struct iscsicfg_ctx *ctx;
	int ret;

	ret = cli_show_opts(status_usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(status_usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_status_get(ctx, &st);
	if (ret) {
		ret = cli_fail(ctx);
	} else if (opt_json) {
		json_begin('[');
		json_begin('{');
		json_str("version", st.version);
		json_u64("sessions", st.sessions);
		json_u64("connections", st.connections);
		json_end('}');
		json_end(']');
		json_done();
	} else {
		printf("version      %s\nsessions     %u\nconnections  %u\n",
		       st.version[0] ? st.version : "-", st.sessions,
		       st.connections);
	}
	iscsicfg_close(ctx);
	return ret;
}
