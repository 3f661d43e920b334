// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of third-party copy (kernel/proto/scsi_xcopy.c): the CDB
 * handlers through ikt_scsi_dispatch(), the EXTENDED COPY(LID1)
 * parameter list parser and checks with the sense each error must give
 * (SPC-4 6.4, and what libiscsi's ExtendedCopy suite expects), RECEIVE
 * COPY RESULTS data and VPD 0x8F.
 */
#include <stdio.h>
#include <stdlib.h>

#include "scsi_harness.h"

#define NAA_A	0x6001405aaaaaaaa1ULL
#define NAA_B	0x6001405bbbbbbbb2ULL

static struct ikt_lu_info tpc_lu(bool tpc)
{
	struct ikt_lu_info lu = ikt_test_lu();

	lu.nblocks = 4096;
	lu.tpc = tpc;
	lu.naa = NAA_A;
	return lu;
}

static int run(const struct ikt_lu_info *lu, const u8 *cdb, unsigned int len)
{
	struct ikt_scsi_cmd_in in = { .lu = lu, .glue = true };

	return ikt_test_run(&in, cdb, len);
}

#define RUN(lu, ...) run(lu, CDB(__VA_ARGS__))

/* ---- parameter lists, built as libiscsi and sg_xcopy build them ---- */

struct plist {
	u8 b[IKT_XCOPY_PARAM_MAX + 256];
	u32 cscd_len, seg_len;
};

static void put_cscd(struct plist *p, u64 naa, u32 block_len)
{
	u8 *d = p->b + IKT_XCOPY_HDR_LEN + p->cscd_len;

	memset(d, 0, 32);
	d[0] = 0xe4;
	d[4] = 0x01;		/* binary */
	d[5] = 0x03;		/* LU, NAA */
	d[7] = 16;
	put_unaligned_be64(naa, d + 8);
	put_unaligned_be24(block_len, d + 29);
	p->cscd_len += 32;
}

/* Segments go after every CSCD: add all CSCDs first. */
static void put_b2b(struct plist *p, u16 src, u16 dst, u16 n, u64 slba,
		    u64 dlba)
{
	u8 *d = p->b + IKT_XCOPY_HDR_LEN + p->cscd_len + p->seg_len;

	memset(d, 0, 28);
	d[0] = 0x02;
	put_unaligned_be16(24, d + 2);
	put_unaligned_be16(src, d + 4);
	put_unaligned_be16(dst, d + 6);
	put_unaligned_be16(n, d + 10);
	put_unaligned_be64(slba, d + 12);
	put_unaligned_be64(dlba, d + 20);
	p->seg_len += 28;
}

static u32 put_hdr(struct plist *p, u8 list_id, u8 usage)
{
	p->b[0] = list_id;
	p->b[1] = usage << 3;
	put_unaligned_be16(p->cscd_len, p->b + 2);
	put_unaligned_be32(p->seg_len, p->b + 8);
	return IKT_XCOPY_HDR_LEN + p->cscd_len + p->seg_len;
}

static struct plist pl;
static struct ikt_xcopy_list xl;
static const struct ikt_xcopy_lu two_lus[2] = {
	{ .found = true, .block_size = 512, .nblocks = 4096 },
	{ .found = true, .block_size = 4096, .nblocks = 100 },
};

/* One CSCD (A, 512), one segment 0 -> 0 */
static u32 simple_list(u16 n, u64 slba, u64 dlba)
{
	memset(&pl, 0, sizeof(pl));
	put_cscd(&pl, NAA_A, 512);
	put_b2b(&pl, 0, 0, n, slba, dlba);
	return put_hdr(&pl, 1, IKT_XCOPY_LID_HOLD);
}

/* ---- CDBs ---- */

TEST(tpc_off_commands_unsupported)
{
	struct ikt_lu_info lu = tpc_lu(false);

	RUN(&lu, 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
	RUN(&lu, 0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
	/* and RSOC does not list them */
	RUN(&lu, 0xa3, 0x0c, 0x01, 0x83, 0, 0, 0, 0, 2, 0, 0, 0);
	ASSERT_EQ(IKT_SAM_GOOD, res.status);
	ASSERT_EQ(0x01, buf[1] & 0x07);
}

TEST(extended_copy_cdb)
{
	struct ikt_lu_info lu = tpc_lu(true);

	/* PARAMETER LIST LENGTH 0: GOOD, nothing to do */
	RUN(&lu, 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	ASSERT_EQ(IKT_SCSI_COMPLETE, res.action);
	ASSERT_EQ(IKT_SAM_GOOD, res.status);
	RUN(&lu, 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 76);
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	ASSERT_EQ(76, res.data_out_len);
	/* shorter than the header, longer than the limits */
	RUN(&lu, 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	RUN(&lu, 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0x11);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* reserved byte; EXTENDED COPY(LID4) service action 01h */
	RUN(&lu, 0x83, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 76);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	ASSERT_EQ(2, res.sense.sks_field);
	RUN(&lu, 0x83, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 76);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	ASSERT_EQ(1, res.sense.sks_field);
	/* read-only LU: a copy from it is allowed; its destination decides */
	lu.read_only = true;
	RUN(&lu, 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 76);
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
}

TEST(receive_copy_results_op_params)
{
	struct ikt_lu_info lu = tpc_lu(true);
	static const u8 exp[46] = {
		0, 0, 0, 42, 0x01, 0, 0, 0,
		0, IKT_XCOPY_MAX_CSCDS, 0, IKT_XCOPY_MAX_SEGS,
		0, 0, 0x04, 0x00,		/* MAXIMUM DESCRIPTOR LIST LENGTH */
		0x01, 0, 0, 0,			/* MAXIMUM SEGMENT LENGTH 16 MiB */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 1, 1, 0, 0, 0,
		0, 0, 0, 2, 0x02, 0xe4,
	};

	RUN(&lu, 0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0);
	ASSERT_EQ(IKT_SAM_GOOD, res.status);
	ASSERT_EQ(sizeof(exp), res.data_len);
	ASSERT_EQ(0, memcmp(exp, buf, sizeof(exp)));
	/* ALLOCATION LENGTH cuts it */
	RUN(&lu, 0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10);
	ASSERT_EQ(10, res.data_len);
	/* LIST IDENTIFIER is reserved for OPERATING PARAMETERS */
	RUN(&lu, 0x84, 0x03, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	ASSERT_EQ(2, res.sense.sks_field);
}

TEST(receive_copy_results_sa)
{
	struct ikt_lu_info lu = tpc_lu(true);

	/* COPY STATUS: the glue answers */
	RUN(&lu, 0x84, 0x00, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12);
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	ASSERT_EQ(0, res.data_out_len);
	/* RECEIVE DATA, FAILED SEGMENT DETAILS: not served */
	RUN(&lu, 0x84, 0x01, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	ASSERT_EQ(1, res.sense.sks_field);
	RUN(&lu, 0x84, 0x04, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
}

TEST(copy_status_data)
{
	static const u8 exp[12] = { 0, 0, 0, 8, 0x01, 0, 3, 0,
				    0x00, 0x10, 0x00, 0x00 };
	static const u8 big[12] = { 0, 0, 0, 8, 0x02, 0, 1, 1,
				    0x00, 0x40, 0x00, 0x00 };

	ikt_xcopy_status_build(buf, IKT_XCOPY_DONE, 3, 1 << 20);
	ASSERT_EQ(0, memcmp(exp, buf, sizeof(exp)));
	/* 4 GiB: no longer fits 32 bits of bytes, counted in KiB */
	ikt_xcopy_status_build(buf, IKT_XCOPY_DONE_ERRORS, 1, 1ULL << 32);
	ASSERT_EQ(0, memcmp(big, buf, sizeof(big)));
}

/* ---- INQUIRY ---- */

TEST(inquiry_3pc_and_vpd_list)
{
	struct ikt_lu_info lu = tpc_lu(true);
	unsigned int i;
	bool has8f = false;

	RUN(&lu, 0x12, 0, 0, 0, 96, 0);
	ASSERT_EQ(0x08, buf[5] & 0x08);
	RUN(&lu, 0x12, 1, 0x00, 0, 255, 0);
	for (i = 0; i < buf[3]; i++) {
		if (i)
			ASSERT_LT(buf[4 + i - 1], buf[4 + i]);
		has8f |= buf[4 + i] == 0x8f;
	}
	ASSERT_TRUE(has8f);

	lu.tpc = false;
	RUN(&lu, 0x12, 0, 0, 0, 96, 0);
	ASSERT_EQ(0, buf[5] & 0x08);
	RUN(&lu, 0x12, 1, 0x00, 0, 255, 0);
	for (i = 0; i < buf[3]; i++)
		ASSERT_NE(0x8f, buf[4 + i]);
	RUN(&lu, 0x12, 1, 0x8f, 0, 255, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
}

TEST(vpd_third_party_copy)
{
	struct ikt_lu_info lu = tpc_lu(true);
	static const u8 exp[] = {
		0x00, 0x8f, 0x00, 0x60,
		/* Supported Commands: 83h/00h, 84h/00h,03h */
		0x00, 0x01, 0x00, 0x08, 0x07, 0x83, 0x01, 0x00,
		0x84, 0x02, 0x00, 0x03,
		/* Parameter Data */
		0x00, 0x04, 0x00, 0x1c, 0, 0, 0, 0,
		0x00, IKT_XCOPY_MAX_CSCDS, 0x00, IKT_XCOPY_MAX_SEGS,
		0x00, 0x00, 0x04, 0x00, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		/* Supported Descriptors */
		0x00, 0x08, 0x00, 0x04, 0x02, 0x02, 0xe4, 0x00,
		/* Supported CSCD Descriptor IDs: none */
		0x00, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
		/* General Copy Operations */
		0x80, 0x01, 0x00, 0x20, 0, 0, 0, 1, 0, 0, 0, 1,
		0x01, 0x00, 0x00, 0x00, 9, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};

	RUN(&lu, 0x12, 1, 0x8f, 0x04, 0x00, 0);
	ASSERT_EQ(IKT_SAM_GOOD, res.status);
	ASSERT_EQ(sizeof(exp), res.data_len);
	ASSERT_EQ(0, memcmp(exp, buf, sizeof(exp)));
	/* DATA SEGMENT GRANULARITY follows the block size */
	lu.block_size = 4096;
	RUN(&lu, 0x12, 1, 0x8f, 0x04, 0x00, 0);
	ASSERT_EQ(12, buf[4 + 12 + 32 + 8 + 8 + 16]);
}

/* ---- parameter list ---- */

TEST(parse_simple)
{
	u32 len = simple_list(2048, 0, 2048);

	ASSERT_EQ(76, len);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(1, xl.list_id);
	ASSERT_EQ(IKT_XCOPY_LID_HOLD, xl.list_id_usage);
	ASSERT_EQ(1, xl.ncscds);
	ASSERT_EQ(NAA_A, xl.cscd[0].naa);
	ASSERT_EQ(512, xl.cscd[0].block_len);
	ASSERT_EQ(16, xl.cscd[0].off);
	ASSERT_EQ(1, xl.nsegs);
	ASSERT_EQ(2048, xl.seg[0].nblocks);
	ASSERT_EQ(2048, xl.seg[0].dst_lba);
	ASSERT_EQ(48, xl.seg[0].off);
	ASSERT_EQ(0, ikt_xcopy_check(&xl, two_lus, &res));
	ASSERT_EQ(0, xl.seg[0].src_pos);
	ASSERT_EQ(2048 * 512, xl.seg[0].dst_pos);
	ASSERT_EQ(2048 * 512, xl.seg[0].bytes);
}

TEST(parse_list_lengths)
{
	u32 len = simple_list(1, 0, 1);

	/* truncating the CSCD, then the segment descriptor */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, 16 + 31, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len - 1, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, 15, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* a longer list than the header describes is fine */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len + 8, &xl, &res));
	/* descriptor lists longer than MAXIMUM DESCRIPTOR LIST LENGTH */
	put_unaligned_be32(IKT_XCOPY_MAX_DESC_LIST, pl.b + 8);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, sizeof(pl.b), &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* a 32-bit SEGMENT DESCRIPTOR LIST LENGTH must not wrap */
	put_unaligned_be32(0xffffffff, pl.b + 8);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, sizeof(pl.b), &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* CSCD list not a whole number of descriptors */
	simple_list(1, 0, 1);
	put_unaligned_be16(31, pl.b + 2);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(2, res.sense.sks_field);
	/* inline data is not taken */
	simple_list(1, 0, 1);
	put_unaligned_be32(4, pl.b + 12);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len + 4, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INLINE_DATA_EXCEEDED);
}

TEST(parse_header_fields)
{
	u32 len = simple_list(1, 0, 1);

	pl.b[1] = 1 << 3;	/* LIST ID USAGE 01b is reserved */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(1, res.sense.sks_field);
	pl.b[1] = 0x80;
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	/* STR, PRIORITY and NO LIST ID are accepted */
	pl.b[1] = 0x20 | IKT_XCOPY_LID_NONE << 3 | 0x07;
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(IKT_XCOPY_LID_NONE, xl.list_id_usage);
	pl.b[1] = 0;
	pl.b[6] = 1;		/* reserved */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
}

TEST(parse_too_many_descriptors)
{
	unsigned int i;
	u32 len;

	memset(&pl, 0, sizeof(pl));
	for (i = 0; i <= IKT_XCOPY_MAX_CSCDS; i++)
		put_cscd(&pl, NAA_A, 512);
	put_b2b(&pl, 0, 0, 1, 0, 1);
	len = put_hdr(&pl, 1, 0);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_TOO_MANY_CSCDS);

	memset(&pl, 0, sizeof(pl));
	put_cscd(&pl, NAA_A, 512);
	for (i = 0; i <= IKT_XCOPY_MAX_SEGS; i++)
		put_b2b(&pl, 0, 0, 1, 0, 1);
	len = put_hdr(&pl, 2, 0);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_TOO_MANY_SEGMENTS);

	/* the maxima themselves are fine */
	memset(&pl, 0, sizeof(pl));
	for (i = 0; i < IKT_XCOPY_MAX_CSCDS; i++)
		put_cscd(&pl, NAA_A, 512);
	for (i = 0; i < IKT_XCOPY_MAX_SEGS; i++)
		put_b2b(&pl, i % IKT_XCOPY_MAX_CSCDS, 0, 1, i, i + 100);
	len = put_hdr(&pl, 3, 0);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(IKT_XCOPY_MAX_CSCDS, xl.ncscds);
	ASSERT_EQ(IKT_XCOPY_MAX_SEGS, xl.nsegs);
}

TEST(parse_descriptor_types)
{
	u32 len = simple_list(1, 0, 1);

	pl.b[16] = 0xe0;	/* Fibre Channel N_Port_Name */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_UNSUPPORTED_CSCD_TYPE);

	len = simple_list(1, 0, 1);
	pl.b[48] = 0x03;	/* stream to stream */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_UNSUPPORTED_SEG_TYPE);

	/* a segment list ending inside a descriptor header, or its body */
	len = simple_list(1, 0, 1);
	put_unaligned_be32(28 + 2, pl.b + 8);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len + 2, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(8, res.sense.sks_field);
	put_unaligned_be32(20, pl.b + 8);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(8, res.sense.sks_field);

	/* a block to block descriptor with the wrong DESCRIPTOR LENGTH */
	len = simple_list(1, 0, 1);
	pl.b[48 + 3] = 20;
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(50, res.sense.sks_field);
}

TEST(parse_cscd_fields)
{
	u32 len = simple_list(1, 0, 1);

	pl.b[17] = 0xc0;	/* LU ID TYPE 11b: ignored (SPC-4) */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(NAA_A, xl.cscd[0].naa);
	ASSERT_FALSE(xl.cscd[0].nul);
	pl.b[17] = 0x01;	/* a sequential-access device */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(17, res.sense.sks_field);
	pl.b[17] = 0;
	pl.b[23] = 21;		/* designator longer than its field */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(23, res.sense.sks_field);

	/* NUL: parsed, then the copy is aborted: the CSCD is no device */
	len = simple_list(1, 0, 1);
	pl.b[17] = 0x20;
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_TRUE(xl.cscd[0].nul);
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, two_lus, &res));
	EXPECT_SENSE(IKT_SK_COPY_ABORTED, IKT_ASC_COPY_TARGET_UNREACHABLE);

	/* designators that cannot name one of our LUs */
	len = simple_list(1, 0, 1);
	pl.b[20] = 0x02;	/* ASCII */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(0, xl.cscd[0].naa);
	len = simple_list(1, 0, 1);
	pl.b[21] = 0x13;	/* associated with the target port */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(0, xl.cscd[0].naa);
	len = simple_list(1, 0, 1);
	pl.b[24 + 15] = 1;	/* a non-zero low half */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(0, xl.cscd[0].naa);
	/* protocol identifier and PIV do not matter */
	len = simple_list(1, 0, 1);
	pl.b[20] = 0x51;
	pl.b[21] = 0x83;
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(NAA_A, xl.cscd[0].naa);
}

TEST(parse_segment_fields)
{
	u32 len = simple_list(1, 0, 1);

	/* DESTINATION CSCD DESCRIPTOR INDEX 1 of 1: unreachable */
	put_unaligned_be16(1, pl.b + 48 + 6);
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_COPY_ABORTED, IKT_ASC_COPY_TARGET_UNREACHABLE);

	len = simple_list(1, 0, 1);
	pl.b[49] = 0x04;	/* reserved */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(49, res.sense.sks_field);
	pl.b[49] = 0x03;	/* DC, CAT */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_TRUE(xl.seg[0].dc);
	pl.b[49] = 0;
	pl.b[57] = 1;		/* reserved */
	ASSERT_EQ(-EINVAL, ikt_xcopy_parse(pl.b, len, &xl, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(57, res.sense.sks_field);
}

/* ---- checks against the LUs ---- */

TEST(check_ranges)
{
	/* to the last block, and past it */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, simple_list(2048, 0, 2048), &xl,
				     &res));
	ASSERT_EQ(0, ikt_xcopy_check(&xl, two_lus, &res));
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, simple_list(2048, 0, 2049), &xl,
				     &res));
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, two_lus, &res));
	EXPECT_SENSE(IKT_SK_COPY_ABORTED, IKT_ASC_NONE);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, simple_list(1, ~0ULL, 0), &xl,
				     &res));
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, two_lus, &res));
	EXPECT_SENSE(IKT_SK_COPY_ABORTED, IKT_ASC_NONE);
	/* 0 blocks at the end: nothing to copy, not an error */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, simple_list(0, 4096, 4096), &xl,
				     &res));
	ASSERT_EQ(0, ikt_xcopy_check(&xl, two_lus, &res));
	ASSERT_EQ(0, xl.seg[0].bytes);
	/* longer than MAXIMUM SEGMENT LENGTH */
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, simple_list(0xffff, 0, 0), &xl,
				     &res));
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, two_lus, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(58, res.sense.sks_field);
}

TEST(check_lus)
{
	struct ikt_xcopy_lu lus[2] = { two_lus[0], two_lus[1] };
	u32 len;

	/* not found (or TPC off) */
	lus[0].found = false;
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, simple_list(8, 0, 8), &xl, &res));
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, lus, &res));
	EXPECT_SENSE(IKT_SK_COPY_ABORTED, IKT_ASC_COPY_TARGET_UNREACHABLE);
	/* read-only destination */
	lus[0].found = true;
	lus[0].read_only = true;
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, lus, &res));
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
	/* DISK BLOCK LENGTH not the LU's */
	lus[0].read_only = false;
	lus[0].block_size = 4096;
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, lus, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_PARAM);
	ASSERT_EQ(16 + 29, res.sense.sks_field);

	/* 512 -> 4096 byte blocks: 8 source blocks are 1 destination block */
	memset(&pl, 0, sizeof(pl));
	put_cscd(&pl, NAA_A, 512);
	put_cscd(&pl, NAA_B, 4096);
	put_b2b(&pl, 0, 1, 16, 8, 99);
	len = put_hdr(&pl, 5, IKT_XCOPY_LID_NO_HOLD);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, two_lus, &res));
	EXPECT_SENSE(IKT_SK_COPY_ABORTED, IKT_ASC_NONE);
	put_unaligned_be64(98, pl.b + 16 + 64 + 20);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(0, ikt_xcopy_check(&xl, two_lus, &res));
	ASSERT_EQ(8 * 512, xl.seg[0].src_pos);
	ASSERT_EQ(98 * 4096, xl.seg[0].dst_pos);
	ASSERT_EQ(8192, xl.seg[0].bytes);
	/* DC: NUMBER OF BLOCKS counts destination blocks */
	pl.b[16 + 64 + 1] = 0x02;
	put_unaligned_be16(2, pl.b + 16 + 64 + 10);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(0, ikt_xcopy_check(&xl, two_lus, &res));
	ASSERT_EQ(8192, xl.seg[0].bytes);
	/* 3 source blocks are not whole destination blocks */
	pl.b[16 + 64 + 1] = 0;
	put_unaligned_be16(3, pl.b + 16 + 64 + 10);
	ASSERT_EQ(0, ikt_xcopy_parse(pl.b, len, &xl, &res));
	ASSERT_EQ(-EINVAL, ikt_xcopy_check(&xl, two_lus, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INEXACT_SEGMENT);
}

/* Every prefix and every single-byte corruption: no crash, no overrun. */
TEST(parse_any_bytes)
{
	u32 len = simple_list(8, 0, 8), n, i;
	u8 *copy;

	for (n = 0; n <= len; n++) {
		copy = malloc(n ? n : 1);
		ASSERT_NE(NULL, copy);
		memcpy(copy, pl.b, n);
		ikt_xcopy_parse(copy, n, &xl, &res);
		free(copy);
	}
	for (i = 0; i < len; i++) {
		for (n = 0; n < 256; n += 17) {
			u8 save = pl.b[i];

			pl.b[i] = n;
			copy = malloc(len);
			ASSERT_NE(NULL, copy);
			memcpy(copy, pl.b, len);
			if (!ikt_xcopy_parse(copy, len, &xl, &res))
				ikt_xcopy_check(&xl, two_lus, &res);
			free(copy);
			pl.b[i] = save;
		}
	}
}

TEST_HARNESS_MAIN
