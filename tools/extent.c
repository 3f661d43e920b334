// SPDX-License-Identifier: GPL-2.0
/* iscsicfg extent: the files and devices behind LUNs */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg extent add NAME (--file PATH [--size SIZE] | --device PATH)\n"
	"                           [--block-size N] [--no-pbs] [--read-only] [--xen]\n"
	"                           [--rpm R] [--tpc] [--serial S] [--naa 0x...]\n"
	"                           [--threshold N] [--comment C] [--disabled]\n"
	"       iscsicfg extent set NAME [same options; booleans take =on|=off]\n"
	"       iscsicfg extent del NAME [--force]\n"
	"       iscsicfg extent show [NAME]\n"
	"SIZE: bytes, or with K, M, G, T (binary); R: UNKNOWN SSD 5400 7200 10000 15000\n";

enum {
	OPT_FILE = 256, OPT_DEVICE, OPT_SIZE, OPT_BS, OPT_NO_PBS, OPT_RO,
	OPT_XEN, OPT_RPM, OPT_TPC, OPT_SERIAL, OPT_NAA, OPT_THRESHOLD,
	OPT_COMMENT, OPT_DISABLED, OPT_ENABLED,
};

static int write_extent(int argc, char **argv, bool set)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, OPT_FILE },
		{ "device", required_argument, NULL, OPT_DEVICE },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "block-size", required_argument, NULL, OPT_BS },
		{ "no-pbs", optional_argument, NULL, OPT_NO_PBS },
		{ "read-only", optional_argument, NULL, OPT_RO },
		{ "xen", optional_argument, NULL, OPT_XEN },
		{ "rpm", required_argument, NULL, OPT_RPM },
		{ "tpc", optional_argument, NULL, OPT_TPC },
		{ "serial", required_argument, NULL, OPT_SERIAL },
		{ "naa", required_argument, NULL, OPT_NAA },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "comment", required_argument, NULL, OPT_COMMENT },
		{ "disabled", no_argument, NULL, OPT_DISABLED },
		{ "enabled", no_argument, NULL, OPT_ENABLED },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_extent x = { .enabled = true };
	bool new_file;
	struct stat st;
	struct iscsicfg_ctx *ctx;
	unsigned long long v;
	char err[256];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FILE:
		case OPT_DEVICE:
			if (x.fields & ISCSICFG_EXTENT_F_PATH)
				return cli_usage(usage, "--%s: give one of --file or --device",
						 c == OPT_FILE ? "file" : "device");
			x.type = c == OPT_FILE ? ISCSICFG_EXTENT_FILE :
						 ISCSICFG_EXTENT_DEVICE;
			x.path = optarg;
			x.fields |= ISCSICFG_EXTENT_F_PATH |
				    ISCSICFG_EXTENT_F_TYPE;
			break;
		case OPT_SIZE:
			if (iscsicfg_parse_size(optarg, &x.size, err,
						sizeof(err))) {
				fprintf(stderr, "iscsicfg: --%s\n", err);
				return EXIT_USAGE;
			}
			x.fields |= ISCSICFG_EXTENT_F_SIZE;
			break;
		case OPT_BS:
			if (cli_uint("--block-size", optarg, 1, 65536, &v))
				return EXIT_USAGE;
			x.block_size = (uint32_t)v;
			x.fields |= ISCSICFG_EXTENT_F_BLOCK_SIZE;
			break;
		case OPT_NO_PBS:
			if (cli_bool("--no-pbs", optarg, &x.no_pbs))
				return EXIT_USAGE;
			x.fields |= ISCSICFG_EXTENT_F_NO_PBS;
			break;
		case OPT_RO:
			if (cli_bool("--read-only", optarg, &x.read_only))
				return EXIT_USAGE;
			x.fields |= ISCSICFG_EXTENT_F_READ_ONLY;
			break;
		case OPT_XEN:
			if (cli_bool("--xen", optarg, &x.xen))
				return EXIT_USAGE;
			x.fields |= ISCSICFG_EXTENT_F_XEN;
			break;
		case OPT_TPC:
			if (cli_bool("--tpc", optarg, &x.tpc))
				return EXIT_USAGE;
			x.fields |= ISCSICFG_EXTENT_F_TPC;
			break;
		case OPT_RPM:
			if (iscsicfg_rpm_from_name(optarg, &x.rpm))
				return cli_usage(usage, "--rpm: \"%s\" is not one of UNKNOWN, SSD, 5400, 7200, 10000, 15000",
						 optarg);
			x.fields |= ISCSICFG_EXTENT_F_RPM;
			break;
		case OPT_SERIAL:
			x.serial = optarg;
			x.fields |= ISCSICFG_EXTENT_F_SERIAL;
			break;
		case OPT_NAA:
			if (cli_uint("--naa", optarg, 0, UINT64_MAX, &v))
				return EXIT_USAGE;
			x.naa = v;
			x.fields |= ISCSICFG_EXTENT_F_NAA;
			break;
		case OPT_THRESHOLD:
			if (cli_uint("--threshold", optarg, 0, 100, &v))
				return EXIT_USAGE;
			x.threshold = (uint8_t)v;
			x.fields |= ISCSICFG_EXTENT_F_THRESHOLD;
			break;
		case OPT_COMMENT:
			x.comment = optarg;
			x.fields |= ISCSICFG_EXTENT_F_COMMENT;
			break;
		case OPT_DISABLED:
		case OPT_ENABLED:
			x.enabled = c == OPT_ENABLED;
			x.fields |= ISCSICFG_EXTENT_F_ENABLED;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_opt_error(usage, argv, c);
		}
	}
	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	x.name = argv[optind];
	if (set && !x.fields)
		return cli_usage(usage, "set: nothing to change");
	if (!set && !x.path)
		return cli_usage(usage, "add: --file or --device is required");
	if (!set && x.type == ISCSICFG_EXTENT_DEVICE &&
	    (x.fields & ISCSICFG_EXTENT_F_SIZE))
		return cli_usage(usage, "--size: only with --file");
	/* the kernel creates a missing file: undoing the add removes it */
	new_file = !set && x.type == ISCSICFG_EXTENT_FILE &&
		   stat(x.path, &st) && errno == ENOENT;
	ctx = cli_open(0);
	c = set ? iscsicfg_extent_set(ctx, &x) : iscsicfg_extent_add(ctx, &x);
	c = c ? cli_fail(ctx) : 0;
	if (!c && new_file)
		cli_created(CLI_FILE, x.path, 0);
	if (!c && !set)
		cli_created(CLI_EXTENT, x.name, 0);
	iscsicfg_close(ctx);
	return c;
}

static int del_extent(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_ctx *ctx;
	unsigned int flags = 0;
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
	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = iscsicfg_extent_del(ctx, argv[optind], flags) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

static int show_extent(int argc, char **argv)
{
	static const char *const hdr[] = { "NAME", "TYPE", "PATH", "SIZE",
					   "BS", "FLAGS", "RPM", "SERIAL",
					   "COMMENT" };
	struct iscsicfg_extent *v = NULL, one;
	struct iscsicfg_ctx *ctx;
	char size[24], bs[12], flags[48];
	struct table *t;
	size_t n = 0, i;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (cli_extra_args(usage, argc, argv, optind < argc ? 1 : 0))
		return EXIT_USAGE;
	ctx = cli_open(0);
	if (optind < argc) {
		ret = iscsicfg_extent_get(ctx, argv[optind], &one);
		if (!ret) {
			v = malloc(sizeof(*v));
			if (!v)
				abort();
			v[0] = one;
			n = 1;
		}
	} else {
		ret = iscsicfg_extent_list(ctx, &v, &n);
	}
	if (ret) {
		ret = cli_fail(ctx);
		goto out;
	}
	if (opt_json) {
		json_begin('[');
		for (i = 0; i < n; i++) {
			json_begin('{');
			json_str("name", v[i].name);
			json_str("type", v[i].type == ISCSICFG_EXTENT_FILE ?
				 "file" : "device");
			json_str("path", v[i].path);
			json_u64("size", v[i].size);
			json_u64("block_size", v[i].block_size);
			json_bool("no_pbs", v[i].no_pbs);
			json_bool("read_only", v[i].read_only);
			json_bool("xen", v[i].xen);
			json_str("rpm", iscsicfg_rpm_name(v[i].rpm));
			json_bool("tpc", v[i].tpc);
			json_str("serial", v[i].serial);
			snprintf(size, sizeof(size), "0x%016llx",
				 (unsigned long long)v[i].naa);
			json_str("naa", size);
			json_u64("threshold", v[i].threshold);
			json_str("comment", v[i].comment);
			json_bool("enabled", v[i].enabled);
			json_end('}');
		}
		json_end(']');
		json_done();
		goto out;
	}
	t = table_new(9, hdr);
	for (i = 0; i < n; i++) {
		snprintf(size, sizeof(size), "%llu",
			 (unsigned long long)v[i].size);
		snprintf(bs, sizeof(bs), "%u", v[i].block_size);
		snprintf(flags, sizeof(flags), "%s%s%s%s%s",
			 v[i].enabled ? "" : "disabled,",
			 v[i].read_only ? "ro," : "",
			 v[i].no_pbs ? "no-pbs," : "",
			 v[i].xen ? "xen," : "", v[i].tpc ? "tpc," : "");
		if (*flags)
			flags[strlen(flags) - 1] = '\0';
		table_row(t, v[i].name,
			  v[i].type == ISCSICFG_EXTENT_FILE ? "file" : "device",
			  v[i].path, size, bs, flags,
			  iscsicfg_rpm_name(v[i].rpm), v[i].serial,
			  v[i].comment);
	}
	table_print(t);
out:
	iscsicfg_extent_list_free(v, n);
	iscsicfg_close(ctx);
	return ret;
}

int cmd_extent(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "extent: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "add"))
		return write_extent(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "set"))
		return write_extent(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "del"))
		return del_extent(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return show_extent(argc - 1, argv + 1);
	return cli_usage(usage, "extent: unknown command \"%s\"", argv[1]);
}
