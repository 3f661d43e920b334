// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: TSIH allocation, reinstatement (a new login with the same
 * initiator, ISID and target replaces the old session, RFC 7143 6.3.5),
 * the netlink view of connected initiators and forced logouts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/genetlink.h>

#include "config.h"
#include "conn.h"
#include "pr.h"

/* How long a forced target delete waits for initiators to log out. */
#define IKT_LOGOUT_GRACE	(2 * HZ)
/* How long a reinstating login waits for the old session to end. */
#define IKT_REINSTATE_WAIT	(5 * HZ)

static DEFINE_MUTEX(ikt_sessions_lock);
static LIST_HEAD(ikt_sessions);
static u16 ikt_next_tsih;
/* Bumped (and woken) each time a session ends. */
static atomic_t ikt_sessions_ended = ATOMIC_INIT(0);

/* Under ikt_sessions_lock: a TSIH no live session uses (0 is reserved). */
static u16 ikt_session_alloc_tsih(void)
{
	struct ikt_session *s;
	bool used;

	do {
		if (!++ikt_next_tsih)
			ikt_next_tsih = 1;
		used = false;
		list_for_each_entry(s, &ikt_sessions, node) {
			if (s->tsih == ikt_next_tsih) {
				used = true;
				break;
			}
		}
	} while (used);
	return ikt_next_tsih;
}

static bool ikt_session_same_nexus(const struct ikt_session *s,
				   const u8 isid[6], const char *initiator,
				   struct ikt_target *target)
{
	return s->target == target && !memcmp(s->isid, isid, 6) &&
	       !strcmp(s->initiator, initiator);
}

/*
 * Reinstatement (RFC 7143 6.3.5): close the session with the same I_T
 * nexus and wait (bounded) until its tasks and connection are gone, so
 * that the new session never overlaps it.  True when there was one.
 */
static bool ikt_session_reinstate(const u8 isid[6], const char *initiator,
				  struct ikt_target *target)
{
	unsigned long deadline = jiffies + IKT_REINSTATE_WAIT;
	bool busy, found = false;
	struct ikt_session *old;
	int seen;

	for (;;) {
		seen = atomic_read(&ikt_sessions_ended);
		busy = false;
		mutex_lock(&ikt_sessions_lock);
		list_for_each_entry(old, &ikt_sessions, node) {
			if (ikt_session_same_nexus(old, isid, initiator,
						   target)) {
				ikt_conn_close(old->conn);
				busy = true;
			}
		}
		mutex_unlock(&ikt_sessions_lock);
		found |= busy;
		if (!busy || time_after_eq(jiffies, deadline))
			return found;
		wait_var_event_timeout(&ikt_sessions_ended,
				       atomic_read(&ikt_sessions_ended) != seen,
				       deadline - jiffies);
	}
}

int ikt_session_create(struct ikt_conn *conn, const u8 isid[6],
		       enum ikt_session_type type, const char *initiator,
		       const char *alias, struct ikt_target *target,
		       u32 cmdsn)
{
	struct ikt_session *sess, *old;
	bool reinstated = false;

	if (type == IKT_SESSION_NORMAL)
		reinstated = ikt_session_reinstate(isid, initiator, target);

	sess = kzalloc(sizeof(*sess), GFP_KERNEL);
	if (!sess)
		return -ENOMEM;
	/*
	 * A new I_T nexus starts as after a power on (SAM-5 6.3.1); one that
	 * replaces a session learns that its nexus was lost.
	 */
	if (type == IKT_SESSION_NORMAL) {
		bitmap_fill(sess->reset_ua, ISCSIKT_MAX_LUN + 1);
		sess->reset_asc = reinstated ? IKT_ASC_I_T_NEXUS_LOSS :
					       IKT_ASC_RESET_OCCURRED;
		sess->reset_pending = true;
	}
	kref_init(&sess->kref);
	memcpy(sess->isid, isid, sizeof(sess->isid));
	sess->type = type;
	strscpy(sess->initiator, initiator, sizeof(sess->initiator));
	strscpy(sess->initiator_alias, alias, sizeof(sess->initiator_alias));
	sess->target = target;
	sess->conn = conn;
	sess->exp_cmdsn = cmdsn;
	atomic_set(&sess->active_cmds, 0);
	spin_lock_init(&sess->ua_lock);

	mutex_lock(&ikt_sessions_lock);
	/* Reinstatement: the old session's connection goes away. */
	list_for_each_entry(old, &ikt_sessions, node) {
		if (old->conn && ikt_session_same_nexus(old, isid, initiator,
							target))
			ikt_conn_close(old->conn);
	}
	sess->tsih = ikt_session_alloc_tsih();
	list_add_tail(&sess->node, &ikt_sessions);
	conn->sess = sess;
	if (target)
		atomic_inc(&target->nr_sessions);
	mutex_unlock(&ikt_sessions_lock);
	return 0;
}

static void ikt_session_add_ua(struct ikt_session *s, u64 lun, u16 asc)
{
	unsigned int i;

	spin_lock_bh(&s->ua_lock);
	for (i = 0; i < s->nr_ua; i++)
		if (s->ua[i].lun == lun && s->ua[i].asc == asc)
			break;
	/* Already pending, or too many: the initiator rescans anyway. */
	if (i == s->nr_ua && s->nr_ua < IKT_UA_MAX)
		s->ua[s->nr_ua++] = (struct ikt_ua){ .lun = lun, .asc = asc };
	spin_unlock_bh(&s->ua_lock);
}

void ikt_sessions_raise_ua(struct ikt_target *t, u64 lun, u16 asc,
			   const struct ikt_session *except)
{
	struct ikt_session *s;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(s, &ikt_sessions, node)
		if (s->target == t && s != except)
			ikt_session_add_ua(s, lun, asc);
	mutex_unlock(&ikt_sessions_lock);
}

void ikt_sessions_raise_ua_if(struct ikt_target *t, u64 lun, u16 asc,
			      bool (*match)(const struct ikt_session *s,
					    const void *arg),
			      const void *arg)
{
	struct ikt_session *s;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(s, &ikt_sessions, node)
		if (s->target == t && match(s, arg))
			ikt_session_add_ua(s, lun, asc);
	mutex_unlock(&ikt_sessions_lock);
}

void ikt_sessions_take_tasks_if(struct ikt_target *t,
				const struct ikt_extent *e,
				bool (*match)(const struct ikt_session *s,
					      const void *arg),
				const void *arg, const struct ikt_session *except,
				struct list_head *victims)
{
	struct ikt_session *s;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(s, &ikt_sessions, node)
		if (s->target == t && s != except && s->conn && match(s, arg))
			ikt_cmd_take_for_ext(s->conn, e, victims);
	mutex_unlock(&ikt_sessions_lock);
}

void ikt_sessions_raise_reset_ua(struct ikt_target *t, u16 asc)
{
	struct ikt_session *s;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(s, &ikt_sessions, node) {
		if (s->target != t)
			continue;
		spin_lock_bh(&s->ua_lock);
		/* Two different resets pending: the ASC that covers both. */
		if (s->reset_pending && s->reset_asc != asc)
			asc = IKT_ASC_RESET_OCCURRED;
		bitmap_fill(s->reset_ua, ISCSIKT_MAX_LUN + 1);
		s->reset_asc = asc;
		WRITE_ONCE(s->reset_pending, true);
		spin_unlock_bh(&s->ua_lock);
	}
	mutex_unlock(&ikt_sessions_lock);
}

void ikt_target_luns_changed(struct ikt_target *t)
{
	ikt_sessions_raise_ua(t, IKT_UA_ANY_LUN, IKT_ASC_REPORTED_LUNS_CHANGED,
			      NULL);
}

void ikt_target_lun_grew(struct ikt_target *t, u64 lun)
{
	ikt_sessions_raise_ua(t, lun, IKT_ASC_CAPACITY_CHANGED, NULL);
}

/*
 * @asc for every LUN of the @n targets at @tv, on every I_T nexus but
 * @except; drops the references and frees @tv (ikt_targets_get()).  A
 * disabled extent's LUN gets it too, reported once the extent is enabled.
 */
static void ikt_targets_raise_ua(struct ikt_target **tv, int n, u16 asc,
				 const struct ikt_session *except)
{
	u64 *luns;
	int i, j, nl;

	luns = kmalloc_array(ISCSIKT_MAX_LUN + 1, sizeof(*luns), GFP_KERNEL);
	for (i = 0; i < n; i++) {
		if (luns) {
			nl = ikt_target_lun_ids_mapped(tv[i], luns,
						       ISCSIKT_MAX_LUN + 1);
			for (j = 0; j < min(nl, ISCSIKT_MAX_LUN + 1); j++)
				ikt_sessions_raise_ua(tv[i], luns[j], asc,
						      except);
		} else {
			/* Out of memory: the first LU used learns of it. */
			ikt_sessions_raise_ua(tv[i], IKT_UA_ANY_LUN, asc,
					      except);
		}
		ikt_target_put(tv[i]);
	}
	kfree(luns);
	kfree(tv);
}

void ikt_sessions_alua_changed(const u16 *tags, int ntags,
			       const struct ikt_session *except)
{
	struct ikt_target **tv;
	int n;

	tv = ikt_targets_get(tags, ntags, &n);
	ikt_targets_raise_ua(tv, n, IKT_ASC_ASYM_ACCESS_CHANGED, except);
}

void ikt_sessions_inquiry_changed(void)
{
	struct ikt_target **tv;
	int n;

	tv = ikt_targets_get(NULL, 0, &n);
	ikt_targets_raise_ua(tv, n, IKT_ASC_INQUIRY_DATA_CHANGED, NULL);
}

static void ikt_session_drop_ua(struct ikt_session *s, unsigned int i)
{
	memmove(&s->ua[i], &s->ua[i + 1], (s->nr_ua - i - 1) * sizeof(s->ua[0]));
	s->nr_ua--;
}

bool ikt_session_take_ua(struct ikt_session *s, u64 lun, u8 opcode,
			 struct ikt_scsi_sense *sense)
{
	bool taken = false;
	unsigned int i;

	if (opcode == 0x12)	/* INQUIRY */
		return false;
	/*
	 * The common case, without the lock: a reset's bits stay set for the
	 * LUNs nobody uses.  A hint: one racing with a new unit attention
	 * reports it with the next command.
	 */
	if (!READ_ONCE(s->nr_ua) &&
	    (!READ_ONCE(s->reset_pending) || lun > ISCSIKT_MAX_LUN ||
	     !test_bit(lun, s->reset_ua)))
		return false;
	spin_lock_bh(&s->ua_lock);
	/* REPORT LUNS (SPC-4 6.33) does not report the reset class either. */
	if (s->reset_pending && opcode != 0xa0 && lun <= ISCSIKT_MAX_LUN &&
	    __test_and_clear_bit(lun, s->reset_ua)) {
		memset(sense, 0, sizeof(*sense));
		sense->key = IKT_SK_UNIT_ATTENTION;
		sense->asc = s->reset_asc;
		if (bitmap_empty(s->reset_ua, ISCSIKT_MAX_LUN + 1))
			WRITE_ONCE(s->reset_pending, false);
		spin_unlock_bh(&s->ua_lock);
		return true;
	}
	for (i = 0; i < s->nr_ua; i++) {
		if (s->ua[i].lun != lun && s->ua[i].lun != IKT_UA_ANY_LUN)
			continue;
		if (opcode == 0xa0) {	/* REPORT LUNS */
			if (s->ua[i].asc == IKT_ASC_REPORTED_LUNS_CHANGED)
				ikt_session_drop_ua(s, i--);
			continue;
		}
		memset(sense, 0, sizeof(*sense));
		sense->key = IKT_SK_UNIT_ATTENTION;
		sense->asc = s->ua[i].asc;
		ikt_session_drop_ua(s, i);
		taken = true;
		break;
	}
	spin_unlock_bh(&s->ua_lock);
	return taken;
}

/*
 * Under ikt_sessions_lock, which orders a session's events against the
 * unload sweep: its login is announced once, and its end once after that.
 * Discovery sessions, a moment's SendTargets, are not announced.
 */
static void ikt_session_announce(struct ikt_session *s, bool login)
{
	if (!s->target || s->announced == login)
		return;
	s->announced = login;
	ikt_nl_session_event(s, login ? ISCSIKT_CMD_SESSION_LOGIN :
				       ISCSIKT_CMD_SESSION_LOGOUT);
}

void ikt_session_logged_in(struct ikt_session *s)
{
	mutex_lock(&ikt_sessions_lock);
	ikt_session_announce(s, true);
	mutex_unlock(&ikt_sessions_lock);
}

void ikt_sessions_unloading(void)
{
	struct ikt_session *s;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(s, &ikt_sessions, node)
		ikt_session_announce(s, false);
	ikt_nl_events_stop();
	mutex_unlock(&ikt_sessions_lock);
}

/* Connection teardown: the session (one connection) ends with it. */
void ikt_session_detach(struct ikt_conn *conn)
{
	struct ikt_session *sess = conn->sess;

	if (!sess)
		return;
	/* I_T nexus loss ends its SPC-2 reservations (SPC-2 5.5.1). */
	ikt_pr_nexus_loss(sess, conn->portal_tag);
	mutex_lock(&ikt_sessions_lock);
	list_del(&sess->node);
	ikt_session_announce(sess, false);
	mutex_unlock(&ikt_sessions_lock);
	atomic_inc(&ikt_sessions_ended);
	wake_up_var(&ikt_sessions_ended);
	conn->sess = NULL;
	if (sess->target) {
		if (atomic_dec_and_test(&sess->target->nr_sessions))
			wake_up_var(&sess->target->nr_sessions);
		ikt_target_put(sess->target);
	}
	kfree(sess);
}

/*
 * Ask the target's initiators to log out (Async Message, RFC 7143
 * 11.9.1), give them a short grace period, then close what is left.
 */
void ikt_target_drop_sessions(struct ikt_target *t)
{
	struct ikt_session *sess;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(sess, &ikt_sessions, node) {
		if (sess->target == t)
			ikt_conn_request_logout(sess->conn);
	}
	mutex_unlock(&ikt_sessions_lock);
	wait_var_event_timeout(&t->nr_sessions, !atomic_read(&t->nr_sessions),
			       IKT_LOGOUT_GRACE);

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(sess, &ikt_sessions, node) {
		if (sess->target == t)
			ikt_conn_close(sess->conn);
	}
	mutex_unlock(&ikt_sessions_lock);
	wait_var_event(&t->nr_sessions, !atomic_read(&t->nr_sessions));
}

static int ikt_session_put_params(struct sk_buff *skb,
				  const struct ikt_params *p)
{
	if (nla_put_u32(skb, ISCSIKT_A_CONN_MAX_RECV_DSL, p->max_recv_dsl) ||
	    nla_put_u32(skb, ISCSIKT_A_CONN_MAX_XMIT_DSL, p->max_xmit_dsl) ||
	    nla_put_u32(skb, ISCSIKT_A_CONN_FIRST_BURST, p->first_burst) ||
	    nla_put_u32(skb, ISCSIKT_A_CONN_MAX_BURST, p->max_burst) ||
	    nla_put_u8(skb, ISCSIKT_A_CONN_IMMEDIATE_DATA, p->immediate_data) ||
	    nla_put_u8(skb, ISCSIKT_A_CONN_INITIAL_R2T, p->initial_r2t))
		return -EMSGSIZE;
	return 0;
}

static int ikt_session_put_count(struct sk_buff *skb, int attr,
				 atomic64_t *count)
{
	return nla_put_u64_64bit(skb, attr, atomic64_read(count),
				 ISCSIKT_A_CONN_PAD);
}

static int ikt_session_put_addr(struct sk_buff *skb, int addr_attr,
				int port_attr,
				const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *sin = (const void *)ss;
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	if (ss->ss_family == AF_INET)
		return nla_put(skb, addr_attr, 4, &sin->sin_addr) ?:
		       nla_put_u16(skb, port_attr, ntohs(sin->sin_port));
	return nla_put(skb, addr_attr, 16, &sin6->sin6_addr) ?:
	       nla_put_u16(skb, port_attr, ntohs(sin6->sin6_port));
}

int ikt_session_fill(struct sk_buff *skb, void *obj)
{
	struct ikt_session *sess = obj;
	struct ikt_conn *conn = sess->conn;
	struct nlattr *nest;
	u64 isid = 0;
	int i;

	for (i = 0; i < 6; i++)
		isid = isid << 8 | sess->isid[i];
	if (nla_put_u16(skb, ISCSIKT_A_SESSION_TSIH, sess->tsih) ||
	    nla_put_u64_64bit(skb, ISCSIKT_A_SESSION_ISID, isid,
			      ISCSIKT_A_PAD) ||
	    nla_put_string(skb, ISCSIKT_A_SESSION_INITIATOR, sess->initiator) ||
	    (sess->initiator_alias[0] &&
	     nla_put_string(skb, ISCSIKT_A_SESSION_INITIATOR_ALIAS,
			    sess->initiator_alias)) ||
	    (sess->target &&
	     nla_put_string(skb, ISCSIKT_A_TARGET_NAME, sess->target->name)))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, ISCSIKT_A_SESSION_CONN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, ISCSIKT_A_CONN_CID, conn->cid) ||
	    ikt_session_put_addr(skb, ISCSIKT_A_CONN_PEER_ADDR,
				 ISCSIKT_A_CONN_PEER_PORT, &conn->peer) ||
	    ikt_session_put_addr(skb, ISCSIKT_A_CONN_LOCAL_ADDR,
				 ISCSIKT_A_CONN_LOCAL_PORT, &conn->local) ||
	    nla_put_u16(skb, ISCSIKT_A_CONN_PORTAL_TAG, conn->portal_tag) ||
	    nla_put_u8(skb, ISCSIKT_A_CONN_HEADER_DIGEST,
		       conn->params.header_digest) ||
	    nla_put_u8(skb, ISCSIKT_A_CONN_DATA_DIGEST,
		       conn->params.data_digest) ||
	    ikt_session_put_params(skb, &conn->params) ||
	    ikt_session_put_count(skb, ISCSIKT_A_CONN_CMDS, &conn->nr_cmds) ||
	    ikt_session_put_count(skb, ISCSIKT_A_CONN_CMD_ERRORS,
				  &conn->nr_cmd_errors) ||
	    ikt_session_put_count(skb, ISCSIKT_A_CONN_RX_BYTES,
				  &conn->rx_bytes) ||
	    ikt_session_put_count(skb, ISCSIKT_A_CONN_TX_BYTES,
				  &conn->tx_bytes)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int ikt_session_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ikt_session *sess;
	long idx = 0, start = cb->args[0];
	void *hdr;

	mutex_lock(&ikt_sessions_lock);
	list_for_each_entry(sess, &ikt_sessions, node) {
		if (idx++ < start)
			continue;
		hdr = ikt_nl_dump_hdr(skb, cb, ISCSIKT_CMD_SESSION_GET);
		if (!hdr)
			break;
		if (ikt_session_fill(skb, sess)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	mutex_unlock(&ikt_sessions_lock);
	return skb->len;
}
