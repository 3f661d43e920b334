/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * iscsikt: in-kernel iSCSI target, generic netlink API.
 *
 * Family name: "iscsikt" (ISCSIKT_GENL_NAME), version ISCSIKT_GENL_VERSION.
 * Every command requires CAP_NET_ADMIN in the initial user namespace, reads
 * included: configuration names initiators and networks.  Secrets are
 * write-only: no reply or dump ever carries ISCSIKT_A_AUTH_SECRET or
 * ISCSIKT_A_AUTH_PEER_SECRET.
 *
 * Objects and their commands (NEW creates, SET changes, DEL removes, GET
 * with NLM_F_DUMP lists, GET without it fetches one by key):
 *
 *   GLOBAL      GET, SET          base name, iSNS servers, pool threshold,
 *                                 ALUA, discovery auth
 *   PORTAL      NEW SET DEL GET   key: ISCSIKT_A_PORTAL_TAG (u16, assigned
 *                                 by NEW when absent)
 *   IGROUP      NEW SET DEL GET   key: ISCSIKT_A_IGROUP_ID (u32, assigned
 *                                 by NEW when absent)
 *   AUTH        NEW SET DEL GET   key: ISCSIKT_A_AUTH_ID (u32, assigned by
 *                                 NEW when absent); several entries may
 *                                 share one ISCSIKT_A_AUTH_TAG
 *   TARGET      NEW SET DEL GET   key: ISCSIKT_A_TARGET_NAME (full IQN)
 *   EXTENT      NEW SET DEL GET   key: ISCSIKT_A_EXTENT_NAME
 *   LUN         NEW DEL GET       key: target name + ISCSIKT_A_LUN_ID; a
 *                                 dump with ISCSIKT_A_TARGET_NAME lists
 *                                 that target's LUNs only
 *   SESSION     GET (dump)        connected initiators, read-only; each
 *                                 entry names its ISCSIKT_A_TARGET_NAME
 *   STATUS      GET               module version and counters
 *
 * PORTAL_NEW, IGROUP_NEW and AUTH_NEW reply with the created object (the
 * attributes GET returns, the key included) before the ACK; the other NEW
 * commands are given their key and only ACK.
 *
 * Events (multicast group ISCSIKT_MCGRP_EVENTS, joining needs
 * CAP_NET_ADMIN): every successful GLOBAL_SET, NEW, SET and DEL as its own
 * command with the object's GET attributes; SESSION_LOGIN when a session
 * enters full feature phase and SESSION_LOGOUT when it ends, however it
 * ends, each with the attributes of its SESSION dump entry (discovery
 * sessions are not announced); THRESHOLD when free space crosses a
 * threshold.  Those three are events only: as requests, -EOPNOTSUPP.
 *
 * Lists (repeated attributes): in a SET, any occurrence replaces the whole
 * list; to empty it, send the attribute once, empty: "" for a string list
 * (ISCSIKT_A_GLOBAL_ISNS_SERVER, ISCSIKT_A_IGROUP_INITIATOR), a nest
 * without attributes for a nested list (ISCSIKT_A_TARGET_GROUP,
 * ISCSIKT_A_TARGET_NETWORK).  A portal keeps at least one listen address.
 *
 * Attribute types and limits (the kernel's netlink policy enforces them;
 * Documentation/netlink/specs/iscsikt.yaml is the machine-readable form):
 *
 *   ISCSIKT_A_PORTAL_TAG          u16, 1..65535
 *   ISCSIKT_A_PORTAL_COMMENT      string, < 256 bytes
 *   ISCSIKT_A_PORTAL_LISTEN       nested, repeated:
 *       ISCSIKT_A_LISTEN_ADDR     binary, 4 (IPv4) or 16 (IPv6) bytes,
 *                                 all zero for a wildcard
 *       ISCSIKT_A_LISTEN_PORT     u16, host order, 1..65535 (default 3260)
 *   ISCSIKT_A_TARGET_NAME         string, iqn./eui./naa. name, < 224 bytes
 *   ISCSIKT_A_TARGET_ALIAS        string, < 256 bytes
 *   ISCSIKT_A_TARGET_MODE         u8, enum iscsikt_target_mode; only
 *                                 ISCSI is served (absent on NEW = ISCSI)
 *   ISCSIKT_A_TARGET_GROUP        nested, repeated:
 *       ISCSIKT_A_TGROUP_PORTAL_TAG   u16
 *       ISCSIKT_A_TGROUP_IGROUP_ID    u32, 0 = any initiator
 *       ISCSIKT_A_TGROUP_AUTH_METHOD  u8, enum iscsikt_auth_method
 *       ISCSIKT_A_TGROUP_AUTH_TAG     u32, 0 = none
 *   ISCSIKT_A_TARGET_NETWORK      nested, repeated:
 *       ISCSIKT_A_NET_ADDR        binary, 4 or 16 bytes
 *       ISCSIKT_A_NET_PREFIX      u8, 0..32 or 0..128
 *   ISCSIKT_A_EXTENT_NAME         string, 1..63 bytes of printable ASCII
 *                                 (0x20..0x7e), < ISCSIKT_SHORT_NAME_MAX
 *   ISCSIKT_A_EXTENT_*            see enum below
 *   ISCSIKT_A_EXTENT_DIRECT_IO    u8 bool, FILE only (a DEVICE extent
 *                                 always bypasses the page cache):
 *                                 reads and writes use direct I/O; the
 *                                 file's filesystem must support it and
 *                                 the block size be at least its
 *                                 alignment; SET changes it live
 *   ISCSIKT_A_LUN_ID              u64 (0..1023)
 *
 * Errors come with an extended ACK message naming the attribute and the
 * rule.  -EINVAL: a rule below, an unknown or unexpected attribute, a
 * string too long or not NUL-terminated.  -ERANGE: the attribute policy's
 * range checks: an integer outside its range (ports, tags, LUN ids,
 * percentages, enums, booleans), a binary attribute longer or shorter than
 * allowed (secrets), an attribute shorter than its type.  -ENOENT: the key or a
 * referred object does not exist; -EEXIST: taken; -EBUSY: in use and
 * ISCSIKT_A_FORCE absent; -E2BIG: too many list entries; -EOPNOTSUPP:
 * ISCSIKT_A_DELETE_FILES (the kernel never deletes files: userspace
 * removes the backing files of a target's file extents after a
 * TARGET_DEL with ISCSIKT_A_DELETE_EXTENTS), ISCSIKT_A_TARGET_MODE FC or
 * BOTH (there is no Fibre Channel target), ISCSIKT_A_EXTENT_DIRECT_IO on
 * a file whose filesystem cannot do direct I/O.
 */
#ifndef _UAPI_LINUX_ISCSIKT_H
#define _UAPI_LINUX_ISCSIKT_H

#define ISCSIKT_GENL_NAME	"iscsikt"
#define ISCSIKT_GENL_VERSION	1
#define ISCSIKT_MCGRP_EVENTS	"events"

#define ISCSIKT_DEFAULT_PORT	3260
#define ISCSIKT_MAX_LUN		1023
#define ISCSIKT_NAME_MAX	224	/* RFC 7143: iSCSI names up to 223 bytes */
#define ISCSIKT_SHORT_NAME_MAX	64	/* extent name, NUL included */
#define ISCSIKT_CHAP_SECRET_MIN	12
#define ISCSIKT_CHAP_SECRET_MAX	16

enum iscsikt_auth_method {
	ISCSIKT_AUTH_NONE,
	ISCSIKT_AUTH_CHAP,
	ISCSIKT_AUTH_CHAP_MUTUAL,
};

enum iscsikt_extent_type {
	ISCSIKT_EXTENT_FILE,
	ISCSIKT_EXTENT_DEVICE,
};

/* LUN RPM as reported in VPD page 0xB1 (MEDIUM ROTATION RATE) */
enum iscsikt_rpm {
	ISCSIKT_RPM_UNKNOWN,
	ISCSIKT_RPM_SSD,
	ISCSIKT_RPM_5400,
	ISCSIKT_RPM_7200,
	ISCSIKT_RPM_10000,
	ISCSIKT_RPM_15000,
};

/*
 * What a target serves, as a NAS names it (TrueNAS: ISCSI, FC, BOTH).
 * Configurations carry the field; this target serves iSCSI only and
 * refuses FC and BOTH.
 */
enum iscsikt_target_mode {
	ISCSIKT_TARGET_MODE_ISCSI,
	ISCSIKT_TARGET_MODE_FC,
	ISCSIKT_TARGET_MODE_BOTH,
};

/* Which free-space threshold an ISCSIKT_CMD_THRESHOLD event is about */
enum iscsikt_threshold_scope {
	ISCSIKT_THRESHOLD_EXTENT,	/* the extent's own threshold */
	ISCSIKT_THRESHOLD_POOL,		/* the global pool threshold */
};

enum iscsikt_cmd {
	ISCSIKT_CMD_UNSPEC,
	ISCSIKT_CMD_STATUS_GET,
	ISCSIKT_CMD_GLOBAL_GET,
	ISCSIKT_CMD_GLOBAL_SET,
	ISCSIKT_CMD_PORTAL_NEW,
	ISCSIKT_CMD_PORTAL_SET,
	ISCSIKT_CMD_PORTAL_DEL,
	ISCSIKT_CMD_PORTAL_GET,
	ISCSIKT_CMD_IGROUP_NEW,
	ISCSIKT_CMD_IGROUP_SET,
	ISCSIKT_CMD_IGROUP_DEL,
	ISCSIKT_CMD_IGROUP_GET,
	ISCSIKT_CMD_AUTH_NEW,
	ISCSIKT_CMD_AUTH_SET,
	ISCSIKT_CMD_AUTH_DEL,
	ISCSIKT_CMD_AUTH_GET,
	ISCSIKT_CMD_TARGET_NEW,
	ISCSIKT_CMD_TARGET_SET,
	ISCSIKT_CMD_TARGET_DEL,
	ISCSIKT_CMD_TARGET_GET,
	ISCSIKT_CMD_EXTENT_NEW,
	ISCSIKT_CMD_EXTENT_SET,
	ISCSIKT_CMD_EXTENT_DEL,
	ISCSIKT_CMD_EXTENT_GET,
	ISCSIKT_CMD_LUN_NEW,
	ISCSIKT_CMD_LUN_DEL,
	ISCSIKT_CMD_LUN_GET,
	ISCSIKT_CMD_SESSION_GET,
	/* Events only, sent to ISCSIKT_MCGRP_EVENTS (never a request) */
	ISCSIKT_CMD_SESSION_LOGIN,	/* a SESSION entry: it logged in */
	ISCSIKT_CMD_SESSION_LOGOUT,	/* a SESSION entry: it has ended */
	ISCSIKT_CMD_THRESHOLD,		/* free space crossed a threshold */

	__ISCSIKT_CMD_MAX,
	ISCSIKT_CMD_MAX = __ISCSIKT_CMD_MAX - 1
};

/* Top-level attributes: one flat space shared by every command. */
enum iscsikt_attr {
	ISCSIKT_A_UNSPEC,
	ISCSIKT_A_PAD,
	ISCSIKT_A_FORCE,		/* flag: delete even while in use */
	ISCSIKT_A_DELETE_EXTENTS,	/* flag: TARGET_DEL removes its extents */
	ISCSIKT_A_DELETE_FILES,		/* flag: refused, -EOPNOTSUPP */

	/* STATUS */
	ISCSIKT_A_STATUS_VERSION,	/* string */
	ISCSIKT_A_STATUS_SESSIONS,	/* u32 */
	ISCSIKT_A_STATUS_CONNECTIONS,	/* u32 */

	/* GLOBAL */
	ISCSIKT_A_GLOBAL_BASENAME,	/* string */
	ISCSIKT_A_GLOBAL_ISNS_SERVER,	/* string host[:port], repeated */
	ISCSIKT_A_GLOBAL_POOL_THRESHOLD,/* u8 percent, 0 = off */
	ISCSIKT_A_GLOBAL_ALUA,		/* u8 bool */
	ISCSIKT_A_GLOBAL_DISCOVERY_AUTH,/* u8 enum iscsikt_auth_method */
	ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG, /* u32 */

	/* PORTAL */
	ISCSIKT_A_PORTAL_TAG,		/* u16 */
	ISCSIKT_A_PORTAL_COMMENT,	/* string */
	ISCSIKT_A_PORTAL_LISTEN,	/* nested iscsikt_listen_attr, repeated */

	/* IGROUP */
	ISCSIKT_A_IGROUP_ID,		/* u32 */
	ISCSIKT_A_IGROUP_COMMENT,	/* string */
	ISCSIKT_A_IGROUP_INITIATOR,	/* string IQN, repeated; none = all */

	/* AUTH */
	ISCSIKT_A_AUTH_ID,		/* u32 */
	ISCSIKT_A_AUTH_TAG,		/* u32 group tag */
	ISCSIKT_A_AUTH_USER,		/* string */
	ISCSIKT_A_AUTH_SECRET,		/* binary, write-only, 12..16 bytes */
	ISCSIKT_A_AUTH_PEER_USER,	/* string */
	ISCSIKT_A_AUTH_PEER_SECRET,	/* binary, write-only, 12..16 bytes */

	/* TARGET */
	ISCSIKT_A_TARGET_NAME,		/* string; also in LUN and SESSION */
	ISCSIKT_A_TARGET_ALIAS,		/* string */
	ISCSIKT_A_TARGET_GROUP,		/* nested iscsikt_tgroup_attr, repeated */
	ISCSIKT_A_TARGET_NETWORK,	/* nested iscsikt_net_attr, repeated */

	/* EXTENT */
	ISCSIKT_A_EXTENT_NAME,		/* string */
	ISCSIKT_A_EXTENT_TYPE,		/* u8 enum iscsikt_extent_type */
	ISCSIKT_A_EXTENT_PATH,		/* string, absolute */
	ISCSIKT_A_EXTENT_SIZE,		/* u64 bytes; 0 = existing file's */
	ISCSIKT_A_EXTENT_BLOCK_SIZE,	/* u32: 512, 1024, 2048, 4096 */
	ISCSIKT_A_EXTENT_NO_PBS,	/* u8 bool: hide physical block size */
	ISCSIKT_A_EXTENT_READ_ONLY,	/* u8 bool */
	ISCSIKT_A_EXTENT_XEN,		/* u8 bool */
	ISCSIKT_A_EXTENT_RPM,		/* u8 enum iscsikt_rpm */
	ISCSIKT_A_EXTENT_TPC,		/* u8 bool: EXTENDED COPY */
	ISCSIKT_A_EXTENT_SERIAL,	/* string, <= 20 bytes printable */
	ISCSIKT_A_EXTENT_NAA,		/* u64 NAA 6 high half */
	ISCSIKT_A_EXTENT_THRESHOLD,	/* u8 percent, 0 = off */
	ISCSIKT_A_EXTENT_COMMENT,	/* string */
	ISCSIKT_A_EXTENT_ENABLED,	/* u8 bool; 0: LUN absent to initiators */

	/* LUN (association): target name + extent name */
	ISCSIKT_A_LUN_ID,		/* u64 */

	/* SESSION (read-only) */
	ISCSIKT_A_SESSION_TSIH,		/* u16 */
	ISCSIKT_A_SESSION_ISID,		/* u64 (48 bits used) */
	ISCSIKT_A_SESSION_INITIATOR,	/* string */
	ISCSIKT_A_SESSION_INITIATOR_ALIAS, /* string */
	ISCSIKT_A_SESSION_CONN,		/* nested iscsikt_conn_attr, repeated */

	/* THRESHOLD event, with ISCSIKT_A_EXTENT_NAME */
	ISCSIKT_A_THRESHOLD_SCOPE,	/* u8 enum iscsikt_threshold_scope */
	ISCSIKT_A_THRESHOLD_PERCENT,	/* u8: the threshold crossed */
	ISCSIKT_A_THRESHOLD_AVAIL,	/* u64: bytes available */
	ISCSIKT_A_THRESHOLD_REACHED,	/* u8 bool: 1 fell below, 0 recovered */

	/* TARGET, added later */
	ISCSIKT_A_TARGET_MODE,		/* u8 enum iscsikt_target_mode */

	/* EXTENT, added later */
	ISCSIKT_A_EXTENT_DIRECT_IO,	/* u8 bool: FILE past the page cache */

	__ISCSIKT_A_MAX,
	ISCSIKT_A_MAX = __ISCSIKT_A_MAX - 1
};

enum iscsikt_listen_attr {
	ISCSIKT_A_LISTEN_UNSPEC,
	ISCSIKT_A_LISTEN_ADDR,		/* binary, 4 or 16 bytes */
	ISCSIKT_A_LISTEN_PORT,		/* u16 */

	__ISCSIKT_A_LISTEN_MAX,
	ISCSIKT_A_LISTEN_MAX = __ISCSIKT_A_LISTEN_MAX - 1
};

enum iscsikt_tgroup_attr {
	ISCSIKT_A_TGROUP_UNSPEC,
	ISCSIKT_A_TGROUP_PORTAL_TAG,	/* u16 */
	ISCSIKT_A_TGROUP_IGROUP_ID,	/* u32, 0 = any initiator */
	ISCSIKT_A_TGROUP_AUTH_METHOD,	/* u8 enum iscsikt_auth_method */
	ISCSIKT_A_TGROUP_AUTH_TAG,	/* u32, 0 = none */

	__ISCSIKT_A_TGROUP_MAX,
	ISCSIKT_A_TGROUP_MAX = __ISCSIKT_A_TGROUP_MAX - 1
};

enum iscsikt_net_attr {
	ISCSIKT_A_NET_UNSPEC,
	ISCSIKT_A_NET_ADDR,		/* binary, 4 or 16 bytes */
	ISCSIKT_A_NET_PREFIX,		/* u8 */

	__ISCSIKT_A_NET_MAX,
	ISCSIKT_A_NET_MAX = __ISCSIKT_A_NET_MAX - 1
};

enum iscsikt_conn_attr {
	ISCSIKT_A_CONN_UNSPEC,
	ISCSIKT_A_CONN_CID,		/* u16 */
	ISCSIKT_A_CONN_PEER_ADDR,	/* binary, 4 or 16 bytes */
	ISCSIKT_A_CONN_PEER_PORT,	/* u16 */
	ISCSIKT_A_CONN_LOCAL_ADDR,	/* binary, 4 or 16 bytes */
	ISCSIKT_A_CONN_LOCAL_PORT,	/* u16 */
	ISCSIKT_A_CONN_PORTAL_TAG,	/* u16 */
	ISCSIKT_A_CONN_HEADER_DIGEST,	/* u8 bool: CRC32C */
	ISCSIKT_A_CONN_DATA_DIGEST,	/* u8 bool: CRC32C */
	ISCSIKT_A_CONN_PAD,
	/* Negotiated in the login (RFC 7143 13) */
	ISCSIKT_A_CONN_MAX_RECV_DSL,	/* u32: the target's */
	ISCSIKT_A_CONN_MAX_XMIT_DSL,	/* u32: the initiator's */
	ISCSIKT_A_CONN_FIRST_BURST,	/* u32 FirstBurstLength */
	ISCSIKT_A_CONN_MAX_BURST,	/* u32 MaxBurstLength */
	ISCSIKT_A_CONN_IMMEDIATE_DATA,	/* u8 bool */
	ISCSIKT_A_CONN_INITIAL_R2T,	/* u8 bool */
	/* Counters since the connection was accepted */
	ISCSIKT_A_CONN_CMDS,		/* u64: SCSI commands received */
	ISCSIKT_A_CONN_CMD_ERRORS,	/* u64: of those, ended not GOOD */
	ISCSIKT_A_CONN_RX_BYTES,	/* u64: bytes received, all PDUs */
	ISCSIKT_A_CONN_TX_BYTES,	/* u64: bytes sent, all PDUs */

	__ISCSIKT_A_CONN_MAX,
	ISCSIKT_A_CONN_MAX = __ISCSIKT_A_CONN_MAX - 1
};

#endif /* _UAPI_LINUX_ISCSIKT_H */
