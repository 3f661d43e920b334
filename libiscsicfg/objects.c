// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public per-object API: validate, encode, send, decode.  Validation
 * happens before anything is sent so that the message names the field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

_Static_assert(ISCSICFG_AUTH_CHAP_MUTUAL == (int)ISCSIKT_AUTH_CHAP_MUTUAL &&
	       ISCSICFG_AUTH_CHAP == (int)ISCSIKT_AUTH_CHAP,
	       "auth methods match the kernel's");
_Static_assert(ISCSICFG_EXTENT_DEVICE == (int)ISCSIKT_EXTENT_DEVICE,
	       "extent types match the kernel's");
_Static_assert(ISCSICFG_RPM_15000 == (int)ISCSIKT_RPM_15000 &&
	       ISCSICFG_RPM_SSD == (int)ISCSIKT_RPM_SSD,
	       "RPM values match the kernel's");
_Static_assert(ISCSICFG_NAME_MAX == ISCSIKT_NAME_MAX &&
	       ISCSICFG_SHORT_NAME_MAX == ISCSIKT_SHORT_NAME_MAX &&
	       ISCSICFG_MAX_LUN == ISCSIKT_MAX_LUN &&
	       ISCSICFG_CHAP_SECRET_MIN == ISCSIKT_CHAP_SECRET_MIN &&
	       ISCSICFG_CHAP_SECRET_MAX == ISCSIKT_CHAP_SECRET_MAX,
	       "limits match the kernel's");

static struct nl_msg *new_msg(struct iscsicfg_ctx *ctx, uint8_t cmd,
			      bool dump)
{
	return ic_msg_new(ctx, cmd, dump ? NLM_F_DUMP : NLM_F_ACK);
}

/* sends msg once encoding (enc) succeeded; frees msg either way */
static int send_msg(struct iscsicfg_ctx *ctx, struct nl_msg *msg, int enc,
		    ic_reply_fn fn, void *arg)
{
	if (enc) {
		nlmsg_free(msg);
		return ic_set_err(ctx, -EMSGSIZE,
				  "request does not fit in one netlink message");
	}
	return ic_transact(ctx, msg, fn, arg);
}

/*
 * PORTAL_NEW, IGROUP_NEW and AUTH_NEW answer with the object they created,
 * the key included, before the ACK.  Without that reply the caller could
 * not name the object it made.
 */
static int new_key(struct iscsicfg_ctx *ctx, int ret, uint32_t got,
		   const char *what)
{
	if (ret || got)
		return ret;
	return ic_set_err(ctx, -EPROTO,
			  "%s was created but the kernel did not say its %s",
			  what, !strcmp(what, "portal") ? "tag" : "id");
}

struct list_arg {
	struct ic_vec vec;
	ic_reply_fn decode;
};

static int list_one(struct nlattr *attrs, int len, void *arg)
{
	struct list_arg *la = arg;
	void *el = ic_vec_push(&la->vec);

	if (!el)
		return -ENOMEM;
	return la->decode(attrs, len, el);
}

/* dumps into la->vec; on failure the caller frees what la->vec holds */
static int dump(struct iscsicfg_ctx *ctx, struct nl_msg *msg,
		struct list_arg *la)
{
	if (!msg)
		return -ENOMEM;
	return ic_transact(ctx, msg, list_one, la);
}

#define LIST_ARG(fn, type) { .vec = { .elsz = sizeof(type) }, .decode = fn }

static int key_u32(struct iscsicfg_ctx *ctx, uint8_t cmd, int type,
		   uint32_t key, unsigned int flags, ic_reply_fn fn, void *arg)
{
	struct nl_msg *msg = new_msg(ctx, cmd, false);
	int enc;

	if (!msg)
		return -ENOMEM;
	enc = nla_put_u32(msg, type, key);
	if (!enc && (flags & ISCSICFG_DEL_FORCE))
		enc = nla_put_flag(msg, ISCSIKT_A_FORCE);
	return send_msg(ctx, msg, enc, fn, arg);
}

/* ---- status and global ---- */

static int decode_status(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_status *st = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_STATUS_VERSION:
			snprintf(st->version, sizeof(st->version), "%.*s",
				 nla_len(a), (const char *)nla_data(a));
			break;
		case ISCSIKT_A_STATUS_SESSIONS:
			if (nla_len(a) != 4)
				return -EPROTO;
			st->sessions = nla_get_u32(a);
			break;
		case ISCSIKT_A_STATUS_CONNECTIONS:
			if (nla_len(a) != 4)
				return -EPROTO;
			st->connections = nla_get_u32(a);
			break;
		}
	}
	return 0;
}

IC_EXPORT int iscsicfg_status_get(struct iscsicfg_ctx *ctx,
				  struct iscsicfg_status *st)
{
	struct nl_msg *msg;

	memset(st, 0, sizeof(*st));
	msg = new_msg(ctx, ISCSIKT_CMD_STATUS_GET, false);
	if (!msg)
		return -ENOMEM;
	return send_msg(ctx, msg, 0, decode_status, st);
}

IC_EXPORT void iscsicfg_global_free(struct iscsicfg_global *g)
{
	size_t i;

	if (!g)
		return;
	free(g->basename);
	for (i = 0; i < g->n_isns; i++)
		free(g->isns[i]);
	free(g->isns);
	memset(g, 0, sizeof(*g));
}

IC_EXPORT int iscsicfg_global_get(struct iscsicfg_ctx *ctx,
				  struct iscsicfg_global *g)
{
	struct nl_msg *msg;
	int ret;

	memset(g, 0, sizeof(*g));
	msg = new_msg(ctx, ISCSIKT_CMD_GLOBAL_GET, false);
	if (!msg)
		return -ENOMEM;
	ret = send_msg(ctx, msg, 0, ic_decode_global, g);
	if (!ret && (!g->basename || !*g->basename)) {
		free(g->basename);
		g->basename = strdup(ISCSICFG_DEFAULT_BASENAME);
		if (!g->basename)
			ret = ic_set_err(ctx, -ENOMEM, "out of memory");
	}
	if (ret)
		iscsicfg_global_free(g);
	return ret;
}

IC_EXPORT int iscsicfg_global_set(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_global *g)
{
	struct nl_msg *msg;
	struct ic_err e;
	int ret;

	if (ic_check_global(&e, g, true))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_GLOBAL_SET, false);
	if (!msg)
		return -ENOMEM;
	ret = send_msg(ctx, msg, ic_encode_global(msg, g, true), NULL, NULL);
	if (!ret && (g->fields & ISCSICFG_GLOBAL_F_BASENAME))
		ctx->have_basename = false;
	return ret;
}

static int ctx_basename(struct iscsicfg_ctx *ctx, const char **out)
{
	struct iscsicfg_global g;
	int ret;

	if (!ctx->have_basename) {
		snprintf(ctx->basename, sizeof(ctx->basename), "%s",
			 ISCSICFG_DEFAULT_BASENAME);
		if (ctx->sk) {
			ret = iscsicfg_global_get(ctx, &g);
			if (ret)
				return ret;
			snprintf(ctx->basename, sizeof(ctx->basename), "%s",
				 g.basename);
			iscsicfg_global_free(&g);
		}
		ctx->have_basename = true;
	}
	*out = ctx->basename;
	return 0;
}

static int full_target_name(struct iscsicfg_ctx *ctx, const char *name,
			    char out[ISCSICFG_NAME_MAX])
{
	const char *base = NULL;
	int ret;

	if (!ic_name_has_type(name) && name && *name) {
		ret = ctx_basename(ctx, &base);
		if (ret)
			return ret;
	}
	return iscsicfg_target_name_expand(base, name, out, ISCSICFG_NAME_MAX,
					   ctx->err, sizeof(ctx->err));
}

/* ---- portal ---- */

IC_EXPORT void iscsicfg_portal_free(struct iscsicfg_portal *p)
{
	if (!p)
		return;
	free(p->comment);
	free(p->listens);
	memset(p, 0, sizeof(*p));
}

IC_EXPORT void iscsicfg_portal_list_free(struct iscsicfg_portal *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_portal_free(&v[i]);
	free(v);
}

IC_EXPORT int iscsicfg_portal_add(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_portal *p,
				  uint16_t *tag)
{
	struct iscsicfg_portal reply = { 0 };
	struct nl_msg *msg;
	struct ic_err e;
	int ret;

	if (ic_check_portal(&e, p, false))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_PORTAL_NEW, false);
	if (!msg)
		return -ENOMEM;
	ret = send_msg(ctx, msg, ic_encode_portal(msg, p, false),
		       ic_decode_portal, &reply);
	if (ctx->sk)
		ret = new_key(ctx, ret, reply.tag, "portal");
	if (!ret && tag)
		*tag = reply.tag ? reply.tag : p->tag;
	iscsicfg_portal_free(&reply);
	return ret;
}

IC_EXPORT int iscsicfg_portal_set(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_portal *p)
{
	struct nl_msg *msg;
	struct ic_err e;

	if (ic_check_portal(&e, p, true))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_PORTAL_SET, false);
	if (!msg)
		return -ENOMEM;
	return send_msg(ctx, msg, ic_encode_portal(msg, p, true), NULL, NULL);
}

IC_EXPORT int iscsicfg_portal_del(struct iscsicfg_ctx *ctx, uint16_t tag,
				  unsigned int flags)
{
	struct nl_msg *msg;
	int enc;

	if (!tag)
		return ic_set_err(ctx, -EINVAL, "portal tag: 1..65535");
	msg = new_msg(ctx, ISCSIKT_CMD_PORTAL_DEL, false);
	if (!msg)
		return -ENOMEM;
	enc = nla_put_u16(msg, ISCSIKT_A_PORTAL_TAG, tag);
	if (!enc && (flags & ISCSICFG_DEL_FORCE))
		enc = nla_put_flag(msg, ISCSIKT_A_FORCE);
	return send_msg(ctx, msg, enc, NULL, NULL);
}

IC_EXPORT int iscsicfg_portal_get(struct iscsicfg_ctx *ctx, uint16_t tag,
				  struct iscsicfg_portal *p)
{
	struct nl_msg *msg;
	int ret;

	memset(p, 0, sizeof(*p));
	msg = new_msg(ctx, ISCSIKT_CMD_PORTAL_GET, false);
	if (!msg)
		return -ENOMEM;
	ret = send_msg(ctx, msg, nla_put_u16(msg, ISCSIKT_A_PORTAL_TAG, tag),
		       ic_decode_portal, p);
	if (ret)
		iscsicfg_portal_free(p);
	return ret;
}

IC_EXPORT int iscsicfg_portal_list(struct iscsicfg_ctx *ctx,
				   struct iscsicfg_portal **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_portal, **out);
	int ret;

	ret = dump(ctx, new_msg(ctx, ISCSIKT_CMD_PORTAL_GET, true), &la);
	if (ret) {
		iscsicfg_portal_list_free(la.vec.v, la.vec.n);
		la.vec.v = NULL;
		la.vec.n = 0;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return ret;
}

/* ---- initiator group ---- */

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

IC_EXPORT void iscsicfg_igroup_free(struct iscsicfg_igroup *g)
{
	if (!g)
		return;
	free(g->comment);
	free_strv(g->initiators, g->n_initiators);
	memset(g, 0, sizeof(*g));
}

IC_EXPORT void iscsicfg_igroup_list_free(struct iscsicfg_igroup *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_igroup_free(&v[i]);
	free(v);
}

IC_EXPORT int iscsicfg_igroup_add(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_igroup *g,
				  uint32_t *id)
{
	struct iscsicfg_igroup reply = { 0 };
	struct nl_msg *msg;
	struct ic_err e;
	int ret;

	if (ic_check_igroup(&e, g, false))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_IGROUP_NEW, false);
	if (!msg)
		return -ENOMEM;
	ret = send_msg(ctx, msg, ic_encode_igroup(msg, g, false),
		       ic_decode_igroup, &reply);
	if (ctx->sk)
		ret = new_key(ctx, ret, reply.id, "initiator group");
	if (!ret && id)
		*id = reply.id ? reply.id : g->id;
	iscsicfg_igroup_free(&reply);
	return ret;
}

IC_EXPORT int iscsicfg_igroup_set(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_igroup *g)
{
	struct nl_msg *msg;
	struct ic_err e;

	if (ic_check_igroup(&e, g, true))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_IGROUP_SET, false);
	if (!msg)
		return -ENOMEM;
	return send_msg(ctx, msg, ic_encode_igroup(msg, g, true), NULL, NULL);
}

IC_EXPORT int iscsicfg_igroup_del(struct iscsicfg_ctx *ctx, uint32_t id,
				  unsigned int flags)
{
	if (!id)
		return ic_set_err(ctx, -EINVAL,
				  "initiator group id: required (non-zero)");
	return key_u32(ctx, ISCSIKT_CMD_IGROUP_DEL, ISCSIKT_A_IGROUP_ID, id,
		       flags, NULL, NULL);
}

IC_EXPORT int iscsicfg_igroup_get(struct iscsicfg_ctx *ctx, uint32_t id,
				  struct iscsicfg_igroup *g)
{
	int ret;

	memset(g, 0, sizeof(*g));
	ret = key_u32(ctx, ISCSIKT_CMD_IGROUP_GET, ISCSIKT_A_IGROUP_ID, id, 0,
		      ic_decode_igroup, g);
	if (ret)
		iscsicfg_igroup_free(g);
	return ret;
}

IC_EXPORT int iscsicfg_igroup_list(struct iscsicfg_ctx *ctx,
				   struct iscsicfg_igroup **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_igroup, **out);
	int ret;

	ret = dump(ctx, new_msg(ctx, ISCSIKT_CMD_IGROUP_GET, true), &la);
	if (ret) {
		iscsicfg_igroup_list_free(la.vec.v, la.vec.n);
		la.vec.v = NULL;
		la.vec.n = 0;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return ret;
}

/* ---- auth ---- */

static void free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

IC_EXPORT void iscsicfg_auth_free(struct iscsicfg_auth *a)
{
	if (!a)
		return;
	free(a->user);
	free(a->peer_user);
	free_secret(a->secret);
	free_secret(a->peer_secret);
	memset(a, 0, sizeof(*a));
}

IC_EXPORT void iscsicfg_auth_list_free(struct iscsicfg_auth *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_auth_free(&v[i]);
	free(v);
}

/* the message held secrets: wipe it before it is freed */
static int send_secret_msg(struct iscsicfg_ctx *ctx, struct nl_msg *msg,
			   int enc, ic_reply_fn fn, void *arg)
{
	struct nl_msg *copy;
	int ret;

	nlmsg_get(msg);
	copy = msg;
	ret = send_msg(ctx, msg, enc, fn, arg);
	explicit_bzero(nlmsg_data(nlmsg_hdr(copy)),
		       (size_t)nlmsg_datalen(nlmsg_hdr(copy)));
	nlmsg_free(copy);
	return ret;
}

IC_EXPORT int iscsicfg_auth_add(struct iscsicfg_ctx *ctx,
				const struct iscsicfg_auth *a, uint32_t *id)
{
	struct iscsicfg_auth reply = { 0 };
	struct nl_msg *msg;
	struct ic_err e;
	int ret;

	if (ic_check_auth(&e, a, false))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_AUTH_NEW, false);
	if (!msg)
		return -ENOMEM;
	ret = send_secret_msg(ctx, msg, ic_encode_auth(msg, a, false),
			      ic_decode_auth, &reply);
	if (ctx->sk)
		ret = new_key(ctx, ret, reply.id, "auth entry");
	if (!ret && id)
		*id = reply.id ? reply.id : a->id;
	iscsicfg_auth_free(&reply);
	return ret;
}

IC_EXPORT int iscsicfg_auth_set(struct iscsicfg_ctx *ctx,
				const struct iscsicfg_auth *a)
{
	struct nl_msg *msg;
	struct ic_err e;

	if (ic_check_auth(&e, a, true))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, ISCSIKT_CMD_AUTH_SET, false);
	if (!msg)
		return -ENOMEM;
	return send_secret_msg(ctx, msg, ic_encode_auth(msg, a, true), NULL,
			       NULL);
}

IC_EXPORT int iscsicfg_auth_del(struct iscsicfg_ctx *ctx, uint32_t id,
				unsigned int flags)
{
	if (!id)
		return ic_set_err(ctx, -EINVAL, "auth id: required (non-zero)");
	return key_u32(ctx, ISCSIKT_CMD_AUTH_DEL, ISCSIKT_A_AUTH_ID, id, flags,
		       NULL, NULL);
}

IC_EXPORT int iscsicfg_auth_get(struct iscsicfg_ctx *ctx, uint32_t id,
				struct iscsicfg_auth *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	ret = key_u32(ctx, ISCSIKT_CMD_AUTH_GET, ISCSIKT_A_AUTH_ID, id, 0,
		      ic_decode_auth, a);
	if (ret)
		iscsicfg_auth_free(a);
	return ret;
}

IC_EXPORT int iscsicfg_auth_list(struct iscsicfg_ctx *ctx,
				 struct iscsicfg_auth **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_auth, **out);
	int ret;

	ret = dump(ctx, new_msg(ctx, ISCSIKT_CMD_AUTH_GET, true), &la);
	if (ret) {
		iscsicfg_auth_list_free(la.vec.v, la.vec.n);
		la.vec.v = NULL;
		la.vec.n = 0;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return ret;
}

/* ---- target ---- */

IC_EXPORT void iscsicfg_target_free(struct iscsicfg_target *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->alias);
	free(t->groups);
	free(t->networks);
	memset(t, 0, sizeof(*t));
}

IC_EXPORT void iscsicfg_target_list_free(struct iscsicfg_target *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_target_free(&v[i]);
	free(v);
}

static int target_write(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_target *t, bool set)
{
	char full[ISCSICFG_NAME_MAX];
	struct nl_msg *msg;
	struct ic_err e;
	int ret;

	if (!set && ic_check_short_target_name(&e, t->name))
		return ic_invalid(ctx, &e);
	if (ic_check_target(&e, t, set))
		return ic_invalid(ctx, &e);
	ret = full_target_name(ctx, t->name, full);
	if (ret)
		return ret;
	if (!set && ic_check_new_target_name(&e, full))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, set ? ISCSIKT_CMD_TARGET_SET :
		      ISCSIKT_CMD_TARGET_NEW, false);
	if (!msg)
		return -ENOMEM;
	return send_msg(ctx, msg, ic_encode_target(msg, t, full, set), NULL,
			NULL);
}

IC_EXPORT int iscsicfg_target_add(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_target *t)
{
	return target_write(ctx, t, false);
}

IC_EXPORT int iscsicfg_target_set(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_target *t)
{
	return target_write(ctx, t, true);
}

static struct nl_msg *target_key_msg(struct iscsicfg_ctx *ctx, uint8_t cmd,
				     const char *name, int *ret)
{
	char full[ISCSICFG_NAME_MAX];
	struct nl_msg *msg;

	*ret = full_target_name(ctx, name, full);
	if (*ret)
		return NULL;
	msg = new_msg(ctx, cmd, false);
	if (!msg) {
		*ret = -ENOMEM;
		return NULL;
	}
	if (nla_put_string(msg, ISCSIKT_A_TARGET_NAME, full) < 0) {
		nlmsg_free(msg);
		*ret = ic_set_err(ctx, -EMSGSIZE, "target name: too long");
		return NULL;
	}
	return msg;
}

/*
 * The backing files of the FILE extents mapped to target @name, collected
 * before TARGET_DEL: afterwards the kernel no longer knows them.
 */
static int target_files(struct iscsicfg_ctx *ctx, const char *name,
			struct ic_vec *paths)
{
	struct iscsicfg_extent x;
	struct iscsicfg_lun *luns;
	size_t n, i;
	char **p;
	int ret;

	ret = iscsicfg_lun_list(ctx, name, &luns, &n);
	for (i = 0; !ret && i < n; i++) {
		ret = iscsicfg_extent_get(ctx, luns[i].extent, &x);
		if (ret)
			break;
		if (x.type == ISCSICFG_EXTENT_FILE && x.path) {
			p = ic_vec_push(paths);
			if (p) {
				*p = x.path;
				x.path = NULL;
			} else {
				ret = ic_set_err(ctx, -ENOMEM, "out of memory");
			}
		}
		iscsicfg_extent_free(&x);
	}
	iscsicfg_lun_list_free(luns, n);
	return ret;
}

/* only what is still a regular file: never a device, nor a symlink */
static int unlink_files(struct iscsicfg_ctx *ctx, char **paths, size_t n)
{
	struct stat st;
	int ret = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (lstat(paths[i], &st) || !S_ISREG(st.st_mode))
			continue;
		if (unlink(paths[i]) && !ret)
			ret = ic_set_err(ctx, -errno,
					 "target deleted, but its file %s was not: %s",
					 paths[i], strerror(errno));
	}
	return ret;
}

IC_EXPORT int iscsicfg_target_del(struct iscsicfg_ctx *ctx, const char *name,
				  unsigned int flags)
{
	struct ic_vec paths = { .elsz = sizeof(char *) };
	struct nl_msg *msg;
	int ret, enc = 0;

	if ((flags & ISCSICFG_DEL_FILES) && !(flags & ISCSICFG_DEL_EXTENTS))
		return ic_set_err(ctx, -EINVAL,
				  "delete files: only together with delete extents");
	if (flags & ISCSICFG_DEL_FILES) {
		ret = target_files(ctx, name, &paths);
		if (ret)
			goto out;
	}
	msg = target_key_msg(ctx, ISCSIKT_CMD_TARGET_DEL, name, &ret);
	if (!msg)
		goto out;
	if (flags & ISCSICFG_DEL_FORCE)
		enc |= nla_put_flag(msg, ISCSIKT_A_FORCE);
	if (flags & ISCSICFG_DEL_EXTENTS)
		enc |= nla_put_flag(msg, ISCSIKT_A_DELETE_EXTENTS);
	/* the kernel deletes no file (ISCSIKT_A_DELETE_FILES): we do */
	ret = send_msg(ctx, msg, enc, NULL, NULL);
	if (!ret)
		ret = unlink_files(ctx, paths.v, paths.n);
out:
	free_strv(paths.v, paths.n);
	return ret;
}

IC_EXPORT int iscsicfg_target_get(struct iscsicfg_ctx *ctx, const char *name,
				  struct iscsicfg_target *t)
{
	struct nl_msg *msg;
	int ret;

	memset(t, 0, sizeof(*t));
	msg = target_key_msg(ctx, ISCSIKT_CMD_TARGET_GET, name, &ret);
	if (!msg)
		return ret;
	ret = send_msg(ctx, msg, 0, ic_decode_target, t);
	if (ret)
		iscsicfg_target_free(t);
	return ret;
}

IC_EXPORT int iscsicfg_target_list(struct iscsicfg_ctx *ctx,
				   struct iscsicfg_target **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_target, **out);
	int ret;

	ret = dump(ctx, new_msg(ctx, ISCSIKT_CMD_TARGET_GET, true), &la);
	if (ret) {
		iscsicfg_target_list_free(la.vec.v, la.vec.n);
		la.vec.v = NULL;
		la.vec.n = 0;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return ret;
}

/* ---- extent ---- */

IC_EXPORT void iscsicfg_extent_free(struct iscsicfg_extent *x)
{
	if (!x)
		return;
	free(x->name);
	free(x->path);
	free(x->serial);
	free(x->comment);
	memset(x, 0, sizeof(*x));
}

IC_EXPORT void iscsicfg_extent_list_free(struct iscsicfg_extent *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_extent_free(&v[i]);
	free(v);
}

static int extent_write(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_extent *x, bool set)
{
	bool exists = false;
	struct nl_msg *msg;
	struct ic_err e;
	struct stat st;

	/* the kernel opens the path on this host: look at it here too */
	if (x->path && x->path[0] == '/' && !stat(x->path, &st)) {
		exists = true;
		if (x->type == ISCSICFG_EXTENT_FILE && S_ISDIR(st.st_mode) &&
		    (!set || (x->fields & ISCSICFG_EXTENT_F_PATH)))
			return ic_set_err(ctx, -EINVAL,
					  "path: \"%s\" is a directory; name a file in it",
					  x->path);
	}
	if (ic_check_extent(&e, x, set, exists))
		return ic_invalid(ctx, &e);
	msg = new_msg(ctx, set ? ISCSIKT_CMD_EXTENT_SET :
		      ISCSIKT_CMD_EXTENT_NEW, false);
	if (!msg)
		return -ENOMEM;
	return send_msg(ctx, msg, ic_encode_extent(msg, x, set), NULL, NULL);
}

IC_EXPORT int iscsicfg_extent_add(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_extent *x)
{
	return extent_write(ctx, x, false);
}

IC_EXPORT int iscsicfg_extent_set(struct iscsicfg_ctx *ctx,
				  const struct iscsicfg_extent *x)
{
	return extent_write(ctx, x, true);
}

static struct nl_msg *extent_key_msg(struct iscsicfg_ctx *ctx, uint8_t cmd,
				     const char *name, int *ret)
{
	struct nl_msg *msg;
	struct ic_err e;

	*ret = ic_check_extent_name(&e, name);
	if (*ret) {
		ic_invalid(ctx, &e);
		return NULL;
	}
	msg = new_msg(ctx, cmd, false);
	if (!msg) {
		*ret = -ENOMEM;
		return NULL;
	}
	if (nla_put_string(msg, ISCSIKT_A_EXTENT_NAME, name) < 0) {
		nlmsg_free(msg);
		*ret = ic_set_err(ctx, -EMSGSIZE, "extent name: too long");
		return NULL;
	}
	return msg;
}

IC_EXPORT int iscsicfg_extent_del(struct iscsicfg_ctx *ctx, const char *name,
				  unsigned int flags)
{
	struct nl_msg *msg;
	int ret, enc = 0;

	msg = extent_key_msg(ctx, ISCSIKT_CMD_EXTENT_DEL, name, &ret);
	if (!msg)
		return ret;
	if (flags & ISCSICFG_DEL_FORCE)
		enc = nla_put_flag(msg, ISCSIKT_A_FORCE);
	return send_msg(ctx, msg, enc, NULL, NULL);
}

IC_EXPORT int iscsicfg_extent_get(struct iscsicfg_ctx *ctx, const char *name,
				  struct iscsicfg_extent *x)
{
	struct nl_msg *msg;
	int ret;

	memset(x, 0, sizeof(*x));
	msg = extent_key_msg(ctx, ISCSIKT_CMD_EXTENT_GET, name, &ret);
	if (!msg)
		return ret;
	ret = send_msg(ctx, msg, 0, ic_decode_extent, x);
	if (ret)
		iscsicfg_extent_free(x);
	return ret;
}

IC_EXPORT int iscsicfg_extent_list(struct iscsicfg_ctx *ctx,
				   struct iscsicfg_extent **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_extent, **out);
	int ret;

	ret = dump(ctx, new_msg(ctx, ISCSIKT_CMD_EXTENT_GET, true), &la);
	if (ret) {
		iscsicfg_extent_list_free(la.vec.v, la.vec.n);
		la.vec.v = NULL;
		la.vec.n = 0;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return ret;
}

/* ---- lun ---- */

IC_EXPORT void iscsicfg_lun_free(struct iscsicfg_lun *l)
{
	if (!l)
		return;
	free(l->target);
	free(l->extent);
	memset(l, 0, sizeof(*l));
}

IC_EXPORT void iscsicfg_lun_list_free(struct iscsicfg_lun *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_lun_free(&v[i]);
	free(v);
}

IC_EXPORT int iscsicfg_lun_list(struct iscsicfg_ctx *ctx, const char *target,
				struct iscsicfg_lun **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_lun, **out);
	char full[ISCSICFG_NAME_MAX];
	struct nl_msg *msg;
	int ret;

	*out = NULL;
	*n = 0;
	if (target) {
		ret = full_target_name(ctx, target, full);
		if (ret)
			return ret;
	}
	msg = new_msg(ctx, ISCSIKT_CMD_LUN_GET, true);
	if (msg && target && nla_put_string(msg, ISCSIKT_A_TARGET_NAME,
					    full) < 0) {
		nlmsg_free(msg);
		return ic_set_err(ctx, -EMSGSIZE, "target name: too long");
	}
	/* the kernel filters the dump by ISCSIKT_A_TARGET_NAME */
	ret = dump(ctx, msg, &la);
	if (ret) {
		iscsicfg_lun_list_free(la.vec.v, la.vec.n);
		return ret;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return 0;
}

IC_EXPORT int iscsicfg_lun_add(struct iscsicfg_ctx *ctx,
			       const struct iscsicfg_lun *l,
			       uint64_t *assigned)
{
	char full[ISCSICFG_NAME_MAX];
	struct iscsicfg_lun *luns;
	int64_t lun = l->lun_id;
	uint64_t *used;
	struct nl_msg *msg;
	struct ic_err e;
	size_t n, i;
	int ret, enc;

	if (ic_check_lun_id(&e, l->lun_id) ||
	    ic_check_extent_name(&e, l->extent))
		return ic_invalid(ctx, &e);
	ret = full_target_name(ctx, l->target, full);
	if (ret)
		return ret;
	if (lun < 0) {
		ret = iscsicfg_lun_list(ctx, full, &luns, &n);
		if (ret)
			return ret;
		used = calloc(n ? n : 1, sizeof(*used));
		for (i = 0; used && i < n; i++)
			used[i] = (uint64_t)luns[i].lun_id;
		iscsicfg_lun_list_free(luns, n);
		if (!used)
			return ic_set_err(ctx, -ENOMEM, "out of memory");
		lun = ic_next_free_lun(used, n);
		free(used);
		if (lun < 0)
			return ic_set_err(ctx, -ENOSPC,
					  "LUN: target %s has all LUNs 0..%d in use",
					  full, ISCSICFG_MAX_LUN);
	}
	msg = new_msg(ctx, ISCSIKT_CMD_LUN_NEW, false);
	if (!msg)
		return -ENOMEM;
	enc = nla_put_string(msg, ISCSIKT_A_TARGET_NAME, full);
	enc |= nla_put_string(msg, ISCSIKT_A_EXTENT_NAME, l->extent);
	enc |= nla_put_u64(msg, ISCSIKT_A_LUN_ID, (uint64_t)lun);
	ret = send_msg(ctx, msg, enc, NULL, NULL);
	if (!ret && assigned)
		*assigned = (uint64_t)lun;
	return ret;
}

IC_EXPORT int iscsicfg_lun_del(struct iscsicfg_ctx *ctx, const char *target,
			       uint64_t lun_id)
{
	struct nl_msg *msg;
	struct ic_err e;
	int ret;

	if (lun_id > ISCSICFG_MAX_LUN) {
		ic_check_lun_id(&e, lun_id > INT64_MAX ? -2 : (int64_t)lun_id);
		return ic_invalid(ctx, &e);
	}
	msg = target_key_msg(ctx, ISCSIKT_CMD_LUN_DEL, target, &ret);
	if (!msg)
		return ret;
	return send_msg(ctx, msg, nla_put_u64(msg, ISCSIKT_A_LUN_ID, lun_id),
			NULL, NULL);
}

/* ---- session ---- */

IC_EXPORT void iscsicfg_session_free(struct iscsicfg_session *s)
{
	if (!s)
		return;
	free(s->target);
	free(s->initiator);
	free(s->initiator_alias);
	free(s->conns);
	memset(s, 0, sizeof(*s));
}

IC_EXPORT void iscsicfg_session_list_free(struct iscsicfg_session *v,
					  size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		iscsicfg_session_free(&v[i]);
	free(v);
}

IC_EXPORT int iscsicfg_session_list(struct iscsicfg_ctx *ctx,
				    struct iscsicfg_session **out, size_t *n)
{
	struct list_arg la = LIST_ARG(ic_decode_session, **out);
	int ret;

	ret = dump(ctx, new_msg(ctx, ISCSIKT_CMD_SESSION_GET, true), &la);
	if (ret) {
		iscsicfg_session_list_free(la.vec.v, la.vec.n);
		la.vec.v = NULL;
		la.vec.n = 0;
	}
	*out = la.vec.v;
	*n = la.vec.n;
	return ret;
}
