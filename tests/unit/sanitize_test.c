// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of SANITIZE (kernel/proto/scsi_sanitize.c and the dispatch
 * rules of a LU being sanitized): what reaches the glue, the OVERWRITE
 * parameter list, and what a LU answers while an overwrite runs or after
 * one failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "scsi_harness.h"

#define BS		512

static struct ikt_lu_info lu0;

#define RUN(edtl, ...) ikt_test_run_out(&lu0, edtl, true, CDB(__VA_ARGS__))
#define HI(v)	(u8)((v) >> 8)
#define LO(v)	(u8)(v)

/* SANITIZE with service action @sa, byte 1 extra bits @b1, length @pll */
#define SANITIZE(edtl, sa, b1, pll) \
	RUN(edtl, 0x48, (sa) | (b1), 0, 0, 0, 0, 0, HI(pll), LO(pll), 0)

static bool parse(const u8 *cdb, const u8 *param, u32 len, u8 *block,
		  struct ikt_sanitize_overwrite *ow)
{
	ow->block = block;
	memset(&res, 0, sizeof(res));
	res.status = IKT_SAM_GOOD;
	return ikt_scsi_sanitize_overwrite_parse(&lu0, cdb, param, len, ow,
						 &res);
}

static void setup(void)
{
	lu0 = ikt_test_lu();
	lu0.block_size = BS;
}

TEST(overwrite_goes_to_glue_with_its_list)
{
	setup();
	ASSERT_EQ(0, SANITIZE(BS + 4, 0x01, 0, BS + 4));
	EXPECT_GLUE(BS + 4);
	/* IMMED and AUSE are the command's to set */
	ASSERT_EQ(0, SANITIZE(8, 0x01, 0xa0, 8));
	EXPECT_GLUE(8);
}

TEST(overwrite_list_length_is_checked)
{
	u32 pll;

	setup();

	/* more than the 4-byte header, at most one block of pattern */
	for (pll = 0; pll <= 4; pll++) {
		ASSERT_EQ(0, SANITIZE(BS + 8, 0x01, 0, pll));
		EXPECT_BAD_FIELD(7, -1);
	}
	ASSERT_EQ(0, SANITIZE(BS + 8, 0x01, 0, BS + 5));
	EXPECT_BAD_FIELD(7, -1);
	/* the whole list must come */
	ASSERT_EQ(0, SANITIZE(7, 0x01, 0, 8));
	EXPECT_BAD_FIELD(7, -1);
}

TEST(reserved_cdb_bits_refused)
{
	setup();
	ASSERT_EQ(0, SANITIZE(8, 0x01, 0x40, 8));
	EXPECT_BAD_FIELD(1, 6);
	ASSERT_EQ(0, RUN(8, 0x48, 0x01, 0, 0, 0, 0, 1, 0, 8, 0));
	EXPECT_BAD_FIELD(6, 0);
}

TEST(exit_failure_mode_has_no_list)
{
	setup();
	ASSERT_EQ(0, SANITIZE(0, 0x1f, 0, 0));
	EXPECT_GLUE(0);
	ASSERT_EQ(0, SANITIZE(8, 0x1f, 0, 8));
	EXPECT_BAD_FIELD(7, -1);
}

TEST(erase_and_other_actions_are_not_served)
{
	u8 sa;

	setup();

	for (sa = 0; sa <= 0x1f; sa++) {
		if (sa == 0x01 || sa == 0x1f)
			continue;
		ASSERT_EQ(0, SANITIZE(0, sa, 0, 0));
		EXPECT_BAD_FIELD(1, 4);
	}
}

TEST(read_only_lu_refuses_overwrite_only)
{
	setup();
	lu0.read_only = true;
	ASSERT_EQ(0, SANITIZE(8, 0x01, 0, 8));
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
	ASSERT_EQ(0, SANITIZE(0, 0x1f, 0, 0));
	EXPECT_GLUE(0);
}

TEST(pattern_repeats_over_the_block)
{
	static const u8 cdb[10] = { 0x48, 0xa1, 0, 0, 0, 0, 0, 0, 7, 0 };
	const u8 param[7] = { 0x83, 0, 0, 3, 'a', 'b', 'c' };
	struct ikt_sanitize_overwrite ow;
	u8 block[BS];
	int i;

	setup();

	ASSERT_TRUE(parse(cdb, param, sizeof(param), block, &ow));
	ASSERT_EQ(3, ow.passes);
	ASSERT_TRUE(ow.invert);
	ASSERT_TRUE(ow.immed);
	ASSERT_TRUE(ow.ause);
	for (i = 0; i < BS; i++)
		ASSERT_EQ("abc"[i % 3], block[i]);
}

TEST(bad_parameter_lists_refused)
{
	static const u8 cdb[10] = { 0x48, 0x01, 0, 0, 0, 0, 0, 0, 8, 0 };
	struct ikt_sanitize_overwrite ow;
	u8 block[BS];
	u8 p[8] = { 0x01, 0, 0, 4, 1, 2, 3, 4 };

	setup();

	p[0] = 0x00;			/* OVERWRITE COUNT 0 */
	ASSERT_FALSE(parse(cdb, p, 8, block, &ow));
	EXPECT_FIELD_POINTER(false, 0, 4);
	p[0] = 0x21;			/* TEST 01b */
	ASSERT_FALSE(parse(cdb, p, 8, block, &ow));
	EXPECT_FIELD_POINTER(false, 0, 5);
	p[0] = 0x01;
	p[1] = 0x10;			/* reserved */
	ASSERT_FALSE(parse(cdb, p, 8, block, &ow));
	EXPECT_FIELD_POINTER(false, 1, 4);
	p[1] = 0;
	p[3] = 0;			/* INITIALIZATION PATTERN LENGTH 0 */
	ASSERT_FALSE(parse(cdb, p, 8, block, &ow));
	EXPECT_FIELD_POINTER(false, 2, -1);
	p[3] = 5;			/* longer than what follows */
	ASSERT_FALSE(parse(cdb, p, 8, block, &ow));
	EXPECT_FIELD_POINTER(false, 2, -1);
	p[2] = HI(BS + 1);		/* longer than a block */
	p[3] = LO(BS + 1);
	ASSERT_FALSE(parse(cdb, p, 8, block, &ow));
	EXPECT_FIELD_POINTER(false, 2, -1);
	/* fewer bytes than the CDB announced */
	p[2] = 0;
	p[3] = 2;
	ASSERT_FALSE(parse(cdb, p, 6, block, &ow));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
}

TEST(running_lu_answers_three_commands)
{
	setup();
	lu0.sanitize = IKT_SANITIZE_RUNNING;
	lu0.sanitize_progress = 0x4000;
	ASSERT_EQ(0, RUN(0, 0x00, 0, 0, 0, 0, 0));	/* TEST UNIT READY */
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_SANITIZE_IN_PROGRESS);
	ASSERT_TRUE(res.sense.sks_valid);
	ASSERT_FALSE(res.sense.sks_cdb);
	ASSERT_FALSE(res.sense.sks_bpv);
	ASSERT_EQ(0x4000, res.sense.sks_field);
	ASSERT_EQ(0, RUN(0, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0));	/* READ(10) */
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_SANITIZE_IN_PROGRESS);
	ASSERT_EQ(0, SANITIZE(8, 0x01, 0, 8));	/* a second one */
	EXPECT_SENSE(IKT_SK_NOT_READY, IKT_ASC_SANITIZE_IN_PROGRESS);
	ASSERT_EQ(0, RUN(0, 0x12, 0, 0, 0, 0x24, 0));	/* INQUIRY */
	EXPECT_GOOD();
	ASSERT_EQ(0, RUN(0, 0xa0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0));
	EXPECT_GOOD();
	/* REQUEST SENSE: NOT READY, SANITIZE IN PROGRESS, the progress */
	ASSERT_EQ(0, RUN(0, 0x03, 0, 0, 0, 18, 0));
	EXPECT_GOOD();
	ASSERT_EQ(18, res.data_len);
	ASSERT_EQ(IKT_SK_NOT_READY, buf[2]);
	ASSERT_EQ(0x04, buf[12]);
	ASSERT_EQ(0x1b, buf[13]);
	ASSERT_EQ(0x80, buf[15]);
	ASSERT_EQ(0x40, buf[16]);
	ASSERT_EQ(0x00, buf[17]);
}

TEST(failed_lu_keeps_initiators_off_the_medium)
{
	setup();
	lu0.sanitize = IKT_SANITIZE_FAILED;
	ASSERT_EQ(0, RUN(0, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0));	/* READ(10) */
	EXPECT_SENSE(IKT_SK_MEDIUM_ERROR, IKT_ASC_SANITIZE_FAILED);
	ASSERT_EQ(0, RUN(BS, 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0));	/* WRITE(10) */
	EXPECT_SENSE(IKT_SK_MEDIUM_ERROR, IKT_ASC_SANITIZE_FAILED);
	/* not a medium access */
	ASSERT_EQ(0, RUN(0, 0x00, 0, 0, 0, 0, 0));
	EXPECT_GOOD();
	/* another sanitize, or leaving the failure mode */
	ASSERT_EQ(0, SANITIZE(8, 0x01, 0, 8));
	EXPECT_GLUE(8);
	ASSERT_EQ(0, SANITIZE(0, 0x1f, 0, 0));
	EXPECT_GLUE(0);
	ASSERT_EQ(0, RUN(0, 0x03, 0, 0, 0, 18, 0));
	EXPECT_GOOD();
	ASSERT_EQ(IKT_SK_MEDIUM_ERROR, buf[2]);
	ASSERT_EQ(0x31, buf[12]);
	ASSERT_EQ(0x03, buf[13]);
}

TEST(opcodes_report_overwrite_and_exit_only)
{
	setup();
	/* REPORT SUPPORTED OPERATION CODES, one command, opcode 48h SA 1 */
	ASSERT_EQ(0, RUN(0, 0xa3, 0x0c, 0x02, 0x48, 0, 0x01, 0, 0, 1, 0, 0, 0));
	EXPECT_GOOD();
	ASSERT_EQ(0x03, buf[1] & 0x07);
	ASSERT_EQ(10, buf[3]);
	ASSERT_EQ(0xa1, buf[5]);
	ASSERT_EQ(0, RUN(0, 0xa3, 0x0c, 0x02, 0x48, 0, 0x02, 0, 0, 1, 0, 0, 0));
	EXPECT_GOOD();
	ASSERT_EQ(0x01, buf[1] & 0x07);		/* BLOCK ERASE: not supported */
	ASSERT_EQ(0, RUN(0, 0xa3, 0x0c, 0x02, 0x48, 0, 0x1f, 0, 0, 1, 0, 0, 0));
	EXPECT_GOOD();
	ASSERT_EQ(0x03, buf[1] & 0x07);
}

TEST_HARNESS_MAIN
