/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsikt configuration objects.
 *
 * One global configuration (struct ikt_config) holds every object the
 * "iscsikt" generic netlink family manages: global settings, portals,
 * initiator groups, CHAP credentials, targets, extents and the LUN
 * associations between the last two.  netlink.c validates requests and
 * changes the objects; the datapath (login, discovery, SCSI) reads them
 * through the functions declared at the end of this file.
 *
 * Locking: ikt_config_lock() (a mutex) guards every object field that can
 * change after creation and every list/xarray below.  The datapath never
 * needs to take it: the lookup functions take it themselves, and may sleep,
 * except the LUN lookup of every SCSI command, which reads a target's
 * LUNs under RCU (extents are freed after a grace period) so that a slow
 * configuration change never holds up I/O.
 * Fields documented as "immutable" can be read by anyone who holds a
 * reference on the object.
 *
 * Lifetime: targets and extents are refcounted (kref) because the datapath
 * holds them across sleeps; the configuration owns one reference on each
 * live object.  Deleting an object unlinks it (->dead set, removed from the
 * configuration) and drops that reference; the memory, and for an extent
 * the open backend, go away with the last ikt_*_put().  Portals, initiator
 * groups and auth entries are never handed out: the datapath only gets
 * copies of what it needs.
 */
#ifndef ISCSIKT_CONFIG_H
#define ISCSIKT_CONFIG_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/socket.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/iscsikt.h>

#include "backend.h"
#include "gate.h"

struct sk_buff;
struct netlink_callback;
struct ikt_listener;

#define IKT_COMMENT_MAX		256	/* comments, aliases, user names */
#define IKT_ISNS_MAX		16	/* iSNS servers */
#define IKT_LISTEN_MAX		16	/* listen entries per portal */
#define IKT_INITIATORS_MAX	256	/* initiator names per initiator group */
#define IKT_TGROUPS_MAX		64	/* groups per target */
#define IKT_NETWORKS_MAX	256	/* authorized networks per target */
#define IKT_SERIAL_MAX		20	/* unit serial number, printable ASCII */

/* ------------------------------------------------------------------ */
/* Objects (read by the datapath through the functions below only)   */
/* ------------------------------------------------------------------ */

struct ikt_global {
	char basename[ISCSIKT_NAME_MAX];
	int n_isns;
	char *isns[IKT_ISNS_MAX];	/* "host[:port]" */
	u8 pool_threshold;		/* percent, 0 = off */
	bool alua;
	u8 discovery_auth;		/* enum iscsikt_auth_method */
	u32 discovery_auth_tag;
};

struct ikt_listen {
	struct sockaddr_storage addr;	/* AF_INET/AF_INET6 with port */
	struct ikt_listener *listener;
};

struct ikt_portal {
	u16 tag;			/* portal group tag, key */
	char *comment;
	int n_listen;
	struct ikt_listen *listen;
	/*
	 * ALUA: the portal group is a target port group of every target
	 * reachable through it.  Its asymmetric access state (IKT_ALUA_*),
	 * active/optimized from creation, and whether SET TARGET PORT GROUPS
	 * set it (STATUS CODE 01h); they go with the portal.  Every command
	 * reads the state without the configuration lock, under RCU: the
	 * portal is freed after a grace period.
	 */
	u8 alua_state;
	bool alua_altered;
	struct rcu_head rcu;
};

struct ikt_igroup {
	u32 id;				/* key */
	char *comment;
	int n_initiators;		/* 0: every initiator */
	char **initiators;
};

struct ikt_auth {
	u32 id;				/* key */
	u32 tag;			/* shared by the entries of one group */
	char *user;
	u8 *secret;			/* kfree_sensitive() */
	u8 secret_len;
	char *peer_user;		/* NULL: no mutual CHAP */
	u8 *peer_secret;		/* kfree_sensitive() */
	u8 peer_secret_len;
};

/* How initiators reach a target through one portal group. */
struct ikt_tgroup {
	u16 portal_tag;
	u32 igroup_id;			/* 0: any initiator */
	u8 auth_method;			/* enum iscsikt_auth_method */
	u32 auth_tag;			/* 0: none */
};

struct ikt_net {
	sa_family_t family;		/* AF_INET or AF_INET6 */
	u8 prefix;
	u8 addr[16];			/* host bits cleared */
};

struct ikt_target {
	struct kref kref;
	u32 id;				/* internal, dump cursor */
	bool dead;			/* deleted; lookups fail */
	char name[ISCSIKT_NAME_MAX];	/* immutable, lowercase */
	char *alias;			/* NULL when unset */
	u8 mode;			/* enum iscsikt_target_mode: ISCSI */
	int n_groups;
	struct ikt_tgroup *groups;
	int n_nets;			/* 0: every network */
	struct ikt_net *nets;
	struct xarray luns;		/* LUN id -> struct ikt_extent * */
	/* Logged-in sessions; the datapath increments and decrements it. */
	atomic_t nr_sessions;
};

struct ikt_extent {
	struct kref kref;
	u32 id;				/* internal, dump cursor */
	bool dead;
	/* Immutable after creation: */
	char name[ISCSIKT_SHORT_NAME_MAX];
	u8 type;			/* enum iscsikt_extent_type */
	char *path;
	u32 block_size;			/* 512, 1024, 2048 or 4096 */
	bool read_only;
	char serial[IKT_SERIAL_MAX + 1];
	u64 naa;			/* NAA 6 identifier, high 64 bits */
	struct ikt_backend be;		/* open while the extent exists */
	/* Changed by EXTENT_SET; the datapath reads them with READ_ONCE(): */
	bool no_pbs;
	bool xen;
	bool tpc;
	bool enabled;			/* false: not exported, LUN absent */
	u8 rpm;				/* enum iscsikt_rpm */
	u8 threshold;			/* percent of the size, 0 = off */
	char *comment;
	/*
	 * Free-space thresholds of a FILE extent (thin.c): thresh_work
	 * compares the filesystem's free space with them, at most once per
	 * IKT_THRESH_INTERVAL (thresh_next, jiffies), and only it touches
	 * thresh[], indexed by enum iscsikt_threshold_scope.
	 */
	struct delayed_work thresh_work;
	unsigned long thresh_next;
	struct ikt_thresh_state {
		u8 percent;		/* the threshold @below refers to */
		bool below;		/* crossed, not yet recovered */
	} thresh[2];
	/* Set by MODE SELECT (caching and control mode pages): */
	bool wce;			/* write cache on: writes may be lazy */
	bool d_sense;			/* descriptor format sense */
	bool swp;			/* software write protect */
	/*
	 * The commands that hold a range exclusively in the gate (COMPARE
	 * AND WRITE, ORWRITE, WRITE ATOMIC, a partial-sector write) take the
	 * mutex first: one at a time.  Every other medium access holds its
	 * range in the gate as a plain user (gate.c).
	 */
	struct mutex rmw_lock;
	struct ikt_gate gate;
	struct ikt_pr *pr;		/* reservations (pr.c), from creation */
	/* Users that a SANITIZE waits for (ikt_extent_io_begin()) */
	atomic_t cmds;
	/* SANITIZE (sanitize.c) */
	struct ikt_sanitize {
		atomic_t state;		/* IKT_SANITIZE_* (proto/scsi.h) */
		u16 progress;		/* PROGRESS INDICATION, while RUNNING */
		bool ause;		/* the last one allows EXIT FAILURE MODE */
		bool stop;		/* module exit: end the overwrite */
		/* The overwrite's, while RUNNING: */
		u8 passes;
		bool invert;
		u8 *block;		/* one block of the pattern */
		struct work_struct work;
		wait_queue_head_t done;	/* state left RUNNING */
	} san;
	/* Association (under the lock): at most one target LUN. */
	struct ikt_target *target;
	u64 lun;
	struct rcu_head rcu;		/* ikt_target_lun_get() may be reading */
};

struct ikt_config {
	struct mutex lock;		/* guards everything below */
	struct ikt_global global;
	struct xarray portals;		/* tag -> struct ikt_portal * */
	struct xarray igroups;		/* id -> struct ikt_igroup * */
	struct xarray auths;		/* id -> struct ikt_auth * */
	struct xarray targets;		/* id -> struct ikt_target * */
	struct xarray extents;		/* id -> struct ikt_extent * */
	/* Open connections; the datapath increments and decrements it. */
	atomic_t nr_connections;
};

extern struct ikt_config ikt_cfg;

static inline void ikt_config_lock(void)
{
	mutex_lock(&ikt_cfg.lock);
}

static inline void ikt_config_unlock(void)
{
	mutex_unlock(&ikt_cfg.lock);
}

/* ------------------------------------------------------------------ */
/* Used by netlink.c (lock held unless stated)                         */
/* ------------------------------------------------------------------ */

struct ikt_portal *ikt_portal_find(u16 tag);
struct ikt_igroup *ikt_igroup_find(u32 id);
struct ikt_auth *ikt_auth_find(u32 id);
bool ikt_auth_tag_exists(u32 tag);
struct ikt_target *ikt_target_find(const char *name);
struct ikt_extent *ikt_extent_find(const char *name);

void ikt_portal_free(struct ikt_portal *p);	/* destroys its listeners */
void ikt_igroup_free(struct ikt_igroup *g);
void ikt_auth_free(struct ikt_auth *a);		/* wipes the secrets */
void ikt_target_release(struct kref *kref);
void ikt_extent_release(struct kref *kref);

/* Unlink a target: LUN associations dropped, removed from the config. */
void ikt_target_unlink(struct ikt_target *t);
/* Unlink an extent: its LUN association dropped, removed from the config. */
void ikt_extent_unlink(struct ikt_extent *e);

/* A fresh random serial (15 hex digits) and NAA, unique among extents. */
void ikt_extent_gen_serial(char *serial);
u64 ikt_extent_gen_naa(void);

/* Is an address (AF_INET/AF_INET6) inside a network? */
bool ikt_net_match(const struct ikt_net *n, const struct sockaddr_storage *ss);

/* ------------------------------------------------------------------ */
/* Datapath API: no lock held by the caller; these may sleep.         */
/* ------------------------------------------------------------------ */

/* A live target by its full name, with a reference, or NULL. */
struct ikt_target *ikt_target_get(const char *name);
void ikt_target_put(struct ikt_target *t);

/*
 * What initiators see: the LUs of @t are its LUNs whose extent is enabled
 * (->enabled); a disabled extent stays mapped but its LUN is absent, as
 * one never mapped.  The ..._mapped() variants also return the LUNs of
 * disabled extents, for what follows the configuration rather than the
 * initiators (reservations ended by a nexus loss or a reset, unit
 * attentions kept for when the LU is back).
 */
/* The LU at @lun, with a reference, or NULL. */
struct ikt_extent *ikt_target_lun_get(struct ikt_target *t, u64 lun);
/* The extent mapped at @lun, enabled or not, with a reference, or NULL. */
struct ikt_extent *ikt_target_lun_get_mapped(struct ikt_target *t, u64 lun);
/*
 * The LU of @t whose NAA designator (->naa) is @naa, with a reference,
 * or NULL (third-party copy).
 */
struct ikt_extent *ikt_target_lu_by_naa(struct ikt_target *t, u64 naa);
/* Drop an extent reference; the last one closes the backend. */
void ikt_extent_put(struct ikt_extent *e);

/*
 * Fill @ids with up to @max LU ids, ascending (REPORT LUNS).  Returns how
 * many LUs there are, which may exceed @max.
 */
int ikt_target_lun_ids(struct ikt_target *t, u64 *ids, int max);
/* The same for every mapped LUN, its extent enabled or not. */
int ikt_target_lun_ids_mapped(struct ikt_target *t, u64 *ids, int max);

struct ikt_alua_tpg;
/*
 * Fill @tpgs with up to @max target port groups of @t (one per portal
 * group it is reachable through, by ascending and distinct tag) and their
 * states; returns how many (REPORT and SET TARGET PORT GROUPS).
 */
int ikt_target_alua_tpgs(struct ikt_target *t, struct ikt_alua_tpg *tpgs,
			 int max);
/*
 * The asymmetric access state of portal group @tag (active/optimized for
 * a portal deleted since the connection came through it).
 */
u8 ikt_portal_alua_state(u16 tag);
/*
 * SET TARGET PORT GROUPS: give the @n groups at @set (parsed by
 * ikt_alua_stpg_parse()) their states, all at once; portals deleted
 * meanwhile are left out.  Fills @changed with the tags whose state
 * changed (room for @n) and returns how many.
 */
int ikt_portal_alua_set(const struct ikt_alua_tpg *set, int n, u16 *changed);
/*
 * The live targets reachable through one of the @ntags portal groups at
 * @tags (@tags NULL: every live target), each with a reference: a
 * kmalloc()ed array of *@n, NULL when none or out of memory.  Drop the
 * references with ikt_target_put() and kfree() the array.
 */
struct ikt_target **ikt_targets_get(const u16 *tags, int ntags, int *n);

/* Copy the target alias (empty when unset) into @buf. */
void ikt_target_alias(struct ikt_target *t, char *buf, size_t len);

struct ikt_login_policy {
	u8 auth_method;			/* enum iscsikt_auth_method */
	u32 auth_tag;			/* for ikt_auth_lookup(); 0 = none */
};

/*
 * May @initiator_name, connected from @peer, log in to @t through portal
 * group @portal_tag?  The first target group for that portal tag whose
 * initiator group admits the initiator decides the authentication method;
 * authorized networks (when the target lists any) must contain @peer.
 * Returns 0 and fills @out, -EACCES when not authorized, -ENOENT when @t
 * has been deleted.
 */
int ikt_target_login_policy(struct ikt_target *t, u16 portal_tag,
			    const char *initiator_name,
			    const struct sockaddr_storage *peer,
			    struct ikt_login_policy *out);

struct ikt_chap_secret {
	char user[IKT_COMMENT_MAX];
	u8 secret[ISCSIKT_CHAP_SECRET_MAX];
	u8 secret_len;
	char peer_user[IKT_COMMENT_MAX];	/* empty: no mutual CHAP */
	u8 peer_secret[ISCSIKT_CHAP_SECRET_MAX];
	u8 peer_secret_len;
};

/*
 * Copy the credentials of @user in auth group @tag into @out.  The caller
 * wipes @out (memzero_explicit) when done.  Returns -ENOENT when absent.
 */
int ikt_auth_lookup(u32 tag, const char *user, struct ikt_chap_secret *out);

struct ikt_global_info {
	char basename[ISCSIKT_NAME_MAX];
	u8 pool_threshold;
	bool alua;
	u8 discovery_auth;		/* enum iscsikt_auth_method */
	u32 discovery_auth_tag;
};

/* A snapshot of the global settings. */
void ikt_global_get(struct ikt_global_info *out);
/* The global ALUA setting, without the lock (every SCSI command reads it). */
bool ikt_global_alua(void);

/*
 * SendTargets: call @fn for every target that @initiator, connected from
 * @peer to portal group @portal_tag, may log in to through that group,
 * with the group's listen addresses (a wildcard address means "the local
 * address of this connection").  Called with the configuration lock held:
 * @fn must not call back into this API.  A non-zero return from @fn stops
 * the walk and is returned.
 */
int ikt_discovery_for_each(u16 portal_tag, const char *initiator,
			   const struct sockaddr_storage *peer,
			   int (*fn)(void *arg, const char *target_name,
				     u16 portal_tag,
				     const struct sockaddr_storage *addrs,
				     int n_addrs),
			   void *arg);

/* ------------------------------------------------------------------ */
/* Implemented by the session code (the lead)                          */
/* ------------------------------------------------------------------ */

/*
 * Close every session logged in to @t and wait until they are gone.
 * Called with a reference on @t and WITHOUT the configuration lock (the
 * sessions being closed may need it).  When the target was deleted, @t is
 * already dead and no new login can find it; when only a LUN or an extent
 * of it was removed (with ISCSIKT_A_FORCE), initiators may log in again.
 */
void ikt_target_drop_sessions(struct ikt_target *t);
/* A LUN came or went: tell @t's initiators (REPORTED LUNS DATA HAS CHANGED). */
void ikt_target_luns_changed(struct ikt_target *t);
/* LUN @lun of @t grew: tell its initiators (CAPACITY DATA HAS CHANGED). */
void ikt_target_lun_grew(struct ikt_target *t, u64 lun);
/*
 * SET TARGET PORT GROUPS changed the states of the @ntags groups at @tags:
 * ASYMMETRIC ACCESS STATE CHANGED for each LU reachable through them, on
 * every I_T nexus but @except.  Without the configuration lock.
 */
struct ikt_session;
void ikt_sessions_alua_changed(const u16 *tags, int ntags,
			       const struct ikt_session *except);
/*
 * The global ALUA setting changed, and with it TPGS: INQUIRY DATA HAS
 * CHANGED for every LU on every I_T nexus.  Without the configuration
 * lock.
 */
void ikt_sessions_inquiry_changed(void);

/*
 * thin.c: free-space thresholds of FILE extents.  Set up with the extent,
 * before any other call.  After a write (or anything else that may take
 * or give back space), ..._written() schedules a check, at most one per
 * second; ..._changed() checks now, for a threshold that was set.  Neither
 * sleeps; the caller holds a reference on @e, and a scheduled check holds
 * one of its own.  ..._stop() cancels a scheduled check: at module exit,
 * once nothing can call the other two; ikt_thin_exit() then waits for the
 * checks of extents already deleted.  A crossing below raises
 * THIN PROVISIONING SOFT THRESHOLD REACHED on every I_T nexus of the
 * extent's LU and sends ISCSIKT_CMD_THRESHOLD; recovering re-arms it.
 */
void ikt_thin_extent_init(struct ikt_extent *e);
void ikt_thin_extent_stop(struct ikt_extent *e);
void ikt_thin_exit(void);
void ikt_thin_written(struct ikt_extent *e);
void ikt_thin_threshold_changed(struct ikt_extent *e);
/*
 * sanitize.c: set up with the extent.  At module exit, ..._stop() ends an
 * overwrite of @e, once no command can start one, and ikt_sanitize_exit()
 * waits for those of extents already deleted (each holds a reference).
 */
void ikt_sanitize_extent_init(struct ikt_extent *e);
void ikt_sanitize_extent_stop(struct ikt_extent *e);
void ikt_sanitize_exit(void);
/*
 * sanitize.c: count a user of @e (a command to its LU, an EXTENDED COPY
 * reaching it from another) that a SANITIZE must wait for; false when
 * one runs or failed on @e, which the user then leaves alone.  Either
 * way ikt_extent_io_end() ends the count.
 */
bool ikt_extent_io_begin(struct ikt_extent *e);
void ikt_extent_io_end(struct ikt_extent *e);
/* netlink.c: multicast an ISCSIKT_CMD_THRESHOLD event.  Sleeps. */
void ikt_nl_threshold_event(const char *extent, u8 scope, u8 percent,
			    u64 avail, bool reached);

/* netlink.c: start one message of a dump of @cmd (NULL: skb full). */
void *ikt_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd);

/* ISCSIKT_CMD_SESSION_GET dump (cursor in cb->args). */
int ikt_session_dump(struct sk_buff *skb, struct netlink_callback *cb);
/* The attributes of one SESSION_GET entry (struct ikt_session *@sess). */
int ikt_session_fill(struct sk_buff *skb, void *sess);

/*
 * netlink.c: multicast ISCSIKT_CMD_SESSION_LOGIN or _LOGOUT for @s to the
 * events group.  Sleeps (GFP_KERNEL); nothing once ikt_nl_events_stop()
 * has run.
 */
struct ikt_session;
void ikt_nl_session_event(struct ikt_session *s, u8 cmd);
/* No more events: the family is about to go away. */
void ikt_nl_events_stop(void);
/*
 * session.c, module unload: the sessions end with the module but the
 * family goes first, so their logouts are announced now, and then events
 * stop (see ikt_nl_events_stop()).
 */
void ikt_sessions_unloading(void);

#endif /* ISCSIKT_CONFIG_H */
