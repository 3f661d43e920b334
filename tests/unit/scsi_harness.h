/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unit tests of the SCSI emulation share: a LU to start from, one
 * CDB run through ikt_scsi_dispatch() into the static res and buf, and the
 * checks on the outcome.  Each test program is a single file, which owns
 * this state; its own run helper fills the ikt_scsi_cmd_in fields it needs.
 */
#ifndef IKT_TEST_SCSI_HARNESS_H
#define IKT_TEST_SCSI_HARNESS_H

#include "kselftest_harness.h"
#include "scsi.h"

static u8 buf[IKT_SCSI_DATA_REPORT_LUNS];
static struct ikt_scsi_result res;

/* 1000 blocks of 512 bytes behind target port 1; tests change the rest. */
static inline struct ikt_lu_info ikt_test_lu(void)
{
	struct ikt_lu_info lu = {
		.nblocks = 1000,
		.block_size = 512,
		.wce = true,
		.max_xfer_blocks = 2048,
		.rel_tgt_port = 1,
		.tpg_id = 1,
		.tpgt = 1,
		.serial = "SER123",
		.vendor = "ISCSIKT",
		.product = "Disk",
		.revision = "0001",
	};
	return lu;
}

/*
 * Run @cdb, padded to 16 bytes as in a SCSI Command PDU, with the rest of
 * @in as the caller set it; buf is poisoned first so that every byte a
 * test compares was written by the emulation.
 */
static inline int ikt_test_run(struct ikt_scsi_cmd_in *in, const u8 *cdb,
			       unsigned int len)
{
	u8 c[IKT_SCSI_CDB_MAX] = { 0 };

	memcpy(c, cdb, len);
	in->cdb = c;
	in->cdb_len = IKT_SCSI_CDB_MAX;
	in->buf = buf;
	in->buf_len = sizeof(buf);
	memset(buf, 0xa5, sizeof(buf));
	return ikt_scsi_dispatch(in, &res);
}

/*
 * Run @cdb on @lu with an Expected Data Transfer Length of @edtl bytes of
 * data-out (0: none), with or without a glue that serves IKT_SCSI_GLUE.
 */
static inline int ikt_test_run_out(const struct ikt_lu_info *lu, u32 edtl,
				   bool glue, const u8 *cdb, unsigned int len)
{
	struct ikt_scsi_cmd_in in = {
		.lu = lu,
		.exp_xfer_len = edtl,
		.exp_write = edtl > 0,
		.glue = glue,
	};

	return ikt_test_run(&in, cdb, len);
}

/* A CDB written out byte by byte, as the (cdb, len) pair run helpers take */
#define CDB(...) (const u8[]){ __VA_ARGS__ }, sizeof((const u8[]){ __VA_ARGS__ })

#define EXPECT_GOOD() do {						\
	ASSERT_EQ(IKT_SCSI_COMPLETE, res.action);			\
	ASSERT_EQ(IKT_SAM_GOOD, res.status);				\
} while (0)

#define EXPECT_SENSE(k, a) do {						\
	ASSERT_EQ(IKT_SCSI_COMPLETE, res.action);			\
	ASSERT_EQ(IKT_SAM_CHECK_CONDITION, res.status);			\
	ASSERT_EQ(k, res.sense.key);					\
	ASSERT_EQ(a, res.sense.asc);					\
	ASSERT_EQ(0, res.data_len);					\
} while (0)

#define EXPECT_INVALID_OPCODE()						\
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE)

/*
 * INVALID FIELD IN CDB (@cdb) or IN PARAMETER LIST, pointing at @byte and
 * @bit (-1: no bit pointer).
 */
#define EXPECT_FIELD_POINTER(cdb, byte, bit) do {			\
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, (cdb) ?			\
		     IKT_ASC_INVALID_FIELD_IN_CDB :			\
		     IKT_ASC_INVALID_FIELD_IN_PARAM);			\
	ASSERT_TRUE(res.sense.sks_valid);				\
	ASSERT_EQ(cdb, res.sense.sks_cdb);				\
	ASSERT_EQ(byte, res.sense.sks_field);				\
	ASSERT_EQ((bit) >= 0, res.sense.sks_bpv);			\
	if ((bit) >= 0)							\
		ASSERT_EQ(bit, res.sense.sks_bit);			\
} while (0)

#define EXPECT_BAD_FIELD(byte, bit) EXPECT_FIELD_POINTER(true, byte, bit)

/* GOOD with exactly the bytes of array @exp as data-in */
#define EXPECT_DATA(exp) do {						\
	EXPECT_GOOD();							\
	ASSERT_EQ(sizeof(exp), res.data_len);				\
	ASSERT_EQ(0, memcmp(exp, buf, sizeof(exp)));			\
} while (0)

/* The same with the bytes written out */
#define EXPECT_BYTES(...) do {						\
	static const u8 want_[] = { __VA_ARGS__ };			\
	EXPECT_DATA(want_);						\
} while (0)

/* Handed to the glue, which is to receive @out bytes of data-out */
#define EXPECT_GLUE(out) do {						\
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);				\
	ASSERT_EQ(IKT_SAM_GOOD, res.status);				\
	ASSERT_EQ((u32)(out), res.data_out_len);			\
} while (0)

#endif /* IKT_TEST_SCSI_HARNESS_H */
