// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of COMPARE AND WRITE, ORWRITE(16), WRITE ATOMIC(16) and
 * PRE-FETCH(10)/(16) validation (kernel/proto/scsi_rmw.c): what reaches
 * the glue, with how much data-out, and every sense the emulation gives.
 */
#include <stdio.h>
#include <stdlib.h>

#include "scsi_harness.h"

#define NBLOCKS		1000
#define BS		512

static struct ikt_lu_info test_lu(void)
{
	struct ikt_lu_info lu = ikt_test_lu();

	lu.nblocks = NBLOCKS;
	lu.block_size = BS;
	lu.caw_max_blocks = 255;
	lu.atomic_max_blocks = 2048;
	return lu;
}

static struct ikt_lu_info lu0;
static bool no_glue;

/* Run a CDB with Expected Data Transfer Length @edtl against lu0. */
#define RUN(edtl, ...) \
	ikt_test_run_out(&lu0, edtl, !no_glue, CDB(__VA_ARGS__))

#define BE64(v) (u8)((u64)(v) >> 56), (u8)((u64)(v) >> 48),		\
		(u8)((u64)(v) >> 40), (u8)((u64)(v) >> 32),		\
		(u8)((u64)(v) >> 24), (u8)((u64)(v) >> 16),		\
		(u8)((u64)(v) >> 8), (u8)(v)
#define BE32(v) (u8)((v) >> 24), (u8)((v) >> 16), (u8)((v) >> 8), (u8)(v)
#define BE16(v) (u8)((v) >> 8), (u8)(v)

#define CAW(b1, lba, n, edtl)						\
	RUN(edtl, 0x89, b1, BE64(lba), 0, 0, 0, n, 0, 0)
#define ORWRITE(b1, lba, n, edtl)					\
	RUN(edtl, 0x8b, b1, BE64(lba), BE32(n), 0, 0)
#define ATOMIC(b1, lba, boundary, n, edtl)				\
	RUN(edtl, 0x9c, b1, BE64(lba), BE16(boundary), BE16(n), 0, 0)
#define PREFETCH10(b1, lba, n) RUN(0, 0x34, b1, BE32(lba), 0, BE16(n), 0)
#define PREFETCH16(b1, lba, n) RUN(0, 0x90, b1, BE64(lba), BE32(n), 0, 0)

FIXTURE(rmw) {};

FIXTURE_SETUP(rmw)
{
	lu0 = test_lu();
	no_glue = false;
	memset(&res, 0, sizeof(res));
}

FIXTURE_TEARDOWN(rmw) {}

#define EXPECT_OOB() EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST,		\
				  IKT_ASC_LBA_OUT_OF_RANGE)
#define EXPECT_PROTECTED() EXPECT_SENSE(IKT_SK_DATA_PROTECT,		\
					IKT_ASC_WRITE_PROTECTED)

/* ---- COMPARE AND WRITE ---- */

TEST_F(rmw, caw_solicits_both_halves)
{
	ASSERT_EQ(0, CAW(0, 0, 1, 2 * BS));
	EXPECT_GLUE(2 * BS);
	/* DPO, FUA and FUA_NV are accepted (MODE SENSE reports DPOFUA) */
	CAW(0x1a, 5, 8, 16 * BS);
	EXPECT_GLUE(16 * BS);
	/* the last blocks of the LU, and the largest count */
	CAW(0, NBLOCKS - 255, 255, 2 * 255 * BS);
	EXPECT_GLUE(2 * 255 * BS);
}

TEST_F(rmw, caw_zero_blocks)
{
	CAW(0, 0, 0, 0);
	EXPECT_GOOD();
	CAW(0, NBLOCKS - 1, 0, 0);
	EXPECT_GOOD();
	/* the LBA must exist even when nothing is compared */
	CAW(0, NBLOCKS, 0, 0);
	EXPECT_OOB();
	/* 256 blocks sent as 0: data-out for blocks the CDB does not name */
	CAW(0, 0, 0, 2 * 256 * BS);
	EXPECT_BAD_FIELD(13, -1);
}

TEST_F(rmw, caw_data_out_must_match)
{
	/* libiscsi CompareAndWrite.InvalidDataOutSize: 4 blocks, TL 1 / 3 */
	CAW(0, 0, 1, 4 * BS);
	EXPECT_BAD_FIELD(13, -1);
	CAW(0, 0, 3, 4 * BS);
	EXPECT_BAD_FIELD(13, -1);
	/* only the verify half */
	CAW(0, 0, 2, 2 * BS);
	EXPECT_BAD_FIELD(13, -1);
	CAW(0, 0, 1, 0);
	EXPECT_BAD_FIELD(13, -1);
}

TEST_F(rmw, caw_length_limit)
{
	lu0.caw_max_blocks = 16;
	CAW(0, 0, 16, 32 * BS);
	EXPECT_GLUE(32 * BS);
	CAW(0, 0, 17, 34 * BS);
	EXPECT_BAD_FIELD(13, -1);
	/* a glue without COMPARE AND WRITE limits (0) takes no block */
	lu0.caw_max_blocks = 0;
	CAW(0, 0, 1, 2 * BS);
	EXPECT_BAD_FIELD(13, -1);
}

TEST_F(rmw, caw_lba_range)
{
	CAW(0, NBLOCKS - 1, 2, 4 * BS);
	EXPECT_OOB();
	CAW(0, 0x8000000000000000ULL, 1, 2 * BS);
	EXPECT_OOB();
	CAW(0, (u64)-1, 1, 2 * BS);
	EXPECT_OOB();
}

TEST_F(rmw, caw_reserved_and_protect_fields)
{
	CAW(0x20, 0, 1, 2 * BS);	/* WRPROTECT: no protection info */
	EXPECT_BAD_FIELD(1, 5);
	CAW(0x04, 0, 1, 2 * BS);
	EXPECT_BAD_FIELD(1, 2);
	RUN(2 * BS, 0x89, 0, BE64(0), 0, 1, 0, 1, 0, 0);
	EXPECT_BAD_FIELD(11, 0);
	RUN(2 * BS, 0x89, 0, BE64(0), 0, 0, 0, 1, 0x20, 0);
	EXPECT_BAD_FIELD(14, 5);
}

TEST_F(rmw, caw_needs_the_glue)
{
	no_glue = true;
	CAW(0, 0, 1, 2 * BS);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
}

TEST_F(rmw, caw_miscompare_sense)
{
	u8 out[IKT_SCSI_SENSE_MAX];

	memset(&res, 0, sizeof(res));
	ikt_scsi_miscompare(&res, 0x12345);
	EXPECT_SENSE(IKT_SK_MISCOMPARE, IKT_ASC_MISCOMPARE_DURING_VERIFY);
	/* fixed format: VALID, INFORMATION = the differing byte's offset */
	ASSERT_EQ(18, ikt_scsi_build_sense(&res.sense, false, out,
					   sizeof(out)));
	ASSERT_EQ(0xf0, out[0]);
	ASSERT_EQ(IKT_SK_MISCOMPARE, out[2] & 0xf);
	ASSERT_EQ(0x12345, get_unaligned_be32(out + 3));
	ASSERT_EQ(0x1d, out[12]);
	ASSERT_EQ(0x00, out[13]);
}

/* ---- ORWRITE(16) ---- */

TEST_F(rmw, orwrite_solicits_its_blocks)
{
	ORWRITE(0, 0, 1, BS);
	EXPECT_GLUE(BS);
	ORWRITE(0x1a, NBLOCKS - 256, 256, 256 * BS);
	EXPECT_GLUE(256 * BS);
	/* more data-out than blocks: the blocks are collected, as WRITE */
	ORWRITE(0, 0, 1, 2 * BS);
	EXPECT_GLUE(BS);
}

TEST_F(rmw, orwrite_zero_blocks_and_range)
{
	ORWRITE(0, 0, 0, 0);
	EXPECT_GOOD();
	ORWRITE(0, NBLOCKS, 0, 0);
	EXPECT_OOB();
	ORWRITE(0, NBLOCKS - 1, 2, 2 * BS);
	EXPECT_OOB();
	ORWRITE(0, 0x8000000000000000ULL, 1, BS);
	EXPECT_OOB();
}

TEST_F(rmw, orwrite_lengths)
{
	/* fewer data-out bytes than blocks: no torn OR */
	ORWRITE(0, 0, 2, BS);
	EXPECT_BAD_FIELD(10, -1);
	ORWRITE(0, 0, 2049, 2049 * BS);
	EXPECT_BAD_FIELD(10, -1);
	/* no MAXIMUM TRANSFER LENGTH: the glue's data-out limit still holds */
	lu0.max_xfer_blocks = 0;
	lu0.nblocks = 1ULL << 40;
	ORWRITE(0, 0, IKT_SCSI_GLUE_DATA_OUT_MAX / BS, 0xffffffff);
	EXPECT_GLUE(IKT_SCSI_GLUE_DATA_OUT_MAX);
	ORWRITE(0, 0, IKT_SCSI_GLUE_DATA_OUT_MAX / BS + 1, 0xffffffff);
	EXPECT_BAD_FIELD(10, -1);
	ORWRITE(0, 0, 0xffffffff, 0xffffffff);
	EXPECT_BAD_FIELD(10, -1);
}

TEST_F(rmw, orwrite_fields)
{
	ORWRITE(0x20, 0, 1, BS);	/* ORPROTECT */
	EXPECT_BAD_FIELD(1, 5);
	RUN(BS, 0x8b, 0, BE64(0), BE32(1), 0x20, 0);	/* reserved 14 */
	EXPECT_BAD_FIELD(14, 5);
	RUN(BS, 0x8b, 0, BE64(0), BE32(1), 0x1f, 0);	/* GROUP NUMBER */
	EXPECT_GLUE(BS);
}

/* ---- WRITE ATOMIC(16) ---- */

TEST_F(rmw, atomic_solicits_its_blocks)
{
	ATOMIC(0, 0, 0, 1, BS);
	EXPECT_GLUE(BS);
	/* any alignment: ATOMIC ALIGNMENT and GRANULARITY are 0 */
	ATOMIC(0x18, 7, 0, 3, 3 * BS);
	EXPECT_GLUE(3 * BS);
	ATOMIC(0, NBLOCKS - 256, 0, 256, 256 * BS);
	EXPECT_GLUE(256 * BS);
}

TEST_F(rmw, atomic_limits)
{
	lu0.atomic_max_blocks = 8;
	ATOMIC(0, 0, 0, 8, 8 * BS);
	EXPECT_GLUE(8 * BS);
	ATOMIC(0, 0, 0, 9, 9 * BS);
	EXPECT_BAD_FIELD(12, -1);
	/* never beyond the MAXIMUM TRANSFER LENGTH */
	lu0.atomic_max_blocks = 0xffff;
	lu0.max_xfer_blocks = 16;
	ATOMIC(0, 0, 0, 17, 17 * BS);
	EXPECT_BAD_FIELD(12, -1);
	/* not served at all */
	lu0.atomic_max_blocks = 0;
	ATOMIC(0, 0, 0, 1, BS);
	EXPECT_BAD_FIELD(12, -1);
	ATOMIC(0, 0, 0, 0, 0);
	EXPECT_GOOD();
}

TEST_F(rmw, atomic_boundary_and_fields)
{
	/* MAXIMUM ATOMIC BOUNDARY SIZE 0: no boundary may be asked for */
	ATOMIC(0, 0, 1, 1, BS);
	EXPECT_BAD_FIELD(11, 0);
	ATOMIC(0, 0, 0x100, 1, BS);
	EXPECT_BAD_FIELD(10, 0);
	ATOMIC(0x02, 0, 0, 1, BS);	/* no FUA_NV in WRITE ATOMIC */
	EXPECT_BAD_FIELD(1, 1);
	ATOMIC(0x40, 0, 0, 1, BS);
	EXPECT_BAD_FIELD(1, 6);
	ATOMIC(0, 0, 0, 2, BS);
	EXPECT_BAD_FIELD(12, -1);
}

TEST_F(rmw, atomic_zero_blocks_and_range)
{
	ATOMIC(0, 0, 0, 0, 0);
	EXPECT_GOOD();
	ATOMIC(0, NBLOCKS + 1, 0, 0, 0);
	EXPECT_OOB();
	ATOMIC(0, (u64)-1, 0, 0, 0);
	EXPECT_OOB();
	ATOMIC(0, NBLOCKS - 1, 0, 2, 2 * BS);
	EXPECT_OOB();
	/* past the end and too long: the range is reported */
	lu0.atomic_max_blocks = 8;
	ATOMIC(0, NBLOCKS - 8, 0, 16, 16 * BS);
	EXPECT_OOB();
}

/* ---- PRE-FETCH(10)/(16) ---- */

TEST_F(rmw, prefetch_goes_to_the_glue)
{
	PREFETCH10(0, 0, 1);
	EXPECT_GLUE(0);
	PREFETCH10(0x02, NBLOCKS - 256, 256);	/* IMMED */
	EXPECT_GLUE(0);
	PREFETCH16(0x02, NBLOCKS - 1, 1);
	EXPECT_GLUE(0);
	RUN(0, 0x34, 0, BE32(0), 3, BE16(1), 0);	/* GROUP NUMBER */
	EXPECT_GLUE(0);
	RUN(0, 0x90, 0, BE64(0), BE32(1), 3, 0);
	EXPECT_GLUE(0);
	/* not a write: a read-only LU prefetches too */
	lu0.read_only = true;
	PREFETCH16(0, 0, 8);
	EXPECT_GLUE(0);
}

TEST_F(rmw, prefetch_range)
{
	/* 0 blocks: to the end of the medium, so the LBA must exist */
	PREFETCH10(0, 0, 0);
	EXPECT_GLUE(0);
	PREFETCH10(0, NBLOCKS, 0);
	EXPECT_OOB();
	PREFETCH16(0, NBLOCKS + 1, 0);
	EXPECT_OOB();
	PREFETCH16(0, 0x8000000000000000ULL, 0);
	EXPECT_OOB();
	PREFETCH10(0, NBLOCKS - 1, 2);
	EXPECT_OOB();
	PREFETCH16(0, 1, 0xffffffff);
	EXPECT_OOB();
}

TEST_F(rmw, prefetch_fields)
{
	PREFETCH10(0x01, 0, 1);		/* obsolete RELADR */
	EXPECT_BAD_FIELD(1, 0);
	PREFETCH16(0x04, 0, 1);
	EXPECT_BAD_FIELD(1, 2);
	RUN(0, 0x34, 0, BE32(0), 0x20, BE16(1), 0);
	EXPECT_BAD_FIELD(6, 5);
}

TEST_F(rmw, rmw_range_decodes)
{
	const u8 pf10[10] = { 0x34, 0, BE32(990), 0, BE16(0), 0 };
	const u8 pf16[16] = { 0x90, 0, BE64(5), BE32(0), 0, 0 };
	const u8 caw[16] = { 0x89, 0, BE64(7), 0, 0, 0, 9, 0, 0 };
	const u8 atomic[16] = { 0x9c, 0, BE64(3), BE16(0), BE16(300), 0, 0 };
	const u8 orw[16] = { 0x8b, 0, BE64(4), BE32(70000), 0, 0 };
	const u8 rd[16] = { 0x88 };
	u64 lba;
	u32 n;

	ASSERT_TRUE(ikt_scsi_rmw_range(pf10, NBLOCKS, &lba, &n));
	ASSERT_EQ(990, lba);
	ASSERT_EQ(10, n);
	/* to the end, capped at 2^32 - 1 blocks */
	ASSERT_TRUE(ikt_scsi_rmw_range(pf16, 1ULL << 40, &lba, &n));
	ASSERT_EQ(5, lba);
	ASSERT_EQ(0xffffffffU, n);
	ASSERT_TRUE(ikt_scsi_rmw_range(caw, NBLOCKS, &lba, &n));
	ASSERT_EQ(7, lba);
	ASSERT_EQ(9, n);
	ASSERT_TRUE(ikt_scsi_rmw_range(atomic, NBLOCKS, &lba, &n));
	ASSERT_EQ(3, lba);
	ASSERT_EQ(300, n);
	ASSERT_TRUE(ikt_scsi_rmw_range(orw, NBLOCKS, &lba, &n));
	ASSERT_EQ(4, lba);
	ASSERT_EQ(70000, n);
	ASSERT_FALSE(ikt_scsi_rmw_range(rd, NBLOCKS, &lba, &n));
}

/* ---- read-only LUs, VPD, REPORT SUPPORTED OPERATION CODES ---- */

TEST_F(rmw, writers_refused_on_read_only)
{
	lu0.read_only = true;
	CAW(0, 0, 1, 2 * BS);
	EXPECT_PROTECTED();
	ORWRITE(0, 0, 1, BS);
	EXPECT_PROTECTED();
	ATOMIC(0, 0, 0, 1, BS);
	EXPECT_PROTECTED();
}

TEST_F(rmw, vpd_block_limits)
{
	lu0.caw_max_blocks = 255;
	lu0.atomic_max_blocks = 0x800;
	RUN(0, 0x12, 1, 0xb0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(64, res.data_len);
	ASSERT_EQ(255, buf[5]);		/* MAXIMUM COMPARE AND WRITE LENGTH */
	ASSERT_EQ(0x800, get_unaligned_be32(buf + 44));
	ASSERT_EQ(0, get_unaligned_be32(buf + 48));	/* ATOMIC ALIGNMENT */
	ASSERT_EQ(0, get_unaligned_be32(buf + 52));	/* GRANULARITY */
	ASSERT_EQ(0, get_unaligned_be32(buf + 56));	/* with boundary */
	ASSERT_EQ(0, get_unaligned_be32(buf + 60));	/* boundary size */
	lu0.caw_max_blocks = 0;
	lu0.atomic_max_blocks = 0;
	RUN(0, 0x12, 1, 0xb0, 0, 0xff, 0);
	ASSERT_EQ(0, buf[5]);
	ASSERT_EQ(0, get_unaligned_be32(buf + 44));
}

TEST_F(rmw, rsoc_usage)
{
	static const struct { u8 op, len, usage[16]; } cmds[] = {
		{ 0x34, 10, { 0x34, 0x02, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff,
			      0xff, 0x04 } },
		{ 0x89, 16, { 0x89, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0, 0, 0, 0xff, 0x1f, 0x04 } },
		{ 0x8b, 16, { 0x8b, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f,
			      0x04 } },
		{ 0x90, 16, { 0x90, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f,
			      0x04 } },
		{ 0x9c, 16, { 0x9c, 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0, 0, 0xff, 0xff, 0x1f, 0x04 } },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		RUN(0, 0xa3, 0x0c, 1, cmds[i].op, 0, 0, 0, 0, 0xff, 0xff, 0,
		    0);
		EXPECT_GOOD();
		ASSERT_EQ(0x03, buf[1]);
		ASSERT_EQ(cmds[i].len, get_unaligned_be16(buf + 2));
		ASSERT_EQ(0, memcmp(cmds[i].usage, buf + 4, cmds[i].len));
	}
	/* without the glue they do not exist */
	no_glue = true;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		RUN(0, 0xa3, 0x0c, 1, cmds[i].op, 0, 0, 0, 0, 0xff, 0xff, 0,
		    0);
		EXPECT_GOOD();
		ASSERT_EQ(0x01, buf[1]);
	}
}

TEST_HARNESS_MAIN
