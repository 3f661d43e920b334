// SPDX-License-Identifier: GPL-2.0
/*
 * iscsicfg monitor: one line per kernel event as it arrives (configuration
 * changes, logins, logouts, free-space thresholds), or one JSON object
 * per line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg monitor [-j|--json] [--count N] [--timeout SECONDS]\n"
	"  Prints the target's events as they happen, one per line:\n"
	"    add|set|del OBJECT KEY        a configuration change\n"
	"    login|logout TARGET INITIATOR PEER tsih N\n"
	"    threshold extent|pool EXTENT reached|recovered PERCENT% avail BYTES\n"
	"  --count N          exit after N events\n"
	"  --timeout SECONDS  exit after SECONDS (0, the default: never)\n"
	"  Needs CAP_NET_ADMIN.\n";

static const char *const obj_names[] = {
	[ISCSICFG_OBJ_GLOBAL] = "global",
	[ISCSICFG_OBJ_PORTAL] = "portal",
	[ISCSICFG_OBJ_IGROUP] = "initiator",
	[ISCSICFG_OBJ_AUTH] = "auth",
	[ISCSICFG_OBJ_EXTENT] = "extent",
	[ISCSICFG_OBJ_TARGET] = "target",
	[ISCSICFG_OBJ_LUN] = "lun",
};

static const char *const op_names[] = {
	[ISCSICFG_CONFIG_ADD] = "add",
	[ISCSICFG_CONFIG_SET] = "set",
	[ISCSICFG_CONFIG_DEL] = "del",
};

static const char *event_name(const struct iscsicfg_event *e)
{
	switch (e->type) {
	case ISCSICFG_EVENT_LOGIN:
		return "login";
	case ISCSICFG_EVENT_LOGOUT:
		return "logout";
	case ISCSICFG_EVENT_THRESHOLD:
		return "threshold";
	default:
		return op_names[e->op];
	}
}

static void print_human(const struct iscsicfg_event *e)
{
	const struct iscsicfg_session *s = &e->session;
	const struct iscsicfg_threshold *t = &e->threshold;
	char peer[80] = "-";

	switch (e->type) {
	case ISCSICFG_EVENT_CONFIG:
		printf("%-6s %s  %s\n", event_name(e), obj_names[e->obj],
		       e->key);
		break;
	case ISCSICFG_EVENT_LOGIN:
	case ISCSICFG_EVENT_LOGOUT:
		if (s->n_conns)
			conn_addr(&s->conns[0].peer, s->conns[0].peer_port,
				  peer, sizeof(peer));
		printf("%-6s %s  %s  %s tsih %u\n", event_name(e),
		       s->target ? s->target : "-", s->initiator, peer,
		       s->tsih);
		break;
	case ISCSICFG_EVENT_THRESHOLD:
		printf("threshold %s %s  %s %u%% avail %llu\n",
		       t->scope == ISCSICFG_THRESHOLD_POOL ? "pool" : "extent",
		       *t->extent ? t->extent : "-",
		       t->reached ? "reached" : "recovered", t->percent,
		       (unsigned long long)t->avail);
		break;
	}
}

static void print_json(const struct iscsicfg_event *e)
{
	const struct iscsicfg_threshold *t = &e->threshold;

	json_begin('{');
	json_str("event", e->type == ISCSICFG_EVENT_CONFIG ? "config" :
			  event_name(e));
	switch (e->type) {
	case ISCSICFG_EVENT_CONFIG:
		json_str("op", op_names[e->op]);
		json_str("object", obj_names[e->obj]);
		json_str("key", e->key);
		break;
	case ISCSICFG_EVENT_LOGIN:
	case ISCSICFG_EVENT_LOGOUT:
		json_key("session");
		json_session(&e->session);
		break;
	case ISCSICFG_EVENT_THRESHOLD:
		json_str("scope", t->scope == ISCSICFG_THRESHOLD_POOL ?
				  "pool" : "extent");
		json_str("extent", *t->extent ? t->extent : NULL);
		json_u64("percent", t->percent);
		json_u64("avail", t->avail);
		json_bool("reached", t->reached);
		break;
	}
	json_end('}');
	json_done();
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long count = 0, timeout = 0, seen = 0;
	struct iscsicfg_events *ev;
	struct iscsicfg_event e;
	struct iscsicfg_ctx *ctx;
	long long deadline = -1, left;
	int c, ms, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt_json = true;
			break;
		case 'c':
			ret = cli_uint("--count", optarg, 1, UINT32_MAX, &count);
			if (ret)
				return ret;
			break;
		case 't':
			ret = cli_uint("--timeout", optarg, 0, 86400 * 365,
				       &timeout);
			if (ret)
				return ret;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_opt_error(usage, argv, c);
		}
	}
	ret = cli_extra_args(usage, argc, argv, 0);
	if (ret)
		return ret;
	if (opt_dry_run)
		return cli_usage(usage, "monitor has no dry run");

	ctx = cli_open(0);
	if (iscsicfg_events_open(ctx, &ev)) {
		ret = cli_fail(ctx);
		iscsicfg_close(ctx);
		return ret;
	}
	if (timeout)
		deadline = now_ms() + (long long)timeout * 1000;
	for (ret = EXIT_OK; !count || seen < count; ) {
		ms = -1;
		if (deadline >= 0) {
			left = deadline - now_ms();
			if (left <= 0)
				break;
			ms = left > INT32_MAX ? INT32_MAX : (int)left;
		}
		c = iscsicfg_events_next(ev, &e, ms);
		if (c == -ETIMEDOUT)
			break;
		if (c == -EINTR)
			continue;
		if (c == -ENOBUFS) {
			/* some were lost: say so and go on */
			fprintf(stderr, "iscsicfg: %s\n", iscsicfg_strerror(ctx));
			continue;
		}
		if (c) {
			ret = cli_fail(ctx);
			break;
		}
		if (opt_json)
			print_json(&e);
		else
			print_human(&e);
		fflush(stdout);
		iscsicfg_event_free(&e);
		seen++;
	}
	iscsicfg_events_close(ev);
	iscsicfg_close(ctx);
	return ret;
}
