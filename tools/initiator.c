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
	"list, --no-initiators empties it.  show adds the initiators logged in\n"
	"now through a target's group that pairs this one with their portal.\n";

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

CLI_LIB_WRITE_HOOKS(igroup, (uint32_t)k->id)

/* a group as show prints it: with the initiators it lets in right now */
struct igroup_view {
	struct iscsicfg_igroup g;
	char **connected;
	size_t n_connected;
};

static void free_views(void *v, size_t n)
{
	struct igroup_view *views = v;
	size_t i, j;

	for (i = 0; views && i < n; i++) {
		iscsicfg_igroup_free(&views[i].g);
		for (j = 0; j < views[i].n_connected; j++)
			free(views[i].connected[j]);
		free(views[i].connected);
	}
	free(views);
}

/* copies: the names point into the sessions, freed before printing */
static void keep_connected(struct igroup_view *v, const char **names,
			   size_t n)
{
	size_t j;

	v->connected = calloc(n ?: 1, sizeof(*v->connected));
	if (!v->connected)
		abort();
	for (j = 0; j < n; j++) {
		v->connected[j] = strdup(names[j]);
		if (!v->connected[j])
			abort();
	}
	v->n_connected = n;
}

/* fails, keeping nothing, when the targets or sessions cannot be read */
static int add_connected(struct iscsicfg_ctx *ctx, struct igroup_view *v,
			 size_t n)
{
	struct iscsicfg_session *s = NULL;
	struct iscsicfg_target *t = NULL;
	size_t nt = 0, ns = 0, i, nc;
	const char **names;
	int ret;

	ret = iscsicfg_target_list(ctx, &t, &nt);
	if (!ret)
		ret = iscsicfg_session_list(ctx, &s, &ns);
	for (i = 0; !ret && i < n; i++) {
		if (iscsicfg_igroup_connected(&v[i].g, t, nt, s, ns, &names,
					      &nc))
			abort();
		keep_connected(&v[i], names, nc);
		free(names);
	}
	iscsicfg_session_list_free(s, ns);
	iscsicfg_target_list_free(t, nt);
	return ret;
}

static int get_igroup(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		      void *obj)
{
	struct igroup_view *v = obj;
	int ret;

	memset(v, 0, sizeof(*v));
	ret = iscsicfg_igroup_get(ctx, (uint32_t)k->id, &v->g);
	if (!ret)
		ret = add_connected(ctx, v, 1);
	if (ret)	/* the caller frees the view, not what it holds */
		iscsicfg_igroup_free(&v->g);
	return ret;
}

static int list_igroups(struct iscsicfg_ctx *ctx, const struct cli_key *k,
			void **out, size_t *n)
{
	struct iscsicfg_igroup *g;
	struct igroup_view *v;
	size_t i;
	int ret;

	*out = NULL;
	ret = iscsicfg_igroup_list(ctx, &g, n);
	if (ret)
		return ret;
	v = calloc(*n ?: 1, sizeof(*v));
	if (!v)
		abort();
	for (i = 0; i < *n; i++)
		v[i].g = g[i];	/* the view takes over what g[i] holds */
	free(g);
	*out = v;
	return add_connected(ctx, v, *n);
}

static void json_names(const char *key, char *const *names, size_t n)
{
	size_t j;

	json_key(key);
	json_begin('[');
	for (j = 0; j < n; j++)
		json_val(names[j]);
	json_end(']');
}

static void json_igroup(const void *obj)
{
	const struct igroup_view *v = obj;

	json_begin('{');
	json_u64("id", v->g.id);
	json_str("comment", v->g.comment);
	json_names("initiators", v->g.initiators, v->g.n_initiators);
	json_names("connected", v->connected, v->n_connected);
	json_end('}');
}

/* names separated by spaces, "" for none; the caller frees it */
static char *join(char *const *names, size_t n)
{
	size_t j, len = 1;
	char *joined;

	for (j = 0; j < n; j++)
		len += strlen(names[j]) + 1;
	joined = calloc(1, len);
	if (!joined)
		abort();
	for (j = 0; j < n; j++) {
		if (j)
			strcat(joined, " ");
		strcat(joined, names[j]);
	}
	return joined;
}

static void row_igroup(struct table *t, const void *obj)
{
	const struct igroup_view *v = obj;
	char buf[16], *allowed, *connected;

	allowed = join(v->g.initiators, v->g.n_initiators);
	connected = join(v->connected, v->n_connected);
	snprintf(buf, sizeof(buf), "%u", v->g.id);
	table_row(t, buf, v->g.n_initiators ? allowed : "(all)", connected,
		  v->g.comment);
	free(connected);
	free(allowed);
}

static const struct cli_verb verbs[] = {
	{ "add", write_igroup },
	{ "set", write_igroup },
	{ "del", cli_obj_del },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const hdr[] = { "ID", "INITIATORS", "CONNECTED",
				    "COMMENT" };

static const struct cli_object initiator = {
	.name = "initiator", .usage = usage, .verbs = verbs,
	.key = CLI_KEY_NUM, .key_what = "ID", .key_opt = "--id",
	.key_max = UINT32_MAX,
	.journal = CLI_IGROUP, .added = "initiator group",
	.lib_add = add_igroup,
	.del_flags = ISCSICFG_DEL_FORCE,
	CLI_LIB_WRITE_OPS(igroup),
	.size = sizeof(struct igroup_view), .get = get_igroup,
	.list = list_igroups, .list_free = free_views,
	.json = json_igroup, .ncols = 4, .hdr = hdr, .row = row_igroup,
};

int cmd_initiator(int argc, char **argv)
{
	return cli_object_cmd(&initiator, argc, argv);
}
