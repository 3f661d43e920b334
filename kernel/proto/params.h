/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Login and text key=value negotiation, target side (RFC 7143 sections 6
 * and 13).
 *
 * One struct ikt_negotiation lives for one login (all its requests and
 * stages) or for one text exchange in full feature phase.  Per request:
 *
 *   ikt_neg_feed()        once per PDU data segment (C bit PDUs included;
 *                         the caller answers those with empty responses)
 *   ikt_neg_parse()       after the last PDU: splits the text, checks
 *                         syntax and repeats, records the declarations
 *   ... the caller looks at ikt_neg_params() (InitiatorName, TargetName,
 *       SessionType), finds the target and adjusts ikt_neg_limits()
 *       (e.g. auth_methods) ...
 *   ikt_neg_negotiate()   computes the answers
 *   ... the CHAP module reads ikt_neg_chap() and appends with
 *       ikt_neg_append() ...
 *   ikt_neg_respond()     drains the answer text into response PDUs
 *
 * Every function returning int returns 0 or an enum iscsi_login_status
 * (pdu.h) for the Login Response status fields; in a text exchange any
 * non-zero value means the request is a protocol error.
 */
#ifndef ISCSIKT_PROTO_PARAMS_H
#define ISCSIKT_PROTO_PARAMS_H

#include "port.h"
#include "pdu.h"

/* Cap on the text of one request, all its C-bit PDUs together. */
#define IKT_NEG_TEXT_MAX	65536
/* Cap on the text of one response before it is drained. */
#define IKT_NEG_RSP_MAX		65536
#define IKT_KEY_NAME_MAX	63
#define IKT_VALUE_MAX		255
/* CHAP_C and CHAP_R carry up to 1024 binary bytes in hex or base64. */
#define IKT_CHAP_VALUE_MAX	8192
/* iSCSI names are at most 223 bytes (RFC 7143 4.2.7.1). */
#define IKT_ISCSI_NAME_MAX	223

enum ikt_session_type {
	IKT_SESSION_NORMAL,
	IKT_SESSION_DISCOVERY,
};

/* Bits of ikt_param_limits.{header,data}_digests */
#define IKT_DIGEST_NONE		0x01
#define IKT_DIGEST_CRC32C	0x02

/* Bits of ikt_param_limits.auth_methods; values of ikt_params.auth_method */
#define IKT_AUTH_NONE		0x01
#define IKT_AUTH_CHAP		0x02

/* Our side of every negotiation, set by configuration. */
struct ikt_param_limits {
	u32 max_recv_dsl;	/* what we accept: 512..2^24-1 */
	u32 max_burst;		/* 512..2^24-1 */
	u32 first_burst;	/* 512..2^24-1, <= max_burst */
	u32 max_connections;	/* 1..65535 */
	u32 max_outstanding_r2t; /* 1..65535 */
	u32 default_time2wait;	/* 0..3600 */
	u32 default_time2retain; /* 0..3600 */
	bool initial_r2t;	/* Yes: we insist on R2T for the first burst */
	bool immediate_data;	/* No: we refuse immediate data */
	bool data_pdu_in_order;
	bool data_seq_in_order;
	u8 header_digests;	/* IKT_DIGEST_* we accept */
	u8 data_digests;
	u8 auth_methods;	/* IKT_AUTH_* we accept */
	u16 tpgt;		/* TargetPortalGroupTag of the portal */
	const char *target_alias; /* NULL: none; at most 255 bytes */
};

/* Fill @lim with the RFC defaults, digests None only, AuthMethod None. */
void ikt_param_limits_default(struct ikt_param_limits *lim);

/* Operational parameters of a connection/session after negotiation. */
struct ikt_params {
	bool header_digest;	/* CRC32C */
	bool data_digest;
	u32 max_connections;
	bool initial_r2t;
	bool immediate_data;
	u32 max_recv_dsl;	/* ours: limit on PDUs we receive */
	u32 max_xmit_dsl;	/* the initiator's: limit on PDUs we send */
	u32 max_burst;
	u32 first_burst;
	u32 default_time2wait;
	u32 default_time2retain;
	u32 max_outstanding_r2t;
	bool data_pdu_in_order;
	bool data_seq_in_order;
	u32 error_recovery_level;
	bool ifmarker;		/* always No */
	bool ofmarker;		/* always No */
	enum ikt_session_type session_type;
	u8 auth_method;		/* IKT_AUTH_NONE or IKT_AUTH_CHAP */
	u16 tpgt;
	char target_name[IKT_ISCSI_NAME_MAX + 1];
	char initiator_name[IKT_ISCSI_NAME_MAX + 1];
	char initiator_alias[IKT_VALUE_MAX + 1];
	char target_alias[IKT_VALUE_MAX + 1];
};

enum ikt_chap_key {
	IKT_CHAP_KEY_A,
	IKT_CHAP_KEY_I,
	IKT_CHAP_KEY_C,
	IKT_CHAP_KEY_N,
	IKT_CHAP_KEY_R,
	IKT_CHAP_KEY_NR,
};

struct ikt_negotiation;

/*
 * @lim is copied.  @cur NULL starts a login (leading: @leading, i.e.
 * TSIH 0); non-NULL starts a full feature phase text exchange from the
 * parameters in force.  Returns NULL when out of memory.
 */
struct ikt_negotiation *ikt_neg_alloc(const struct ikt_param_limits *lim,
				      const struct ikt_params *cur,
				      bool leading);
/* Wipes (CHAP values included) and frees; NULL is fine. */
void ikt_neg_free(struct ikt_negotiation *neg);

/* Append one PDU's data segment to the current request. */
int ikt_neg_feed(struct ikt_negotiation *neg, const void *data, u32 len);

/* The current request is complete: parse it. */
int ikt_neg_parse(struct ikt_negotiation *neg);

/*
 * Answer the parsed request.  @stage is the request's CSG
 * (ISCSI_STAGE_SECURITY or ISCSI_STAGE_OPERATIONAL), ignored in a text
 * exchange.
 */
int ikt_neg_negotiate(struct ikt_negotiation *neg, u8 stage);

/* Append "key=value\0" pairs of @len bytes (the CHAP module's answer). */
int ikt_neg_append(struct ikt_negotiation *neg, const char *text, u32 len);

/*
 * Copy the next at most @outlen bytes of the answer into @out, *@used of
 * them.  Returns 1 if more remains (send with the C bit), 0 when done.
 */
int ikt_neg_respond(struct ikt_negotiation *neg, char *out, u32 outlen,
		    u32 *used);

/*
 * True while keys we offered are unanswered: the target must not leave
 * the operational stage (T bit clear).
 */
bool ikt_neg_pending(const struct ikt_negotiation *neg);

/*
 * Parameters as negotiated so far (names and SessionType are known after
 * the first ikt_neg_parse()).
 */
const struct ikt_params *ikt_neg_params(const struct ikt_negotiation *neg);

/* Mutable between ikt_neg_parse() and ikt_neg_negotiate(). */
struct ikt_param_limits *ikt_neg_limits(struct ikt_negotiation *neg);

/*
 * A CHAP_* value of the last parsed request, NUL-terminated, or NULL when
 * that request did not carry the key.
 */
const char *ikt_neg_chap(const struct ikt_negotiation *neg,
			 enum ikt_chap_key key);

/* The SendTargets value of the last parsed request ("All", a name, ""). */
const char *ikt_neg_send_targets(const struct ikt_negotiation *neg);

/*
 * End of the login/exchange: copy the result to @out.  Fails when an
 * offer of ours is unanswered or the result breaks our limits (a digest
 * we require refused, for instance).
 */
int ikt_neg_result(const struct ikt_negotiation *neg, struct ikt_params *out);

#endif /* ISCSIKT_PROTO_PARAMS_H */
