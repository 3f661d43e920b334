// SPDX-License-Identifier: GPL-2.0
/*
 * SANITIZE (SBC-4 5.30): the CDB, the OVERWRITE parameter list and the
 * sense a LU reports while an overwrite runs or after one failed.  The
 * glue (kernel/sanitize.c) does the overwrite.
 */
#include "scsi.h"

#define SAN_IMMED		0x80
#define SAN_AUSE		0x20
#define SAN_PLL_OFF		7
#define OW_HDR_LEN		4
#define OW_INVERT		0x80
#define OW_TEST			0x60
#define OW_COUNT		0x1f

void ikt_scsi_sanitize(const struct ikt_scsi_cmd_in *in,
		       const struct ikt_scsi_cmd_desc *d,
		       struct ikt_scsi_result *res)
{
	u16 pll = get_unaligned_be16(in->cdb + SAN_PLL_OFF);

	/* EXIT FAILURE MODE has no parameter list. */
	if (d->sa == IKT_SANITIZE_EXIT_FAILURE) {
		if (pll)
			ikt_scsi_invalid_cdb_field(res, SAN_PLL_OFF, -1);
		else
			res->action = IKT_SCSI_GLUE;
		return;
	}
	/*
	 * OVERWRITE: a header and a pattern of at most one block, all of
	 * which the initiator must send: a pattern cut short cannot be
	 * written.
	 */
	if (pll <= OW_HDR_LEN || pll > in->lu->block_size + OW_HDR_LEN ||
	    in->exp_xfer_len < pll) {
		ikt_scsi_invalid_cdb_field(res, SAN_PLL_OFF, -1);
		return;
	}
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = pll;
}

bool ikt_scsi_sanitize_overwrite_parse(const struct ikt_lu_info *lu,
				       const u8 *cdb, const u8 *param, u32 len,
				       struct ikt_sanitize_overwrite *ow,
				       struct ikt_scsi_result *res)
{
	u32 bs = lu->block_size, ipl, i;

	if (len <= OW_HDR_LEN || len < get_unaligned_be16(cdb + SAN_PLL_OFF)) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return false;
	}
	/* TEST (vendor tests) must be 00b; a count of 0 overwrites nothing. */
	if (param[0] & OW_TEST) {
		ikt_scsi_invalid_param_field(res, 0, ikt_scsi_top_bit(param[0] &
								      OW_TEST));
		return false;
	}
	if (!(param[0] & OW_COUNT)) {
		ikt_scsi_invalid_param_field(res, 0, 4);
		return false;
	}
	if (param[1]) {
		ikt_scsi_invalid_param_field(res, 1, ikt_scsi_top_bit(param[1]));
		return false;
	}
	ipl = get_unaligned_be16(param + 2);
	if (!ipl || ipl > bs || ipl > len - OW_HDR_LEN) {
		ikt_scsi_invalid_param_field(res, 2, -1);
		return false;
	}
	/* The pattern repeats from the start of every block. */
	for (i = 0; i < bs; i++)
		ow->block[i] = param[OW_HDR_LEN + i % ipl];
	ow->passes = param[0] & OW_COUNT;
	ow->invert = param[0] & OW_INVERT;
	ow->immed = cdb[1] & SAN_IMMED;
	ow->ause = cdb[1] & SAN_AUSE;
	return true;
}

bool ikt_scsi_sanitize_sense(const struct ikt_lu_info *lu,
			     struct ikt_scsi_sense *s)
{
	memset(s, 0, sizeof(*s));
	switch (lu->sanitize) {
	case IKT_SANITIZE_RUNNING:
		/* SKSV with C/D and BPV clear: a PROGRESS INDICATION */
		s->key = IKT_SK_NOT_READY;
		s->asc = IKT_ASC_SANITIZE_IN_PROGRESS;
		s->sks_valid = true;
		s->sks_field = lu->sanitize_progress;
		return true;
	case IKT_SANITIZE_FAILED:
		s->key = IKT_SK_MEDIUM_ERROR;
		s->asc = IKT_ASC_SANITIZE_FAILED;
		return true;
	default:
		return false;
	}
}
