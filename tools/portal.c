// SPDX-License-Identifier: GPL-2.0
/* iscsicfg portal: listening addresses grouped under a portal tag */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg portal add [--tag N] --listen ADDR[:PORT] [--listen ...] [--comment C]\n"
	"       iscsicfg portal set TAG [--listen ADDR[:PORT]]... [--comment C]\n"
	"       iscsicfg portal del TAG [--force]\n"
	"       iscsicfg portal show [TAG]\n"
	"ADDR: 0.0.0.0, ::, an IPv4 address, or [IPv6]; PORT defaults to 3260\n";

static void format_listen(const struct iscsicfg_listen *l, char *buf,
			  size_t len)
{
	char a[64];

	iscsicfg_addr_format(&l->addr, a, sizeof(a));
	snprintf(buf, len, l->addr.family == AF_INET6 ? "[%s]:%u" : "%s:%u",
		 a, l->port);
}

static int write_portal(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tag", required_argument, NULL, 't' },
		{ "listen", required_argument, NULL, 'l' },
		{ "comment", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_portal p = { 0 };
	bool set = cli_obj_is_set(argv);
	struct iscsicfg_listen *l;
	unsigned long long v;
	char err[256];
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:l:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (cli_obj_key_opt(o, set, optarg, &v))
				goto out;
			p.tag = (uint16_t)v;
			break;
		case 'l':
			l = reallocarray(p.listens, p.n_listens + 1, sizeof(*l));
			if (!l)
				abort();
			p.listens = l;
			if (iscsicfg_parse_listen(optarg, &l[p.n_listens], err,
						  sizeof(err))) {
				fprintf(stderr, "iscsicfg: --%s\n", err);
				goto out;
			}
			p.n_listens++;
			p.fields |= ISCSICFG_PORTAL_F_LISTENS;
			break;
		case 'c':
			p.comment = optarg;
			p.fields |= ISCSICFG_PORTAL_F_COMMENT;
			break;
		default:
			ret = cli_obj_opt_other(o, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(o->usage, argc, argv, set ? 1 : 0))
		goto out;
	if (set) {
		if (cli_obj_set_key(o, argv, p.fields, &v))
			goto out;
		p.tag = (uint16_t)v;
	} else if (!p.n_listens) {
		ret = cli_usage(o->usage, "add: --listen is required");
		goto out;
	}
	ret = cli_obj_commit(o, &p, NULL, NULL, set);
out:
	free(p.listens);
	return ret;
}

static int add_portal(struct iscsicfg_ctx *ctx, const void *obj,
		      uint64_t *id)
{
	uint16_t tag = 0;
	int ret = iscsicfg_portal_add(ctx, obj, &tag);

	*id = tag;
	return ret;
}

CLI_LIB_HOOKS(portal, (uint16_t)k->id)

static void json_portal(const void *obj)
{
	const struct iscsicfg_portal *p = obj;
	char buf[80];
	size_t j;

	json_begin('{');
	json_u64("tag", p->tag);
	json_str("comment", p->comment);
	json_key("listen");
	json_begin('[');
	for (j = 0; j < p->n_listens; j++) {
		iscsicfg_addr_format(&p->listens[j].addr, buf, sizeof(buf));
		json_begin('{');
		json_str("address", buf);
		json_u64("port", p->listens[j].port);
		json_end('}');
	}
	json_end(']');
	json_end('}');
}

static void row_portal(struct table *t, const void *obj)
{
	const struct iscsicfg_portal *p = obj;
	char buf[80], *joined;
	size_t j;

	joined = calloc(p->n_listens + 1, sizeof(buf));
	if (!joined)
		abort();
	for (j = 0; j < p->n_listens; j++) {
		format_listen(&p->listens[j], buf, sizeof(buf));
		if (j)
			strcat(joined, " ");
		strcat(joined, buf);
	}
	snprintf(buf, sizeof(buf), "%u", p->tag);
	table_row(t, buf, joined, p->comment);
	free(joined);
}

static const struct cli_verb verbs[] = {
	{ "add", write_portal },
	{ "set", write_portal },
	{ "del", cli_obj_del },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const hdr[] = { "TAG", "LISTEN", "COMMENT" };

static const struct cli_object portal = {
	.name = "portal", .usage = usage, .verbs = verbs,
	.key = CLI_KEY_NUM, .key_what = "TAG", .key_opt = "--tag",
	.key_max = 65535,
	.journal = CLI_PORTAL, .added = "portal",
	.lib_add = add_portal,
	.del_flags = ISCSICFG_DEL_FORCE,
	CLI_LIB_OPS(portal),
	.json = json_portal, .ncols = 3, .hdr = hdr, .row = row_portal,
};

int cmd_portal(int argc, char **argv)
{
	return cli_object_cmd(&portal, argc, argv);
}
