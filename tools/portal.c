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

static int write_portal(int argc, char **argv, bool set)
{
	static const struct option opts[] = {
		{ "tag", required_argument, NULL, 't' },
		{ "listen", required_argument, NULL, 'l' },
		{ "comment", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_portal p = { 0 };
	struct iscsicfg_listen *l;
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	char err[256];
	uint16_t tag;
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:l:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (set) {
				ret = cli_usage(usage, "--tag: give the tag as the first argument of set");
				goto out;
			}
			if (cli_uint("--tag", optarg, 1, 65535, &v))
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
		if (cli_uint("TAG", argv[optind], 1, 65535, &v))
			goto out;
		p.tag = (uint16_t)v;
		if (!p.fields) {
			ret = cli_usage(usage, "set: nothing to change");
			goto out;
		}
	} else if (!p.n_listens) {
		ret = cli_usage(usage, "add: --listen is required");
		goto out;
	}
	ctx = cli_open(0);
	ret = set ? iscsicfg_portal_set(ctx, &p) :
		    iscsicfg_portal_add(ctx, &p, &tag);
	if (ret)
		ret = cli_fail(ctx);
	else if (!set)
		cli_created(CLI_PORTAL, NULL, tag);
	if (!ret && !set && !opt_json && tag)
		printf("portal %u added\n", tag);
	iscsicfg_close(ctx);
out:
	free(p.listens);
	return ret;
}

static int del_portal(int argc, char **argv)
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
	    cli_uint("TAG", argv[optind], 1, 65535, &v))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_portal_del(ctx, (uint16_t)v, flags) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static int show_portal(int argc, char **argv)
{
	static const char *const hdr[] = { "TAG", "LISTEN", "COMMENT" };
	struct iscsicfg_portal *v = NULL, one;
	unsigned long long tag = 0;
	struct iscsicfg_ctx *ctx;
	char buf[80], *joined;
	struct table *t;
	size_t n = 0, i, j;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (optind < argc && cli_uint("TAG", argv[optind++], 1, 65535, &tag))
		return EXIT_USAGE;
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	if (tag) {
		ret = iscsicfg_portal_get(ctx, (uint16_t)tag, &one);
		if (!ret) {
			v = malloc(sizeof(*v));
			if (!v)
				abort();
			v[0] = one;
			n = 1;
		}
	} else {
		ret = iscsicfg_portal_list(ctx, &v, &n);
	}
	if (ret) {
		ret = cli_fail(ctx);
		goto out;
	}
	if (opt_json) {
		json_begin('[');
		for (i = 0; i < n; i++) {
			json_begin('{');
			json_u64("tag", v[i].tag);
			json_str("comment", v[i].comment);
			json_key("listen");
			json_begin('[');
			for (j = 0; j < v[i].n_listens; j++) {
				iscsicfg_addr_format(&v[i].listens[j].addr,
						     buf, sizeof(buf));
				json_begin('{');
				json_str("address", buf);
				json_u64("port", v[i].listens[j].port);
				json_end('}');
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
		joined = calloc(v[i].n_listens + 1, sizeof(buf));
		if (!joined)
			abort();
		for (j = 0; j < v[i].n_listens; j++) {
			format_listen(&v[i].listens[j], buf, sizeof(buf));
			if (j)
				strcat(joined, " ");
			strcat(joined, buf);
		}
		snprintf(buf, sizeof(buf), "%u", v[i].tag);
		table_row(t, buf, joined, v[i].comment);
		free(joined);
	}
	table_print(t);
out:
	iscsicfg_portal_list_free(v, n);
	iscsicfg_close(ctx);
	return ret;
}

int cmd_portal(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "portal: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "add"))
		return write_portal(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "set"))
		return write_portal(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "del"))
		return del_portal(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_portal(argc - 1, argv + 1);
	return cli_usage(usage, "portal: unknown command \"%s\"", argv[1]);
}
