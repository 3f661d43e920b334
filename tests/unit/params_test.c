// SPDX-License-Identifier: GPL-2.0
/* Host tests of kernel/proto/params.c: login and text key negotiation. */
#include <stdio.h>
#include "kselftest_harness.h"
#include "params.h"

/* A string literal holding NUL-separated pairs, and its length. */
#define TXT(s)	s, (u32)(sizeof(s) - 1)

#define NAMES	"InitiatorName=iqn.1994-05.com.example:host\0" \
		"TargetName=iqn.2024-01.org.example:t1\0"
/* Our declarations in the first response of a normal session. */
/* First response: in the security stage, then in the operational stage. */
#define DECL_SEC	"TargetPortalGroupTag=1\0"
#define DECL	DECL_SEC "MaxRecvDataSegmentLength=65536\0"

static void limits(struct ikt_param_limits *lim)
{
	ikt_param_limits_default(lim);
	lim->max_recv_dsl = 65536;
	lim->tpgt = 1;
}

struct rsp {
	char buf[IKT_NEG_RSP_MAX];
	u32 len;
};

/* One complete request: feed, parse, negotiate, drain the answer. */
static int round_trip(struct ikt_negotiation *neg, const char *txt, u32 len,
		      u8 stage, struct rsp *r)
{
	int ret;

	ret = ikt_neg_feed(neg, txt, len) ?: ikt_neg_parse(neg) ?:
	      ikt_neg_negotiate(neg, stage);
	r->len = 0;
	if (ikt_neg_respond(neg, r->buf, sizeof(r->buf), &r->len))
		return -1;
	return ret;
}

#define EXPECT_RSP(r, lit) do {						\
		static const char _e[] = lit;				\
		EXPECT_EQ(sizeof(_e) - 1, (r).len);			\
		if ((r).len == sizeof(_e) - 1)				\
			EXPECT_EQ(0, memcmp(_e, (r).buf, (r).len));	\
	} while (0)

static struct ikt_negotiation *login_neg(void)
{
	struct ikt_param_limits lim;

	limits(&lim);
	return ikt_neg_alloc(&lim, NULL, true);
}

TEST(declarations_only)
{
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;

	ASSERT_NE(NULL, neg);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "SessionType=Normal\0"
					 "AuthMethod=None\0"),
				ISCSI_STAGE_SECURITY, &r));
	EXPECT_RSP(r, "AuthMethod=None\0" DECL_SEC);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_STREQ("iqn.1994-05.com.example:host", p.initiator_name);
	EXPECT_STREQ("iqn.2024-01.org.example:t1", p.target_name);
	EXPECT_EQ(IKT_SESSION_NORMAL, p.session_type);
	/* No operational stage: our 65536 was never declared. */
	EXPECT_EQ(8192, p.max_recv_dsl);
	EXPECT_EQ(8192, p.max_xmit_dsl);
	EXPECT_EQ(262144, p.max_burst);
	EXPECT_EQ(65536, p.first_burst);
	EXPECT_EQ(1, p.initial_r2t);
	EXPECT_EQ(1, p.immediate_data);
	EXPECT_EQ(0, p.header_digest);
	ikt_neg_free(neg);
}

TEST(operational_open_iscsi_like)
{
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "SessionType=Normal\0"
		"HeaderDigest=None\0DataDigest=None\0DefaultTime2Wait=2\0"
		"DefaultTime2Retain=0\0IFMarker=No\0OFMarker=No\0"
		"ErrorRecoveryLevel=0\0InitialR2T=No\0ImmediateData=Yes\0"
		"MaxBurstLength=16776192\0FirstBurstLength=262144\0"
		"MaxOutstandingR2T=1\0MaxConnections=1\0"
		"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"
		"MaxRecvDataSegmentLength=262144\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0"
		   "InitialR2T=Yes\0ImmediateData=Yes\0"
		   "MaxBurstLength=262144\0FirstBurstLength=65536\0"
		   "DefaultTime2Wait=2\0DefaultTime2Retain=0\0"
		   "MaxOutstandingR2T=1\0DataPDUInOrder=Yes\0"
		   "DataSequenceInOrder=Yes\0ErrorRecoveryLevel=0\0"
		   "IFMarker=No\0OFMarker=No\0" DECL);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(262144, p.max_xmit_dsl);
	EXPECT_EQ(0, p.default_time2retain);
	EXPECT_FALSE(ikt_neg_pending(neg));
	ikt_neg_free(neg);
}

TEST(boolean_and_or)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params p;
	struct rsp r;

	limits(&lim);
	lim.initial_r2t = false;
	lim.immediate_data = true;
	lim.data_pdu_in_order = false;
	lim.data_seq_in_order = true;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "InitialR2T=No\0"
		"ImmediateData=No\0DataPDUInOrder=No\0"
		"DataSequenceInOrder=No\0"), ISCSI_STAGE_OPERATIONAL, &r));
	/* OR(No, No) = No, AND(No, Yes) = No, OR(No, No), OR(No, Yes) */
	EXPECT_RSP(r, "InitialR2T=No\0ImmediateData=No\0DataPDUInOrder=No\0"
		   "DataSequenceInOrder=Yes\0" DECL);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_FALSE(p.initial_r2t);
	EXPECT_FALSE(p.immediate_data);
	EXPECT_FALSE(p.data_pdu_in_order);
	EXPECT_TRUE(p.data_seq_in_order);
	ikt_neg_free(neg);
}

TEST(boolean_and_refused_by_target)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	lim.immediate_data = false;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "ImmediateData=Yes\0"
		"InitialR2T=Yes\0"), ISCSI_STAGE_OPERATIONAL, &r));
	/* FirstBurstLength would be irrelevant, not offered */
	EXPECT_RSP(r, "InitialR2T=Yes\0ImmediateData=No\0" DECL);
	ikt_neg_free(neg);
}

TEST(numeric_min_max)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params p;
	struct rsp r;

	limits(&lim);
	lim.max_burst = 1048576;
	lim.first_burst = 131072;
	lim.max_outstanding_r2t = 4;
	lim.default_time2wait = 5;
	lim.default_time2retain = 10;
	lim.max_connections = 2;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "MaxBurstLength=524288\0"
		"FirstBurstLength=0x40000\0MaxOutstandingR2T=16\0"
		"DefaultTime2Wait=1\0DefaultTime2Retain=3600\0"
		"MaxConnections=8\0ErrorRecoveryLevel=2\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "MaxConnections=2\0MaxBurstLength=524288\0"
		   "FirstBurstLength=131072\0DefaultTime2Wait=5\0"
		   "DefaultTime2Retain=10\0MaxOutstandingR2T=4\0"
		   "ErrorRecoveryLevel=0\0" DECL);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(524288, p.max_burst);
	EXPECT_EQ(131072, p.first_burst);
	EXPECT_EQ(4, p.max_outstanding_r2t);
	EXPECT_EQ(5, p.default_time2wait);
	EXPECT_EQ(10, p.default_time2retain);
	EXPECT_EQ(2, p.max_connections);
	EXPECT_EQ(0, p.error_recovery_level);
	ikt_neg_free(neg);
}

TEST(first_burst_capped_by_max_burst)
{
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "MaxBurstLength=4096\0"
		"FirstBurstLength=65536\0"), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "MaxBurstLength=4096\0FirstBurstLength=4096\0" DECL);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(4096, p.first_burst);
	ikt_neg_free(neg);
}

TEST(first_burst_irrelevant)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "InitialR2T=Yes\0"
		"ImmediateData=No\0FirstBurstLength=8192\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "InitialR2T=Yes\0ImmediateData=No\0"
		   "FirstBurstLength=Irrelevant\0" DECL);
	ikt_neg_free(neg);
}

TEST(bad_values_rejected)
{
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "MaxBurstLength=abc\0"
		"FirstBurstLength=511\0DefaultTime2Wait=3601\0"
		"MaxConnections=0\0InitialR2T=yes\0"
		"MaxOutstandingR2T=99999999999999999999\0"
		"ErrorRecoveryLevel=\0DefaultTime2Retain=0x\0"
		"MaxRecvDataSegmentLength=16777216\0IFMarker=Maybe\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "MaxConnections=Reject\0InitialR2T=Reject\0"
		   "MaxRecvDataSegmentLength=Reject\0"
		   "MaxBurstLength=Reject\0FirstBurstLength=Reject\0"
		   "DefaultTime2Wait=Reject\0DefaultTime2Retain=Reject\0"
		   "MaxOutstandingR2T=Reject\0ErrorRecoveryLevel=Reject\0"
		   "IFMarker=Reject\0" DECL);
	/* Rejected keys keep their defaults. */
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(262144, p.max_burst);
	EXPECT_EQ(8192, p.max_xmit_dsl);
	ikt_neg_free(neg);
}

TEST(overlong_value_rejected)
{
	struct ikt_negotiation *neg = login_neg();
	char txt[1024];
	struct rsp r;
	int n;

	n = sizeof(NAMES) - 1;
	memcpy(txt, NAMES, n);
	n += sprintf(txt + n, "InitialR2T=");
	memset(txt + n, 'Y', 300);
	n += 300;
	txt[n++] = '\0';
	ASSERT_EQ(0, round_trip(neg, txt, n, ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "InitialR2T=Reject\0" DECL);
	ikt_neg_free(neg);
}

TEST(not_understood)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "X-com.example.Foo=1\0"
		"iSCSIProtocolLevel=1\0"), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "X-com.example.Foo=NotUnderstood\0"
		   "iSCSIProtocolLevel=NotUnderstood\0" DECL);
	ikt_neg_free(neg);
}

TEST(duplicate_key_same_request)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT(NAMES "MaxBurstLength=512\0"
				      "MaxBurstLength=1024\0"),
			     ISCSI_STAGE_OPERATIONAL, &r));
	ikt_neg_free(neg);
}

TEST(duplicate_key_later_request)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "AuthMethod=None\0"),
				ISCSI_STAGE_SECURITY, &r));
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT("InitiatorName=iqn.x\0"),
			     ISCSI_STAGE_OPERATIONAL, &r));
	ikt_neg_free(neg);
}

TEST(digest_list_first_supported)
{
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "HeaderDigest=CRC32C,None\0"
		"DataDigest=Foo,None,CRC32C\0"), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "HeaderDigest=CRC32C\0DataDigest=None\0" DECL);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_TRUE(p.header_digest);
	EXPECT_FALSE(p.data_digest);
	ikt_neg_free(neg);
}

TEST(digest_none_only_policy)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	lim.header_digests = IKT_DIGEST_NONE;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "HeaderDigest=CRC32C\0"),
				ISCSI_STAGE_OPERATIONAL, &r));
	/* Nothing in common, but None (the default) is acceptable. */
	EXPECT_RSP(r, "HeaderDigest=Reject\0" DECL);
	ikt_neg_free(neg);
}

TEST(digest_required_refused)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	lim.data_digests = IKT_DIGEST_CRC32C;
	neg = ikt_neg_alloc(&lim, NULL, true);
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT(NAMES "DataDigest=None\0"),
			     ISCSI_STAGE_OPERATIONAL, &r));
	ikt_neg_free(neg);
}

TEST(target_offers_required_digest)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params p;
	struct rsp r;

	limits(&lim);
	lim.header_digests = IKT_DIGEST_CRC32C;
	lim.max_burst = 65536;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, DECL "HeaderDigest=CRC32C\0MaxBurstLength=65536\0");
	EXPECT_TRUE(ikt_neg_pending(neg));
	EXPECT_NE(0, ikt_neg_result(neg, &p));
	/* The initiator answers our offers; no answer to an answer. */
	ASSERT_EQ(0, round_trip(neg, TXT("HeaderDigest=CRC32C\0"
		"MaxBurstLength=32768\0"), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_EQ(0, r.len);
	EXPECT_FALSE(ikt_neg_pending(neg));
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_TRUE(p.header_digest);
	EXPECT_EQ(32768, p.max_burst);
	/* Answering twice is a redeclaration. */
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT("HeaderDigest=CRC32C\0"),
			     ISCSI_STAGE_OPERATIONAL, &r));
	ikt_neg_free(neg);
}

TEST(target_offer_bad_answer)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params p;
	struct rsp r;

	limits(&lim);
	lim.max_burst = 65536;
	lim.header_digests = IKT_DIGEST_CRC32C;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_OPERATIONAL, &r));
	/* A min() answer above our offer is not a legal result. */
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT("MaxBurstLength=131072\0"),
			     ISCSI_STAGE_OPERATIONAL, &r));
	ikt_neg_free(neg);

	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_OPERATIONAL, &r));
	/* A refusal leaves a default we cannot accept. */
	ASSERT_EQ(0, round_trip(neg, TXT("HeaderDigest=Reject\0"
		"MaxBurstLength=512\0"), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR, ikt_neg_result(neg, &p));
	ikt_neg_free(neg);
}

TEST(discovery_irrelevant_keys)
{
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT("InitiatorName=iqn.x:i\0"
		"SessionType=Discovery\0MaxBurstLength=512\0"
		"FirstBurstLength=512\0InitialR2T=No\0ImmediateData=No\0"
		"MaxOutstandingR2T=1\0MaxConnections=1\0DataPDUInOrder=Yes\0"
		"DataSequenceInOrder=Yes\0DefaultTime2Wait=0\0"
		"HeaderDigest=None\0MaxRecvDataSegmentLength=32768\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "HeaderDigest=None\0MaxConnections=Irrelevant\0"
		   "InitialR2T=Irrelevant\0ImmediateData=Irrelevant\0"
		   "MaxBurstLength=Irrelevant\0FirstBurstLength=Irrelevant\0"
		   "DefaultTime2Wait=2\0MaxOutstandingR2T=Irrelevant\0"
		   "DataPDUInOrder=Irrelevant\0"
		   "DataSequenceInOrder=Irrelevant\0"
		   "MaxRecvDataSegmentLength=65536\0");
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(IKT_SESSION_DISCOVERY, p.session_type);
	EXPECT_EQ(32768, p.max_xmit_dsl);
	ikt_neg_free(neg);
}

TEST(missing_initiator_name)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	EXPECT_EQ(ISCSI_LOGIN_MISSING_PARAM,
		  round_trip(neg, TXT("TargetName=iqn.t\0"),
			     ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);
}

TEST(missing_target_name_normal)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	EXPECT_EQ(ISCSI_LOGIN_MISSING_PARAM,
		  round_trip(neg, TXT("InitiatorName=iqn.i\0"
				      "SessionType=Normal\0"),
			     ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);
}

TEST(bad_session_type_and_names)
{
	struct ikt_negotiation *neg = login_neg();
	char txt[600];
	struct rsp r;
	int n;

	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT(NAMES "SessionType=Bogus\0"),
			     ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);

	neg = login_neg();
	n = sprintf(txt, "InitiatorName=");
	memset(txt + n, 'a', 224);
	n += 224;
	txt[n++] = '\0';
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, txt, n, ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);

	neg = login_neg();
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT("InitiatorName=\0"),
			     ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);
}

TEST(syntax_errors)
{
	static const struct { const char *t; u32 len; } bad[] = {
		{ TXT("InitiatorName=iqn.i") },		/* no final NUL */
		{ TXT("NoEqualsSign\0") },
		{ TXT("=value\0") },
		{ TXT("Bad Key=1\0") },
		{ TXT("Key\x01=1\0") },
		{ TXT("A123456789012345678901234567890123456789012345678901"
		      "234567890123=1\0") },			/* 64 chars */
	};
	struct ikt_negotiation *neg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		neg = login_neg();
		ASSERT_EQ(0, ikt_neg_feed(neg, bad[i].t, bad[i].len));
		EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR, ikt_neg_parse(neg))
			TH_LOG("case %u", i);
		ikt_neg_free(neg);
	}
}

TEST(key_name_63_ok)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "X12345678901234567890123456789"
		"012345678901234567890123456789012=1\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "X123456789012345678901234567890123456789012345678901"
		   "23456789012=NotUnderstood\0" DECL);
	ikt_neg_free(neg);
}

TEST(empty_pairs_skipped)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT("\0" NAMES "\0\0"),
				ISCSI_STAGE_SECURITY, &r));
	EXPECT_RSP(r, DECL_SEC);
	ikt_neg_free(neg);
}

TEST(continuation_accumulates)
{
	static const char txt[] = NAMES "MaxBurstLength=131072\0";
	struct ikt_negotiation *neg = login_neg();
	struct ikt_params p;
	struct rsp r;
	u32 i;

	/* Split in 5-byte pieces: pairs span PDU boundaries. */
	for (i = 0; i < sizeof(txt) - 1; i += 5)
		ASSERT_EQ(0, ikt_neg_feed(neg, txt + i,
					  min_t(u32, 5, sizeof(txt) - 1 - i)));
	ASSERT_EQ(0, ikt_neg_parse(neg));
	ASSERT_EQ(0, ikt_neg_negotiate(neg, ISCSI_STAGE_OPERATIONAL));
	ASSERT_EQ(0, ikt_neg_respond(neg, r.buf, sizeof(r.buf), &r.len));
	EXPECT_RSP(r, "MaxBurstLength=131072\0" DECL);
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(131072, p.max_burst);
	ikt_neg_free(neg);
}

TEST(accumulation_cap)
{
	struct ikt_negotiation *neg = login_neg();
	static char chunk[8192];
	int i;

	memset(chunk, 'a', sizeof(chunk));
	for (i = 0; i < IKT_NEG_TEXT_MAX / 8192; i++)
		ASSERT_EQ(0, ikt_neg_feed(neg, chunk, sizeof(chunk)));
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR, ikt_neg_feed(neg, chunk, 1));
	ikt_neg_free(neg);
}

TEST(response_split_in_pieces)
{
	struct ikt_negotiation *neg = login_neg();
	static const char want[] = "AuthMethod=None\0" DECL_SEC;
	char out[64 * 7];
	u32 used, total = 0;
	int more;

	ASSERT_EQ(0, ikt_neg_feed(neg, TXT(NAMES "AuthMethod=None\0")));
	ASSERT_EQ(0, ikt_neg_parse(neg));
	ASSERT_EQ(0, ikt_neg_negotiate(neg, ISCSI_STAGE_SECURITY));
	do {
		more = ikt_neg_respond(neg, out + total, 7, &used);
		total += used;
		ASSERT_LE(total, sizeof(out));
		if (more)
			ASSERT_EQ(7, used);
	} while (more);
	ASSERT_EQ(sizeof(want) - 1, total);
	EXPECT_EQ(0, memcmp(want, out, total));
	/* Drained: nothing left. */
	EXPECT_EQ(0, ikt_neg_respond(neg, out, 7, &used));
	EXPECT_EQ(0, used);
	ikt_neg_free(neg);
}

TEST(auth_method_choice)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	lim.auth_methods = IKT_AUTH_CHAP;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, ikt_neg_feed(neg, TXT(NAMES "AuthMethod=None,KRB5,CHAP\0")));
	ASSERT_EQ(0, ikt_neg_parse(neg));
	ASSERT_EQ(0, ikt_neg_negotiate(neg, ISCSI_STAGE_SECURITY));
	ASSERT_EQ(0, ikt_neg_respond(neg, r.buf, sizeof(r.buf), &r.len));
	EXPECT_RSP(r, "AuthMethod=CHAP\0" DECL_SEC);
	EXPECT_EQ(IKT_AUTH_CHAP, ikt_neg_params(neg)->auth_method);
	ikt_neg_free(neg);
}

TEST(auth_method_set_after_parse)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, ikt_neg_feed(neg, TXT(NAMES "AuthMethod=None\0")));
	ASSERT_EQ(0, ikt_neg_parse(neg));
	/* The target found by TargetName demands CHAP. */
	EXPECT_STREQ("iqn.2024-01.org.example:t1",
		     ikt_neg_params(neg)->target_name);
	ikt_neg_limits(neg)->auth_methods = IKT_AUTH_CHAP;
	EXPECT_EQ(ISCSI_LOGIN_AUTH_FAILED,
		  ikt_neg_negotiate(neg, ISCSI_STAGE_SECURITY));
	ikt_neg_respond(neg, r.buf, sizeof(r.buf), &r.len);
	EXPECT_RSP(r, "AuthMethod=Reject\0");
	ikt_neg_free(neg);
}

TEST(chap_keys_passed_through)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	lim.auth_methods = IKT_AUTH_CHAP;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "AuthMethod=CHAP\0"),
				ISCSI_STAGE_SECURITY, &r));
	ASSERT_EQ(0, round_trip(neg, TXT("CHAP_A=5\0"),
				ISCSI_STAGE_SECURITY, &r));
	EXPECT_STREQ("5", ikt_neg_chap(neg, IKT_CHAP_KEY_A));
	EXPECT_EQ(NULL, ikt_neg_chap(neg, IKT_CHAP_KEY_R));
	/* The CHAP module's answer goes out through the engine. */
	ASSERT_EQ(0, ikt_neg_append(neg, TXT("CHAP_A=5\0CHAP_I=1\0")));
	ASSERT_EQ(0, ikt_neg_respond(neg, r.buf, sizeof(r.buf), &r.len));
	EXPECT_RSP(r, "CHAP_A=5\0CHAP_I=1\0");
	ASSERT_EQ(0, round_trip(neg, TXT("CHAP_N=user\0CHAP_R=0xabcdef\0"),
				ISCSI_STAGE_SECURITY, &r));
	EXPECT_STREQ("user", ikt_neg_chap(neg, IKT_CHAP_KEY_N));
	EXPECT_STREQ("0xabcdef", ikt_neg_chap(neg, IKT_CHAP_KEY_R));
	EXPECT_EQ(NULL, ikt_neg_chap(neg, IKT_CHAP_KEY_A));
	EXPECT_EQ(0, r.len);
	ikt_neg_free(neg);
}

TEST(chap_value_caps)
{
	struct ikt_negotiation *neg;
	static char txt[IKT_CHAP_VALUE_MAX + 64];
	struct rsp r;
	int n;

	/* CHAP_R may be long (1024 binary bytes in hex) ... */
	neg = login_neg();
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_SECURITY, &r));
	n = sprintf(txt, "CHAP_R=0x");
	memset(txt + n, 'a', 2048);
	n += 2048;
	txt[n++] = '\0';
	ASSERT_EQ(0, round_trip(neg, txt, n, ISCSI_STAGE_SECURITY, &r));
	EXPECT_EQ(2050, strlen(ikt_neg_chap(neg, IKT_CHAP_KEY_R)));
	ikt_neg_free(neg);

	/* ... but not beyond the cap, and CHAP_N is a 255-byte text value. */
	neg = login_neg();
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_SECURITY, &r));
	n = sprintf(txt, "CHAP_N=");
	memset(txt + n, 'u', 256);
	n += 256;
	txt[n++] = '\0';
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, txt, n, ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);

	neg = login_neg();
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_SECURITY, &r));
	n = sprintf(txt, "CHAP_C=");
	memset(txt + n, 'c', IKT_CHAP_VALUE_MAX + 1);
	n += IKT_CHAP_VALUE_MAX + 1;
	txt[n++] = '\0';
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, txt, n, ISCSI_STAGE_SECURITY, &r));
	ikt_neg_free(neg);
}

TEST(security_key_in_operational_stage)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_SECURITY, &r));
	EXPECT_EQ(ISCSI_LOGIN_INITIATOR_ERROR,
		  round_trip(neg, TXT("AuthMethod=None\0"),
			     ISCSI_STAGE_OPERATIONAL, &r));
	ikt_neg_free(neg);
}

TEST(operational_keys_in_security_stage)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "AuthMethod=None\0"
		"MaxBurstLength=65536\0"), ISCSI_STAGE_SECURITY, &r));
	EXPECT_RSP(r, "AuthMethod=None\0MaxBurstLength=65536\0" DECL_SEC);
	/* Operational declarations wait for the operational stage. */
	ASSERT_EQ(0, round_trip(neg, TXT("ImmediateData=Yes\0"),
				ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "ImmediateData=Yes\0MaxRecvDataSegmentLength=65536\0");
	ikt_neg_free(neg);
}

TEST(markers_and_target_keys)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "IFMarker=Yes\0OFMarker=No\0"
		"OFMarkInt=2048~8192\0TaskReporting=FastAbort,RFC3720\0"
		"TargetAlias=x\0TargetPortalGroupTag=3\0SendTargets=All\0"),
		ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "IFMarker=No\0OFMarker=No\0OFMarkInt=Irrelevant\0"
		   "TaskReporting=RFC3720\0SendTargets=Reject\0"
		   "TargetAlias=Reject\0TargetPortalGroupTag=Reject\0" DECL);
	ikt_neg_free(neg);
}

TEST(target_alias_declared)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params p;
	struct rsp r;

	limits(&lim);
	lim.target_alias = "disk one";
	lim.tpgt = 7;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "InitiatorAlias=host a\0"),
				ISCSI_STAGE_SECURITY, &r));
	EXPECT_RSP(r, "TargetAlias=disk one\0TargetPortalGroupTag=7\0");
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_STREQ("host a", p.initiator_alias);
	EXPECT_STREQ("disk one", p.target_alias);
	EXPECT_EQ(7, p.tpgt);
	ASSERT_EQ(0, round_trip(neg, TXT("MaxBurstLength=65536\0"),
				ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "MaxBurstLength=65536\0MaxRecvDataSegmentLength=65536\0");
	/* Declarations are made once per login. */
	ASSERT_EQ(0, round_trip(neg, TXT("FirstBurstLength=4096\0"),
				ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "FirstBurstLength=4096\0");
	ikt_neg_free(neg);
}

TEST(non_leading_login)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	neg = ikt_neg_alloc(&lim, NULL, false);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "MaxBurstLength=65536\0"
		"HeaderDigest=CRC32C\0"), ISCSI_STAGE_OPERATIONAL, &r));
	EXPECT_RSP(r, "HeaderDigest=CRC32C\0MaxBurstLength=Irrelevant\0" DECL);
	ikt_neg_free(neg);
}

TEST(text_phase_send_targets)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params cur, p;
	struct rsp r;

	limits(&lim);
	neg = login_neg();
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES), ISCSI_STAGE_OPERATIONAL, &r));
	ASSERT_EQ(0, ikt_neg_result(neg, &cur));
	ikt_neg_free(neg);

	neg = ikt_neg_alloc(&lim, &cur, false);
	ASSERT_EQ(0, round_trip(neg, TXT("SendTargets=All\0"
		"MaxRecvDataSegmentLength=16384\0MaxBurstLength=512\0"
		"HeaderDigest=CRC32C\0AuthMethod=None\0X-y=1\0"),
		ISCSI_STAGE_FULL_FEATURE, &r));
	EXPECT_STREQ("All", ikt_neg_send_targets(neg));
	/* Only ALL/FFPO keys in full feature phase. */
	EXPECT_RSP(r, "X-y=NotUnderstood\0AuthMethod=Reject\0"
		   "HeaderDigest=Reject\0MaxBurstLength=Reject\0");
	ASSERT_EQ(0, ikt_neg_result(neg, &p));
	EXPECT_EQ(16384, p.max_xmit_dsl);
	EXPECT_EQ(cur.max_burst, p.max_burst);
	EXPECT_STREQ(cur.initiator_name, p.initiator_name);
	ikt_neg_free(neg);
}

TEST(limits_sanitized)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct rsp r;

	limits(&lim);
	lim.max_recv_dsl = 100;
	lim.first_burst = 1 << 20;
	lim.max_burst = 1 << 19;
	neg = ikt_neg_alloc(&lim, NULL, true);
	ASSERT_EQ(0, round_trip(neg, TXT(NAMES "MaxBurstLength=16777215\0"
		"FirstBurstLength=16777215\0"), ISCSI_STAGE_OPERATIONAL, &r));
	/* first_burst clamped to max_burst; MRDSL to the RFC minimum. */
	EXPECT_RSP(r, "MaxBurstLength=524288\0FirstBurstLength=524288\0"
		   "TargetPortalGroupTag=1\0"
		   "MaxRecvDataSegmentLength=512\0");
	ikt_neg_free(neg);
}

/* Found by fuzz_params: nothing fed, nothing appended. */
TEST(empty_request)
{
	struct ikt_negotiation *neg = login_neg();
	struct rsp r;

	ASSERT_EQ(0, ikt_neg_parse(neg));
	EXPECT_EQ(0, ikt_neg_append(neg, NULL, 0));
	EXPECT_EQ(ISCSI_LOGIN_MISSING_PARAM,
		  ikt_neg_negotiate(neg, ISCSI_STAGE_SECURITY));
	EXPECT_EQ(0, ikt_neg_respond(neg, r.buf, sizeof(r.buf), &r.len));
	EXPECT_EQ(0, r.len);
	ikt_neg_free(neg);
}

TEST(alloc_free_null)
{
	ikt_neg_free(NULL);
}

TEST_HARNESS_MAIN
