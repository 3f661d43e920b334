// SPDX-License-Identifier: GPL-2.0
/*
 * Target side of iSCSI login/text key negotiation (RFC 7143 sections 6
 * and 13).  Everything here comes from the network: lengths are capped
 * before anything is stored, and the peer's text is parsed in place in a
 * buffer whose size we bound.
 */
#include "params.h"

/*
 * Processing order: declarations first, FirstBurstLength after the keys
 * that can make it irrelevant and after MaxBurstLength that caps it.
 */
enum ikt_key_id {
	K_SESSION_TYPE,
	K_INITIATOR_NAME,
	K_TARGET_NAME,
	K_INITIATOR_ALIAS,
	K_AUTH_METHOD,
	K_CHAP_A,
	K_CHAP_I,
	K_CHAP_C,
	K_CHAP_N,
	K_CHAP_R,
	K_HEADER_DIGEST,
	K_DATA_DIGEST,
	K_MAX_CONNECTIONS,
	K_INITIAL_R2T,
	K_IMMEDIATE_DATA,
	K_MRDSL,
	K_MAX_BURST,
	K_FIRST_BURST,
	K_TIME2WAIT,
	K_TIME2RETAIN,
	K_MAX_OR2T,
	K_DATA_PDU_IN_ORDER,
	K_DATA_SEQ_IN_ORDER,
	K_ERL,
	K_IFMARKER,
	K_OFMARKER,
	K_IFMARKINT,
	K_OFMARKINT,
	K_TASK_REPORTING,
	K_SEND_TARGETS,
	K_TARGET_ALIAS,
	K_TARGET_ADDRESS,
	K_TPGT,
	K_NR
};

enum ikt_key_kind {
	KK_MIN,			/* numerical, result is the minimum */
	KK_MAX,			/* numerical, result is the maximum */
	KK_AND,			/* boolean AND */
	KK_OR,			/* boolean OR */
	KK_DIGEST,		/* list: CRC32C, None */
	KK_AUTH,		/* list: AuthMethod */
	KK_MRDSL,		/* numerical declaration */
	KK_DECLARED,		/* names, SessionType: taken by parse */
	KK_ALIAS,		/* InitiatorAlias */
	KK_TARGET_ONLY,		/* keys only a target may send */
	KK_MARKER,		/* IFMarker/OFMarker: always No */
	KK_MARKINT,		/* irrelevant while markers are No */
	KK_TASK_REPORTING,
	KK_SEND_TARGETS,
	KK_CHAP,
};

enum ikt_key_use {
	KU_IO,			/* login only */
	KU_LO,			/* leading login only */
	KU_ALL,			/* login or full feature phase */
	KU_FFPO,		/* full feature phase only */
	KU_SEC,			/* security stage only */
};

struct ikt_key_def {
	const char *name;
	u8 kind;
	u8 use;
	bool discovery_irrelevant;
	u32 lo, hi;
	u16 max_len;
};

#define NUM(n, k, u, d, l, h) \
	{ .name = n, .kind = k, .use = u, .discovery_irrelevant = d, \
	  .lo = l, .hi = h, .max_len = IKT_VALUE_MAX }
#define KEY(n, k, u, d) NUM(n, k, u, d, 0, 0)
#define SEC(n, len) \
	{ .name = n, .kind = KK_CHAP, .use = KU_SEC, .max_len = len }

static const struct ikt_key_def ikt_keys[K_NR] = {
	[K_SESSION_TYPE]	= KEY("SessionType", KK_DECLARED, KU_LO, false),
	[K_INITIATOR_NAME]	= KEY("InitiatorName", KK_DECLARED, KU_IO, false),
	[K_TARGET_NAME]		= KEY("TargetName", KK_DECLARED, KU_IO, false),
	[K_INITIATOR_ALIAS]	= KEY("InitiatorAlias", KK_ALIAS, KU_ALL, false),
	[K_AUTH_METHOD]		= KEY("AuthMethod", KK_AUTH, KU_SEC, false),
	[K_CHAP_A]		= SEC("CHAP_A", IKT_VALUE_MAX),
	[K_CHAP_I]		= SEC("CHAP_I", IKT_VALUE_MAX),
	[K_CHAP_C]		= SEC("CHAP_C", IKT_CHAP_VALUE_MAX),
	[K_CHAP_N]		= SEC("CHAP_N", IKT_VALUE_MAX),
	[K_CHAP_R]		= SEC("CHAP_R", IKT_CHAP_VALUE_MAX),
	[K_HEADER_DIGEST]	= KEY("HeaderDigest", KK_DIGEST, KU_IO, false),
	[K_DATA_DIGEST]		= KEY("DataDigest", KK_DIGEST, KU_IO, false),
	[K_MAX_CONNECTIONS]	= NUM("MaxConnections", KK_MIN, KU_LO, true,
				      1, 65535),
	[K_INITIAL_R2T]		= KEY("InitialR2T", KK_OR, KU_LO, true),
	[K_IMMEDIATE_DATA]	= KEY("ImmediateData", KK_AND, KU_LO, true),
	[K_MRDSL]		= NUM("MaxRecvDataSegmentLength", KK_MRDSL,
				      KU_ALL, false, 512, ISCSI_MAX_DSL),
	[K_MAX_BURST]		= NUM("MaxBurstLength", KK_MIN, KU_LO, true,
				      512, ISCSI_MAX_DSL),
	[K_FIRST_BURST]		= NUM("FirstBurstLength", KK_MIN, KU_LO, true,
				      512, ISCSI_MAX_DSL),
	[K_TIME2WAIT]		= NUM("DefaultTime2Wait", KK_MAX, KU_LO, false,
				      0, 3600),
	[K_TIME2RETAIN]		= NUM("DefaultTime2Retain", KK_MIN, KU_LO,
				      false, 0, 3600),
	[K_MAX_OR2T]		= NUM("MaxOutstandingR2T", KK_MIN, KU_LO, true,
				      1, 65535),
	[K_DATA_PDU_IN_ORDER]	= KEY("DataPDUInOrder", KK_OR, KU_LO, true),
	[K_DATA_SEQ_IN_ORDER]	= KEY("DataSequenceInOrder", KK_OR, KU_LO,
				      true),
	[K_ERL]			= NUM("ErrorRecoveryLevel", KK_MIN, KU_LO,
				      false, 0, 2),
	[K_IFMARKER]		= KEY("IFMarker", KK_MARKER, KU_IO, false),
	[K_OFMARKER]		= KEY("OFMarker", KK_MARKER, KU_IO, false),
	[K_IFMARKINT]		= KEY("IFMarkInt", KK_MARKINT, KU_IO, false),
	[K_OFMARKINT]		= KEY("OFMarkInt", KK_MARKINT, KU_IO, false),
	[K_TASK_REPORTING]	= KEY("TaskReporting", KK_TASK_REPORTING, KU_LO,
				      true),
	[K_SEND_TARGETS]	= KEY("SendTargets", KK_SEND_TARGETS, KU_FFPO,
				      false),
	[K_TARGET_ALIAS]	= KEY("TargetAlias", KK_TARGET_ONLY, KU_ALL,
				      false),
	[K_TARGET_ADDRESS]	= KEY("TargetAddress", KK_TARGET_ONLY, KU_ALL,
				      false),
	[K_TPGT]		= KEY("TargetPortalGroupTag", KK_TARGET_ONLY,
				      KU_IO, false),
};

#undef NUM
#undef KEY
#undef SEC

#define IKT_DEFAULT_MAX_BURST		262144
#define IKT_DEFAULT_FIRST_BURST		65536
#define IKT_DEFAULT_TIME2WAIT		2
#define IKT_DEFAULT_TIME2RETAIN		20

struct ikt_negotiation {
	struct ikt_param_limits lim;
	struct ikt_params p;
	bool text_mode;
	bool leading;
	bool parsed;		/* the buffer holds a parsed request */
	bool declared;		/* TargetAlias, TargetPortalGroupTag sent */
	bool op_declared;	/* operational declarations and offers sent */
	u64 seen;		/* keys received so far, all requests */
	u64 pending;		/* keys we offered, not yet answered */
	/* The current request, parsed in place: values point into @req. */
	char *req;
	u32 req_len;
	u32 req_size;
	const char *val[K_NR];
	u16 val_len[K_NR];
	char *rsp;
	u32 rsp_len;
	u32 rsp_size;
	u32 rsp_off;
};

void ikt_param_limits_default(struct ikt_param_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->max_recv_dsl = ISCSI_LOGIN_MAX_RECV_DSL;
	lim->max_burst = IKT_DEFAULT_MAX_BURST;
	lim->first_burst = IKT_DEFAULT_FIRST_BURST;
	lim->max_connections = 1;
	lim->max_outstanding_r2t = 1;
	lim->default_time2wait = IKT_DEFAULT_TIME2WAIT;
	lim->default_time2retain = IKT_DEFAULT_TIME2RETAIN;
	lim->initial_r2t = true;
	lim->immediate_data = true;
	lim->data_pdu_in_order = true;
	lim->data_seq_in_order = true;
	lim->header_digests = IKT_DIGEST_NONE | IKT_DIGEST_CRC32C;
	lim->data_digests = IKT_DIGEST_NONE | IKT_DIGEST_CRC32C;
	lim->auth_methods = IKT_AUTH_NONE;
}

static u32 ikt_clamp_key(enum ikt_key_id id, u32 v)
{
	return clamp_t(u32, v, ikt_keys[id].lo, ikt_keys[id].hi);
}

/* Our limits go on the wire as values: keep them within the RFC ranges. */
static void ikt_limits_sanitize(struct ikt_param_limits *lim)
{
	lim->max_recv_dsl = ikt_clamp_key(K_MRDSL, lim->max_recv_dsl);
	lim->max_burst = ikt_clamp_key(K_MAX_BURST, lim->max_burst);
	lim->first_burst = ikt_clamp_key(K_FIRST_BURST, lim->first_burst);
	lim->first_burst = min(lim->first_burst, lim->max_burst);
	lim->max_connections = ikt_clamp_key(K_MAX_CONNECTIONS,
					     lim->max_connections);
	lim->max_outstanding_r2t = ikt_clamp_key(K_MAX_OR2T,
						 lim->max_outstanding_r2t);
	lim->default_time2wait = ikt_clamp_key(K_TIME2WAIT,
					       lim->default_time2wait);
	lim->default_time2retain = ikt_clamp_key(K_TIME2RETAIN,
						 lim->default_time2retain);
}

static void ikt_params_default(struct ikt_params *p,
			       const struct ikt_param_limits *lim)
{
	memset(p, 0, sizeof(*p));
	p->max_connections = 1;
	p->initial_r2t = true;
	p->immediate_data = true;
	/* Until we declare ours, the initiator assumes the default. */
	p->max_recv_dsl = ISCSI_LOGIN_MAX_RECV_DSL;
	p->max_xmit_dsl = ISCSI_LOGIN_MAX_RECV_DSL;
	p->max_burst = IKT_DEFAULT_MAX_BURST;
	p->first_burst = IKT_DEFAULT_FIRST_BURST;
	p->default_time2wait = IKT_DEFAULT_TIME2WAIT;
	p->default_time2retain = IKT_DEFAULT_TIME2RETAIN;
	p->max_outstanding_r2t = 1;
	p->data_pdu_in_order = true;
	p->data_seq_in_order = true;
	p->session_type = IKT_SESSION_NORMAL;
	p->auth_method = IKT_AUTH_NONE;
	p->tpgt = lim->tpgt;
}

struct ikt_negotiation *ikt_neg_alloc(const struct ikt_param_limits *lim,
				      const struct ikt_params *cur,
				      bool leading)
{
	struct ikt_negotiation *neg = ikt_zalloc(sizeof(*neg));

	if (!neg)
		return NULL;
	neg->lim = *lim;
	ikt_limits_sanitize(&neg->lim);
	if (cur) {
		neg->p = *cur;
		neg->text_mode = true;
	} else {
		ikt_params_default(&neg->p, &neg->lim);
		neg->leading = leading;
	}
	return neg;
}

void ikt_neg_free(struct ikt_negotiation *neg)
{
	if (!neg)
		return;
	/* The request may hold CHAP responses: wipe it. */
	ikt_free_secret(neg->req, neg->req_size);
	ikt_free_secret(neg->rsp, neg->rsp_size);
	ikt_free_secret(neg, sizeof(*neg));
}

/* Grow *@buf to hold @need bytes; the old content is kept and wiped. */
static int ikt_buf_reserve(char **buf, u32 *size, u32 used, u32 need,
			   u32 cap)
{
	u32 nsize = *size ? *size : 512;
	char *nbuf;

	if (need <= *size)
		return 0;
	if (need > cap)
		return -E2BIG;
	while (nsize < need)
		nsize *= 2;
	nsize = min(nsize, cap);
	nbuf = ikt_alloc(nsize);
	if (!nbuf)
		return -ENOMEM;
	if (used)
		memcpy(nbuf, *buf, used);
	ikt_free_secret(*buf, *size);
	*buf = nbuf;
	*size = nsize;
	return 0;
}

static void ikt_neg_clear_request(struct ikt_negotiation *neg)
{
	memset(neg->val, 0, sizeof(neg->val));
	memset(neg->val_len, 0, sizeof(neg->val_len));
	if (neg->req)
		ikt_memzero_explicit(neg->req, neg->req_len);
	neg->req_len = 0;
	neg->parsed = false;
}

int ikt_neg_feed(struct ikt_negotiation *neg, const void *data, u32 len)
{
	int ret;

	if (neg->parsed)
		ikt_neg_clear_request(neg);
	if (len > IKT_NEG_TEXT_MAX - neg->req_len)
		return ISCSI_LOGIN_INITIATOR_ERROR;
	ret = ikt_buf_reserve(&neg->req, &neg->req_size, neg->req_len,
			      neg->req_len + len, IKT_NEG_TEXT_MAX);
	if (ret)
		return ISCSI_LOGIN_NO_RESOURCES;
	if (len)
		memcpy(neg->req + neg->req_len, data, len);
	neg->req_len += len;
	return 0;
}

static int ikt_neg_put(struct ikt_negotiation *neg, const char *s, u32 len)
{
	if (!len)
		return 0;
	if (ikt_buf_reserve(&neg->rsp, &neg->rsp_size, neg->rsp_len,
			    neg->rsp_len + len, IKT_NEG_RSP_MAX))
		return ISCSI_LOGIN_INITIATOR_ERROR;
	memcpy(neg->rsp + neg->rsp_len, s, len);
	neg->rsp_len += len;
	return 0;
}

static int ikt_neg_reply(struct ikt_negotiation *neg, const char *key,
			 const char *value)
{
	return ikt_neg_put(neg, key, strlen(key)) ?:
	       ikt_neg_put(neg, "=", 1) ?:
	       ikt_neg_put(neg, value, strlen(value) + 1);
}

static int ikt_neg_reply_num(struct ikt_negotiation *neg, const char *key,
			     u32 v)
{
	char buf[11];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	return ikt_neg_reply(neg, key, buf + i);
}

int ikt_neg_append(struct ikt_negotiation *neg, const char *text, u32 len)
{
	return ikt_neg_put(neg, text, len);
}

static bool ikt_key_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
	       c == '@' || c == '_';
}

static int ikt_key_lookup(const char *key, u32 len)
{
	int i;

	for (i = 0; i < K_NR; i++)
		if (strlen(ikt_keys[i].name) == len &&
		    !memcmp(ikt_keys[i].name, key, len))
			return i;
	return -1;
}

static int ikt_copy_name(char *dst, size_t size, const char *v, u32 len)
{
	if (!len || len >= size)
		return ISCSI_LOGIN_INITIATOR_ERROR;
	memcpy(dst, v, len + 1);
	return 0;
}

/* Declarations the caller needs before negotiating (to find the target). */
static int ikt_neg_take_declarations(struct ikt_negotiation *neg)
{
	struct ikt_params *p = &neg->p;
	const char *v;
	int ret;

	if (neg->text_mode)
		return 0;
	v = neg->val[K_SESSION_TYPE];
	if (v) {
		if (!strcmp(v, "Normal"))
			p->session_type = IKT_SESSION_NORMAL;
		else if (!strcmp(v, "Discovery"))
			p->session_type = IKT_SESSION_DISCOVERY;
		else
			return ISCSI_LOGIN_INITIATOR_ERROR;
	}
	if (neg->val[K_INITIATOR_NAME]) {
		ret = ikt_copy_name(p->initiator_name,
				    sizeof(p->initiator_name),
				    neg->val[K_INITIATOR_NAME],
				    neg->val_len[K_INITIATOR_NAME]);
		if (ret)
			return ret;
	}
	if (neg->val[K_TARGET_NAME])
		return ikt_copy_name(p->target_name, sizeof(p->target_name),
				     neg->val[K_TARGET_NAME],
				     neg->val_len[K_TARGET_NAME]);
	return 0;
}

int ikt_neg_parse(struct ikt_negotiation *neg)
{
	char *p, *end;
	int ret;

	if (neg->parsed)
		ikt_neg_clear_request(neg);
	neg->parsed = true;
	if (!neg->req_len)
		return 0;
	p = neg->req;
	end = p + neg->req_len;
	/* Every pair, the last one included, ends with a NUL. */
	if (end[-1] != '\0')
		return ISCSI_LOGIN_INITIATOR_ERROR;

	while (p < end) {
		u32 len = strlen(p), klen, i;
		char *eq, *next = p + len + 1;
		int id;

		if (!len) {
			p = next;
			continue;
		}
		eq = memchr(p, '=', len);
		if (!eq)
			return ISCSI_LOGIN_INITIATOR_ERROR;
		klen = eq - p;
		if (!klen || klen > IKT_KEY_NAME_MAX)
			return ISCSI_LOGIN_INITIATOR_ERROR;
		for (i = 0; i < klen; i++)
			if (!ikt_key_char_ok(p[i]))
				return ISCSI_LOGIN_INITIATOR_ERROR;
		*eq = '\0';
		id = ikt_key_lookup(p, klen);
		if (id < 0) {
			ret = ikt_neg_reply(neg, p, "NotUnderstood");
			if (ret)
				return ret;
			p = next;
			continue;
		}
		/*
		 * RFC 7143 6.2: no key is declared or negotiated twice in a
		 * login, but the answer to our own offer comes once.
		 */
		if (neg->val[id] ||
		    ((neg->seen & (1ull << id)) && !(neg->pending & (1ull << id))))
			return ISCSI_LOGIN_INITIATOR_ERROR;
		neg->seen |= 1ull << id;
		neg->val[id] = eq + 1;
		/* Over the cap it is answered Reject or fails the login. */
		neg->val_len[id] = min_t(u32, len - klen - 1,
					 IKT_CHAP_VALUE_MAX + 1);
		p = next;
	}
	return ikt_neg_take_declarations(neg);
}

/* decimal-constant or hex-constant (RFC 7143 6.1), within [lo, hi]. */
static bool ikt_parse_num(const char *s, u32 lo, u32 hi, u32 *out)
{
	unsigned int base = 10, d, n = 0;
	u64 v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, n++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		v = v * base + d;
		if (v > hi)
			return false;
	}
	if (!n || v < lo)
		return false;
	*out = v;
	return true;
}

static bool ikt_parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "Yes"))
		*out = true;
	else if (!strcmp(s, "No"))
		*out = false;
	else
		return false;
	return true;
}

struct ikt_list_item {
	const char *name;
	u8 bit;
};

static const struct ikt_list_item ikt_digest_items[] = {
	{ "None", IKT_DIGEST_NONE },
	{ "CRC32C", IKT_DIGEST_CRC32C },
	{ NULL, 0 },
};

static const struct ikt_list_item ikt_auth_items[] = {
	{ "None", IKT_AUTH_NONE },
	{ "CHAP", IKT_AUTH_CHAP },
	{ NULL, 0 },
};

static const struct ikt_list_item ikt_task_reporting_items[] = {
	{ "RFC3720", 1 },
	{ NULL, 0 },
};

/*
 * The first value of the comma-separated @list (the initiator's order of
 * preference) that is in @items and in @allowed; NULL when none is.
 */
static const struct ikt_list_item *
ikt_list_choose(const char *list, const struct ikt_list_item *items,
		u8 allowed)
{
	const struct ikt_list_item *it;
	const char *s = list;

	while (*s) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		for (it = items; it->name; it++)
			if ((it->bit & allowed) && strlen(it->name) == len &&
			    !memcmp(it->name, s, len))
				return it;
		if (!comma)
			break;
		s = comma + 1;
	}
	return NULL;
}

static u32 *ikt_num_param(struct ikt_params *p, enum ikt_key_id id)
{
	switch (id) {
	case K_MAX_CONNECTIONS:
		return &p->max_connections;
	case K_MAX_BURST:
		return &p->max_burst;
	case K_FIRST_BURST:
		return &p->first_burst;
	case K_TIME2WAIT:
		return &p->default_time2wait;
	case K_TIME2RETAIN:
		return &p->default_time2retain;
	case K_MAX_OR2T:
		return &p->max_outstanding_r2t;
	default:
		return &p->error_recovery_level;
	}
}

static u32 ikt_num_limit(const struct ikt_param_limits *lim,
			 enum ikt_key_id id)
{
	switch (id) {
	case K_MAX_CONNECTIONS:
		return lim->max_connections;
	case K_MAX_BURST:
		return lim->max_burst;
	case K_FIRST_BURST:
		return lim->first_burst;
	case K_TIME2WAIT:
		return lim->default_time2wait;
	case K_TIME2RETAIN:
		return lim->default_time2retain;
	case K_MAX_OR2T:
		return lim->max_outstanding_r2t;
	default:
		/* Only ErrorRecoveryLevel 0 is implemented. */
		return 0;
	}
}

static bool *ikt_bool_param(struct ikt_params *p, enum ikt_key_id id)
{
	switch (id) {
	case K_INITIAL_R2T:
		return &p->initial_r2t;
	case K_IMMEDIATE_DATA:
		return &p->immediate_data;
	case K_DATA_PDU_IN_ORDER:
		return &p->data_pdu_in_order;
	default:
		return &p->data_seq_in_order;
	}
}

static bool ikt_bool_limit(const struct ikt_param_limits *lim,
			   enum ikt_key_id id)
{
	switch (id) {
	case K_INITIAL_R2T:
		return lim->initial_r2t;
	case K_IMMEDIATE_DATA:
		return lim->immediate_data;
	case K_DATA_PDU_IN_ORDER:
		return lim->data_pdu_in_order;
	default:
		return lim->data_seq_in_order;
	}
}

static bool *ikt_digest_param(struct ikt_params *p, enum ikt_key_id id)
{
	return id == K_HEADER_DIGEST ? &p->header_digest : &p->data_digest;
}

static u8 ikt_digest_limit(const struct ikt_param_limits *lim,
			   enum ikt_key_id id)
{
	return id == K_HEADER_DIGEST ? lim->header_digests : lim->data_digests;
}

static bool ikt_is_special(const char *v)
{
	return !strcmp(v, "Reject") || !strcmp(v, "Irrelevant") ||
	       !strcmp(v, "NotUnderstood");
}

/*
 * The initiator's answer to a key we offered: it must be a result the
 * negotiation function allows from our value, or a refusal, after which
 * the default stays and ikt_neg_result() judges it.
 */
static int ikt_neg_answer(struct ikt_negotiation *neg, enum ikt_key_id id)
{
	const struct ikt_key_def *def = &ikt_keys[id];
	const char *v = neg->val[id];
	const struct ikt_list_item *it;
	bool b;
	u32 n;

	neg->pending &= ~(1ull << id);
	if (ikt_is_special(v))
		return 0;
	switch (def->kind) {
	case KK_MIN:
	case KK_MAX:
		if (!ikt_parse_num(v, def->lo, def->hi, &n))
			return ISCSI_LOGIN_INITIATOR_ERROR;
		if (def->kind == KK_MIN ? n > ikt_num_limit(&neg->lim, id) :
					  n < ikt_num_limit(&neg->lim, id))
			return ISCSI_LOGIN_INITIATOR_ERROR;
		*ikt_num_param(&neg->p, id) = n;
		return 0;
	case KK_AND:
	case KK_OR:
		if (!ikt_parse_bool(v, &b) ||
		    (def->kind == KK_AND && b && !ikt_bool_limit(&neg->lim, id)) ||
		    (def->kind == KK_OR && !b && ikt_bool_limit(&neg->lim, id)))
			return ISCSI_LOGIN_INITIATOR_ERROR;
		*ikt_bool_param(&neg->p, id) = b;
		return 0;
	case KK_DIGEST:
		it = ikt_list_choose(v, ikt_digest_items,
				     ikt_digest_limit(&neg->lim, id));
		if (!it || strcmp(it->name, v))
			return ISCSI_LOGIN_INITIATOR_ERROR;
		*ikt_digest_param(&neg->p, id) = it->bit == IKT_DIGEST_CRC32C;
		return 0;
	default:
		return ISCSI_LOGIN_INITIATOR_ERROR;
	}
}

static int ikt_neg_numeric(struct ikt_negotiation *neg, enum ikt_key_id id)
{
	const struct ikt_key_def *def = &ikt_keys[id];
	u32 v, ours = ikt_num_limit(&neg->lim, id);
	struct ikt_params *p = &neg->p;

	if (!ikt_parse_num(neg->val[id], def->lo, def->hi, &v))
		return ikt_neg_reply(neg, def->name, "Reject");
	if (id == K_FIRST_BURST) {
		/* RFC 7143 13.14 */
		if (p->initial_r2t && !p->immediate_data)
			return ikt_neg_reply(neg, def->name, "Irrelevant");
		ours = min(ours, p->max_burst);
	}
	v = def->kind == KK_MIN ? min(v, ours) : max(v, ours);
	*ikt_num_param(p, id) = v;
	return ikt_neg_reply_num(neg, def->name, v);
}

static int ikt_neg_boolean(struct ikt_negotiation *neg, enum ikt_key_id id)
{
	const struct ikt_key_def *def = &ikt_keys[id];
	bool v, ours = ikt_bool_limit(&neg->lim, id);

	if (!ikt_parse_bool(neg->val[id], &v))
		return ikt_neg_reply(neg, def->name, "Reject");
	v = def->kind == KK_AND ? v && ours : v || ours;
	*ikt_bool_param(&neg->p, id) = v;
	return ikt_neg_reply(neg, def->name, v ? "Yes" : "No");
}

static int ikt_neg_list(struct ikt_negotiation *neg, enum ikt_key_id id)
{
	const struct ikt_key_def *def = &ikt_keys[id];
	const struct ikt_list_item *it;
	int ret;

	switch (def->kind) {
	case KK_DIGEST:
		it = ikt_list_choose(neg->val[id], ikt_digest_items,
				     ikt_digest_limit(&neg->lim, id));
		if (it)
			*ikt_digest_param(&neg->p, id) =
				it->bit == IKT_DIGEST_CRC32C;
		break;
	case KK_AUTH:
		it = ikt_list_choose(neg->val[id], ikt_auth_items,
				     neg->lim.auth_methods);
		if (it)
			neg->p.auth_method = it->bit;
		break;
	default:
		it = ikt_list_choose(neg->val[id], ikt_task_reporting_items, 1);
		break;
	}
	ret = ikt_neg_reply(neg, def->name, it ? it->name : "Reject");
	if (ret || it)
		return ret;
	/* Nothing in common: a default we cannot live with fails the login. */
	if (def->kind == KK_AUTH)
		return ISCSI_LOGIN_AUTH_FAILED;
	if (def->kind == KK_DIGEST &&
	    !(ikt_digest_limit(&neg->lim, id) & IKT_DIGEST_NONE))
		return ISCSI_LOGIN_INITIATOR_ERROR;
	return 0;
}

static int ikt_neg_key(struct ikt_negotiation *neg, enum ikt_key_id id,
		       u8 stage)
{
	const struct ikt_key_def *def = &ikt_keys[id];
	const char *v = neg->val[id];
	bool b;
	u32 n;

	if (neg->pending & (1ull << id))
		return ikt_neg_answer(neg, id);

	if (neg->text_mode) {
		if (def->use != KU_ALL && def->use != KU_FFPO)
			return ikt_neg_reply(neg, def->name, "Reject");
	} else {
		if (def->kind == KK_DECLARED)
			return 0;
		if (def->use == KU_SEC && stage != ISCSI_STAGE_SECURITY)
			return ISCSI_LOGIN_INITIATOR_ERROR;
		if (def->use == KU_FFPO)
			return ikt_neg_reply(neg, def->name, "Reject");
		if (def->use == KU_LO && !neg->leading)
			return ikt_neg_reply(neg, def->name, "Irrelevant");
	}
	if (def->discovery_irrelevant &&
	    neg->p.session_type == IKT_SESSION_DISCOVERY)
		return ikt_neg_reply(neg, def->name, "Irrelevant");
	if (def->kind != KK_CHAP && neg->val_len[id] > def->max_len)
		return ikt_neg_reply(neg, def->name, "Reject");

	switch (def->kind) {
	case KK_MIN:
	case KK_MAX:
		return ikt_neg_numeric(neg, id);
	case KK_AND:
	case KK_OR:
		return ikt_neg_boolean(neg, id);
	case KK_DIGEST:
	case KK_AUTH:
	case KK_TASK_REPORTING:
		return ikt_neg_list(neg, id);
	case KK_MRDSL:
		/* A declaration: the answer is our own, sent once. */
		if (!ikt_parse_num(v, def->lo, def->hi, &n))
			return ikt_neg_reply(neg, def->name, "Reject");
		neg->p.max_xmit_dsl = n;
		return 0;
	case KK_ALIAS:
		memcpy(neg->p.initiator_alias, v, neg->val_len[id] + 1);
		return 0;
	case KK_MARKER:
		/* Markers are gone from RFC 7143: Yes AND No is No. */
		if (!ikt_parse_bool(v, &b))
			return ikt_neg_reply(neg, def->name, "Reject");
		return ikt_neg_reply(neg, def->name, "No");
	case KK_MARKINT:
		return ikt_neg_reply(neg, def->name, "Irrelevant");
	case KK_CHAP:
		return neg->val_len[id] > def->max_len ?
		       ISCSI_LOGIN_INITIATOR_ERROR : 0;
	case KK_SEND_TARGETS:
		return 0;
	default:
		/* Keys only a target sends. */
		return ikt_neg_reply(neg, def->name, "Reject");
	}
}

/*
 * Keys whose RFC default we cannot accept and the initiator did not send:
 * we offer our value (RFC 7143 6.2: either side may start a negotiation).
 */
static int ikt_neg_offer(struct ikt_negotiation *neg)
{
	static const u8 offers[] = {
		K_HEADER_DIGEST, K_DATA_DIGEST, K_IMMEDIATE_DATA, K_MAX_BURST,
		K_FIRST_BURST, K_TIME2WAIT, K_TIME2RETAIN,
	};
	const struct ikt_param_limits *lim = &neg->lim;
	struct ikt_params *p = &neg->p;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(offers); i++) {
		enum ikt_key_id id = offers[i];
		const struct ikt_key_def *def = &ikt_keys[id];
		u32 n;

		if (neg->seen & (1ull << id))
			continue;
		if (def->discovery_irrelevant &&
		    p->session_type == IKT_SESSION_DISCOVERY)
			continue;
		if (def->use == KU_LO && !neg->leading)
			continue;
		switch (def->kind) {
		case KK_DIGEST:
			if (ikt_digest_limit(lim, id) & IKT_DIGEST_NONE)
				continue;
			ret = ikt_neg_reply(neg, def->name, "CRC32C");
			break;
		case KK_AND:
			if (ikt_bool_limit(lim, id))
				continue;
			ret = ikt_neg_reply(neg, def->name, "No");
			break;
		default:
			n = ikt_num_limit(lim, id);
			if (def->kind == KK_MIN ? n >= *ikt_num_param(p, id) :
						  n <= *ikt_num_param(p, id))
				continue;
			ret = ikt_neg_reply_num(neg, def->name,
						ikt_num_limit(lim, id));
			break;
		}
		if (ret)
			return ret;
		neg->seen |= 1ull << id;
		neg->pending |= 1ull << id;
	}
	return 0;
}

/* What the target declares in its first login response. */
static int ikt_neg_declare(struct ikt_negotiation *neg)
{
	struct ikt_params *p = &neg->p;
	int ret = 0;

	if (!p->initiator_name[0])
		return ISCSI_LOGIN_MISSING_PARAM;
	if (p->session_type != IKT_SESSION_NORMAL)
		return 0;
	if (!p->target_name[0])
		return ISCSI_LOGIN_MISSING_PARAM;
	if (neg->lim.target_alias && neg->lim.target_alias[0]) {
		size_t len = strlen(neg->lim.target_alias);

		len = min_t(size_t, len, IKT_VALUE_MAX);
		memcpy(p->target_alias, neg->lim.target_alias, len);
		p->target_alias[len] = '\0';
		ret = ikt_neg_reply(neg, "TargetAlias", p->target_alias);
	}
	return ret ?: ikt_neg_reply_num(neg, "TargetPortalGroupTag",
					neg->lim.tpgt);
}

/*
 * Operational keys may only appear in the operational stage (initiators
 * such as open-iscsi refuse them in a security stage response), so our
 * declarations and offers wait for its first response.  An initiator that
 * goes from security straight to full feature phase keeps the defaults,
 * which our limits accept, and is held to them: it never heard ours.
 */
static int ikt_neg_declare_operational(struct ikt_negotiation *neg)
{
	neg->p.max_recv_dsl = neg->lim.max_recv_dsl;
	return ikt_neg_reply_num(neg, "MaxRecvDataSegmentLength",
				 neg->lim.max_recv_dsl) ?:
	       ikt_neg_offer(neg);
}

int ikt_neg_negotiate(struct ikt_negotiation *neg, u8 stage)
{
	int id, ret;

	if (!neg->parsed)
		return ISCSI_LOGIN_TARGET_ERROR;
	for (id = 0; id < K_NR; id++) {
		if (!neg->val[id])
			continue;
		ret = ikt_neg_key(neg, id, stage);
		if (ret)
			return ret;
	}
	if (neg->text_mode)
		return 0;
	if (!neg->declared) {
		neg->declared = true;
		ret = ikt_neg_declare(neg);
		if (ret)
			return ret;
	}
	if (stage != ISCSI_STAGE_OPERATIONAL || neg->op_declared)
		return 0;
	neg->op_declared = true;
	return ikt_neg_declare_operational(neg);
}

int ikt_neg_respond(struct ikt_negotiation *neg, char *out, u32 outlen,
		    u32 *used)
{
	u32 n = min(outlen, neg->rsp_len - neg->rsp_off);

	if (n)
		memcpy(out, neg->rsp + neg->rsp_off, n);
	neg->rsp_off += n;
	*used = n;
	if (neg->rsp_off < neg->rsp_len)
		return 1;
	neg->rsp_off = 0;
	neg->rsp_len = 0;
	return 0;
}

bool ikt_neg_pending(const struct ikt_negotiation *neg)
{
	return neg->pending;
}

const struct ikt_params *ikt_neg_params(const struct ikt_negotiation *neg)
{
	return &neg->p;
}

struct ikt_param_limits *ikt_neg_limits(struct ikt_negotiation *neg)
{
	return &neg->lim;
}

const char *ikt_neg_chap(const struct ikt_negotiation *neg,
			 enum ikt_chap_key key)
{
	if (key >= IKT_CHAP_KEY_NR)
		return NULL;
	return neg->val[K_CHAP_A + key];
}

const char *ikt_neg_send_targets(const struct ikt_negotiation *neg)
{
	return neg->val[K_SEND_TARGETS];
}

int ikt_neg_result(const struct ikt_negotiation *neg, struct ikt_params *out)
{
	const struct ikt_param_limits *lim = &neg->lim;
	const struct ikt_params *p = &neg->p;

	if (neg->pending)
		return ISCSI_LOGIN_INITIATOR_ERROR;
	if (!(lim->header_digests &
	      (p->header_digest ? IKT_DIGEST_CRC32C : IKT_DIGEST_NONE)) ||
	    !(lim->data_digests &
	      (p->data_digest ? IKT_DIGEST_CRC32C : IKT_DIGEST_NONE)))
		return ISCSI_LOGIN_INITIATOR_ERROR;
	/* Session-wide keys are negotiated by the leading login only. */
	if (p->session_type == IKT_SESSION_NORMAL && neg->leading &&
	    ((p->immediate_data && !lim->immediate_data) ||
	     p->max_burst > lim->max_burst ||
	     (p->first_burst > lim->first_burst &&
	      !(p->initial_r2t && !p->immediate_data)) ||
	     p->default_time2retain > lim->default_time2retain ||
	     p->default_time2wait < lim->default_time2wait))
		return ISCSI_LOGIN_INITIATOR_ERROR;
	*out = *p;
	out->first_burst = min(out->first_burst, out->max_burst);
	return 0;
}
