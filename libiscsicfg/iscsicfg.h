/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libiscsicfg: configure the iscsikt in-kernel iSCSI target.
 *
 * Every function returns 0 or a negative errno.  After a failure,
 * iscsicfg_strerror(ctx) describes it: validation failures name the field
 * and the rule, kernel failures carry the kernel's extended-ack message.
 *
 * Objects handed to the _add and _set functions belong to the caller.
 * Objects filled by the _get and _list functions belong to the caller too
 * and are released with the matching _free or _list_free function.
 *
 * The _set functions change only the fields whose bit is set in the object's "fields"
 * member (ISCSICFG_<OBJ>_F_*); the key fields are always sent.  A list
 * field whose bit is set replaces the list; with no entries (n_* == 0) it
 * empties it (iSNS servers, initiators, target groups and networks; a
 * portal keeps at least one listen address).
 *
 * The _add functions of objects whose key the kernel may assign (portal,
 * initiator group, auth) return the key the kernel reported in its reply.
 */
#ifndef ISCSICFG_H
#define ISCSICFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ISCSICFG_DEFAULT_BASENAME	"iqn.2026-11.org.iscsikt.ctl"
#define ISCSICFG_DEFAULT_PORT		3260
#define ISCSICFG_MAX_LUN		1023
#define ISCSICFG_NAME_MAX		224	/* full iSCSI name, with NUL */
/*
 * Extent names: 1 to 63 bytes (NUL excluded) of printable ASCII.  New
 * target names: up to 64 of a-z 0-9 . - :, counted after the base name is
 * prepended to a name without iqn., eui. or naa.
 */
#define ISCSICFG_SHORT_NAME_MAX		64
#define ISCSICFG_TEXT_MAX		256	/* comments, aliases, users */
#define ISCSICFG_SERIAL_MAX		20
#define ISCSICFG_CHAP_SECRET_MIN	12
#define ISCSICFG_CHAP_SECRET_MAX	16

/* Same values as the kernel's enum iscsikt_auth_method. */
enum iscsicfg_auth_method {
	ISCSICFG_AUTH_NONE,
	ISCSICFG_AUTH_CHAP,
	ISCSICFG_AUTH_CHAP_MUTUAL,
};

enum iscsicfg_extent_type {
	ISCSICFG_EXTENT_FILE,
	ISCSICFG_EXTENT_DEVICE,
};

enum iscsicfg_rpm {
	ISCSICFG_RPM_UNKNOWN,
	ISCSICFG_RPM_SSD,
	ISCSICFG_RPM_5400,
	ISCSICFG_RPM_7200,
	ISCSICFG_RPM_10000,
	ISCSICFG_RPM_15000,
};

/*
 * Same values as the kernel's enum iscsikt_target_mode.  A NAS's target
 * serves iSCSI, Fibre Channel or both; this one serves iSCSI only and
 * refuses the others.
 */
enum iscsicfg_target_mode {
	ISCSICFG_TARGET_MODE_ISCSI,
	ISCSICFG_TARGET_MODE_FC,
	ISCSICFG_TARGET_MODE_BOTH,
};

/* An IPv4 or IPv6 address; all-zero bytes are the wildcard. */
struct iscsicfg_addr {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t bytes[16];		/* network order; 4 used for AF_INET */
};

struct iscsicfg_listen {
	struct iscsicfg_addr addr;
	uint16_t port;			/* 0 = ISCSICFG_DEFAULT_PORT */
};

struct iscsicfg_network {
	struct iscsicfg_addr addr;
	uint8_t prefix;
};

struct iscsicfg_status {
	char version[64];
	uint32_t sessions;
	uint32_t connections;
};

#define ISCSICFG_GLOBAL_F_BASENAME		(1u << 0)
#define ISCSICFG_GLOBAL_F_ISNS			(1u << 1)
#define ISCSICFG_GLOBAL_F_POOL_THRESHOLD	(1u << 2)
#define ISCSICFG_GLOBAL_F_ALUA			(1u << 3)
#define ISCSICFG_GLOBAL_F_DISCOVERY_AUTH	(1u << 4)
#define ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG	(1u << 5)

struct iscsicfg_global {
	uint32_t fields;
	char *basename;
	char **isns;			/* host[:port] */
	size_t n_isns;
	uint8_t pool_threshold;		/* percent, 0 = off */
	bool alua;
	enum iscsicfg_auth_method discovery_auth;
	uint32_t discovery_auth_tag;
};

#define ISCSICFG_PORTAL_F_COMMENT	(1u << 0)
#define ISCSICFG_PORTAL_F_LISTENS	(1u << 1)

struct iscsicfg_portal {
	uint32_t fields;
	uint16_t tag;			/* 0 on add: the kernel assigns one */
	char *comment;
	struct iscsicfg_listen *listens;
	size_t n_listens;
};

#define ISCSICFG_IGROUP_F_COMMENT	(1u << 0)
#define ISCSICFG_IGROUP_F_INITIATORS	(1u << 1)

struct iscsicfg_igroup {
	uint32_t fields;
	uint32_t id;			/* 0 on add: the kernel assigns one */
	char *comment;
	char **initiators;		/* none = every initiator */
	size_t n_initiators;
};

#define ISCSICFG_AUTH_F_TAG		(1u << 0)
#define ISCSICFG_AUTH_F_USER		(1u << 1)
#define ISCSICFG_AUTH_F_SECRET		(1u << 2)
#define ISCSICFG_AUTH_F_PEER_USER	(1u << 3)
#define ISCSICFG_AUTH_F_PEER_SECRET	(1u << 4)

/* Secrets are write-only: the _get and _list functions leave them NULL. */
struct iscsicfg_auth {
	uint32_t fields;
	uint32_t id;			/* 0 on add: the kernel assigns one */
	uint32_t tag;
	char *user;
	char *secret;
	char *peer_user;		/* NULL/"" = no mutual CHAP */
	char *peer_secret;
};

struct iscsicfg_tgroup {
	uint16_t portal_tag;
	uint32_t igroup_id;		/* 0 = any initiator */
	enum iscsicfg_auth_method auth_method;
	uint32_t auth_tag;		/* 0 = none */
};

#define ISCSICFG_TARGET_F_ALIAS		(1u << 0)
#define ISCSICFG_TARGET_F_GROUPS	(1u << 1)
#define ISCSICFG_TARGET_F_NETWORKS	(1u << 2)
#define ISCSICFG_TARGET_F_MODE		(1u << 3)

struct iscsicfg_target {
	uint32_t fields;
	char *name;			/* short (base name prepended) or full */
	char *alias;
	struct iscsicfg_tgroup *groups;
	size_t n_groups;
	struct iscsicfg_network *networks;
	size_t n_networks;
	enum iscsicfg_target_mode mode;	/* only ISCSI is accepted */
};

#define ISCSICFG_EXTENT_F_TYPE		(1u << 0)
#define ISCSICFG_EXTENT_F_PATH		(1u << 1)
#define ISCSICFG_EXTENT_F_SIZE		(1u << 2)
#define ISCSICFG_EXTENT_F_BLOCK_SIZE	(1u << 3)
#define ISCSICFG_EXTENT_F_NO_PBS	(1u << 4)
#define ISCSICFG_EXTENT_F_READ_ONLY	(1u << 5)
#define ISCSICFG_EXTENT_F_XEN		(1u << 6)
#define ISCSICFG_EXTENT_F_RPM		(1u << 7)
#define ISCSICFG_EXTENT_F_TPC		(1u << 8)
#define ISCSICFG_EXTENT_F_SERIAL	(1u << 9)
#define ISCSICFG_EXTENT_F_NAA		(1u << 10)
#define ISCSICFG_EXTENT_F_THRESHOLD	(1u << 11)
#define ISCSICFG_EXTENT_F_COMMENT	(1u << 12)
#define ISCSICFG_EXTENT_F_ENABLED	(1u << 13)
#define ISCSICFG_EXTENT_F_DIRECT_IO	(1u << 14)

struct iscsicfg_extent {
	uint32_t fields;
	char *name;
	enum iscsicfg_extent_type type;
	char *path;			/* absolute */
	uint64_t size;			/* bytes; 0 = the existing file's */
	uint32_t block_size;		/* 512, 1024, 2048, 4096; 0 = 512 */
	bool no_pbs;
	bool read_only;
	bool xen;
	enum iscsicfg_rpm rpm;
	bool tpc;
	char *serial;			/* NULL/"" = generated by the kernel */
	uint64_t naa;			/* NAA 6 high half; 0 = generated */
	uint8_t threshold;		/* percent, 0 = off */
	char *comment;
	bool enabled;
	bool direct_io;			/* FILE: past the page cache */
};

struct iscsicfg_lun {
	char *target;			/* short or full name */
	char *extent;
	int64_t lun_id;			/* -1 on add: the next free one */
};

struct iscsicfg_conn {
	uint16_t cid;
	struct iscsicfg_addr peer;
	uint16_t peer_port;
	struct iscsicfg_addr local;
	uint16_t local_port;
	uint16_t portal_tag;
	bool header_digest;
	bool data_digest;
	/* negotiated in the login */
	uint32_t max_recv_dsl;		/* the target's MaxRecvDataSegmentLength */
	uint32_t max_xmit_dsl;		/* the initiator's */
	uint32_t first_burst;
	uint32_t max_burst;
	bool immediate_data;
	bool initial_r2t;
	/* since the connection was accepted */
	uint64_t cmds;			/* SCSI commands */
	uint64_t cmd_errors;		/* of those, not ended GOOD */
	uint64_t rx_bytes;
	uint64_t tx_bytes;
};

struct iscsicfg_session {
	uint16_t tsih;
	uint64_t isid;
	char *target;			/* NULL when the kernel does not say */
	char *initiator;
	char *initiator_alias;
	struct iscsicfg_conn *conns;
	size_t n_conns;
};

struct iscsicfg_ctx;

#define ISCSICFG_OPEN_LOAD_MODULE	(1u << 0)	/* modprobe iscsikt */
/*
 * No kernel: requests are validated and encoded but not sent; reads return
 * nothing.  For checking a configuration, and for tests.
 */
#define ISCSICFG_OPEN_DRY_RUN		(1u << 1)

/* iscsicfg_del flags */
#define ISCSICFG_DEL_FORCE		(1u << 0)	/* even while in use */
#define ISCSICFG_DEL_EXTENTS		(1u << 1)	/* target: its extents */
/*
 * ... and their backing files, removed by the library once the kernel has
 * deleted the target: the paths of the target's FILE extents that are
 * still regular files (never a device nor a symlink).  Requires
 * ISCSICFG_DEL_EXTENTS.
 */
#define ISCSICFG_DEL_FILES		(1u << 2)

int iscsicfg_open(struct iscsicfg_ctx **ctx, unsigned int flags);
void iscsicfg_close(struct iscsicfg_ctx *ctx);
const char *iscsicfg_strerror(const struct iscsicfg_ctx *ctx);
int iscsicfg_module_load(struct iscsicfg_ctx *ctx);
int iscsicfg_module_unload(struct iscsicfg_ctx *ctx);

int iscsicfg_status_get(struct iscsicfg_ctx *ctx, struct iscsicfg_status *st);

int iscsicfg_global_get(struct iscsicfg_ctx *ctx, struct iscsicfg_global *g);
int iscsicfg_global_set(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_global *g);
void iscsicfg_global_free(struct iscsicfg_global *g);

int iscsicfg_portal_add(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_portal *p, uint16_t *tag);
int iscsicfg_portal_set(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_portal *p);
int iscsicfg_portal_del(struct iscsicfg_ctx *ctx, uint16_t tag,
			unsigned int flags);
int iscsicfg_portal_get(struct iscsicfg_ctx *ctx, uint16_t tag,
			struct iscsicfg_portal *p);
int iscsicfg_portal_list(struct iscsicfg_ctx *ctx,
			 struct iscsicfg_portal **out, size_t *n);
void iscsicfg_portal_free(struct iscsicfg_portal *p);
void iscsicfg_portal_list_free(struct iscsicfg_portal *v, size_t n);

int iscsicfg_igroup_add(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_igroup *g, uint32_t *id);
int iscsicfg_igroup_set(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_igroup *g);
int iscsicfg_igroup_del(struct iscsicfg_ctx *ctx, uint32_t id,
			unsigned int flags);
int iscsicfg_igroup_get(struct iscsicfg_ctx *ctx, uint32_t id,
			struct iscsicfg_igroup *g);
int iscsicfg_igroup_list(struct iscsicfg_ctx *ctx,
			 struct iscsicfg_igroup **out, size_t *n);
void iscsicfg_igroup_free(struct iscsicfg_igroup *g);
void iscsicfg_igroup_list_free(struct iscsicfg_igroup *v, size_t n);

int iscsicfg_auth_add(struct iscsicfg_ctx *ctx,
		      const struct iscsicfg_auth *a, uint32_t *id);
int iscsicfg_auth_set(struct iscsicfg_ctx *ctx,
		      const struct iscsicfg_auth *a);
int iscsicfg_auth_del(struct iscsicfg_ctx *ctx, uint32_t id,
		      unsigned int flags);
int iscsicfg_auth_get(struct iscsicfg_ctx *ctx, uint32_t id,
		      struct iscsicfg_auth *a);
int iscsicfg_auth_list(struct iscsicfg_ctx *ctx,
		       struct iscsicfg_auth **out, size_t *n);
void iscsicfg_auth_free(struct iscsicfg_auth *a);	/* wipes secrets */
void iscsicfg_auth_list_free(struct iscsicfg_auth *v, size_t n);

int iscsicfg_target_add(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_target *t);
int iscsicfg_target_set(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_target *t);
int iscsicfg_target_del(struct iscsicfg_ctx *ctx, const char *name,
			unsigned int flags);
int iscsicfg_target_get(struct iscsicfg_ctx *ctx, const char *name,
			struct iscsicfg_target *t);
int iscsicfg_target_list(struct iscsicfg_ctx *ctx,
			 struct iscsicfg_target **out, size_t *n);
void iscsicfg_target_free(struct iscsicfg_target *t);
void iscsicfg_target_list_free(struct iscsicfg_target *v, size_t n);

int iscsicfg_extent_add(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_extent *e);
int iscsicfg_extent_set(struct iscsicfg_ctx *ctx,
			const struct iscsicfg_extent *e);
int iscsicfg_extent_del(struct iscsicfg_ctx *ctx, const char *name,
			unsigned int flags);
int iscsicfg_extent_get(struct iscsicfg_ctx *ctx, const char *name,
			struct iscsicfg_extent *e);
int iscsicfg_extent_list(struct iscsicfg_ctx *ctx,
			 struct iscsicfg_extent **out, size_t *n);
void iscsicfg_extent_free(struct iscsicfg_extent *e);
void iscsicfg_extent_list_free(struct iscsicfg_extent *v, size_t n);

/* lun_id < 0 picks the lowest free LUN of the target; *assigned gets it */
int iscsicfg_lun_add(struct iscsicfg_ctx *ctx, const struct iscsicfg_lun *l,
		     uint64_t *assigned);
int iscsicfg_lun_del(struct iscsicfg_ctx *ctx, const char *target,
		     uint64_t lun_id);
/* target NULL lists the LUNs of every target */
int iscsicfg_lun_list(struct iscsicfg_ctx *ctx, const char *target,
		      struct iscsicfg_lun **out, size_t *n);
void iscsicfg_lun_free(struct iscsicfg_lun *l);
void iscsicfg_lun_list_free(struct iscsicfg_lun *v, size_t n);

int iscsicfg_session_list(struct iscsicfg_ctx *ctx,
			  struct iscsicfg_session **out, size_t *n);
void iscsicfg_session_free(struct iscsicfg_session *s);
void iscsicfg_session_list_free(struct iscsicfg_session *v, size_t n);

/*
 * The initiators of sessions that initiator group g lets in: the
 * session's target pairs g with the portal one of its connections came in
 * through, and g lists the initiator's name or lists none (the kernel's
 * rule at login).  Each name once, in the order of sessions.  *names
 * points into sessions and is released with free() alone.  Returns 0 or
 * -ENOMEM.
 */
int iscsicfg_igroup_connected(const struct iscsicfg_igroup *g,
			      const struct iscsicfg_target *targets,
			      size_t n_targets,
			      const struct iscsicfg_session *sessions,
			      size_t n_sessions, const char ***names,
			      size_t *n);

/*
 * A whole configuration in memory: what is running (iscsicfg_config_get),
 * or what a configuration file wants (built with iscsicfg_config_put).
 * Released with iscsicfg_config_free; a zeroed struct is an empty one.
 */
enum iscsicfg_obj {
	ISCSICFG_OBJ_GLOBAL,
	ISCSICFG_OBJ_PORTAL,
	ISCSICFG_OBJ_IGROUP,
	ISCSICFG_OBJ_AUTH,
	ISCSICFG_OBJ_EXTENT,
	ISCSICFG_OBJ_TARGET,
	ISCSICFG_OBJ_LUN,
};

struct iscsicfg_config {
	struct iscsicfg_global global;	/* fields: the settings given */
	struct iscsicfg_portal *portals;
	size_t n_portals;
	struct iscsicfg_igroup *igroups;
	size_t n_igroups;
	struct iscsicfg_auth *auths;	/* from the kernel: no secrets */
	size_t n_auths;
	struct iscsicfg_extent *extents;
	size_t n_extents;
	struct iscsicfg_target *targets;
	size_t n_targets;
	struct iscsicfg_lun *luns;
	size_t n_luns;
};

/* Reads every object of the running target; secrets stay NULL. */
int iscsicfg_config_get(struct iscsicfg_ctx *ctx, struct iscsicfg_config *cfg);
/*
 * Appends a deep copy of obj (a struct iscsicfg_<type>, as given to its
 * _add function) to cfg.  A global merges: the fields it sets replace
 * those of cfg->global.  Returns 0 or -ENOMEM.
 */
int iscsicfg_config_put(struct iscsicfg_config *cfg, enum iscsicfg_obj type,
			const void *obj);
void iscsicfg_config_free(struct iscsicfg_config *cfg);	/* wipes secrets */

/* One step of the plan iscsicfg_config_apply makes. */
enum iscsicfg_config_op {
	ISCSICFG_CONFIG_ADD,
	ISCSICFG_CONFIG_SET,
	ISCSICFG_CONFIG_DEL,
};

struct iscsicfg_config_step {
	enum iscsicfg_config_op op;
	enum iscsicfg_obj obj;
	const char *key;	/* "1", "disk0", "iqn....:t/0" (target/LUN) */
	const char *detail;	/* SET: the settings that change; else "" */
};

typedef void (*iscsicfg_step_fn)(const struct iscsicfg_config_step *step,
				 void *arg);

/* iscsicfg_config_apply flags */
#define ISCSICFG_APPLY_PLAN_ONLY	(1u << 0)	/* change nothing */
#define ISCSICFG_APPLY_FORCE		(1u << 1)	/* delete in use */

/*
 * Makes the running target what want describes, incrementally: objects
 * equal in both are not touched (their sessions stay), the others are
 * added, changed or deleted.  fn (may be NULL) sees each step before it
 * runs; with ISCSICFG_APPLY_PLAN_ONLY nothing runs.
 *
 * Settings and objects want does not give take their defaults: a global
 * field whose bit is clear in want->global.fields is reset, an object
 * missing from want is deleted.  Portals, initiator groups and auth
 * entries are matched by their key; one with key 0 gets the lowest key
 * no other object of want claims, as a start from nothing would give it.
 * An extent whose type, path, size (when want gives one), block size,
 * read-only, serial or NAA (when want gives them) differ is deleted and
 * added again, with its LUN.
 *
 * On failure every step done is undone in reverse order, and the
 * running state is the old one again.  Secrets are write-only, so an
 * auth entry of want is always sent its secrets, and the steps that
 * change or delete auth entries, which cannot be undone, run last.
 */
int iscsicfg_config_apply(struct iscsicfg_ctx *ctx,
			  const struct iscsicfg_config *want,
			  unsigned int flags, iscsicfg_step_fn fn, void *arg);

/*
 * Events: what the kernel multicasts as it happens.  A subscription is a
 * socket of its own (the context's requests go on meanwhile) and needs
 * CAP_NET_ADMIN: iscsicfg_events_open fails with -EPERM without it.  The
 * context carries the error messages and must outlive the subscription.
 * Secrets are never in an event.
 */
enum iscsicfg_event_type {
	ISCSICFG_EVENT_CONFIG,		/* an object was added, set or deleted */
	ISCSICFG_EVENT_LOGIN,		/* a session entered full feature phase */
	ISCSICFG_EVENT_LOGOUT,		/* a session ended, whatever ended it */
	ISCSICFG_EVENT_THRESHOLD,	/* free space crossed a threshold */
};

/* Same values as the kernel's enum iscsikt_threshold_scope. */
enum iscsicfg_threshold_scope {
	ISCSICFG_THRESHOLD_EXTENT,	/* the extent's own threshold */
	ISCSICFG_THRESHOLD_POOL,	/* the global pool threshold */
};

struct iscsicfg_threshold {
	enum iscsicfg_threshold_scope scope;
	char extent[ISCSICFG_SHORT_NAME_MAX];
	uint8_t percent;		/* the threshold crossed */
	uint64_t avail;			/* bytes available */
	bool reached;			/* true: fell below; false: recovered */
};

struct iscsicfg_event {
	enum iscsicfg_event_type type;
	/* CONFIG: what changed; key as in struct iscsicfg_config_step */
	enum iscsicfg_config_op op;
	enum iscsicfg_obj obj;
	char key[ISCSICFG_NAME_MAX + 24];
	/* LOGIN, LOGOUT: the session as iscsicfg_session_list gives it */
	struct iscsicfg_session session;
	/* THRESHOLD */
	struct iscsicfg_threshold threshold;
};

struct iscsicfg_events;

int iscsicfg_events_open(struct iscsicfg_ctx *ctx,
			 struct iscsicfg_events **ev);
/*
 * Waits up to timeout_ms (< 0: forever) for the next event and fills e,
 * to be released with iscsicfg_event_free.  -ETIMEDOUT: none in time;
 * -ENOBUFS: events were lost (the receiver was too slow), later ones
 * still come; -EINTR: a signal.
 */
int iscsicfg_events_next(struct iscsicfg_events *ev,
			 struct iscsicfg_event *e, int timeout_ms);
/* For poll(): readable when iscsicfg_events_next has something. */
int iscsicfg_events_fd(const struct iscsicfg_events *ev);
void iscsicfg_event_free(struct iscsicfg_event *e);
void iscsicfg_events_close(struct iscsicfg_events *ev);

/*
 * Parsers and names shared with tools.  On failure they return -EINVAL and,
 * when err is not NULL, write a message naming the rule into err.
 */
int iscsicfg_parse_listen(const char *s, struct iscsicfg_listen *out,
			  char *err, size_t errlen);
int iscsicfg_parse_network(const char *s, struct iscsicfg_network *out,
			   char *err, size_t errlen);
int iscsicfg_parse_size(const char *s, uint64_t *out, char *err,
			size_t errlen);
int iscsicfg_rpm_from_name(const char *s, enum iscsicfg_rpm *out);
const char *iscsicfg_rpm_name(enum iscsicfg_rpm rpm);
int iscsicfg_auth_method_from_name(const char *s,
				   enum iscsicfg_auth_method *out);
const char *iscsicfg_auth_method_name(enum iscsicfg_auth_method m);
/* "iscsi", "fc", "both" */
int iscsicfg_target_mode_from_name(const char *s,
				   enum iscsicfg_target_mode *out);
const char *iscsicfg_target_mode_name(enum iscsicfg_target_mode m);
/* "a.b.c.d", "x::y": no brackets, no port */
int iscsicfg_addr_format(const struct iscsicfg_addr *a, char *buf,
			 size_t len);
/* name as given (short or full) -> full name, base name prepended */
int iscsicfg_target_name_expand(const char *basename, const char *name,
				char *out, size_t outlen, char *err,
				size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* ISCSICFG_H */
