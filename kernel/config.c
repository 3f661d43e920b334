// SPDX-License-Identifier: GPL-2.0
/*
 * iscsikt configuration objects: lifetime, lookups and the access
 * decisions the datapath asks for.  See config.h for the locking rules.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "config.h"
#include "iscsikt.h"
#include "listener.h"
#include "pr.h"

struct ikt_config ikt_cfg;

struct ikt_portal *ikt_portal_find(u16 tag)
{
	lockdep_assert_held(&ikt_cfg.lock);
	return xa_load(&ikt_cfg.portals, tag);
}

struct ikt_igroup *ikt_igroup_find(u32 id)
{
	lockdep_assert_held(&ikt_cfg.lock);
	return xa_load(&ikt_cfg.igroups, id);
}

struct ikt_auth *ikt_auth_find(u32 id)
{
	lockdep_assert_held(&ikt_cfg.lock);
	return xa_load(&ikt_cfg.auths, id);
}

bool ikt_auth_tag_exists(u32 tag)
{
	struct ikt_auth *a;
	unsigned long id;

	lockdep_assert_held(&ikt_cfg.lock);
	xa_for_each(&ikt_cfg.auths, id, a)
		if (a->tag == tag)
			return true;
	return false;
}

/* iSCSI names are stored lowercase; compare without case all the same. */
struct ikt_target *ikt_target_find(const char *name)
{
	struct ikt_target *t;
	unsigned long id;

	lockdep_assert_held(&ikt_cfg.lock);
	xa_for_each(&ikt_cfg.targets, id, t)
		if (!strcasecmp(t->name, name))
			return t;
	return NULL;
}

struct ikt_extent *ikt_extent_find(const char *name)
{
	struct ikt_extent *e;
	unsigned long id;

	lockdep_assert_held(&ikt_cfg.lock);
	xa_for_each(&ikt_cfg.extents, id, e)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

void ikt_portal_free(struct ikt_portal *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < p->n_listen; i++)
		if (p->listen[i].listener)
			ikt_listener_destroy(p->listen[i].listener);
	kfree(p->listen);
	kfree(p->comment);
	kfree_rcu(p, rcu);	/* ikt_portal_alua_state() may be reading */
}

void ikt_igroup_free(struct ikt_igroup *g)
{
	int i;

	if (!g)
		return;
	for (i = 0; i < g->n_initiators; i++)
		kfree(g->initiators[i]);
	kfree(g->initiators);
	kfree(g->comment);
	kfree(g);
}

void ikt_auth_free(struct ikt_auth *a)
{
	if (!a)
		return;
	kfree(a->user);
	kfree(a->peer_user);
	kfree_sensitive(a->secret);
	kfree_sensitive(a->peer_secret);
	kfree(a);
}

void ikt_target_release(struct kref *kref)
{
	struct ikt_target *t = container_of(kref, struct ikt_target, kref);

	xa_destroy(&t->luns);
	kfree(t->alias);
	kfree(t->groups);
	kfree(t->nets);
	kfree(t);
}

void ikt_extent_release(struct kref *kref)
{
	struct ikt_extent *e = container_of(kref, struct ikt_extent, kref);

	if (e->be.file)
		ikt_backend_close(&e->be);
	ikt_pr_free(e);
	kfree(e->path);
	kfree(e->comment);
	kfree_rcu(e, rcu);
}

void ikt_target_unlink(struct ikt_target *t)
{
	struct ikt_extent *e;
	unsigned long lun;

	lockdep_assert_held(&ikt_cfg.lock);
	xa_for_each(&t->luns, lun, e) {
		e->target = NULL;
		xa_erase(&t->luns, lun);
	}
	WRITE_ONCE(t->dead, true);
	xa_erase(&ikt_cfg.targets, t->id);
}

void ikt_extent_unlink(struct ikt_extent *e)
{
	lockdep_assert_held(&ikt_cfg.lock);
	if (e->target) {
		xa_erase(&e->target->luns, e->lun);
		e->target = NULL;
	}
	e->dead = true;
	xa_erase(&ikt_cfg.extents, e->id);
}

static bool ikt_serial_used(const char *serial)
{
	struct ikt_extent *e;
	unsigned long id;

	xa_for_each(&ikt_cfg.extents, id, e)
		if (!strcmp(e->serial, serial))
			return true;
	return false;
}

static bool ikt_naa_used(u64 naa)
{
	struct ikt_extent *e;
	unsigned long id;

	xa_for_each(&ikt_cfg.extents, id, e)
		if (e->naa == naa)
			return true;
	return false;
}

void ikt_extent_gen_serial(char *serial)
{
	lockdep_assert_held(&ikt_cfg.lock);
	do {
		snprintf(serial, IKT_SERIAL_MAX + 1, "%015llx",
			 get_random_u64() & GENMASK_ULL(59, 0));
	} while (ikt_serial_used(serial));
}

/*
 * NAA 6 (IEEE Registered Extended): 4-bit NAA, 24-bit IEEE company id,
 * then vendor-specific bits.  We have no company id of our own, so the id
 * stays zero and the remaining 36 bits, plus the low 64 bits the datapath
 * derives from the extent, make the designator unique on this host.
 */
u64 ikt_extent_gen_naa(void)
{
	u64 naa;

	lockdep_assert_held(&ikt_cfg.lock);
	do {
		naa = (6ULL << 60) | (get_random_u64() & GENMASK_ULL(35, 0));
	} while (ikt_naa_used(naa));
	return naa;
}

bool ikt_net_match(const struct ikt_net *n, const struct sockaddr_storage *ss)
{
	const u8 *a;
	unsigned int full, rest;

	if (n->family != ss->ss_family)
		return false;
	if (ss->ss_family == AF_INET)
		a = (const u8 *)&((const struct sockaddr_in *)ss)->sin_addr;
	else if (ss->ss_family == AF_INET6)
		a = ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
	else
		return false;
	full = n->prefix / 8;
	rest = n->prefix % 8;
	if (memcmp(a, n->addr, full))
		return false;
	return !rest || !((a[full] ^ n->addr[full]) & (0xff << (8 - rest)));
}

/* ------------------------------------------------------------------ */

struct ikt_target *ikt_target_get(const char *name)
{
	struct ikt_target *t;

	ikt_config_lock();
	t = ikt_target_find(name);
	if (t)
		kref_get(&t->kref);
	ikt_config_unlock();
	return t;
}

void ikt_target_put(struct ikt_target *t)
{
	if (t)
		kref_put(&t->kref, ikt_target_release);
}

/*
 * A disabled extent is not exported: its LUN is absent to initiators.
 * Commands in flight keep the reference their lookup took and finish.
 */
static bool ikt_extent_exported(const struct ikt_extent *e)
{
	return READ_ONCE(e->enabled);
}

static struct ikt_extent *ikt_target_lun_lookup(struct ikt_target *t,
						u64 lun, bool disabled_too)
{
	struct ikt_extent *e = NULL;

	if (lun > ISCSIKT_MAX_LUN)
		return NULL;
	/*
	 * Under RCU, not the configuration lock: an extent being deleted is
	 * either still whole here or has no reference left to take.
	 */
	rcu_read_lock();
	if (!READ_ONCE(t->dead)) {
		e = xa_load(&t->luns, lun);
		if (e && !disabled_too && !ikt_extent_exported(e))
			e = NULL;
		if (e && !kref_get_unless_zero(&e->kref))
			e = NULL;
	}
	rcu_read_unlock();
	return e;
}

struct ikt_extent *ikt_target_lun_get(struct ikt_target *t, u64 lun)
{
	return ikt_target_lun_lookup(t, lun, false);
}

struct ikt_extent *ikt_target_lun_get_mapped(struct ikt_target *t, u64 lun)
{
	return ikt_target_lun_lookup(t, lun, true);
}

struct ikt_extent *ikt_target_lu_by_naa(struct ikt_target *t, u64 naa)
{
	struct ikt_extent *e, *found = NULL;
	unsigned long lun;

	if (!naa)
		return NULL;
	ikt_config_lock();
	if (!t->dead) {
		xa_for_each(&t->luns, lun, e) {
			if (e->naa == naa && ikt_extent_exported(e)) {
				kref_get(&e->kref);
				found = e;
				break;
			}
		}
	}
	ikt_config_unlock();
	return found;
}

void ikt_extent_put(struct ikt_extent *e)
{
	if (e)
		kref_put(&e->kref, ikt_extent_release);
}

static int ikt_target_lun_list(struct ikt_target *t, u64 *ids, int max,
			       bool disabled_too)
{
	struct ikt_extent *e;
	unsigned long lun;
	int n = 0;

	ikt_config_lock();
	xa_for_each(&t->luns, lun, e) {
		if (!disabled_too && !ikt_extent_exported(e))
			continue;
		if (n < max)
			ids[n] = lun;
		n++;
	}
	ikt_config_unlock();
	return n;
}

int ikt_target_lun_ids(struct ikt_target *t, u64 *ids, int max)
{
	return ikt_target_lun_list(t, ids, max, false);
}

int ikt_target_lun_ids_mapped(struct ikt_target *t, u64 *ids, int max)
{
	return ikt_target_lun_list(t, ids, max, true);
}

int ikt_target_alua_tpgs(struct ikt_target *t, struct ikt_alua_tpg *tpgs,
			 int max)
{
	struct ikt_portal *p;
	int i, j, n = 0;
	u16 tag;

	ikt_config_lock();
	for (i = 0; i < t->n_groups && n < max; i++) {
		tag = t->groups[i].portal_tag;
		/* Insertion sort: a handful of groups, kept distinct */
		j = n;
		while (j > 0 && tpgs[j - 1].id > tag)
			j--;
		if (j > 0 && tpgs[j - 1].id == tag)
			continue;
		memmove(tpgs + j + 1, tpgs + j, (n - j) * sizeof(*tpgs));
		/* A target group names only existing portals. */
		p = ikt_portal_find(tag);
		tpgs[j] = (struct ikt_alua_tpg){
			.id = tag,
			.state = p ? p->alua_state : IKT_ALUA_ACTIVE_OPTIMIZED,
			.altered = p && p->alua_altered,
		};
		n++;
	}
	ikt_config_unlock();
	return n;
}

/* Every command asks: no configuration lock, a lookup under RCU. */
u8 ikt_portal_alua_state(u16 tag)
{
	struct ikt_portal *p;
	u8 state;

	rcu_read_lock();
	p = xa_load(&ikt_cfg.portals, tag);
	state = p ? READ_ONCE(p->alua_state) : IKT_ALUA_ACTIVE_OPTIMIZED;
	rcu_read_unlock();
	return state;
}

int ikt_portal_alua_set(const struct ikt_alua_tpg *set, int n, u16 *changed)
{
	struct ikt_portal *p;
	int i, nchanged = 0;

	ikt_config_lock();
	for (i = 0; i < n; i++) {
		p = ikt_portal_find(set[i].id);
		if (!p)
			continue;
		if (p->alua_state != set[i].state)
			changed[nchanged++] = p->tag;
		WRITE_ONCE(p->alua_state, set[i].state);
		p->alua_altered = set[i].altered;
	}
	ikt_config_unlock();
	return nchanged;
}

static bool ikt_target_uses_portals(const struct ikt_target *t,
				    const u16 *tags, int ntags)
{
	int i, j;

	if (!tags)
		return true;
	for (i = 0; i < t->n_groups; i++)
		for (j = 0; j < ntags; j++)
			if (t->groups[i].portal_tag == tags[j])
				return true;
	return false;
}

struct ikt_target **ikt_targets_get(const u16 *tags, int ntags, int *n)
{
	struct ikt_target **tv = NULL, *t;
	unsigned long id;
	int cap = 0;

	*n = 0;
	ikt_config_lock();
	xa_for_each(&ikt_cfg.targets, id, t)
		cap++;
	if (cap)
		tv = kmalloc_array(cap, sizeof(*tv), GFP_KERNEL);
	if (tv) {
		xa_for_each(&ikt_cfg.targets, id, t) {
			if (t->dead || !ikt_target_uses_portals(t, tags, ntags))
				continue;
			kref_get(&t->kref);
			tv[(*n)++] = t;
		}
	}
	ikt_config_unlock();
	if (!*n) {
		kfree(tv);
		tv = NULL;
	}
	return tv;
}

void ikt_target_alias(struct ikt_target *t, char *buf, size_t len)
{
	ikt_config_lock();
	strscpy(buf, t->alias ? t->alias : "", len);
	ikt_config_unlock();
}

static bool ikt_igroup_admits(u32 igroup_id, const char *initiator)
{
	struct ikt_igroup *g;
	int i;

	if (!igroup_id)
		return true;
	g = ikt_igroup_find(igroup_id);
	if (!g)
		return false;
	if (!g->n_initiators)
		return true;
	for (i = 0; i < g->n_initiators; i++)
		if (!strcasecmp(g->initiators[i], initiator))
			return true;
	return false;
}

static bool ikt_target_net_admits(const struct ikt_target *t,
				  const struct sockaddr_storage *peer)
{
	int i;

	if (!t->n_nets)
		return true;
	for (i = 0; i < t->n_nets; i++)
		if (ikt_net_match(&t->nets[i], peer))
			return true;
	return false;
}

/* The group of @t that admits this initiator through @portal_tag. */
static const struct ikt_tgroup *
ikt_target_admits(const struct ikt_target *t, u16 portal_tag,
		  const char *initiator, const struct sockaddr_storage *peer)
{
	int i;

	if (!ikt_target_net_admits(t, peer))
		return NULL;
	for (i = 0; i < t->n_groups; i++) {
		const struct ikt_tgroup *tg = &t->groups[i];

		if (tg->portal_tag == portal_tag &&
		    ikt_igroup_admits(tg->igroup_id, initiator))
			return tg;
	}
	return NULL;
}

int ikt_target_login_policy(struct ikt_target *t, u16 portal_tag,
			    const char *initiator_name,
			    const struct sockaddr_storage *peer,
			    struct ikt_login_policy *out)
{
	const struct ikt_tgroup *tg;
	int ret = -EACCES;

	ikt_config_lock();
	if (t->dead) {
		ret = -ENOENT;
	} else {
		tg = ikt_target_admits(t, portal_tag, initiator_name, peer);
		if (tg) {
			out->auth_method = tg->auth_method;
			out->auth_tag = tg->auth_tag;
			ret = 0;
		}
	}
	ikt_config_unlock();
	return ret;
}

int ikt_auth_lookup(u32 tag, const char *user, struct ikt_chap_secret *out)
{
	struct ikt_auth *a;
	unsigned long id;
	int ret = -ENOENT;

	memset(out, 0, sizeof(*out));
	ikt_config_lock();
	xa_for_each(&ikt_cfg.auths, id, a) {
		if (a->tag != tag || strcmp(a->user, user))
			continue;
		strscpy(out->user, a->user, sizeof(out->user));
		memcpy(out->secret, a->secret, a->secret_len);
		out->secret_len = a->secret_len;
		if (a->peer_user) {
			strscpy(out->peer_user, a->peer_user,
				sizeof(out->peer_user));
			memcpy(out->peer_secret, a->peer_secret,
			       a->peer_secret_len);
			out->peer_secret_len = a->peer_secret_len;
		}
		ret = 0;
		break;
	}
	ikt_config_unlock();
	return ret;
}

bool ikt_global_alua(void)
{
	/* netlink.c writes it with WRITE_ONCE(), under the lock */
	return READ_ONCE(ikt_cfg.global.alua);
}

void ikt_global_get(struct ikt_global_info *out)
{
	const struct ikt_global *g = &ikt_cfg.global;

	ikt_config_lock();
	strscpy(out->basename, g->basename, sizeof(out->basename));
	out->pool_threshold = g->pool_threshold;
	out->alua = g->alua;
	out->discovery_auth = g->discovery_auth;
	out->discovery_auth_tag = g->discovery_auth_tag;
	ikt_config_unlock();
}

int ikt_discovery_for_each(u16 portal_tag, const char *initiator,
			   const struct sockaddr_storage *peer,
			   int (*fn)(void *arg, const char *target_name,
				     u16 portal_tag,
				     const struct sockaddr_storage *addrs,
				     int n_addrs),
			   void *arg)
{
	struct sockaddr_storage *addrs = NULL;
	struct ikt_portal *p;
	struct ikt_target *t;
	unsigned long id;
	int i, ret = 0;

	ikt_config_lock();
	p = ikt_portal_find(portal_tag);
	if (!p)
		goto out;
	addrs = kmalloc_array(p->n_listen, sizeof(*addrs), GFP_KERNEL);
	if (!addrs) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < p->n_listen; i++)
		addrs[i] = p->listen[i].addr;
	xa_for_each(&ikt_cfg.targets, id, t) {
		if (!ikt_target_admits(t, portal_tag, initiator, peer))
			continue;
		ret = fn(arg, t->name, portal_tag, addrs, p->n_listen);
		if (ret)
			break;
	}
out:
	ikt_config_unlock();
	kfree(addrs);
	return ret;
}

/* ------------------------------------------------------------------ */

int ikt_config_init(void)
{
	mutex_init(&ikt_cfg.lock);
	xa_init_flags(&ikt_cfg.portals, XA_FLAGS_ALLOC1);
	xa_init_flags(&ikt_cfg.igroups, XA_FLAGS_ALLOC1);
	xa_init_flags(&ikt_cfg.auths, XA_FLAGS_ALLOC1);
	xa_init_flags(&ikt_cfg.targets, XA_FLAGS_ALLOC);
	xa_init_flags(&ikt_cfg.extents, XA_FLAGS_ALLOC);
	atomic_set(&ikt_cfg.nr_connections, 0);
	return 0;
}

/*
 * Called after the netlink family is gone, so nothing but the datapath
 * can still reach the objects.  Portals go first (no new connections),
 * then targets with their sessions, then extents.
 */
void ikt_config_exit(void)
{
	struct ikt_portal *p;
	struct ikt_igroup *g;
	struct ikt_auth *a;
	struct ikt_target *t;
	struct ikt_extent *e;
	unsigned long id;
	int i;

	xa_for_each(&ikt_cfg.portals, id, p) {
		xa_erase(&ikt_cfg.portals, id);
		ikt_portal_free(p);
	}
	for (;;) {
		id = 0;
		ikt_config_lock();
		t = xa_find(&ikt_cfg.targets, &id, ULONG_MAX, XA_PRESENT);
		if (t)
			ikt_target_unlink(t);
		ikt_config_unlock();
		if (!t)
			break;
		ikt_target_drop_sessions(t);
		ikt_target_put(t);
	}
	/* No session is left to write: no threshold check comes after this. */
	xa_for_each(&ikt_cfg.extents, id, e) {
		ikt_thin_extent_stop(e);
		ikt_sanitize_extent_stop(e);
	}
	ikt_thin_exit();
	ikt_sanitize_exit();
	ikt_config_lock();
	xa_for_each(&ikt_cfg.extents, id, e) {
		ikt_extent_unlink(e);
		ikt_extent_put(e);
	}
	xa_for_each(&ikt_cfg.igroups, id, g) {
		xa_erase(&ikt_cfg.igroups, id);
		ikt_igroup_free(g);
	}
	xa_for_each(&ikt_cfg.auths, id, a) {
		xa_erase(&ikt_cfg.auths, id);
		ikt_auth_free(a);
	}
	for (i = 0; i < ikt_cfg.global.n_isns; i++)
		kfree(ikt_cfg.global.isns[i]);
	ikt_cfg.global.n_isns = 0;
	ikt_config_unlock();
	xa_destroy(&ikt_cfg.portals);
	xa_destroy(&ikt_cfg.igroups);
	xa_destroy(&ikt_cfg.auths);
	xa_destroy(&ikt_cfg.targets);
	xa_destroy(&ikt_cfg.extents);
	mutex_destroy(&ikt_cfg.lock);
}
