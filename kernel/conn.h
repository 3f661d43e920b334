/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iSCSI connections, sessions and commands: the datapath.
 *
 * A connection has no thread of its own.  Its socket callbacks queue its
 * work (conn->io_work or ->io_work_near, see ikt_conn_light()), which
 * alternates between receiving (a resumable state machine over BHS, AHS,
 * digests and data) and sending (a queue of PDUs, batched with MSG_MORE),
 * each with a budget so that one busy connection cannot starve the others
 * sharing the workqueue.  Backend I/O that may block runs on ikt_io_wq
 * and hands its response back through the send queue.
 */
#ifndef ISCSIKT_CONN_H
#define ISCSIKT_CONN_H

#include <linux/iscsikt.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "buf.h"
#include "pdu.h"
#include "params.h"
#include "scsi.h"
#include "chap.h"

struct ikt_target;
struct ikt_extent;
struct ikt_session;
struct ikt_login;

/* Connection work (unbound, or near the CPU that kicked) and backend I/O. */
extern struct workqueue_struct *ikt_conn_wq;
extern struct workqueue_struct *ikt_conn_near_wq;
extern struct workqueue_struct *ikt_io_wq;

/* What we accept and offer in every login; the SCSI queue depth. */
#define IKT_MAX_RECV_DSL	(256 * 1024)
#define IKT_MAX_BURST		(1024 * 1024)
/*
 * Unsolicited data up to a whole PDU: a 128 KiB write goes in one SCSI
 * Command PDU with no R2T round trip (open-iscsi offers 256 KiB).  What a
 * peer may pin this way is bounded by IKT_CONN_DATA_MAX.
 */
#define IKT_FIRST_BURST		(256 * 1024)
#define IKT_QUEUE_DEPTH		128
/* Largest READ/WRITE one command may move (VPD B0h MAXIMUM TRANSFER). */
#define IKT_MAX_IO_BYTES	(8 * 1024 * 1024)
/* Command data one connection may hold at once (struct ikt_cmd). */
#define IKT_CONN_DATA_MAX	(128 * 1024 * 1024)
/*
 * Connections still in login, all portals together, those whose refused
 * authentication is being delayed included: this caps guesses per delay.
 */
#define IKT_MAX_LOGINS		64

/* One PDU on the send queue. */
struct ikt_tx {
	struct list_head node;
	struct iscsi_bhs bhs;
	u8 hdigest[ISCSI_DIGEST_LEN];
	u8 ddigest[ISCSI_DIGEST_LEN];
	const void *data;	/* data segment, data_len bytes */
	const struct ikt_buf *dbuf;	/* or in pages, from dbuf_off */
	u32 dbuf_off;
	u32 data_len;
	void *owned;		/* kvfree()d once sent */
	struct ikt_cmd *cmd;	/* reference dropped once sent */
	bool hdigest_on;	/* digests as negotiated when it was queued */
	bool ddigest_on;
	bool close_after;	/* the connection ends once it is sent */
	u32 sent;		/* bytes of this PDU already on the wire */
	u32 total;
};

enum ikt_rx_state {
	IKT_RX_BHS,
	IKT_RX_AHS,
	IKT_RX_HDIGEST,
	IKT_RX_DATA,
	IKT_RX_PAD,
	IKT_RX_DDIGEST,
};

struct ikt_rx {
	enum ikt_rx_state state;
	u32 off;		/* bytes of the current piece received */
	struct iscsi_bhs bhs;
	u8 ahs[IKT_PDU_AHS_MAX];
	u8 digest[ISCSI_DIGEST_LEN];
	u8 pad[4];
	struct ikt_pdu_info info;
	/* where the data segment goes: command pages or rx.buf */
	struct ikt_buf *dbuf;	/* from dbuf_off, or else */
	u32 dbuf_off;
	u8 *data;
	u32 data_len;		/* bytes stored there */
	u32 discard;		/* bytes after those, received and dropped */
	bool drop;		/* out of the command window: ignore it */
	u32 crc;		/* running data digest */
	struct ikt_cmd *cmd;	/* Data-Out / immediate data target */
	void *buf;		/* kmalloc()ed data for other PDUs */
};

/* conn->io_flags */
enum {
	IKT_IO_RUNNING,		/* a worker is in ikt_conn_io() */
	IKT_IO_PENDING,		/* kicked since that worker's last turn began */
};

enum ikt_conn_state {
	IKT_CONN_LOGIN,
	IKT_CONN_FULL_FEATURE,
	IKT_CONN_LOGOUT,	/* logout response queued: close when sent */
	IKT_CONN_CLOSING,
};

struct ikt_conn {
	struct kref kref;
	struct list_head node;	/* ikt_conns, for module exit and dumps */
	unsigned long closing;	/* bit 0: teardown has started */
	struct socket *sock;
	u16 portal_tag;
	u16 cid;
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
	enum ikt_conn_state state;
	bool in_login_count;	/* counted in ikt_nr_logins */

	/* ikt_conn_io() from either: see ikt_conn_light() */
	struct work_struct io_work;		/* on ikt_conn_wq */
	struct work_struct io_work_near;	/* on ikt_conn_near_wq */
	unsigned long io_flags;			/* IKT_IO_RUNNING, _PENDING */
	struct work_struct release_work;
	struct delayed_work login_timeout;
	unsigned long login_deadline;	/* jiffies when login_timeout fires */
	/* Sends a refused authentication late: see ikt_login_fail(). */
	struct delayed_work auth_fail_work;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);

	struct ikt_rx rx;

	/* For session dumps; no one waits on them. */
	atomic64_t nr_cmds;
	atomic64_t nr_cmd_errors;
	atomic64_t rx_bytes;
	atomic64_t tx_bytes;
	atomic_t data_bytes;	/* in commands' buffers, see IKT_CONN_DATA_MAX */

	spinlock_t tx_lock;	/* tx_queue, statsn, tx_dead */
	struct list_head tx_queue;
	u32 statsn;
	u32 peer_exp_statsn;	/* in the last PDU read: ikt_conn_light() */
	bool tx_dead;		/* torn down: nothing more is queued */
	u32 login_cmdsn;	/* ExpCmdSN until the session exists */

	struct ikt_login *login;	/* during login only */
	struct ikt_session *sess;	/* after login */
	struct ikt_params params;	/* negotiated */

	/* Active SCSI commands (under cmd_lock), for Data-Out and TMF. */
	spinlock_t cmd_lock;
	/*
	 * Held while a task queues its responses and while a TMF takes its
	 * tasks: a response either goes out before the TMF's or never.
	 */
	struct mutex rsp_lock;
	struct list_head cmds;
	struct list_head tmfs;		/* TMFs waiting for their tasks */
	/* Tasks whose bios ended, for the connection's work to answer. */
	struct llist_head bios_done;
	atomic_t bios;			/* bios that may still add to it */
	u8 *scsi_buf;			/* the emulation's data-in scratch */
	struct work_struct tmf_work;
	u32 next_ttt;

	/* Target NOP-In pings of an idle full feature connection. */
	struct delayed_work nopin_work;
	unsigned long last_rx;		/* jiffies of the last PDU received */
	unsigned long nopin_sent;
	u32 nopin_ttt;			/* outstanding ping, 0 for none */
	u32 nopin_seq;			/* the last ping's tag */

	/* Text exchange continuation (discovery and FFP text). */
	struct ikt_negotiation *text_neg;
	char *text_rsp;		/* SendTargets answer still to send */
	u32 text_rsp_len, text_rsp_off;
	u32 text_ttt;
};

/* Called by the listener for each accepted socket. */
void ikt_conn_accept(struct socket *sock, u16 portal_tag);
/* Start tearing @conn down (any context that may sleep or not). */
void ikt_conn_close(struct ikt_conn *conn);
void ikt_conn_put(struct ikt_conn *conn);
/* The login is complete: the connection enters full feature phase. */
void ikt_conn_logged_in(struct ikt_conn *conn);
int ikt_conn_init(void);
void ikt_conn_exit(void);
/* Kick the connection's work: something to send or receive. */
void ikt_conn_kick(struct ikt_conn *conn);
/* The same, in any context, once a task joined conn->bios_done. */
void ikt_conn_kick_bio_end(struct ikt_conn *conn);
/* Ask the initiator to log out (Async Message, AsyncEvent 1). */
void ikt_conn_request_logout(struct ikt_conn *conn);

/*
 * Queue a PDU; the header is completed (StatSN, ExpCmdSN, MaxCmdSN when
 * @sn is set) under the send lock, in send order.  @tx is owned by the
 * queue from now on.
 */
struct ikt_tx *ikt_tx_alloc(gfp_t gfp);
/* Free a PDU that was never queued. */
void ikt_tx_free(struct ikt_tx *tx);
void ikt_tx_queue(struct ikt_conn *conn, struct ikt_tx *tx,
		  void (*fill)(struct ikt_conn *conn, struct ikt_tx *tx,
			       const struct ikt_sn *sn, void *arg),
		  void *arg, bool advance_statsn);
/* Queue a Reject carrying @bhs. */
void ikt_conn_reject(struct ikt_conn *conn, const struct iscsi_bhs *bhs,
		     u8 reason);

/* The current ExpCmdSN / MaxCmdSN window of the connection's session. */
void ikt_conn_fill_sn(struct ikt_conn *conn, struct ikt_sn *sn);

/* login.c */
int ikt_login_start(struct ikt_conn *conn);
/* What this target offers and accepts in a login or text negotiation. */
void ikt_login_limits(struct ikt_conn *conn, struct ikt_param_limits *lim);
/* A complete Login Request (BHS + data in conn->rx). */
int ikt_login_pdu(struct ikt_conn *conn);
void ikt_login_free(struct ikt_conn *conn);
/* conn->auth_fail_work: sends the refusal ikt_login_pdu() held back. */
void ikt_login_fail_work(struct work_struct *work);

/* text.c: a complete Text Request in conn->rx. */
int ikt_text_pdu(struct ikt_conn *conn);
void ikt_text_free(struct ikt_conn *conn);

/* cmd.c */
struct ikt_cmd;
/* A SCSI Command BHS: decides where its immediate data goes. */
int ikt_cmd_start(struct ikt_conn *conn);
/* A Data-Out BHS: finds the command and the buffer offset. */
int ikt_cmd_data_out_start(struct ikt_conn *conn);
/* The data segment of a SCSI Command or Data-Out has been received. */
int ikt_cmd_data_done(struct ikt_conn *conn);
/* A Task Management Function request. */
int ikt_cmd_tmf(struct ikt_conn *conn);
/* conn->tmf_work: answers TMFs once the tasks they abort have ended. */
void ikt_cmd_tmf_work(struct work_struct *work);
void ikt_cmd_put(struct ikt_cmd *cmd);
/* Connection teardown: no more responses; wait for backend I/O. */
void ikt_cmd_abort_all(struct ikt_conn *conn);
/* Answer the tasks on conn->bios_done, in the order their bios ended. */
void ikt_cmd_reap(struct ikt_conn *conn);
/*
 * Take @conn's tasks for extent @e onto @victims (they will send nothing),
 * then end them with ikt_cmd_end_taken(), which sleeps until none of
 * them can still reach the medium.
 */
void ikt_cmd_take_for_ext(struct ikt_conn *conn, const struct ikt_extent *e,
			  struct list_head *victims);
void ikt_cmd_end_taken(struct list_head *victims);
int ikt_cmd_init(void);
void ikt_cmd_exit(void);

/* session.c */
/* A pending unit attention (a few kinds only: no need for more). */
#define IKT_UA_MAX		8
#define IKT_UA_ANY_LUN		U64_MAX
struct ikt_ua {
	u64 lun;
	u16 asc;
};

struct ikt_session {
	struct list_head node;
	struct kref kref;
	u8 isid[6];
	u16 tsih;
	enum ikt_session_type type;
	char initiator[IKT_ISCSI_NAME_MAX + 1];
	char initiator_alias[IKT_VALUE_MAX + 1];
	struct ikt_target *target;	/* NULL for discovery */
	struct ikt_conn *conn;		/* the one connection (ERL 0, MC 1) */
	bool announced;			/* login event sent, logout not yet */
	u32 exp_cmdsn;			/* updated by the receive path only */
	atomic_t active_cmds;
	/* Unit attentions waiting for this I_T nexus, oldest first. */
	spinlock_t ua_lock;
	struct ikt_ua ua[IKT_UA_MAX];
	unsigned int nr_ua;
	/*
	 * The reset class (ASC 29h) is owed to every LU, mapped or not yet,
	 * and outranks the rest (SAM-5 5.14): one bit per LUN, one ASC.
	 */
	DECLARE_BITMAP(reset_ua, ISCSIKT_MAX_LUN + 1);
	u16 reset_asc;
	bool reset_pending;
};

/*
 * Raise unit attention @asc for the sessions of @t (except @except): on
 * LUN @lun, or on whichever LUN is addressed next when @lun is
 * IKT_UA_ANY_LUN.
 */
void ikt_sessions_raise_ua(struct ikt_target *t, u64 lun, u16 asc,
			   const struct ikt_session *except);
/*
 * Before a command to @lun: true when it must fail with the unit
 * attention put in @sense (taken off the list).  REQUEST SENSE gets it as
 * its sense data instead; INQUIRY never sees one; REPORT LUNS clears
 * REPORTED LUNS DATA HAS CHANGED (SPC-4 5.14, SAM-5 5.14).
 */
bool ikt_session_take_ua(struct ikt_session *s, u64 lun, u8 opcode,
			 struct ikt_scsi_sense *sense);
/*
 * Take the tasks for @e of @t's sessions that @match accepts (but
 * @except's) onto @victims, for ikt_cmd_end_taken().
 */
void ikt_sessions_take_tasks_if(struct ikt_target *t,
				const struct ikt_extent *e,
				bool (*match)(const struct ikt_session *s,
					      const void *arg),
				const void *arg, const struct ikt_session *except,
				struct list_head *victims);
/* Raise reset-class unit attention @asc on every LUN of @t's sessions. */
void ikt_sessions_raise_reset_ua(struct ikt_target *t, u16 asc);

/* Create the session of a leading login; reinstates an older one. */
int ikt_session_create(struct ikt_conn *conn, const u8 isid[6],
		       enum ikt_session_type type, const char *initiator,
		       const char *alias, struct ikt_target *target,
		       u32 cmdsn);
/* Its login is complete (full feature phase): tell event listeners. */
void ikt_session_logged_in(struct ikt_session *s);
void ikt_session_detach(struct ikt_conn *conn);
int ikt_session_init(void);
void ikt_session_exit(void);
/* Close every connection and wait until all are gone (module exit). */
void ikt_conn_close_all(void);

#endif /* ISCSIKT_CONN_H */
