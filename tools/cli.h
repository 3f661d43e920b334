/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ISCSICFG_CLI_H
#define ISCSICFG_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <iscsicfg.h>

/* exit codes */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* the operation failed */
#define EXIT_USAGE	2	/* bad command line */

extern bool opt_json;
extern bool opt_dry_run;

struct iscsicfg_ctx *cli_open(unsigned int flags);
int cli_fail(struct iscsicfg_ctx *ctx);
int cli_usage(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_help(const char *usage);
bool cli_is_help(int argc, char **argv);
int cli_uint(const char *what, const char *s, unsigned long long min,
	     unsigned long long max, unsigned long long *out);
int cli_bool(const char *what, const char *s, bool *out);
int cli_opt_error(const char *usage, char **argv, int c);
/* 0, EXIT_USAGE, or -1 after printing help */
int cli_show_opts(const char *usage, int argc, char **argv);
int cli_extra_args(const char *usage, int argc, char **argv, int want);
/*
 * A configuration file's line or a wizard step split into words, run as
 * if typed; only these words may carry a secret itself (--secret S).
 */
int cli_run_argv(int argc, char **argv);
/* the words being run are the process's argv: ps and history show them */
bool cli_words_typed(void);

/* ---- on a terminal, and CHAP secrets (prompt.c) ---- */

/* a line typed after "question: "; an empty answer takes def; NULL at EOF */
char *cli_ask(const char *question, const char *def);
/* asked twice with echo off; opt is "--secret" or "--peer-secret" */
int cli_prompt_secret(const char *opt, char **out);
/*
 * The value of --secret or --peer-secret (opt), or of its -file twin:
 * "-" reads a line from stdin (a terminal prompts, as cli_prompt_secret),
 * a file its first line.  A secret itself is taken only when the words
 * are not the admin's command line (cli_words_typed).  *out must be NULL
 * on entry: the option given twice is a usage error.
 */
int cli_secret_opt(const char *usage, const char *opt, const char *arg,
		   bool from_file, char **out);
/* explicit_bzero, then free */
void cli_free_secret(char *s);

/* aligned table, or nothing in JSON mode */
struct table;
struct table *table_new(int ncols, const char *const *headers);
void table_row(struct table *t, ...);	/* ncols strings, NULL = "-" */
void table_print(struct table *t);	/* also frees */

/* JSON writer: one array of objects on stdout */
void json_begin(char c);		/* '[' or '{' */
void json_end(char c);
void json_key(const char *k);		/* before json_begin for nesting */
void json_str(const char *k, const char *v);	/* NULL -> null */
void json_val(const char *v);		/* array element */
void json_u64(const char *k, unsigned long long v);
void json_bool(const char *k, bool v);
void json_done(void);

/*
 * The journal of "service start --config": what each line created, deleted
 * again in reverse order when a later line fails.  No-ops outside it.
 */
enum cli_obj { CLI_PORTAL, CLI_IGROUP, CLI_AUTH, CLI_TARGET, CLI_EXTENT,
	       CLI_LUN, CLI_GLOBAL, CLI_FILE };
void cli_created(enum cli_obj obj, const char *name, uint64_t id);
/* before the first global set of a configuration: keep the old settings */
int cli_global_saved(struct iscsicfg_ctx *ctx);
/*
 * config load, save (config.c): the objects a configuration file's lines
 * add, parsed and checked by the add verbs in a dry run, gathered by
 * cli_captured (a no-op otherwise) after cli_config_check(path).
 */
void cli_captured(enum cli_obj obj, const void *o);
int cli_config_check(const char *path);
/* where config save writes and a plain "service start" reads */
#define CLI_DEFAULT_CONFIG "/etc/iscsikt/iscsikt.conf"
/*
 * The same journal for a command made of others (wizard): begin, run
 * them, end with their result; a failure deletes what they created.
 */
void cli_journal_begin(void);
int cli_journal_end(int ret);

/* ---- objects: the verbs they share, driven by a table (objcmd.c) ---- */

struct cli_object;

/* a verb's handler gets argv from the verb on: argv[0] is "add", "set"... */
struct cli_verb {
	const char *name;
	int (*fn)(const struct cli_object *o, int argc, char **argv);
};

/* how an object is named on the command line */
enum cli_key_kind {
	CLI_KEY_NONE,		/* there is one, or show lists all */
	CLI_KEY_NAME,
	CLI_KEY_NUM,		/* 1..key_max */
};

/* a key as given: a name, or a number (0 = none given) */
struct cli_key {
	const char *name;
	unsigned long long id;
};

struct cli_object {
	const char *name;		/* the OBJECT word, for messages */
	const char *usage;
	const struct cli_verb *verbs;	/* ends with { NULL } */
	enum cli_key_kind key;
	const char *key_what;		/* CLI_KEY_NUM: "ID" or "TAG" */
	const char *key_opt;		/* CLI_KEY_NUM: "--id" or "--tag" */
	unsigned long long key_max;

	/* cli_obj_commit */
	enum cli_obj journal;
	const char *added;		/* "portal": print "portal N added" */
	int (*lib_add)(struct iscsicfg_ctx *ctx, const void *obj, uint64_t *id);
	int (*lib_set)(struct iscsicfg_ctx *ctx, const void *obj);

	/* cli_obj_del */
	unsigned int del_flags;		/* ISCSICFG_DEL_* its options may set */
	int (*lib_del)(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		       unsigned int flags);

	/* cli_obj_show: get one by key (or the only one), or list */
	size_t size;			/* of one object */
	int (*get)(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		   void *obj);
	int (*list)(struct iscsicfg_ctx *ctx, const struct cli_key *k,
		    void **v, size_t *n);
	void (*list_free)(void *v, size_t n);	/* NULL: free(v) */
	void (*json)(const void *obj);		/* one {...} */
	int ncols;
	const char *const *hdr;
	void (*row)(struct table *t, const void *obj);	/* one or more */
	void (*text)(const void *obj);	/* instead of a table */
};

/*
 * The hooks set, del, get, list and list_free of an object the library
 * serves as iscsicfg_<lib>_set/_del/_get/_list/_list_free: typed calls
 * behind the untyped hooks, named <lib>_set_hook and so on.  key is how
 * the library takes the struct cli_key *k: k->name, or (uint16_t)k->id.
 * An object that shows more than the library's struct takes the write
 * hooks alone and brings its own get, list and list_free.
 */
#define CLI_LIB_WRITE_HOOKS(lib, key)					\
static int lib##_set_hook(struct iscsicfg_ctx *ctx, const void *obj)	\
{									\
	return iscsicfg_##lib##_set(ctx, obj);				\
}									\
static int lib##_del_hook(struct iscsicfg_ctx *ctx,			\
			  const struct cli_key *k, unsigned int flags)	\
{									\
	return iscsicfg_##lib##_del(ctx, key, flags);			\
}

#define CLI_LIB_HOOKS(lib, key)						\
CLI_LIB_WRITE_HOOKS(lib, key)						\
static int lib##_get_hook(struct iscsicfg_ctx *ctx,			\
			  const struct cli_key *k, void *obj)		\
{									\
	return iscsicfg_##lib##_get(ctx, key, obj);			\
}									\
static int lib##_list_hook(struct iscsicfg_ctx *ctx,			\
			   const struct cli_key *k, void **v, size_t *n) \
{									\
	struct iscsicfg_##lib *all;					\
	int ret = iscsicfg_##lib##_list(ctx, &all, n);			\
									\
	*v = all;							\
	return ret;							\
}									\
static void lib##_list_free_hook(void *v, size_t n)			\
{									\
	iscsicfg_##lib##_list_free(v, n);				\
}

/* the struct cli_object members CLI_LIB_WRITE_HOOKS(lib, ...) fills */
#define CLI_LIB_WRITE_OPS(lib)						\
	.lib_set = lib##_set_hook, .lib_del = lib##_del_hook

/* the struct cli_object members CLI_LIB_HOOKS(lib, ...) fills */
#define CLI_LIB_OPS(lib)						\
	CLI_LIB_WRITE_OPS(lib),						\
	.size = sizeof(struct iscsicfg_##lib), .get = lib##_get_hook,	\
	.list = lib##_list_hook, .list_free = lib##_list_free_hook

int cli_object_cmd(const struct cli_object *o, int argc, char **argv);
/* generic verbs for cli_object.verbs */
int cli_obj_del(const struct cli_object *o, int argc, char **argv);
int cli_obj_show(const struct cli_object *o, int argc, char **argv);
/* helpers of the add and set verbs */
bool cli_obj_is_set(char **argv);
int cli_obj_opt_other(const struct cli_object *o, char **argv, int c);
int cli_obj_key_opt(const struct cli_object *o, bool set, const char *arg,
		    unsigned long long *id);
int cli_obj_set_key(const struct cli_object *o, char **argv,
		    unsigned int fields, unsigned long long *id);
int cli_obj_commit(const struct cli_object *o, const void *obj,
		   const char *name, const char *new_file, bool set);

int cmd_status(int argc, char **argv);
int cmd_global(int argc, char **argv);
int cmd_portal(int argc, char **argv);
int cmd_initiator(int argc, char **argv);
int cmd_auth(int argc, char **argv);
int cmd_target(int argc, char **argv);
int cmd_extent(int argc, char **argv);
int cmd_lun(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_service(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_wizard(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* lun.c: "addr:port", "[addr]:port" for IPv6; one session's JSON object */
void conn_addr(const struct iscsicfg_addr *a, uint16_t port, char *buf,
	       size_t len);
void json_session(const void *obj);

#endif
