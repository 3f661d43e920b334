// SPDX-License-Identifier: GPL-2.0
/*
 * iscsicfg: questions on a terminal, and the CHAP secret options.  A
 * secret comes from a prompt, stdin or a file, never the command line,
 * where ps and shell history would show it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

void cli_free_secret(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* one line without its end of line; NULL at end of input */
static char *read_line(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	n = getline(&line, &cap, f);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

char *cli_ask(const char *question, const char *def)
{
	char *line;

	if (def)
		fprintf(stderr, "%s [%s]: ", question, def);
	else
		fprintf(stderr, "%s: ", question);
	line = read_line(stdin);
	if (!line) {
		fputc('\n', stderr);
		return NULL;
	}
	if (!*line && def) {
		free(line);
		line = strdup(def);
		if (!line)
			abort();
	}
	return line;
}

static char *ask_hidden(const char *question)
{
	struct termios old, quiet;
	bool echo_off;
	char *s;

	echo_off = !tcgetattr(STDIN_FILENO, &old);
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	s = cli_ask(question, NULL);
	if (echo_off) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return s;
}

/* asked twice, as passwd does: a typo would lock the initiator out */
int cli_prompt_secret(const char *opt, char **out)
{
	const char *question = strcmp(opt, "--peer-secret") ?
		"CHAP secret (12 to 16 characters)" :
		"Peer CHAP secret (12 to 16 characters)";
	char again[96], *a, *b;

	a = ask_hidden(question);
	if (!a) {
		fprintf(stderr, "iscsicfg: %s: input ended\n", opt);
		return EXIT_USAGE;
	}
	snprintf(again, sizeof(again), "%s, again", question);
	b = ask_hidden(again);
	if (!b || strcmp(a, b)) {
		cli_free_secret(a);
		cli_free_secret(b);
		fprintf(stderr, "iscsicfg: %s: the secrets typed do not match\n",
			opt);
		return EXIT_USAGE;
	}
	cli_free_secret(b);
	*out = a;
	return 0;
}

/* the first line of path, or of stdin for "-" */
static int read_secret(const char *what, const char *path, char **out)
{
	bool from_stdin = !strcmp(path, "-");
	FILE *f = from_stdin ? stdin : fopen(path, "r");

	if (!f) {
		fprintf(stderr, "iscsicfg: %s: %s: %s\n", what, path,
			strerror(errno));
		return EXIT_USAGE;
	}
	*out = read_line(f);
	if (!from_stdin)
		fclose(f);
	if (!*out) {
		fprintf(stderr, "iscsicfg: %s: nothing to read from %s\n",
			what, from_stdin ? "stdin" : path);
		return EXIT_USAGE;
	}
	return 0;
}

int cli_secret_opt(const char *usage, const char *opt, const char *arg,
		   bool from_file, char **out)
{
	char file_opt[32];

	snprintf(file_opt, sizeof(file_opt), "%s-file", opt);
	if (*out)
		return cli_usage(usage, "%s: given twice", opt);
	if (from_file)
		return read_secret(file_opt, arg, out);
	if (!strcmp(arg, "-"))
		return isatty(STDIN_FILENO) ? cli_prompt_secret(opt, out) :
		       read_secret(opt, arg, out);
	if (cli_words_typed())
		return cli_usage(usage, "%s: a secret on the command line shows in ps and shell history; give - to read it from stdin (on a terminal, a prompt without echo) or %s FILE",
				 opt, file_opt);
	*out = strdup(arg);
	return *out ? 0 : EXIT_FAIL;
}
