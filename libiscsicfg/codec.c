// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Object <-> attribute encoding.  Add requests carry every field the caller
 * set (zero/NULL meaning "kernel default"); set requests carry the key and
 * the fields named in the object's "fields" mask.  Replies are checked for
 * length before any value is read: the kernel is trusted, but a version
 * skew must give an error rather than garbage.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

#define HAS(obj, bit) (!set || ((obj)->fields & (bit)))
#define PUT(x)					\
	do {					\
		if ((x) < 0)			\
			return -EMSGSIZE;	\
	} while (0)

static int put_str(struct nl_msg *m, int type, const char *s, bool set)
{
	if (!s && !set)
		return 0;
	return nla_put_string(m, type, s ? s : "");
}

/*
 * A set that empties a list sends the list once, empty: "" for a list of
 * strings, a nest without attributes for a list of nests.  libnl's
 * nla_nest_end() would drop the empty nest.
 */
static int put_empty_list(struct nl_msg *m, int type, bool nested)
{
	struct nlattr *nest;

	if (!nested)
		return nla_put_string(m, type, "");
	nest = nla_nest_start(m, type);
	if (!nest)
		return -EMSGSIZE;
	return nla_nest_end_keep_empty(m, nest);
}

/* set, field named in the mask, list empty */
#define EMPTIES(obj, bit, n) (set && ((obj)->fields & (bit)) && !(n))

static int put_addr(struct nl_msg *m, int type, const struct iscsicfg_addr *a)
{
	return nla_put(m, type, a->family == AF_INET ? 4 : 16, a->bytes);
}

int ic_encode_global(struct nl_msg *m, const struct iscsicfg_global *g,
		     bool set)
{
	size_t i;

	if (HAS(g, ISCSICFG_GLOBAL_F_BASENAME))
		PUT(put_str(m, ISCSIKT_A_GLOBAL_BASENAME, g->basename, set));
	for (i = 0; HAS(g, ISCSICFG_GLOBAL_F_ISNS) && i < g->n_isns; i++)
		PUT(nla_put_string(m, ISCSIKT_A_GLOBAL_ISNS_SERVER,
				   g->isns[i]));
	if (EMPTIES(g, ISCSICFG_GLOBAL_F_ISNS, g->n_isns))
		PUT(put_empty_list(m, ISCSIKT_A_GLOBAL_ISNS_SERVER, false));
	if (HAS(g, ISCSICFG_GLOBAL_F_POOL_THRESHOLD))
		PUT(nla_put_u8(m, ISCSIKT_A_GLOBAL_POOL_THRESHOLD,
			       g->pool_threshold));
	if (HAS(g, ISCSICFG_GLOBAL_F_ALUA))
		PUT(nla_put_u8(m, ISCSIKT_A_GLOBAL_ALUA, g->alua));
	if (HAS(g, ISCSICFG_GLOBAL_F_DISCOVERY_AUTH))
		PUT(nla_put_u8(m, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH,
			       (uint8_t)g->discovery_auth));
	if (HAS(g, ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG))
		PUT(nla_put_u32(m, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG,
				g->discovery_auth_tag));
	return 0;
}

int ic_encode_portal(struct nl_msg *m, const struct iscsicfg_portal *p,
		     bool set)
{
	struct nlattr *nest;
	size_t i;

	if (p->tag)
		PUT(nla_put_u16(m, ISCSIKT_A_PORTAL_TAG, p->tag));
	if (HAS(p, ISCSICFG_PORTAL_F_COMMENT))
		PUT(put_str(m, ISCSIKT_A_PORTAL_COMMENT, p->comment, set));
	for (i = 0; HAS(p, ISCSICFG_PORTAL_F_LISTENS) && i < p->n_listens;
	     i++) {
		const struct iscsicfg_listen *l = &p->listens[i];

		nest = nla_nest_start(m, ISCSIKT_A_PORTAL_LISTEN);
		if (!nest)
			return -EMSGSIZE;
		PUT(put_addr(m, ISCSIKT_A_LISTEN_ADDR, &l->addr));
		PUT(nla_put_u16(m, ISCSIKT_A_LISTEN_PORT,
				l->port ? l->port : ISCSICFG_DEFAULT_PORT));
		nla_nest_end(m, nest);
	}
	return 0;
}

int ic_encode_igroup(struct nl_msg *m, const struct iscsicfg_igroup *g,
		     bool set)
{
	size_t i;

	if (g->id)
		PUT(nla_put_u32(m, ISCSIKT_A_IGROUP_ID, g->id));
	if (HAS(g, ISCSICFG_IGROUP_F_COMMENT))
		PUT(put_str(m, ISCSIKT_A_IGROUP_COMMENT, g->comment, set));
	for (i = 0; HAS(g, ISCSICFG_IGROUP_F_INITIATORS) &&
	     i < g->n_initiators; i++)
		PUT(nla_put_string(m, ISCSIKT_A_IGROUP_INITIATOR,
				   g->initiators[i]));
	if (EMPTIES(g, ISCSICFG_IGROUP_F_INITIATORS, g->n_initiators))
		PUT(put_empty_list(m, ISCSIKT_A_IGROUP_INITIATOR, false));
	return 0;
}

static int put_secret(struct nl_msg *m, int type, const char *s)
{
	return nla_put(m, type, (int)strlen(s), s);
}

int ic_encode_auth(struct nl_msg *m, const struct iscsicfg_auth *a, bool set)
{
	bool mutual = a->peer_user && *a->peer_user;

	if (a->id)
		PUT(nla_put_u32(m, ISCSIKT_A_AUTH_ID, a->id));
	if (HAS(a, ISCSICFG_AUTH_F_TAG))
		PUT(nla_put_u32(m, ISCSIKT_A_AUTH_TAG, a->tag));
	if (HAS(a, ISCSICFG_AUTH_F_USER))
		PUT(put_str(m, ISCSIKT_A_AUTH_USER, a->user, set));
	if (HAS(a, ISCSICFG_AUTH_F_SECRET) && a->secret)
		PUT(put_secret(m, ISCSIKT_A_AUTH_SECRET, a->secret));
	/* set with an empty peer user turns mutual CHAP off */
	if (HAS(a, ISCSICFG_AUTH_F_PEER_USER) && (mutual || set))
		PUT(put_str(m, ISCSIKT_A_AUTH_PEER_USER, a->peer_user, set));
	if (HAS(a, ISCSICFG_AUTH_F_PEER_SECRET) && a->peer_secret &&
	    *a->peer_secret)
		PUT(put_secret(m, ISCSIKT_A_AUTH_PEER_SECRET, a->peer_secret));
	return 0;
}

int ic_encode_target(struct nl_msg *m, const struct iscsicfg_target *t,
		     const char *fullname, bool set)
{
	struct nlattr *nest;
	size_t i;

	PUT(nla_put_string(m, ISCSIKT_A_TARGET_NAME, fullname));
	if (HAS(t, ISCSICFG_TARGET_F_ALIAS))
		PUT(put_str(m, ISCSIKT_A_TARGET_ALIAS, t->alias, set));
	if (HAS(t, ISCSICFG_TARGET_F_MODE))
		PUT(nla_put_u8(m, ISCSIKT_A_TARGET_MODE, (uint8_t)t->mode));
	for (i = 0; HAS(t, ISCSICFG_TARGET_F_GROUPS) && i < t->n_groups; i++) {
		const struct iscsicfg_tgroup *g = &t->groups[i];

		nest = nla_nest_start(m, ISCSIKT_A_TARGET_GROUP);
		if (!nest)
			return -EMSGSIZE;
		PUT(nla_put_u16(m, ISCSIKT_A_TGROUP_PORTAL_TAG, g->portal_tag));
		PUT(nla_put_u32(m, ISCSIKT_A_TGROUP_IGROUP_ID, g->igroup_id));
		PUT(nla_put_u8(m, ISCSIKT_A_TGROUP_AUTH_METHOD,
			       (uint8_t)g->auth_method));
		PUT(nla_put_u32(m, ISCSIKT_A_TGROUP_AUTH_TAG, g->auth_tag));
		nla_nest_end(m, nest);
	}
	if (EMPTIES(t, ISCSICFG_TARGET_F_GROUPS, t->n_groups))
		PUT(put_empty_list(m, ISCSIKT_A_TARGET_GROUP, true));
	for (i = 0; HAS(t, ISCSICFG_TARGET_F_NETWORKS) && i < t->n_networks;
	     i++) {
		nest = nla_nest_start(m, ISCSIKT_A_TARGET_NETWORK);
		if (!nest)
			return -EMSGSIZE;
		PUT(put_addr(m, ISCSIKT_A_NET_ADDR, &t->networks[i].addr));
		PUT(nla_put_u8(m, ISCSIKT_A_NET_PREFIX, t->networks[i].prefix));
		nla_nest_end(m, nest);
	}
	if (EMPTIES(t, ISCSICFG_TARGET_F_NETWORKS, t->n_networks))
		PUT(put_empty_list(m, ISCSIKT_A_TARGET_NETWORK, true));
	return 0;
}

int ic_encode_extent(struct nl_msg *m, const struct iscsicfg_extent *x,
		     bool set)
{
	PUT(nla_put_string(m, ISCSIKT_A_EXTENT_NAME, x->name));
	if (HAS(x, ISCSICFG_EXTENT_F_TYPE))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_TYPE, (uint8_t)x->type));
	if (HAS(x, ISCSICFG_EXTENT_F_PATH))
		PUT(put_str(m, ISCSIKT_A_EXTENT_PATH, x->path, set));
	if (HAS(x, ISCSICFG_EXTENT_F_SIZE))
		PUT(nla_put_u64(m, ISCSIKT_A_EXTENT_SIZE, x->size));
	if (HAS(x, ISCSICFG_EXTENT_F_BLOCK_SIZE))
		PUT(nla_put_u32(m, ISCSIKT_A_EXTENT_BLOCK_SIZE,
				x->block_size ? x->block_size : 512));
	if (HAS(x, ISCSICFG_EXTENT_F_NO_PBS))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_NO_PBS, x->no_pbs));
	if (HAS(x, ISCSICFG_EXTENT_F_READ_ONLY))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_READ_ONLY, x->read_only));
	if (HAS(x, ISCSICFG_EXTENT_F_XEN))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_XEN, x->xen));
	if (HAS(x, ISCSICFG_EXTENT_F_RPM))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_RPM, (uint8_t)x->rpm));
	if (HAS(x, ISCSICFG_EXTENT_F_TPC))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_TPC, x->tpc));
	if (HAS(x, ISCSICFG_EXTENT_F_SERIAL) && (set || (x->serial &&
						       *x->serial)))
		PUT(put_str(m, ISCSIKT_A_EXTENT_SERIAL, x->serial, set));
	if (HAS(x, ISCSICFG_EXTENT_F_NAA) && (set || x->naa))
		PUT(nla_put_u64(m, ISCSIKT_A_EXTENT_NAA, x->naa));
	if (HAS(x, ISCSICFG_EXTENT_F_THRESHOLD))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_THRESHOLD, x->threshold));
	if (HAS(x, ISCSICFG_EXTENT_F_COMMENT))
		PUT(put_str(m, ISCSIKT_A_EXTENT_COMMENT, x->comment, set));
	if (HAS(x, ISCSICFG_EXTENT_F_ENABLED))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_ENABLED, x->enabled));
	if (HAS(x, ISCSICFG_EXTENT_F_DIRECT_IO))
		PUT(nla_put_u8(m, ISCSIKT_A_EXTENT_DIRECT_IO, x->direct_io));
	return 0;
}

/* ---- decoding ---- */

static int get_u8(const struct nlattr *a, uint8_t *v)
{
	if (nla_len(a) != 1)
		return -EPROTO;
	*v = nla_get_u8((struct nlattr *)a);
	return 0;
}

static int get_bool(const struct nlattr *a, bool *v)
{
	uint8_t u = 0;

	if (get_u8(a, &u))
		return -EPROTO;
	*v = u;
	return 0;
}

static int get_u16(const struct nlattr *a, uint16_t *v)
{
	if (nla_len(a) != 2)
		return -EPROTO;
	*v = nla_get_u16((struct nlattr *)a);
	return 0;
}

static int get_u32(const struct nlattr *a, uint32_t *v)
{
	if (nla_len(a) != 4)
		return -EPROTO;
	*v = nla_get_u32((struct nlattr *)a);
	return 0;
}

static int get_u64(const struct nlattr *a, uint64_t *v)
{
	if (nla_len(a) != 8)
		return -EPROTO;
	memcpy(v, nla_data(a), 8);
	return 0;
}

static int get_str(const struct nlattr *a, char **dst)
{
	free(*dst);
	*dst = strndup(nla_data(a), (size_t)nla_len(a));
	return *dst ? 0 : -ENOMEM;
}

static int push_str(const struct nlattr *a, char ***v, size_t *n)
{
	char **nv = reallocarray(*v, *n + 1, sizeof(**v));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n] = NULL;
	(*n)++;
	return get_str(a, &nv[*n - 1]);
}

static int get_addr(const struct nlattr *a, struct iscsicfg_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (nla_len(a) == 4)
		addr->family = AF_INET;
	else if (nla_len(a) == 16)
		addr->family = AF_INET6;
	else
		return -EPROTO;
	memcpy(addr->bytes, nla_data(a), (size_t)nla_len(a));
	return 0;
}

/* grow *v by one zeroed element of size elsz */
static void *push(void **v, size_t *n, size_t elsz)
{
	char *nv = reallocarray(*v, *n + 1, elsz);

	if (!nv)
		return NULL;
	*v = nv;
	memset(nv + *n * elsz, 0, elsz);
	return nv + (*n)++ * elsz;
}

#define for_each_attr(a, attrs, len, rem) nla_for_each_attr(a, attrs, len, rem)

int ic_decode_global(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_global *g = arg;
	struct nlattr *a;
	uint8_t u = 0;
	int rem, ret = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_GLOBAL_BASENAME:
			ret = get_str(a, &g->basename);
			break;
		case ISCSIKT_A_GLOBAL_ISNS_SERVER:
			ret = push_str(a, &g->isns, &g->n_isns);
			break;
		case ISCSIKT_A_GLOBAL_POOL_THRESHOLD:
			ret = get_u8(a, &g->pool_threshold);
			break;
		case ISCSIKT_A_GLOBAL_ALUA:
			ret = get_bool(a, &g->alua);
			break;
		case ISCSIKT_A_GLOBAL_DISCOVERY_AUTH:
			ret = get_u8(a, &u);
			g->discovery_auth = (enum iscsicfg_auth_method)u;
			break;
		case ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG:
			ret = get_u32(a, &g->discovery_auth_tag);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int decode_listen(struct nlattr *nest, struct iscsicfg_portal *p)
{
	struct iscsicfg_listen *l;
	struct nlattr *a;
	int rem, ret = 0;

	l = push((void **)&p->listens, &p->n_listens, sizeof(*l));
	if (!l)
		return -ENOMEM;
	for_each_attr(a, nla_data(nest), nla_len(nest), rem) {
		if (nla_type(a) == ISCSIKT_A_LISTEN_ADDR)
			ret = get_addr(a, &l->addr);
		else if (nla_type(a) == ISCSIKT_A_LISTEN_PORT)
			ret = get_u16(a, &l->port);
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_portal(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_portal *p = arg;
	struct nlattr *a;
	int rem, ret = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_PORTAL_TAG:
			ret = get_u16(a, &p->tag);
			break;
		case ISCSIKT_A_PORTAL_COMMENT:
			ret = get_str(a, &p->comment);
			break;
		case ISCSIKT_A_PORTAL_LISTEN:
			ret = decode_listen(a, p);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_igroup(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_igroup *g = arg;
	struct nlattr *a;
	int rem, ret = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_IGROUP_ID:
			ret = get_u32(a, &g->id);
			break;
		case ISCSIKT_A_IGROUP_COMMENT:
			ret = get_str(a, &g->comment);
			break;
		case ISCSIKT_A_IGROUP_INITIATOR:
			ret = push_str(a, &g->initiators, &g->n_initiators);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* secrets are never read back, even if a kernel were to send them */
int ic_decode_auth(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_auth *x = arg;
	struct nlattr *a;
	int rem, ret = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_AUTH_ID:
			ret = get_u32(a, &x->id);
			break;
		case ISCSIKT_A_AUTH_TAG:
			ret = get_u32(a, &x->tag);
			break;
		case ISCSIKT_A_AUTH_USER:
			ret = get_str(a, &x->user);
			break;
		case ISCSIKT_A_AUTH_PEER_USER:
			ret = get_str(a, &x->peer_user);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int decode_tgroup(struct nlattr *nest, struct iscsicfg_target *t)
{
	struct iscsicfg_tgroup *g;
	struct nlattr *a;
	int rem, ret = 0;
	uint8_t u = 0;

	g = push((void **)&t->groups, &t->n_groups, sizeof(*g));
	if (!g)
		return -ENOMEM;
	for_each_attr(a, nla_data(nest), nla_len(nest), rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_TGROUP_PORTAL_TAG:
			ret = get_u16(a, &g->portal_tag);
			break;
		case ISCSIKT_A_TGROUP_IGROUP_ID:
			ret = get_u32(a, &g->igroup_id);
			break;
		case ISCSIKT_A_TGROUP_AUTH_METHOD:
			ret = get_u8(a, &u);
			g->auth_method = (enum iscsicfg_auth_method)u;
			break;
		case ISCSIKT_A_TGROUP_AUTH_TAG:
			ret = get_u32(a, &g->auth_tag);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int decode_network(struct nlattr *nest, struct iscsicfg_target *t)
{
	struct iscsicfg_network *n;
	struct nlattr *a;
	int rem, ret = 0;

	n = push((void **)&t->networks, &t->n_networks, sizeof(*n));
	if (!n)
		return -ENOMEM;
	for_each_attr(a, nla_data(nest), nla_len(nest), rem) {
		if (nla_type(a) == ISCSIKT_A_NET_ADDR)
			ret = get_addr(a, &n->addr);
		else if (nla_type(a) == ISCSIKT_A_NET_PREFIX)
			ret = get_u8(a, &n->prefix);
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_target(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_target *t = arg;
	struct nlattr *a;
	int rem, ret = 0;
	uint8_t u = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_TARGET_NAME:
			ret = get_str(a, &t->name);
			break;
		case ISCSIKT_A_TARGET_ALIAS:
			ret = get_str(a, &t->alias);
			break;
		case ISCSIKT_A_TARGET_MODE:
			ret = get_u8(a, &u);
			t->mode = (enum iscsicfg_target_mode)u;
			break;
		case ISCSIKT_A_TARGET_GROUP:
			ret = decode_tgroup(a, t);
			break;
		case ISCSIKT_A_TARGET_NETWORK:
			ret = decode_network(a, t);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_extent(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_extent *x = arg;
	struct nlattr *a;
	int rem, ret = 0;
	uint8_t u = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_EXTENT_NAME:
			ret = get_str(a, &x->name);
			break;
		case ISCSIKT_A_EXTENT_TYPE:
			ret = get_u8(a, &u);
			x->type = (enum iscsicfg_extent_type)u;
			break;
		case ISCSIKT_A_EXTENT_PATH:
			ret = get_str(a, &x->path);
			break;
		case ISCSIKT_A_EXTENT_SIZE:
			ret = get_u64(a, &x->size);
			break;
		case ISCSIKT_A_EXTENT_BLOCK_SIZE:
			ret = get_u32(a, &x->block_size);
			break;
		case ISCSIKT_A_EXTENT_NO_PBS:
			ret = get_bool(a, &x->no_pbs);
			break;
		case ISCSIKT_A_EXTENT_READ_ONLY:
			ret = get_bool(a, &x->read_only);
			break;
		case ISCSIKT_A_EXTENT_XEN:
			ret = get_bool(a, &x->xen);
			break;
		case ISCSIKT_A_EXTENT_RPM:
			ret = get_u8(a, &u);
			x->rpm = (enum iscsicfg_rpm)u;
			break;
		case ISCSIKT_A_EXTENT_TPC:
			ret = get_bool(a, &x->tpc);
			break;
		case ISCSIKT_A_EXTENT_SERIAL:
			ret = get_str(a, &x->serial);
			break;
		case ISCSIKT_A_EXTENT_NAA:
			ret = get_u64(a, &x->naa);
			break;
		case ISCSIKT_A_EXTENT_THRESHOLD:
			ret = get_u8(a, &x->threshold);
			break;
		case ISCSIKT_A_EXTENT_COMMENT:
			ret = get_str(a, &x->comment);
			break;
		case ISCSIKT_A_EXTENT_ENABLED:
			ret = get_bool(a, &x->enabled);
			break;
		case ISCSIKT_A_EXTENT_DIRECT_IO:
			ret = get_bool(a, &x->direct_io);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_lun(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_lun *l = arg;
	struct nlattr *a;
	int rem, ret = 0;
	uint64_t id = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_TARGET_NAME:
			ret = get_str(a, &l->target);
			break;
		case ISCSIKT_A_EXTENT_NAME:
			ret = get_str(a, &l->extent);
			break;
		case ISCSIKT_A_LUN_ID:
			ret = get_u64(a, &id);
			if (!ret && id > ISCSICFG_MAX_LUN)
				ret = -EPROTO;
			l->lun_id = (int64_t)id;
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int decode_conn(struct nlattr *nest, struct iscsicfg_session *s)
{
	struct iscsicfg_conn *c;
	struct nlattr *a;
	int rem, ret = 0;

	c = push((void **)&s->conns, &s->n_conns, sizeof(*c));
	if (!c)
		return -ENOMEM;
	for_each_attr(a, nla_data(nest), nla_len(nest), rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_CONN_CID:
			ret = get_u16(a, &c->cid);
			break;
		case ISCSIKT_A_CONN_PEER_ADDR:
			ret = get_addr(a, &c->peer);
			break;
		case ISCSIKT_A_CONN_PEER_PORT:
			ret = get_u16(a, &c->peer_port);
			break;
		case ISCSIKT_A_CONN_LOCAL_ADDR:
			ret = get_addr(a, &c->local);
			break;
		case ISCSIKT_A_CONN_LOCAL_PORT:
			ret = get_u16(a, &c->local_port);
			break;
		case ISCSIKT_A_CONN_PORTAL_TAG:
			ret = get_u16(a, &c->portal_tag);
			break;
		case ISCSIKT_A_CONN_HEADER_DIGEST:
			ret = get_bool(a, &c->header_digest);
			break;
		case ISCSIKT_A_CONN_DATA_DIGEST:
			ret = get_bool(a, &c->data_digest);
			break;
		case ISCSIKT_A_CONN_MAX_RECV_DSL:
			ret = get_u32(a, &c->max_recv_dsl);
			break;
		case ISCSIKT_A_CONN_MAX_XMIT_DSL:
			ret = get_u32(a, &c->max_xmit_dsl);
			break;
		case ISCSIKT_A_CONN_FIRST_BURST:
			ret = get_u32(a, &c->first_burst);
			break;
		case ISCSIKT_A_CONN_MAX_BURST:
			ret = get_u32(a, &c->max_burst);
			break;
		case ISCSIKT_A_CONN_IMMEDIATE_DATA:
			ret = get_bool(a, &c->immediate_data);
			break;
		case ISCSIKT_A_CONN_INITIAL_R2T:
			ret = get_bool(a, &c->initial_r2t);
			break;
		case ISCSIKT_A_CONN_CMDS:
			ret = get_u64(a, &c->cmds);
			break;
		case ISCSIKT_A_CONN_CMD_ERRORS:
			ret = get_u64(a, &c->cmd_errors);
			break;
		case ISCSIKT_A_CONN_RX_BYTES:
			ret = get_u64(a, &c->rx_bytes);
			break;
		case ISCSIKT_A_CONN_TX_BYTES:
			ret = get_u64(a, &c->tx_bytes);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_session(struct nlattr *attrs, int len, void *arg)
{
	struct iscsicfg_session *s = arg;
	struct nlattr *a;
	int rem, ret = 0;

	for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_SESSION_TSIH:
			ret = get_u16(a, &s->tsih);
			break;
		case ISCSIKT_A_SESSION_ISID:
			ret = get_u64(a, &s->isid);
			break;
		case ISCSIKT_A_TARGET_NAME:
			ret = get_str(a, &s->target);
			break;
		case ISCSIKT_A_SESSION_INITIATOR:
			ret = get_str(a, &s->initiator);
			break;
		case ISCSIKT_A_SESSION_INITIATOR_ALIAS:
			ret = get_str(a, &s->initiator_alias);
			break;
		case ISCSIKT_A_SESSION_CONN:
			ret = decode_conn(a, s);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}
