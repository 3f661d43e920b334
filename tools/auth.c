// SPDX-License-Identifier: GPL-2.0
/* iscsicfg auth: CHAP credentials, grouped by tag; secrets never printed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg auth add --tag N --user U --secret S|-|--secret-file F\n"
	"                         [--peer-user U --peer-secret S|-|--peer-secret-file F]\n"
	"       iscsicfg auth set ID [--tag N] [--user U] [--secret ...] [--peer-user U]\n"
	"                            [--peer-secret ...]\n"
	"       iscsicfg auth del ID [--force]\n"
	"       iscsicfg auth show [ID]\n"
	"Secrets: 12 to 16 characters; \"-\" reads one line from stdin.\n";

static int write_auth(int argc, char **argv, bool set)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "tag", required_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'u' },
		{ "secret", required_argument, NULL, 's' },
		{ "secret-file", required_argument, NULL, 'S' },
		{ "peer-user", required_argument, NULL, 'p' },
		{ "peer-secret", required_argument, NULL, 'q' },
		{ "peer-secret-file", required_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_auth a = { 0 };
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	uint32_t id = 0;
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:t:u:s:S:p:q:Q:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			if (set) {
				ret = cli_usage(usage, "--id: give the id as the first argument of set");
				goto out;
			}
			if (cli_uint("--id", optarg, 1, UINT32_MAX, &v))
				goto out;
			a.id = (uint32_t)v;
			break;
		case 't':
			if (cli_uint("--tag", optarg, 1, UINT32_MAX, &v))
				goto out;
			a.tag = (uint32_t)v;
			a.fields |= ISCSICFG_AUTH_F_TAG;
			break;
		case 'u':
			free(a.user);
			a.user = strdup(optarg);
			a.fields |= ISCSICFG_AUTH_F_USER;
			break;
		case 's':
		case 'S':
			if (a.secret) {
				ret = cli_usage(usage, "--secret: given twice");
				goto out;
			}
			if (cli_read_secret(c == 's' ? "--secret" : "--secret-file",
					    optarg, c == 'S', &a.secret))
				goto out;
			a.fields |= ISCSICFG_AUTH_F_SECRET;
			break;
		case 'p':
			free(a.peer_user);
			a.peer_user = strdup(optarg);
			a.fields |= ISCSICFG_AUTH_F_PEER_USER;
			break;
		case 'q':
		case 'Q':
			if (a.peer_secret) {
				ret = cli_usage(usage, "--peer-secret: given twice");
				goto out;
			}
			if (cli_read_secret(c == 'q' ? "--peer-secret" :
					    "--peer-secret-file", optarg,
					    c == 'Q', &a.peer_secret))
				goto out;
			a.fields |= ISCSICFG_AUTH_F_PEER_SECRET;
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
	if (set) {
		if (cli_uint("ID", argv[optind], 1, UINT32_MAX, &v))
			goto out;
		a.id = (uint32_t)v;
		if (!a.fields) {
			ret = cli_usage(usage, "set: nothing to change");
			goto out;
		}
	} else {
		if (!(a.fields & ISCSICFG_AUTH_F_TAG)) {
			ret = cli_usage(usage, "add: --tag is required");
			goto out;
		}
		if (!a.user) {
			ret = cli_usage(usage, "add: --user is required");
			goto out;
		}
		if (!a.secret) {
			ret = cli_usage(usage, "add: --secret or --secret-file is required");
			goto out;
		}
	}
	ctx = cli_open(0);
	ret = set ? iscsicfg_auth_set(ctx, &a) :
		    iscsicfg_auth_add(ctx, &a, &id);
	if (ret)
		ret = cli_fail(ctx);
	else if (!set)
		cli_created(CLI_AUTH, NULL, id);
	if (!ret && !set && id && !opt_json)
		printf("auth %u added\n", id);
	iscsicfg_close(ctx);
out:
	iscsicfg_auth_free(&a);
	return ret;
}

static int del_auth(int argc, char **argv)
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
	ret = iscsicfg_auth_del(ctx, (uint32_t)v, flags) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static int show_auth(int argc, char **argv)
{
	static const char *const hdr[] = { "ID", "TAG", "USER", "PEER-USER" };
	struct iscsicfg_auth *v = NULL, one;
	unsigned long long id = 0;
	struct iscsicfg_ctx *ctx;
	char b1[16], b2[16];
	struct table *t;
	size_t n = 0, i;
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
		ret = iscsicfg_auth_get(ctx, (uint32_t)id, &one);
		if (!ret) {
			v = malloc(sizeof(*v));
			if (!v)
				abort();
			v[0] = one;
			n = 1;
		}
	} else {
		ret = iscsicfg_auth_list(ctx, &v, &n);
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
			json_u64("tag", v[i].tag);
			json_str("user", v[i].user);
			json_str("peer_user", v[i].peer_user);
			json_end('}');
		}
		json_end(']');
		json_done();
		goto out;
	}
	t = table_new(4, hdr);
	for (i = 0; i < n; i++) {
		snprintf(b1, sizeof(b1), "%u", v[i].id);
		snprintf(b2, sizeof(b2), "%u", v[i].tag);
		table_row(t, b1, b2, v[i].user, v[i].peer_user);
	}
	table_print(t);
out:
	iscsicfg_auth_list_free(v, n);
	iscsicfg_close(ctx);
	return ret;
}

int cmd_auth(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "auth: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "add"))
		return write_auth(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "set"))
		return write_auth(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "del"))
		return del_auth(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_auth(argc - 1, argv + 1);
	return cli_usage(usage, "auth: unknown command \"%s\"", argv[1]);
}
