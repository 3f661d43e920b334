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
int cli_read_secret(const char *what, const char *arg, bool from_file,
		    char **out);
int cli_opt_error(const char *usage, char **argv, int c);
/* 0, EXIT_USAGE, or -1 after printing help */
int cli_show_opts(const char *usage, int argc, char **argv);
int cli_extra_args(const char *usage, int argc, char **argv, int want);
/* iscsicfg command line split into words, run as if typed */
int cli_run_argv(int argc, char **argv);

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

#endif
