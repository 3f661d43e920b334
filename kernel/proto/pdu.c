// SPDX-License-Identifier: GPL-2.0
/*
 * iSCSI Basic Header Segment: validation of what initiators send, builders
 * for what the target sends (RFC 7143 section 11).
 */
#include "pdu.h"

static bool ikt_op_may_carry_ahs(u8 op)
{
	/* Only the SCSI Command has AHS types defined (RFC 7143 11.2.1.2). */
	return op == ISCSI_OP_SCSI_CMD;
}

int ikt_pdu_check(const struct iscsi_bhs *bhs, u32 max_recv_data_len,
		  bool login_phase, struct ikt_pdu_info *out)
{
	u8 op = ikt_bhs_opcode(bhs);
	bool is_login;
	u32 limit;

	BUILD_BUG_ON(sizeof(struct iscsi_bhs) != ISCSI_BHS_LEN);

	out->opcode = op;
	out->immediate = bhs->opcode & ISCSI_OP_IMMEDIATE;
	out->flags = bhs->flags;
	out->final = bhs->flags & ISCSI_FLAG_FINAL;
	out->itt = get_unaligned_be32(bhs->itt);
	out->lun = get_unaligned_be64(bhs->lun);
	out->cmdsn = get_unaligned_be32(bhs->w24);
	out->exp_statsn = get_unaligned_be32(bhs->w28);
	out->data_len = ikt_bhs_data_len(bhs);
	out->ahs_len = ikt_bhs_ahs_len(bhs);
	out->reject_reason = 0;

	switch (op) {
	case ISCSI_OP_NOOP_OUT:
	case ISCSI_OP_SCSI_CMD:
	case ISCSI_OP_TMF_REQ:
	case ISCSI_OP_LOGIN_REQ:
	case ISCSI_OP_TEXT_REQ:
	case ISCSI_OP_DATA_OUT:
	case ISCSI_OP_LOGOUT_REQ:
	case ISCSI_OP_SNACK:
		break;
	default:
		out->reject_reason = ISCSI_REJECT_CMD_NOT_SUPPORTED;
		return -EOPNOTSUPP;
	}

	/* Login PDUs and only Login PDUs until the login completes. */
	is_login = op == ISCSI_OP_LOGIN_REQ;
	if (login_phase != is_login) {
		out->reject_reason = ISCSI_REJECT_PROTOCOL_ERROR;
		return -EPROTO;
	}

	if (out->ahs_len &&
	    (!ikt_op_may_carry_ahs(op) || out->ahs_len > IKT_PDU_AHS_MAX)) {
		out->reject_reason = ISCSI_REJECT_PROTOCOL_ERROR;
		return -EPROTO;
	}

	limit = login_phase ? ISCSI_LOGIN_MAX_RECV_DSL : max_recv_data_len;
	if (out->data_len > limit) {
		out->reject_reason = ISCSI_REJECT_PROTOCOL_ERROR;
		return -EMSGSIZE;
	}
	return 0;
}

void ikt_login_req_decode(const struct iscsi_bhs *bhs,
			  struct ikt_login_req_info *out)
{
	out->transit = bhs->flags & ISCSI_FLAG_LOGIN_TRANSIT;
	out->cont = bhs->flags & ISCSI_FLAG_CONTINUE;
	out->csg = (bhs->flags & ISCSI_LOGIN_CSG_MASK) >> ISCSI_LOGIN_CSG_SHIFT;
	out->nsg = bhs->flags & ISCSI_LOGIN_NSG_MASK;
	out->version_max = bhs->spec2[0];
	out->version_min = bhs->spec2[1];
	memcpy(out->isid, bhs->lun, sizeof(out->isid));
	out->tsih = get_unaligned_be16(bhs->lun + 6);
	out->cid = get_unaligned_be16(bhs->w20);
}

static void ikt_bhs_start(struct iscsi_bhs *bhs, u8 op, u8 flags, u32 itt,
			  u32 data_len)
{
	memset(bhs, 0, sizeof(*bhs));
	bhs->opcode = op;
	bhs->flags = flags;
	ikt_bhs_set_data_len(bhs, data_len);
	put_unaligned_be32(itt, bhs->itt);
}

static void ikt_bhs_put_sn(struct iscsi_bhs *bhs, const struct ikt_sn *sn)
{
	put_unaligned_be32(sn->statsn, bhs->w24);
	put_unaligned_be32(sn->exp_cmdsn, bhs->w28);
	put_unaligned_be32(sn->max_cmdsn, bhs->w32);
}

void ikt_build_login_rsp(struct iscsi_bhs *bhs, const struct ikt_login_rsp *r)
{
	u8 flags = (r->csg << ISCSI_LOGIN_CSG_SHIFT) & ISCSI_LOGIN_CSG_MASK;

	/* RFC 7143 11.13.1: T and C must not both be set. */
	if (r->transit)
		flags |= ISCSI_FLAG_LOGIN_TRANSIT |
			 (r->nsg & ISCSI_LOGIN_NSG_MASK);
	else if (r->cont)
		flags |= ISCSI_FLAG_CONTINUE;
	ikt_bhs_start(bhs, ISCSI_OP_LOGIN_RSP, flags, r->itt, r->data_len);
	bhs->spec2[0] = r->version_max;
	bhs->spec2[1] = r->version_active;
	memcpy(bhs->lun, r->isid, sizeof(r->isid));
	put_unaligned_be16(r->tsih, bhs->lun + 6);
	ikt_bhs_put_sn(bhs, &r->sn);
	bhs->w36[0] = r->status >> 8;
	bhs->w36[1] = r->status;
}

void ikt_build_text_rsp(struct iscsi_bhs *bhs, bool final, bool cont,
			const u8 lun[8], u32 itt, u32 ttt, u32 data_len,
			const struct ikt_sn *sn)
{
	u8 flags = final ? ISCSI_FLAG_FINAL : (cont ? ISCSI_FLAG_CONTINUE : 0);

	ikt_bhs_start(bhs, ISCSI_OP_TEXT_RSP, flags, itt, data_len);
	memcpy(bhs->lun, lun, sizeof(bhs->lun));
	put_unaligned_be32(ttt, bhs->w20);
	ikt_bhs_put_sn(bhs, sn);
}

void ikt_build_scsi_rsp(struct iscsi_bhs *bhs, const struct ikt_scsi_rsp *r)
{
	u8 flags = ISCSI_FLAG_FINAL |
		   (r->flags & (ISCSI_FLAG_BIDI_OVERFLOW |
				ISCSI_FLAG_BIDI_UNDERFLOW |
				ISCSI_FLAG_OVERFLOW | ISCSI_FLAG_UNDERFLOW));

	ikt_bhs_start(bhs, ISCSI_OP_SCSI_RSP, flags, r->itt, r->data_len);
	bhs->spec2[0] = r->response;
	bhs->spec2[1] = r->status;
	ikt_bhs_put_sn(bhs, &r->sn);
	put_unaligned_be32(r->exp_datasn, bhs->w36);
	put_unaligned_be32(r->bidi_residual, bhs->w40);
	put_unaligned_be32(r->residual, bhs->w44);
}

void ikt_build_data_in(struct iscsi_bhs *bhs, const struct ikt_data_in *d)
{
	u8 flags = d->flags & (ISCSI_FLAG_FINAL | ISCSI_FLAG_DATA_ACK |
			       ISCSI_FLAG_OVERFLOW | ISCSI_FLAG_UNDERFLOW |
			       ISCSI_FLAG_DATA_STATUS);

	/* RFC 7143 11.7.1: S requires F. */
	if (flags & ISCSI_FLAG_DATA_STATUS)
		flags |= ISCSI_FLAG_FINAL;
	ikt_bhs_start(bhs, ISCSI_OP_DATA_IN, flags, d->itt, d->data_len);
	memcpy(bhs->lun, d->lun, sizeof(bhs->lun));
	put_unaligned_be32(d->ttt, bhs->w20);
	if (flags & ISCSI_FLAG_DATA_STATUS) {
		bhs->spec2[1] = d->status;
		put_unaligned_be32(d->sn.statsn, bhs->w24);
		put_unaligned_be32(d->residual, bhs->w44);
	}
	put_unaligned_be32(d->sn.exp_cmdsn, bhs->w28);
	put_unaligned_be32(d->sn.max_cmdsn, bhs->w32);
	put_unaligned_be32(d->datasn, bhs->w36);
	put_unaligned_be32(d->offset, bhs->w40);
}

void ikt_build_r2t(struct iscsi_bhs *bhs, const struct ikt_r2t *r)
{
	ikt_bhs_start(bhs, ISCSI_OP_R2T, ISCSI_FLAG_FINAL, r->itt, 0);
	memcpy(bhs->lun, r->lun, sizeof(bhs->lun));
	put_unaligned_be32(r->ttt, bhs->w20);
	ikt_bhs_put_sn(bhs, &r->sn);
	put_unaligned_be32(r->r2tsn, bhs->w36);
	put_unaligned_be32(r->offset, bhs->w40);
	put_unaligned_be32(r->length, bhs->w44);
}

void ikt_build_nop_in(struct iscsi_bhs *bhs, const u8 lun[8], u32 itt,
		      u32 ttt, u32 data_len, const struct ikt_sn *sn)
{
	ikt_bhs_start(bhs, ISCSI_OP_NOOP_IN, ISCSI_FLAG_FINAL, itt, data_len);
	memcpy(bhs->lun, lun, sizeof(bhs->lun));
	put_unaligned_be32(ttt, bhs->w20);
	ikt_bhs_put_sn(bhs, sn);
}

void ikt_build_reject(struct iscsi_bhs *bhs, u8 reason, u32 data_len,
		      u32 datasn_r2tsn, const struct ikt_sn *sn)
{
	ikt_bhs_start(bhs, ISCSI_OP_REJECT, ISCSI_FLAG_FINAL,
		      ISCSI_RESERVED_TAG, data_len);
	bhs->spec2[0] = reason;
	ikt_bhs_put_sn(bhs, sn);
	put_unaligned_be32(datasn_r2tsn, bhs->w36);
}

void ikt_build_logout_rsp(struct iscsi_bhs *bhs, u8 response, u32 itt,
			  u16 time2wait, u16 time2retain,
			  const struct ikt_sn *sn)
{
	ikt_bhs_start(bhs, ISCSI_OP_LOGOUT_RSP, ISCSI_FLAG_FINAL, itt, 0);
	bhs->spec2[0] = response;
	ikt_bhs_put_sn(bhs, sn);
	put_unaligned_be16(time2wait, bhs->w40);
	put_unaligned_be16(time2retain, bhs->w40 + 2);
}

void ikt_build_tmf_rsp(struct iscsi_bhs *bhs, u8 response, u32 itt,
		       const struct ikt_sn *sn)
{
	ikt_bhs_start(bhs, ISCSI_OP_TMF_RSP, ISCSI_FLAG_FINAL, itt, 0);
	bhs->spec2[0] = response;
	ikt_bhs_put_sn(bhs, sn);
}

void ikt_build_async(struct iscsi_bhs *bhs, const struct ikt_async *a)
{
	ikt_bhs_start(bhs, ISCSI_OP_ASYNC, ISCSI_FLAG_FINAL, ISCSI_RESERVED_TAG,
		      a->data_len);
	memcpy(bhs->lun, a->lun, sizeof(bhs->lun));
	ikt_bhs_put_sn(bhs, &a->sn);
	bhs->w36[0] = a->event;
	bhs->w36[1] = a->vcode;
	put_unaligned_be16(a->param1, bhs->w36 + 2);
	put_unaligned_be16(a->param2, bhs->w40);
	put_unaligned_be16(a->param3, bhs->w40 + 2);
}
