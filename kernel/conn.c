// SPDX-License-Identifier: GPL-2.0
/*
 * Connection I/O: socket callbacks, the receive state machine, the send
 * queue and teardown.  See conn.h for the design.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/version.h>
#include <linux/wait_bit.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "config.h"
#include "conn.h"

/* PDUs handled per direction before the other direction gets a turn. */
#define IKT_IO_PDU_BUDGET	8
/* Turns per run of io_work before it yields the CPU and requeues. */
#define IKT_IO_RUN_BUDGET	8

/* Seconds, at most an hour: how long the module waits on a silent peer. */
#define IKT_NOPIN_MAX		3600

static unsigned int nopin_interval = 15;
module_param(nopin_interval, uint, 0644);
MODULE_PARM_DESC(nopin_interval,
		 "Seconds a logged-in connection may be silent before the target pings it with a NOP-In (0: never)");
static unsigned int nopin_timeout = 30;
module_param(nopin_timeout, uint, 0644);
MODULE_PARM_DESC(nopin_timeout,
		 "Seconds the initiator has to answer a NOP-In ping before the connection is closed");

static unsigned int login_timeout = 15;
module_param(login_timeout, uint, 0644);
MODULE_PARM_DESC(login_timeout,
		 "Seconds a connection may take to finish its login (1-3600)");

struct workqueue_struct *ikt_conn_wq;
struct workqueue_struct *ikt_conn_near_wq;
struct workqueue_struct *ikt_io_wq;

static struct kmem_cache *ikt_tx_cache;
static atomic_t ikt_nr_logins = ATOMIC_INIT(0);
static DEFINE_MUTEX(ikt_conns_lock);
static LIST_HEAD(ikt_conns);
static atomic_t ikt_nr_conns = ATOMIC_INIT(0);

struct ikt_tx *ikt_tx_alloc(gfp_t gfp)
{
	return kmem_cache_zalloc(ikt_tx_cache, gfp);
}

void ikt_tx_free(struct ikt_tx *tx)
{
	if (tx->cmd)
		ikt_cmd_put(tx->cmd);
	kvfree(tx->owned);
	kmem_cache_free(ikt_tx_cache, tx);
}

/*
 * An initiator with one command outstanding has its connection's work
 * done on the CPU that kicked it: it waits for the answer and has left
 * that CPU idle, and the exchange stays on one CPU with no wake-up of
 * another.  A busier initiator's work is unbound, so that it does not
 * queue behind what delivered its data (over loopback, the initiator's
 * own send path).  make bench measures both.
 *
 * What the initiator has outstanding is what this side still works on
 * plus the answers it sent that the initiator had not yet seen when it
 * last wrote (its ExpStatSN): a fast target has nothing in flight even
 * at queue depth 32.  At queue depth 1 that is the last answer alone.
 */
static bool ikt_conn_light(struct ikt_conn *conn)
{
	struct ikt_session *sess = READ_ONCE(conn->sess);
	u32 unseen;

	if (!sess)
		return false;
	/* A hint: a stale StatSN only picks the other workqueue once. */
	unseen = data_race(conn->statsn) - READ_ONCE(conn->peer_exp_statsn);
	return atomic_read(&sess->active_cmds) + min(unseen, 2U) <= 1;
}

/*
 * Note that the connection has work; returns true when a worker is
 * running it and will see that before it stops (ikt_conn_io()).
 */
static bool ikt_conn_mark_pending(struct ikt_conn *conn)
{
	set_bit(IKT_IO_PENDING, &conn->io_flags);
	/* Pairs with ikt_conn_io_unlock(): one of us sees the other's bit. */
	smp_mb__after_atomic();
	return test_bit(IKT_IO_RUNNING, &conn->io_flags);
}

static void ikt_conn_queue_io_work(struct ikt_conn *conn)
{
	if (ikt_conn_light(conn))
		queue_work(ikt_conn_near_wq, &conn->io_work_near);
	else
		queue_work(ikt_conn_wq, &conn->io_work);
}

/* Under tx_lock: once tx_dead is set, nothing queues the io works... */
static void ikt_conn_queue_io(struct ikt_conn *conn)
{
	lockdep_assert_held(&conn->tx_lock);
	if (conn->tx_dead || test_bit(0, &conn->closing))
		return;
	ikt_conn_queue_io_work(conn);
}

/*
 * ...but a bio's end, which cannot take tx_lock in interrupt context:
 * ikt_conn_release_work() waits for those (conn->bios) before it cancels
 * the io works a last time.
 */
void ikt_conn_kick_bio_end(struct ikt_conn *conn)
{
	if (!ikt_conn_mark_pending(conn))
		ikt_conn_queue_io_work(conn);
}

void ikt_conn_kick(struct ikt_conn *conn)
{
	if (ikt_conn_mark_pending(conn))
		return;
	spin_lock_bh(&conn->tx_lock);
	ikt_conn_queue_io(conn);
	spin_unlock_bh(&conn->tx_lock);
}

void ikt_conn_fill_sn(struct ikt_conn *conn, struct ikt_sn *sn)
{
	struct ikt_session *sess = conn->sess;
	u32 exp = sess ? READ_ONCE(sess->exp_cmdsn) : conn->login_cmdsn;
	int active = sess ? atomic_read(&sess->active_cmds) : 0;

	sn->statsn = conn->statsn;
	sn->exp_cmdsn = exp;
	/* The window closes as commands queue up: a real queue depth. */
	sn->max_cmdsn = exp - 1 + max(IKT_QUEUE_DEPTH - active, 1);
}

void ikt_tx_queue(struct ikt_conn *conn, struct ikt_tx *tx,
		  void (*fill)(struct ikt_conn *conn, struct ikt_tx *tx,
			       const struct ikt_sn *sn, void *arg),
		  void *arg, bool advance_statsn)
{
	struct ikt_sn sn;
	u32 hlen = ISCSI_BHS_LEN;

	tx->hdigest_on = conn->params.header_digest;
	tx->ddigest_on = conn->params.data_digest && tx->data_len;
	if (tx->ddigest_on) {
		u32 crc = tx->dbuf ?
			  ikt_buf_crc(tx->dbuf, tx->dbuf_off, tx->data_len,
				      IKT_DIGEST_SEED) :
			  ikt_crc32c(IKT_DIGEST_SEED, tx->data, tx->data_len);

		ikt_digest_put(ikt_digest_final(crc, tx->data_len),
			       tx->ddigest);
	}

	spin_lock_bh(&conn->tx_lock);
	/* A response racing with teardown goes nowhere. */
	if (conn->tx_dead) {
		spin_unlock_bh(&conn->tx_lock);
		ikt_tx_free(tx);
		return;
	}
	ikt_conn_fill_sn(conn, &sn);
	if (advance_statsn)
		conn->statsn++;
	fill(conn, tx, &sn, arg);
	ikt_bhs_set_data_len(&tx->bhs, tx->data_len);
	if (tx->hdigest_on) {
		ikt_digest_put(ikt_digest(&tx->bhs, ISCSI_BHS_LEN), tx->hdigest);
		hlen += ISCSI_DIGEST_LEN;
	}
	tx->total = hlen + ikt_pdu_padded(tx->data_len);
	if (tx->ddigest_on)
		tx->total += ISCSI_DIGEST_LEN;
	list_add_tail(&tx->node, &conn->tx_queue);
	if (!ikt_conn_mark_pending(conn))
		ikt_conn_queue_io(conn);
	spin_unlock_bh(&conn->tx_lock);
}

static void ikt_reject_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			    const struct ikt_sn *sn, void *arg)
{
	ikt_build_reject(&tx->bhs, *(u8 *)arg, ISCSI_BHS_LEN, 0, sn);
}

void ikt_conn_reject(struct ikt_conn *conn, const struct iscsi_bhs *bhs,
		     u8 reason)
{
	struct ikt_tx *tx = ikt_tx_alloc(GFP_KERNEL);
	void *copy;

	if (!tx) {
		ikt_conn_close(conn);
		return;
	}
	copy = kmemdup(bhs, ISCSI_BHS_LEN, GFP_KERNEL);
	if (!copy) {
		ikt_tx_free(tx);
		ikt_conn_close(conn);
		return;
	}
	tx->owned = copy;
	tx->data = copy;
	tx->data_len = ISCSI_BHS_LEN;
	ikt_tx_queue(conn, tx, ikt_reject_fill, &reason, true);
}

/* ------------------------------------------------------------------ */
/* Receive                                                             */
/* ------------------------------------------------------------------ */

/* Receive into @buf until @len bytes of it are there: 0, -EAGAIN or error. */
static int ikt_rx_fill(struct ikt_conn *conn, void *buf, u32 len)
{
	struct ikt_rx *rx = &conn->rx;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov;
	int ret;

	while (rx->off < len) {
		iov.iov_base = buf + rx->off;
		iov.iov_len = len - rx->off;
		ret = kernel_recvmsg(conn->sock, &msg, &iov, 1, iov.iov_len,
				     msg.msg_flags);
		if (ret <= 0)
			return ret ? ret : -ECONNRESET;
		atomic64_add(ret, &conn->rx_bytes);
		rx->off += ret;
	}
	rx->off = 0;
	return 0;
}

static void ikt_rx_reset(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;

	kfree(rx->buf);
	if (rx->cmd)
		ikt_cmd_put(rx->cmd);
	rx->buf = NULL;
	rx->cmd = NULL;
	rx->dbuf = NULL;
	rx->dbuf_off = 0;
	rx->data = NULL;
	rx->data_len = 0;
	rx->discard = 0;
	rx->drop = false;
	rx->off = 0;
	rx->state = IKT_RX_BHS;
}

static bool ikt_pdu_has_cmdsn(u8 opcode)
{
	return opcode != ISCSI_OP_DATA_OUT && opcode != ISCSI_OP_SNACK;
}

/*
 * Whether a full feature phase PDU is in the command window (ERL 0, one
 * connection per session, so in order): out-of-window PDUs are ignored
 * as RFC 7143 section 3.2.2.1 asks.
 */
static bool ikt_rx_cmdsn_ok(struct ikt_conn *conn)
{
	struct ikt_session *sess = conn->sess;
	struct ikt_pdu_info *info = &conn->rx.info;

	if (!ikt_pdu_has_cmdsn(info->opcode))
		return true;
	if (info->immediate)
		return true;
	if (info->cmdsn != sess->exp_cmdsn)
		return false;
	WRITE_ONCE(sess->exp_cmdsn, sess->exp_cmdsn + 1);
	return true;
}

/* The BHS (and AHS) are in: decide where the data segment goes. */
static int ikt_rx_header_done(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	u32 len = rx->info.data_len;

	if (conn->state == IKT_CONN_FULL_FEATURE && !ikt_rx_cmdsn_ok(conn)) {
		rx->discard = len;
		rx->drop = true;	/* ignored once its data is read */
		return 0;
	}

	/* A discovery session has no LUNs: tasks there are protocol errors. */
	if (conn->state == IKT_CONN_FULL_FEATURE && !conn->sess->target &&
	    (rx->info.opcode == ISCSI_OP_SCSI_CMD ||
	     rx->info.opcode == ISCSI_OP_DATA_OUT ||
	     rx->info.opcode == ISCSI_OP_TMF_REQ))
		return -EPROTO;

	switch (rx->info.opcode) {
	case ISCSI_OP_SCSI_CMD:
		return ikt_cmd_start(conn);
	case ISCSI_OP_DATA_OUT:
		return ikt_cmd_data_out_start(conn);
	default:
		if (!len)
			return 0;
		rx->buf = kmalloc(len, GFP_KERNEL);
		if (!rx->buf)
			return -ENOMEM;
		rx->data = rx->buf;
		rx->data_len = len;
		return 0;
	}
}

static void ikt_nop_in_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			    const struct ikt_sn *sn, void *arg)
{
	const struct iscsi_bhs *req = arg;

	ikt_build_nop_in(&tx->bhs, req->lun, get_unaligned_be32(req->itt),
			 ISCSI_RESERVED_TAG, tx->data_len, sn);
}

static int ikt_rx_nop_out(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	u32 ttt = get_unaligned_be32(rx->bhs.w20);
	struct ikt_tx *tx;

	/* A NOP-Out answering our ping, or one that wants no answer. */
	if (rx->info.itt == ISCSI_RESERVED_TAG) {
		if (ttt != ISCSI_RESERVED_TAG && ttt == READ_ONCE(conn->nopin_ttt))
			WRITE_ONCE(conn->nopin_ttt, 0);
		return 0;
	}
	tx = ikt_tx_alloc(GFP_KERNEL);
	if (!tx)
		return -ENOMEM;
	/* Echo the ping data back (bounded by our MaxRecvDataSegmentLength). */
	tx->owned = rx->buf;
	tx->data = rx->buf;
	tx->data_len = min(rx->data_len, conn->params.max_xmit_dsl);
	rx->buf = NULL;
	ikt_tx_queue(conn, tx, ikt_nop_in_fill, &rx->bhs, true);
	return 0;
}

static void ikt_logout_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			    const struct ikt_sn *sn, void *arg)
{
	const struct iscsi_bhs *req = arg;

	ikt_build_logout_rsp(&tx->bhs, ISCSI_LOGOUT_SUCCESS,
			     get_unaligned_be32(req->itt), 0, 0, sn);
}

static int ikt_rx_logout(struct ikt_conn *conn)
{
	struct ikt_tx *tx = ikt_tx_alloc(GFP_KERNEL);

	if (!tx)
		return -ENOMEM;
	/*
	 * One connection per session: closing the connection closes the
	 * session, whatever the reason code asked for.
	 */
	conn->state = IKT_CONN_LOGOUT;
	ikt_tx_queue(conn, tx, ikt_logout_fill, &conn->rx.bhs, true);
	return 0;
}

/* A whole PDU is in. */
static int ikt_rx_pdu_done(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;

	if (conn->state == IKT_CONN_LOGIN)
		return ikt_login_pdu(conn);

	switch (rx->info.opcode) {
	case ISCSI_OP_NOOP_OUT:
		return ikt_rx_nop_out(conn);
	case ISCSI_OP_SCSI_CMD:
	case ISCSI_OP_DATA_OUT:
		return ikt_cmd_data_done(conn);
	case ISCSI_OP_TMF_REQ:
		return ikt_cmd_tmf(conn);
	case ISCSI_OP_TEXT_REQ:
		return ikt_text_pdu(conn);
	case ISCSI_OP_LOGOUT_REQ:
		return ikt_rx_logout(conn);
	default:
		/* SNACK: ErrorRecoveryLevel 0 has none. */
		ikt_conn_reject(conn, &rx->bhs, ISCSI_REJECT_CMD_NOT_SUPPORTED);
		return 0;
	}
}

/*
 * Receive what the socket has of the data segment: into the command's
 * pages, rx.buf, or (bytes we do not keep) a scratch area.
 */
static int ikt_rx_data_piece(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	u32 done = rx->off;
	struct kvec iov;
	int ret;

	if (done < rx->data_len && rx->dbuf) {
		ikt_buf_iter(rx->dbuf, ITER_DEST, rx->dbuf_off + done,
			     rx->data_len - done, &msg.msg_iter);
	} else {
		if (done < rx->data_len) {
			iov.iov_base = rx->data + done;
			iov.iov_len = rx->data_len - done;
		} else {
			iov.iov_base = rx->ahs;
			iov.iov_len = min_t(u32, sizeof(rx->ahs),
					    rx->data_len + rx->discard - done);
		}
		iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, iov.iov_len);
	}
	ret = sock_recvmsg(conn->sock, &msg, msg.msg_flags);
	if (ret <= 0)
		return ret ? ret : -ECONNRESET;
	atomic64_add(ret, &conn->rx_bytes);
	if (conn->params.data_digest) {
		if (done < rx->data_len && rx->dbuf)
			rx->crc = ikt_buf_crc(rx->dbuf, rx->dbuf_off + done,
					      ret, rx->crc);
		else
			rx->crc = ikt_crc32c(rx->crc, iov.iov_base, ret);
	}
	rx->off = done + ret;
	return 0;
}

/*
 * Advance the receive state machine as far as the socket allows.
 * Returns 1 when a whole PDU was handled, 0 or -EAGAIN when the socket
 * ran dry, another negative errno to close the connection.
 */
static int ikt_rx_step(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	bool login = conn->state == IKT_CONN_LOGIN;
	u32 max_dsl = login ? ISCSI_LOGIN_MAX_RECV_DSL : conn->params.max_recv_dsl;
	u32 n;
	int ret;

	/* A refused login or a logout: nothing more is read. */
	if (conn->state == IKT_CONN_LOGOUT)
		return -EAGAIN;

	switch (rx->state) {
	case IKT_RX_BHS:
		ret = ikt_rx_fill(conn, &rx->bhs, ISCSI_BHS_LEN);
		if (ret)
			return ret;
		ret = ikt_pdu_check(&rx->bhs, max_dsl, login, &rx->info);
		if (ret)
			return ret;	/* unknown framing: cannot resync */
		WRITE_ONCE(conn->peer_exp_statsn, rx->info.exp_statsn);
		rx->state = IKT_RX_AHS;
		fallthrough;
	case IKT_RX_AHS:
		ret = ikt_rx_fill(conn, rx->ahs, rx->info.ahs_len);
		if (ret)
			return ret;
		rx->state = IKT_RX_HDIGEST;
		fallthrough;
	case IKT_RX_HDIGEST:
		if (conn->params.header_digest) {
			u32 crc;

			ret = ikt_rx_fill(conn, rx->digest, ISCSI_DIGEST_LEN);
			if (ret)
				return ret;
			crc = ikt_crc32c(IKT_DIGEST_SEED, &rx->bhs, ISCSI_BHS_LEN);
			crc = ikt_crc32c(crc, rx->ahs, rx->info.ahs_len);
			/* A bad header cannot be trusted even to be skipped. */
			if (~crc != ikt_digest_get(rx->digest))
				return -EBADMSG;
		}
		ret = ikt_rx_header_done(conn);
		if (ret < 0)
			return ret;
		rx->crc = IKT_DIGEST_SEED;
		rx->state = IKT_RX_DATA;
		fallthrough;
	case IKT_RX_DATA:
		while (rx->off < rx->data_len + rx->discard) {
			ret = ikt_rx_data_piece(conn);
			if (ret)
				return ret;
		}
		rx->off = 0;
		rx->state = IKT_RX_PAD;
		fallthrough;
	case IKT_RX_PAD:
		n = ikt_pdu_padded(rx->info.data_len) - rx->info.data_len;
		ret = ikt_rx_fill(conn, rx->pad, n);
		if (ret)
			return ret;
		if (conn->params.data_digest && n)
			rx->crc = ikt_crc32c(rx->crc, rx->pad, n);
		rx->state = IKT_RX_DDIGEST;
		fallthrough;
	case IKT_RX_DDIGEST:
		if (conn->params.data_digest && rx->info.data_len) {
			ret = ikt_rx_fill(conn, rx->digest, ISCSI_DIGEST_LEN);
			if (ret)
				return ret;
			/* ErrorRecoveryLevel 0: recovery is a new session. */
			if (~rx->crc != ikt_digest_get(rx->digest))
				return -EBADMSG;
		}
		break;
	}

	WRITE_ONCE(conn->last_rx, jiffies);
	ret = rx->drop ? 0 : ikt_rx_pdu_done(conn);
	ikt_rx_reset(conn);
	return ret < 0 ? ret : 1;
}

/* ------------------------------------------------------------------ */
/* Send                                                                */
/* ------------------------------------------------------------------ */

/* Hand [@off, @off + @len) of @b's pages to TCP without copying them. */
static int ikt_tx_pages(struct socket *sock, const struct ikt_buf *b, u32 off,
			u32 len, int flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	struct msghdr msg = { .msg_flags = flags | MSG_SPLICE_PAGES };

	ikt_buf_iter(b, ITER_SOURCE, off, len, &msg.msg_iter);
	return sock_sendmsg(sock, &msg);
#else
	const struct bio_vec *bv = &b->bvec[off / PAGE_SIZE];
	u32 in_page = off % PAGE_SIZE;
	u32 n = min(len, bv->bv_len - in_page);

	return kernel_sendpage(sock, bv->bv_page, bv->bv_offset + in_page, n,
			       n < len ? flags | MSG_MORE : flags);
#endif
}

/*
 * Send what the socket takes of @tx: its header and header digest, its
 * data segment (pages go without a copy), then padding and data digest.
 * @more: another PDU follows.
 */
static int ikt_tx_one(struct ikt_conn *conn, struct ikt_tx *tx, bool more)
{
	static const u8 zero_pad[3];
	u32 hlen = ISCSI_BHS_LEN + (tx->hdigest_on ? ISCSI_DIGEST_LEN : 0);
	u32 dend = hlen + tx->data_len;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	u32 pad = ikt_pdu_padded(tx->data_len) - tx->data_len;
	struct kvec iov[5];
	u32 skip, len = 0;
	int n = 0, i, ret;

	/* Pages go in their own call: only the parts around them are iov. */
	if (tx->dbuf && tx->sent >= hlen && tx->sent < dend) {
		if (more || pad || tx->ddigest_on)
			msg.msg_flags |= MSG_MORE;
		ret = ikt_tx_pages(conn->sock, tx->dbuf,
				   tx->dbuf_off + tx->sent - hlen,
				   dend - tx->sent, msg.msg_flags);
		goto sent;
	}
	skip = tx->sent;
	if (tx->sent < hlen) {
		iov[n].iov_base = &tx->bhs;
		iov[n++].iov_len = ISCSI_BHS_LEN;
		if (tx->hdigest_on) {
			iov[n].iov_base = tx->hdigest;
			iov[n++].iov_len = ISCSI_DIGEST_LEN;
		}
	} else {
		skip -= hlen;
	}
	if (tx->data_len && !tx->dbuf) {
		iov[n].iov_base = (void *)tx->data;
		iov[n++].iov_len = tx->data_len;
	} else if (tx->dbuf && tx->sent >= dend) {
		skip -= tx->data_len;
	}
	/* Header only, when pages follow. */
	if (!tx->dbuf || tx->sent >= dend) {
		if (pad) {
			iov[n].iov_base = (void *)zero_pad;
			iov[n++].iov_len = pad;
		}
		if (tx->ddigest_on) {
			iov[n].iov_base = tx->ddigest;
			iov[n++].iov_len = ISCSI_DIGEST_LEN;
		}
	}
	if (more || (tx->dbuf && tx->sent < hlen))
		msg.msg_flags |= MSG_MORE;
	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, iov, n, len);
	iov_iter_advance(&msg.msg_iter, skip);
	ret = sock_sendmsg(conn->sock, &msg);
sent:
	if (ret <= 0)
		return ret ? ret : -EAGAIN;
	atomic64_add(ret, &conn->tx_bytes);
	tx->sent += ret;
	return 0;
}

/* Returns PDUs sent, -EAGAIN when the socket is full, or an error. */
static int ikt_tx_step(struct ikt_conn *conn, int budget)
{
	struct ikt_tx *tx;
	int done = 0, ret;
	bool more, close;

	while (done < budget) {
		spin_lock_bh(&conn->tx_lock);
		tx = list_first_entry_or_null(&conn->tx_queue, struct ikt_tx,
					      node);
		more = tx && !list_is_singular(&conn->tx_queue);
		spin_unlock_bh(&conn->tx_lock);
		if (!tx)
			break;

		ret = ikt_tx_one(conn, tx, more);
		if (ret)
			return ret;
		if (tx->sent < tx->total)
			continue;

		spin_lock_bh(&conn->tx_lock);
		list_del(&tx->node);
		more = !list_empty(&conn->tx_queue);
		spin_unlock_bh(&conn->tx_lock);
		close = tx->close_after;
		ikt_tx_free(tx);
		done++;

		if (close || (!more && conn->state == IKT_CONN_LOGOUT))
			return -ECONNRESET;	/* logout answered: close */
	}
	return done;
}

/*
 * Answers wait for the PDUs behind them, to leave together; with nothing
 * more received they go at once, before the socket is read in vain (an
 * initiator that waits for this answer sends nothing until it has it).
 */
static bool ikt_conn_answer_now(struct ikt_conn *conn)
{
	/* A hint read without tx_lock: the next turn sees what it missed. */
	return !data_race(list_empty(&conn->tx_queue)) &&
	       skb_queue_empty_lockless(&conn->sock->sk->sk_receive_queue);
}

/*
 * One turn: PDUs in, answers for the bios that ended, then PDUs out.
 * Returns 1 when another turn may find more to do, 0 or an error.
 */
static int ikt_conn_io_turn(struct ikt_conn *conn)
{
	bool progress = false, dry = false;
	int i, rx, tx;

	for (i = 0; i < IKT_IO_PDU_BUDGET; i++) {
		rx = ikt_rx_step(conn);
		if (rx <= 0)
			break;
		progress = true;
		if (ikt_conn_answer_now(conn)) {
			dry = true;
			break;
		}
	}
	if (rx < 0 && rx != -EAGAIN)
		return rx;
	dry |= rx == -EAGAIN;
	ikt_cmd_reap(conn);
	tx = ikt_tx_step(conn, IKT_IO_PDU_BUDGET);
	if (tx < 0 && tx != -EAGAIN)
		return tx;
	/*
	 * All read and all sent: what comes next (data, an answer, a bio's
	 * end) sets IKT_IO_PENDING, which ikt_conn_io() looks at before it
	 * stops; another turn would only read the socket in vain.
	 */
	if (dry && tx >= 0 && tx < IKT_IO_PDU_BUDGET)
		return 0;
	return progress || tx > 0;
}

static bool ikt_conn_io_unlock(struct ikt_conn *conn)
{
	clear_bit_unlock(IKT_IO_RUNNING, &conn->io_flags);
	/* Pairs with ikt_conn_mark_pending(). */
	smp_mb__after_atomic();
	return test_bit(IKT_IO_PENDING, &conn->io_flags);
}

/*
 * The connection's work, from either of its work items (see
 * ikt_conn_light()).  The workqueue keeps a work item from running
 * twice at once only within one workqueue, so the RUNNING bit makes one
 * worker at a time the connection's; a kick that finds one running only
 * sets PENDING, which that worker checks after it lets go.
 */
static void ikt_conn_io(struct ikt_conn *conn)
{
	int turn, ret;

	while (!test_and_set_bit_lock(IKT_IO_RUNNING, &conn->io_flags)) {
		for (turn = 0; turn < IKT_IO_RUN_BUDGET; turn++) {
			if (test_bit(0, &conn->closing)) {
				ikt_conn_io_unlock(conn);
				return;
			}
			clear_bit(IKT_IO_PENDING, &conn->io_flags);
			/* Cleared before the socket is read: data that
			 * comes after the read sets it again.
			 */
			smp_mb__after_atomic();
			ret = ikt_conn_io_turn(conn);
			if (ret < 0) {
				ikt_conn_io_unlock(conn);
				ikt_conn_close(conn);
				return;
			}
			if (!ret)
				break;
		}
		if (turn == IKT_IO_RUN_BUDGET) {
			/* Still busy: others on this CPU get a turn. */
			ikt_conn_io_unlock(conn);
			ikt_conn_kick(conn);
			return;
		}
		if (!ikt_conn_io_unlock(conn))
			return;
	}
}

static void ikt_conn_io_work(struct work_struct *work)
{
	ikt_conn_io(container_of(work, struct ikt_conn, io_work));
}

static void ikt_conn_io_work_near(struct work_struct *work)
{
	ikt_conn_io(container_of(work, struct ikt_conn, io_work_near));
}

/* ------------------------------------------------------------------ */
/* Socket callbacks                                                    */
/* ------------------------------------------------------------------ */

static void ikt_conn_data_ready(struct sock *sk)
{
	struct ikt_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn)
		ikt_conn_kick(conn);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ikt_conn_write_space(struct sock *sk)
{
	struct ikt_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		ikt_conn_kick(conn);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ikt_conn_state_change(struct sock *sk)
{
	struct ikt_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn && sk->sk_state != TCP_ESTABLISHED)
		ikt_conn_close(conn);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ikt_conn_restore_callbacks(struct ikt_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == conn) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = conn->saved_data_ready;
		sk->sk_write_space = conn->saved_write_space;
		sk->sk_state_change = conn->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

/* ------------------------------------------------------------------ */
/* Lifetime                                                            */
/* ------------------------------------------------------------------ */

static void ikt_conn_free(struct kref *kref)
{
	struct ikt_conn *conn = container_of(kref, struct ikt_conn, kref);

	kfree(conn->scsi_buf);
	kfree(conn);
	if (atomic_dec_and_test(&ikt_nr_conns))
		wake_up_var(&ikt_nr_conns);
}

void ikt_conn_put(struct ikt_conn *conn)
{
	kref_put(&conn->kref, ikt_conn_free);
}

static void ikt_conn_login_done_count(struct ikt_conn *conn)
{
	if (conn->in_login_count) {
		conn->in_login_count = false;
		atomic_dec(&ikt_nr_logins);
	}
}

static void ikt_conn_release_work(struct work_struct *work)
{
	struct ikt_conn *conn = container_of(work, struct ikt_conn,
					     release_work);
	struct ikt_tx *tx, *tmp;
	LIST_HEAD(dead);

	ikt_conn_restore_callbacks(conn);
	kernel_sock_shutdown(conn->sock, SHUT_RDWR);
	/* From here on nothing queues the io works (ikt_conn_queue_io()). */
	spin_lock_bh(&conn->tx_lock);
	conn->tx_dead = true;
	list_splice_init(&conn->tx_queue, &dead);
	spin_unlock_bh(&conn->tx_lock);
	cancel_work_sync(&conn->io_work);
	cancel_work_sync(&conn->io_work_near);
	cancel_delayed_work_sync(&conn->login_timeout);
	/* It uses conn->login: gone before ikt_login_free(). */
	cancel_delayed_work_sync(&conn->auth_fail_work);
	cancel_delayed_work_sync(&conn->nopin_work);
	/* Tasks a TMF took, then the others: their backend I/O ends. */
	flush_work(&conn->tmf_work);
	ikt_cmd_abort_all(conn);
	/*
	 * Bios of tasks others took (a forced extent delete) end too, and
	 * each queued the io works again: those find the connection closing,
	 * and the tasks are answered (to no one) here.
	 */
	wait_var_event(&conn->bios, !atomic_read(&conn->bios));
	cancel_work_sync(&conn->io_work);
	cancel_work_sync(&conn->io_work_near);
	ikt_cmd_reap(conn);

	ikt_rx_reset(conn);
	list_for_each_entry_safe(tx, tmp, &dead, node) {
		list_del(&tx->node);
		ikt_tx_free(tx);
	}
	ikt_login_free(conn);
	ikt_text_free(conn);
	ikt_session_detach(conn);
	ikt_conn_login_done_count(conn);

	mutex_lock(&ikt_conns_lock);
	list_del(&conn->node);
	mutex_unlock(&ikt_conns_lock);

	sock_release(conn->sock);
	atomic_dec(&ikt_cfg.nr_connections);
	ikt_conn_put(conn);
}

void ikt_conn_close(struct ikt_conn *conn)
{
	if (test_and_set_bit(0, &conn->closing))
		return;
	queue_work(ikt_conn_wq, &conn->release_work);
}

static void ikt_conn_login_timeout(struct work_struct *work)
{
	struct ikt_conn *conn = container_of(to_delayed_work(work),
					     struct ikt_conn, login_timeout);

	if (READ_ONCE(conn->state) == IKT_CONN_LOGIN)
		ikt_conn_close(conn);
}

static void ikt_nopin_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			   const struct ikt_sn *sn, void *arg)
{
	static const u8 lun0[8];

	ikt_build_nop_in(&tx->bhs, lun0, ISCSI_RESERVED_TAG, *(u32 *)arg, 0,
			 sn);
}

/*
 * conn->nopin_work: ping a connection that has been silent for
 * nopin_interval seconds (RFC 7143 11.19) and close it when the ping is
 * not echoed within nopin_timeout seconds.
 */
static void ikt_conn_nopin_work(struct work_struct *work)
{
	struct ikt_conn *conn = container_of(to_delayed_work(work),
					     struct ikt_conn, nopin_work);
	unsigned long interval = min(READ_ONCE(nopin_interval),
				     IKT_NOPIN_MAX) * HZ;
	unsigned long timeout = min(READ_ONCE(nopin_timeout),
				    IKT_NOPIN_MAX) * HZ;
	unsigned long idle, next = interval ? interval : 5 * HZ;
	struct ikt_tx *tx;
	u32 ttt;

	if (READ_ONCE(conn->nopin_ttt)) {
		if (time_after_eq(jiffies, conn->nopin_sent + timeout)) {
			pr_info("closing connection: no answer to NOP-In ping for %u s\n",
				jiffies_to_msecs(timeout) / 1000);
			ikt_conn_close(conn);
			return;
		}
		next = conn->nopin_sent + timeout - jiffies;
	} else if (interval) {
		idle = jiffies - READ_ONCE(conn->last_rx);
		if (idle < interval) {
			next = interval - idle;
		} else {
			tx = ikt_tx_alloc(GFP_KERNEL);
			if (tx) {
				/* Any tag but 0 (no ping) and 0xffffffff. */
				if (++conn->nopin_seq == ISCSI_RESERVED_TAG ||
				    !conn->nopin_seq)
					conn->nopin_seq = 1;
				ttt = conn->nopin_seq;
				conn->nopin_sent = jiffies;
				WRITE_ONCE(conn->nopin_ttt, ttt);
				ikt_tx_queue(conn, tx, ikt_nopin_fill, &ttt,
					     false);
				next = max(timeout, 1UL);
			}
		}
	}
	if (!test_bit(0, &conn->closing))
		queue_delayed_work(ikt_conn_wq, &conn->nopin_work, next);
}

/* Called when a login completes and the connection enters full feature. */
void ikt_conn_logged_in(struct ikt_conn *conn)
{
	conn->state = IKT_CONN_FULL_FEATURE;
	ikt_conn_login_done_count(conn);
	conn->last_rx = jiffies;
	queue_delayed_work(ikt_conn_wq, &conn->nopin_work, HZ);
	ikt_session_logged_in(conn->sess);
}

static void ikt_async_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			   const struct ikt_sn *sn, void *arg)
{
	struct ikt_async a = {
		.event = ISCSI_ASYNC_LOGOUT_REQUEST,
		.param3 = conn->params.default_time2wait,
		.sn = *sn,
	};

	ikt_build_async(&tx->bhs, &a);
}

void ikt_conn_request_logout(struct ikt_conn *conn)
{
	struct ikt_tx *tx;

	if (READ_ONCE(conn->state) != IKT_CONN_FULL_FEATURE)
		return;
	tx = ikt_tx_alloc(GFP_KERNEL);
	if (!tx) {
		ikt_conn_close(conn);
		return;
	}
	ikt_tx_queue(conn, tx, ikt_async_fill, NULL, true);
}

void ikt_conn_accept(struct socket *sock, u16 portal_tag)
{
	struct ikt_conn *conn;
	struct sock *sk = sock->sk;
	unsigned long timeout;

	if (atomic_inc_return(&ikt_nr_logins) > IKT_MAX_LOGINS) {
		atomic_dec(&ikt_nr_logins);
		pr_warn_ratelimited("too many connections in login, refusing one\n");
		sock_release(sock);
		return;
	}

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		goto err;
	kref_init(&conn->kref);
	conn->sock = sock;
	conn->portal_tag = portal_tag;
	conn->in_login_count = true;
	conn->state = IKT_CONN_LOGIN;
	spin_lock_init(&conn->tx_lock);
	INIT_LIST_HEAD(&conn->tx_queue);
	spin_lock_init(&conn->cmd_lock);
	mutex_init(&conn->rsp_lock);
	INIT_LIST_HEAD(&conn->cmds);
	INIT_LIST_HEAD(&conn->tmfs);
	init_llist_head(&conn->bios_done);
	INIT_WORK(&conn->tmf_work, ikt_cmd_tmf_work);
	INIT_DELAYED_WORK(&conn->nopin_work, ikt_conn_nopin_work);
	INIT_WORK(&conn->io_work, ikt_conn_io_work);
	INIT_WORK(&conn->io_work_near, ikt_conn_io_work_near);
	INIT_WORK(&conn->release_work, ikt_conn_release_work);
	INIT_DELAYED_WORK(&conn->login_timeout, ikt_conn_login_timeout);
	INIT_DELAYED_WORK(&conn->auth_fail_work, ikt_login_fail_work);
	/* Until negotiated: RFC 7143 defaults, no digests. */
	conn->params.max_recv_dsl = ISCSI_LOGIN_MAX_RECV_DSL;
	conn->params.max_xmit_dsl = ISCSI_LOGIN_MAX_RECV_DSL;

	if (kernel_getpeername(sock, (struct sockaddr *)&conn->peer) < 0 ||
	    kernel_getsockname(sock, (struct sockaddr *)&conn->local) < 0 ||
	    ikt_login_start(conn)) {
		kfree(conn);
		goto err;
	}

	tcp_sock_set_nodelay(sk);
	atomic_inc(&ikt_nr_conns);
	atomic_inc(&ikt_cfg.nr_connections);
	mutex_lock(&ikt_conns_lock);
	list_add_tail(&conn->node, &ikt_conns);
	mutex_unlock(&ikt_conns_lock);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = conn;
	conn->saved_data_ready = sk->sk_data_ready;
	conn->saved_write_space = sk->sk_write_space;
	conn->saved_state_change = sk->sk_state_change;
	sk->sk_data_ready = ikt_conn_data_ready;
	sk->sk_write_space = ikt_conn_write_space;
	sk->sk_state_change = ikt_conn_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	timeout = clamp(READ_ONCE(login_timeout), 1U, 3600U) * HZ;
	conn->login_deadline = jiffies + timeout;
	queue_delayed_work(ikt_conn_wq, &conn->login_timeout, timeout);
	/* The first PDU may have arrived before the callbacks were ours. */
	ikt_conn_kick(conn);
	if (sk->sk_state != TCP_ESTABLISHED)
		ikt_conn_close(conn);
	return;
err:
	atomic_dec(&ikt_nr_logins);
	sock_release(sock);
}

void ikt_conn_close_all(void)
{
	struct ikt_conn *conn;

	mutex_lock(&ikt_conns_lock);
	list_for_each_entry(conn, &ikt_conns, node)
		ikt_conn_close(conn);
	mutex_unlock(&ikt_conns_lock);
	wait_var_event(&ikt_nr_conns, !atomic_read(&ikt_nr_conns));
}

int ikt_conn_init(void)
{
	ikt_tx_cache = KMEM_CACHE(ikt_tx, 0);
	if (!ikt_tx_cache)
		return -ENOMEM;
	/* A connection's work runs on one or the other: ikt_conn_light(). */
	ikt_conn_wq = alloc_workqueue("iscsikt", WQ_MEM_RECLAIM | WQ_HIGHPRI |
				      WQ_UNBOUND, 0);
	if (!ikt_conn_wq)
		goto err_cache;
	/*
	 * Not WQ_HIGHPRI: a PDU whose header arrives before its data would
	 * have the worker preempt the sender of the rest on this CPU, read
	 * the header alone and sleep again.
	 */
	ikt_conn_near_wq = alloc_workqueue("iscsikt_near", WQ_MEM_RECLAIM, 0);
	if (!ikt_conn_near_wq)
		goto err_wq;
	ikt_io_wq = alloc_workqueue("iscsikt_io", WQ_MEM_RECLAIM | WQ_UNBOUND,
				    0);
	if (!ikt_io_wq)
		goto err_near_wq;
	return 0;
err_near_wq:
	destroy_workqueue(ikt_conn_near_wq);
err_wq:
	destroy_workqueue(ikt_conn_wq);
err_cache:
	kmem_cache_destroy(ikt_tx_cache);
	return -ENOMEM;
}

void ikt_conn_exit(void)
{
	destroy_workqueue(ikt_io_wq);
	destroy_workqueue(ikt_conn_near_wq);
	destroy_workqueue(ikt_conn_wq);
	kmem_cache_destroy(ikt_tx_cache);
}
