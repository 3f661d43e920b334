// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the SCSI block-device emulation (kernel/proto/scsi_*.c):
 * exact data-in bytes, allocation length truncation, every sense the
 * emulation reports, and media command decoding at the capacity edges.
 * Expected bytes were written by hand from SPC-4 / SBC-3 layouts.
 */
#include <stdio.h>

#include "kselftest_harness.h"
#include "scsi.h"
#include <linux/iscsikt.h>

#define TNAME	"iqn.2024-01.org.example:t1"

static u8 buf[IKT_SCSI_DATA_REPORT_LUNS];
static struct ikt_scsi_result res;

static struct ikt_lu_info test_lu(void)
{
	struct ikt_lu_info lu = {
		.nblocks = 1000,
		.block_size = 512,
		.pb_exp = 3,
		.rpm = ISCSIKT_RPM_SSD,
		.wce = true,
		.rel_tgt_port = 1,
		.tpg_id = 1,
		.tpgt = 1,
		.naa = 0x6001405abcdef012ULL,
		.serial = "SER123",
		.vendor = "ISCSIKT",
		.product = "Disk",
		.revision = "0001",
		.target_name = TNAME,
	};
	return lu;
}

static struct ikt_lu_info lu0;

/* Run @cdb (padded to 16 bytes, as in a SCSI Command PDU) against @lu. */
static int run_lu(const struct ikt_lu_info *lu, const u8 *cdb,
		  unsigned int len)
{
	struct ikt_scsi_cmd_in in = {
		.cdb_len = IKT_SCSI_CDB_MAX,
		.lu = lu,
		.buf = buf,
		.buf_len = sizeof(buf),
	};
	u8 c[IKT_SCSI_CDB_MAX] = { 0 };

	memcpy(c, cdb, len);
	in.cdb = c;
	memset(buf, 0xa5, sizeof(buf));
	return ikt_scsi_dispatch(&in, &res);
}

#define RUN_LU(lu, ...) run_lu(lu, (const u8[]){ __VA_ARGS__ }, \
			       sizeof((const u8[]){ __VA_ARGS__ }))
#define RUN(...) (lu0 = test_lu(), RUN_LU(&lu0, __VA_ARGS__))

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

/* INVALID FIELD IN CDB at @byte, @bit (-1: no bit pointer) */
#define EXPECT_BAD_FIELD(byte, bit) do {				\
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_INVALID_FIELD_IN_CDB); \
	ASSERT_TRUE(res.sense.sks_valid);				\
	ASSERT_TRUE(res.sense.sks_cdb);					\
	ASSERT_EQ(byte, res.sense.sks_field);				\
	ASSERT_EQ((bit) >= 0, res.sense.sks_bpv);			\
	if ((bit) >= 0)							\
		ASSERT_EQ(bit, res.sense.sks_bit);			\
} while (0)

#define EXPECT_DATA(exp) do {						\
	EXPECT_GOOD();							\
	ASSERT_EQ(sizeof(exp), res.data_len);				\
	ASSERT_EQ(0, memcmp(exp, buf, sizeof(exp)));			\
} while (0)

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
	ASSERT_EQ(0x10, buf[5]);
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
	const u8 exp[] = { 0, 0x00, 0, 6, 0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2 };

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
	static const u8 ports[] = {
		0x51, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
		0x51, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
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
	ASSERT_EQ(144, len);
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
	/* T10 (32) + relative port (8) + port group (8) */
	ASSERT_EQ(4 + 48, res.data_len);
	ASSERT_EQ(0x02, buf[4]);
}

TEST(vpd_block_limits)
{
	u8 exp[64] = { 0, 0xb0, 0, 0x3c, 0, 0, 0x00, 0x08, 0, 0, 0x01, 0 };

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
	ASSERT_EQ(0, report_luns(luns, 4, 2, 4096, sizeof(buf)));
	EXPECT_DATA(exp);
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

	report_luns(luns, 2, 1, 64, sizeof(buf));
	EXPECT_GOOD();
	ASSERT_EQ(8, res.data_len);
	ASSERT_EQ(0, get_unaligned_be32(buf));
	report_luns(luns, 2, 3, 64, sizeof(buf));
	EXPECT_BAD_FIELD(2, -1);
}

TEST(report_luns_longer_than_buffer)
{
	static u64 luns[200];
	unsigned int i;

	for (i = 0; i < 200; i++)
		luns[i] = i;
	report_luns(luns, 200, 0, 0xffffffff, IKT_SCSI_DATA_MIN);
	EXPECT_GOOD();
	ASSERT_EQ(8 + 200 * 8, res.data_full);
	ASSERT_EQ(IKT_SCSI_DATA_MIN, res.data_len);
	ASSERT_EQ(200 * 8, get_unaligned_be32(buf));
	ASSERT_EQ(126, buf[IKT_SCSI_DATA_MIN - 7]);
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
	/* changeable values: nothing can be changed yet */
	RUN_LU(&lu0, 0x1a, 0x08, 0x48, 0, 0xff, 0);
	EXPECT_GOOD();
	ASSERT_EQ(24, res.data_len);
	ASSERT_EQ(0x08, buf[4]);
	ASSERT_EQ(0x00, buf[6]);
}

TEST(mode_sense_saved_values)
{
	RUN(0x1a, 0, 0xff, 0, 0xff, 0);
	EXPECT_SENSE(IKT_SK_ILLEGAL_REQUEST, IKT_ASC_SAVING_PARAMS_UNSUP);
}

TEST(mode_sense_bad_page_and_subpage)
{
	RUN(0x1a, 0, 0x19, 0, 0xff, 0);
	EXPECT_BAD_FIELD(2, 5);
	RUN(0x5a, 0, 0x0a, 0x01, 0, 0, 0, 0, 0xff, 0);
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
		ASSERT_EQ(op == 0x9e || op == 0xa3, buf[off + 5] & 1);
		ASSERT_EQ(0, buf[off + 5] & 2);
	}
	ASSERT_EQ(27, n);
	/* RCTD: every descriptor carries a timeouts descriptor */
	RSOC(0x80, 0, 0);
	EXPECT_GOOD();
	ASSERT_EQ(4 + 27 * 20, res.data_len);
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

TEST_HARNESS_MAIN
