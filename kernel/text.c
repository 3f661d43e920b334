// SPDX-License-Identifier: GPL-2.0
/*
 * Text requests in full feature phase: SendTargets (discovery) and key
 * renegotiation, with answers longer than one PDU continued under a
 * target transfer tag (RFC 7143 sections 6.6 and 11.10).
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "config.h"
#include "conn.h"

struct ikt_targets_buf {
	struct ikt_conn *conn;
	const char *only;	/* SendTargets=<name>: that target only */
	char *buf;
	u32 len, size;
};

static int ikt_text_addr(struct ikt_targets_buf *tb,
			 const struct sockaddr_storage *listen, u16 tag)
{
	const struct sockaddr_storage *ss = listen;
	struct sockaddr_storage local;
	const struct sockaddr_in *sin = (const void *)listen;
	const struct sockaddr_in6 *sin6 = (const void *)listen;
	int n;

	/* A wildcard portal answers with the address the initiator used. */
	if ((ss->ss_family == AF_INET && sin->sin_addr.s_addr == htonl(INADDR_ANY)) ||
	    (ss->ss_family == AF_INET6 && ipv6_addr_any(&sin6->sin6_addr))) {
		if (tb->conn->local.ss_family != ss->ss_family)
			return 0;
		local = tb->conn->local;
		if (ss->ss_family == AF_INET)
			((struct sockaddr_in *)&local)->sin_port = sin->sin_port;
		else
			((struct sockaddr_in6 *)&local)->sin6_port = sin6->sin6_port;
		ss = &local;
	}
	if (ss->ss_family == AF_INET)
		n = snprintf(tb->buf + tb->len, tb->size - tb->len,
			     "TargetAddress=%pISpc,%u", ss, tag);
	else
		n = snprintf(tb->buf + tb->len, tb->size - tb->len,
			     "TargetAddress=[%pISc]:%u,%u", ss,
			     ntohs(((const struct sockaddr_in6 *)ss)->sin6_port),
			     tag);
	if (n + 1 > tb->size - tb->len)
		return -ENOSPC;
	tb->len += n + 1;	/* keep the NUL: it separates keys */
	return 0;
}

static int ikt_text_target(void *arg, const char *name, u16 tag,
			   const struct sockaddr_storage *addrs, int n_addrs)
{
	struct ikt_targets_buf *tb = arg;
	int i, n, ret;

	if (tb->only && strcmp(tb->only, name))
		return 0;
	n = snprintf(tb->buf + tb->len, tb->size - tb->len, "TargetName=%s",
		     name);
	if (n + 1 > tb->size - tb->len)
		return -ENOSPC;
	tb->len += n + 1;
	for (i = 0; i < n_addrs; i++) {
		ret = ikt_text_addr(tb, &addrs[i], tag);
		if (ret)
			return ret;
	}
	return 0;
}

/* Answer SendTargets into the negotiation's response text. */
static int ikt_text_send_targets(struct ikt_conn *conn, const char *value)
{
	struct ikt_session *sess = conn->sess;
	struct ikt_targets_buf tb = { .conn = conn };
	int ret;

	if (sess->type == IKT_SESSION_NORMAL) {
		/* A normal session learns about its own target only. */
		tb.only = sess->target->name;
	} else if (strcmp(value, "All")) {
		if (!value[0])
			return 0;
		tb.only = value;
	}

	tb.size = IKT_NEG_RSP_MAX;
	tb.buf = kvmalloc(tb.size, GFP_KERNEL);
	if (!tb.buf)
		return -ENOMEM;
	ret = ikt_discovery_for_each(conn->portal_tag, sess->initiator,
				     &conn->peer, ikt_text_target, &tb);
	/* A full buffer lists what fits; the rest is not a protocol error. */
	if (!ret || ret == -ENOSPC)
		ret = tb.len ? ikt_neg_append(conn->text_neg, tb.buf, tb.len) : 0;
	kvfree(tb.buf);
	return ret ? -EPROTO : 0;
}

struct ikt_text_rsp {
	const struct iscsi_bhs *req;
	bool final;
	u32 ttt;
};

static void ikt_text_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			  const struct ikt_sn *sn, void *arg)
{
	struct ikt_text_rsp *r = arg;

	ikt_build_text_rsp(&tx->bhs, r->final, !r->final, r->req->lun,
			   get_unaligned_be32(r->req->itt), r->ttt,
			   tx->data_len, sn);
}

void ikt_text_free(struct ikt_conn *conn)
{
	ikt_neg_free(conn->text_neg);
	conn->text_neg = NULL;
}

/* Send the next part of the answer; the exchange ends with the last. */
static int ikt_text_respond(struct ikt_conn *conn, bool empty)
{
	struct ikt_text_rsp r = { .req = &conn->rx.bhs };
	u32 max = min_t(u32, conn->params.max_xmit_dsl, IKT_MAX_RECV_DSL);
	struct ikt_tx *tx;
	u32 used = 0;
	int more = 0;
	char *out;

	out = kvmalloc(max, GFP_KERNEL);
	tx = ikt_tx_alloc(GFP_KERNEL);
	if (!out || !tx) {
		kvfree(out);
		if (tx)
			ikt_tx_free(tx);
		return -ENOMEM;
	}
	if (!empty)
		more = ikt_neg_respond(conn->text_neg, out, max, &used);
	r.final = !empty && !more;
	if (r.final) {
		r.ttt = ISCSI_RESERVED_TAG;
		ikt_text_free(conn);
	} else {
		/* Any tag but the reserved one names the continuation. */
		if (++conn->text_ttt == ISCSI_RESERVED_TAG)
			conn->text_ttt = 1;
		r.ttt = conn->text_ttt;
	}
	tx->owned = out;
	tx->data = out;
	tx->data_len = used;
	ikt_tx_queue(conn, tx, ikt_text_fill, &r, true);
	return 0;
}

int ikt_text_pdu(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	u32 ttt = get_unaligned_be32(rx->bhs.w20);
	bool cont = rx->bhs.flags & ISCSI_FLAG_CONTINUE;
	struct ikt_param_limits lim;
	const char *st;
	int ret;

	/* The initiator asks for the rest of a long answer. */
	if (ttt != ISCSI_RESERVED_TAG) {
		if (!conn->text_neg || ttt != conn->text_ttt) {
			ikt_conn_reject(conn, &rx->bhs,
					ISCSI_REJECT_INVALID_PDU_FIELD);
			return 0;
		}
		return ikt_text_respond(conn, false);
	}

	if (!conn->text_neg) {
		ikt_login_limits(conn, &lim);
		conn->text_neg = ikt_neg_alloc(&lim, &conn->params, false);
		if (!conn->text_neg)
			return -ENOMEM;
	}
	ret = ikt_neg_feed(conn->text_neg, rx->data, rx->data_len);
	if (ret)
		goto reject;
	if (cont)
		return ikt_text_respond(conn, true);

	ret = ikt_neg_parse(conn->text_neg) ?:
	      ikt_neg_negotiate(conn->text_neg, ISCSI_STAGE_OPERATIONAL);
	if (ret)
		goto reject;
	st = ikt_neg_send_targets(conn->text_neg);
	if (st && ikt_text_send_targets(conn, st))
		goto reject;
	return ikt_text_respond(conn, false);

reject:
	ikt_text_free(conn);
	ikt_conn_reject(conn, &rx->bhs, ISCSI_REJECT_PROTOCOL_ERROR);
	return 0;
}
