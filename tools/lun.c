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

static int add_lun(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lun", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_lun l = { .lun_id = -1 };
	unsigned long long v;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:h", opts, NULL)) != -1) {
		if (c != 'l')
			return cli_obj_opt_other(o, argv, c);
		if (cli_uint("--lun", optarg, 0, ISCSICFG_MAX_LUN, &v))
			return EXIT_USAGE;
		l.lun_id = (int64_t)v;
	}
	if (cli_extra_args(o->usage, argc, argv, 2))
		return EXIT_USAGE;
	l.target = argv[optind];
	l.extent = argv[optind + 1];
	return cli_obj_commit(o, &l, l.target, NULL, false);
}

/* TARGET LUN: no --force, a LUN holds nothing else */
static int del_lun(const struct cli_object *o, int argc, char **argv)
{
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	int ret;

	ret = cli_show_opts(o->usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(o->usage, argc, argv, 2) ||
	    cli_uint("LUN", argv[optind + 1], 0, ISCSICFG_MAX_LUN, &v))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_lun_del(ctx, argv[optind], v) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static int add_lun_lib(struct iscsicfg_ctx *ctx, const void *obj,
		       uint64_t *id)
{
	return iscsicfg_lun_add(ctx, obj, id);
}

/* the key of show is a target: its LUNs */
static int list_luns(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		     void **v, size_t *n)
{
	struct iscsicfg_lun *l;
	int ret = iscsicfg_lun_list(ctx, k->name, &l, n);

	*v = l;
	return ret;
}

static void free_luns(void *v, size_t n)
{
	iscsicfg_lun_list_free(v, n);
}

static void json_lun(const void *obj)
{
	const struct iscsicfg_lun *l = obj;

	json_begin('{');
	json_str("target", l->target);
	json_u64("lun", (unsigned long long)l->lun_id);
	json_str("extent", l->extent);
	json_end('}');
}

static void row_lun(struct table *t, const void *obj)
{
	const struct iscsicfg_lun *l = obj;
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)l->lun_id);
	table_row(t, l->target, buf, l->extent);
}

static const struct cli_verb lun_verbs[] = {
	{ "add", add_lun },
	{ "del", del_lun },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const lun_hdr[] = { "TARGET", "LUN", "EXTENT" };

static const struct cli_object lun = {
	.name = "lun", .usage = usage, .verbs = lun_verbs,
	.key = CLI_KEY_NAME,
	.journal = CLI_LUN, .added = "lun", .lib_add = add_lun_lib,
	.size = sizeof(struct iscsicfg_lun), .list = list_luns,
	.list_free = free_luns, .json = json_lun,
	.ncols = 3, .hdr = lun_hdr, .row = row_lun,
};

int cmd_lun(int argc, char **argv)
{
	return cli_object_cmd(&lun, argc, argv);
}

void conn_addr(const struct iscsicfg_addr *a, uint16_t port, char *buf,
	       size_t len)
{
	char s[64];

	iscsicfg_addr_format(a, s, sizeof(s));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", s, port);
}

static const char *digests(const struct iscsicfg_conn *c)
{
	if (c->header_digest && c->data_digest)
		return "header,data";
	if (c->header_digest)
		return "header";
	return c->data_digest ? "data" : "none";
}

/* a row per connection; a session between logins has none */
static void row_session(struct table *t, const void *obj)
{
	const struct iscsicfg_session *s = obj;
	char tsih[8], isid[16], cid[8], peer[80], local[80], cmds[24], errs[24];
	const struct iscsicfg_conn *c;
	size_t j;

	snprintf(tsih, sizeof(tsih), "%u", s->tsih);
	snprintf(isid, sizeof(isid), "%012llx", (unsigned long long)s->isid);
	for (j = 0; j < s->n_conns; j++) {
		c = &s->conns[j];
		conn_addr(&c->peer, c->peer_port, peer, sizeof(peer));
		conn_addr(&c->local, c->local_port, local, sizeof(local));
		snprintf(cid, sizeof(cid), "%u", c->cid);
		snprintf(cmds, sizeof(cmds), "%llu",
			 (unsigned long long)c->cmds);
		snprintf(errs, sizeof(errs), "%llu",
			 (unsigned long long)c->cmd_errors);
		table_row(t, tsih, isid, s->initiator, s->target, cid, peer,
			  local, digests(c), cmds, errs);
	}
	if (!s->n_conns)
		table_row(t, tsih, isid, s->initiator, s->target, NULL, NULL,
			  NULL, NULL, NULL, NULL);
}

void json_session(const void *obj)
{
	const struct iscsicfg_session *s = obj;
	char isid[16], peer[80], local[80];
	const struct iscsicfg_conn *c;
	size_t j;

	snprintf(isid, sizeof(isid), "%012llx", (unsigned long long)s->isid);
	json_begin('{');
	json_u64("tsih", s->tsih);
	json_str("isid", isid);
	json_str("initiator", s->initiator);
	json_str("initiator_alias", s->initiator_alias);
	json_str("target", s->target);
	json_key("connections");
	json_begin('[');
	for (j = 0; j < s->n_conns; j++) {
		c = &s->conns[j];
		conn_addr(&c->peer, c->peer_port, peer, sizeof(peer));
		conn_addr(&c->local, c->local_port, local, sizeof(local));
		json_begin('{');
		json_u64("cid", c->cid);
		json_str("peer", peer);
		json_str("local", local);
		json_u64("portal", c->portal_tag);
		json_bool("header_digest", c->header_digest);
		json_bool("data_digest", c->data_digest);
		json_u64("max_recv_data_segment_length", c->max_recv_dsl);
		json_u64("max_xmit_data_segment_length", c->max_xmit_dsl);
		json_u64("first_burst_length", c->first_burst);
		json_u64("max_burst_length", c->max_burst);
		json_bool("immediate_data", c->immediate_data);
		json_bool("initial_r2t", c->initial_r2t);
		json_u64("commands", c->cmds);
		json_u64("command_errors", c->cmd_errors);
		json_u64("rx_bytes", c->rx_bytes);
		json_u64("tx_bytes", c->tx_bytes);
		json_end('}');
	}
	json_end(']');
	json_end('}');
}

static int list_sessions(struct iscsicfg_ctx *ctx, const struct cli_key *k,
			 void **v, size_t *n)
{
	struct iscsicfg_session *s;
	int ret = iscsicfg_session_list(ctx, &s, n);

	*v = s;
	return ret;
}

static void free_sessions(void *v, size_t n)
{
	iscsicfg_session_list_free(v, n);
}

static const struct cli_verb session_verbs[] = {
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const session_hdr[] = { "TSIH", "ISID", "INITIATOR",
					   "TARGET", "CID", "PEER", "LOCAL",
					   "DIGEST", "CMDS", "ERRORS" };

static const struct cli_object session = {
	.name = "session", .usage = session_usage, .verbs = session_verbs,
	.key = CLI_KEY_NONE,
	.size = sizeof(struct iscsicfg_session), .list = list_sessions,
	.list_free = free_sessions, .json = json_session,
	.ncols = 8, .hdr = session_hdr, .row = row_session,
};

int cmd_session(int argc, char **argv)
{
	return cli_object_cmd(&session, argc, argv);
}
