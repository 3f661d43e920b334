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
	"                           [--direct-io]\n"
	"       iscsicfg extent set NAME [same options; booleans take =on|=off]\n"
	"                           (--size grows the extent; 0: to its file's or\n"
	"                           device's size now)\n"
	"       iscsicfg extent del NAME [--force]\n"
	"       iscsicfg extent show [NAME]\n"
	"SIZE: bytes, or with K, M, G, T (binary); R: UNKNOWN SSD 5400 7200 10000 15000\n";

enum {
	OPT_FILE = 256, OPT_DEVICE, OPT_SIZE, OPT_BS, OPT_NO_PBS, OPT_RO,
	OPT_XEN, OPT_RPM, OPT_TPC, OPT_SERIAL, OPT_NAA, OPT_THRESHOLD,
	OPT_COMMENT, OPT_DISABLED, OPT_ENABLED, OPT_DIRECT_IO,
};

static int write_extent(const struct cli_object *o, int argc, char **argv)
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
		{ "direct-io", optional_argument, NULL, OPT_DIRECT_IO },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_extent x = { .enabled = true };
	bool set = cli_obj_is_set(argv), new_file;
	struct stat st;
	unsigned long long v;
	char err[256];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FILE:
		case OPT_DEVICE:
			if (x.fields & ISCSICFG_EXTENT_F_PATH)
				return cli_usage(o->usage, "--%s: give one of --file or --device",
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
		case OPT_DIRECT_IO:
			if (cli_bool("--direct-io", optarg, &x.direct_io))
				return EXIT_USAGE;
			x.fields |= ISCSICFG_EXTENT_F_DIRECT_IO;
			break;
		case OPT_RPM:
			if (iscsicfg_rpm_from_name(optarg, &x.rpm))
				return cli_usage(o->usage, "--rpm: \"%s\" is not one of UNKNOWN, SSD, 5400, 7200, 10000, 15000",
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
		default:
			return cli_obj_opt_other(o, argv, c);
		}
	}
	if (cli_extra_args(o->usage, argc, argv, 1))
		return EXIT_USAGE;
	x.name = argv[optind];
	if (set && cli_obj_set_key(o, argv, x.fields, NULL))
		return EXIT_USAGE;
	if (!set && !x.path)
		return cli_usage(o->usage, "add: --file or --device is required");
	if (!set && x.type == ISCSICFG_EXTENT_DEVICE &&
	    (x.fields & ISCSICFG_EXTENT_F_SIZE))
		return cli_usage(o->usage, "--size: only with --file");
	/* the kernel creates a missing file: undoing the add removes it */
	new_file = !set && x.type == ISCSICFG_EXTENT_FILE &&
		   stat(x.path, &st) && errno == ENOENT;
	return cli_obj_commit(o, &x, x.name, new_file ? x.path : NULL, set);
}

static const char *extent_type(const struct iscsicfg_extent *x)
{
	return x->type == ISCSICFG_EXTENT_FILE ? "file" : "device";
}

static void json_extent(const void *obj)
{
	const struct iscsicfg_extent *x = obj;
	char naa[24];

	json_begin('{');
	json_str("name", x->name);
	json_str("type", extent_type(x));
	json_str("path", x->path);
	json_u64("size", x->size);
	json_u64("block_size", x->block_size);
	json_bool("no_pbs", x->no_pbs);
	json_bool("read_only", x->read_only);
	json_bool("xen", x->xen);
	json_str("rpm", iscsicfg_rpm_name(x->rpm));
	json_bool("tpc", x->tpc);
	json_str("serial", x->serial);
	snprintf(naa, sizeof(naa), "0x%016llx", (unsigned long long)x->naa);
	json_str("naa", naa);
	json_u64("threshold", x->threshold);
	json_str("comment", x->comment);
	json_bool("enabled", x->enabled);
	json_bool("direct_io", x->direct_io);
	json_end('}');
}

static void row_extent(struct table *t, const void *obj)
{
	const struct iscsicfg_extent *x = obj;
	char size[24], bs[12], flags[48];

	snprintf(size, sizeof(size), "%llu", (unsigned long long)x->size);
	snprintf(bs, sizeof(bs), "%u", x->block_size);
	snprintf(flags, sizeof(flags), "%s%s%s%s%s%s",
		 x->enabled ? "" : "disabled,", x->read_only ? "ro," : "",
		 x->no_pbs ? "no-pbs," : "", x->xen ? "xen," : "",
		 x->tpc ? "tpc," : "", x->direct_io ? "direct-io," : "");
	if (*flags)
		flags[strlen(flags) - 1] = '\0';
	table_row(t, x->name, extent_type(x), x->path, size, bs, flags,
		  iscsicfg_rpm_name(x->rpm), x->serial, x->comment);
}

static int add_extent(struct iscsicfg_ctx *ctx, const void *obj,
		      uint64_t *id)
{
	return iscsicfg_extent_add(ctx, obj);
}

CLI_LIB_HOOKS(extent, k->name)

static const struct cli_verb verbs[] = {
	{ "add", write_extent },
	{ "set", write_extent },
	{ "del", cli_obj_del },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const hdr[] = { "NAME", "TYPE", "PATH", "SIZE", "BS",
				   "FLAGS", "RPM", "SERIAL", "COMMENT" };

static const struct cli_object extent = {
	.name = "extent", .usage = usage, .verbs = verbs,
	.key = CLI_KEY_NAME,
	.journal = CLI_EXTENT, .lib_add = add_extent,
	.del_flags = ISCSICFG_DEL_FORCE,
	CLI_LIB_OPS(extent),
	.json = json_extent, .ncols = 9, .hdr = hdr, .row = row_extent,
};

int cmd_extent(int argc, char **argv)
{
	return cli_object_cmd(&extent, argc, argv);
}
