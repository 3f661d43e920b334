// SPDX-License-Identifier: GPL-2.0
/*
 * iscsicfg: administer the iscsikt in-kernel iSCSI target.
 * One grammar for every object: iscsicfg [-j] [-n] OBJECT COMMAND [ARGS].
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define VERSION "0.1.0"

bool opt_json;
bool opt_dry_run;

static const char main_usage[] =
	"Usage: iscsicfg [-j|--json] [-n|--dry-run] OBJECT COMMAND [ARGS]\n"
	"       iscsicfg OBJECT --help\n"
	"Objects: status global portal initiator auth target extent lun\n"
	"         session service config wizard monitor\n";

struct iscsicfg_ctx *cli_open(unsigned int flags)
{
	struct iscsicfg_ctx *ctx;
	int ret;

	if (opt_dry_run)
		flags |= ISCSICFG_OPEN_DRY_RUN;
	ret = iscsicfg_open(&ctx, flags);
	if (ret) {
		fprintf(stderr, "iscsicfg: %s\n",
			ctx ? iscsicfg_strerror(ctx) : strerror(-ret));
		iscsicfg_close(ctx);
		exit(EXIT_FAIL);
	}
	return ctx;
}

int cli_fail(struct iscsicfg_ctx *ctx)
{
	fprintf(stderr, "iscsicfg: %s\n", iscsicfg_strerror(ctx));
	return EXIT_FAIL;
}

int cli_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("iscsicfg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return EXIT_USAGE;
}

int cli_help(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}

bool cli_is_help(int argc, char **argv)
{
	return argc < 2 || !strcmp(argv[1], "help") ||
	       !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h");
}

int cli_uint(const char *what, const char *s, unsigned long long min,
	     unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *s == '-' || *end || errno || v < min || v > max) {
		fprintf(stderr, "iscsicfg: %s: \"%s\" is not a number %llu..%llu\n",
			what, s, min, max);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

int cli_bool(const char *what, const char *s, bool *out)
{
	if (!s || !strcasecmp(s, "on") || !strcasecmp(s, "yes") ||
	    !strcmp(s, "1")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(s, "off") || !strcasecmp(s, "no") || !strcmp(s, "0")) {
		*out = false;
		return 0;
	}
	fprintf(stderr, "iscsicfg: %s: \"%s\" is not on or off\n", what, s);
	return EXIT_USAGE;
}

int cli_extra_args(const char *usage, int argc, char **argv, int want)
{
	if (optind + want < argc)
		return cli_usage(usage, "unexpected argument \"%s\"",
				 argv[optind + want]);
	if (optind + want > argc)
		return cli_usage(usage, "missing argument");
	return 0;
}

/* ---- table ---- */

struct table {
	int ncols;
	size_t nrows;
	char **cells;		/* (nrows + 1) * ncols, row 0 = headers */
};

struct table *table_new(int ncols, const char *const *headers)
{
	struct table *t = calloc(1, sizeof(*t));
	int i;

	if (!t)
		abort();
	t->ncols = ncols;
	t->cells = calloc((size_t)ncols, sizeof(char *));
	if (!t->cells)
		abort();
	for (i = 0; i < ncols; i++)
		t->cells[i] = strdup(headers[i]);
	return t;
}

void table_row(struct table *t, ...)
{
	va_list ap;
	const char *s;
	char **c;
	int i;

	c = reallocarray(t->cells, (t->nrows + 2) * (size_t)t->ncols,
			 sizeof(char *));
	if (!c)
		abort();
	t->cells = c;
	t->nrows++;
	va_start(ap, t);
	for (i = 0; i < t->ncols; i++) {
		s = va_arg(ap, const char *);
		c[t->nrows * (size_t)t->ncols + (size_t)i] =
			strdup(s && *s ? s : "-");
	}
	va_end(ap);
}

void table_print(struct table *t)
{
	size_t r, w[16] = { 0 };
	int i;

	for (r = 0; r <= t->nrows; r++)
		for (i = 0; i < t->ncols && i < 16; i++)
			if (strlen(t->cells[r * (size_t)t->ncols + (size_t)i]) > w[i])
				w[i] = strlen(t->cells[r * (size_t)t->ncols + (size_t)i]);
	for (r = 0; r <= t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			char *s = t->cells[r * (size_t)t->ncols + (size_t)i];

			if (i == t->ncols - 1)
				printf("%s\n", s);
			else
				printf("%-*s  ", (int)w[i], s);
			free(s);
		}
	}
	free(t->cells);
	free(t);
}

/* ---- JSON ---- */

static int json_depth;
static bool json_first[32] = { true };
static bool json_keyed;

static void json_sep(void)
{
	if (json_keyed) {
		json_keyed = false;
		return;
	}
	if (!json_first[json_depth])
		putchar(',');
	json_first[json_depth] = false;
}

static void json_quote(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void json_key(const char *k)
{
	json_sep();
	json_quote(k);
	putchar(':');
	json_keyed = true;
}

void json_begin(char c)
{
	json_sep();
	putchar(c);
	json_first[++json_depth] = true;
}

void json_end(char c)
{
	json_depth--;
	putchar(c);
}

void json_str(const char *k, const char *v)
{
	json_key(k);
	json_sep();
	if (v)
		json_quote(v);
	else
		fputs("null", stdout);
}

void json_val(const char *v)
{
	json_sep();
	json_quote(v);
}

void json_u64(const char *k, unsigned long long v)
{
	json_key(k);
	json_sep();
	printf("%llu", v);
}

void json_bool(const char *k, bool v)
{
	json_key(k);
	json_sep();
	fputs(v ? "true" : "false", stdout);
}

void json_done(void)
{
	putchar('\n');
	json_depth = 0;
	json_first[0] = true;
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} objects[] = {
	{ "status", cmd_status },
	{ "global", cmd_global },
	{ "portal", cmd_portal },
	{ "initiator", cmd_initiator },
	{ "auth", cmd_auth },
	{ "target", cmd_target },
	{ "extent", cmd_extent },
	{ "lun", cmd_lun },
	{ "session", cmd_session },
	{ "service", cmd_service },
	{ "config", cmd_config },
	{ "wizard", cmd_wizard },
	{ "monitor", cmd_monitor },
};

/* main's words, not those of cli_run_argv: see cli_words_typed */
static bool words_typed;

bool cli_words_typed(void)
{
	return words_typed;
}

static int run_object(int argc, char **argv)
{
	size_t i;

	if (argc < 1)
		return cli_usage(main_usage, "missing OBJECT");
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		if (!strcmp(argv[0], objects[i].name)) {
			optind = 0;	/* fresh getopt_long per command */
			return objects[i].fn(argc, argv);
		}
	}
	return cli_usage(main_usage, "unknown object \"%s\"", argv[0]);
}

int cli_run_argv(int argc, char **argv)
{
	bool typed = words_typed;
	int ret;

	words_typed = false;
	ret = run_object(argc, argv);
	words_typed = typed;
	return ret;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			opt_json = true;
		} else if (!strcmp(argv[i], "-n") ||
			   !strcmp(argv[i], "--dry-run")) {
			opt_dry_run = true;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			return cli_help(main_usage);
		} else if (!strcmp(argv[i], "-V") ||
			   !strcmp(argv[i], "--version")) {
			printf("iscsicfg %s\n", VERSION);
			return EXIT_OK;
		} else {
			return cli_usage(main_usage, "unknown option \"%s\"",
					 argv[i]);
		}
	}
	words_typed = true;
	return run_object(argc - i, argv + i);
}

int cli_opt_error(const char *usage, char **argv, int c)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cli_usage(usage, "option \"%s\" needs an argument",
				 arg);
	return cli_usage(usage, "unknown option \"%s\"", arg);
}

/* "show" of every object takes -j as well as the global one */
int cli_show_opts(const char *usage, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		if (c == 'j')
			opt_json = true;
		else if (c == 'h')
			return -cli_help(usage) - 1;
		else
			return cli_opt_error(usage, argv, c);
	}
	return 0;
}
