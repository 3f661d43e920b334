// SPDX-License-Identifier: GPL-2.0
/*
 * The verbs every configuration object shares, driven by its struct
 * cli_object: dispatch, del, show, and the common steps of add and set.
 * One place for them keeps the grammar, messages and exit codes of all
 * objects alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_object_cmd(const struct cli_object *o, int argc, char **argv)
{
	const struct cli_verb *v;

	if (argc < 2)
		return cli_usage(o->usage, "%s: missing COMMAND", o->name);
	if (cli_is_help(argc, argv))
		return cli_help(o->usage);
	for (v = o->verbs; v->name; v++)
		if (!strcmp(argv[1], v->name))
			return v->fn(o, argc - 1, argv + 1);
	return cli_usage(o->usage, "%s: unknown command \"%s\"", o->name,
			 argv[1]);
}

/* the key argument; a name needs no check here, the library checks it */
static int parse_key(const struct cli_object *o, char *arg,
		     struct cli_key *k)
{
	k->name = arg;
	if (o->key != CLI_KEY_NUM)
		return 0;
	return cli_uint(o->key_what, arg, 1, o->key_max, &k->id);
}

/* what each option of del sets; an object takes those in its del_flags */
static const struct {
	int c;
	unsigned int flags;
} del_flag[] = {
	{ 'e', ISCSICFG_DEL_EXTENTS },
	{ 'F', ISCSICFG_DEL_FILES | ISCSICFG_DEL_EXTENTS },
	{ 'f', ISCSICFG_DEL_FORCE },
};

int cli_obj_del(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delete-extents", no_argument, NULL, 'e' },
		{ "delete-files", no_argument, NULL, 'F' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_ctx *ctx;
	struct cli_key k = { 0 };
	unsigned int flags = 0;
	size_t i;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":eFfh", opts, NULL)) != -1) {
		for (i = 0; i < sizeof(del_flag) / sizeof(del_flag[0]); i++)
			if (c == del_flag[i].c &&
			    !(del_flag[i].flags & ~o->del_flags))
				break;
		if (i == sizeof(del_flag) / sizeof(del_flag[0]))
			/* not this object's option: unknown, as before */
			return cli_obj_opt_other(o, argv, c == 'h' ? c : '?');
		flags |= del_flag[i].flags;
	}
	if (cli_extra_args(o->usage, argc, argv, 1) ||
	    parse_key(o, argv[optind], &k))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = o->lib_del(ctx, &k, flags) ? cli_fail(ctx) : 0;
	iscsicfg_close(ctx);
	return ret;
}

/* one object by its key, or all of them, or the only one there is */
static int fetch(const struct cli_object *o, struct iscsicfg_ctx *ctx,
		 const struct cli_key *k, void **v, size_t *n)
{
	int ret;

	if (!o->get || (o->list && !k->name))
		return o->list(ctx, k, v, n);
	*v = malloc(o->size);
	if (!*v)
		abort();
	ret = o->get(ctx, k, *v);
	if (ret) {
		free(*v);
		*v = NULL;
	} else {
		*n = 1;
	}
	return ret;
}

static void print(const struct cli_object *o, const void *v, size_t n)
{
	const char *obj = v;
	struct table *t;
	size_t i;

	if (opt_json) {
		json_begin('[');
		for (i = 0; i < n; i++)
			o->json(obj + i * o->size);
		json_end(']');
		json_done();
	} else if (o->text) {
		for (i = 0; i < n; i++)
			o->text(obj + i * o->size);
	} else {
		t = table_new(o->ncols, o->hdr);
		for (i = 0; i < n; i++)
			o->row(t, obj + i * o->size);
		table_print(t);
	}
}

int cli_obj_show(const struct cli_object *o, int argc, char **argv)
{
	struct cli_key k = { 0 };
	struct iscsicfg_ctx *ctx;
	void *v = NULL;
	size_t n = 0;
	int ret, want;

	ret = cli_show_opts(o->usage, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	want = o->key != CLI_KEY_NONE && optind < argc;
	if ((want && parse_key(o, argv[optind], &k)) ||
	    cli_extra_args(o->usage, argc, argv, want))
		return EXIT_USAGE;
	ctx = cli_open(0);
	ret = fetch(o, ctx, &k, &v, &n);
	if (ret)
		ret = cli_fail(ctx);
	else
		print(o, v, n);
	if (o->list_free)
		o->list_free(v, n);
	else
		free(v);
	iscsicfg_close(ctx);
	return ret;
}

bool cli_obj_is_set(char **argv)
{
	return !strcmp(argv[0], "set");
}

/* the end of an option switch: --help, or a bad option */
int cli_obj_opt_other(const struct cli_object *o, char **argv, int c)
{
	if (c == 'h')
		return cli_help(o->usage);
	return cli_opt_error(o->usage, argv, c);
}

/* --id or --tag: add may choose the key, set takes it as argument */
int cli_obj_key_opt(const struct cli_object *o, bool set, const char *arg,
		    unsigned long long *id)
{
	if (set)
		return cli_usage(o->usage,
				 "%s: give the %s as the first argument of set",
				 o->key_opt, o->key_opt + 2);
	return cli_uint(o->key_opt, arg, 1, o->key_max, id);
}

/* after the options of set: its key, and that it changes something */
int cli_obj_set_key(const struct cli_object *o, char **argv,
		    unsigned int fields, unsigned long long *id)
{
	if (o->key == CLI_KEY_NUM &&
	    cli_uint(o->key_what, argv[optind], 1, o->key_max, id))
		return EXIT_USAGE;
	if (!fields)
		return cli_usage(o->usage, "set: nothing to change");
	return 0;
}

/*
 * Add or set through the library.  An add goes into the journal of
 * "service start --config", after new_file, a file the kernel creates
 * for it and undoing must remove; a numbered object is announced unless
 * the number is 0, which is what a dry run assigns.
 */
int cli_obj_commit(const struct cli_object *o, const void *obj,
		   const char *name, const char *new_file, bool set)
{
	struct iscsicfg_ctx *ctx = cli_open(0);
	uint64_t id = 0;
	int ret;

	ret = set ? o->lib_set(ctx, obj) : o->lib_add(ctx, obj, &id);
	if (ret) {
		ret = cli_fail(ctx);
	} else if (!set) {
		if (new_file)
			cli_created(CLI_FILE, new_file, 0);
		cli_created(o->journal, name, id);
		cli_captured(o->journal, obj);
		if (o->added && !opt_json && (id || o->key != CLI_KEY_NUM))
			printf("%s %llu added\n", o->added,
			       (unsigned long long)id);
	}
	iscsicfg_close(ctx);
	return ret;
}
