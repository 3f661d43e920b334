// SPDX-License-Identifier: GPL-2.0
/* iscsicfg service: load the module and apply a configuration, or unload */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define EXIT_STOPPED 3	/* LSB "program is not running" */

static const char usage[] =
	"Usage: iscsicfg service start [--config FILE]\n"
	"       iscsicfg service stop\n"
	"       iscsicfg service status\n"
	"FILE: one iscsicfg command per line without the leading \"iscsicfg\",\n"
	"      e.g. \"portal add --listen 0.0.0.0\"; # starts a comment.\n";

/* splits line in place into words; quotes group, # outside quotes ends */
static int split_words(char *line, char **words, int max)
{
	char *r = line, *w = line, quote;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			return n;
		if (n == max)
			return -E2BIG;
		words[n++] = w;
		quote = 0;
		for (; *r; r++) {
			if (quote) {
				if (*r == quote)
					quote = 0;
				else
					*w++ = *r;
			} else if (*r == '"' || *r == '\'') {
				quote = *r;
			} else if (*r == ' ' || *r == '\t' || *r == '\n' ||
				   *r == '\r') {
				break;
			} else {
				*w++ = *r;
			}
		}
		if (quote)
			return -EINVAL;
		if (*r)
			r++;
		*w++ = '\0';
	}
}

static int apply_config(const char *path)
{
	char *line = NULL, *words[64];
	unsigned int lineno = 0;
	size_t cap = 0;
	int n, ret = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "iscsicfg: --config: %s: %s\n", path,
			strerror(errno));
		return EXIT_FAIL;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		n = split_words(line, words, 63);
		if (n < 0) {
			fprintf(stderr, "iscsicfg: %s:%u: %s\n", path, lineno,
				n == -E2BIG ? "too many words" :
				"unterminated quote");
			ret = EXIT_FAIL;
			break;
		}
		if (!n)
			continue;
		words[n] = NULL;
		if (!strcmp(words[0], "service")) {
			fprintf(stderr, "iscsicfg: %s:%u: service commands are not allowed in a configuration\n",
				path, lineno);
			ret = EXIT_FAIL;
			break;
		}
		ret = cli_run_argv(n, words);
		if (ret) {
			fprintf(stderr, "iscsicfg: %s:%u: failed\n", path,
				lineno);
			break;
		}
	}
	free(line);
	fclose(f);
	return ret;
}

static int start(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_ctx *ctx;
	const char *config = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'h')
			return cli_help(usage);
		else
			return cli_opt_error(usage, argv, c);
	}
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(ISCSICFG_OPEN_LOAD_MODULE);
	iscsicfg_close(ctx);
	return config ? apply_config(config) : EXIT_OK;
}

static int stop(int argc, char **argv)
{
	struct iscsicfg_target *t;
	struct iscsicfg_ctx *ctx;
	size_t n, i;
	int ret;

	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	ret = iscsicfg_open(&ctx, opt_dry_run ? ISCSICFG_OPEN_DRY_RUN : 0);
	if (ret == -ENOENT) {
		iscsicfg_close(ctx);
		return EXIT_OK;		/* already stopped */
	}
	if (ret) {
		ret = cli_fail(ctx);
		goto out;
	}
	/* end sessions first: the module cannot go while they hold it */
	ret = iscsicfg_target_list(ctx, &t, &n);
	for (i = 0; !ret && i < n; i++)
		ret = iscsicfg_target_del(ctx, t[i].name, ISCSICFG_DEL_FORCE);
	if (!ret) {
		iscsicfg_target_list_free(t, n);
		if (!opt_dry_run)
			ret = iscsicfg_module_unload(ctx);
	} else if (n) {
		iscsicfg_target_list_free(t, n);
	}
	if (ret)
		ret = cli_fail(ctx);
out:
	iscsicfg_close(ctx);
	return ret;
}

static int status(int argc, char **argv)
{
	struct iscsicfg_ctx *ctx;
	int ret;

	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	ret = iscsicfg_open(&ctx, 0);
	iscsicfg_close(ctx);
	if (ret == -ENOENT) {
		printf("stopped\n");
		return EXIT_STOPPED;
	}
	if (ret) {
		fprintf(stderr, "iscsicfg: %s\n", strerror(-ret));
		return EXIT_FAIL;
	}
	printf("running\n");
	return EXIT_OK;
}

int cmd_service(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage, "service: missing COMMAND");
	if (cli_is_help(argc, argv))
		return cli_help(usage);
	if (!strcmp(argv[1], "start"))
		return start(argc - 1, argv + 1);
	if (!strcmp(argv[1], "stop"))
		return stop(argc - 1, argv + 1);
	if (!strcmp(argv[1], "status"))
		return status(argc - 1, argv + 1);
	return cli_usage(usage, "service: unknown command \"%s\"", argv[1]);
}
