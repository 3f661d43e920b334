// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whole configurations: read what runs, and make the running target what
 * another configuration wants with as few changes as possible, undoing
 * them all when one fails.  Built on the public object calls only, so
 * every step is validated exactly as a single add, set or del is.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iscsicfg.h"
#include "internal.h"

#define IC_EXPORT __attribute__((visibility("default")))

/* ---- copies ---- */

static int dup_str(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -ENOMEM;
}

static int dup_mem(void *dst, const void *src, size_t n, size_t size)
{
	void **d = dst;

	*d = NULL;
	if (!n)
		return 0;
	*d = calloc(n, size);
	if (!*d)
		return -ENOMEM;
	memcpy(*d, src, n * size);
	return 0;
}

static int dup_strv(char ***dst, char *const *src, size_t n)
{
	size_t i;

	*dst = NULL;
	if (!n)
		return 0;
	*dst = calloc(n, sizeof(char *));
	if (!*dst)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (dup_str(&(*dst)[i], src[i]))
			return -ENOMEM;
	return 0;
}

static void *grow(void *v, size_t *n, size_t size)
{
	char *p = reallocarray(v, *n + 1, size);

	if (!p)
		return NULL;
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

/* deep copy of one object into the zeroed *dst; partial copies are freed */
static int copy_obj(enum iscsicfg_obj type, void *dst, const void *src)
{
	int ret = -EINVAL;

	switch (type) {
	case ISCSICFG_OBJ_GLOBAL:
		break;
	case ISCSICFG_OBJ_PORTAL: {
		struct iscsicfg_portal *d = dst;
		const struct iscsicfg_portal *s = src;

		*d = *s;
		d->listens = NULL;
		ret = dup_str(&d->comment, s->comment) ?:
		      dup_mem(&d->listens, s->listens, s->n_listens,
			      sizeof(*s->listens));
		if (ret)
			iscsicfg_portal_free(d);
		break;
	}
	case ISCSICFG_OBJ_IGROUP: {
		struct iscsicfg_igroup *d = dst;
		const struct iscsicfg_igroup *s = src;

		*d = *s;
		d->initiators = NULL;
		ret = dup_str(&d->comment, s->comment) ?:
		      dup_strv(&d->initiators, s->initiators, s->n_initiators);
		if (ret) {
			if (!d->initiators)
				d->n_initiators = 0;
			iscsicfg_igroup_free(d);
		}
		break;
	}
	case ISCSICFG_OBJ_AUTH: {
		struct iscsicfg_auth *d = dst;
		const struct iscsicfg_auth *s = src;

		*d = *s;
		d->user = d->secret = d->peer_user = d->peer_secret = NULL;
		ret = dup_str(&d->user, s->user) ?:
		      dup_str(&d->secret, s->secret) ?:
		      dup_str(&d->peer_user, s->peer_user) ?:
		      dup_str(&d->peer_secret, s->peer_secret);
		if (ret)
			iscsicfg_auth_free(d);
		break;
	}
	case ISCSICFG_OBJ_EXTENT: {
		struct iscsicfg_extent *d = dst;
		const struct iscsicfg_extent *s = src;

		*d = *s;
		d->path = d->serial = d->comment = NULL;
		ret = dup_str(&d->name, s->name) ?:
		      dup_str(&d->path, s->path) ?:
		      dup_str(&d->serial, s->serial) ?:
		      dup_str(&d->comment, s->comment);
		if (ret)
			iscsicfg_extent_free(d);
		break;
	}
	case ISCSICFG_OBJ_TARGET: {
		struct iscsicfg_target *d = dst;
		const struct iscsicfg_target *s = src;

		*d = *s;
		d->alias = NULL;
		d->groups = NULL;
		d->networks = NULL;
		ret = dup_str(&d->name, s->name) ?:
		      dup_str(&d->alias, s->alias) ?:
		      dup_mem(&d->groups, s->groups, s->n_groups,
			      sizeof(*s->groups)) ?:
		      dup_mem(&d->networks, s->networks, s->n_networks,
			      sizeof(*s->networks));
		if (ret)
			iscsicfg_target_free(d);
		break;
	}
	case ISCSICFG_OBJ_LUN: {
		struct iscsicfg_lun *d = dst;
		const struct iscsicfg_lun *s = src;

		*d = *s;
		d->extent = NULL;
		ret = dup_str(&d->target, s->target) ?:
		      dup_str(&d->extent, s->extent);
		if (ret)
			iscsicfg_lun_free(d);
		break;
	}
	}
	return ret;
}

static int put_global(struct iscsicfg_global *d, const struct iscsicfg_global *s)
{
	char *base = NULL, **isns = NULL;
	size_t i;

	if ((s->fields & ISCSICFG_GLOBAL_F_BASENAME) &&
	    dup_str(&base, s->basename))
		return -ENOMEM;
	if ((s->fields & ISCSICFG_GLOBAL_F_ISNS) &&
	    dup_strv(&isns, s->isns, s->n_isns)) {
		free(base);
		for (i = 0; isns && i < s->n_isns; i++)
			free(isns[i]);
		free(isns);
		return -ENOMEM;
	}
	if (s->fields & ISCSICFG_GLOBAL_F_BASENAME) {
		free(d->basename);
		d->basename = base;
	}
	if (s->fields & ISCSICFG_GLOBAL_F_ISNS) {
		while (d->n_isns)
			free(d->isns[--d->n_isns]);
		free(d->isns);
		d->isns = isns;
		d->n_isns = s->n_isns;
	}
	if (s->fields & ISCSICFG_GLOBAL_F_POOL_THRESHOLD)
		d->pool_threshold = s->pool_threshold;
	if (s->fields & ISCSICFG_GLOBAL_F_ALUA)
		d->alua = s->alua;
	if (s->fields & ISCSICFG_GLOBAL_F_DISCOVERY_AUTH)
		d->discovery_auth = s->discovery_auth;
	if (s->fields & ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG)
		d->discovery_auth_tag = s->discovery_auth_tag;
	d->fields |= s->fields;
	return 0;
}

/* Where each list of a struct iscsicfg_config lives, by object type. */
#define CONFIG_LIST(type, list)						\
	[type] = { offsetof(struct iscsicfg_config, list),		\
		   offsetof(struct iscsicfg_config, n_##list),		\
		   sizeof(*((struct iscsicfg_config *)0)->list) }
static const struct {
	size_t v, n, size;
} config_lists[] = {
	CONFIG_LIST(ISCSICFG_OBJ_PORTAL, portals),
	CONFIG_LIST(ISCSICFG_OBJ_IGROUP, igroups),
	CONFIG_LIST(ISCSICFG_OBJ_AUTH, auths),
	CONFIG_LIST(ISCSICFG_OBJ_EXTENT, extents),
	CONFIG_LIST(ISCSICFG_OBJ_TARGET, targets),
	CONFIG_LIST(ISCSICFG_OBJ_LUN, luns),
};

IC_EXPORT int iscsicfg_config_put(struct iscsicfg_config *cfg,
				  enum iscsicfg_obj type, const void *obj)
{
	void **v;
	size_t *n, size;
	char *slot;
	int ret;

	if (type == ISCSICFG_OBJ_GLOBAL)
		return put_global(&cfg->global, obj);
	if ((unsigned int)type >= sizeof(config_lists) / sizeof(config_lists[0]) ||
	    !config_lists[type].size)
		return -EINVAL;
	v = (void **)((char *)cfg + config_lists[type].v);
	n = (size_t *)((char *)cfg + config_lists[type].n);
	size = config_lists[type].size;
	slot = grow(*v, n, size);
	if (!slot)
		return -ENOMEM;
	*v = slot;
	ret = copy_obj(type, slot + (*n - 1) * size, obj);
	if (ret)
		(*n)--;
	return ret;
}

IC_EXPORT void iscsicfg_config_free(struct iscsicfg_config *cfg)
{
	if (!cfg)
		return;
	iscsicfg_global_free(&cfg->global);
	iscsicfg_portal_list_free(cfg->portals, cfg->n_portals);
	iscsicfg_igroup_list_free(cfg->igroups, cfg->n_igroups);
	iscsicfg_auth_list_free(cfg->auths, cfg->n_auths);
	iscsicfg_extent_list_free(cfg->extents, cfg->n_extents);
	iscsicfg_target_list_free(cfg->targets, cfg->n_targets);
	iscsicfg_lun_list_free(cfg->luns, cfg->n_luns);
	memset(cfg, 0, sizeof(*cfg));
}

IC_EXPORT int iscsicfg_config_get(struct iscsicfg_ctx *ctx,
				  struct iscsicfg_config *cfg)
{
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	ret = iscsicfg_global_get(ctx, &cfg->global) ?:
	      iscsicfg_portal_list(ctx, &cfg->portals, &cfg->n_portals) ?:
	      iscsicfg_igroup_list(ctx, &cfg->igroups, &cfg->n_igroups) ?:
	      iscsicfg_auth_list(ctx, &cfg->auths, &cfg->n_auths) ?:
	      iscsicfg_extent_list(ctx, &cfg->extents, &cfg->n_extents) ?:
	      iscsicfg_target_list(ctx, &cfg->targets, &cfg->n_targets) ?:
	      iscsicfg_lun_list(ctx, NULL, &cfg->luns, &cfg->n_luns);
	if (ret)
		iscsicfg_config_free(cfg);
	else
		cfg->global.fields = ISCSICFG_GLOBAL_F_BASENAME |
			ISCSICFG_GLOBAL_F_ISNS | ISCSICFG_GLOBAL_F_POOL_THRESHOLD |
			ISCSICFG_GLOBAL_F_ALUA | ISCSICFG_GLOBAL_F_DISCOVERY_AUTH |
			ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG;
	return ret;
}

/* ---- comparing ---- */

static bool str_eq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static bool addr_eq(const struct iscsicfg_addr *a,
		    const struct iscsicfg_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->bytes, b->bytes, a->family == AF_INET6 ? 16 : 4);
}

static bool listens_eq(const struct iscsicfg_portal *a,
		       const struct iscsicfg_portal *b)
{
	size_t i;

	if (a->n_listens != b->n_listens)
		return false;
	for (i = 0; i < a->n_listens; i++)
		if (!addr_eq(&a->listens[i].addr, &b->listens[i].addr) ||
		    (a->listens[i].port ?: ISCSICFG_DEFAULT_PORT) !=
		    (b->listens[i].port ?: ISCSICFG_DEFAULT_PORT))
			return false;
	return true;
}

static bool strv_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return false;
	return true;
}

static bool groups_eq(const struct iscsicfg_target *a,
		      const struct iscsicfg_target *b)
{
	size_t i;

	if (a->n_groups != b->n_groups)
		return false;
	for (i = 0; i < a->n_groups; i++) {
		const struct iscsicfg_tgroup *x = &a->groups[i],
					     *y = &b->groups[i];

		if (x->portal_tag != y->portal_tag ||
		    x->igroup_id != y->igroup_id ||
		    x->auth_method != y->auth_method ||
		    x->auth_tag != y->auth_tag)
			return false;
	}
	return true;
}

static bool networks_eq(const struct iscsicfg_target *a,
			const struct iscsicfg_target *b)
{
	size_t i;

	if (a->n_networks != b->n_networks)
		return false;
	for (i = 0; i < a->n_networks; i++)
		if (!addr_eq(&a->networks[i].addr, &b->networks[i].addr) ||
		    a->networks[i].prefix != b->networks[i].prefix)
			return false;
	return true;
}

/* ---- the plan ---- */

struct step {
	struct iscsicfg_config_step pub;
	char key[ISCSICFG_NAME_MAX + 16];
	char detail[160];
	const void *want;	/* ADD, SET */
	const void *old;	/* SET, DEL */
	uint32_t fields;	/* SET: what changes */
	bool new_file;		/* extent ADD: the kernel creates its file */
};

struct plan {
	struct step *v;
	size_t n;
};

static struct step *plan_add(struct plan *p, enum iscsicfg_config_op op,
			     enum iscsicfg_obj obj, const void *want,
			     const void *old)
{
	struct step *s = grow(p->v, &p->n, sizeof(*p->v));

	if (!s)
		return NULL;
	p->v = s;
	s += p->n - 1;
	s->pub.op = op;
	s->pub.obj = obj;
	s->want = want;
	s->old = old;
	return s;
}

static void step_key(struct step *s)
{
	const void *o = s->want ? s->want : s->old;

	switch (s->pub.obj) {
	case ISCSICFG_OBJ_GLOBAL:
		snprintf(s->key, sizeof(s->key), "settings");
		break;
	case ISCSICFG_OBJ_PORTAL:
		snprintf(s->key, sizeof(s->key), "%u",
			 ((const struct iscsicfg_portal *)o)->tag);
		break;
	case ISCSICFG_OBJ_IGROUP:
		snprintf(s->key, sizeof(s->key), "%u",
			 ((const struct iscsicfg_igroup *)o)->id);
		break;
	case ISCSICFG_OBJ_AUTH:
		snprintf(s->key, sizeof(s->key), "%u",
			 ((const struct iscsicfg_auth *)o)->id);
		break;
	case ISCSICFG_OBJ_EXTENT:
		snprintf(s->key, sizeof(s->key), "%s",
			 ((const struct iscsicfg_extent *)o)->name);
		break;
	case ISCSICFG_OBJ_TARGET:
		snprintf(s->key, sizeof(s->key), "%s",
			 ((const struct iscsicfg_target *)o)->name);
		break;
	case ISCSICFG_OBJ_LUN:
		snprintf(s->key, sizeof(s->key), "%s/%lld",
			 ((const struct iscsicfg_lun *)o)->target,
			 (long long)((const struct iscsicfg_lun *)o)->lun_id);
		break;
	}
}

/* names of the bits of fields, for the plan */
static void step_detail(struct step *s, const char *const *names,
			size_t n_names)
{
	size_t i, len = 0;

	s->detail[0] = '\0';
	for (i = 0; i < n_names; i++)
		if (s->fields & (1u << i) && len < sizeof(s->detail))
			len += snprintf(s->detail + len, sizeof(s->detail) - len,
					"%s%s", len ? "," : "", names[i]);
}

#define ADD_STEP(p, op, obj, want, old)					\
	do {								\
		st = plan_add(p, op, obj, want, old);			\
		if (!st)						\
			return -ENOMEM;					\
		step_key(st);						\
	} while (0)

/* ---- making want comparable: full names, keys, defaults ---- */

static int normalize(struct iscsicfg_ctx *ctx, struct iscsicfg_config *w)
{
	struct iscsicfg_global *g = &w->global;
	char full[ISCSICFG_NAME_MAX], **name;
	size_t i, j;
	uint64_t next;

	/* unset global fields are the defaults */
	if (!(g->fields & ISCSICFG_GLOBAL_F_BASENAME) || !g->basename ||
	    !*g->basename) {
		free(g->basename);
		g->basename = strdup(ISCSICFG_DEFAULT_BASENAME);
		if (!g->basename)
			return ic_set_err(ctx, -ENOMEM, "out of memory");
	}
	g->fields = ISCSICFG_GLOBAL_F_BASENAME | ISCSICFG_GLOBAL_F_ISNS |
		    ISCSICFG_GLOBAL_F_POOL_THRESHOLD | ISCSICFG_GLOBAL_F_ALUA |
		    ISCSICFG_GLOBAL_F_DISCOVERY_AUTH |
		    ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG;

	for (i = 0; i < w->n_targets + w->n_luns; i++) {
		name = i < w->n_targets ? &w->targets[i].name :
					  &w->luns[i - w->n_targets].target;
		if (iscsicfg_target_name_expand(g->basename, *name, full,
						sizeof(full), ctx->err,
						sizeof(ctx->err)))
			return -EINVAL;
		free(*name);
		*name = strdup(full);
		if (!*name)
			return ic_set_err(ctx, -ENOMEM, "out of memory");
	}

	/* keys 0: the lowest no other object claims, in file order */
#define ASSIGN(v, n, key, max, what)					\
	for (i = 0; i < (n); i++) {					\
		for (j = 0; j < i; j++)					\
			if ((v)[j].key && (v)[j].key == (v)[i].key)	\
				return ic_set_err(ctx, -EINVAL,		\
					what " %llu: given twice",	\
					(unsigned long long)(v)[i].key); \
	}								\
	for (i = 0; i < (n); i++) {					\
		if ((v)[i].key)						\
			continue;					\
		for (next = 1; next <= (max); next++) {			\
			for (j = 0; j < (n); j++)			\
				if ((v)[j].key == next)			\
					break;				\
			if (j == (n))					\
				break;					\
		}							\
		(v)[i].key = next;					\
	}
	ASSIGN(w->portals, w->n_portals, tag, 65535, "portal");
	ASSIGN(w->igroups, w->n_igroups, id, UINT32_MAX, "initiator group");
	ASSIGN(w->auths, w->n_auths, id, UINT32_MAX, "auth");
#undef ASSIGN

	for (i = 0; i < w->n_extents; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(w->extents[i].name, w->extents[j].name))
				return ic_set_err(ctx, -EINVAL,
						  "extent %s: given twice",
						  w->extents[i].name);
	for (i = 0; i < w->n_targets; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(w->targets[i].name, w->targets[j].name))
				return ic_set_err(ctx, -EINVAL,
						  "target %s: given twice",
						  w->targets[i].name);
	/* LUN ids: explicit ones first, then the lowest free per target */
	for (i = 0; i < w->n_luns; i++) {
		struct iscsicfg_lun *l = &w->luns[i];

		if (l->lun_id >= 0) {
			for (j = 0; j < i; j++)
				if (w->luns[j].lun_id == l->lun_id &&
				    !strcmp(w->luns[j].target, l->target))
					return ic_set_err(ctx, -EINVAL,
							  "lun %s/%lld: given twice",
							  l->target,
							  (long long)l->lun_id);
		}
	}
	for (i = 0; i < w->n_luns; i++) {
		struct iscsicfg_lun *l = &w->luns[i];

		if (l->lun_id >= 0)
			continue;
		for (next = 0; next <= ISCSICFG_MAX_LUN; next++) {
			for (j = 0; j < w->n_luns; j++)
				if (w->luns[j].lun_id == (int64_t)next &&
				    !strcmp(w->luns[j].target, l->target))
					break;
			if (j == w->n_luns)
				break;
		}
		l->lun_id = (int64_t)next;
	}
	return 0;
}

static int normalize_running(struct iscsicfg_ctx *ctx,
			     struct iscsicfg_config *r)
{
	char full[ISCSICFG_NAME_MAX], **name;
	size_t i;

	for (i = 0; i < r->n_targets + r->n_luns; i++) {
		name = i < r->n_targets ? &r->targets[i].name :
					  &r->luns[i - r->n_targets].target;
		if (iscsicfg_target_name_expand(r->global.basename, *name, full,
						sizeof(full), ctx->err,
						sizeof(ctx->err)))
			return -EINVAL;
		free(*name);
		*name = strdup(full);
		if (!*name)
			return ic_set_err(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

/* ---- diff ---- */

static const char *const global_names[] = {
	"basename", "isns", "pool-threshold", "alua", "discovery-auth",
	"discovery-auth-tag",
};
static const char *const portal_names[] = { "comment", "listen" };
static const char *const igroup_names[] = { "comment", "initiators" };
static const char *const auth_names[] = {
	"tag", "user", "secret", "peer-user", "peer-secret",
};
static const char *const target_names[] = {
	"alias", "groups", "networks", "mode",
};
static const char *const extent_names[] = {
	"type", "path", "size", "block-size", "no-pbs", "read-only", "xen",
	"rpm", "tpc", "serial", "naa", "threshold", "comment", "enabled",
	"direct-io",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t global_diff(const struct iscsicfg_global *w,
			    const struct iscsicfg_global *r)
{
	uint32_t f = 0;

	if (!str_eq(w->basename, r->basename))
		f |= ISCSICFG_GLOBAL_F_BASENAME;
	if (!strv_eq(w->isns, w->n_isns, r->isns, r->n_isns))
		f |= ISCSICFG_GLOBAL_F_ISNS;
	if (w->pool_threshold != r->pool_threshold)
		f |= ISCSICFG_GLOBAL_F_POOL_THRESHOLD;
	if (w->alua != r->alua)
		f |= ISCSICFG_GLOBAL_F_ALUA;
	if (w->discovery_auth != r->discovery_auth)
		f |= ISCSICFG_GLOBAL_F_DISCOVERY_AUTH;
	if (w->discovery_auth_tag != r->discovery_auth_tag)
		f |= ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG;
	return f;
}

/* what the kernel cannot change in place: the extent is made again */
static uint32_t extent_fixed_diff(const struct iscsicfg_extent *w,
				  const struct iscsicfg_extent *r)
{
	uint32_t f = 0;

	if (w->type != r->type)
		f |= ISCSICFG_EXTENT_F_TYPE;
	if (!str_eq(w->path, r->path))
		f |= ISCSICFG_EXTENT_F_PATH;
	/* an extent grows in place, it only shrinks by being made again */
	if (w->size && w->size < r->size)
		f |= ISCSICFG_EXTENT_F_SIZE;
	if ((w->block_size ?: 512) != (r->block_size ?: 512))
		f |= ISCSICFG_EXTENT_F_BLOCK_SIZE;
	if (w->read_only != r->read_only)
		f |= ISCSICFG_EXTENT_F_READ_ONLY;
	if (w->serial && *w->serial && !str_eq(w->serial, r->serial))
		f |= ISCSICFG_EXTENT_F_SERIAL;
	if (w->naa && w->naa != r->naa)
		f |= ISCSICFG_EXTENT_F_NAA;
	return f;
}

static uint32_t extent_diff(const struct iscsicfg_extent *w,
			    const struct iscsicfg_extent *r)
{
	uint32_t f = 0;

	if (w->size > r->size)
		f |= ISCSICFG_EXTENT_F_SIZE;
	if (w->no_pbs != r->no_pbs)
		f |= ISCSICFG_EXTENT_F_NO_PBS;
	if (w->xen != r->xen)
		f |= ISCSICFG_EXTENT_F_XEN;
	if (w->rpm != r->rpm)
		f |= ISCSICFG_EXTENT_F_RPM;
	if (w->tpc != r->tpc)
		f |= ISCSICFG_EXTENT_F_TPC;
	if (w->threshold != r->threshold)
		f |= ISCSICFG_EXTENT_F_THRESHOLD;
	if (!str_eq(w->comment, r->comment))
		f |= ISCSICFG_EXTENT_F_COMMENT;
	if (w->enabled != r->enabled)
		f |= ISCSICFG_EXTENT_F_ENABLED;
	if (w->direct_io != r->direct_io)
		f |= ISCSICFG_EXTENT_F_DIRECT_IO;
	return f;
}

static const struct iscsicfg_extent *find_extent(const struct iscsicfg_config *c,
						 const char *name)
{
	size_t i;

	for (i = 0; i < c->n_extents; i++)
		if (!strcmp(c->extents[i].name, name))
			return &c->extents[i];
	return NULL;
}

static const struct iscsicfg_target *find_target(const struct iscsicfg_config *c,
						 const char *name)
{
	size_t i;

	for (i = 0; i < c->n_targets; i++)
		if (!strcmp(c->targets[i].name, name))
			return &c->targets[i];
	return NULL;
}

static const struct iscsicfg_lun *find_lun(const struct iscsicfg_config *c,
					   const struct iscsicfg_lun *l)
{
	size_t i;

	for (i = 0; i < c->n_luns; i++)
		if (c->luns[i].lun_id == l->lun_id &&
		    !strcmp(c->luns[i].target, l->target))
			return &c->luns[i];
	return NULL;
}

static bool extent_replaced(const struct iscsicfg_config *w,
			    const struct iscsicfg_config *r, const char *name)
{
	const struct iscsicfg_extent *we = find_extent(w, name),
				     *re = find_extent(r, name);

	return !we || !re || extent_fixed_diff(we, re);
}

/* a running LUN that stays exactly as it is */
static bool lun_kept(const struct iscsicfg_config *w,
		     const struct iscsicfg_config *r,
		     const struct iscsicfg_lun *l)
{
	const struct iscsicfg_lun *wl = find_lun(w, l);

	return wl && !strcmp(wl->extent, l->extent) &&
	       find_target(w, l->target) &&
	       !extent_replaced(w, r, l->extent);
}

static int cmp_lun_desc(const void *a, const void *b)
{
	const struct iscsicfg_lun *x = *(const struct iscsicfg_lun *const *)a;
	const struct iscsicfg_lun *y = *(const struct iscsicfg_lun *const *)b;

	return x->lun_id < y->lun_id ? 1 : x->lun_id > y->lun_id ? -1 : 0;
}

/* LUNs in lun_id order, highest first: LUN 0 goes last, comes first */
static int luns_sorted(const struct iscsicfg_lun *v, size_t n,
		       const struct iscsicfg_lun ***out)
{
	size_t i;

	*out = calloc(n ?: 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		(*out)[i] = &v[i];
	qsort(*out, n, sizeof(**out), cmp_lun_desc);
	return 0;
}

/* names of targets the file adds, checked before any step (load -n too) */
static int check_new_targets(struct iscsicfg_ctx *ctx,
			     const struct iscsicfg_config *w,
			     const struct iscsicfg_config *r)
{
	struct ic_err e;
	size_t i;

	for (i = 0; i < w->n_targets; i++)
		if (!find_target(r, w->targets[i].name) &&
		    ic_check_new_target_name(&e, w->targets[i].name))
			return ic_invalid(ctx, &e);
	return 0;
}

static int make_plan(const struct iscsicfg_config *w,
		     const struct iscsicfg_config *r, struct plan *p)
{
	const struct iscsicfg_lun **sorted;
	const struct iscsicfg_extent *re;
	const struct iscsicfg_target *rt;
	struct step *st;
	size_t i, j;
	uint32_t f;

	/* 1. LUNs that go or change, then targets and extents that go */
	if (luns_sorted(r->luns, r->n_luns, &sorted))
		return -ENOMEM;
	for (i = 0; i < r->n_luns; i++) {
		if (lun_kept(w, r, sorted[i]))
			continue;
		st = plan_add(p, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_LUN, NULL,
			      sorted[i]);
		if (!st) {
			free(sorted);
			return -ENOMEM;
		}
		step_key(st);
	}
	free(sorted);
	for (i = 0; i < r->n_targets; i++)
		if (!find_target(w, r->targets[i].name))
			ADD_STEP(p, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_TARGET,
				 NULL, &r->targets[i]);
	for (i = 0; i < r->n_extents; i++) {
		if (!extent_replaced(w, r, r->extents[i].name))
			continue;
		ADD_STEP(p, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_EXTENT, NULL,
			 &r->extents[i]);
		re = find_extent(w, r->extents[i].name);
		if (re) {
			st->fields = extent_fixed_diff(re, &r->extents[i]);
			step_detail(st, extent_names, N(extent_names));
		}
	}

	/* 2. additions and changes, referenced before referencing */
	f = global_diff(&w->global, &r->global);
	if (f) {
		ADD_STEP(p, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_GLOBAL,
			 &w->global, &r->global);
		st->fields = f;
		step_detail(st, global_names, N(global_names));
	}
	for (i = 0; i < w->n_portals; i++) {
		const struct iscsicfg_portal *wp = &w->portals[i], *rp = NULL;

		for (j = 0; j < r->n_portals; j++)
			if (r->portals[j].tag == wp->tag)
				rp = &r->portals[j];
		f = (rp && !str_eq(wp->comment, rp->comment) ?
		     ISCSICFG_PORTAL_F_COMMENT : 0) |
		    (rp && !listens_eq(wp, rp) ? ISCSICFG_PORTAL_F_LISTENS : 0);
		if (rp && !f)
			continue;
		ADD_STEP(p, rp ? ISCSICFG_CONFIG_SET : ISCSICFG_CONFIG_ADD,
			 ISCSICFG_OBJ_PORTAL, wp, rp);
		st->fields = f;
		step_detail(st, portal_names, N(portal_names));
	}
	for (i = 0; i < w->n_igroups; i++) {
		const struct iscsicfg_igroup *wg = &w->igroups[i], *rg = NULL;

		for (j = 0; j < r->n_igroups; j++)
			if (r->igroups[j].id == wg->id)
				rg = &r->igroups[j];
		f = (rg && !str_eq(wg->comment, rg->comment) ?
		     ISCSICFG_IGROUP_F_COMMENT : 0) |
		    (rg && !strv_eq(wg->initiators, wg->n_initiators,
				    rg->initiators, rg->n_initiators) ?
		     ISCSICFG_IGROUP_F_INITIATORS : 0);
		if (rg && !f)
			continue;
		ADD_STEP(p, rg ? ISCSICFG_CONFIG_SET : ISCSICFG_CONFIG_ADD,
			 ISCSICFG_OBJ_IGROUP, wg, rg);
		st->fields = f;
		step_detail(st, igroup_names, N(igroup_names));
	}
	for (i = 0; i < w->n_auths; i++) {
		for (j = 0; j < r->n_auths; j++)
			if (r->auths[j].id == w->auths[i].id)
				break;
		if (j == r->n_auths)
			ADD_STEP(p, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_AUTH,
				 &w->auths[i], NULL);
	}
	for (i = 0; i < w->n_extents; i++) {
		re = find_extent(r, w->extents[i].name);
		if (re && !extent_fixed_diff(&w->extents[i], re)) {
			f = extent_diff(&w->extents[i], re);
			if (!f)
				continue;
			ADD_STEP(p, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_EXTENT,
				 &w->extents[i], re);
			st->fields = f;
			step_detail(st, extent_names, N(extent_names));
			continue;
		}
		ADD_STEP(p, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_EXTENT,
			 &w->extents[i], NULL);
	}
	for (i = 0; i < w->n_targets; i++) {
		const struct iscsicfg_target *wt = &w->targets[i];

		rt = find_target(r, wt->name);
		f = (rt && !str_eq(wt->alias, rt->alias) ?
		     ISCSICFG_TARGET_F_ALIAS : 0) |
		    (rt && !groups_eq(wt, rt) ? ISCSICFG_TARGET_F_GROUPS : 0) |
		    (rt && !networks_eq(wt, rt) ? ISCSICFG_TARGET_F_NETWORKS : 0) |
		    (rt && wt->mode != rt->mode ? ISCSICFG_TARGET_F_MODE : 0);
		if (rt && !f)
			continue;
		ADD_STEP(p, rt ? ISCSICFG_CONFIG_SET : ISCSICFG_CONFIG_ADD,
			 ISCSICFG_OBJ_TARGET, wt, rt);
		st->fields = f;
		step_detail(st, target_names, N(target_names));
	}
	if (luns_sorted(w->luns, w->n_luns, &sorted))
		return -ENOMEM;
	for (i = w->n_luns; i-- > 0;) {
		const struct iscsicfg_lun *rl = find_lun(r, sorted[i]);

		if (rl && lun_kept(w, r, rl))
			continue;
		st = plan_add(p, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_LUN,
			      sorted[i], NULL);
		if (!st) {
			free(sorted);
			return -ENOMEM;
		}
		step_key(st);
	}
	free(sorted);

	/* 3. what nothing references any more */
	for (i = 0; i < r->n_igroups; i++) {
		for (j = 0; j < w->n_igroups; j++)
			if (w->igroups[j].id == r->igroups[i].id)
				break;
		if (j == w->n_igroups)
			ADD_STEP(p, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_IGROUP,
				 NULL, &r->igroups[i]);
	}
	for (i = 0; i < r->n_portals; i++) {
		for (j = 0; j < w->n_portals; j++)
			if (w->portals[j].tag == r->portals[i].tag)
				break;
		if (j == w->n_portals)
			ADD_STEP(p, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_PORTAL,
				 NULL, &r->portals[i]);
	}

	/* 4. last, as they cannot be undone: secrets, and auth deletions */
	for (i = 0; i < w->n_auths; i++) {
		const struct iscsicfg_auth *wa = &w->auths[i], *ra = NULL;

		for (j = 0; j < r->n_auths; j++)
			if (r->auths[j].id == wa->id)
				ra = &r->auths[j];
		if (!ra)
			continue;
		ADD_STEP(p, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_AUTH, wa, ra);
		st->fields = (wa->tag != ra->tag ? ISCSICFG_AUTH_F_TAG : 0) |
			(!str_eq(wa->user, ra->user) ? ISCSICFG_AUTH_F_USER : 0) |
			(!str_eq(wa->peer_user, ra->peer_user) ?
			 ISCSICFG_AUTH_F_PEER_USER : 0) |
			ISCSICFG_AUTH_F_SECRET |
			(wa->peer_secret ? ISCSICFG_AUTH_F_PEER_SECRET : 0);
		step_detail(st, auth_names, N(auth_names));
	}
	for (i = 0; i < r->n_auths; i++) {
		for (j = 0; j < w->n_auths; j++)
			if (w->auths[j].id == r->auths[i].id)
				break;
		if (j == w->n_auths)
			ADD_STEP(p, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_AUTH,
				 NULL, &r->auths[i]);
	}
	return 0;
}

/* ---- running a step, and its undo ---- */

#define EXTENT_READD (ISCSICFG_EXTENT_F_TYPE | ISCSICFG_EXTENT_F_PATH |	\
	ISCSICFG_EXTENT_F_BLOCK_SIZE | ISCSICFG_EXTENT_F_NO_PBS |	\
	ISCSICFG_EXTENT_F_READ_ONLY | ISCSICFG_EXTENT_F_XEN |		\
	ISCSICFG_EXTENT_F_RPM | ISCSICFG_EXTENT_F_TPC |			\
	ISCSICFG_EXTENT_F_SERIAL | ISCSICFG_EXTENT_F_NAA |		\
	ISCSICFG_EXTENT_F_THRESHOLD | ISCSICFG_EXTENT_F_COMMENT |	\
	ISCSICFG_EXTENT_F_ENABLED | ISCSICFG_EXTENT_F_DIRECT_IO)

/* adds obj again as the running state had it */
static int readd(struct iscsicfg_ctx *ctx, enum iscsicfg_obj type,
		 const void *obj)
{
	uint64_t lun;
	uint32_t id;
	uint16_t tag;

	switch (type) {
	case ISCSICFG_OBJ_PORTAL: {
		struct iscsicfg_portal p = *(const struct iscsicfg_portal *)obj;

		p.fields = ISCSICFG_PORTAL_F_LISTENS | ISCSICFG_PORTAL_F_COMMENT;
		return iscsicfg_portal_add(ctx, &p, &tag);
	}
	case ISCSICFG_OBJ_IGROUP: {
		struct iscsicfg_igroup g = *(const struct iscsicfg_igroup *)obj;

		g.fields = ISCSICFG_IGROUP_F_COMMENT |
			   ISCSICFG_IGROUP_F_INITIATORS;
		return iscsicfg_igroup_add(ctx, &g, &id);
	}
	case ISCSICFG_OBJ_EXTENT: {
		struct iscsicfg_extent x = *(const struct iscsicfg_extent *)obj;

		/* the file stays when its extent goes: size 0 reopens it */
		x.fields = EXTENT_READD;
		x.size = 0;
		return iscsicfg_extent_add(ctx, &x);
	}
	case ISCSICFG_OBJ_TARGET: {
		struct iscsicfg_target t = *(const struct iscsicfg_target *)obj;

		t.fields = ISCSICFG_TARGET_F_ALIAS | ISCSICFG_TARGET_F_GROUPS |
			   ISCSICFG_TARGET_F_NETWORKS | ISCSICFG_TARGET_F_MODE;
		return iscsicfg_target_add(ctx, &t);
	}
	case ISCSICFG_OBJ_LUN:
		return iscsicfg_lun_add(ctx, obj, &lun);
	default:
		return ic_set_err(ctx, -EOPNOTSUPP,
				  "auth entry %u cannot be restored: its secrets are write-only",
				  ((const struct iscsicfg_auth *)obj)->id);
	}
}

static int set_obj(struct iscsicfg_ctx *ctx, enum iscsicfg_obj type,
		   const void *obj, uint32_t fields, const char *name)
{
	switch (type) {
	case ISCSICFG_OBJ_GLOBAL: {
		struct iscsicfg_global g = *(const struct iscsicfg_global *)obj;

		g.fields = fields;
		return iscsicfg_global_set(ctx, &g);
	}
	case ISCSICFG_OBJ_PORTAL: {
		struct iscsicfg_portal p = *(const struct iscsicfg_portal *)obj;

		p.fields = fields;
		return iscsicfg_portal_set(ctx, &p);
	}
	case ISCSICFG_OBJ_IGROUP: {
		struct iscsicfg_igroup g = *(const struct iscsicfg_igroup *)obj;

		g.fields = fields;
		return iscsicfg_igroup_set(ctx, &g);
	}
	case ISCSICFG_OBJ_AUTH: {
		struct iscsicfg_auth a = *(const struct iscsicfg_auth *)obj;

		if ((fields & ISCSICFG_AUTH_F_SECRET) && !a.secret)
			return ic_set_err(ctx, -EOPNOTSUPP,
					  "auth entry %u cannot be restored: its secrets are write-only",
					  a.id);
		a.fields = fields;
		return iscsicfg_auth_set(ctx, &a);
	}
	case ISCSICFG_OBJ_EXTENT: {
		struct iscsicfg_extent x = *(const struct iscsicfg_extent *)obj;

		x.fields = fields;
		return iscsicfg_extent_set(ctx, &x);
	}
	case ISCSICFG_OBJ_TARGET: {
		struct iscsicfg_target t = *(const struct iscsicfg_target *)obj;

		t.name = (char *)name;
		t.fields = fields;
		return iscsicfg_target_set(ctx, &t);
	}
	default:
		return -EINVAL;
	}
}

static int del_obj(struct iscsicfg_ctx *ctx, enum iscsicfg_obj type,
		   const void *obj, unsigned int flags)
{
	switch (type) {
	case ISCSICFG_OBJ_PORTAL:
		return iscsicfg_portal_del(ctx,
			((const struct iscsicfg_portal *)obj)->tag, flags);
	case ISCSICFG_OBJ_IGROUP:
		return iscsicfg_igroup_del(ctx,
			((const struct iscsicfg_igroup *)obj)->id, flags);
	case ISCSICFG_OBJ_AUTH:
		return iscsicfg_auth_del(ctx,
			((const struct iscsicfg_auth *)obj)->id, flags);
	case ISCSICFG_OBJ_EXTENT:
		return iscsicfg_extent_del(ctx,
			((const struct iscsicfg_extent *)obj)->name, flags);
	case ISCSICFG_OBJ_TARGET:
		return iscsicfg_target_del(ctx,
			((const struct iscsicfg_target *)obj)->name, flags);
	case ISCSICFG_OBJ_LUN:
		return iscsicfg_lun_del(ctx,
			((const struct iscsicfg_lun *)obj)->target,
			(uint64_t)((const struct iscsicfg_lun *)obj)->lun_id);
	default:
		return -EINVAL;
	}
}

static int add_obj(struct iscsicfg_ctx *ctx, struct step *s)
{
	const struct iscsicfg_extent *x = s->want;
	struct stat st;
	uint64_t lun;
	uint32_t id;
	uint16_t tag;

	switch (s->pub.obj) {
	case ISCSICFG_OBJ_PORTAL:
		return iscsicfg_portal_add(ctx, s->want, &tag);
	case ISCSICFG_OBJ_IGROUP:
		return iscsicfg_igroup_add(ctx, s->want, &id);
	case ISCSICFG_OBJ_AUTH:
		return iscsicfg_auth_add(ctx, s->want, &id);
	case ISCSICFG_OBJ_EXTENT:
		s->new_file = x->type == ISCSICFG_EXTENT_FILE &&
			      stat(x->path, &st) && errno == ENOENT;
		return iscsicfg_extent_add(ctx, x);
	case ISCSICFG_OBJ_TARGET:
		return iscsicfg_target_add(ctx, s->want);
	case ISCSICFG_OBJ_LUN:
		return iscsicfg_lun_add(ctx, s->want, &lun);
	default:
		return -EINVAL;
	}
}

static int do_step(struct iscsicfg_ctx *ctx, struct step *s,
		   unsigned int flags)
{
	unsigned int del = flags & ISCSICFG_APPLY_FORCE ? ISCSICFG_DEL_FORCE : 0;

	switch (s->pub.op) {
	case ISCSICFG_CONFIG_ADD:
		return add_obj(ctx, s);
	case ISCSICFG_CONFIG_SET:
		return set_obj(ctx, s->pub.obj, s->want, s->fields, s->key);
	case ISCSICFG_CONFIG_DEL:
		return del_obj(ctx, s->pub.obj, s->old, del);
	}
	return -EINVAL;
}

static int undo_step(struct iscsicfg_ctx *ctx, const struct step *s)
{
	const struct iscsicfg_extent *x = s->want;
	struct stat st;
	int ret;

	switch (s->pub.op) {
	case ISCSICFG_CONFIG_ADD:
		ret = del_obj(ctx, s->pub.obj, s->want, ISCSICFG_DEL_FORCE);
		/* a file the kernel created for the extent: never a device */
		if (!ret && s->new_file && !lstat(x->path, &st) &&
		    S_ISREG(st.st_mode) && unlink(x->path))
			ret = ic_set_err(ctx, -errno, "%s: %s", x->path,
					 strerror(errno));
		return ret;
	case ISCSICFG_CONFIG_SET:
		/* an extent that grew keeps its size: blocks may be in use */
		return set_obj(ctx, s->pub.obj, s->old,
			       s->pub.obj == ISCSICFG_OBJ_EXTENT ?
			       s->fields & ~ISCSICFG_EXTENT_F_SIZE : s->fields,
			       s->key);
	case ISCSICFG_CONFIG_DEL:
		return readd(ctx, s->pub.obj, s->old);
	}
	return -EINVAL;
}

static const char *const obj_names[] = {
	"global", "portal", "initiator group", "auth", "extent", "target",
	"lun",
};

IC_EXPORT int iscsicfg_config_apply(struct iscsicfg_ctx *ctx,
				    const struct iscsicfg_config *want,
				    unsigned int flags, iscsicfg_step_fn fn,
				    void *arg)
{
	struct iscsicfg_config w = { 0 }, r = { 0 };
	struct plan p = { 0 };
	char first[2048];
	size_t i, done;
	int ret = 0, uret;

	/* a copy of want this call may complete */
	for (i = 0; !ret && i < want->n_portals; i++)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_PORTAL,
					  &want->portals[i]);
	for (i = 0; !ret && i < want->n_igroups; i++)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_IGROUP,
					  &want->igroups[i]);
	for (i = 0; !ret && i < want->n_auths; i++)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_AUTH,
					  &want->auths[i]);
	for (i = 0; !ret && i < want->n_extents; i++)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_EXTENT,
					  &want->extents[i]);
	for (i = 0; !ret && i < want->n_targets; i++)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_TARGET,
					  &want->targets[i]);
	for (i = 0; !ret && i < want->n_luns; i++)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_LUN, &want->luns[i]);
	if (!ret)
		ret = iscsicfg_config_put(&w, ISCSICFG_OBJ_GLOBAL,
					  &want->global);
	if (ret) {
		ret = ic_set_err(ctx, ret, "out of memory");
		goto out;
	}
	ret = normalize(ctx, &w) ?: iscsicfg_config_get(ctx, &r) ?:
	      normalize_running(ctx, &r) ?: check_new_targets(ctx, &w, &r);
	if (ret)
		goto out;
	ret = make_plan(&w, &r, &p);
	if (ret) {
		ret = ic_set_err(ctx, ret, "out of memory");
		goto out;
	}
	/* the plan has stopped growing: its strings stay where they are */
	for (i = 0; i < p.n; i++) {
		p.v[i].pub.key = p.v[i].key;
		p.v[i].pub.detail = p.v[i].detail;
		if (fn)
			fn(&p.v[i].pub, arg);
	}
	if (flags & ISCSICFG_APPLY_PLAN_ONLY)
		goto out;

	for (done = 0; done < p.n; done++) {
		ret = do_step(ctx, &p.v[done], flags);
		if (ret)
			break;
	}
	if (!ret)
		goto out;
	snprintf(first, sizeof(first), "%s %s: %s", obj_names[p.v[done].pub.obj],
		 p.v[done].key, ctx->err);
	uret = 0;
	while (done-- > 0) {
		if (!undo_step(ctx, &p.v[done]))
			continue;
		if (!uret)
			snprintf(first + strlen(first),
				 sizeof(first) - strlen(first),
				 "; undoing %s %s failed: %s",
				 obj_names[p.v[done].pub.obj], p.v[done].key,
				 ctx->err);
		uret = -EIO;
	}
	ic_set_err(ctx, ret, "%s%s", first,
		   uret ? "" : "; the configuration before was restored");
out:
	free(p.v);
	iscsicfg_config_free(&w);
	iscsicfg_config_free(&r);
	return ret;
}
