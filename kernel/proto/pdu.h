/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iSCSI PDU layout (RFC 7143 section 11): the 48-byte Basic Header Segment,
 * opcodes, flag bits and status codes, a validating parser for what an
 * initiator sends and builders for what the target sends.
 *
 * The BHS is declared as byte arrays only, so it has no padding and no
 * alignment requirement on either side (kernel or host), and every
 * multi-byte field goes through get/put_unaligned_be*().
 */
#ifndef ISCSIKT_PROTO_PDU_H
#define ISCSIKT_PROTO_PDU_H

#include "port.h"

#define ISCSI_BHS_LEN		48
#define ISCSI_DIGEST_LEN	4
/* RFC 7143 section 6.5 / 13.12: the limit in force until negotiated. */
#define ISCSI_LOGIN_MAX_RECV_DSL	8192
/* Largest 24-bit DataSegmentLength. */
#define ISCSI_MAX_DSL		0xffffff
/* An Extended CDB AHS for a 260-byte CDB plus a Bidi Read AHS, rounded. */
#define IKT_PDU_AHS_MAX		264
#define ISCSI_RESERVED_TAG	0xffffffffu

struct iscsi_bhs {
	u8 opcode;		/* I bit 0x40 | opcode 0x3f */
	u8 flags;		/* F bit 0x80 and opcode-specific bits */
	u8 spec2[2];		/* opcode specific: response/status/reason */
	u8 ahslen;		/* TotalAHSLength in 4-byte words */
	u8 dlength[3];		/* DataSegmentLength, bytes, 24-bit */
	u8 lun[8];		/* LUN, or ISID + TSIH for Login */
	u8 itt[4];		/* Initiator Task Tag */
	u8 w20[4];		/* TTT, EDTL, CID, SNACK Tag, RefTaskTag */
	u8 w24[4];		/* CmdSN (initiator) / StatSN (target) */
	u8 w28[4];		/* ExpStatSN (initiator) / ExpCmdSN (target) */
	u8 w32[4];		/* MaxCmdSN, RefCmdSN, CDB bytes 0-3 */
	u8 w36[4];		/* DataSN, R2TSN, ExpDataSN, status, CDB */
	u8 w40[4];		/* Buffer Offset, residuals, Time2Wait/Retain */
	u8 w44[4];		/* Residual Count, Desired Data Transfer Len */
};

/* Opcodes of PDUs an initiator sends (and the target must accept). */
enum iscsi_op_initiator {
	ISCSI_OP_NOOP_OUT	= 0x00,
	ISCSI_OP_SCSI_CMD	= 0x01,
	ISCSI_OP_TMF_REQ	= 0x02,
	ISCSI_OP_LOGIN_REQ	= 0x03,
	ISCSI_OP_TEXT_REQ	= 0x04,
	ISCSI_OP_DATA_OUT	= 0x05,
	ISCSI_OP_LOGOUT_REQ	= 0x06,
	ISCSI_OP_SNACK		= 0x10,
};

/* Opcodes of PDUs the target sends. */
enum iscsi_op_target {
	ISCSI_OP_NOOP_IN	= 0x20,
	ISCSI_OP_SCSI_RSP	= 0x21,
	ISCSI_OP_TMF_RSP	= 0x22,
	ISCSI_OP_LOGIN_RSP	= 0x23,
	ISCSI_OP_TEXT_RSP	= 0x24,
	ISCSI_OP_DATA_IN	= 0x25,
	ISCSI_OP_LOGOUT_RSP	= 0x26,
	ISCSI_OP_R2T		= 0x31,
	ISCSI_OP_ASYNC		= 0x32,
	ISCSI_OP_REJECT		= 0x3f,
};

#define ISCSI_OPCODE_MASK	0x3f
#define ISCSI_OP_IMMEDIATE	0x40

/* byte 1 */
#define ISCSI_FLAG_FINAL	0x80
/* SCSI Command */
#define ISCSI_FLAG_CMD_READ	0x40
#define ISCSI_FLAG_CMD_WRITE	0x20
#define ISCSI_FLAG_CMD_ATTR_MASK 0x07
/* Login / Text */
#define ISCSI_FLAG_LOGIN_TRANSIT 0x80
#define ISCSI_FLAG_CONTINUE	0x40
#define ISCSI_LOGIN_CSG_MASK	0x0c
#define ISCSI_LOGIN_CSG_SHIFT	2
#define ISCSI_LOGIN_NSG_MASK	0x03
/* SCSI Response, Data-In residuals */
#define ISCSI_FLAG_BIDI_OVERFLOW  0x10
#define ISCSI_FLAG_BIDI_UNDERFLOW 0x08
#define ISCSI_FLAG_OVERFLOW	0x04
#define ISCSI_FLAG_UNDERFLOW	0x02
/* Data-In */
#define ISCSI_FLAG_DATA_ACK	0x40
#define ISCSI_FLAG_DATA_STATUS	0x01
/* TMF request function, Logout reason, SNACK type live in byte 1 bits 0-6 */
#define ISCSI_FLAG_FUNC_MASK	0x7f
#define ISCSI_SNACK_TYPE_MASK	0x0f

/* Login stages (CSG/NSG) */
enum iscsi_login_stage {
	ISCSI_STAGE_SECURITY	= 0,
	ISCSI_STAGE_OPERATIONAL	= 1,
	ISCSI_STAGE_FULL_FEATURE = 3,
};

#define ISCSI_DRAFT20_VERSION	0x00

/*
 * Login status: class << 8 | detail (RFC 7143 section 11.13.5), the value
 * the caller splits into the Status-Class and Status-Detail bytes.
 */
enum iscsi_login_status {
	ISCSI_LOGIN_OK			= 0x0000,
	ISCSI_LOGIN_REDIRECT_TEMP	= 0x0101,
	ISCSI_LOGIN_REDIRECT_PERM	= 0x0102,
	ISCSI_LOGIN_INITIATOR_ERROR	= 0x0200,
	ISCSI_LOGIN_AUTH_FAILED		= 0x0201,
	ISCSI_LOGIN_FORBIDDEN		= 0x0202,
	ISCSI_LOGIN_NOT_FOUND		= 0x0203,
	ISCSI_LOGIN_TARGET_REMOVED	= 0x0204,
	ISCSI_LOGIN_UNSUPPORTED_VERSION	= 0x0205,
	ISCSI_LOGIN_TOO_MANY_CONNS	= 0x0206,
	ISCSI_LOGIN_MISSING_PARAM	= 0x0207,
	ISCSI_LOGIN_CANT_INCLUDE	= 0x0208,
	ISCSI_LOGIN_SESSION_TYPE	= 0x0209,
	ISCSI_LOGIN_NO_SESSION		= 0x020a,
	ISCSI_LOGIN_INVALID_REQUEST	= 0x020b,
	ISCSI_LOGIN_TARGET_ERROR	= 0x0300,
	ISCSI_LOGIN_UNAVAILABLE		= 0x0301,
	ISCSI_LOGIN_NO_RESOURCES	= 0x0302,
};

/* Reject reasons (RFC 7143 section 11.17.1) */
enum iscsi_reject_reason {
	ISCSI_REJECT_DIGEST_ERROR	= 0x02,
	ISCSI_REJECT_SNACK_REJECT	= 0x03,
	ISCSI_REJECT_PROTOCOL_ERROR	= 0x04,
	ISCSI_REJECT_CMD_NOT_SUPPORTED	= 0x05,
	ISCSI_REJECT_IMM_CMD_REJECT	= 0x06,
	ISCSI_REJECT_TASK_IN_PROGRESS	= 0x07,
	ISCSI_REJECT_INVALID_DATA_ACK	= 0x08,
	ISCSI_REJECT_INVALID_PDU_FIELD	= 0x09,
	ISCSI_REJECT_LONG_OP_REJECT	= 0x0a,
	ISCSI_REJECT_DEPRECATED		= 0x0b,
	ISCSI_REJECT_WAITING_FOR_LOGOUT	= 0x0c,
};

/* Logout request reasons and response codes (RFC 7143 11.14, 11.15) */
enum iscsi_logout_reason {
	ISCSI_LOGOUT_CLOSE_SESSION	= 0x00,
	ISCSI_LOGOUT_CLOSE_CONNECTION	= 0x01,
	ISCSI_LOGOUT_REMOVE_FOR_RECOVERY = 0x02,
};

enum iscsi_logout_response {
	ISCSI_LOGOUT_SUCCESS		= 0x00,
	ISCSI_LOGOUT_CID_NOT_FOUND	= 0x01,
	ISCSI_LOGOUT_RECOVERY_UNSUPPORTED = 0x02,
	ISCSI_LOGOUT_CLEANUP_FAILED	= 0x03,
};

/* Task management functions and responses (RFC 7143 11.5, 11.6) */
enum iscsi_tmf_function {
	ISCSI_TMF_ABORT_TASK		= 1,
	ISCSI_TMF_ABORT_TASK_SET	= 2,
	ISCSI_TMF_CLEAR_ACA		= 3,
	ISCSI_TMF_CLEAR_TASK_SET	= 4,
	ISCSI_TMF_LUN_RESET		= 5,
	ISCSI_TMF_TARGET_WARM_RESET	= 6,
	ISCSI_TMF_TARGET_COLD_RESET	= 7,
	ISCSI_TMF_TASK_REASSIGN		= 8,
};

enum iscsi_tmf_response {
	ISCSI_TMF_RSP_COMPLETE		= 0,
	ISCSI_TMF_RSP_NO_TASK		= 1,
	ISCSI_TMF_RSP_NO_LUN		= 2,
	ISCSI_TMF_RSP_TASK_ALLEGIANT	= 3,
	ISCSI_TMF_RSP_NO_FAILOVER	= 4,
	ISCSI_TMF_RSP_NOT_SUPPORTED	= 5,
	ISCSI_TMF_RSP_AUTH_FAILED	= 6,
	ISCSI_TMF_RSP_REJECTED		= 255,
};

/* SCSI Response "Response" byte */
#define ISCSI_SCSI_RSP_COMPLETED	0x00
#define ISCSI_SCSI_RSP_TARGET_FAILURE	0x01

/* AsyncEvent codes (RFC 7143 11.9.1) */
enum iscsi_async_event {
	ISCSI_ASYNC_SCSI_EVENT		= 0,
	ISCSI_ASYNC_LOGOUT_REQUEST	= 1,
	ISCSI_ASYNC_DROP_CONNECTION	= 2,
	ISCSI_ASYNC_DROP_ALL_CONNECTIONS = 3,
	ISCSI_ASYNC_RENEGOTIATE		= 4,
	ISCSI_ASYNC_VENDOR		= 255,
};

static inline u8 ikt_bhs_opcode(const struct iscsi_bhs *bhs)
{
	return bhs->opcode & ISCSI_OPCODE_MASK;
}

/* TotalAHSLength in bytes (the field counts 4-byte words). */
static inline u32 ikt_bhs_ahs_len(const struct iscsi_bhs *bhs)
{
	return (u32)bhs->ahslen * 4;
}

static inline u32 ikt_bhs_data_len(const struct iscsi_bhs *bhs)
{
	return get_unaligned_be24(bhs->dlength);
}

static inline void ikt_bhs_set_data_len(struct iscsi_bhs *bhs, u32 len)
{
	put_unaligned_be24(len, bhs->dlength);
}

/* Bytes on the wire for a segment of @len bytes: padded to 4. */
static inline u32 ikt_pdu_padded(u32 len)
{
	return (len + 3) & ~3u;
}

/* The sequence numbers every target response carries. */
struct ikt_sn {
	u32 statsn;
	u32 exp_cmdsn;
	u32 max_cmdsn;
};

/* What ikt_pdu_check() decodes from an initiator's BHS. */
struct ikt_pdu_info {
	u8 opcode;
	bool immediate;
	bool final;
	u8 flags;		/* byte 1 as received */
	u8 reject_reason;	/* on error: reason for a Reject PDU */
	u32 itt;
	u64 lun;		/* raw 8 bytes, big-endian order */
	u32 cmdsn;		/* w24: meaningless for Data-Out and SNACK */
	u32 exp_statsn;
	u32 data_len;
	u32 ahs_len;
};

/*
 * Validate the BHS of a PDU received by the target and decode its common
 * fields into @out.  @max_recv_data_len is our declared
 * MaxRecvDataSegmentLength; during login the RFC's 8192 applies instead.
 *
 * Returns 0, or a negative errno with @out->reject_reason set:
 *   -EOPNOTSUPP  opcode an initiator never sends (reserved, vendor-specific
 *                or target opcode): reject with "command not supported"
 *   -EPROTO      PDU not allowed here (non-Login during login, Login after
 *                it), AHS on a PDU that carries none, AHS too long: protocol
 *                error
 *   -EMSGSIZE    data segment longer than we accept: protocol error; the
 *                caller cannot resynchronise and must drop the connection
 */
int ikt_pdu_check(const struct iscsi_bhs *bhs, u32 max_recv_data_len,
		  bool login_phase, struct ikt_pdu_info *out);

/* Login request fields beyond the common ones (RFC 7143 11.12). */
struct ikt_login_req_info {
	bool transit;
	bool cont;
	u8 csg;
	u8 nsg;
	u8 version_max;
	u8 version_min;
	u8 isid[6];
	u16 tsih;
	u16 cid;
};

void ikt_login_req_decode(const struct iscsi_bhs *bhs,
			  struct ikt_login_req_info *out);

/* Builders: each zeroes @bhs and fills in one target PDU. */
struct ikt_login_rsp {
	bool transit;
	bool cont;
	u8 csg;
	u8 nsg;
	u8 version_max;
	u8 version_active;
	u8 isid[6];
	u16 tsih;
	u32 itt;
	u16 status;		/* enum iscsi_login_status */
	u32 data_len;
	struct ikt_sn sn;
};

void ikt_build_login_rsp(struct iscsi_bhs *bhs, const struct ikt_login_rsp *r);

/* @lun is copied back from the request, raw. */
void ikt_build_text_rsp(struct iscsi_bhs *bhs, bool final, bool cont,
			const u8 lun[8], u32 itt, u32 ttt, u32 data_len,
			const struct ikt_sn *sn);

struct ikt_scsi_rsp {
	u32 itt;
	u8 response;		/* ISCSI_SCSI_RSP_* */
	u8 status;		/* SAM status */
	u8 flags;		/* ISCSI_FLAG_{BIDI_,}{OVER,UNDER}FLOW */
	u32 residual;
	u32 bidi_residual;
	u32 exp_datasn;
	u32 data_len;		/* SenseLength + sense data */
	struct ikt_sn sn;
};

void ikt_build_scsi_rsp(struct iscsi_bhs *bhs, const struct ikt_scsi_rsp *r);

struct ikt_data_in {
	u8 lun[8];
	u32 itt;
	u32 ttt;		/* ISCSI_RESERVED_TAG unless ack requested */
	u32 datasn;
	u32 offset;
	u32 residual;
	u32 data_len;
	u8 flags;		/* FINAL, DATA_ACK, DATA_STATUS, OVER/UNDERFLOW */
	u8 status;		/* SAM status, with DATA_STATUS only */
	struct ikt_sn sn;	/* statsn used with DATA_STATUS only */
};

void ikt_build_data_in(struct iscsi_bhs *bhs, const struct ikt_data_in *d);

struct ikt_r2t {
	u8 lun[8];
	u32 itt;
	u32 ttt;
	u32 r2tsn;
	u32 offset;
	u32 length;		/* Desired Data Transfer Length */
	struct ikt_sn sn;
};

void ikt_build_r2t(struct iscsi_bhs *bhs, const struct ikt_r2t *r);

/*
 * An answer to a NOP-Out carries its ITT and ttt = ISCSI_RESERVED_TAG; a
 * ping of our own has itt = ISCSI_RESERVED_TAG and a ttt we chose.
 */
void ikt_build_nop_in(struct iscsi_bhs *bhs, const u8 lun[8], u32 itt,
		      u32 ttt, u32 data_len, const struct ikt_sn *sn);

/* The data segment is the rejected PDU's header: data_len is 48 usually. */
void ikt_build_reject(struct iscsi_bhs *bhs, u8 reason, u32 data_len,
		      u32 datasn_r2tsn, const struct ikt_sn *sn);

void ikt_build_logout_rsp(struct iscsi_bhs *bhs, u8 response, u32 itt,
			  u16 time2wait, u16 time2retain,
			  const struct ikt_sn *sn);

void ikt_build_tmf_rsp(struct iscsi_bhs *bhs, u8 response, u32 itt,
		       const struct ikt_sn *sn);

struct ikt_async {
	u8 lun[8];
	u8 event;		/* enum iscsi_async_event */
	u8 vcode;
	u16 param1;
	u16 param2;
	u16 param3;
	u32 data_len;
	struct ikt_sn sn;
};

void ikt_build_async(struct iscsi_bhs *bhs, const struct ikt_async *a);

/*
 * CRC32C (Castagnoli) update, no pre/post inversion: the same contract as
 * the kernel's crc32c().  Implemented outside kernel/proto: by the kernel
 * glue with <linux/crc32c.h>, by tests/host/crc32c_host.c on the host.
 */
u32 ikt_crc32c(u32 seed, const void *p, size_t len);

#define IKT_DIGEST_SEED		0xffffffffu

/*
 * Close a digest accumulated with ikt_crc32c(IKT_DIGEST_SEED, ...) over
 * @len bytes: the zero padding to a 4-byte boundary is covered too
 * (RFC 7143 section 11.1), then the result is inverted.
 */
static inline u32 ikt_digest_final(u32 crc, u32 len)
{
	static const u8 zero_pad[3];
	u32 pad = ikt_pdu_padded(len) - len;

	if (pad)
		crc = ikt_crc32c(crc, zero_pad, pad);
	return ~crc;
}

/* The iSCSI header or data digest of one contiguous segment. */
static inline u32 ikt_digest(const void *p, u32 len)
{
	return ikt_digest_final(ikt_crc32c(IKT_DIGEST_SEED, p, len), len);
}

/* The digest goes on the wire least significant byte first. */
static inline void ikt_digest_put(u32 digest, void *p)
{
	u8 *b = p;

	b[0] = digest;
	b[1] = digest >> 8;
	b[2] = digest >> 16;
	b[3] = digest >> 24;
}

static inline u32 ikt_digest_get(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

#endif /* ISCSIKT_PROTO_PDU_H */
