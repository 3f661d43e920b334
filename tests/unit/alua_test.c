// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of ALUA (kernel/proto/scsi_alua.c) and of the REPORT LUNS
 * well-known LU: REPORT TARGET PORT GROUPS in both formats, truncation,
 * states and status codes, its agreement with VPD page 0x83, SET TARGET
 * PORT GROUPS (CDB and parameter list), the standby and unavailable
 * access restrictions, and what the W-LUN serves.  Expected bytes were
 * written by hand from the SPC-4 layouts.
 */
#include "scsi_harness.h"

static struct ikt_lu_info test_lu(bool alua)
{
	struct ikt_lu_info lu = ikt_test_lu();

	lu.alua = alua;
	lu.rel_tgt_port = 7;
	lu.tpg_id = 7;
	lu.tpgt = 7;
	lu.naa = 0x6001405abcdef012ULL;
	lu.target_name = "iqn.2024-01.org.example:t1";
	return lu;
}

static struct ikt_lu_info wlun_lu(void)
{
	struct ikt_lu_info lu = test_lu(true);

	lu.wlun = true;
	return lu;
}

static const struct ikt_alua_tpg tpgs[] = {
	{ .id = 1, .state = IKT_ALUA_ACTIVE_OPTIMIZED },
	{ .id = 7, .state = IKT_ALUA_ACTIVE_OPTIMIZED },
};
static const u64 luns[] = { 0, 3 };

static int run(const struct ikt_lu_info *lu, const u8 *cdb, unsigned int len)
{
	struct ikt_scsi_cmd_in in = {
		.lu = lu,
		.tpgs = tpgs,
		.ntpgs = ARRAY_SIZE(tpgs),
		.luns = luns,
		.nluns = ARRAY_SIZE(luns),
		.glue = true,
	};

	return ikt_test_run(&in, cdb, len);
}

#define RUN(lu, ...) run(lu, CDB(__VA_ARGS__))
/* REPORT TARGET PORT GROUPS, PARAMETER DATA FORMAT @fmt */
#define RTPG(lu, fmt, alloc) RUN(lu, 0xa3, 0x0a | (fmt) << 5, 0, 0, 0, 0, \
				 0, 0, (alloc) >> 8, (alloc) & 0xff, 0, 0)

/*
 * Two target port groups, one port each, active/optimized; U_SUP, S_SUP,
 * AN_SUP and AO_SUP
 */
#define TPG_DESCS						\
	0x00, 0x0f, 0x00, 0x01, 0, 0, 0, 1,			\
	0, 0, 0x00, 0x01,					\
	0x00, 0x0f, 0x00, 0x07, 0, 0, 0, 1,			\
	0, 0, 0x00, 0x07

/* ---- REPORT TARGET PORT GROUPS ---- */

TEST(rtpg_length_only_format)
{
	struct ikt_lu_info lu = test_lu(true);
	const u8 exp[] = { 0, 0, 0, 24, TPG_DESCS };

	RTPG(&lu, 0, 4096);
	EXPECT_DATA(exp);
	ASSERT_EQ(sizeof(exp), res.data_full);
}

TEST(rtpg_extended_format)
{
	struct ikt_lu_info lu = test_lu(true);
	/* FORMAT TYPE 001b, IMPLICIT TRANSITION TIME 0 */
	const u8 exp[] = { 0, 0, 0, 28, 0x10, 0, 0, 0, TPG_DESCS };

	RTPG(&lu, 1, 4096);
	EXPECT_DATA(exp);
}

TEST(rtpg_reserved_formats)
{
	struct ikt_lu_info lu = test_lu(true);

	RTPG(&lu, 2, 4096);
	EXPECT_BAD_FIELD(1, 6);
	RTPG(&lu, 4, 4096);
	EXPECT_BAD_FIELD(1, 7);
	/* reserved bytes 2-5 */
	RUN(&lu, 0xa3, 0x0a, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 0);
	EXPECT_BAD_FIELD(5, 0);
}

TEST(rtpg_allocation_length_truncates)
{
	struct ikt_lu_info lu = test_lu(true);
	const u8 exp[] = { 0, 0, 0, 28, 0x10, 0, 0, 0, 0x00, 0x0f };

	RTPG(&lu, 1, 10);
	EXPECT_DATA(exp);
	/* RETURN DATA LENGTH still tells the whole length */
	ASSERT_EQ(32, res.data_full);
	RTPG(&lu, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_len);
	RTPG(&lu, 0, 3);
	EXPECT_GOOD();
	ASSERT_EQ(3, res.data_len);
}

TEST(rtpg_no_port_groups)
{
	struct ikt_lu_info lu = test_lu(true);
	struct ikt_scsi_cmd_in in = {
		.cdb = (const u8[IKT_SCSI_CDB_MAX]){ 0xa3, 0x0a, 0, 0, 0, 0,
						     0, 0, 1, 0 },
		.cdb_len = IKT_SCSI_CDB_MAX,
		.lu = &lu,
		.buf = buf,
		.buf_len = sizeof(buf),
	};
	const u8 exp[] = { 0, 0, 0, 0 };

	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_DATA(exp);
}

/* The VPD 0x83 port designators name a TPG and port RTPG reports. */
TEST(rtpg_agrees_with_vpd_0x83)
{
	struct ikt_lu_info lu = test_lu(true);
	u16 rel = 0, tpg = 0;
	u32 off, len;

	RUN(&lu, 0x12, 0x01, 0x83, 0x10, 0x00, 0);
	EXPECT_GOOD();
	len = 4 + get_unaligned_be16(buf + 2);
	for (off = 4; off + 4 <= len; off += 4 + buf[off + 3]) {
		if ((buf[off + 1] & 0x3f) == 0x14)	/* port, type 4h */
			rel = get_unaligned_be16(buf + off + 6);
		if ((buf[off + 1] & 0x3f) == 0x15)	/* port, type 5h */
			tpg = get_unaligned_be16(buf + off + 6);
	}
	ASSERT_EQ(7, rel);
	ASSERT_EQ(7, tpg);
	RTPG(&lu, 0, 4096);
	EXPECT_GOOD();
	/* the second descriptor: TPG 7 with relative target port 7 */
	ASSERT_EQ(tpg, get_unaligned_be16(buf + 4 + 12 + 2));
	ASSERT_EQ(rel, get_unaligned_be16(buf + 4 + 12 + 8 + 2));
}

TEST(alua_off_refuses_rtpg)
{
	struct ikt_lu_info lu = test_lu(false);

	/* MAINTENANCE IN is known: the service action is the bad field */
	RTPG(&lu, 0, 4096);
	EXPECT_BAD_FIELD(1, 4);
	RUN(&lu, 0x12, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, buf[5] & 0x30);
	/* and on a LUN that does not exist */
	RTPG(NULL, 0, 4096);
	EXPECT_BAD_FIELD(1, 4);
}

TEST(alua_on_tpgs_implicit_and_explicit)
{
	struct ikt_lu_info lu = test_lu(true);

	RUN(&lu, 0x12, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x30, buf[5] & 0x30);
}

/* Each group's own state, and STATUS CODE 01h where STPG set it */
TEST(rtpg_reports_states)
{
	struct ikt_lu_info lu = test_lu(true);
	const struct ikt_alua_tpg g[] = {
		{ .id = 1, .state = IKT_ALUA_STANDBY, .altered = true },
		{ .id = 7, .state = IKT_ALUA_ACTIVE_OPTIMIZED },
		{ .id = 9, .state = IKT_ALUA_UNAVAILABLE, .altered = true },
		{ .id = 12, .state = IKT_ALUA_ACTIVE_NON_OPTIMIZED,
		  .altered = true },
	};
	struct ikt_scsi_cmd_in in = {
		.cdb = (const u8[IKT_SCSI_CDB_MAX]){ 0xa3, 0x0a, 0, 0, 0, 0,
						     0, 0, 1, 0 },
		.cdb_len = IKT_SCSI_CDB_MAX,
		.lu = &lu,
		.tpgs = g,
		.ntpgs = ARRAY_SIZE(g),
		.buf = buf,
		.buf_len = sizeof(buf),
	};
	const u8 exp[] = {
		0, 0, 0, 48,
		0x02, 0x0f, 0, 1, 0, 0x01, 0, 1, 0, 0, 0, 1,
		0x00, 0x0f, 0, 7, 0, 0x00, 0, 1, 0, 0, 0, 7,
		0x03, 0x0f, 0, 9, 0, 0x01, 0, 1, 0, 0, 0, 9,
		0x01, 0x0f, 0, 12, 0, 0x01, 0, 1, 0, 0, 0, 12,
	};

	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_DATA(exp);
}

/* SET TARGET PORT GROUPS: A4h/0Ah, PARAMETER LIST LENGTH in bytes 6-9 */
#define STPG(lu, len) RUN(lu, 0xa4, 0x0a, 0, 0, 0, 0, (len) >> 24,	\
			  ((len) >> 16) & 0xff, ((len) >> 8) & 0xff,	\
			  (len) & 0xff, 0, 0)

TEST(stpg_cdb)
{
	struct ikt_lu_info lu = test_lu(true);
	u32 len;

	/* the parameter list goes to the glue */
	STPG(&lu, 8);
	EXPECT_GLUE(8);
	STPG(&lu, IKT_ALUA_STPG_PARAM_MAX);
	EXPECT_GLUE(IKT_ALUA_STPG_PARAM_MAX);
	STPG(&lu, 4);
	EXPECT_GLUE(4);
	/* no parameter list: nothing to do */
	STPG(&lu, 0);
	EXPECT_GOOD();
	/* a cut header or descriptor, more descriptors than groups */
	for (len = 1; len < 64; len++) {
		if (len >= 4 && !(len % 4))
			continue;
		STPG(&lu, len);
		EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST,
			     IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	}
	STPG(&lu, IKT_ALUA_STPG_PARAM_MAX + 4);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	STPG(&lu, 0xfffffffc);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* reserved CDB bytes */
	RUN(&lu, 0xa4, 0x0a, 0, 0, 1, 0, 0, 0, 0, 8, 0, 0);
	EXPECT_BAD_FIELD(4, 0);
	/* ALUA off: MAINTENANCE OUT is not served at all */
	lu.alua = false;
	STPG(&lu, 8);
	EXPECT_INVALID_OPCODE();
	STPG(NULL, 8);
	EXPECT_INVALID_OPCODE();
}

static const u8 stpg_cdb_8[12] = { 0xa4, 0x0a, 0, 0, 0, 0, 0, 0, 0, 8 };
static const u8 stpg_cdb_12[12] = { 0xa4, 0x0a, 0, 0, 0, 0, 0, 0, 0, 12 };

TEST(stpg_parse_sets_states)
{
	const u8 p[] = { 0xff, 0xff, 0xff, 0xff,	/* reserved, ignored */
			 0xf2, 0xff, 0, 7,		/* standby, TPG 7 */
			 0x01, 0, 0, 1 };		/* AN, TPG 1 */
	struct ikt_alua_tpg out[2];
	u8 st;

	ASSERT_EQ(2, ikt_alua_stpg_parse(stpg_cdb_12, p, sizeof(p), tpgs, 2,
					 out, &res));
	EXPECT_GOOD();
	ASSERT_EQ(7, out[0].id);
	ASSERT_EQ(IKT_ALUA_STANDBY, out[0].state);
	ASSERT_TRUE(out[0].altered);
	ASSERT_EQ(1, out[1].id);
	ASSERT_EQ(IKT_ALUA_ACTIVE_NON_OPTIMIZED, out[1].state);
	ASSERT_TRUE(out[1].altered);
	/* every supported state */
	for (st = 0; st <= IKT_ALUA_UNAVAILABLE; st++) {
		const u8 q[] = { 0, 0, 0, 0, st, 0, 0, 1 };

		ASSERT_EQ(1, ikt_alua_stpg_parse(stpg_cdb_8, q, sizeof(q),
						 tpgs, 2, out, &res));
		EXPECT_GOOD();
		ASSERT_EQ(st, out[0].state);
	}
	/* a header alone: nothing to set */
	ASSERT_EQ(0, ikt_alua_stpg_parse((const u8[12]){ 0xa4, 0x0a, 0, 0, 0,
							 0, 0, 0, 0, 4 },
					 p, 4, tpgs, 2, out, &res));
	EXPECT_GOOD();
	ASSERT_EQ(0, ikt_alua_stpg_parse((const u8[12]){ 0xa4, 0x0a }, NULL,
					 0, tpgs, 2, out, &res));
	EXPECT_GOOD();
}

TEST(stpg_parse_refuses)
{
	struct ikt_alua_tpg out[2];
	u8 st;

	/* transitioning, LBA dependent, offline and the reserved states */
	for (st = 4; st < 16; st++) {
		const u8 p[] = { 0, 0, 0, 0, 0x00, 0, 0, 1, st, 0, 0, 7 };

		ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_12, p, sizeof(p),
						 tpgs, 2, out, &res));
		EXPECT_FIELD_POINTER(false, 8, 3);
	}
	/* a group the LU does not have */
	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_8,
					 (const u8[]){ 0, 0, 0, 0, 2, 0, 0, 2 },
					 8, tpgs, 2, out, &res));
	EXPECT_FIELD_POINTER(false, 6, -1);
	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_8,
					 (const u8[]){ 0, 0, 0, 0, 2, 0, 1, 7 },
					 8, tpgs, 2, out, &res));
	EXPECT_FIELD_POINTER(false, 6, -1);
	/* a LU without groups has none to set */
	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_8,
					 (const u8[]){ 0, 0, 0, 0, 2, 0, 0, 1 },
					 8, NULL, 0, NULL, &res));
	EXPECT_FIELD_POINTER(false, 6, -1);
	/* one group twice, even with the same state */
	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_12,
					 (const u8[]){ 0, 0, 0, 0, 2, 0, 0, 1,
						       2, 0, 0, 1 },
					 12, tpgs, 2, out, &res));
	EXPECT_FIELD_POINTER(false, 10, -1);
	/* fewer bytes than PARAMETER LIST LENGTH (a short EDTL) */
	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_12,
					 (const u8[]){ 0, 0, 0, 0, 2, 0, 0, 1 },
					 8, tpgs, 2, out, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_8,
					 (const u8[]){ 0, 0, 0, 0, 2, 0, 0 },
					 7, tpgs, 2, out, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* a cut descriptor, even if the CDB agrees */
	ASSERT_EQ(0, ikt_alua_stpg_parse((const u8[12]){ 0xa4, 0x0a, 0, 0, 0,
							 0, 0, 0, 0, 6 },
					 (const u8[]){ 0, 0, 0, 0, 2, 0 },
					 6, tpgs, 2, out, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* the caller's mistakes */
	ASSERT_EQ(-EINVAL, ikt_alua_stpg_parse(NULL, NULL, 0, tpgs, 2, out,
					       &res));
	ASSERT_EQ(-EINVAL, ikt_alua_stpg_parse(stpg_cdb_8, NULL, 8, tpgs, 2,
					       out, &res));
	ASSERT_EQ(-EINVAL, ikt_alua_stpg_parse(stpg_cdb_8,
					       (const u8[8]){}, 8, tpgs, 2,
					       NULL, &res));
	ASSERT_EQ(-EINVAL, ikt_alua_stpg_parse((const u8[12]){ 0xa3, 0x0a },
					       NULL, 0, tpgs, 2, out, &res));
}

/* All or nothing: a bad last descriptor leaves nothing to apply. */
TEST(stpg_parse_all_or_nothing)
{
	const u8 p[] = { 0, 0, 0, 0, 2, 0, 0, 1, 0x0e, 0, 0, 7 };
	struct ikt_alua_tpg out[2];

	ASSERT_EQ(0, ikt_alua_stpg_parse(stpg_cdb_12, p, sizeof(p), tpgs, 2,
					 out, &res));
	EXPECT_FIELD_POINTER(false, 8, 3);
}

/* ---- access in the standby and unavailable states ---- */

static bool denied(u8 state, const u8 *cdb, unsigned int len)
{
	struct ikt_lu_info lu = test_lu(true);

	lu.alua_state = state;
	memset(&res, 0xa5, sizeof(res));
	return ikt_alua_access_denied(&lu, cdb, len, &res);
}

#define DENIED(state, ...) denied(state, CDB(__VA_ARGS__))

TEST(access_active_states_serve_everything)
{
	u8 st;

	for (st = IKT_ALUA_ACTIVE_OPTIMIZED;
	     st <= IKT_ALUA_ACTIVE_NON_OPTIMIZED; st++) {
		ASSERT_FALSE(DENIED(st, 0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0));
		ASSERT_FALSE(DENIED(st, 0x2a, 0, 0, 0, 0, 0, 0, 0, 8, 0));
		ASSERT_FALSE(DENIED(st, 0x00, 0, 0, 0, 0, 0));
	}
}

TEST(access_standby)
{
	/* served: SPC-4 5.16.2.4.4 */
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x12, 0, 0, 0, 0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x03, 0, 0, 0, 0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x1a, 0, 0x3f, 0, 0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x5a, 0, 0x3f, 0, 0, 0, 0, 0,
			    0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x15, 0x10, 0, 0, 24, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x4d, 0, 0, 0, 0, 0, 0, 0,
			    0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x4c, 0, 0, 0, 0, 0, 0, 0,
			    0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0xa0, 0, 0, 0, 0, 0, 0, 0, 0x10,
			    0, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0xa3, 0x0a, 0, 0, 0, 0, 0, 0,
			    0x10, 0, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0xa3, 0x0c, 0, 0, 0, 0, 0, 0,
			    0x10, 0, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0xa4, 0x0a, 0, 0, 0, 0, 0, 0,
			    0, 8, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x5e, 0, 0, 0, 0, 0, 0, 0x10,
			    0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x5f, 0, 0, 0, 0, 0, 0, 0,
			    24, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x1c, 1, 0, 0, 0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_STANDBY, 0x1d, 4, 0, 0, 0, 0));
	/* refused: NOT READY, 04h/0Bh */
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0x28, 0, 0, 0, 0, 0, 0, 0, 8,
			   0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_STANDBY);
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0x2a, 0, 0, 0, 0, 0, 0, 0, 8,
			   0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_STANDBY);
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0x00, 0, 0, 0, 0, 0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_STANDBY);
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0x25, 0, 0, 0, 0, 0, 0, 0, 0,
			   0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_STANDBY);
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0x35, 0, 0, 0, 0, 0, 0, 0, 0,
			   0));
	/* MAINTENANCE IN/OUT: only the service actions listed */
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0xa3, 0x05, 0, 0, 0, 0, 0, 0,
			   0x10, 0, 0, 0));
	ASSERT_TRUE(DENIED(IKT_ALUA_STANDBY, 0xa4, 0x06, 0, 0, 0, 0, 0, 0,
			   0, 8, 0, 0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_STANDBY);
}

TEST(access_unavailable)
{
	ASSERT_FALSE(DENIED(IKT_ALUA_UNAVAILABLE, 0x12, 0, 0, 0, 0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_UNAVAILABLE, 0x03, 0, 0, 0, 0xff, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_UNAVAILABLE, 0xa0, 0, 0, 0, 0, 0, 0, 0,
			    0x10, 0, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_UNAVAILABLE, 0xa3, 0x0a, 0, 0, 0, 0, 0,
			    0, 0x10, 0, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_UNAVAILABLE, 0xa3, 0x0d, 0, 0, 0, 0, 0,
			    0, 0x10, 0, 0, 0));
	ASSERT_FALSE(DENIED(IKT_ALUA_UNAVAILABLE, 0xa4, 0x0a, 0, 0, 0, 0, 0,
			    0, 0, 8, 0, 0));
	/* what standby still serves, unavailable does not */
	ASSERT_TRUE(DENIED(IKT_ALUA_UNAVAILABLE, 0x1a, 0, 0x3f, 0, 0xff, 0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_UNAVAIL);
	ASSERT_TRUE(DENIED(IKT_ALUA_UNAVAILABLE, 0x5e, 0, 0, 0, 0, 0, 0, 0x10,
			   0, 0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_UNAVAIL);
	ASSERT_TRUE(DENIED(IKT_ALUA_UNAVAILABLE, 0x4d, 0, 0, 0, 0, 0, 0, 0,
			   0xff, 0));
	ASSERT_TRUE(DENIED(IKT_ALUA_UNAVAILABLE, 0x28, 0, 0, 0, 0, 0, 0, 0, 8,
			   0));
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_LU_NOT_ACCESS_UNAVAIL);
}

/* No restriction without ALUA, on the W-LUN, or without a LU */
TEST(access_not_restricted)
{
	struct ikt_lu_info lu = test_lu(false);
	const u8 read10[10] = { 0x28 };

	lu.alua_state = IKT_ALUA_STANDBY;
	ASSERT_FALSE(ikt_alua_access_denied(&lu, read10, 10, &res));
	lu = wlun_lu();
	lu.alua_state = IKT_ALUA_UNAVAILABLE;
	ASSERT_FALSE(ikt_alua_access_denied(&lu, read10, 10, &res));
	ASSERT_FALSE(ikt_alua_access_denied(NULL, read10, 10, &res));
}

/* REPORT SUPPORTED OPERATION CODES lists RTPG exactly when it is served */
static bool rsoc_lists(const struct ikt_lu_info *lu, u8 op, u8 sa)
{
	u32 off, len;

	RUN(lu, 0xa3, 0x0c, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0);
	len = get_unaligned_be32(buf);
	for (off = 4; off < len + 4; off += 8)
		if (buf[off] == op && get_unaligned_be16(buf + off + 2) == sa &&
		    (buf[off + 5] & 1))
			return true;
	return false;
}

TEST(rsoc_lists_rtpg_only_with_alua)
{
	struct ikt_lu_info on = test_lu(true), off = test_lu(false);
	const u8 exp[] = {
		0, 0x03, 0, 12,
		0xa3, 0x2a, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0x04,
	};

	ASSERT_TRUE(rsoc_lists(&on, 0xa3, 0x0a));
	ASSERT_FALSE(rsoc_lists(&off, 0xa3, 0x0a));
	ASSERT_TRUE(rsoc_lists(&on, 0xa4, 0x0a));
	ASSERT_FALSE(rsoc_lists(&off, 0xa4, 0x0a));
	RUN(&on, 0xa3, 0x0c, 0x02, 0xa3, 0, 0x0a, 0, 0, 0x10, 0, 0, 0);
	EXPECT_DATA(exp);
	RUN(&off, 0xa3, 0x0c, 0x02, 0xa3, 0, 0x0a, 0, 0, 0x10, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x01, buf[1]);	/* SUPPORT: not supported */
	/* MAINTENANCE OUT has service actions: asked by opcode alone */
	RUN(&on, 0xa3, 0x0c, 0x01, 0xa4, 0, 0, 0, 0, 0x10, 0, 0, 0);
	EXPECT_BAD_FIELD(2, 2);
	RUN(&on, 0xa3, 0x0c, 0x02, 0xa4, 0, 0x0a, 0, 0, 0x10, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x03, buf[1] & 0x07);	/* SUPPORT: supported */
	RUN(&off, 0xa3, 0x0c, 0x02, 0xa4, 0, 0x0a, 0, 0, 0x10, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x01, buf[1]);
}

/* ---- REPORT LUNS and its well-known LU ---- */

#define WLUN_ENTRY	0xc1, 0x01, 0, 0, 0, 0, 0, 0
#define REPORT_LUNS(lu, sel) RUN(lu, 0xa0, 0, sel, 0, 0, 0, 0, 0, 0x10, 0, \
				 0, 0)

TEST(report_luns_select_report)
{
	struct ikt_lu_info lu = test_lu(false);
	const u8 no_wluns[] = {
		0, 0, 0, 16, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 3, 0, 0, 0, 0, 0, 0,
	};
	const u8 wluns[] = { 0, 0, 0, 8, 0, 0, 0, 0, WLUN_ENTRY };
	const u8 all[] = {
		0, 0, 0, 24, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 3, 0, 0, 0, 0, 0, 0,
		WLUN_ENTRY,
	};
	unsigned int sel;

	REPORT_LUNS(&lu, 0);
	EXPECT_DATA(no_wluns);
	REPORT_LUNS(&lu, 1);
	EXPECT_DATA(wluns);
	REPORT_LUNS(&lu, 2);
	EXPECT_DATA(all);
	/* conglomerate reports and reserved codes */
	for (sel = 3; sel < 256; sel++) {
		REPORT_LUNS(&lu, sel);
		EXPECT_BAD_FIELD(2, -1);
	}
}

TEST(report_luns_wlun_truncated)
{
	struct ikt_lu_info lu = test_lu(false);
	const u8 exp[] = {
		0, 0, 0, 24, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 3, 0, 0,
	};

	RUN(&lu, 0xa0, 0, 2, 0, 0, 0, 0, 0, 0, 20, 0, 0);
	EXPECT_DATA(exp);
	ASSERT_EQ(32, res.data_full);
}

TEST(wlun_addressing)
{
	const u8 wlun[8] = { 0xc1, 0x01 };
	const u8 other_wlun[8] = { 0xc1, 0x02 };
	const u8 long_ext[8] = { 0xd1, 0x01 };
	const u8 trailing[8] = { 0xc1, 0x01, 0, 0, 0, 0, 0, 1 };
	const u8 flat[8] = { 0x40, 0x01 };
	u64 lun;

	ASSERT_TRUE(ikt_scsi_lun_is_report_wlun(wlun));
	ASSERT_FALSE(ikt_scsi_lun_is_report_wlun(other_wlun));
	ASSERT_FALSE(ikt_scsi_lun_is_report_wlun(long_ext));
	ASSERT_FALSE(ikt_scsi_lun_is_report_wlun(trailing));
	ASSERT_FALSE(ikt_scsi_lun_is_report_wlun(flat));
	/* not an ordinary LUN either */
	ASSERT_FALSE(ikt_scsi_lun_decode(wlun, &lun));
}

TEST(wlun_standard_inquiry)
{
	struct ikt_lu_info lu = wlun_lu();

	RUN(&lu, 0x12, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(74, res.data_len);
	ASSERT_EQ(0x1e, buf[0]);	/* PQ 000b, well known LU */
	ASSERT_EQ(0, buf[5]);		/* no TPGS, no 3PC */
	ASSERT_EQ(0, memcmp(buf + 8, "ISCSIKT ", 8));
	/* no SBC-3 version descriptor */
	ASSERT_EQ(0, get_unaligned_be16(buf + 64));
}

TEST(wlun_vpd_pages)
{
	struct ikt_lu_info lu = wlun_lu();
	const u8 pages[] = { 0x1e, 0x00, 0, 2, 0x00, 0x83 };
	u32 off, len;

	RUN(&lu, 0x12, 0x01, 0x00, 0, 0xff, 0);
	EXPECT_DATA(pages);
	/* Only target port and target device designators */
	RUN(&lu, 0x12, 0x01, 0x83, 0x10, 0x00, 0);
	EXPECT_GOOD();
	len = 4 + get_unaligned_be16(buf + 2);
	ASSERT_LT(4, len);
	for (off = 4; off + 4 <= len; off += 4 + buf[off + 3])
		ASSERT_NE(0, buf[off + 1] & 0x30);
	ASSERT_EQ(len, off);
	RUN(&lu, 0x12, 0x01, 0x80, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, -1);
	RUN(&lu, 0x12, 0x01, 0xb0, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, -1);
}

TEST(wlun_serves_its_four_commands)
{
	struct ikt_lu_info lu = wlun_lu();
	const u8 all[] = {
		0, 0, 0, 24, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 3, 0, 0, 0, 0, 0, 0,
		WLUN_ENTRY,
	};

	RUN(&lu, 0x00, 0, 0, 0, 0, 0);
	EXPECT_GOOD();
	RUN(&lu, 0x03, 0, 0, 0, 18, 0);
	EXPECT_GOOD();
	ASSERT_EQ(18, res.data_len);
	ASSERT_EQ(0x70, buf[0]);
	ASSERT_EQ(IKT_SK_NO_SENSE, buf[2] & 0xf);
	REPORT_LUNS(&lu, 2);
	EXPECT_DATA(all);
}

TEST(wlun_refuses_the_rest)
{
	struct ikt_lu_info lu = wlun_lu();

	RUN(&lu, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);	/* READ(10) */
	EXPECT_INVALID_OPCODE();
	RUN(&lu, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);	/* READ CAPACITY(10) */
	EXPECT_INVALID_OPCODE();
	RUN(&lu, 0x1a, 0, 0x3f, 0, 0xff, 0);		/* MODE SENSE(6) */
	EXPECT_INVALID_OPCODE();
	RUN(&lu, 0xa3, 0x0c, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0);	/* RSOC */
	EXPECT_INVALID_OPCODE();
	RTPG(&lu, 0, 4096);
	EXPECT_INVALID_OPCODE();
	RUN(&lu, 0x5e, 0, 0, 0, 0, 0, 0, 0x10, 0, 0);	/* PR IN */
	EXPECT_INVALID_OPCODE();
}

TEST_HARNESS_MAIN
