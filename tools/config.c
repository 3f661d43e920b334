// SPDX-License-Identifier: GPL-2.0
/*
 * iscsicfg config: the running configuration to and from a file of
 * iscsicfg command lines, the format "service start --config" applies.
 * A file is read by the add verbs themselves in a dry run (no second
 * parser), and applied through iscsicfg_config_apply: incrementally,
 * undone on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg config save [--secrets-from FILE] [PATH]\n"
	"       iscsicfg config load [--force] PATH\n"
	"       iscsicfg config show-diff PATH\n"
	"PATH defaults to " CLI_DEFAULT_CONFIG ", which \"service start\"\n"
	"applies.  save writes the running configuration as \"service start\"\n"
	"reads it, mode 0600; the kernel never returns CHAP secrets, so they\n"
	"come from the file save replaces, or --secrets-from FILE (matched by\n"
	"tag and user).  load applies only what differs (-n or show-diff:\n"
	"print the plan only), and undoes it all if a step fails; --force\n"
	"deletes targets and extents in use.\n";

/* ---- reading a file ---- */

static struct iscsicfg_config *capture;

void cli_captured(enum cli_obj obj, const void *o)
{
	static const enum iscsicfg_obj map[] = {
		[CLI_PORTAL] = ISCSICFG_OBJ_PORTAL,
		[CLI_IGROUP] = ISCSICFG_OBJ_IGROUP,
		[CLI_AUTH] = ISCSICFG_OBJ_AUTH,
		[CLI_TARGET] = ISCSICFG_OBJ_TARGET,
		[CLI_EXTENT] = ISCSICFG_OBJ_EXTENT,
		[CLI_LUN] = ISCSICFG_OBJ_LUN,
		[CLI_GLOBAL] = ISCSICFG_OBJ_GLOBAL,
	};

	if (!capture || obj == CLI_FILE)
		return;
	if (iscsicfg_config_put(capture, map[obj], o))
		abort();
}

static int read_config(const char *path, struct iscsicfg_config *cfg)
{
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	capture = cfg;
	ret = cli_config_check(path);
	capture = NULL;
	if (ret)
		iscsicfg_config_free(cfg);
	return ret;
}

/* the running state, always from the kernel, even under -n */
static int open_live(struct iscsicfg_ctx **ctx)
{
	int ret = iscsicfg_open(ctx, 0);

	if (ret) {
		fprintf(stderr, "iscsicfg: %s\n",
			*ctx ? iscsicfg_strerror(*ctx) : strerror(-ret));
		iscsicfg_close(*ctx);
		return EXIT_FAIL;
	}
	return 0;
}

/* ---- writing one ---- */

struct out {
	FILE *f;
	const char *bad;	/* a word no quoting can hold */
};

/* one word, quoted so that the file's reader splits it back the same */
static void word(struct out *o, const char *w)
{
	bool plain = *w != '\0';
	const char *c;

	for (c = w; *c; c++)
		if (strchr(" \t\r\n#'\"", *c))
			plain = false;
	if (strchr(w, '\n') || strchr(w, '\r') ||
	    (strchr(w, '"') && strchr(w, '\'')))
		o->bad = w;
	if (plain)
		fprintf(o->f, " %s", w);
	else
		fprintf(o->f, strchr(w, '"') ? " '%s'" : " \"%s\"", w);
}

static void opt(struct out *o, const char *name, const char *val)
{
	fprintf(o->f, " %s", name);
	word(o, val);
}

static void opt_u(struct out *o, const char *name, unsigned long long v)
{
	fprintf(o->f, " %s %llu", name, v);
}

static void opt_str(struct out *o, const char *name, const char *val)
{
	if (val && *val)
		opt(o, name, val);
}

static void flag(struct out *o, const char *name, bool on)
{
	if (on)
		fprintf(o->f, " %s", name);
}

static void format_addr(const struct iscsicfg_addr *a, uint16_t port,
			char *buf, size_t len)
{
	char s[64];

	iscsicfg_addr_format(a, s, sizeof(s));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", s,
		 port ?: ISCSICFG_DEFAULT_PORT);
}

static int cmp_lun(const void *a, const void *b)
{
	const struct iscsicfg_lun *x = a, *y = b;
	int c = strcmp(x->target, y->target);

	return c ? c : (x->lun_id > y->lun_id) - (x->lun_id < y->lun_id);
}

static void write_global(struct out *o, const struct iscsicfg_global *g)
{
	size_t i;

	fprintf(o->f, "global set");
	opt(o, "--basename", g->basename);
	for (i = 0; i < g->n_isns; i++)
		opt(o, "--isns", g->isns[i]);
	opt_u(o, "--pool-threshold", g->pool_threshold);
	opt(o, "--alua", g->alua ? "on" : "off");
	opt(o, "--discovery-auth",
	    iscsicfg_auth_method_name(g->discovery_auth));
	opt_u(o, "--discovery-auth-tag", g->discovery_auth_tag);
	fputc('\n', o->f);
}

static void write_extent(struct out *o, const struct iscsicfg_extent *x)
{
	char naa[24];

	fprintf(o->f, "extent add");
	word(o, x->name);
	if (x->type == ISCSICFG_EXTENT_FILE) {
		opt(o, "--file", x->path);
		opt_u(o, "--size", x->size);
	} else {
		opt(o, "--device", x->path);
	}
	opt_u(o, "--block-size", x->block_size ?: 512);
	flag(o, "--no-pbs", x->no_pbs);
	flag(o, "--read-only", x->read_only);
	flag(o, "--xen", x->xen);
	opt(o, "--rpm", iscsicfg_rpm_name(x->rpm));
	flag(o, "--tpc", x->tpc);
	opt_str(o, "--serial", x->serial);
	if (x->naa) {
		snprintf(naa, sizeof(naa), "0x%016llx",
			 (unsigned long long)x->naa);
		opt(o, "--naa", naa);
	}
	opt_u(o, "--threshold", x->threshold);
	opt_str(o, "--comment", x->comment);
	flag(o, "--disabled", !x->enabled);
	flag(o, "--direct-io", x->direct_io);
	fputc('\n', o->f);
}

static void write_target(struct out *o, const struct iscsicfg_target *t)
{
	char buf[160], a[64];
	size_t i;

	fprintf(o->f, "target add");
	word(o, t->name);
	opt_str(o, "--alias", t->alias);
	opt(o, "--mode", iscsicfg_target_mode_name(t->mode));
	for (i = 0; i < t->n_groups; i++) {
		const struct iscsicfg_tgroup *g = &t->groups[i];

		snprintf(buf, sizeof(buf),
			 "portal=%u,initiator=%u,auth=%s,tag=%u", g->portal_tag,
			 g->igroup_id,
			 iscsicfg_auth_method_name(g->auth_method),
			 g->auth_tag);
		opt(o, "--group", buf);
	}
	for (i = 0; i < t->n_networks; i++) {
		iscsicfg_addr_format(&t->networks[i].addr, a, sizeof(a));
		snprintf(buf, sizeof(buf), "%s/%u", a, t->networks[i].prefix);
		opt(o, "--network", buf);
	}
	fputc('\n', o->f);
}

/* in the order "service start --config" must create them */
static void write_config(struct out *o, struct iscsicfg_config *c)
{
	char buf[96];
	size_t i, j;

	fprintf(o->f, "# iscsikt configuration, written by \"iscsicfg config save\".\n"
		"# One iscsicfg command per line; it holds CHAP secrets: keep it 0600.\n");
	write_global(o, &c->global);
	for (i = 0; i < c->n_portals; i++) {
		fprintf(o->f, "portal add");
		opt_u(o, "--tag", c->portals[i].tag);
		for (j = 0; j < c->portals[i].n_listens; j++) {
			format_addr(&c->portals[i].listens[j].addr,
				    c->portals[i].listens[j].port, buf,
				    sizeof(buf));
			opt(o, "--listen", buf);
		}
		opt_str(o, "--comment", c->portals[i].comment);
		fputc('\n', o->f);
	}
	for (i = 0; i < c->n_igroups; i++) {
		fprintf(o->f, "initiator add");
		opt_u(o, "--id", c->igroups[i].id);
		for (j = 0; j < c->igroups[i].n_initiators; j++)
			opt(o, "--initiator", c->igroups[i].initiators[j]);
		opt_str(o, "--comment", c->igroups[i].comment);
		fputc('\n', o->f);
	}
	for (i = 0; i < c->n_auths; i++) {
		const struct iscsicfg_auth *a = &c->auths[i];

		fprintf(o->f, "auth add");
		opt_u(o, "--id", a->id);
		opt_u(o, "--tag", a->tag);
		opt(o, "--user", a->user);
		opt(o, "--secret", a->secret);
		if (a->peer_user && *a->peer_user) {
			opt(o, "--peer-user", a->peer_user);
			opt(o, "--peer-secret", a->peer_secret);
		}
		fputc('\n', o->f);
	}
	for (i = 0; i < c->n_extents; i++)
		write_extent(o, &c->extents[i]);
	for (i = 0; i < c->n_targets; i++)
		write_target(o, &c->targets[i]);
	qsort(c->luns, c->n_luns, sizeof(*c->luns), cmp_lun);
	for (i = 0; i < c->n_luns; i++) {
		fprintf(o->f, "lun add");
		word(o, c->luns[i].target);
		word(o, c->luns[i].extent);
		opt_u(o, "--lun", (unsigned long long)c->luns[i].lun_id);
		fputc('\n', o->f);
	}
}

/*
 * The secrets of each running auth entry from the file's entry with the
 * same tag and user: the kernel never gives them back.
 */
static int carry_secrets(struct iscsicfg_config *run, const char *src)
{
	struct iscsicfg_config old;
	struct iscsicfg_auth *a;
	size_t i, j;
	int ret = 0;

	if (!run->n_auths)
		return 0;
	if (!src) {
		fprintf(stderr, "iscsicfg: config save: auth %u (tag %u, user %s): the kernel never returns CHAP secrets and there is no file to take them from; give --secrets-from FILE\n",
			run->auths[0].id, run->auths[0].tag, run->auths[0].user);
		return EXIT_FAIL;
	}
	if (read_config(src, &old)) {
		fprintf(stderr, "iscsicfg: config save: %s: cannot take the CHAP secrets from it\n",
			src);
		return EXIT_FAIL;
	}
	for (i = 0; !ret && i < run->n_auths; i++) {
		a = &run->auths[i];
		for (j = 0; j < old.n_auths; j++)
			if (old.auths[j].tag == a->tag && old.auths[j].user &&
			    a->user && !strcmp(old.auths[j].user, a->user))
				break;
		if (j == old.n_auths || !old.auths[j].secret ||
		    (a->peer_user && *a->peer_user &&
		     !old.auths[j].peer_secret)) {
			fprintf(stderr, "iscsicfg: config save: auth %u (tag %u, user %s): %s has no %ssecret for it and the kernel never returns one; add it there or give --secrets-from FILE\n",
				a->id, a->tag, a->user, src,
				j < old.n_auths && old.auths[j].secret ?
				"peer " : "");
			ret = EXIT_FAIL;
			break;
		}
		a->secret = old.auths[j].secret;
		old.auths[j].secret = NULL;
		a->peer_secret = old.auths[j].peer_secret;
		old.auths[j].peer_secret = NULL;
	}
	iscsicfg_config_free(&old);
	return ret;
}

/* temp file in the same directory, fsync, rename, fsync the directory */
static int write_atomic(const char *path, struct iscsicfg_config *c)
{
	char *tmp, *dcopy;
	struct out o = { 0 };
	int fd, dfd, ret = EXIT_FAIL;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		abort();
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "iscsicfg: config save: %s: %s\n", tmp,
			strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	o.f = fdopen(fd, "w");
	if (!o.f || fchmod(fd, 0600)) {
		fprintf(stderr, "iscsicfg: config save: %s: %s\n", tmp,
			strerror(errno));
		if (o.f)
			fclose(o.f);
		else
			close(fd);
		goto out;
	}
	write_config(&o, c);
	if (o.bad) {
		fprintf(stderr, "iscsicfg: config save: \"%s\" cannot be written: it holds both quote characters or a line break\n",
			o.bad);
		fclose(o.f);
		goto out;
	}
	if (fflush(o.f) || fsync(fd) || ferror(o.f)) {
		fprintf(stderr, "iscsicfg: config save: %s: %s\n", tmp,
			strerror(errno));
		fclose(o.f);
		goto out;
	}
	if (fclose(o.f) || rename(tmp, path)) {
		fprintf(stderr, "iscsicfg: config save: %s: %s\n", path,
			strerror(errno));
		goto out;
	}
	dcopy = strdup(path);
	if (!dcopy)
		abort();
	dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dcopy);
	if (dfd < 0 || fsync(dfd)) {
		fprintf(stderr, "iscsicfg: config save: %s: directory: %s\n",
			path, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		free(tmp);
		return EXIT_FAIL;
	}
	close(dfd);
	free(tmp);
	return 0;
out:
	unlink(tmp);
	free(tmp);
	return ret;
}

static int save(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "secrets-from", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = CLI_DEFAULT_CONFIG, *secrets = NULL;
	struct iscsicfg_config run;
	struct iscsicfg_ctx *ctx;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:h", opts, NULL)) != -1) {
		if (c != 's')
			return cli_obj_opt_other(o, argv, c);
		secrets = optarg;
	}
	if (optind < argc)
		path = argv[optind++];
	if (cli_extra_args(usage, argc, argv, 0))
		return EXIT_USAGE;
	if (!secrets && !access(path, F_OK))
		secrets = path;
	if (open_live(&ctx))
		return EXIT_FAIL;
	ret = iscsicfg_config_get(ctx, &run);
	if (ret) {
		ret = cli_fail(ctx);
		iscsicfg_close(ctx);
		return ret;
	}
	iscsicfg_close(ctx);
	ret = carry_secrets(&run, secrets);
	if (!ret && opt_dry_run) {
		struct out out = { .f = stdout };

		write_config(&out, &run);
	} else if (!ret) {
		ret = write_atomic(path, &run);
	}
	iscsicfg_config_free(&run);
	return ret;
}

/* ---- applying one ---- */

/* -j: {"op":"set","object":"extent","key":"ea","changes":["comment"]} */
static void json_step(const struct iscsicfg_config_step *s,
		      const char *obj)
{
	static const char *const op[] = { "add", "set", "del" };
	char *changes = strdup(s->detail), *field, *rest;

	if (!changes)
		abort();
	json_begin('{');
	json_str("op", op[s->op]);
	json_str("object", obj);
	json_str("key", s->key);
	json_key("changes");
	json_begin('[');
	for (field = strtok_r(changes, ",", &rest); field;
	     field = strtok_r(NULL, ",", &rest))
		json_val(field);
	free(changes);
	json_end(']');
	json_end('}');
}

static void print_step(const struct iscsicfg_config_step *s, void *arg)
{
	static const char *const obj[] = {
		"global", "portal", "initiator", "auth", "extent", "target",
		"lun",
	};
	static const char op[] = "+~-";

	if (opt_json)
		json_step(s, obj[s->obj]);
	else
		printf("%c %s %s%s%s%s\n", op[s->op], obj[s->obj], s->key,
		       *s->detail ? " (" : "", s->detail,
		       *s->detail ? ")" : "");
	(*(unsigned int *)arg)++;
}

static int apply(const char *path, bool plan_only, bool force)
{
	struct iscsicfg_config want;
	struct iscsicfg_ctx *ctx;
	unsigned int steps = 0;
	int ret;

	if (read_config(path, &want))
		return EXIT_FAIL;
	if (open_live(&ctx)) {
		iscsicfg_config_free(&want);
		return EXIT_FAIL;
	}
	/* the plan is printed whole before the first step runs */
	if (opt_json)
		json_begin('[');
	ret = iscsicfg_config_apply(ctx, &want,
				    (plan_only ? ISCSICFG_APPLY_PLAN_ONLY : 0) |
				    (force ? ISCSICFG_APPLY_FORCE : 0),
				    print_step, &steps);
	if (opt_json) {
		json_end(']');
		json_done();
	}
	if (ret)
		ret = cli_fail(ctx);
	else if (!steps && !opt_json)
		printf("nothing to change\n");
	iscsicfg_close(ctx);
	iscsicfg_config_free(&want);
	return ret;
}

static int load(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool show = !strcmp(argv[0], "show-diff"), force = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, show ? ":h" : ":fh", opts,
				NULL)) != -1) {
		if (c != 'f' || show)
			return cli_obj_opt_other(o, argv, c == 'f' ? '?' : c);
		force = true;
	}
	if (cli_extra_args(usage, argc, argv, 1))
		return EXIT_USAGE;
	return apply(argv[optind], show || opt_dry_run, force);
}

static const struct cli_verb verbs[] = {
	{ "save", save },
	{ "load", load },
	{ "show-diff", load },
	{ NULL, NULL },
};

static const struct cli_object config = {
	.name = "config", .usage = usage, .verbs = verbs,
};

int cmd_config(int argc, char **argv)
{
	return cli_object_cmd(&config, argc, argv);
}
