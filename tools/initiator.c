// SPDX-License-Identifier: GPL-2.0
/* iscsicfg initiator: initiator groups, the IQNs allowed into a target */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg initiator add [--id N] [--initiator IQN]... [--comment C]\n"
	"       iscsicfg initiator set ID [--initiator IQN]... [--no-initiators]\n"
	"                                 [--comment C]\n"
	"       iscsicfg initiator del ID [--force]\n"
	"       iscsicfg initiator show [ID]\n"
	"A group without --initiator admits every initiator; set replaces the\n"
	"list, --no-initiators empties it.\n";

static int write_igroup(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "initiator", required_argument, NULL, 'I' },
		{ "no-initiators", no_argument, NULL, 'X' },
		{ "comment", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_igroup g = { 0 };
	bool set = cli_obj_is_set(argv);
	unsigned long long v;
	char **names;
	bool none = false;
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:I:Xc:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (cli_obj_key_opt(o, set, optarg, &v))
				goto out;
			g.id = (uint32_t)v;
			break;
		case 'I':
			names = reallocarray(g.initiators, g.n_initiators + 1,
					     sizeof(*names));
			if (!names)
				abort();
			g.initiators = names;
			names[g.n_initiators++] = optarg;
			g.fields |= ISCSICFG_IGROUP_F_INITIATORS;
			break;
		case 'X':
			none = true;
			g.fields |= ISCSICFG_IGROUP_F_INITIATORS;
			break;
		case 'c':
			g.comment = optarg;
			g.fields |= ISCSICFG_IGROUP_F_COMMENT;
			break;
		default:
			ret = cli_obj_opt_other(o, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(o->usage, argc, argv, set ? 1 : 0))
		goto out;
	if (none && g.n_initiators) {
		ret = cli_usage(o->usage, "--no-initiators: not together with --initiator");
		goto out;
	}
	if (set) {
		if (cli_obj_set_key(o, argv, g.fields, &v))
			goto out;
		g.id = (uint32_t)v;
	}
	ret = cli_obj_commit(o, &g, NULL, NULL, set);
out:
	free(g.initiators);
	return ret;
}

static int add_igroup(struct iscsicfg_ctx *ctx, const void *obj,
		      uint64_t *id)
{
	uint32_t got = 0;
	int ret = iscsicfg_igroup_add(ctx, obj, &got);

	*id = got;
	return ret;
}

CLI_LIB_HOOKS(igroup, (uint32_t)k->id)

static void json_igroup(const void *obj)
{
	const struct iscsicfg_igroup *g = obj;
	size_t j;

	json_begin('{');
	json_u64("id", g->id);
	json_str("comment", g->comment);
	json_key("initiators");
	json_begin('[');
	for (j = 0; j < g->n_initiators; j++)
		json_val(g->initiators[j]);
	json_end(']');
	json_end('}');
}

static void row_igroup(struct table *t, const void *obj)
{
	const struct iscsicfg_igroup *g = obj;
	size_t j, len = 1;
	char buf[16], *joined;

	for (j = 0; j < g->n_initiators; j++)
		len += strlen(g->initiators[j]) + 1;
	joined = calloc(1, len);
	if (!joined)
		abort();
	for (j = 0; j < g->n_initiators; j++) {
		if (j)
			strcat(joined, " ");
		strcat(joined, g->initiators[j]);
	}
	snprintf(buf, sizeof(buf), "%u", g->id);
	table_row(t, buf, g->n_initiators ? joined : "(all)", g->comment);
	free(joined);
}

static const struct cli_verb verbs[] = {
	{ "add", write_igroup },
	{ "set", write_igroup },
	{ "del", cli_obj_del },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const hdr[] = { "ID", "INITIATORS", "COMMENT" };

static const struct cli_object initiator = {
	.name = "initiator", .usage = usage, .verbs = verbs,
	.key = CLI_KEY_NUM, .key_what = "ID", .key_opt = "--id",
	.key_max = UINT32_MAX,
	.journal = CLI_IGROUP, .added = "initiator group",
	.lib_add = add_igroup,
	.del_flags = ISCSICFG_DEL_FORCE,
	CLI_LIB_OPS(igroup),
	.json = json_igroup, .ncols = 3, .hdr = hdr, .row = row_igroup,
};

int cmd_initiator(int argc, char **argv)
{
	return cli_object_cmd(&initiator, argc, argv);
}
