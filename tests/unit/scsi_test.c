// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the SCSI block-device emulation (kernel/proto/scsi_*.c):
 * exact data-in bytes, allocation length truncation, every sense the
 * emulation reports, and media command decoding at the capacity edges.
 * Expected bytes were written by hand from SPC-4 / SBC-3 layouts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "scsi_harness.h"
#include <linux/iscsikt.h>

#define TNAME	"iqn.2024-01.org.example:t1"

static struct ikt_lu_info test_lu(void)
{
	struct ikt_lu_info lu = ikt_test_lu();

	lu.pb_exp = 3;
	lu.rpm = ISCSIKT_RPM_SSD;
	lu.naa = 0x6001405abcdef012ULL;
	lu.target_name = TNAME;
	return lu;
}

static struct ikt_lu_info lu0;
/* Run as a glue that cannot serve IKT_SCSI_GLUE yet. */
static bool no_glue;

static int run_lu(const struct ikt_lu_info *lu, const u8 *cdb,
		  unsigned int len)
{
	struct ikt_scsi_cmd_in in = { .lu = lu, .glue = !no_glue };

	return ikt_test_run(&in, cdb, len);
}

#define RUN_LU(lu, ...) run_lu(lu, CDB(__VA_ARGS__))
#define RUN(...) (lu0 = test_lu(), RUN_LU(&lu0, __VA_ARGS__))

#define EXPECT_IO(o, l, n) do {						\
	ASSERT_EQ(IKT_SCSI_SUBMIT_IO, res.action);			\
	ASSERT_EQ(o, res.io.op);					\
	ASSERT_EQ((u64)(l), res.io.lba);				\
	ASSERT_EQ((u32)(n), res.io.nblocks);				\
} while (0)

/* ---- dispatch and generic CDB checks ---- */

TEST(test_unit_ready_good)
{
	ASSERT_EQ(0, RUN(0x00, 0, 0, 0, 0, 0));
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_len);
}

TEST(start_stop_and_prevent_allow_good)
{
	RUN(0x1b, 0x01, 0, 0, 0x01);
	EXPECT_GOOD();
	RUN(0x1e, 0, 0, 0, 0x01);
	EXPECT_GOOD();
}

TEST(unknown_opcode)
{
	RUN(0xc7);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
	ASSERT_FALSE(res.sense.sks_valid);
}

TEST(naca_rejected)
{
	RUN(0x00, 0, 0, 0, 0, 0x04);
	EXPECT_BAD_FIELD(5, 2);
	RUN(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0x04);
	EXPECT_BAD_FIELD(9, 2);
}

TEST(control_vendor_bits_ignored)
{
	RUN(0x00, 0, 0, 0, 0, 0xc0);
	EXPECT_GOOD();
}

TEST(reserved_bits_rejected)
{
	/* READ(10) RDPROTECT without protection information */
	RUN(0x28, 0x20, 0, 0, 0, 0, 0, 0, 1, 0);
	EXPECT_BAD_FIELD(1, 5);
	/* TEST UNIT READY byte 3 reserved */
	RUN(0x00, 0, 0, 0x10, 0, 0);
	EXPECT_BAD_FIELD(3, 4);
	/* INQUIRY CMDDT (obsolete) */
	RUN(0x12, 0x02, 0, 0, 0xff, 0);
	EXPECT_BAD_FIELD(1, 1);
}

TEST(unknown_service_action)
{
	RUN(0x9e, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0);
	EXPECT_BAD_FIELD(1, 4);
}

TEST(cdb_shorter_than_opcode_needs)
{
	struct ikt_scsi_cmd_in in = {
		.cdb = (const u8[]){ 0x28, 0, 0, 0, 0, 0 },
		.cdb_len = 6,
		.buf = buf,
		.buf_len = sizeof(buf),
	};

	lu0 = test_lu();
	in.lu = &lu0;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_BAD_FIELD(0, -1);
}

TEST(dispatch_rejects_bad_arguments)
{
	struct ikt_scsi_cmd_in in = {
		.cdb = (const u8[]){ 0, 0, 0, 0, 0, 0 },
		.cdb_len = 6,
		.buf = buf,
		.buf_len = IKT_SCSI_DATA_MIN - 1,
	};

	ASSERT_EQ(-EINVAL, ikt_scsi_dispatch(&in, &res));
	in.buf_len = IKT_SCSI_DATA_MIN;
	in.cdb_len = 0;
	ASSERT_EQ(-EINVAL, ikt_scsi_dispatch(&in, &res));
	ASSERT_EQ(-EINVAL, ikt_scsi_dispatch(NULL, &res));
}

TEST(missing_lu_not_supported)
{
	RUN_LU(NULL, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LUN_NOT_SUPPORTED);
	RUN_LU(NULL, 0x00, 0, 0, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LUN_NOT_SUPPORTED);
}

/* ---- INQUIRY ---- */

TEST(inquiry_standard_bytes)
{
	u8 exp[74] = {
		0x00, 0x00, 0x06, 0x12, 69, 0x00, 0x00, 0x02,
		'I', 'S', 'C', 'S', 'I', 'K', 'T', ' ',
		'D', 'i', 's', 'k', ' ', ' ', ' ', ' ',
		' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
		'0', '0', '0', '1',
	};

	exp[58] = 0x00; exp[59] = 0xa0;
	exp[60] = 0x09; exp[61] = 0x60;
	exp[62] = 0x04; exp[63] = 0x60;
	exp[64] = 0x04; exp[65] = 0xc0;
	RUN(0x12, 0, 0, 0x01, 0x04, 0);
	EXPECT_DATA(exp);
	ASSERT_EQ(74, res.data_full);
}

TEST(inquiry_allocation_length)
{
	RUN(0x12, 0, 0, 0, 10, 0);
	EXPECT_GOOD();
	ASSERT_EQ(10, res.data_len);
	ASSERT_EQ(74, res.data_full);
	ASSERT_EQ(69, buf[4]);
	RUN(0x12, 0, 0, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_len);
	/* 16-bit allocation length: 256 is not 0 */
	RUN(0x12, 0, 0, 0x01, 0x00, 0);
	ASSERT_EQ(74, res.data_len);
}

TEST(inquiry_page_code_without_evpd)
{
	RUN(0x12, 0, 0x80, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, -1);
}

TEST(inquiry_unknown_vpd_page)
{
	RUN(0x12, 1, 0x89, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, -1);
}

TEST(inquiry_alua_tpgs)
{
	lu0 = test_lu();
	lu0.alua = true;
	RUN_LU(&lu0, 0x12, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x30, buf[5]);	/* TPGS 11b: implicit and explicit */
}

TEST(inquiry_no_lu_peripheral_qualifier)
{
	RUN_LU(NULL, 0x12, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(36, res.data_len);
	ASSERT_EQ(0x7f, buf[0]);
	ASSERT_EQ(31, buf[4]);
	RUN_LU(NULL, 0x12, 1, 0x80, 0, 0xff, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LUN_NOT_SUPPORTED);
}

TEST(vpd_supported_pages)
{
	const u8 exp[] = {
		0, 0x00, 0, 7, 0x00, 0x80, 0x83, 0x86, 0xb0, 0xb1, 0xb2,
	};

	RUN(0x12, 1, 0x00, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

TEST(vpd_unit_serial)
{
	const u8 exp[] = { 0, 0x80, 0, 6, 'S', 'E', 'R', '1', '2', '3' };

	RUN(0x12, 1, 0x80, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

static void build_vpd83(u8 *exp, size_t *len, bool xen)
{
	static const u8 naa[] = {
		0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a,
		0xbc, 0xde, 0xf0, 0x12, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	/* relative target port, target port group, logical unit group */
	static const u8 ports[] = {
		0x51, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
		0x51, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
		0x01, 0x06, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	};
	const char *t10 = xen ? "ISCSIKT SER123" :
				"ISCSIKT SER123              ";
	size_t off = 4, n;

	memset(exp, 0, 512);
	exp[1] = 0x83;
	memcpy(exp + off, naa, sizeof(naa));
	off += sizeof(naa);
	n = strlen(t10);
	exp[off] = 0x02;
	exp[off + 1] = 0x01;
	exp[off + 3] = n;
	memcpy(exp + off + 4, t10, n);
	off += 4 + n;
	memcpy(exp + off, ports, sizeof(ports));
	off += sizeof(ports);
	/* 35 characters + NUL = 36 */
	exp[off] = 0x53;
	exp[off + 1] = 0x98;
	exp[off + 3] = 36;
	memcpy(exp + off + 4, TNAME ",t,0x0001", 35);
	off += 40;
	/* 26 characters + NUL, padded to 28 */
	exp[off] = 0x53;
	exp[off + 1] = 0xa8;
	exp[off + 3] = 28;
	memcpy(exp + off + 4, TNAME, 26);
	off += 32;
	exp[3] = off - 4;
	*len = off;
}

TEST(vpd_device_identification)
{
	u8 exp[512];
	size_t len;

	build_vpd83(exp, &len, false);
	ASSERT_EQ(152, len);
	RUN(0x12, 1, 0x83, 0x02, 0x00, 0);
	EXPECT_GOOD();
	ASSERT_EQ(len, res.data_len);
	ASSERT_EQ(0, memcmp(exp, buf, len));
}

TEST(vpd_device_identification_xen)
{
	u8 exp[512];
	size_t len;

	lu0 = test_lu();
	lu0.xen_compat = true;
	build_vpd83(exp, &len, true);
	RUN_LU(&lu0, 0x12, 1, 0x83, 0x02, 0x00, 0);
	EXPECT_GOOD();
	ASSERT_EQ(len, res.data_len);
	ASSERT_EQ(0, memcmp(exp, buf, len));
}

TEST(vpd_device_identification_minimal)
{
	lu0 = test_lu();
	lu0.naa = 0;
	lu0.target_name = NULL;
	RUN_LU(&lu0, 0x12, 1, 0x83, 0x02, 0x00, 0);
	EXPECT_GOOD();
	/* T10 (32) + relative port (8) + port group (8) + LU group (8) */
	ASSERT_EQ(4 + 56, res.data_len);
	ASSERT_EQ(0x02, buf[4]);
}

TEST(vpd_block_limits)
{
	u8 exp[64] = { 0, 0xb0, 0, 0x3c, 0x00, 0, 0x00, 0x08, 0, 0, 0x01, 0 };

	lu0 = test_lu();
	lu0.max_xfer_blocks = 256;
	RUN_LU(&lu0, 0x12, 1, 0xb0, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

TEST(vpd_rotation_rate)
{
	u8 exp[64] = { 0, 0xb1, 0, 0x3c, 0x00, 0x01 };

	RUN(0x12, 1, 0xb1, 0, 0xff, 0);
	EXPECT_DATA(exp);
	lu0 = test_lu();
	lu0.rpm = ISCSIKT_RPM_7200;
	RUN_LU(&lu0, 0x12, 1, 0xb1, 0, 0xff, 0);
	ASSERT_EQ(7200, get_unaligned_be16(buf + 4));
	lu0.rpm = ISCSIKT_RPM_UNKNOWN;
	RUN_LU(&lu0, 0x12, 1, 0xb1, 0, 0xff, 0);
	ASSERT_EQ(0, get_unaligned_be16(buf + 4));
}

TEST(vpd_logical_block_provisioning)
{
	const u8 exp[] = { 0, 0xb2, 0, 4, 0, 0, 0, 0 };

	RUN(0x12, 1, 0xb2, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

/* ---- READ CAPACITY ---- */

TEST(read_capacity10_bytes)
{
	const u8 exp[] = { 0, 0, 0x03, 0xe7, 0, 0, 0x02, 0 };

	RUN(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_DATA(exp);
}

TEST(read_capacity10_over_32_bits)
{
	const u8 exp[] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 0x10, 0 };

	lu0 = test_lu();
	lu0.nblocks = 0x100000001ULL;
	lu0.block_size = 4096;
	RUN_LU(&lu0, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_DATA(exp);
	/* the last LBA is exactly 0xfffffffe: still representable */
	lu0.nblocks = 0xffffffffULL;
	RUN_LU(&lu0, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	ASSERT_EQ(0xfffffffe, get_unaligned_be32(buf));
}

TEST(read_capacity16_bytes)
{
	u8 exp[32] = { 0, 0, 0, 0, 0, 0, 0x03, 0xe7, 0, 0, 0x02, 0,
		       0x00, 0x03, 0x00, 0x00 };

	RUN(0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0);
	EXPECT_DATA(exp);
}

TEST(read_capacity16_allocation_length)
{
	RUN(0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(12, res.data_len);
	ASSERT_EQ(32, res.data_full);
	RUN(0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0);
	ASSERT_EQ(32, res.data_len);
}

/* ---- REPORT LUNS ---- */

static int report_luns(const u64 *luns, unsigned int n, u8 select,
		       u32 alloc, u32 buf_len)
{
	u8 cdb[IKT_SCSI_CDB_MAX] = { 0xa0, 0, select };
	struct ikt_scsi_cmd_in in = {
		.cdb = cdb,
		.cdb_len = sizeof(cdb),
		.luns = luns,
		.nluns = n,
		.buf = buf,
		.buf_len = buf_len,
	};

	put_unaligned_be32(alloc, cdb + 6);
	return ikt_scsi_dispatch(&in, &res);
}

TEST(report_luns_bytes)
{
	static const u64 luns[] = { 0, 5, 300, 1023 };
	const u8 exp[] = {
		0, 0, 0, 32, 0, 0, 0, 0,
		0x00, 0x00, 0, 0, 0, 0, 0, 0,
		0x00, 0x05, 0, 0, 0, 0, 0, 0,
		0x41, 0x2c, 0, 0, 0, 0, 0, 0,
		0x43, 0xff, 0, 0, 0, 0, 0, 0,
	};

	ASSERT_EQ(0, report_luns(luns, 4, 0, 4096, sizeof(buf)));
	EXPECT_DATA(exp);
	/* SELECT REPORT 02h adds the REPORT LUNS well-known LU */
	ASSERT_EQ(0, report_luns(luns, 4, 2, 4096, sizeof(buf)));
	EXPECT_GOOD();
	ASSERT_EQ(sizeof(exp) + 8, res.data_len);
	ASSERT_EQ(40, get_unaligned_be32(buf));
	ASSERT_EQ(0, memcmp(exp + 8, buf + 8, sizeof(exp) - 8));
	ASSERT_EQ(0xc1, buf[sizeof(exp)]);
	ASSERT_EQ(0x01, buf[sizeof(exp) + 1]);
}

TEST(report_luns_allocation_length)
{
	static const u64 luns[] = { 0, 1 };

	report_luns(luns, 2, 0, 15, sizeof(buf));
	EXPECT_BAD_FIELD(6, -1);
	report_luns(luns, 2, 0, 16, sizeof(buf));
	EXPECT_GOOD();
	ASSERT_EQ(16, res.data_len);
	ASSERT_EQ(24, res.data_full);
	ASSERT_EQ(16, get_unaligned_be32(buf));
}

TEST(report_luns_select_report)
{
	static const u64 luns[] = { 0, 1 };

	/* well-known LUs only: the REPORT LUNS W-LUN */
	report_luns(luns, 2, 1, 64, sizeof(buf));
	EXPECT_GOOD();
	ASSERT_EQ(16, res.data_len);
	ASSERT_EQ(8, get_unaligned_be32(buf));
	ASSERT_EQ(0xc1, buf[8]);
	ASSERT_EQ(0x01, buf[9]);
	report_luns(luns, 2, 3, 64, sizeof(buf));
	EXPECT_BAD_FIELD(2, -1);
}

TEST(report_luns_longer_than_buffer)
{
	static u64 luns[600];
	unsigned int i;

	for (i = 0; i < 600; i++)
		luns[i] = i;
	report_luns(luns, 600, 0, 0xffffffff, IKT_SCSI_DATA_MIN);
	EXPECT_GOOD();
	ASSERT_EQ(8 + 600 * 8, res.data_full);
	ASSERT_EQ(IKT_SCSI_DATA_MIN, res.data_len);
	ASSERT_EQ(600 * 8, get_unaligned_be32(buf));
	/* the last one that fits: LUN (4096 - 16) / 8, flat addressing */
	ASSERT_EQ(0x40 | (510 >> 8), buf[IKT_SCSI_DATA_MIN - 8]);
	ASSERT_EQ(510 & 0xff, buf[IKT_SCSI_DATA_MIN - 7]);
}

TEST(lun_encode_decode)
{
	u8 l[8];
	u64 v;

	ikt_scsi_lun_encode(255, l);
	ASSERT_EQ(0x00, l[0]);
	ASSERT_EQ(0xff, l[1]);
	ASSERT_TRUE(ikt_scsi_lun_decode(l, &v));
	ASSERT_EQ(255, v);
	ikt_scsi_lun_encode(16383, l);
	ASSERT_EQ(0x7f, l[0]);
	ASSERT_EQ(0xff, l[1]);
	ASSERT_TRUE(ikt_scsi_lun_decode(l, &v));
	ASSERT_EQ(16383, v);
	l[0] = 0x80;	/* logical unit addressing: not ours */
	ASSERT_FALSE(ikt_scsi_lun_decode(l, &v));
	ikt_scsi_lun_encode(1, l);
	l[2] = 1;	/* second level */
	ASSERT_FALSE(ikt_scsi_lun_decode(l, &v));
}

/* ---- media commands ---- */

TEST(read10_decode)
{
	RUN(0x28, 0x18, 0, 0, 0x01, 0x02, 0, 0, 0x10, 0);
	EXPECT_IO(IKT_IO_READ, 0x102, 16);
	ASSERT_EQ(16 * 512, res.io.bytes);
	ASSERT_EQ(IKT_SCSI_DIR_READ, res.io.dir);
	ASSERT_TRUE(res.io.fua);
	ASSERT_TRUE(res.io.dpo);
}

TEST(read10_last_block_and_one_past)
{
	RUN(0x28, 0, 0, 0, 0x03, 0xe7, 0, 0, 1, 0);
	EXPECT_IO(IKT_IO_READ, 999, 1);
	RUN(0x28, 0, 0, 0, 0x03, 0xe6, 0, 0, 2, 0);
	EXPECT_IO(IKT_IO_READ, 998, 2);
	RUN(0x28, 0, 0, 0, 0x03, 0xe7, 0, 0, 2, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
	RUN(0x28, 0, 0, 0, 0x03, 0xe8, 0, 0, 1, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
}

TEST(read10_zero_blocks)
{
	RUN(0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_len);
	/* the LBA is still checked (libiscsi read10_0blocks) */
	RUN(0x28, 0, 0, 0, 0x03, 0xe9, 0, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
	RUN(0x28, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
}

TEST(read16_lba_plus_length_overflow)
{
	lu0 = test_lu();
	lu0.nblocks = 0xffffffffffffffffULL;
	/* lba 2^64 - 2 + 4 blocks wraps past zero */
	RUN_LU(&lu0, 0x88, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	       0, 0, 0, 4, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
	RUN_LU(&lu0, 0x88, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	       0, 0, 0, 1, 0, 0);
	EXPECT_IO(IKT_IO_READ, 0xfffffffffffffffeULL, 1);
}

TEST(read6_zero_length_is_256_blocks)
{
	RUN(0x08, 0, 0, 0x10, 0, 0);
	EXPECT_IO(IKT_IO_READ, 16, 256);
	ASSERT_EQ(256 * 512, res.io.bytes);
	ASSERT_FALSE(res.io.fua);
	RUN(0x08, 0, 0x02, 0xf0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
}

TEST(read6_21_bit_lba)
{
	lu0 = test_lu();
	lu0.nblocks = 0x400000;
	RUN_LU(&lu0, 0x08, 0x1f, 0xff, 0xff, 1, 0);
	EXPECT_IO(IKT_IO_READ, 0x1fffff, 1);
	RUN_LU(&lu0, 0x08, 0x20, 0, 0, 1, 0);
	EXPECT_BAD_FIELD(1, 5);
}

TEST(read12_decode)
{
	RUN(0xa8, 0, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0);
	EXPECT_IO(IKT_IO_READ, 7, 3);
}

TEST(write_decodes)
{
	RUN(0x0a, 0, 0, 1, 2, 0);
	EXPECT_IO(IKT_IO_WRITE, 1, 2);
	ASSERT_EQ(IKT_SCSI_DIR_WRITE, res.io.dir);
	RUN(0x2a, 0x08, 0, 0, 0, 9, 0, 0, 1, 0);
	EXPECT_IO(IKT_IO_WRITE, 9, 1);
	ASSERT_TRUE(res.io.fua);
	ASSERT_FALSE(res.io.dpo);
	RUN(0xaa, 0, 0, 0, 0, 9, 0, 0, 0, 2, 0, 0);
	EXPECT_IO(IKT_IO_WRITE, 9, 2);
	RUN(0x8a, 0x10, 0, 0, 0, 0, 0, 0, 0x03, 0xe0, 0, 0, 0, 8, 0, 0);
	EXPECT_IO(IKT_IO_WRITE, 992, 8);
	ASSERT_TRUE(res.io.dpo);
	RUN(0x8a, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xe0, 0, 0, 0, 9, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
}

TEST(write_on_read_only)
{
	lu0 = test_lu();
	lu0.read_only = true;
	RUN_LU(&lu0, 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0);
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
	RUN_LU(&lu0, 0x8e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0);
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
	/* reads and cache flushes still work */
	RUN_LU(&lu0, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
	EXPECT_IO(IKT_IO_READ, 0, 1);
	RUN_LU(&lu0, 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_IO(IKT_IO_SYNC, 0, 1000);
}

TEST(maximum_transfer_length)
{
	lu0 = test_lu();
	lu0.max_xfer_blocks = 128;
	RUN_LU(&lu0, 0x28, 0, 0, 0, 0, 0, 0, 0, 128, 0);
	EXPECT_IO(IKT_IO_READ, 0, 128);
	RUN_LU(&lu0, 0x28, 0, 0, 0, 0, 0, 0, 0, 129, 0);
	EXPECT_BAD_FIELD(7, -1);
}

TEST(verify_bytchk)
{
	/* BYTCHK 0: GOOD after the range check, no I/O */
	RUN(0x2f, 0, 0, 0, 0, 0, 0, 0, 8, 0);
	EXPECT_GOOD();
	RUN(0x2f, 0, 0, 0, 0x03, 0xe7, 0, 0, 2, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
	/* BYTCHK 1: compare with data-out */
	RUN(0x8f, 0x02, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0);
	EXPECT_IO(IKT_IO_VERIFY, 4, 2);
	ASSERT_EQ(IKT_SCSI_DIR_WRITE, res.io.dir);
	ASSERT_EQ(1024, res.io.bytes);
	RUN(0x2f, 0x04, 0, 0, 0, 0, 0, 0, 1, 0);
	EXPECT_BAD_FIELD(1, 2);
	RUN(0xaf, 0x06, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0);
	EXPECT_BAD_FIELD(1, 2);
}

TEST(write_and_verify_forces_fua)
{
	RUN(0x2e, 0x02, 0, 0, 0, 1, 0, 0, 1, 0);
	EXPECT_IO(IKT_IO_WRITE_VERIFY, 1, 1);
	ASSERT_TRUE(res.io.fua);
	RUN(0xae, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0);
	EXPECT_IO(IKT_IO_WRITE_VERIFY, 1, 1);
}

TEST(synchronize_cache)
{
	RUN(0x35, 0x02, 0, 0, 0, 10, 0, 0, 0, 0);
	EXPECT_IO(IKT_IO_SYNC, 10, 990);
	ASSERT_EQ(0, res.io.bytes);
	ASSERT_EQ(IKT_SCSI_DIR_NONE, res.io.dir);
	RUN(0x91, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 5, 0, 0);
	EXPECT_IO(IKT_IO_SYNC, 10, 5);
	RUN(0x91, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LBA_OUT_OF_RANGE);
}

/* ---- MODE SENSE ---- */

static const u8 mode_pages_exp[] = {
	0x01, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x08, 0x12, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x0a, 0x0a, 0x02, 0x10, 0, 0, 0, 0, 0xff, 0xff, 0, 0,
	0x1c, 0x0a, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

TEST(mode_sense6_all_pages)
{
	u8 exp[4 + 8 + sizeof(mode_pages_exp)] = {
		67, 0, 0x10, 8, 0, 0, 0x03, 0xe8, 0, 0, 0x02, 0x00,
	};

	memcpy(exp + 12, mode_pages_exp, sizeof(mode_pages_exp));
	RUN(0x1a, 0, 0x3f, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

TEST(mode_sense10_long_lba)
{
	u8 exp[8 + 16 + sizeof(mode_pages_exp)] = {
		0, 78, 0, 0x10, 0x01, 0, 0, 16,
		0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0, 0, 0x02, 0x00,
	};

	memcpy(exp + 24, mode_pages_exp, sizeof(mode_pages_exp));
	RUN(0x5a, 0x10, 0x3f, 0, 0, 0, 0, 0x01, 0x00, 0);
	EXPECT_DATA(exp);
	RUN(0x5a, 0x10, 0x3f, 0, 0, 0, 0, 0, 10, 0);
	EXPECT_GOOD();
	ASSERT_EQ(10, res.data_len);
	ASSERT_EQ(sizeof(exp), res.data_full);
}

TEST(mode_sense_dbd_read_only_caching)
{
	const u8 exp[] = {
		23, 0, 0x90, 0,
		0x08, 0x12, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0,
	};

	lu0 = test_lu();
	lu0.read_only = true;
	lu0.wce = false;
	RUN_LU(&lu0, 0x1a, 0x08, 0x08, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

TEST(mode_sense_control_d_sense_and_changeable)
{
	lu0 = test_lu();
	lu0.d_sense = true;
	RUN_LU(&lu0, 0x1a, 0x08, 0x0a, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(16, res.data_len);
	ASSERT_EQ(0x06, buf[6]);
	/* changeable values: D_SENSE and SWP */
	RUN_LU(&lu0, 0x1a, 0x08, 0x4a, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(16, res.data_len);
	ASSERT_EQ(0x0a, buf[4]);
	ASSERT_EQ(0x04, buf[6]);
	ASSERT_EQ(0, buf[7]);
	ASSERT_EQ(0x08, buf[8]);
	ASSERT_EQ(0, buf[12]);
	/* a glue without MODE SELECT: nothing can be changed */
	no_glue = true;
	RUN_LU(&lu0, 0x1a, 0x08, 0x48, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(24, res.data_len);
	ASSERT_EQ(0x08, buf[4]);
	ASSERT_EQ(0x00, buf[6]);
}

/* Saved values are the current ones, as LIO reports them. */
TEST(mode_sense_saved_values)
{
	u8 cur[256];
	u32 n;

	lu0 = test_lu();
	lu0.d_sense = true;
	lu0.wce = false;
	RUN_LU(&lu0, 0x1a, 0, 0x3f, 0xff, 0xff, 0);
	EXPECT_GOOD();
	n = res.data_len;
	memcpy(cur, buf, n);
	RUN_LU(&lu0, 0x1a, 0, 0xff, 0xff, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(n, res.data_len);
	ASSERT_EQ(0, memcmp(cur, buf, n));
}

TEST(mode_sense_bad_page_and_subpage)
{
	RUN(0x1a, 0, 0x19, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, 5);
	RUN(0x5a, 0, 0x0a, 0x02, 0, 0, 0, 0, 0xff, 0);
	EXPECT_BAD_FIELD(3, -1);
	RUN(0x1a, 0, 0x08, 0x01, 0xff, 0);
	EXPECT_BAD_FIELD(3, -1);
	RUN(0x1a, 0, 0x3f, 0x01, 0xff, 0);
	EXPECT_BAD_FIELD(3, -1);
	RUN(0x1a, 0, 0x3f, 0xff, 0xff, 0);
	EXPECT_GOOD();
}

/* ---- sense data ---- */

TEST(sense_fixed_bytes)
{
	const struct ikt_scsi_sense s = {
		.key = IKT_SK_ILLEGAL_REQUEST,
		.asc = IKT_ASC_INVALID_FIELD_IN_CDB,
		.info_valid = true,
		.info = 0x12345678,
		.sks_valid = true,
		.sks_cdb = true,
		.sks_bpv = true,
		.sks_bit = 5,
		.sks_field = 0x0102,
	};
	const u8 exp[18] = {
		0xf0, 0, 0x05, 0x12, 0x34, 0x56, 0x78, 10,
		0, 0, 0, 0, 0x24, 0x00, 0, 0xcd, 0x01, 0x02,
	};
	u8 out[IKT_SCSI_SENSE_MAX];

	ASSERT_EQ(18, ikt_scsi_build_sense(&s, false, out, sizeof(out)));
	ASSERT_EQ(0, memcmp(exp, out, 18));
}

TEST(sense_fixed_info_wider_than_field)
{
	const struct ikt_scsi_sense s = {
		.key = IKT_SK_MEDIUM_ERROR,
		.asc = IKT_ASC_UNRECOVERED_READ_ERROR,
		.info_valid = true,
		.info = 0x100000000ULL,
	};
	u8 out[IKT_SCSI_SENSE_MAX];

	ASSERT_EQ(18, ikt_scsi_build_sense(&s, false, out, sizeof(out)));
	ASSERT_EQ(0x70, out[0]);
	ASSERT_EQ(0, get_unaligned_be32(out + 3));
	ASSERT_EQ(0x03, out[2]);
	ASSERT_EQ(0x11, out[12]);
}

TEST(sense_descriptor_bytes)
{
	const struct ikt_scsi_sense s = {
		.key = IKT_SK_ILLEGAL_REQUEST,
		.asc = IKT_ASC_INVALID_FIELD_IN_CDB,
		.info_valid = true,
		.info = 0x0102030405060708ULL,
		.sks_valid = true,
		.sks_cdb = true,
		.sks_field = 2,
	};
	const u8 exp[28] = {
		0x72, 0x05, 0x24, 0x00, 0, 0, 0, 20,
		0x00, 0x0a, 0x80, 0, 1, 2, 3, 4, 5, 6, 7, 8,
		0x02, 0x06, 0, 0, 0xc0, 0x00, 0x02, 0,
	};
	u8 out[IKT_SCSI_SENSE_MAX];

	ASSERT_EQ(28, ikt_scsi_build_sense(&s, true, out, sizeof(out)));
	ASSERT_EQ(0, memcmp(exp, out, 28));
}

TEST(sense_truncated_to_buffer)
{
	const struct ikt_scsi_sense s = { .key = IKT_SK_UNIT_ATTENTION,
					  .asc = 0x2900 };
	u8 out[8] = { 0 };

	ASSERT_EQ(8, ikt_scsi_build_sense(&s, false, out, sizeof(out)));
	ASSERT_EQ(0x06, out[2]);
	ASSERT_EQ(8, ikt_scsi_build_sense(&s, true, out, sizeof(out)));
	ASSERT_EQ(0x29, out[2]);
}

TEST(request_sense_nothing_pending)
{
	const u8 exp_fixed[18] = { 0x70, 0, 0, 0, 0, 0, 0, 10 };
	const u8 exp_desc[8] = { 0x72 };

	RUN(0x03, 0, 0, 0, 0xff, 0);
	EXPECT_DATA(exp_fixed);
	RUN(0x03, 1, 0, 0, 0xff, 0);
	EXPECT_DATA(exp_desc);
	RUN(0x03, 0, 0, 0, 8, 0);
	ASSERT_EQ(8, res.data_len);
}

TEST(request_sense_pending)
{
	const struct ikt_scsi_sense pend = {
		.key = IKT_SK_UNIT_ATTENTION, .asc = 0x2900,
	};
	u8 cdb[IKT_SCSI_CDB_MAX] = { 0x03, 0, 0, 0, 0xff, 0 };
	struct ikt_scsi_cmd_in in = {
		.cdb = cdb,
		.cdb_len = sizeof(cdb),
		.pending_sense = &pend,
		.buf = buf,
		.buf_len = sizeof(buf),
	};

	lu0 = test_lu();
	in.lu = &lu0;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_GOOD();
	ASSERT_EQ(18, res.data_len);
	ASSERT_EQ(0x06, buf[2]);
	ASSERT_EQ(0x29, buf[12]);
	/* a LUN that does not exist says so */
	in.lu = NULL;
	in.pending_sense = NULL;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_GOOD();
	ASSERT_EQ(0x05, buf[2]);
	ASSERT_EQ(0x25, buf[12]);
}

/* ---- REPORT SUPPORTED OPERATION CODES ---- */

#define RSOC(opt, op, sa) RUN(0xa3, 0x0c, opt, op, 0, sa, 0, 0, 0xff, 0xff, \
			      0, 0)

/* Commands in the table, MODE SELECT(6)/(10) included */
#define RSOC_NCMDS	(32 + 3 + 5 + 6 + 1 + 2)	/* + WRITE SAME(10)/(16), GET LBA STATUS */
/* + 5 of rmw_test.c (CAW, ORWRITE, WRITE ATOMIC, PRE-FETCH x2) */
/* + 6 of pr_test.c (PR IN/OUT, RESERVE/RELEASE(6)/(10)) */
/* + LOG SENSE of log_test.c */
/* + SANITIZE OVERWRITE and EXIT FAILURE MODE of sanitize_test.c */
/* Of them, served by the glue (IKT_CMDF_GLUE) */
#define RSOC_NGLUE	(2 + 3 + 5 + 6 + 2)

static unsigned int group_cdb_len(u8 opcode)
{
	static const unsigned int len[8] = { 6, 10, 10, 0, 16, 12, 0, 0 };

	return len[opcode >> 5];
}

TEST(rsoc_all_commands)
{
	u32 len, off;
	unsigned int n = 0;

	RSOC(0, 0, 0);
	EXPECT_GOOD();
	len = get_unaligned_be32(buf);
	ASSERT_EQ(len + 4, res.data_len);
	ASSERT_EQ(0, len % 8);
	for (off = 4; off < len + 4; off += 8, n++) {
		u8 op = buf[off];

		/* the table's CDB lengths agree with the opcode groups */
		ASSERT_EQ(group_cdb_len(op), get_unaligned_be16(buf + off + 6));
		ASSERT_EQ(op == 0x9e || op == 0xa3 || op == 0x48,
			  buf[off + 5] & 1);
		ASSERT_EQ(0, buf[off + 5] & 2);
	}
	ASSERT_EQ(RSOC_NCMDS, n);
	/* RCTD: every descriptor carries a timeouts descriptor */
	RSOC(0x80, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + RSOC_NCMDS * 20, res.data_len);
	ASSERT_EQ(0x02, buf[4 + 5]);
	ASSERT_EQ(0x0a, get_unaligned_be16(buf + 4 + 8));
}

TEST(rsoc_one_command)
{
	const u8 exp[] = {
		0, 0x03, 0, 10,
		0x28, 0x1a, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff, 0x04,
	};

	RSOC(1, 0x28, 0);
	EXPECT_DATA(exp);
	RSOC(3, 0x28, 0x55);
	EXPECT_DATA(exp);
	/* not supported: SUPPORT 001b */
	RSOC(1, 0xc0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4, res.data_len);
	ASSERT_EQ(0x01, buf[1]);
	RSOC(0x81, 0x00, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + 6 + 12, res.data_len);
	ASSERT_EQ(0x83, buf[1]);
}

TEST(rsoc_service_actions)
{
	/* option 1 on an opcode with service actions */
	RSOC(1, 0x9e, 0x10);
	EXPECT_BAD_FIELD(2, 2);
	RSOC(2, 0x9e, 0x10);
	EXPECT_GOOD();
	ASSERT_EQ(0x03, buf[1]);
	ASSERT_EQ(16, get_unaligned_be16(buf + 2));
	ASSERT_EQ(0x9e, buf[4]);
	ASSERT_EQ(0x10, buf[5]);
	RSOC(2, 0x9e, 0x11);
	EXPECT_GOOD();
	ASSERT_EQ(0x01, buf[1]);
	/* option 2 on an opcode without service actions */
	RSOC(2, 0x28, 0);
	EXPECT_BAD_FIELD(2, 2);
	RSOC(4, 0x28, 0);
	EXPECT_BAD_FIELD(2, 2);
}

/* ---- VPD pages added for SPC-4 / SBC-3 completeness ---- */

TEST(vpd_extended_inquiry)
{
	u8 exp[64] = { 0, 0x86, 0, 0x3c, 0, 0x01, 0x01, 0x01 };

	RUN(0x12, 1, 0x86, 0, 0xff, 0);
	EXPECT_DATA(exp);
	/* no volatile cache: V_SUP clear */
	lu0 = test_lu();
	lu0.wce = false;
	RUN_LU(&lu0, 0x12, 1, 0x86, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, buf[6]);
	RUN(0x12, 1, 0x86, 0, 5, 0);
	EXPECT_GOOD();
	ASSERT_EQ(5, res.data_len);
	ASSERT_EQ(64, res.data_full);
}

static struct ikt_lu_info thin_lu(void)
{
	struct ikt_lu_info lu = test_lu();

	lu.thin = true;
	lu.unmap_max_blocks = 0x10000;
	lu.unmap_max_descs = 64;
	lu.unmap_granularity = 8;
	lu.write_same_max_blocks = 0x123456789aULL;
	return lu;
}

TEST(vpd_block_limits_thin)
{
	u8 exp[64] = {
		0, 0xb0, 0, 0x3c, 0x00, 0, 0x00, 0x08, 0, 0, 0x01, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0x01, 0, 0,		/* MAXIMUM UNMAP LBA COUNT */
		0, 0, 0, 64,		/* MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT */
		0, 0, 0, 8,		/* OPTIMAL UNMAP GRANULARITY */
		0x80, 0, 0, 0,		/* UGAVALID, alignment 0 */
		0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a,	/* MAX WRITE SAME */
	};

	lu0 = thin_lu();
	lu0.max_xfer_blocks = 256;
	RUN_LU(&lu0, 0x12, 1, 0xb0, 0, 0xff, 0);
	EXPECT_DATA(exp);
	/* no granularity: neither it nor UGAVALID */
	lu0.unmap_granularity = 0;
	RUN_LU(&lu0, 0x12, 1, 0xb0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, get_unaligned_be32(buf + 28));
	ASSERT_EQ(0, get_unaligned_be32(buf + 32));
	/* a fully provisioned LU reports no UNMAP limits */
	lu0.thin = false;
	lu0.unmap_granularity = 8;
	RUN_LU(&lu0, 0x12, 1, 0xb0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, get_unaligned_be32(buf + 20));
	ASSERT_EQ(0, get_unaligned_be32(buf + 24));
	ASSERT_EQ(0, get_unaligned_be32(buf + 28));
	ASSERT_EQ(0, get_unaligned_be32(buf + 32));
	ASSERT_EQ(0x123456789aULL, get_unaligned_be64(buf + 36));
}

TEST(vpd_logical_block_provisioning_thin)
{
	const u8 exp[] = { 0, 0xb2, 0, 4, 0, 0xe4, 0x02, 0 };

	lu0 = thin_lu();
	RUN_LU(&lu0, 0x12, 1, 0xb2, 0, 0xff, 0);
	EXPECT_DATA(exp);
}

TEST(vpd_rotation_rate_every_value)
{
	static const struct { u8 rpm; u16 rate; } map[] = {
		{ ISCSIKT_RPM_UNKNOWN, 0 }, { ISCSIKT_RPM_SSD, 1 },
		{ ISCSIKT_RPM_5400, 5400 }, { ISCSIKT_RPM_7200, 7200 },
		{ ISCSIKT_RPM_10000, 10000 }, { ISCSIKT_RPM_15000, 15000 },
		{ 200, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		lu0 = test_lu();
		lu0.rpm = map[i].rpm;
		RUN_LU(&lu0, 0x12, 1, 0xb1, 0, 0xff, 0);
		EXPECT_GOOD();
		ASSERT_EQ(64, res.data_len);
		ASSERT_EQ(map[i].rate, get_unaligned_be16(buf + 4));
		ASSERT_EQ(0, buf[7]);	/* NOMINAL FORM FACTOR: not reported */
	}
}

TEST(vpd_device_identification_truncated)
{
	RUN(0x12, 1, 0x83, 0, 10, 0);
	EXPECT_GOOD();
	ASSERT_EQ(10, res.data_len);
	ASSERT_EQ(152, res.data_full);
	ASSERT_EQ(148, get_unaligned_be16(buf + 2));
}

TEST(read_capacity16_thin)
{
	lu0 = thin_lu();
	RUN_LU(&lu0, 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(32, res.data_len);
	ASSERT_EQ(0xc0, buf[14]);	/* LBPME, LBPRZ */
	ASSERT_EQ(3, buf[13]);
}

/* ---- REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS ---- */

#define RSTMF(repd, alloc) RUN(0xa3, 0x0d, (repd) ? 0x80 : 0, 0, 0, 0, \
			       0, 0, 0, alloc, 0, 0)

TEST(report_tmfs)
{
	const u8 exp[] = { 0xd8, 0, 0, 0 };
	const u8 exp_ext[16] = { 0xd8, 0, 0, 0x0c };

	RSTMF(0, 0xff);
	EXPECT_DATA(exp);
	RSTMF(1, 0xff);
	EXPECT_DATA(exp_ext);
	RSTMF(1, 4);
	EXPECT_GOOD();
	ASSERT_EQ(4, res.data_len);
	ASSERT_EQ(16, res.data_full);
	RSTMF(0, 3);
	EXPECT_BAD_FIELD(6, -1);
	RUN(0xa3, 0x0d, 0x40, 0, 0, 0, 0, 0, 0, 16, 0, 0);
	EXPECT_BAD_FIELD(2, 6);
	RUN_LU(NULL, 0xa3, 0x0d, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LUN_NOT_SUPPORTED);
}

TEST(rsoc_new_commands)
{
	static const struct { u8 op, sa, len, usage[12]; } cmds[] = {
		{ 0x15, 0, 6, { 0x15, 0x11, 0, 0, 0xff, 0x04 } },
		{ 0x1b, 0, 6, { 0x1b, 0x01, 0, 0x0f, 0xf7, 0x04 } },
		{ 0x1e, 0, 6, { 0x1e, 0, 0, 0, 0x01, 0x04 } },
		{ 0x37, 0, 10, { 0x37, 0, 0x1f, 0, 0, 0, 0, 0xff, 0xff,
				 0x04 } },
		{ 0x55, 0, 10, { 0x55, 0x11, 0, 0, 0, 0, 0, 0xff, 0xff,
				 0x04 } },
		{ 0xa3, 0x0d, 12, { 0xa3, 0x0d, 0x80, 0, 0, 0, 0xff, 0xff,
				    0xff, 0xff, 0, 0x04 } },
		{ 0xb7, 0, 12, { 0xb7, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0xff, 0xff, 0xff, 0, 0x04 } },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		RSOC(cmds[i].op == 0xa3 ? 2 : 1, cmds[i].op, cmds[i].sa);
		EXPECT_GOOD();
		ASSERT_EQ(0x03, buf[1]);
		ASSERT_EQ(cmds[i].len, get_unaligned_be16(buf + 2));
		ASSERT_EQ(4 + cmds[i].len, res.data_len);
		ASSERT_EQ(0, memcmp(cmds[i].usage, buf + 4, cmds[i].len));
	}
}

TEST(mode_select_hidden_without_glue)
{
	u32 len, off;

	no_glue = true;
	RUN(0x15, 0x10, 0, 0, 12, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
	RUN(0x55, 0x10, 0, 0, 0, 0, 0, 0, 12, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_OPCODE);
	RSOC(1, 0x15, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x01, buf[1]);
	RSOC(0, 0, 0);
	EXPECT_GOOD();
	len = get_unaligned_be32(buf);
	ASSERT_EQ((RSOC_NCMDS - RSOC_NGLUE) * 8, len);
	for (off = 4; off < len + 4; off += 8) {
		ASSERT_NE(0x15, buf[off]);
		ASSERT_NE(0x55, buf[off]);
	}
}

/* ---- REQUEST SENSE ---- */

TEST(request_sense_descriptor_pending)
{
	const struct ikt_scsi_sense pend = {
		.key = IKT_SK_MEDIUM_ERROR,
		.asc = IKT_ASC_UNRECOVERED_READ_ERROR,
		.info_valid = true,
		.info = 0x1122334455ULL,
		.sks_valid = true,
		.sks_field = 7,
	};
	const u8 exp[28] = {
		0x72, 0x03, 0x11, 0x00, 0, 0, 0, 20,
		0x00, 0x0a, 0x80, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x02, 0x06, 0, 0, 0x80, 0x00, 0x07, 0,
	};
	u8 cdb[IKT_SCSI_CDB_MAX] = { 0x03, 1, 0, 0, 0xff, 0 };
	struct ikt_scsi_cmd_in in = {
		.cdb = cdb,
		.cdb_len = sizeof(cdb),
		.pending_sense = &pend,
		.buf = buf,
		.buf_len = sizeof(buf),
	};

	lu0 = test_lu();
	in.lu = &lu0;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_DATA(exp);
	/* fixed format: INFORMATION is wider than 32 bits, so not VALID */
	cdb[1] = 0;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_GOOD();
	ASSERT_EQ(18, res.data_len);
	ASSERT_EQ(0x70, buf[0]);
	ASSERT_EQ(0x03, buf[2]);
	ASSERT_EQ(0x80, buf[15]);
	ASSERT_EQ(7, get_unaligned_be16(buf + 16));
	/* allocation length cuts the descriptor sense */
	cdb[1] = 1;
	cdb[4] = 12;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_GOOD();
	ASSERT_EQ(12, res.data_len);
	ASSERT_EQ(28, res.data_full);
	/* reserved bits of byte 1 */
	cdb[1] = 0x02;
	ASSERT_EQ(0, ikt_scsi_dispatch(&in, &res));
	EXPECT_BAD_FIELD(1, 1);
}

/* ---- MODE SENSE: pages, page control, block descriptors ---- */

static const u8 control_ext_exp[32] = { 0x4a, 0x01, 0x00, 0x1c };

TEST(mode_sense_control_extension)
{
	u8 exp[4 + 32] = { 35, 0, 0x10, 0 };

	memcpy(exp + 4, control_ext_exp, 32);
	RUN(0x1a, 0x08, 0x0a, 0x01, 0xff, 0);
	EXPECT_DATA(exp);
	/* changeable: nothing */
	RUN(0x1a, 0x08, 0x4a, 0x01, 0xff, 0);
	EXPECT_DATA(exp);
}

TEST(mode_sense_all_subpages)
{
	u8 exp[4 + sizeof(mode_pages_exp) + 32] = { 91, 0, 0x10, 0 };
	/* control page ends 12 + 20 + 12 bytes into the pages */
	const size_t split = 44;

	memcpy(exp + 4, mode_pages_exp, split);
	memcpy(exp + 4 + split, control_ext_exp, 32);
	memcpy(exp + 4 + split + 32, mode_pages_exp + split,
	       sizeof(mode_pages_exp) - split);
	RUN(0x1a, 0x08, 0x3f, 0xff, 0xff, 0);
	EXPECT_DATA(exp);
	/* one page, all its subpages */
	RUN(0x1a, 0x08, 0x0a, 0xff, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + 12 + 32, res.data_len);
	ASSERT_EQ(0x0a, buf[4]);
	ASSERT_EQ(0x4a, buf[16]);
	/* a page without subpages, with subpage 0xff: the page itself */
	RUN(0x1a, 0x08, 0x08, 0xff, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + 20, res.data_len);
}

TEST(mode_sense_page_control)
{
	static const u8 chg[] = {
		0x01, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x08, 0x12, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0,
		0x0a, 0x0a, 0x04, 0, 0x08, 0, 0, 0, 0, 0, 0, 0,
		0x1c, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};

	lu0 = test_lu();
	lu0.wce = false;
	lu0.d_sense = true;
	/* current */
	RUN_LU(&lu0, 0x1a, 0x08, 0x3f, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x00, buf[4 + 12 + 2]);
	ASSERT_EQ(0x06, buf[4 + 32 + 2]);
	/* default: WCE 1, D_SENSE 0 */
	RUN_LU(&lu0, 0x1a, 0x08, 0xbf, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + sizeof(mode_pages_exp), res.data_len);
	ASSERT_EQ(0, memcmp(mode_pages_exp, buf + 4, sizeof(mode_pages_exp)));
	/* changeable: WCE, D_SENSE and SWP */
	RUN_LU(&lu0, 0x1a, 0x08, 0x7f, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + sizeof(chg), res.data_len);
	ASSERT_EQ(0, memcmp(chg, buf + 4, sizeof(chg)));
}

TEST(mode_sense_block_descriptors)
{
	lu0 = test_lu();
	lu0.nblocks = 0x123456789ULL;
	lu0.block_size = 4096;
	/* short descriptor: capacity saturates */
	RUN_LU(&lu0, 0x1a, 0, 0x08, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(8, buf[3]);
	ASSERT_EQ(0xffffffffU, get_unaligned_be32(buf + 4));
	ASSERT_EQ(0, buf[8]);
	ASSERT_EQ(4096, get_unaligned_be24(buf + 9));
	/* MODE SENSE(10) without LLBAA: short */
	RUN_LU(&lu0, 0x5a, 0, 0x08, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, buf[4]);
	ASSERT_EQ(8, get_unaligned_be16(buf + 6));
	/* LLBAA: long, the whole capacity */
	RUN_LU(&lu0, 0x5a, 0x10, 0x08, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(1, buf[4]);
	ASSERT_EQ(16, get_unaligned_be16(buf + 6));
	ASSERT_EQ(0x123456789ULL, get_unaligned_be64(buf + 8));
	ASSERT_EQ(4096, get_unaligned_be32(buf + 20));
	ASSERT_EQ(0x08, buf[24]);
	/* DBD with LLBAA: no descriptor, LONGLBA clear */
	RUN_LU(&lu0, 0x5a, 0x18, 0x08, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, buf[4]);
	ASSERT_EQ(0, get_unaligned_be16(buf + 6));
	ASSERT_EQ(8 + 20, res.data_len);
	ASSERT_EQ(8 + 20 - 2, get_unaligned_be16(buf));
	/* WP in MODE SENSE(10) */
	lu0.read_only = true;
	RUN_LU(&lu0, 0x5a, 0x08, 0x08, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x90, buf[3]);
	/* LLBAA is not a MODE SENSE(6) bit */
	RUN_LU(&lu0, 0x1a, 0x10, 0x08, 0, 0xff, 0);
	EXPECT_BAD_FIELD(1, 4);
}

TEST(mode_sense6_allocation_length)
{
	RUN(0x1a, 0, 0x3f, 0, 7, 0);
	EXPECT_GOOD();
	ASSERT_EQ(7, res.data_len);
	ASSERT_EQ(4 + 8 + sizeof(mode_pages_exp), res.data_full);
	ASSERT_EQ(67, buf[0]);
	RUN(0x1a, 0, 0x3f, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_len);
}

/* ---- MODE SELECT ---- */

TEST(mode_select_cdb)
{
	RUN(0x15, 0x10, 0, 0, 24, 0);
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	ASSERT_EQ(24, res.data_out_len);
	ASSERT_EQ(0, res.data_len);
	RUN(0x55, 0x10, 0, 0, 0, 0, 0, 0x01, 0x02, 0);
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	ASSERT_EQ(0x102, res.data_out_len);
	/* an empty list is no error and needs no Data-Out */
	RUN(0x15, 0x10, 0, 0, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0, res.data_out_len);
	/* PF 0: vendor-specific pages are not ours */
	RUN(0x15, 0x00, 0, 0, 24, 0);
	EXPECT_BAD_FIELD(1, 4);
	/* SP: nothing can be saved */
	RUN(0x55, 0x11, 0, 0, 0, 0, 0, 0, 24, 0);
	EXPECT_BAD_FIELD(1, 0);
	RUN(0x15, 0x12, 0, 0, 24, 0);
	EXPECT_BAD_FIELD(1, 1);
	RUN(0x15, 0x10, 1, 0, 24, 0);
	EXPECT_BAD_FIELD(2, 0);
	/* not a write to the medium: allowed on a read-only LU */
	lu0 = test_lu();
	lu0.read_only = true;
	RUN_LU(&lu0, 0x15, 0x10, 0, 0, 24, 0);
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
}

static const u8 ms6[6] = { 0x15, 0x10, 0, 0, 0xff, 0 };
static const u8 ms10[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0x01, 0x00, 0 };
static struct ikt_mode_changes chg;

static int select_lu(const struct ikt_lu_info *lu, const u8 *cdb,
		     const u8 *param, u32 len)
{
	u8 *copy = malloc(len ? len : 1);	/* ASan sees any overrun */
	int ret;

	memcpy(copy, param, len);
	memset(&chg, 0xa5, sizeof(chg));
	ret = ikt_scsi_mode_select(lu, cdb, copy, len, &chg, &res);
	free(copy);
	return ret;
}

#define SELECT(cdb, ...) (lu0 = test_lu(), \
	select_lu(&lu0, cdb, (const u8[]){ __VA_ARGS__ }, \
		  sizeof((const u8[]){ __VA_ARGS__ })))

/* INVALID FIELD IN PARAMETER LIST at @byte, @bit */
#define EXPECT_BAD_PARAM(byte, bit) do {				\
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST,				\
		     IKT_ASC_INVALID_FIELD_IN_PARAM);			\
	ASSERT_TRUE(res.sense.sks_valid);				\
	ASSERT_FALSE(res.sense.sks_cdb);				\
	ASSERT_EQ(byte, res.sense.sks_field);				\
	ASSERT_EQ((bit) >= 0, res.sense.sks_bpv);			\
	if ((bit) >= 0)							\
		ASSERT_EQ(bit, res.sense.sks_bit);			\
} while (0)

#define CACHING(b2) 0x08, 0x12, b2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
		    0, 0, 0, 0
#define CONTROL(b2) 0x0a, 0x0a, b2, 0x10, 0, 0, 0, 0, 0xff, 0xff, 0, 0

TEST(mode_select_wce_off)
{
	ASSERT_EQ(0, SELECT(ms6, 0, 0, 0, 0, CACHING(0x00)));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.wce);
	ASSERT_FALSE(chg.d_sense);
	ASSERT_TRUE(chg.changed);
	/* the same value again changes nothing */
	ASSERT_EQ(0, SELECT(ms6, 0, 0, 0, 0, CACHING(0x04)));
	EXPECT_GOOD();
	ASSERT_TRUE(chg.wce);
	ASSERT_FALSE(chg.changed);
}

TEST(mode_select10_d_sense_with_block_descriptors)
{
	ASSERT_EQ(0, SELECT(ms10, 0, 0, 0, 0, 0, 0, 0, 8,
			    0, 0, 0x03, 0xe8, 0, 0, 0x02, 0x00,
			    CONTROL(0x06)));
	EXPECT_GOOD();
	ASSERT_TRUE(chg.d_sense);
	ASSERT_TRUE(chg.wce);
	ASSERT_TRUE(chg.changed);
	/* long LBA descriptor, NUMBER OF LOGICAL BLOCKS 0: keep */
	ASSERT_EQ(0, SELECT(ms10, 0, 0, 0, 0, 1, 0, 0, 16,
			    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0,
			    CACHING(0x00), CONTROL(0x06)));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.wce);
	ASSERT_TRUE(chg.d_sense);
	/* header and descriptor only */
	ASSERT_EQ(0, SELECT(ms6, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x02, 0));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.changed);
}

/* SWP: set by MODE SELECT, then WP in MODE SENSE and writes refused */
TEST(mode_select_swp_write_protects)
{
	const u8 select_swp[] = { 0, 0, 0, 0, 0x0a, 0x0a, 0x02, 0x10, 0x08, 0,
				  0, 0, 0xff, 0xff, 0, 0 };
	const u8 clear_swp[] = { 0, 0, 0, 0, CONTROL(0x02) };

	ASSERT_EQ(0, SELECT(ms6, 0, 0, 0, 0, 0x0a, 0x0a, 0x02, 0x10, 0x08, 0,
			    0, 0, 0xff, 0xff, 0, 0));
	EXPECT_GOOD();
	ASSERT_TRUE(chg.swp);
	ASSERT_TRUE(chg.changed);
	/* the glue applies it: the LU is write protected */
	lu0 = test_lu();
	lu0.swp = true;
	RUN_LU(&lu0, 0x1a, 0x08, 0x0a, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x80, buf[2] & 0x80);		/* WP */
	ASSERT_EQ(0x08, buf[4 + 4]);		/* SWP */
	RUN_LU(&lu0, 0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0);	/* WRITE(10) */
	EXPECT_SENSE(IKT_SK_DATA_PROTECT, IKT_ASC_WRITE_PROTECTED);
	RUN_LU(&lu0, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);	/* READ(10) */
	ASSERT_EQ(IKT_SCSI_SUBMIT_IO, res.action);
	/* echoing the page keeps it; clearing the bit lifts it */
	ASSERT_EQ(0, select_lu(&lu0, ms6, select_swp, sizeof(select_swp)));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.changed);
	ASSERT_EQ(0, select_lu(&lu0, ms6, clear_swp, sizeof(clear_swp)));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.swp);
	ASSERT_TRUE(chg.changed);
}

/* What MODE SENSE returned is a valid MODE SELECT parameter list. */
TEST(mode_select_echo_of_mode_sense)
{
	u8 data[256];
	u32 n;

	RUN(0x5a, 0x10, 0x3f, 0xff, 0, 0, 0, 0x01, 0x00, 0);
	EXPECT_GOOD();
	n = res.data_len;
	memcpy(data, buf, n);
	ASSERT_EQ(0, select_lu(&lu0, ms10, data, n));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.changed);
	RUN(0x1a, 0, 0x3f, 0xff, 0xff, 0);
	EXPECT_GOOD();
	n = res.data_len;
	memcpy(data, buf, n);
	ASSERT_EQ(0, select_lu(&lu0, ms6, data, n));
	EXPECT_GOOD();
	ASSERT_FALSE(chg.changed);
	/* the PS bit is ignored */
	data[12] |= 0x80;
	ASSERT_EQ(0, select_lu(&lu0, ms6, data, n));
	EXPECT_GOOD();
}

TEST(mode_select_unchangeable_bits)
{
	/* RCD in the caching page */
	SELECT(ms6, 0, 0, 0, 0, CACHING(0x05));
	EXPECT_BAD_PARAM(6, 0);
	ASSERT_TRUE(chg.wce);	/* nothing to apply */
	ASSERT_FALSE(chg.changed);
	/* QUEUE ALGORITHM MODIFIER of the control page */
	SELECT(ms6, 0, 0, 0, 0, 0x0a, 0x0a, 0x02, 0x00, 0, 0, 0, 0,
	       0xff, 0xff, 0, 0);
	EXPECT_BAD_PARAM(7, 4);
	/* GLTSD cleared */
	SELECT(ms6, 0, 0, 0, 0, CONTROL(0x04));
	EXPECT_BAD_PARAM(6, 1);
	/* the second page is checked as well: BUSY TIMEOUT */
	SELECT(ms6, 0, 0, 0, 0, CACHING(0x04), 0x0a, 0x0a, 0x02, 0x10,
	       0, 0, 0, 0, 0x00, 0xff, 0, 0);
	EXPECT_BAD_PARAM(4 + 20 + 8, 7);
	/* DEXCPT */
	SELECT(ms6, 0, 0, 0, 0, 0x1c, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_BAD_PARAM(6, 3);
	/* control extension: all zero */
	SELECT(ms10, 0, 0, 0, 0, 0, 0, 0, 0, 0x4a, 0x01, 0x00, 0x1c, 0, 0,
	       0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	       0, 0, 0, 0, 0, 0);
	EXPECT_BAD_PARAM(8 + 6, 2);
}

TEST(mode_select_bad_pages)
{
	/* unknown page */
	SELECT(ms6, 0, 0, 0, 0, 0x19, 0x02, 0, 0);
	EXPECT_BAD_PARAM(4, 5);
	/* unknown subpage of a known page */
	SELECT(ms6, 0, 0, 0, 0, 0x4a, 0x05, 0, 0x1c);
	EXPECT_BAD_PARAM(5, -1);
	/* the caching page in the subpage format */
	SELECT(ms6, 0, 0, 0, 0, 0x48, 0x00, 0, 0x10);
	EXPECT_BAD_PARAM(4, 6);
	/* wrong PAGE LENGTH */
	SELECT(ms6, 0, 0, 0, 0, 0x08, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_BAD_PARAM(5, -1);
	SELECT(ms6, 0, 0, 0, 0, 0x4a, 0x01, 0x00, 0x10);
	EXPECT_BAD_PARAM(6, -1);
}

TEST(mode_select_header_and_descriptor)
{
	/* MEDIUM TYPE */
	SELECT(ms6, 0, 1, 0, 0);
	EXPECT_BAD_PARAM(1, -1);
	SELECT(ms10, 0, 0, 1, 0, 0, 0, 0, 0);
	EXPECT_BAD_PARAM(2, -1);
	/* MODE DATA LENGTH and device-specific parameter are ignored */
	SELECT(ms6, 23, 0, 0x90, 0, CACHING(0x04));
	EXPECT_GOOD();
	/* BLOCK DESCRIPTOR LENGTH */
	SELECT(ms6, 0, 0, 0, 4, 0, 0, 0, 0);
	EXPECT_BAD_PARAM(3, -1);
	SELECT(ms10, 0, 0, 0, 0, 0, 0, 0, 16,
	       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0);
	EXPECT_BAD_PARAM(6, -1);
	SELECT(ms10, 0, 0, 0, 0, 1, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x02, 0);
	EXPECT_BAD_PARAM(6, -1);
	/* reserved bits of byte 4 and byte 5 */
	SELECT(ms10, 0, 0, 0, 0, 0x02, 0, 0, 0);
	EXPECT_BAD_PARAM(4, 1);
	SELECT(ms10, 0, 0, 0, 0, 0, 0x80, 0, 0);
	EXPECT_BAD_PARAM(5, -1);
	/* block length other than the LU's */
	SELECT(ms6, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x10, 0);
	EXPECT_BAD_PARAM(9, -1);
	/* a capacity other than the LU's */
	SELECT(ms6, 0, 0, 0, 8, 0, 0, 0x03, 0xe7, 0, 0, 0x02, 0);
	EXPECT_BAD_PARAM(4, -1);
	/* density code */
	SELECT(ms6, 0, 0, 0, 8, 0, 0, 0x03, 0xe8, 1, 0, 0x02, 0);
	EXPECT_BAD_PARAM(8, -1);
	/* long descriptor: reserved bytes, block length, capacity */
	SELECT(ms10, 0, 0, 0, 0, 1, 0, 0, 16,
	       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x02, 0);
	EXPECT_BAD_PARAM(16, -1);
	SELECT(ms10, 0, 0, 0, 0, 1, 0, 0, 16,
	       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0);
	EXPECT_BAD_PARAM(20, -1);
	SELECT(ms10, 0, 0, 0, 0, 1, 0, 0, 16,
	       0, 0, 0, 0, 0, 0, 0x03, 0xe7, 0, 0, 0, 0, 0, 0, 0x02, 0);
	EXPECT_BAD_PARAM(8, -1);
	SELECT(ms10, 0, 0, 0, 0, 1, 0, 0, 16,
	       0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0, 0, 0x02, 0);
	EXPECT_GOOD();
}

TEST(mode_select_truncated)
{
	/* header cut */
	SELECT(ms6, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	SELECT(ms10, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* block descriptor cut */
	SELECT(ms6, 0, 0, 0, 8, 0, 0, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* page header cut: one byte, then a subpage header of three */
	SELECT(ms6, 0, 0, 0, 0, 0x08);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	SELECT(ms6, 0, 0, 0, 0, 0x4a, 0x01, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	/* page body cut */
	SELECT(ms6, 0, 0, 0, 0, 0x08, 0x12, 0, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	ASSERT_TRUE(chg.wce);
}

TEST(mode_select_parameter_list_length)
{
	const u8 cdb[6] = { 0x15, 0x10, 0, 0, 24, 0 };
	const u8 cdb_short[6] = { 0x15, 0x10, 0, 0, 10, 0 };
	const u8 cdb_empty[6] = { 0x15, 0x10, 0, 0, 0, 0 };

	/* bytes past PARAMETER LIST LENGTH are not looked at */
	SELECT(cdb, 0, 0, 0, 0, CACHING(0x00), 0xff, 0xff, 0xff);
	EXPECT_GOOD();
	ASSERT_FALSE(chg.wce);
	/* a PARAMETER LIST LENGTH that cuts the page */
	SELECT(cdb_short, 0, 0, 0, 0, CACHING(0x00));
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_PARAM_LIST_LENGTH_ERROR);
	SELECT(cdb_empty, 0, 0, 0, 0, CACHING(0x00));
	EXPECT_GOOD();
	ASSERT_TRUE(chg.wce);
	ASSERT_FALSE(chg.changed);
}

TEST(mode_select_contract)
{
	const u8 p[4] = { 0 };
	const u8 not_ms[10] = { 0x5a };

	lu0 = test_lu();
	ASSERT_EQ(-EINVAL, ikt_scsi_mode_select(NULL, ms6, p, 4, &chg, &res));
	ASSERT_EQ(-EINVAL, ikt_scsi_mode_select(&lu0, NULL, p, 4, &chg, &res));
	ASSERT_EQ(-EINVAL, ikt_scsi_mode_select(&lu0, ms6, NULL, 4, &chg,
						&res));
	ASSERT_EQ(-EINVAL, ikt_scsi_mode_select(&lu0, ms6, p, 4, NULL, &res));
	ASSERT_EQ(-EINVAL, ikt_scsi_mode_select(&lu0, ms6, p, 4, &chg, NULL));
	ASSERT_EQ(-EINVAL, ikt_scsi_mode_select(&lu0, not_ms, p, 4, &chg,
						&res));
	ASSERT_EQ(0, ikt_scsi_mode_select(&lu0, ms6, NULL, 0, &chg, &res));
	EXPECT_GOOD();
}

/* Random parameter lists: never a crash, always a complete result. */
TEST(mode_select_random_lists)
{
	u8 cdb[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0xff, 0xff, 0 };
	unsigned int seed = 1, i, j, len;
	u8 p[96];

	lu0 = test_lu();
	for (i = 0; i < 20000; i++) {
		len = rand_r(&seed) % sizeof(p);
		for (j = 0; j < len; j++)
			p[j] = rand_r(&seed);
		/* keep the headers plausible often enough to reach pages */
		if (i & 1) {
			memset(p, 0, min(len, 8u));
			if (len > 8)
				p[8] = (p[8] & 0x40) | (i & 2 ? 0x0a : 0x08);
		}
		cdb[0] = i & 4 ? 0x55 : 0x15;
		cdb[4] = 0xff;
		ASSERT_EQ(0, select_lu(&lu0, cdb, p, len));
		ASSERT_EQ(IKT_SCSI_COMPLETE, res.action);
		ASSERT_EQ(0, res.data_len);
		if (res.status != IKT_SAM_GOOD)
			ASSERT_EQ(IKT_SK_ILLEGAL_REQUEST, res.sense.key);
		if (res.sense.sks_valid)
			ASSERT_LT(res.sense.sks_field, len);
	}
}

/* ---- START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL ---- */

TEST(start_stop_unit_fields)
{
	/* START 0 / 1 with IMMED and NO_FLUSH: GOOD */
	RUN(0x1b, 0, 0, 0, 0x00, 0);
	EXPECT_GOOD();
	RUN(0x1b, 1, 0, 0, 0x05, 0);
	EXPECT_GOOD();
	/* LOEJ: the medium is not removable */
	RUN(0x1b, 1, 0, 0, 0x02, 0);
	EXPECT_BAD_FIELD(4, 1);
	RUN(0x1b, 0, 0, 0, 0x03, 0);
	EXPECT_BAD_FIELD(4, 1);
	/* no power conditions */
	RUN(0x1b, 0, 0, 0, 0x11, 0);
	EXPECT_BAD_FIELD(4, 4);
	RUN(0x1b, 0, 0, 0, 0xa1, 0);
	EXPECT_BAD_FIELD(4, 7);
	RUN(0x1b, 0, 0, 0x02, 0x01, 0);
	EXPECT_BAD_FIELD(3, 1);
	/* reserved */
	RUN(0x1b, 0, 0, 0, 0x09, 0);
	EXPECT_BAD_FIELD(4, 3);
	RUN(0x1b, 0, 1, 0, 0x01, 0);
	EXPECT_BAD_FIELD(2, 0);
}

TEST(prevent_allow_medium_removal)
{
	RUN(0x1e, 0, 0, 0, 0x00, 0);
	EXPECT_GOOD();
	RUN(0x1e, 0, 0, 0, 0x01, 0);
	EXPECT_GOOD();
	/* 10b and 11b are obsolete */
	RUN(0x1e, 0, 0, 0, 0x02, 0);
	EXPECT_BAD_FIELD(4, 1);
	RUN(0x1e, 0, 0, 0, 0x03, 0);
	EXPECT_BAD_FIELD(4, 1);
	RUN_LU(NULL, 0x1e, 0, 0, 0, 0x01, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_LUN_NOT_SUPPORTED);
}

/* ---- READ DEFECT DATA ---- */

TEST(read_defect_data10)
{
	const u8 both_short[] = { 0, 0x18, 0, 0 };
	const u8 glist_long[] = { 0, 0x0b, 0, 0 };

	RUN(0x37, 0, 0x18, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_DATA(both_short);
	RUN(0x37, 0, 0x0b, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_DATA(glist_long);
	RUN(0x37, 0, 0x05, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(0x05, buf[1]);
	RUN(0x37, 0, 0x18, 0, 0, 0, 0, 0, 2, 0);
	EXPECT_GOOD();
	ASSERT_EQ(2, res.data_len);
	ASSERT_EQ(4, res.data_full);
	/* vendor-specific and reserved formats */
	RUN(0x37, 0, 0x16, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, 2);
	RUN(0x37, 0, 0x07, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, 2);
	RUN(0x37, 0, 0x20, 0, 0, 0, 0, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, 5);
}

TEST(read_defect_data12)
{
	const u8 exp[] = { 0, 0x1d, 0, 0, 0, 0, 0, 0 };

	RUN(0xb7, 0x1d, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0);
	EXPECT_DATA(exp);
	/* an ADDRESS DESCRIPTOR INDEX past the (empty) list */
	RUN(0xb7, 0x08, 0, 0, 0, 9, 0, 0, 0, 0xff, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(8, res.data_len);
	ASSERT_EQ(0x08, buf[1]);
	RUN(0xb7, 0x1e, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0);
	EXPECT_BAD_FIELD(1, 2);
	RUN(0xb7, 0x08, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(5, res.data_len);
}

TEST_HARNESS_MAIN
