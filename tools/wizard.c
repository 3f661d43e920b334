// SPDX-License-Identifier: GPL-2.0
/*
 * iscsicfg wizard: a share in one step, as a NAS's iSCSI wizard makes it:
 * portal (or the one already listening there), initiator group, CHAP
 * credentials, extent, target and LUN 0.  The wizard plans ordinary
 * iscsicfg commands and runs them all or nothing through the journal of
 * "service start --config", so each step is checked by the same code as
 * when an admin types it, and -n can print the plan as commands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg wizard [--name NAME] [--extent-type file|device] [--path PATH]\n"
	"                       [--size SIZE] [--block-size N] [--portal ADDR[:PORT]]\n"
	"                       [--initiators IQN[,IQN...] | --allow-all]\n"
	"                       [--auth none|chap|mutual [--user U]\n"
	"                        [--secret -|--secret-file F]\n"
	"                        [--peer-user U] [--peer-secret -|--peer-secret-file F]]\n"
	"Creates target and extent NAME, a portal (or reuses the one listening on\n"
	"ADDR:PORT, default 0.0.0.0:3260), an initiator group (default: allow all),\n"
	"CHAP credentials under a new auth tag, and LUN 0; all or nothing.\n"
	"On a terminal it asks for what the options leave out.  Secrets come\n"
	"from a prompt, stdin (-) or a file, never the command line.\n";

#define MAX_WORDS	24
#define MAX_STEPS	6

struct wizard {
	char *name, *type, *path, *size, *block_size, *portal;
	char **initiators;
	size_t n_initiators;
	bool allow_all;
	char *auth, *user, *peer_user;
	char *secret, *peer_secret;	/* wiped when freed */
	bool asked;			/* interactive */
};

/* one iscsicfg command; secret words print as "-" */
struct step {
	char *w[MAX_WORDS + 1];
	bool hidden[MAX_WORDS];
	int n;
};

struct plan {
	struct step steps[MAX_STEPS];
	int n;
	uint16_t portal;
	bool portal_new;
	uint32_t igroup;
	uint32_t auth_tag;
	char iqn[ISCSICFG_NAME_MAX];
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		abort();
	return d;
}

static void word(struct step *s, bool hidden, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void word(struct step *s, bool hidden, const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (s->n == MAX_WORDS)
		abort();
	va_start(ap, fmt);
	ret = vasprintf(&s->w[s->n], fmt, ap);
	va_end(ap);
	if (ret < 0)
		abort();
	s->hidden[s->n++] = hidden;
}

static struct step *step_new(struct plan *p, const char *obj)
{
	struct step *s = &p->steps[p->n++];

	word(s, false, "%s", obj);
	word(s, false, "add");
	return s;
}

static void plan_free(struct plan *p)
{
	int i, j;

	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->steps[i].n; j++)
			if (p->steps[i].hidden[j])
				cli_free_secret(p->steps[i].w[j]);
			else
				free(p->steps[i].w[j]);
}

static void wizard_free(struct wizard *w)
{
	size_t i;

	free(w->name);
	free(w->type);
	free(w->path);
	free(w->size);
	free(w->block_size);
	free(w->portal);
	for (i = 0; i < w->n_initiators; i++)
		free(w->initiators[i]);
	free(w->initiators);
	free(w->auth);
	free(w->user);
	free(w->peer_user);
	cli_free_secret(w->secret);
	cli_free_secret(w->peer_secret);
}

/* ---- questions, on a terminal ---- */

/* asks for *field unless an option gave it */
static int ask_field(struct wizard *w, char **field, const char *question,
		     const char *def)
{
	if (*field || !w->asked)
		return 0;
	*field = cli_ask(question, def);
	if (!*field) {
		fprintf(stderr, "iscsicfg: wizard: input ended\n");
		return EXIT_USAGE;
	}
	return 0;
}

static void add_initiators(struct wizard *w, const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	char **v;

	for (tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		v = reallocarray(w->initiators, w->n_initiators + 1, sizeof(*v));
		if (!v)
			abort();
		w->initiators = v;
		v[w->n_initiators++] = xstrdup(tok);
	}
	free(copy);
}

static bool is_auth(const struct wizard *w, const char *m)
{
	return w->auth && !strcmp(w->auth, m);
}

/* the questions of the NAS wizard's three screens, for what is missing */
static int interview(struct wizard *w)
{
	char def_path[80], *list = NULL;
	int ret;

	if (w->asked)
		fprintf(stderr, "iscsicfg wizard: Enter takes the [default].\n");
	ret = ask_field(w, &w->name, "Target and extent name", NULL) ?:
	      ask_field(w, &w->type, "Extent type (file, device)", "device");
	if (ret)
		return ret;
	snprintf(def_path, sizeof(def_path), "/var/lib/iscsikt/%s.img",
		 w->name ? w->name : "disk");
	ret = ask_field(w, &w->path, w->type && !strcmp(w->type, "file") ?
			"Path to the extent file" : "Block device",
			w->type && !strcmp(w->type, "file") ? def_path : NULL);
	if (!ret && w->type && !strcmp(w->type, "file"))
		ret = ask_field(w, &w->size,
				"File size (0 uses an existing file's size)",
				"0");
	ret = ret ?:
	      ask_field(w, &w->block_size,
			"Logical block size (512, 1024, 2048, 4096)", "512") ?:
	      ask_field(w, &w->portal, "Portal IP address[:port]",
			"0.0.0.0:3260");
	if (ret)
		return ret;
	if (w->asked && !w->n_initiators && !w->allow_all) {
		ret = ask_field(w, &list,
				"Initiators (IQNs, comma-separated; blank allows all)",
				"");
		if (ret)
			return ret;
		add_initiators(w, list);
		w->allow_all = !w->n_initiators;
		free(list);
	}
	ret = ask_field(w, &w->auth, "Authentication (none, chap, mutual)",
			"none");
	if (ret || is_auth(w, "none") || !w->auth)
		return ret;
	ret = ask_field(w, &w->user, "CHAP user", NULL);
	if (!ret && is_auth(w, "mutual"))
		ret = ask_field(w, &w->peer_user, "Peer (target) CHAP user",
				NULL);
	if (ret)
		return ret;
	/* a terminal can keep a secret off the screen even with every option given */
	if (!w->secret && isatty(STDIN_FILENO))
		ret = cli_prompt_secret("--secret", &w->secret);
	if (!ret && is_auth(w, "mutual") && !w->peer_secret &&
	    isatty(STDIN_FILENO))
		ret = cli_prompt_secret("--peer-secret", &w->peer_secret);
	return ret;
}

/* ---- options ---- */

enum {
	OPT_NAME = 256, OPT_TYPE, OPT_PATH, OPT_SIZE, OPT_BS, OPT_PORTAL,
	OPT_INITIATORS, OPT_ALLOW_ALL, OPT_AUTH, OPT_USER, OPT_SECRET,
	OPT_SECRET_FILE, OPT_PEER_USER, OPT_PEER_SECRET, OPT_PEER_SECRET_FILE,
};

static int set_once(char **field, const char *opt, const char *arg)
{
	if (*field)
		return cli_usage(usage, "%s: given twice", opt);
	*field = xstrdup(arg);
	return 0;
}

static int parse_opts(struct wizard *w, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "extent-type", required_argument, NULL, OPT_TYPE },
		{ "path", required_argument, NULL, OPT_PATH },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "block-size", required_argument, NULL, OPT_BS },
		{ "portal", required_argument, NULL, OPT_PORTAL },
		{ "initiators", required_argument, NULL, OPT_INITIATORS },
		{ "allow-all", no_argument, NULL, OPT_ALLOW_ALL },
		{ "auth", required_argument, NULL, OPT_AUTH },
		{ "user", required_argument, NULL, OPT_USER },
		{ "secret", required_argument, NULL, OPT_SECRET },
		{ "secret-file", required_argument, NULL, OPT_SECRET_FILE },
		{ "peer-user", required_argument, NULL, OPT_PEER_USER },
		{ "peer-secret", required_argument, NULL, OPT_PEER_SECRET },
		{ "peer-secret-file", required_argument, NULL,
		  OPT_PEER_SECRET_FILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret = 0;

	opterr = 0;
	while (!ret && (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_NAME:
			ret = set_once(&w->name, "--name", optarg);
			break;
		case OPT_TYPE:
			ret = set_once(&w->type, "--extent-type", optarg);
			break;
		case OPT_PATH:
			ret = set_once(&w->path, "--path", optarg);
			break;
		case OPT_SIZE:
			ret = set_once(&w->size, "--size", optarg);
			break;
		case OPT_BS:
			ret = set_once(&w->block_size, "--block-size", optarg);
			break;
		case OPT_PORTAL:
			ret = set_once(&w->portal, "--portal", optarg);
			break;
		case OPT_INITIATORS:
			add_initiators(w, optarg);
			break;
		case OPT_ALLOW_ALL:
			w->allow_all = true;
			break;
		case OPT_AUTH:
			ret = set_once(&w->auth, "--auth", optarg);
			break;
		case OPT_USER:
			ret = set_once(&w->user, "--user", optarg);
			break;
		case OPT_PEER_USER:
			ret = set_once(&w->peer_user, "--peer-user", optarg);
			break;
		case OPT_SECRET:
		case OPT_SECRET_FILE:
			ret = cli_secret_opt(usage, "--secret", optarg,
					     c == OPT_SECRET_FILE, &w->secret);
			break;
		case OPT_PEER_SECRET:
		case OPT_PEER_SECRET_FILE:
			ret = cli_secret_opt(usage, "--peer-secret", optarg,
					     c == OPT_PEER_SECRET_FILE,
					     &w->peer_secret);
			break;
		case 'h':
			return -cli_help(usage) - 1;
		default:
			return cli_opt_error(usage, argv, c);
		}
	}
	return ret ?: cli_extra_args(usage, argc, argv, 0);
}

/* what the options and answers must hold before any step is planned */
static int check(struct wizard *w)
{
	bool chap;

	if (!w->name)
		return cli_usage(usage, "wizard: --name is required (or run it on a terminal to be asked)");
	if (!w->path)
		return cli_usage(usage, "wizard: --path is required (or run it on a terminal to be asked)");
	if (!w->type)
		w->type = xstrdup("device");
	if (strcmp(w->type, "file") && strcmp(w->type, "device"))
		return cli_usage(usage, "--extent-type: \"%s\" is not file or device",
				 w->type);
	if (w->size && strcmp(w->type, "file"))
		return cli_usage(usage, "--size: only with --extent-type file");
	if (w->allow_all && w->n_initiators)
		return cli_usage(usage, "--allow-all: not together with --initiators");
	if (!w->auth)
		w->auth = xstrdup("none");
	if (!is_auth(w, "none") && !is_auth(w, "chap") &&
	    !is_auth(w, "mutual"))
		return cli_usage(usage, "--auth: \"%s\" is not none, chap or mutual",
				 w->auth);
	chap = !is_auth(w, "none");
	if (!chap && (w->user || w->secret))
		return cli_usage(usage, "--%s: only with --auth chap or mutual",
				 w->user ? "user" : "secret");
	if (!is_auth(w, "mutual") && (w->peer_user || w->peer_secret))
		return cli_usage(usage, "--%s: only with --auth mutual",
				 w->peer_user ? "peer-user" : "peer-secret");
	if (chap && !w->user)
		return cli_usage(usage, "--auth %s: --user is required", w->auth);
	if (chap && !w->secret)
		return cli_usage(usage, "--auth %s: --secret - or --secret-file is required (no terminal to ask)",
				 w->auth);
	if (is_auth(w, "mutual") && !w->peer_user)
		return cli_usage(usage, "--auth mutual: --peer-user is required");
	if (is_auth(w, "mutual") && !w->peer_secret)
		return cli_usage(usage, "--auth mutual: --peer-secret - or --peer-secret-file is required (no terminal to ask)");
	if (!w->portal)
		w->portal = xstrdup("0.0.0.0:3260");
	return 0;
}

/* ---- the plan ---- */

/* the lowest key from 1 up that used[] does not hold */
static uint64_t free_key(const uint64_t *used, size_t n)
{
	uint64_t k = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (used[i] == k) {
			k++;
			i = (size_t)-1;	/* look again from the start */
		}
	}
	return k;
}

static bool same_listen(const struct iscsicfg_listen *a,
			const struct iscsicfg_listen *b)
{
	size_t len = a->addr.family == AF_INET ? 4 : 16;

	return a->addr.family == b->addr.family &&
	       !memcmp(a->addr.bytes, b->addr.bytes, len) &&
	       (a->port ?: ISCSICFG_DEFAULT_PORT) ==
	       (b->port ?: ISCSICFG_DEFAULT_PORT);
}

/*
 * The keys of the new objects, and the portal to reuse.  A dry run reads
 * the running configuration when there is one, so its plan is the one a
 * real run would follow; without the module it starts from nothing.
 */
static int survey(struct plan *p, const struct wizard *w,
		  const struct iscsicfg_listen *listen)
{
	struct iscsicfg_portal *portals = NULL;
	struct iscsicfg_igroup *groups = NULL;
	struct iscsicfg_auth *auths = NULL;
	struct iscsicfg_global g = { 0 };
	size_t np = 0, ng = 0, na = 0, i, j;
	struct iscsicfg_ctx *ctx = NULL;
	uint64_t *used;
	char err[256];
	int ret = 0;

	if (!opt_dry_run)
		ctx = cli_open(0);
	else if (iscsicfg_open(&ctx, 0))
		goto plan;
	if (iscsicfg_portal_list(ctx, &portals, &np) ||
	    iscsicfg_igroup_list(ctx, &groups, &ng) ||
	    iscsicfg_auth_list(ctx, &auths, &na) ||
	    iscsicfg_global_get(ctx, &g)) {
		ret = cli_fail(ctx);
		goto out;
	}
plan:
	used = calloc(np + ng + na + 1, sizeof(*used));
	if (!used)
		abort();
	p->portal_new = true;
	for (i = 0; i < np; i++) {
		used[i] = portals[i].tag;
		for (j = 0; j < portals[i].n_listens && p->portal_new; j++) {
			if (same_listen(&portals[i].listens[j], listen)) {
				p->portal = portals[i].tag;
				p->portal_new = false;
			}
		}
	}
	if (p->portal_new)
		p->portal = (uint16_t)free_key(used, np);
	for (i = 0; i < ng; i++)
		used[i] = groups[i].id;
	p->igroup = (uint32_t)free_key(used, ng);
	for (i = 0; i < na; i++)
		used[i] = auths[i].tag;
	p->auth_tag = (uint32_t)free_key(used, na);
	free(used);
	if (iscsicfg_target_name_expand(g.basename, w->name, p->iqn,
					sizeof(p->iqn), err, sizeof(err)))
		snprintf(p->iqn, sizeof(p->iqn), "%s", w->name);
out:
	iscsicfg_portal_list_free(portals, np);
	iscsicfg_igroup_list_free(groups, ng);
	iscsicfg_auth_list_free(auths, na);
	if (ctx && g.basename)
		iscsicfg_global_free(&g);
	iscsicfg_close(ctx);
	return ret;
}

static void make_plan(struct plan *p, const struct wizard *w)
{
	struct step *s;
	size_t i;

	if (p->portal_new) {
		s = step_new(p, "portal");
		word(s, false, "--tag");
		word(s, false, "%u", p->portal);
		word(s, false, "--listen");
		word(s, false, "%s", w->portal);
	}
	s = step_new(p, "initiator");
	word(s, false, "--id");
	word(s, false, "%u", p->igroup);
	for (i = 0; i < w->n_initiators; i++) {
		word(s, false, "--initiator");
		word(s, false, "%s", w->initiators[i]);
	}
	if (!is_auth(w, "none")) {
		s = step_new(p, "auth");
		word(s, false, "--tag");
		word(s, false, "%u", p->auth_tag);
		word(s, false, "--user");
		word(s, false, "%s", w->user);
		word(s, false, "--secret");
		word(s, true, "%s", w->secret);
		if (is_auth(w, "mutual")) {
			word(s, false, "--peer-user");
			word(s, false, "%s", w->peer_user);
			word(s, false, "--peer-secret");
			word(s, true, "%s", w->peer_secret);
		}
	}
	s = step_new(p, "extent");
	word(s, false, "%s", w->name);
	word(s, false, "--%s", w->type);
	word(s, false, "%s", w->path);
	if (w->size) {
		word(s, false, "--size");
		word(s, false, "%s", w->size);
	}
	if (w->block_size) {
		word(s, false, "--block-size");
		word(s, false, "%s", w->block_size);
	}
	s = step_new(p, "target");
	word(s, false, "%s", w->name);
	word(s, false, "--group");
	if (is_auth(w, "none"))
		word(s, false, "portal=%u,initiator=%u", p->portal, p->igroup);
	else
		word(s, false, "portal=%u,initiator=%u,auth=%s,tag=%u",
		     p->portal, p->igroup, w->auth, p->auth_tag);
	s = step_new(p, "lun");
	word(s, false, "%s", w->name);
	word(s, false, "%s", w->name);
	word(s, false, "--lun");
	word(s, false, "0");
}

/* shell-quoted, so a printed plan can be pasted back */
static void print_word(FILE *f, const char *s)
{
	static const char plain[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,@%+-";

	if (*s && !s[strspn(s, plain)]) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void print_steps(FILE *f, const struct plan *p)
{
	int i, j;

	for (i = 0; i < p->n; i++) {
		fputs("iscsicfg", f);
		for (j = 0; j < p->steps[i].n; j++) {
			fputc(' ', f);
			print_word(f, p->steps[i].hidden[j] ? "-" :
				   p->steps[i].w[j]);
		}
		fputc('\n', f);
	}
}

/* the step's words as a command line, secrets shown as "-" */
static char *step_line(const struct step *s)
{
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);
	int i;

	if (!f)
		abort();
	for (i = 0; i < s->n; i++)
		fprintf(f, "%s%s", i ? " " : "", s->hidden[i] ? "-" : s->w[i]);
	fclose(f);
	return line;
}

/*
 * The steps as iscsicfg commands.  Their "N added" lines are kept back,
 * as in JSON mode: the wizard reports the whole share at the end.
 */
static int run_steps(struct plan *p, bool dry)
{
	bool json = opt_json, was_dry = opt_dry_run;
	char *words[MAX_WORDS + 1], *line;
	int i, ret = 0;

	opt_json = true;
	opt_dry_run = dry;
	for (i = 0; !ret && i < p->n; i++) {
		/* a command may reorder its argv (getopt): give it a copy */
		memcpy(words, p->steps[i].w, sizeof(words));
		ret = cli_run_argv(p->steps[i].n, words);
		if (ret) {
			line = step_line(&p->steps[i]);
			fprintf(stderr, "iscsicfg: wizard: step %d (%s) failed%s\n",
				i + 1, line, dry ? "; nothing was created" :
				i ? "; undoing the steps before it" : "");
			free(line);
		}
	}
	opt_json = json;
	opt_dry_run = was_dry;
	return ret;
}

static void report_json(const struct plan *p, const struct wizard *w)
{
	char *line;
	size_t i;
	int k;

	json_begin('{');
	json_str("target", w->name);
	json_str("iqn", p->iqn);
	json_str("extent", w->name);
	json_str("type", w->type);
	json_str("path", w->path);
	json_u64("portal", p->portal);
	json_bool("portal_created", p->portal_new);
	json_str("listen", w->portal);
	json_u64("initiator_group", p->igroup);
	json_key("initiators");
	json_begin('[');
	for (i = 0; i < w->n_initiators; i++)
		json_val(w->initiators[i]);
	json_end(']');
	json_str("auth", w->auth);
	if (is_auth(w, "none"))
		json_str("auth_tag", NULL);
	else
		json_u64("auth_tag", p->auth_tag);
	json_u64("lun", 0);
	json_bool("dry_run", opt_dry_run);
	json_key("commands");
	json_begin('[');
	for (k = 0; k < p->n; k++) {
		line = step_line(&p->steps[k]);
		json_val(line);
		free(line);
	}
	json_end(']');
	json_end('}');
	json_done();
}

static void report(const struct plan *p, const struct wizard *w)
{
	if (opt_json)
		return report_json(p, w);
	if (opt_dry_run)
		return print_steps(stdout, p);
	printf("portal %u %s (%s)\n", p->portal,
	       p->portal_new ? "added" : "reused", w->portal);
	printf("initiator group %u added (%s)\n", p->igroup,
	       w->n_initiators ? "allow list" : "allow all");
	if (!is_auth(w, "none"))
		printf("auth tag %u added (%s)\n", p->auth_tag, w->auth);
	printf("extent %s added\n", w->name);
	printf("target %s added\n", p->iqn);
	printf("lun 0 added\n");
}

static int confirm(void)
{
	char *a = cli_ask("Create it? (yes, no)", "yes");
	bool yes = a && (!strcasecmp(a, "yes") || !strcasecmp(a, "y"));

	free(a);
	if (!yes)
		fprintf(stderr, "iscsicfg: wizard: nothing created\n");
	return yes ? 0 : EXIT_FAIL;
}

static int wizard(int argc, char **argv)
{
	struct iscsicfg_listen listen;
	struct wizard w = { 0 };
	struct plan p = { 0 };
	char err[256];
	int ret;

	ret = parse_opts(&w, argc, argv);
	if (ret)
		goto out;
	w.asked = isatty(STDIN_FILENO) && (!w.name || !w.path);
	ret = interview(&w) ?: check(&w);
	if (ret)
		goto out;
	if (iscsicfg_parse_listen(w.portal, &listen, err, sizeof(err))) {
		fprintf(stderr, "iscsicfg: --portal: %s\n", err);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = survey(&p, &w, &listen);
	if (ret)
		goto out;
	make_plan(&p, &w);
	/* every step checked before the first is taken */
	ret = run_steps(&p, true);
	if (!ret && w.asked && !opt_dry_run) {
		print_steps(stderr, &p);
		ret = confirm();
	}
	if (!ret && !opt_dry_run) {
		cli_journal_begin();
		ret = cli_journal_end(run_steps(&p, false));
	}
	if (!ret)
		report(&p, &w);
out:
	plan_free(&p);
	wizard_free(&w);
	return ret < 0 ? EXIT_OK : ret;
}

int cmd_wizard(int argc, char **argv)
{
	if (argc > 1 && cli_is_help(argc, argv))
		return cli_help(usage);
	return wizard(argc, argv);
}
