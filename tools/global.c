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

static int set_global(const struct cli_object *o, int argc, char **argv)
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
				ret = cli_usage(o->usage, "--discovery-auth: \"%s\" is not none, chap or mutual",
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
		default:
			ret = cli_obj_opt_other(o, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(o->usage, argc, argv, 0) ||
	    cli_obj_set_key(o, argv, g.fields, NULL))
		goto out;
	if (no_isns && g.n_isns) {
		ret = cli_usage(o->usage, "--no-isns: not together with --isns");
		goto out;
	}
	ctx = cli_open(0);
	ret = cli_global_saved(ctx) ?: iscsicfg_global_set(ctx, &g);
	ret = ret ? cli_fail(ctx) : 0;
	if (!ret)
		cli_captured(CLI_GLOBAL, &g);
	iscsicfg_close(ctx);
out:
	free(g.isns);
	return ret;
}

static int get_global(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		      void *obj)
{
	return iscsicfg_global_get(ctx, obj);
}

static void free_global(void *v, size_t n)
{
	if (n)
		iscsicfg_global_free(v);
	free(v);
}

static void json_global(const void *obj)
{
	const struct iscsicfg_global *g = obj;
	size_t i;

	json_begin('{');
	json_str("basename", g->basename);
	json_key("isns");
	json_begin('[');
	for (i = 0; i < g->n_isns; i++)
		json_val(g->isns[i]);
	json_end(']');
	json_u64("pool_threshold", g->pool_threshold);
	json_bool("alua", g->alua);
	json_str("discovery_auth", iscsicfg_auth_method_name(g->discovery_auth));
	json_u64("discovery_auth_tag", g->discovery_auth_tag);
	json_end('}');
}

static void text_global(const void *obj)
{
	const struct iscsicfg_global *g = obj;
	size_t i;

	printf("basename            %s\n", g->basename);
	printf("isns               ");
	for (i = 0; i < g->n_isns; i++)
		printf(" %s", g->isns[i]);
	printf("%s\n", g->n_isns ? "" : " -");
	printf("pool-threshold      %u\n", g->pool_threshold);
	printf("alua                %s\n", g->alua ? "on" : "off");
	printf("discovery-auth      %s\n",
	       iscsicfg_auth_method_name(g->discovery_auth));
	printf("discovery-auth-tag  %u\n", g->discovery_auth_tag);
}

/* "list" is no synonym: there is one set of globals */
static const struct cli_verb global_verbs[] = {
	{ "set", set_global },
	{ "show", cli_obj_show },
	{ NULL, NULL },
};

static const struct cli_object global = {
	.name = "global", .usage = usage, .verbs = global_verbs,
	.key = CLI_KEY_NONE,
	.size = sizeof(struct iscsicfg_global), .get = get_global,
	.list_free = free_global, .json = json_global, .text = text_global,
};

int cmd_global(int argc, char **argv)
{
	return cli_object_cmd(&global, argc, argv);
}

static int get_status(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		      void *obj)
{
	return iscsicfg_status_get(ctx, obj);
}

static void json_status(const void *obj)
{
	const struct iscsicfg_status *st = obj;

	json_begin('{');
	json_str("version", st->version);
	json_u64("sessions", st->sessions);
	json_u64("connections", st->connections);
	json_end('}');
}

static void text_status(const void *obj)
{
	const struct iscsicfg_status *st = obj;

	printf("version      %s\nsessions     %u\nconnections  %u\n",
	       st->version[0] ? st->version : "-", st->sessions,
	       st->connections);
}

/* status is an object without verbs: "iscsicfg status" shows it */
static const struct cli_object status = {
	.name = "status", .usage = status_usage, .key = CLI_KEY_NONE,
	.size = sizeof(struct iscsicfg_status), .get = get_status,
	.json = json_status, .text = text_status,
};

int cmd_status(int argc, char **argv)
{
	return cli_obj_show(&status, argc, argv);
}
