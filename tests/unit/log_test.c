// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of LOG SENSE (kernel/proto/scsi_log.c): the supported pages
 * pages, the Logical Block Provisioning page, CDB checks and ALLOCATION
 * LENGTH truncation, through ikt_scsi_dispatch().
 */
#include <stdio.h>
#include <stdlib.h>

#include "scsi_harness.h"

static struct ikt_lu_info lu0;

/* A thin LU on a filesystem with 0x12345 blocks free, 0x777 in use */
static struct ikt_lu_info lbp_lu(void)
{
	struct ikt_lu_info lu = ikt_test_lu();

	lu.thin = true;
	lu.unmap_max_blocks = 100;
	lu.unmap_max_descs = 4;
	lu.lbp_log = true;
	lu.lbp_avail = 0x12345;
	lu.lbp_used = 0x777;
	return lu;
}

static int run(const struct ikt_lu_info *lu, const u8 *cdb, unsigned int len)
{
	struct ikt_scsi_cmd_in in = { .lu = lu, .exp_read = true, .glue = true };

	return ikt_test_run(&in, cdb, len);
}

/* LOG SENSE: byte 1, PC | page, subpage, parameter pointer, alloc len */
#define LOG(lu, b1, b2, sub, ptr, alloc)				\
	run(lu, (const u8[]){ 0x4d, b1, b2, sub, 0, (ptr) >> 8, (ptr) & 0xff,\
			      (alloc) >> 8, (alloc) & 0xff, 0 }, 10)

/* The two parameters of page 0Ch as lbp_lu() has them */
#define LBP_AVAIL_PARAM	0x00, 0x01, 0x23, 0x08, 0x00, 0x01, 0x23, 0x45, \
			0x02, 0, 0, 0
#define LBP_USED_PARAM	0x00, 0x02, 0x23, 0x08, 0x00, 0x00, 0x07, 0x77, \
			0x01, 0, 0, 0

TEST(supported_pages)
{
	lu0 = ikt_test_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0, 0, 512));
	EXPECT_BYTES(0x00, 0x00, 0x00, 0x01, 0x00);
	ASSERT_EQ(5, res.data_full);

	lu0 = lbp_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0, 0, 512));
	EXPECT_BYTES(0x00, 0x00, 0x00, 0x02, 0x00, 0x0c);
}

TEST(supported_pages_and_subpages)
{
	lu0 = ikt_test_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0xff, 0, 512));
	EXPECT_BYTES(0x40, 0xff, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff);

	lu0 = lbp_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0xff, 0, 512));
	EXPECT_BYTES(0x40, 0xff, 0x00, 0x06, 0x00, 0x00, 0x00, 0xff,
		    0x0c, 0x00);
}

TEST(lbp_page)
{
	lu0 = lbp_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0, 512));
	EXPECT_BYTES(0x8c, 0x00, 0x00, 0x18, LBP_AVAIL_PARAM, LBP_USED_PARAM);
	ASSERT_EQ(28, res.data_full);
}

/* List parameters have one value: every PAGE CONTROL reads it. */
TEST(lbp_page_every_pc)
{
	u8 pc;

	lu0 = lbp_lu();
	for (pc = 0; pc < 4; pc++) {
		ASSERT_EQ(0, LOG(&lu0, 0, pc << 6 | 0x0c, 0, 0, 512));
		EXPECT_BYTES(0x8c, 0x00, 0x00, 0x18, LBP_AVAIL_PARAM,
			    LBP_USED_PARAM);
	}
}

TEST(lbp_parameter_pointer)
{
	lu0 = lbp_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 1, 512));
	EXPECT_BYTES(0x8c, 0x00, 0x00, 0x18, LBP_AVAIL_PARAM, LBP_USED_PARAM);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 2, 512));
	EXPECT_BYTES(0x8c, 0x00, 0x00, 0x0c, LBP_USED_PARAM);
	/* past the last parameter code */
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 3, 512));
	EXPECT_BAD_FIELD(5, -1);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0xffff, 512));
	EXPECT_BAD_FIELD(5, -1);
	/* the supported pages pages have no parameter codes */
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0, 1, 512));
	EXPECT_BAD_FIELD(5, -1);
}

/* RESOURCE COUNT is 32 bits wide: a larger count saturates. */
TEST(lbp_counts_saturate)
{
	lu0 = lbp_lu();
	lu0.lbp_avail = 0x100000000ULL;
	lu0.lbp_used = 0xffffffffULL;
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0, 512));
	EXPECT_BYTES(0x8c, 0x00, 0x00, 0x18,
		    0x00, 0x01, 0x23, 0x08, 0xff, 0xff, 0xff, 0xff,
		    0x02, 0, 0, 0,
		    0x00, 0x02, 0x23, 0x08, 0xff, 0xff, 0xff, 0xff,
		    0x01, 0, 0, 0);
}

/* No page 0Ch where the LU has no provisioning resources to count. */
TEST(lbp_page_absent)
{
	lu0 = ikt_test_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0, 512));
	EXPECT_BAD_FIELD(2, 5);
	lu0.thin = true;
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0, 512));
	EXPECT_BAD_FIELD(2, 5);
}

TEST(unsupported_pages)
{
	lu0 = lbp_lu();
	/* temperature, self-test results, informational exceptions */
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4d, 0, 0, 512));
	EXPECT_BAD_FIELD(2, 5);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x50, 0, 0, 512));
	EXPECT_BAD_FIELD(2, 5);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x6f, 0, 0, 512));
	EXPECT_BAD_FIELD(2, 5);
	/* a subpage that a supported page does not have */
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0x01, 0, 512));
	EXPECT_BAD_FIELD(3, -1);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0xff, 0, 512));
	EXPECT_BAD_FIELD(3, -1);
}

/* Nothing can be saved or tracked for change: SP and PPC are refused. */
TEST(sp_and_ppc)
{
	lu0 = lbp_lu();
	ASSERT_EQ(0, LOG(&lu0, 0x01, 0x4c, 0, 0, 512));
	EXPECT_BAD_FIELD(1, 0);
	ASSERT_EQ(0, LOG(&lu0, 0x02, 0x4c, 0, 0, 512));
	EXPECT_BAD_FIELD(1, 1);
	ASSERT_EQ(0, LOG(&lu0, 0x03, 0x40, 0, 0, 512));
	EXPECT_BAD_FIELD(1, 1);
	/* reserved byte 4, NACA */
	ASSERT_EQ(0, run(&lu0, (const u8[]){ 0x4d, 0, 0x40, 0, 0x01, 0, 0,
					       2, 0, 0 }, 10));
	EXPECT_BAD_FIELD(4, 0);
	ASSERT_EQ(0, run(&lu0, (const u8[]){ 0x4d, 0, 0x40, 0, 0, 0, 0,
					       2, 0, 0x04 }, 10));
	EXPECT_BAD_FIELD(9, 2);
}

TEST(allocation_length)
{
	lu0 = lbp_lu();
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0, 6));
	EXPECT_BYTES(0x8c, 0x00, 0x00, 0x18, 0x00, 0x01);
	ASSERT_EQ(28, res.data_full);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x4c, 0, 0, 0));
	ASSERT_EQ(IKT_SAM_GOOD, res.status);
	ASSERT_EQ(0, res.data_len);
	ASSERT_EQ(0, LOG(&lu0, 0, 0x40, 0xff, 0, 9));
	EXPECT_BYTES(0x40, 0xff, 0x00, 0x06, 0x00, 0x00, 0x00, 0xff, 0x0c);
}

/* REPORT SUPPORTED OPERATION CODES names LOG SENSE and its CDB usage. */
TEST(report_opcodes)
{
	lu0 = ikt_test_lu();
	ASSERT_EQ(0, run(&lu0, (const u8[]){ 0xa3, 0x0c, 0x01, 0x4d, 0, 0,
					       0, 0, 2, 0, 0, 0 }, 12));
	EXPECT_BYTES(0x00, 0x03, 0x00, 0x0a, 0x4d, 0x00, 0xff, 0xff, 0x00,
		    0xff, 0xff, 0xff, 0xff, 0x04);
}

TEST_HARNESS_MAIN
