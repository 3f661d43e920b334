// SPDX-License-Identifier: GPL-2.0
/*
 * Login phase (RFC 7143 section 6): stages, access control, CHAP and the
 * creation of the session.  Key negotiation itself is kernel/proto/params.c
 * and CHAP is kernel/proto/chap.c; this file decides who may log in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "config.h"
#include "conn.h"

static unsigned int auth_fail_delay_ms = 2000;
module_param(auth_fail_delay_ms, uint, 0644);
MODULE_PARM_DESC(auth_fail_delay_ms,
		 "Milliseconds a failed login authentication waits for its answer, at most the rest of login_timeout (0: answer at once)");

struct ikt_login {
	struct ikt_negotiation *neg;
	bool started;
	u8 isid[6];
	u16 tsih;
	u32 itt;
	u8 stage;			/* the stage we are in */
	bool rsp_more;			/* our last answer had the C bit */
	bool admitted;			/* target and auth method decided */
	bool authenticated;
	struct ikt_params result;	/* in force after the final answer */

	struct ikt_target *target;	/* normal session */
	u8 auth_method;			/* enum iscsikt_auth_method */
	u32 auth_tag;

	bool chap_on;
	struct ikt_chap chap;
	struct ikt_chap_creds chap_creds;
	struct ikt_chap_user chap_user;
	struct ikt_chap_secret secret;	/* wiped in ikt_login_free() */
	bool chap_failed;		/* the CHAP exchange was refused */

	/* A refused authentication waiting for conn->auth_fail_work. */
	struct ikt_tx *held_tx;
	struct ikt_login_rsp held_rsp;
};

static void ikt_login_rand(void *buf, size_t len)
{
	get_random_bytes(buf, len);
}

int ikt_login_start(struct ikt_conn *conn)
{
	struct ikt_login *login = kzalloc(sizeof(*login), GFP_KERNEL);

	if (!login)
		return -ENOMEM;
	conn->login = login;
	return 0;
}

void ikt_login_free(struct ikt_conn *conn)
{
	struct ikt_login *login = conn->login;

	if (!login)
		return;
	if (login->chap_on)
		ikt_chap_destroy(&login->chap);
	ikt_neg_free(login->neg);
	if (login->held_tx)
		ikt_tx_free(login->held_tx);
	if (login->target)
		ikt_target_put(login->target);
	kfree_sensitive(login);
	conn->login = NULL;
}

void ikt_login_limits(struct ikt_conn *conn, struct ikt_param_limits *lim)
{
	ikt_param_limits_default(lim);
	lim->max_recv_dsl = IKT_MAX_RECV_DSL;
	lim->max_burst = IKT_MAX_BURST;
	lim->first_burst = IKT_FIRST_BURST;
	lim->max_connections = 1;
	lim->initial_r2t = false;
	lim->immediate_data = true;
	lim->header_digests = IKT_DIGEST_NONE | IKT_DIGEST_CRC32C;
	lim->data_digests = IKT_DIGEST_NONE | IKT_DIGEST_CRC32C;
	lim->tpgt = conn->portal_tag;
}

/* CHAP finds the account by the CHAP_N the initiator sent. */
static const struct ikt_chap_user *ikt_login_chap_lookup(void *ctx,
							 const char *name)
{
	struct ikt_login *login = ctx;
	struct ikt_chap_secret *s = &login->secret;
	struct ikt_chap_user *u = &login->chap_user;

	memzero_explicit(s, sizeof(*s));
	if (ikt_auth_lookup(login->auth_tag, name, s))
		return NULL;
	u->name = s->user;
	u->secret = s->secret;
	u->secret_len = s->secret_len;
	u->peer_name = s->peer_user[0] ? s->peer_user : NULL;
	u->peer_secret = s->peer_user[0] ? s->peer_secret : NULL;
	u->peer_secret_len = s->peer_secret_len;
	return u;
}

static void ikt_login_chap_put(void *ctx, const struct ikt_chap_user *user)
{
	struct ikt_login *login = ctx;

	memzero_explicit(&login->secret, sizeof(login->secret));
	memzero_explicit(&login->chap_user, sizeof(login->chap_user));
}

static u16 ikt_login_errno_status(int err)
{
	switch (err) {
	case -EACCES:
		return ISCSI_LOGIN_AUTH_FAILED;
	case -EPROTO:
		return ISCSI_LOGIN_INITIATOR_ERROR;
	default:
		return ISCSI_LOGIN_TARGET_ERROR;
	}
}

/*
 * The first complete request names the initiator, the session type and
 * the target: decide whether this login may go on, and how it must
 * authenticate.
 */
static u16 ikt_login_admit(struct ikt_conn *conn)
{
	struct ikt_login *login = conn->login;
	const struct ikt_params *p = ikt_neg_params(login->neg);
	struct ikt_param_limits *lim = ikt_neg_limits(login->neg);
	struct ikt_login_policy policy;
	struct ikt_global_info global;
	int ret;

	if (!p->initiator_name[0])
		return ISCSI_LOGIN_MISSING_PARAM;

	if (p->session_type == IKT_SESSION_DISCOVERY) {
		ikt_global_get(&global);
		login->auth_method = global.discovery_auth;
		login->auth_tag = global.discovery_auth_tag;
	} else {
		if (!p->target_name[0])
			return ISCSI_LOGIN_MISSING_PARAM;
		login->target = ikt_target_get(p->target_name);
		if (!login->target)
			return ISCSI_LOGIN_NOT_FOUND;
		ret = ikt_target_login_policy(login->target, conn->portal_tag,
					      p->initiator_name, &conn->peer,
					      &policy);
		if (ret == -ENOENT)
			return ISCSI_LOGIN_NOT_FOUND;
		if (ret)
			return ISCSI_LOGIN_FORBIDDEN;
		login->auth_method = policy.auth_method;
		login->auth_tag = policy.auth_tag;
	}

	lim->auth_methods = login->auth_method == ISCSIKT_AUTH_NONE ?
			    IKT_AUTH_NONE : IKT_AUTH_CHAP;
	if (login->auth_method != ISCSIKT_AUTH_NONE) {
		login->chap_creds.lookup = ikt_login_chap_lookup;
		login->chap_creds.put = ikt_login_chap_put;
		login->chap_creds.ctx = login;
		ikt_chap_init(&login->chap, &login->chap_creds,
			      login->auth_method == ISCSIKT_AUTH_CHAP_MUTUAL,
			      ikt_login_rand);
		login->chap_on = true;
	} else {
		login->authenticated = true;
	}
	if (login->target) {
		ikt_target_alias(login->target, conn->params.target_alias,
				 sizeof(conn->params.target_alias));
		if (conn->params.target_alias[0])
			lim->target_alias = conn->params.target_alias;
	}
	return ISCSI_LOGIN_OK;
}

/* Run the CHAP exchange carried by this security-stage request. */
static u16 ikt_login_chap(struct ikt_conn *conn)
{
	struct ikt_login *login = conn->login;
	struct ikt_negotiation *neg = login->neg;
	char out[IKT_CHAP_OUT_MAX];
	const char *a = ikt_neg_chap(neg, IKT_CHAP_KEY_A);
	const char *n = ikt_neg_chap(neg, IKT_CHAP_KEY_N);
	int ret;

	if (ikt_neg_params(neg)->auth_method != IKT_AUTH_CHAP)
		return ISCSI_LOGIN_OK;	/* AuthMethod still being agreed */

	if (a) {
		ret = ikt_chap_handle_a(&login->chap, a, out, sizeof(out));
	} else if (n) {
		const char *r = ikt_neg_chap(neg, IKT_CHAP_KEY_R);
		const char *i = ikt_neg_chap(neg, IKT_CHAP_KEY_I);
		const char *c = ikt_neg_chap(neg, IKT_CHAP_KEY_C);

		ret = ikt_chap_handle_response(&login->chap, n, r, i, c, out,
					       sizeof(out));
		if (ret >= 0 && ikt_chap_done(&login->chap))
			login->authenticated = true;
	} else {
		return ISCSI_LOGIN_OK;
	}
	if (ret < 0) {
		memzero_explicit(out, sizeof(out));
		/* The peer's CHAP was refused, rather than ours failing. */
		login->chap_failed = ret == -EACCES || ret == -EPROTO;
		return ikt_login_errno_status(ret);
	}
	ret = ret ? ikt_neg_append(neg, out, ret) : 0;
	memzero_explicit(out, sizeof(out));
	return ret;
}

static void ikt_login_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			   const struct ikt_sn *sn, void *arg)
{
	struct ikt_login_rsp *r = arg;

	r->sn = *sn;
	r->data_len = tx->data_len;
	ikt_build_login_rsp(&tx->bhs, r);
}

static int ikt_login_send(struct ikt_conn *conn, struct ikt_login_rsp *r,
			  void *data, u32 len)
{
	struct ikt_tx *tx = ikt_tx_alloc(GFP_KERNEL);

	if (!tx) {
		kfree(data);
		return -ENOMEM;
	}
	tx->owned = data;
	tx->data = data;
	tx->data_len = len;
	ikt_tx_queue(conn, tx, ikt_login_fill, r, true);
	return 0;
}

/*
 * How long the refusal @status waits.  A failed authentication is answered
 * late so that guessing a secret online is slow: a connection gets one
 * guess, answered only after the delay, and since a waiting connection
 * still counts against IKT_MAX_LOGINS (it is in login until it closes), a
 * peer gets at most that many guesses per delay however many connections
 * it opens.  Other refusals tell nothing about a secret and go at once.
 * The delay never outlasts the login timeout, all a login may take.
 */
static unsigned long ikt_login_fail_delay(struct ikt_conn *conn, u16 status)
{
	unsigned long delay = msecs_to_jiffies(READ_ONCE(auth_fail_delay_ms));
	unsigned long now = jiffies;

	if (status != ISCSI_LOGIN_AUTH_FAILED && !conn->login->chap_failed)
		return 0;
	if (!time_before(now, conn->login_deadline))
		return 0;
	return min(delay, conn->login_deadline - now);
}

static int ikt_login_fail(struct ikt_conn *conn, u16 status)
{
	struct ikt_login *login = conn->login;
	struct ikt_login_rsp r = {
		.itt = login->itt,
		.status = status,
	};
	unsigned long delay = ikt_login_fail_delay(conn, status);

	memcpy(r.isid, login->isid, sizeof(r.isid));
	r.csg = login->stage;
	pr_info_ratelimited("login from %pISpc refused: status 0x%04x\n",
			    &conn->peer, status);
	/*
	 * Nothing more is read: the connection closes once this response is
	 * on the wire, or earlier when the peer leaves.
	 */
	conn->state = IKT_CONN_LOGOUT;
	if (!delay)
		return ikt_login_send(conn, &r, NULL, 0);
	/* Allocated now, so that the delayed answer cannot fail. */
	login->held_tx = ikt_tx_alloc(GFP_KERNEL);
	if (!login->held_tx)
		return -ENOMEM;
	login->held_rsp = r;
	queue_delayed_work(ikt_conn_wq, &conn->auth_fail_work, delay);
	return 0;
}

/*
 * Once ikt_login_fail() has held a refusal back, nothing else touches
 * conn->login until the release path has cancelled this work.
 */
void ikt_login_fail_work(struct work_struct *work)
{
	struct ikt_conn *conn = container_of(to_delayed_work(work),
					     struct ikt_conn, auth_fail_work);
	struct ikt_login *login = conn->login;
	struct ikt_tx *tx = login->held_tx;

	login->held_tx = NULL;
	ikt_tx_queue(conn, tx, ikt_login_fill, &login->held_rsp, true);
}

/* The login is complete: the session exists from now on. */
static u16 ikt_login_finish(struct ikt_conn *conn, u16 *tsih)
{
	struct ikt_login *login = conn->login;
	const struct ikt_params *p = ikt_neg_params(login->neg);
	int ret;

	if (ikt_neg_result(login->neg, &login->result))
		return ISCSI_LOGIN_INITIATOR_ERROR;

	ret = ikt_session_create(conn, login->isid, p->session_type,
				 p->initiator_name, p->initiator_alias,
				 login->target, conn->login_cmdsn);
	if (ret)
		return ISCSI_LOGIN_NO_RESOURCES;
	login->target = NULL;	/* the session holds the reference now */
	*tsih = conn->sess->tsih;
	return ISCSI_LOGIN_OK;
}

/* A complete Login Request is in conn->rx. */
int ikt_login_pdu(struct ikt_conn *conn)
{
	struct ikt_login *login = conn->login;
	struct ikt_rx *rx = &conn->rx;
	struct ikt_login_req_info req;
	struct ikt_login_rsp r = { };
	struct ikt_param_limits lim;
	bool transit = false, more;
	u16 status = 0, tsih = 0;
	u32 used = 0;
	char *out;
	int ret;

	ikt_login_req_decode(&rx->bhs, &req);
	login->itt = rx->info.itt;

	if (!login->started) {
		login->started = true;
		memcpy(login->isid, req.isid, sizeof(login->isid));
		login->tsih = req.tsih;
		login->stage = req.csg;
		conn->cid = req.cid;
		conn->login_cmdsn = rx->info.cmdsn;
		conn->statsn = rx->info.exp_statsn;
		if (req.version_min > ISCSI_DRAFT20_VERSION)
			return ikt_login_fail(conn,
					      ISCSI_LOGIN_UNSUPPORTED_VERSION);
		/* One connection per session: no connection to add to. */
		if (req.tsih)
			return ikt_login_fail(conn, ISCSI_LOGIN_NO_SESSION);

		ikt_login_limits(conn, &lim);
		login->neg = ikt_neg_alloc(&lim, NULL, true);
		if (!login->neg)
			return -ENOMEM;
	}

	/*
	 * Stage 2 is reserved; a transit moves forward; C and T together
	 * are an error (RFC 7143 11.12.2).
	 */
	if (req.csg != login->stage || req.csg == 2 ||
	    req.csg == ISCSI_STAGE_FULL_FEATURE ||
	    (req.transit && (req.nsg <= req.csg || req.nsg == 2 ||
			     req.cont)) ||
	    memcmp(req.isid, login->isid, sizeof(req.isid)))
		return ikt_login_fail(conn, ISCSI_LOGIN_INITIATOR_ERROR);

	/* An initiator draining our previous C-bit answer sends no keys. */
	if (!login->rsp_more) {
		status = ikt_neg_feed(login->neg, rx->data, rx->data_len);
		if (status)
			return ikt_login_fail(conn, status);
		if (req.cont) {
			/* More keys follow: an empty answer, same stage. */
			r.csg = login->stage;
			goto respond;
		}
		status = ikt_neg_parse(login->neg);
		if (!status && !login->admitted) {
			status = ikt_login_admit(conn);
			login->admitted = !status;
		}
		if (!status)
			status = ikt_neg_negotiate(login->neg, req.csg);
		if (!status && req.csg == ISCSI_STAGE_SECURITY && login->chap_on)
			status = ikt_login_chap(conn);
		if (status)
			return ikt_login_fail(conn, status);
	}

	/* The operational stage is only for authenticated initiators. */
	if (req.csg == ISCSI_STAGE_OPERATIONAL && !login->authenticated)
		return ikt_login_fail(conn, ISCSI_LOGIN_AUTH_FAILED);

	/* Login PDUs carry at most 8192 bytes of text each way. */
	out = kmalloc(ISCSI_LOGIN_MAX_RECV_DSL, GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	more = ikt_neg_respond(login->neg, out, ISCSI_LOGIN_MAX_RECV_DSL,
			       &used) > 0;
	login->rsp_more = more;
	/*
	 * An initiator may ask to leave the security stage before CHAP has
	 * even started: it stays there (T clear) until authenticated.
	 */
	transit = req.transit && !more && !ikt_neg_pending(login->neg) &&
		  (req.csg != ISCSI_STAGE_SECURITY || login->authenticated);

	r.csg = req.csg;
	r.cont = more;
	if (transit) {
		r.transit = true;
		r.nsg = req.nsg;
		if (req.nsg == ISCSI_STAGE_FULL_FEATURE) {
			status = ikt_login_finish(conn, &tsih);
			if (status) {
				kfree(out);
				return ikt_login_fail(conn, status);
			}
		}
		login->stage = req.nsg;
	}
	r.itt = login->itt;
	r.tsih = tsih;
	memcpy(r.isid, login->isid, sizeof(r.isid));
	ret = ikt_login_send(conn, &r, out, used);
	if (ret)
		return ret;
	if (transit && req.nsg == ISCSI_STAGE_FULL_FEATURE) {
		/* Digests and limits apply from the next PDU on. */
		conn->params = login->result;
		ikt_login_free(conn);
		ikt_conn_logged_in(conn);
	}
	return 0;

respond:
	r.itt = login->itt;
	memcpy(r.isid, login->isid, sizeof(r.isid));
	return ikt_login_send(conn, &r, NULL, 0);
}
