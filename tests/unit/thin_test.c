// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of logical block provisioning (kernel/proto/scsi_thin.c):
 * WRITE SAME(10)/(16), UNMAP and GET LBA STATUS CDB checks, the UNMAP
 * parameter list parser and the GET LBA STATUS data layout.
 */
#include <stdio.h>
#include <stdlib.h>

#include "scsi_harness.h"

static struct ikt_lu_info lu0;

static struct ikt_lu_info fat_lu(void)
{
	struct ikt_lu_info lu = ikt_test_lu();

	lu.pb_exp = 3;
	lu.write_same_max_blocks = 500;
	return lu;
}

static struct ikt_lu_info thin_lu(void)
{
	struct ikt_lu_info lu = fat_lu();

	lu.thin = true;
	lu.unmap_max_blocks = 100;
	lu.unmap_max_descs = 4;
	lu.unmap_granularity = 8;
	return lu;
}

#define RUN(lu, edtl, ...) ikt_test_run_out(lu, edtl, true, CDB(__VA_ARGS__))

/* byte @s / 8 of @x, counting from the least significant */
#define B(x, s)	((u8)((u64)(x) >> (s)))

/* WRITE SAME(10) / (16) of @n blocks at @lba, byte 1 = @b1 */
#define WS10(lu, edtl, b1, lba, n) \
	RUN(lu, edtl, 0x41, b1, B(lba, 24), B(lba, 16), B(lba, 8), B(lba, 0), \
	    0, B(n, 8), B(n, 0), 0)
#define WS16(lu, edtl, b1, lba, n) \
	RUN(lu, edtl, 0x93, b1, 0, 0, 0, 0, B(lba, 24), B(lba, 16), \
	    B(lba, 8), B(lba, 0), B(n, 24), B(n, 16), B(n, 8), B(n, 0), 0, 0)
#define GLS(lu, lba, alloc) \
	RUN(lu, 0, 0x9e, 0x12, 0, 0, 0, 0, B(lba, 24), B(lba, 16), \
	    B(lba, 8), B(lba, 0), B(alloc, 24), B(alloc, 16), B(alloc, 8), \
	    B(alloc, 0), 0, 0)

#define EXPECT_OOR() \
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE)

/* ---- WRITE SAME ---- */

TEST(write_same_one_block_of_data_out)
{
	lu0 = fat_lu();
	WS10(&lu0, 512, 0, 10, 20);
	EXPECT_GLUE(512);
	WS16(&lu0, 512, 0, 10, 20);
	EXPECT_GLUE(512);
	/* the last block */
	WS16(&lu0, 512, 0, 999, 1);
	EXPECT_GLUE(512);
	/* NDOB: the block is zeros and none is sent */
	WS16(&lu0, 0, 0x01, 10, 20);
	EXPECT_GLUE(0);
}

TEST(write_same_data_out_must_be_one_block)
{
	lu0 = fat_lu();
	WS10(&lu0, 256, 0, 0, 1);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	WS10(&lu0, 1024, 0, 0, 1);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	WS16(&lu0, 0, 0, 0, 1);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
	WS16(&lu0, 512, 0x01, 0, 1);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB);
}

TEST(write_same_unmap_bit)
{
	/* a fully provisioned LU cannot unmap */
	lu0 = fat_lu();
	WS10(&lu0, 512, 0x08, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 3);
	WS16(&lu0, 0, 0x09, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 3);
	lu0 = thin_lu();
	WS10(&lu0, 512, 0x08, 0, 1);
	EXPECT_GLUE(512);
	WS16(&lu0, 0, 0x09, 0, 1);
	EXPECT_GLUE(0);
}

TEST(write_same_refused_bits)
{
	lu0 = thin_lu();
	/* ANCHOR (ANC_SUP 0), with and without UNMAP */
	WS10(&lu0, 512, 0x10, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 4);
	WS16(&lu0, 512, 0x18, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 4);
	/* obsolete PBDATA, LBDATA; WRPROTECT without protection */
	WS10(&lu0, 512, 0x04, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 2);
	WS16(&lu0, 512, 0x02, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 1);
	WS10(&lu0, 512, 0x20, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 5);
	/* NDOB has no place in WRITE SAME(10) */
	WS10(&lu0, 0, 0x01, 0, 1);
	EXPECT_FIELD_POINTER(true, 1, 0);
}

TEST(write_same_range)
{
	lu0 = fat_lu();
	WS10(&lu0, 512, 0, 1000, 1);
	EXPECT_OOR();
	WS10(&lu0, 512, 0, 999, 2);
	EXPECT_OOR();
	WS16(&lu0, 512, 0, 0xffffffff, 1);
	EXPECT_OOR();
	RUN(&lu0, 512, 0x93, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0);
	EXPECT_OOR();
	/* 0 blocks past the end: out of range before anything else */
	WS10(&lu0, 512, 0, 1001, 0);
	EXPECT_OOR();
	WS16(&lu0, 512, 0, 1000, 0);
	EXPECT_OOR();
}

TEST(write_same_maximum_length)
{
	lu0 = fat_lu();
	WS10(&lu0, 512, 0, 0, 500);
	EXPECT_GLUE(512);
	WS10(&lu0, 512, 0, 0, 501);
	EXPECT_FIELD_POINTER(true, 7, -1);
	WS16(&lu0, 512, 0, 0, 501);
	EXPECT_FIELD_POINTER(true, 10, -1);
	/* 0 blocks (WSNZ 0): to the end, within the maximum as any */
	WS10(&lu0, 512, 0, 0, 0);
	EXPECT_FIELD_POINTER(true, 7, -1);
	WS16(&lu0, 512, 0, 499, 0);
	EXPECT_FIELD_POINTER(true, 10, -1);
	WS16(&lu0, 512, 0, 500, 0);
	EXPECT_GLUE(512);
	WS10(&lu0, 512, 0, 999, 0);
	EXPECT_GLUE(512);
	/* no maximum reported: the whole LU */
	lu0.write_same_max_blocks = 0;
	WS10(&lu0, 512, 0, 0, 0);
	EXPECT_GLUE(512);
}

TEST(write_same_read_only)
{
	lu0 = thin_lu();
	lu0.read_only = true;
	WS10(&lu0, 512, 0, 0, 1);
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
	WS16(&lu0, 512, 0x08, 0, 1);
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
}

TEST(write_same_decode)
{
	const u8 ws10[10] = { 0x41, 0x08, 0, 0, 0x01, 0x02, 0, 0x01, 0x03 };
	const u8 ws16[16] = { 0x93, 0x09, 0, 0, 0, 0x01, 0, 0, 0, 0x10,
			      0, 0x01, 0, 0 };
	struct ikt_scsi_write_same ws;

	ikt_scsi_write_same_decode(ws10, 100000, &ws);
	ASSERT_EQ(0x102, ws.lba);
	ASSERT_EQ(0x103, ws.nblocks);
	ASSERT_TRUE(ws.unmap);
	ASSERT_FALSE(ws.ndob);
	ikt_scsi_write_same_decode(ws16, 1ULL << 40, &ws);
	ASSERT_EQ(0x100000010ULL, ws.lba);
	ASSERT_EQ(0x10000, ws.nblocks);
	ASSERT_TRUE(ws.unmap);
	ASSERT_TRUE(ws.ndob);
	/* NUMBER OF LOGICAL BLOCKS 0: to the end */
	ikt_scsi_write_same_decode((const u8[10]){ 0x41, 0, 0, 0, 0, 10 },
				   1000, &ws);
	ASSERT_EQ(10, ws.lba);
	ASSERT_EQ(990, ws.nblocks);
	ASSERT_FALSE(ws.unmap);
	/* ... and stays 0 past it (refused as out of range) */
	ikt_scsi_write_same_decode((const u8[10]){ 0x41, 0, 0, 0, 0x03, 0xe8 },
				   1000, &ws);
	ASSERT_EQ(0, ws.nblocks);
}

/* ---- UNMAP ---- */

TEST(unmap_only_on_thin_lu)
{
	lu0 = fat_lu();
	RUN(&lu0, 24, 0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
	lu0 = thin_lu();
	RUN(&lu0, 24, 0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0);
	EXPECT_GLUE(24);
	RUN(&lu0, 0xffff, 0x42, 0, 0, 0, 0, 0, 0x1f, 0xff, 0xff, 0);
	EXPECT_GLUE(0xffff);
	/* PARAMETER LIST LENGTH 0: nothing to do */
	RUN(&lu0, 0, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_GOOD();
	/* ANCHOR (ANC_SUP 0) */
	RUN(&lu0, 24, 0x42, 0x01, 0, 0, 0, 0, 0, 0, 24, 0);
	EXPECT_FIELD_POINTER(true, 1, 0);
	lu0.read_only = true;
	RUN(&lu0, 24, 0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0);
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
}

static u8 list[8 + 16 * 8];
static struct ikt_scsi_lba_range ranges[8];

/* An UNMAP parameter list of @n descriptors; returns its length. */
static u32 unmap_list(unsigned int n, const u64 *lba, const u32 *count)
{
	unsigned int i;

	memset(list, 0, sizeof(list));
	put_unaligned_be16(6 + 16 * n, list);
	put_unaligned_be16(16 * n, list + 2);
	for (i = 0; i < n; i++) {
		put_unaligned_be64(lba[i], list + 8 + 16 * i);
		put_unaligned_be32(count[i], list + 8 + 16 * i + 8);
	}
	return 8 + 16 * n;
}

TEST(unmap_parse_ranges)
{
	const u64 lba[] = { 10, 500, 999, 1000 };
	const u32 count[] = { 5, 0, 1, 0 };
	u32 len = unmap_list(4, lba, count);

	lu0 = thin_lu();
	ASSERT_EQ(2, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_GOOD();
	ASSERT_EQ(10, ranges[0].lba);
	ASSERT_EQ(5, ranges[0].nblocks);
	ASSERT_EQ(999, ranges[1].lba);
	ASSERT_EQ(1, ranges[1].nblocks);
	/* no descriptors at all */
	len = unmap_list(0, NULL, NULL);
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, NULL, 0, &res));
	EXPECT_GOOD();
}

TEST(unmap_parse_lengths)
{
	const u64 lba[] = { 1, 2, 3 };
	const u32 count[] = { 1, 1, 1 };
	u32 len = unmap_list(3, lba, count);

	lu0 = thin_lu();
	/* shorter than the header: nothing arrived to describe ranges */
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, 7, ranges, 8, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, NULL, 0, ranges, 8, &res));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* only the descriptors that arrived whole count */
	ASSERT_EQ(2, ikt_scsi_unmap_parse(&lu0, list, len - 1, ranges, 8,
					  &res));
	EXPECT_GOOD();
	/* BLOCK DESCRIPTOR DATA LENGTH: a partial descriptor is ignored */
	put_unaligned_be16(16 + 15, list + 2);
	ASSERT_EQ(1, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_GOOD();
	put_unaligned_be16(0, list + 2);
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_GOOD();
	/* longer than what arrived: what arrived */
	put_unaligned_be16(0xfff0, list + 2);
	ASSERT_EQ(3, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_GOOD();
}

TEST(unmap_parse_out_of_range)
{
	const u64 lba[] = { 0, 1001 };
	const u32 count[] = { 1, 0 };
	u64 l2[] = { 0, 995 };
	u32 c2[] = { 1, 6 };
	u32 len = unmap_list(2, lba, count);

	lu0 = thin_lu();
	/* an empty range may not start past the end either */
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_OOR();
	len = unmap_list(2, l2, c2);
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_OOR();
	/* no wrap-around */
	l2[1] = 0xffffffffffffffffULL;
	c2[1] = 2;
	len = unmap_list(2, l2, c2);
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_OOR();
}

TEST(unmap_parse_limits)
{
	const u64 lba[] = { 0, 100, 200, 300, 400 };
	const u32 count[] = { 10, 10, 10, 10, 10 };
	u64 l2[] = { 0, 500 };
	u32 c2[] = { 60, 41 };
	u32 len = unmap_list(5, lba, count);

	lu0 = thin_lu();
	/* MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT 4 */
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_FIELD_POINTER(false, 2, -1);
	ASSERT_EQ(4, ikt_scsi_unmap_parse(&lu0, list, len - 16, ranges, 8,
					  &res));
	EXPECT_GOOD();
	/* MAXIMUM UNMAP LBA COUNT 100 over all the descriptors */
	len = unmap_list(2, l2, c2);
	ASSERT_EQ(0, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_FIELD_POINTER(false, 8 + 16 + 8, -1);
	c2[1] = 40;
	len = unmap_list(2, l2, c2);
	ASSERT_EQ(2, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8, &res));
	EXPECT_GOOD();
}

TEST(unmap_parse_contract)
{
	const u64 lba[] = { 1, 2, 3 };
	const u32 count[] = { 1, 1, 1 };
	u32 len = unmap_list(3, lba, count);

	lu0 = thin_lu();
	ASSERT_EQ(-EINVAL, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 2,
						&res));
	ASSERT_EQ(-EINVAL, ikt_scsi_unmap_parse(NULL, list, len, ranges, 8,
						&res));
	ASSERT_EQ(-EINVAL, ikt_scsi_unmap_parse(&lu0, NULL, len, ranges, 8,
						&res));
	ASSERT_EQ(-EINVAL, ikt_scsi_unmap_parse(&lu0, list, len, NULL, 8,
						&res));
	ASSERT_EQ(-EINVAL, ikt_scsi_unmap_parse(&lu0, list, len, ranges, 8,
						NULL));
}

TEST(unmap_parse_random_lists)
{
	static struct ikt_scsi_lba_range out[(0xffff + 15) / 16];
	static u8 p[0xffff];
	unsigned int i, j;
	int n;

	lu0 = thin_lu();
	srand(1);
	for (i = 0; i < 20000; i++) {
		u32 len = rand() % 200;

		for (j = 0; j < len; j++)
			p[j] = rand() % 4 ? rand() : 0;
		n = ikt_scsi_unmap_parse(&lu0, p, len, out, len / 16, &res);
		ASSERT_GE(n, 0);
		ASSERT_LE(n, len / 16);
		ASSERT_EQ(IKT_SCSI_COMPLETE, res.action);
		if (res.status != IKT_SAM_GOOD) {
			ASSERT_EQ(0, n);
			continue;
		}
		for (j = 0; j < (u32)n; j++) {
			ASSERT_NE(0, out[j].nblocks);
			ASSERT_LE(out[j].lba + out[j].nblocks, lu0.nblocks);
		}
	}
}

/* ---- GET LBA STATUS ---- */

TEST(get_lba_status_fully_provisioned)
{
	const u8 exp[] = {
		0, 0, 0, 20, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x01, 0x2c,	/* LBA 300 */
		0, 0, 0x02, 0xbc, 0, 0, 0, 0,	/* 700 blocks, mapped */
	};

	lu0 = fat_lu();
	GLS(&lu0, 300, 24);
	EXPECT_GOOD();
	ASSERT_EQ(sizeof(exp), res.data_len);
	ASSERT_EQ(0, memcmp(exp, buf, sizeof(exp)));
	/* ALLOCATION LENGTH cuts */
	GLS(&lu0, 300, 10);
	EXPECT_GOOD();
	ASSERT_EQ(10, res.data_len);
	ASSERT_EQ(24, res.data_full);
	GLS(&lu0, 999, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_len);
	/* a huge LU: one descriptor of 2^32 - 1 blocks */
	lu0.nblocks = 1ULL << 40;
	GLS(&lu0, 0, 64);
	EXPECT_GOOD();
	ASSERT_EQ(24, res.data_len);
	ASSERT_EQ(0xffffffff, get_unaligned_be32(buf + 16));
}

TEST(get_lba_status_range_and_thin)
{
	lu0 = fat_lu();
	GLS(&lu0, 1000, 24);
	EXPECT_OOR();
	RUN(&lu0, 0, 0x9e, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0, 0, 0, 24, 0, 0);
	EXPECT_OOR();
	/* reserved byte 14 */
	RUN(&lu0, 0, 0x9e, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 1, 0);
	EXPECT_FIELD_POINTER(true, 14, 0);
	/* a thin LU: the glue asks the backend */
	lu0 = thin_lu();
	GLS(&lu0, 999, 24);
	EXPECT_GLUE(0);
	GLS(&lu0, 1000, 24);
	EXPECT_OOR();
}

TEST(lba_status_build)
{
	const struct ikt_scsi_lba_status d[] = {
		{ .lba = 0x10, .nblocks = 8, .status = IKT_LBA_DEALLOCATED },
		{ .lba = 0x18, .nblocks = 0x12345, .status = IKT_LBA_MAPPED },
	};
	const u8 exp[] = {
		0, 0, 0, 36, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 8, 0x01, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x18, 0, 0x01, 0x23, 0x45, 0, 0, 0, 0,
	};
	u8 out[64];

	memset(out, 0xa5, sizeof(out));
	ASSERT_EQ(40, ikt_scsi_lba_status_build(d, 2, out, sizeof(out)));
	ASSERT_EQ(0, memcmp(exp, out, sizeof(exp)));
	ASSERT_EQ(0xa5, out[40]);
	/* cut at the buffer, full length still reported */
	memset(out, 0xa5, sizeof(out));
	ASSERT_EQ(40, ikt_scsi_lba_status_build(d, 2, out, 30));
	ASSERT_EQ(0, memcmp(exp, out, 30));
	ASSERT_EQ(0xa5, out[30]);
	memset(out, 0xa5, sizeof(out));
	ASSERT_EQ(40, ikt_scsi_lba_status_build(d, 2, out, 4));
	ASSERT_EQ(0xa5, out[4]);
}

/* ---- REPORT SUPPORTED OPERATION CODES ---- */

#define RSOC(lu, opt, op, sa) RUN(lu, 0, 0xa3, 0x0c, opt, op, 0, sa, 0, 0, \
				  0xff, 0xff, 0, 0)

TEST(rsoc_thin_commands)
{
	static const struct { u8 op, sa, len, usage[16]; } cmds[] = {
		{ 0x41, 0, 10, { 0x41, 0x08, 0xff, 0xff, 0xff, 0xff, 0x1f,
				 0xff, 0xff, 0x04 } },
		{ 0x42, 0, 10, { 0x42, 0, 0, 0, 0, 0, 0x1f, 0xff, 0xff,
				 0x04 } },
		{ 0x93, 0, 16, { 0x93, 0x09, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0x1f, 0x04 } },
		{ 0x9e, 0x12, 16, { 0x9e, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff,
				    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				    0, 0x04 } },
	};
	unsigned int i;

	lu0 = thin_lu();
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		RSOC(&lu0, cmds[i].op == 0x9e ? 2 : 1, cmds[i].op, cmds[i].sa);
		EXPECT_GOOD();
		ASSERT_EQ(0x03, buf[1]);
		ASSERT_EQ(cmds[i].len, get_unaligned_be16(buf + 2));
		ASSERT_EQ(0, memcmp(cmds[i].usage, buf + 4, cmds[i].len));
	}
	/* UNMAP does not exist on a fully provisioned LU */
	lu0 = fat_lu();
	RSOC(&lu0, 1, 0x42, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x01, buf[1]);
	RSOC(&lu0, 1, 0x41, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x03, buf[1]);
}

TEST(rsoc_all_lists_unmap_on_thin_lu_only)
{
	u32 len, off, fat_n;
	bool seen = false;

	lu0 = fat_lu();
	RSOC(&lu0, 0, 0, 0);
	EXPECT_GOOD();
	fat_n = get_unaligned_be32(buf) / 8;
	lu0 = thin_lu();
	RSOC(&lu0, 0, 0, 0);
	EXPECT_GOOD();
	len = get_unaligned_be32(buf);
	ASSERT_EQ(fat_n + 1, len / 8);
	for (off = 4; off < len + 4; off += 8)
		seen |= buf[off] == 0x42;
	ASSERT_TRUE(seen);
}

TEST_HARNESS_MAIN
