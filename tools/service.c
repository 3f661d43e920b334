// SPDX-License-Identifier: GPL-2.0
/* iscsicfg service: load the module and apply a configuration, or unload */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define EXIT_STOPPED 3	/* LSB "program is not running" */

static const char usage[] =
	"Usage: iscsicfg service start [--config FILE]\n"
	"       iscsicfg service stop\n"
	"       iscsicfg service status [-j]\n"
	"       iscsicfg service enable|disable\n"
	"start without --config applies " CLI_DEFAULT_CONFIG " (what\n"
	"\"config save\" writes) if it exists, unless the target has a\n"
	"configuration already.\n"
	"FILE: one iscsicfg command per line without the leading \"iscsicfg\",\n"
	"      e.g. \"portal add --listen 0.0.0.0\"; # starts a comment.  Lines\n"
	"      are \"OBJECT add\" or \"global set\".  All or nothing: every line\n"
	"      is checked first, and if the kernel refuses one, what the lines\n"
	"      before it created is deleted again.\n";

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

/* ---- the journal of what a configuration created ---- */

struct undo {
	enum cli_obj obj;
	char *name;		/* target, extent, LUN's target or file path */
	uint64_t id;		/* portal tag, group or auth id, LUN */
};

static struct undo *journal;
static size_t n_journal;
static bool journaling;
static bool have_saved_global;
static struct iscsicfg_global saved_global;

void cli_created(enum cli_obj obj, const char *name, uint64_t id)
{
	struct undo *u;

	if (!journaling || opt_dry_run)
		return;
	u = reallocarray(journal, n_journal + 1, sizeof(*u));
	if (!u)
		abort();
	journal = u;
	u += n_journal++;
	u->obj = obj;
	u->id = id;
	u->name = name ? strdup(name) : NULL;
	if (name && !u->name)
		abort();
}

int cli_global_saved(struct iscsicfg_ctx *ctx)
{
	int ret;

	if (!journaling || opt_dry_run || have_saved_global)
		return 0;
	ret = iscsicfg_global_get(ctx, &saved_global);
	if (ret)
		return ret;
	have_saved_global = true;
	cli_created(CLI_GLOBAL, NULL, 0);
	return 0;
}

static int undo_one(struct iscsicfg_ctx *ctx, const struct undo *u)
{
	struct stat st;

	switch (u->obj) {
	case CLI_PORTAL:
		return iscsicfg_portal_del(ctx, (uint16_t)u->id,
					   ISCSICFG_DEL_FORCE);
	case CLI_IGROUP:
		return iscsicfg_igroup_del(ctx, (uint32_t)u->id,
					   ISCSICFG_DEL_FORCE);
	case CLI_AUTH:
		return iscsicfg_auth_del(ctx, (uint32_t)u->id,
					 ISCSICFG_DEL_FORCE);
	case CLI_TARGET:
		return iscsicfg_target_del(ctx, u->name, ISCSICFG_DEL_FORCE);
	case CLI_EXTENT:
		return iscsicfg_extent_del(ctx, u->name, ISCSICFG_DEL_FORCE);
	case CLI_LUN:
		return iscsicfg_lun_del(ctx, u->name, u->id);
	case CLI_FILE:
		/* a file "extent add" created; never a device */
		if (!lstat(u->name, &st) && S_ISREG(st.st_mode) &&
		    unlink(u->name)) {
			fprintf(stderr, "iscsicfg: undo: %s: %s\n", u->name,
				strerror(errno));
			return -errno;
		}
		return 0;
	case CLI_GLOBAL:
		saved_global.fields = ISCSICFG_GLOBAL_F_BASENAME |
			ISCSICFG_GLOBAL_F_ISNS | ISCSICFG_GLOBAL_F_POOL_THRESHOLD |
			ISCSICFG_GLOBAL_F_ALUA | ISCSICFG_GLOBAL_F_DISCOVERY_AUTH |
			ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG;
		return iscsicfg_global_set(ctx, &saved_global);
	}
	return 0;
}

static void journal_free(void);

/* deletes, newest first, what the lines applied so far created */
static int undo_all(void)
{
	struct iscsicfg_ctx *ctx;
	int ret, failed = 0;
	size_t i;

	ret = iscsicfg_open(&ctx, 0);
	for (i = n_journal; !ret && i-- > 0;) {
		if (!undo_one(ctx, &journal[i]))
			continue;
		/* a file's error is printed by undo_one */
		if (journal[i].obj != CLI_FILE)
			fprintf(stderr, "iscsicfg: undo: %s\n",
				iscsicfg_strerror(ctx));
		failed = EXIT_FAIL;
	}
	if (ret)
		failed = ctx ? cli_fail(ctx) : EXIT_FAIL;
	iscsicfg_close(ctx);
	journal_free();
	return failed;
}

/* a command made of others (the wizard): what they create, undone together */
void cli_journal_begin(void)
{
	journaling = true;
}

int cli_journal_end(int ret)
{
	journaling = false;
	if (ret)
		undo_all();
	else
		journal_free();
	return ret;
}

static void journal_free(void)
{
	size_t i;

	for (i = 0; i < n_journal; i++)
		free(journal[i].name);
	free(journal);
	journal = NULL;
	n_journal = 0;
	if (have_saved_global)
		iscsicfg_global_free(&saved_global);
	have_saved_global = false;
}

/* ---- configuration files ---- */

/* what the journal knows how to undo */
static bool undoable(int n, char **words)
{
	static const char *const objs[] = { "portal", "initiator", "auth",
					     "target", "extent", "lun" };
	size_t i;

	if (n < 2)
		return false;
	if (!strcmp(words[0], "global"))
		return !strcmp(words[1], "set");
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		if (!strcmp(words[0], objs[i]))
			return !strcmp(words[1], "add");
	return false;
}

/*
 * One pass over the lines: a dry run when validating (the library checks
 * each line without the kernel), for real when applying.
 */
static int run_lines(const char *path, char **lines, unsigned int n_lines,
		     bool validate)
{
	char *copy, *words[64];
	unsigned int i;
	int n, ret = 0;

	for (i = 0; !ret && i < n_lines; i++) {
		copy = strdup(lines[i]);
		if (!copy)
			abort();
		n = split_words(copy, words, 63);
		if (n < 0) {
			fprintf(stderr, "iscsicfg: %s:%u: failed: %s\n", path,
				i + 1, n == -E2BIG ? "too many words" :
				"unterminated quote");
			ret = EXIT_FAIL;
		} else if (n && !undoable(n, words)) {
			fprintf(stderr, "iscsicfg: %s:%u: failed: a configuration holds \"OBJECT add\" and \"global set\" lines only\n",
				path, i + 1);
			ret = EXIT_FAIL;
		} else if (n) {
			words[n] = NULL;
			ret = cli_run_argv(n, words);
			if (ret)
				fprintf(stderr, "iscsicfg: %s:%u: failed%s\n",
					path, i + 1, validate ?
					"; nothing was applied" :
					"; undoing the lines before it");
		}
		free(copy);
	}
	return ret;
}

/* the dry run prints what it would add: keep that off stdout */
static int validate_lines(const char *path, char **lines,
			  unsigned int n_lines)
{
	bool dry = opt_dry_run;
	int out, null, ret;

	fflush(stdout);
	out = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0) {
		fprintf(stderr, "iscsicfg: %s\n", strerror(errno));
		ret = EXIT_FAIL;
		goto out;
	}
	opt_dry_run = true;
	ret = run_lines(path, lines, n_lines, true);
	opt_dry_run = dry;
	fflush(stdout);
	dup2(out, STDOUT_FILENO);
out:
	if (null >= 0)
		close(null);
	if (out >= 0)
		close(out);
	return ret;
}

/*
 * All or nothing: every line is validated before the first is applied,
 * and when the kernel refuses one, what the lines before it created is
 * deleted again.
 */
static int apply_config(const char *path)
{
	char *line = NULL, **lines = NULL;
	unsigned int n_lines = 0, i;
	size_t cap = 0;
	int ret;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "iscsicfg: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	while (getline(&line, &cap, f) >= 0) {
		lines = reallocarray(lines, n_lines + 1, sizeof(*lines));
		if (!lines)
			abort();
		lines[n_lines++] = line;
		line = NULL;
		cap = 0;
	}
	free(line);
	fclose(f);

	ret = validate_lines(path, lines, n_lines);
	if (!ret && !opt_dry_run) {
		cli_journal_begin();
		ret = cli_journal_end(run_lines(path, lines, n_lines, false));
	}
	for (i = 0; i < n_lines; i++)
		free(lines[i]);
	free(lines);
	return ret;
}

/* config load, save: checks path's lines, each object to cli_captured */
int cli_config_check(const char *path)
{
	bool dry = opt_dry_run;
	int ret;

	opt_dry_run = true;
	ret = apply_config(path);
	opt_dry_run = dry;
	return ret;
}

/* what start did, unless it was a dry run or asked for JSON */
static void say(const char *fmt, const char *path)
{
	if (!opt_dry_run && !opt_json)
		printf(fmt, path);
}

static int start_with(const char *path)
{
	int ret = apply_config(path);

	if (!ret)
		say("iscsikt started with the configuration in %s\n", path);
	return ret;
}

/* objects a running target holds; its global settings always exist */
static int configured(struct iscsicfg_ctx *ctx, bool *yes)
{
	struct iscsicfg_config run;
	int ret = iscsicfg_config_get(ctx, &run);

	if (ret)
		return ret;
	*yes = run.n_portals || run.n_igroups || run.n_auths ||
	       run.n_extents || run.n_targets;
	iscsicfg_config_free(&run);
	return 0;
}

/*
 * Without --config: the saved configuration, unless the target has one
 * already (the service runs; starting it again changes nothing).
 */
static int start_saved(struct iscsicfg_ctx *ctx)
{
	const char *path = CLI_DEFAULT_CONFIG;
	bool running;

	if (configured(ctx, &running))
		return cli_fail(ctx);
	if (running) {
		say("iscsikt is running with a configuration already; %s not applied\n",
		    path);
		return EXIT_OK;
	}
	if (access(path, F_OK) && errno == ENOENT) {
		say("iscsikt started with an empty configuration: %s does not exist\n",
		    path);
		return EXIT_OK;
	}
	return start_with(path);
}

static int start(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_ctx *ctx;
	const char *config = NULL;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		if (c != 'c')
			return cli_obj_opt_other(o, argv, c);
		config = optarg;
	}
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	ctx = cli_open(ISCSICFG_OPEN_LOAD_MODULE);
	ret = config ? start_with(config) : start_saved(ctx);
	iscsicfg_close(ctx);
	return ret;
}

static int stop(const struct cli_object *o, int argc, char **argv)
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

static void print_state(const char *state)
{
	if (!opt_json) {
		printf("%s\n", state);
		return;
	}
	json_begin('[');
	json_begin('{');
	json_str("state", state);
	json_end('}');
	json_end(']');
	json_done();
}

static int status(const struct cli_object *o, int argc, char **argv)
{
	struct iscsicfg_ctx *ctx;
	int ret;

	ret = cli_show_opts(usage, argc, argv);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	ret = iscsicfg_open(&ctx, 0);
	iscsicfg_close(ctx);
	if (ret == -ENOENT) {
		print_state("stopped");
		return EXIT_STOPPED;
	}
	if (ret) {
		fprintf(stderr, "iscsicfg: %s\n", strerror(-ret));
		return EXIT_FAIL;
	}
	print_state("running");
	return EXIT_OK;
}

/* at boot: the unit runs "service start --config"; systemctl owns the links */
static int boot_unit(const struct cli_object *o, int argc, char **argv)
{
	char *cmd[] = { "systemctl", argv[0], "iscsikt.service", NULL };
	pid_t pid;
	int st;

	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	if (opt_dry_run) {
		printf("systemctl %s iscsikt.service\n", argv[0]);
		return EXIT_OK;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "iscsicfg: fork: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	if (!pid) {
		execvp(cmd[0], cmd);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (waitpid(pid, &st, 0) < 0) {
		fprintf(stderr, "iscsicfg: waitpid: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		fprintf(stderr, "iscsicfg: service %s: systemctl not found: starting at boot needs systemd\n",
			argv[0]);
		return EXIT_FAIL;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "iscsicfg: service %s: systemctl %s iscsikt.service failed\n",
			argv[0], argv[0]);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static const struct cli_verb verbs[] = {
	{ "start", start },
	{ "stop", stop },
	{ "status", status },
	{ "enable", boot_unit },
	{ "disable", boot_unit },
	{ NULL, NULL },
};

static const struct cli_object service = {
	.name = "service", .usage = usage, .verbs = verbs,
};

int cmd_service(int argc, char **argv)
{
	return cli_object_cmd(&service, argc, argv);
}
