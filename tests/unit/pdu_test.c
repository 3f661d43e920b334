// SPDX-License-Identifier: GPL-2.0
/* Host tests of kernel/proto/pdu.c: BHS checks, builders, digests. */
#include "kselftest_harness.h"
#include "pdu.h"

static const struct ikt_sn sn = {
	.statsn = 0x11223344, .exp_cmdsn = 0x55667788, .max_cmdsn = 0x99aabbcc,
};

static const u8 lun1[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };

static void bhs_req(struct iscsi_bhs *b, u8 op, u32 dlen)
{
	memset(b, 0, sizeof(*b));
	b->opcode = op;
	b->flags = ISCSI_FLAG_FINAL;
	ikt_bhs_set_data_len(b, dlen);
}

static void expect_sn(struct __test_metadata *_metadata,
		      const struct iscsi_bhs *b)
{
	EXPECT_EQ(sn.statsn, get_unaligned_be32(b->w24));
	EXPECT_EQ(sn.exp_cmdsn, get_unaligned_be32(b->w28));
	EXPECT_EQ(sn.max_cmdsn, get_unaligned_be32(b->w32));
}

TEST(bhs_size_and_helpers)
{
	struct iscsi_bhs b;

	EXPECT_EQ(48, sizeof(b));
	bhs_req(&b, ISCSI_OP_SCSI_CMD, 0x123456);
	b.ahslen = 5;
	EXPECT_EQ(0x123456, ikt_bhs_data_len(&b));
	EXPECT_EQ(0x12, b.dlength[0]);
	EXPECT_EQ(0x56, b.dlength[2]);
	EXPECT_EQ(20, ikt_bhs_ahs_len(&b));
	EXPECT_EQ(0, ikt_pdu_padded(0));
	EXPECT_EQ(4, ikt_pdu_padded(1));
	EXPECT_EQ(4, ikt_pdu_padded(4));
	EXPECT_EQ(8, ikt_pdu_padded(5));
	EXPECT_EQ(0x1000000, ikt_pdu_padded(0xffffff));
}

TEST(check_scsi_cmd_decodes)
{
	struct ikt_pdu_info info;
	struct iscsi_bhs b;

	bhs_req(&b, ISCSI_OP_SCSI_CMD | ISCSI_OP_IMMEDIATE, 4096);
	b.flags |= ISCSI_FLAG_CMD_WRITE;
	memcpy(b.lun, lun1, 8);
	put_unaligned_be32(0xdeadbeef, b.itt);
	put_unaligned_be32(7, b.w24);
	put_unaligned_be32(9, b.w28);
	b.ahslen = 1;
	ASSERT_EQ(0, ikt_pdu_check(&b, 8192, false, &info));
	EXPECT_EQ(ISCSI_OP_SCSI_CMD, info.opcode);
	EXPECT_TRUE(info.immediate);
	EXPECT_TRUE(info.final);
	EXPECT_EQ(ISCSI_FLAG_FINAL | ISCSI_FLAG_CMD_WRITE, info.flags);
	EXPECT_EQ(0xdeadbeef, info.itt);
	EXPECT_EQ(0x0001000000000000ull, info.lun);
	EXPECT_EQ(7, info.cmdsn);
	EXPECT_EQ(9, info.exp_statsn);
	EXPECT_EQ(4096, info.data_len);
	EXPECT_EQ(4, info.ahs_len);
}

TEST(check_all_initiator_opcodes)
{
	static const u8 ops[] = {
		ISCSI_OP_NOOP_OUT, ISCSI_OP_SCSI_CMD, ISCSI_OP_TMF_REQ,
		ISCSI_OP_TEXT_REQ, ISCSI_OP_DATA_OUT, ISCSI_OP_LOGOUT_REQ,
		ISCSI_OP_SNACK,
	};
	struct ikt_pdu_info info;
	struct iscsi_bhs b;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		bhs_req(&b, ops[i], 0);
		EXPECT_EQ(0, ikt_pdu_check(&b, 8192, false, &info));
	}
}

TEST(check_rejects_unknown_opcodes)
{
	struct ikt_pdu_info info;
	struct iscsi_bhs b;
	unsigned int op, ok = 0;

	for (op = 0; op < 64; op++) {
		bhs_req(&b, op, 0);
		if (!ikt_pdu_check(&b, 8192, false, &info) ||
		    (op == ISCSI_OP_LOGIN_REQ &&
		     !ikt_pdu_check(&b, 8192, true, &info))) {
			ok++;
			continue;
		}
		EXPECT_EQ(-EOPNOTSUPP, ikt_pdu_check(&b, 8192, false, &info))
			TH_LOG("opcode 0x%02x", op);
		EXPECT_EQ(ISCSI_REJECT_CMD_NOT_SUPPORTED, info.reject_reason);
	}
	EXPECT_EQ(8, ok);
	/* Target opcodes, vendor opcodes */
	bhs_req(&b, ISCSI_OP_SCSI_RSP, 0);
	EXPECT_EQ(-EOPNOTSUPP, ikt_pdu_check(&b, 8192, false, &info));
	bhs_req(&b, 0x1c, 0);
	EXPECT_EQ(-EOPNOTSUPP, ikt_pdu_check(&b, 8192, false, &info));
	bhs_req(&b, ISCSI_OP_REJECT | ISCSI_OP_IMMEDIATE, 0);
	EXPECT_EQ(-EOPNOTSUPP, ikt_pdu_check(&b, 8192, false, &info));
}

TEST(check_login_phase)
{
	struct ikt_pdu_info info;
	struct iscsi_bhs b;

	bhs_req(&b, ISCSI_OP_LOGIN_REQ | ISCSI_OP_IMMEDIATE, 8192);
	EXPECT_EQ(0, ikt_pdu_check(&b, 512, true, &info));
	/* 8192 during login whatever we declared */
	ikt_bhs_set_data_len(&b, 8193);
	EXPECT_EQ(-EMSGSIZE, ikt_pdu_check(&b, 262144, true, &info));
	EXPECT_EQ(ISCSI_REJECT_PROTOCOL_ERROR, info.reject_reason);
	/* Nothing but Login during login, no Login afterwards */
	bhs_req(&b, ISCSI_OP_SCSI_CMD, 0);
	EXPECT_EQ(-EPROTO, ikt_pdu_check(&b, 8192, true, &info));
	bhs_req(&b, ISCSI_OP_LOGIN_REQ, 0);
	EXPECT_EQ(-EPROTO, ikt_pdu_check(&b, 8192, false, &info));
}

TEST(check_data_len_limits)
{
	struct ikt_pdu_info info;
	struct iscsi_bhs b;

	bhs_req(&b, ISCSI_OP_DATA_OUT, 65536);
	EXPECT_EQ(0, ikt_pdu_check(&b, 65536, false, &info));
	ikt_bhs_set_data_len(&b, 65537);
	EXPECT_EQ(-EMSGSIZE, ikt_pdu_check(&b, 65536, false, &info));
	ikt_bhs_set_data_len(&b, 0xffffff);
	EXPECT_EQ(-EMSGSIZE, ikt_pdu_check(&b, 65536, false, &info));
	EXPECT_EQ(0xffffff, info.data_len);
	EXPECT_EQ(0, ikt_pdu_check(&b, 0xffffff, false, &info));
}

TEST(check_ahs)
{
	struct ikt_pdu_info info;
	struct iscsi_bhs b;

	bhs_req(&b, ISCSI_OP_SCSI_CMD, 0);
	b.ahslen = IKT_PDU_AHS_MAX / 4;
	EXPECT_EQ(0, ikt_pdu_check(&b, 8192, false, &info));
	b.ahslen++;
	EXPECT_EQ(-EPROTO, ikt_pdu_check(&b, 8192, false, &info));
	b.ahslen = 255;
	EXPECT_EQ(-EPROTO, ikt_pdu_check(&b, 8192, false, &info));
	bhs_req(&b, ISCSI_OP_DATA_OUT, 0);
	b.ahslen = 1;
	EXPECT_EQ(-EPROTO, ikt_pdu_check(&b, 8192, false, &info));
	EXPECT_EQ(ISCSI_REJECT_PROTOCOL_ERROR, info.reject_reason);
}

TEST(login_req_decode)
{
	struct ikt_login_req_info li;
	struct iscsi_bhs b;

	bhs_req(&b, ISCSI_OP_LOGIN_REQ | ISCSI_OP_IMMEDIATE, 0);
	b.flags = ISCSI_FLAG_LOGIN_TRANSIT | (1 << 2) | 3;
	b.spec2[0] = 0;
	b.spec2[1] = 0;
	memcpy(b.lun, "\x40\x00\x01\x37\x00\x00\x12\x34", 8);
	put_unaligned_be16(0x0102, b.w20);
	ikt_login_req_decode(&b, &li);
	EXPECT_TRUE(li.transit);
	EXPECT_FALSE(li.cont);
	EXPECT_EQ(ISCSI_STAGE_OPERATIONAL, li.csg);
	EXPECT_EQ(ISCSI_STAGE_FULL_FEATURE, li.nsg);
	EXPECT_EQ(0x40, li.isid[0]);
	EXPECT_EQ(0x37, li.isid[3]);
	EXPECT_EQ(0x1234, li.tsih);
	EXPECT_EQ(0x0102, li.cid);
}

TEST(build_login_rsp)
{
	struct ikt_login_rsp r = {
		.transit = true, .csg = 1, .nsg = 3,
		.isid = { 0x40, 0, 1, 0x37, 0, 0 }, .tsih = 0x0005,
		.itt = 0x01020304, .status = ISCSI_LOGIN_OK, .data_len = 300,
		.sn = sn,
	};
	struct iscsi_bhs b;

	memset(&b, 0xff, sizeof(b));
	ikt_build_login_rsp(&b, &r);
	EXPECT_EQ(0x23, b.opcode);
	EXPECT_EQ(0x87, b.flags);
	EXPECT_EQ(0, b.spec2[0]);
	EXPECT_EQ(0, b.ahslen);
	EXPECT_EQ(300, ikt_bhs_data_len(&b));
	EXPECT_EQ(0, memcmp(b.lun, "\x40\x00\x01\x37\x00\x00\x00\x05", 8));
	EXPECT_EQ(0x01020304, get_unaligned_be32(b.itt));
	EXPECT_EQ(0, get_unaligned_be32(b.w20));
	expect_sn(_metadata, &b);
	EXPECT_EQ(0, get_unaligned_be32(b.w36));
	EXPECT_EQ(0, get_unaligned_be32(b.w40));
	EXPECT_EQ(0, get_unaligned_be32(b.w44));

	/* A failed login: status bytes, no transit, C bit kept */
	r.transit = false;
	r.cont = true;
	r.status = ISCSI_LOGIN_MISSING_PARAM;
	ikt_build_login_rsp(&b, &r);
	EXPECT_EQ(0x44, b.flags);
	EXPECT_EQ(0x02, b.w36[0]);
	EXPECT_EQ(0x07, b.w36[1]);
}

TEST(build_text_rsp)
{
	struct iscsi_bhs b;

	ikt_build_text_rsp(&b, false, true, lun1, 5, 0x77, 8192, &sn);
	EXPECT_EQ(0x24, b.opcode);
	EXPECT_EQ(ISCSI_FLAG_CONTINUE, b.flags);
	EXPECT_EQ(0, memcmp(b.lun, lun1, 8));
	EXPECT_EQ(0x77, get_unaligned_be32(b.w20));
	EXPECT_EQ(8192, ikt_bhs_data_len(&b));
	expect_sn(_metadata, &b);
	ikt_build_text_rsp(&b, true, false, lun1, 5, ISCSI_RESERVED_TAG, 0,
			   &sn);
	EXPECT_EQ(ISCSI_FLAG_FINAL, b.flags);
	EXPECT_EQ(ISCSI_RESERVED_TAG, get_unaligned_be32(b.w20));
}

TEST(build_scsi_rsp)
{
	struct ikt_scsi_rsp r = {
		.itt = 9, .response = 0, .status = 0x02,
		.flags = ISCSI_FLAG_UNDERFLOW, .residual = 512,
		.exp_datasn = 3, .data_len = 20, .sn = sn,
	};
	struct iscsi_bhs b;

	ikt_build_scsi_rsp(&b, &r);
	EXPECT_EQ(0x21, b.opcode);
	EXPECT_EQ(0x82, b.flags);
	EXPECT_EQ(0x00, b.spec2[0]);
	EXPECT_EQ(0x02, b.spec2[1]);
	EXPECT_EQ(20, ikt_bhs_data_len(&b));
	EXPECT_EQ(9, get_unaligned_be32(b.itt));
	expect_sn(_metadata, &b);
	EXPECT_EQ(3, get_unaligned_be32(b.w36));
	EXPECT_EQ(0, get_unaligned_be32(b.w40));
	EXPECT_EQ(512, get_unaligned_be32(b.w44));
}

TEST(build_data_in)
{
	struct ikt_data_in d = {
		.itt = 1, .ttt = ISCSI_RESERVED_TAG, .datasn = 4,
		.offset = 32768, .data_len = 8192, .flags = 0,
		.status = 0, .sn = sn,
	};
	struct iscsi_bhs b;

	memcpy(d.lun, lun1, 8);
	ikt_build_data_in(&b, &d);
	EXPECT_EQ(0x25, b.opcode);
	EXPECT_EQ(0, b.flags);
	/* StatSN only with status */
	EXPECT_EQ(0, get_unaligned_be32(b.w24));
	EXPECT_EQ(sn.exp_cmdsn, get_unaligned_be32(b.w28));
	EXPECT_EQ(4, get_unaligned_be32(b.w36));
	EXPECT_EQ(32768, get_unaligned_be32(b.w40));
	EXPECT_EQ(ISCSI_RESERVED_TAG, get_unaligned_be32(b.w20));

	d.flags = ISCSI_FLAG_DATA_STATUS | ISCSI_FLAG_UNDERFLOW;
	d.residual = 100;
	ikt_build_data_in(&b, &d);
	EXPECT_EQ(0x83, b.flags);
	EXPECT_EQ(sn.statsn, get_unaligned_be32(b.w24));
	EXPECT_EQ(100, get_unaligned_be32(b.w44));
}

TEST(build_r2t)
{
	struct ikt_r2t r = {
		.itt = 2, .ttt = 0x1000, .r2tsn = 1, .offset = 65536,
		.length = 262144, .sn = sn,
	};
	struct iscsi_bhs b;

	memcpy(r.lun, lun1, 8);
	ikt_build_r2t(&b, &r);
	EXPECT_EQ(0x31, b.opcode);
	EXPECT_EQ(0x80, b.flags);
	EXPECT_EQ(0, ikt_bhs_data_len(&b));
	EXPECT_EQ(0, memcmp(b.lun, lun1, 8));
	EXPECT_EQ(0x1000, get_unaligned_be32(b.w20));
	expect_sn(_metadata, &b);
	EXPECT_EQ(1, get_unaligned_be32(b.w36));
	EXPECT_EQ(65536, get_unaligned_be32(b.w40));
	EXPECT_EQ(262144, get_unaligned_be32(b.w44));
}

TEST(build_nop_reject_logout_tmf_async)
{
	struct ikt_async a = {
		.event = ISCSI_ASYNC_LOGOUT_REQUEST, .param3 = 10,
		.param2 = 0x0203, .param1 = 0x0405, .sn = sn,
	};
	struct iscsi_bhs b;

	ikt_build_nop_in(&b, lun1, 3, ISCSI_RESERVED_TAG, 12, &sn);
	EXPECT_EQ(0x20, b.opcode);
	EXPECT_EQ(0x80, b.flags);
	EXPECT_EQ(12, ikt_bhs_data_len(&b));
	EXPECT_EQ(3, get_unaligned_be32(b.itt));
	EXPECT_EQ(ISCSI_RESERVED_TAG, get_unaligned_be32(b.w20));
	expect_sn(_metadata, &b);

	ikt_build_reject(&b, ISCSI_REJECT_PROTOCOL_ERROR, 48, 0, &sn);
	EXPECT_EQ(0x3f, b.opcode);
	EXPECT_EQ(0x80, b.flags);
	EXPECT_EQ(0x04, b.spec2[0]);
	EXPECT_EQ(48, ikt_bhs_data_len(&b));
	EXPECT_EQ(ISCSI_RESERVED_TAG, get_unaligned_be32(b.itt));
	expect_sn(_metadata, &b);

	ikt_build_logout_rsp(&b, ISCSI_LOGOUT_SUCCESS, 8, 2, 20, &sn);
	EXPECT_EQ(0x26, b.opcode);
	EXPECT_EQ(0, b.spec2[0]);
	EXPECT_EQ(8, get_unaligned_be32(b.itt));
	EXPECT_EQ(0x00020014, get_unaligned_be32(b.w40));

	ikt_build_tmf_rsp(&b, ISCSI_TMF_RSP_NO_TASK, 4, &sn);
	EXPECT_EQ(0x22, b.opcode);
	EXPECT_EQ(1, b.spec2[0]);
	expect_sn(_metadata, &b);

	memcpy(a.lun, lun1, 8);
	ikt_build_async(&b, &a);
	EXPECT_EQ(0x32, b.opcode);
	EXPECT_EQ(ISCSI_RESERVED_TAG, get_unaligned_be32(b.itt));
	EXPECT_EQ(1, b.w36[0]);
	EXPECT_EQ(0x0405, get_unaligned_be16(b.w36 + 2));
	EXPECT_EQ(0x0203000a, get_unaligned_be32(b.w40));
}

/* RFC 3720 appendix B.4 */
TEST(crc32c_vectors)
{
	u8 buf[48];
	int i;

	memset(buf, 0, 32);
	EXPECT_EQ(0x8a9136aa, ikt_digest(buf, 32));
	memset(buf, 0xff, 32);
	EXPECT_EQ(0x62a8ab43, ikt_digest(buf, 32));
	for (i = 0; i < 32; i++)
		buf[i] = i;
	EXPECT_EQ(0x46dd794e, ikt_digest(buf, 32));
	for (i = 0; i < 32; i++)
		buf[i] = 31 - i;
	EXPECT_EQ(0x113fdb5c, ikt_digest(buf, 32));
	/* "123456789" is the classic check value, before padding rules */
	EXPECT_EQ(0xe3069283, ~ikt_crc32c(IKT_DIGEST_SEED, "123456789", 9));
}

TEST(crc32c_iscsi_read_pdu)
{
	/* RFC 3720 B.4: an iSCSI SCSI Read (10) command PDU */
	static const u8 pdu[48] = {
		0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
		0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
		0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	u8 wire[4];

	EXPECT_EQ(0xd9963a56, ikt_digest(pdu, sizeof(pdu)));
	ikt_digest_put(0x8a9136aa, wire);
	EXPECT_EQ(0, memcmp(wire, "\xaa\x36\x91\x8a", 4));
	EXPECT_EQ(0x8a9136aa, ikt_digest_get(wire));
}

TEST(digest_covers_padding)
{
	u8 buf[8] = { 'a', 'b', 'c', 'd', 'e', 0, 0, 0 };
	u32 crc;

	/* 5 bytes digest as 8: the 3 pad bytes are zero */
	EXPECT_EQ(ikt_digest(buf, 8), ikt_digest(buf, 5));
	/* Incremental form over pieces */
	crc = ikt_crc32c(IKT_DIGEST_SEED, buf, 2);
	crc = ikt_crc32c(crc, buf + 2, 3);
	EXPECT_EQ(ikt_digest(buf, 5), ikt_digest_final(crc, 5));
}

TEST_HARNESS_MAIN
