// SPDX-License-Identifier: GPL-2.0
/* iscsicfg lun and session: extent-to-target associations, live sessions */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg lun add TARGET EXTENT [--lun N]\n"
	"       iscsicfg lun del TARGET LUN\n"
	"       iscsicfg lun show [TARGET]\n"
	"Without --lun the lowest free LUN (0..1023) is used.\n";

static const char session_usage[] = "Usage: iscsicfg session show [-j]\n";

static int add_lun(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lun", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_lun l = { .lun_id = -1 };
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	uint64_t assigned;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:h", opts, NULL)) != -1) {
		if (c == 'l') {
			if (cli_uint("--lun", optarg, 0, ISCSICFG_MAX_LUN, &v))
				return EXIT_USAGE;
			l.lun_id = (int64_t)v;
		} else if (c == 'h') {
			return cli_help(usage);
		} else {
			return cli_opt_error(usage, argv, c);
		}
	}
	if (cli_extra_args(usage, argc, argv, 2))
		return EXIT_USAGE;
	l.target = argv[optind];
	l.extent = argv[optind + 1];
	ctx = cli_open(0);
	ret = iscsicfg_lun_add(ctx, &l, &assigned);
	if (ret)
		ret = cli_fail(ctx);
	else
		cli_created(CLI_LUN, l.target, assigned);
	if (!ret && !opt_json)
		printf("lun %llu added\n", (unsigned long long)assigned);
	iscsicfg_close(ctx);
	return ret;
}

static int del_lun(int argc, char **argv)
{
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(usage, argc, argv, 2) ||
	    cli_uint("LUN", argv[optind + 1], 0, ISCSICFG_MAX_LUN, &v))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_lun_del(ctx, argv[optind], v) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static int show_lun(int argc, char **argv)
{
	static const char *const hdr[] = { "TARGET", "LUN", "EXTENT" };
	struct iscsicfg_ctx *ctx;
	struct iscsicfg_lun *v;
	struct table *t;
	char buf[24];
	size_t n, i;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(usage, argc, argv, optind < argc ? 1 : 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_lun_list(ctx, optind < argc ? argv[optind] : NULL, &v,
				&n);
	if (ret) {
		ret = cli_fail(ctx);
		iscsicfg_close(ctx);
		return ret;
	}
	if (opt_json) {
		json_begin('[');
		for (i = 0; i < n; i++) {
			json_begin('{');
			json_str("target", v[i].target);
			json_u64("lun", (unsigned long long)v[i].lun_id);
			json_str("extent", v[i].extent);
			json_end('}');
		}
		json_end(']');
		json_done();
	} else {
		t = table_new(3, hdr);
		for (i = 0; i < n; i++) {
			snprintf(buf, sizeof(buf), "%lld",
				 (long long)v[i].lun_id);
			table_row(t, v[i].target, buf, v[i].extent);
		}
		table_print(t);
	}
	iscsicfg_lun_list_free(v, n);
	iscsicfg_close(ctx);
	return 0;
}

int cmd_lun(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "lun: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "add"))
		return add_lun(argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return del_lun(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_lun(argc - 1, argv + 1);
	return cli_usage(usage, "lun: unknown command \"%s\"", argv[1]);
}

static void conn_addr(const struct iscsicfg_addr *a, uint16_t port,
		      char *buf, size_t len)
{
	char s[64];

	iscsicfg_addr_format(a, s, sizeof(s));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", s, port);
}

static int show_sessions(int argc, char **argv)
{
	static const char *const hdr[] = { "TSIH", "ISID", "INITIATOR",
					   "TARGET", "CID", "PEER", "LOCAL",
					   "DIGEST" };
	struct iscsicfg_session *v;
	struct iscsicfg_ctx *ctx;
	char tsih[8], isid[16], cid[8], peer[80], local[80];
	struct table *t = NULL;
	size_t n, i, j;
	int ret;

	ret = cli_show_opts(session_usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(session_usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	if (iscsicfg_session_list(ctx, &v, &n)) {
		ret = cli_fail(ctx);
		iscsicfg_close(ctx);
		return ret;
	}
	if (opt_json)
		json_begin('[');
	else
		t = table_new(8, hdr);
	for (i = 0; i < n; i++) {
		snprintf(tsih, sizeof(tsih), "%u", v[i].tsih);
		snprintf(isid, sizeof(isid), "%012llx",
			 (unsigned long long)v[i].isid);
		if (opt_json) {
			json_begin('{');
			json_u64("tsih", v[i].tsih);
			json_str("isid", isid);
			json_str("initiator", v[i].initiator);
			json_str("initiator_alias", v[i].initiator_alias);
			json_str("target", v[i].target);
			json_key("connections");
			json_begin('[');
		}
		for (j = 0; j < v[i].n_conns; j++) {
			const struct iscsicfg_conn *c = &v[i].conns[j];

			conn_addr(&c->peer, c->peer_port, peer, sizeof(peer));
			conn_addr(&c->local, c->local_port, local,
				  sizeof(local));
			snprintf(cid, sizeof(cid), "%u", c->cid);
			if (!opt_json) {
				table_row(t, tsih, isid, v[i].initiator,
					  v[i].target, cid, peer, local,
					  c->header_digest || c->data_digest ?
					  (c->header_digest && c->data_digest ?
					   "header,data" : c->header_digest ?
					   "header" : "data") : "none");
				continue;
			}
			json_begin('{');
			json_u64("cid", c->cid);
			json_str("peer", peer);
			json_str("local", local);
			json_u64("portal", c->portal_tag);
			json_bool("header_digest", c->header_digest);
			json_bool("data_digest", c->data_digest);
			json_end('}');
		}
		if (opt_json) {
			json_end(']');
			json_end('}');
		} else if (!v[i].n_conns) {
			table_row(t, tsih, isid, v[i].initiator, v[i].target,
				  NULL, NULL, NULL, NULL);
		}
	}
	if (opt_json) {
		json_end(']');
		json_done();
	} else {
		table_print(t);
	}
	iscsicfg_session_list_free(v, n);
	iscsicfg_close(ctx);
	return 0;
}

int cmd_session(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(session_usage, "session: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(session_usage);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_sessions(argc - 1, argv + 1);
	return cli_usage(session_usage, "session: unknown command \"%s\"",
			 argv[1]);
}
