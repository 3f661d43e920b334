// SPDX-License-Identifier: GPL-2.0
/*
 * Asymmetric logical unit access (SPC-4 5.16): REPORT TARGET PORT GROUPS
 * (6.37), SET TARGET PORT GROUPS and the access restrictions of the
 * standby and unavailable states (5.16.2.4).
 *
 * Each iSCSI portal group of the target is one target port, alone in its
 * target port group; the portal group tag identifies both, as VPD page
 * 0x83 does.  The glue keeps each group's state with its portal: this file
 * only lays out, parses and checks.  Every portal reaches every LU through
 * the same code, so no state is ever entered on the target's own account
 * (no transitioning state, no implicit transition): a state is what SET
 * TARGET PORT GROUPS last set, active/optimized until then.
 */
#include "scsi.h"

#define RTPG_HDR_LEN		4
#define RTPG_EXT_HDR_LEN	8
#define RTPG_DESC_LEN		8
#define RTPG_PORT_LEN		4
/* PARAMETER DATA FORMAT, CDB byte 1 bits 7-5 */
#define RTPG_FMT_EXTENDED	0x20
/* FORMAT TYPE 001b in byte 4 of the extended header */
#define RTPG_FORMAT_TYPE_EXT	0x10
/*
 * Byte 1 of a descriptor: U_SUP, S_SUP, AN_SUP and AO_SUP, the states SET
 * TARGET PORT GROUPS accepts; T_SUP, O_SUP and LBD_SUP clear.
 */
#define RTPG_SUP		0x0f
/* STATUS CODE 01h: altered by SET TARGET PORT GROUPS */
#define RTPG_STATUS_ALTERED	0x01

#define STPG_HDR_LEN		4
#define STPG_DESC_LEN		4

void ikt_scsi_report_tpgs(const struct ikt_scsi_cmd_in *in,
			  const struct ikt_scsi_cmd_desc *d,
			  struct ikt_scsi_result *res)
{
	bool ext = in->cdb[1] & RTPG_FMT_EXTENDED;
	u32 off = ext ? RTPG_EXT_HDR_LEN : RTPG_HDR_LEN;
	const struct ikt_alua_tpg *g;
	unsigned int i;
	u8 *p;

	/*
	 * A target has at most IKT_ALUA_TPGS_MAX portal groups; a longer
	 * list stops where the zeroed part of the buffer ends.
	 */
	for (i = 0; i < in->ntpgs &&
	     off + RTPG_DESC_LEN + RTPG_PORT_LEN <= IKT_SCSI_DATA_MIN; i++) {
		g = &in->tpgs[i];
		p = in->buf + off;
		p[0] = g->state & 0x0f;			/* PREF 0 */
		p[1] = RTPG_SUP;
		put_unaligned_be16(g->id, p + 2);
		if (g->altered)
			p[5] = RTPG_STATUS_ALTERED;
		p[7] = 1;				/* TARGET PORT COUNT */
		put_unaligned_be16(g->id, p + RTPG_DESC_LEN + 2);
		off += RTPG_DESC_LEN + RTPG_PORT_LEN;
	}
	/* RETURN DATA LENGTH: what follows it, whatever the format */
	put_unaligned_be32(off - 4, in->buf);
	/* IMPLICIT TRANSITION TIME 0: there are no implicit transitions */
	if (ext)
		in->buf[4] = RTPG_FORMAT_TYPE_EXT;
	res->data_full = off;
}

/* PARAMETER LIST LENGTH of a SET TARGET PORT GROUPS CDB */
static u32 stpg_param_len(const u8 *cdb)
{
	return get_unaligned_be32(cdb + 6);
}

static bool stpg_len_ok(u32 len)
{
	return len >= STPG_HDR_LEN && len <= IKT_ALUA_STPG_PARAM_MAX &&
	       !((len - STPG_HDR_LEN) % STPG_DESC_LEN);
}

void ikt_scsi_set_tpgs(const struct ikt_scsi_cmd_in *in,
		       const struct ikt_scsi_cmd_desc *d,
		       struct ikt_scsi_result *res)
{
	u32 len = stpg_param_len(in->cdb);

	/* No parameter list: nothing changes */
	if (!len)
		return;
	/* A cut descriptor, or more than a LU has groups */
	if (!stpg_len_ok(len)) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return;
	}
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = len;
}

int ikt_alua_stpg_parse(const u8 *cdb, const u8 *param, u32 len,
			const struct ikt_alua_tpg *tpgs, unsigned int ntpgs,
			struct ikt_alua_tpg *out, struct ikt_scsi_result *res)
{
	unsigned int i, j, n = 0;
	u32 off;
	u16 id;
	u8 state;

	if (!cdb || !res || (len && !param) || (ntpgs && (!tpgs || !out)) ||
	    cdb[0] != 0xa4 || (cdb[1] & 0x1f) != 0x0a)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	res->action = IKT_SCSI_COMPLETE;
	res->status = IKT_SAM_GOOD;
	if (!len && !stpg_param_len(cdb))
		return 0;
	/* Fewer bytes than the CDB announced (a short EDTL) */
	if (len != stpg_param_len(cdb) || !stpg_len_ok(len)) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return 0;
	}
	/* Every descriptor is checked before anything may change. */
	for (off = STPG_HDR_LEN; off < len; off += STPG_DESC_LEN) {
		state = param[off] & 0x0f;
		id = get_unaligned_be16(param + off + 2);
		/* Transitioning, offline, LBA dependent: not supported */
		if (state > IKT_ALUA_UNAVAILABLE) {
			ikt_scsi_invalid_param_field(res, off, 3);
			return 0;
		}
		for (i = 0; i < ntpgs && tpgs[i].id != id; i++)
			;
		for (j = 0; j < n && out[j].id != id; j++)
			;
		/*
		 * A group the LU does not have, or one named twice: which
		 * of two states would be meant is not said.  Either way
		 * at most @ntpgs descriptors get this far.
		 */
		if (i == ntpgs || j < n) {
			ikt_scsi_invalid_param_field(res, off + 2, -1);
			return 0;
		}
		out[n++] = (struct ikt_alua_tpg){
			.id = id, .state = state, .altered = true,
		};
	}
	return n;
}

/*
 * What a target port group in the standby or unavailable state still
 * serves (SPC-4 5.16.2.4.4 and .5); @sa 0xff: every service action.
 */
static const struct {
	u8 opcode;
	u8 sa;
	bool unavailable;	/* served in the unavailable state too */
} alua_allowed[] = {
	{ 0x03, 0xff, true },		/* REQUEST SENSE */
	{ 0x12, 0xff, true },		/* INQUIRY */
	{ 0x15, 0xff, false },		/* MODE SELECT(6) */
	{ 0x1a, 0xff, false },		/* MODE SENSE(6) */
	{ 0x1c, 0xff, false },		/* RECEIVE DIAGNOSTIC RESULTS */
	{ 0x1d, 0xff, false },		/* SEND DIAGNOSTIC */
	{ 0x4c, 0xff, false },		/* LOG SELECT */
	{ 0x4d, 0xff, false },		/* LOG SENSE */
	{ 0x55, 0xff, false },		/* MODE SELECT(10) */
	{ 0x5a, 0xff, false },		/* MODE SENSE(10) */
	{ 0x5e, 0xff, false },		/* PERSISTENT RESERVE IN */
	{ 0x5f, 0xff, false },		/* PERSISTENT RESERVE OUT */
	{ 0xa0, 0xff, true },		/* REPORT LUNS */
	{ 0xa3, 0x0a, true },		/* REPORT TARGET PORT GROUPS */
	{ 0xa3, 0x0c, true },		/* REPORT SUPPORTED OPERATION CODES */
	{ 0xa3, 0x0d, true },		/* ... TASK MANAGEMENT FUNCTIONS */
	{ 0xa4, 0x0a, true },		/* SET TARGET PORT GROUPS */
};

bool ikt_alua_access_denied(const struct ikt_lu_info *lu, const u8 *cdb,
			    unsigned int cdb_len, struct ikt_scsi_result *res)
{
	bool unavailable;
	unsigned int i;
	u8 sa;

	if (!lu || !cdb || !cdb_len || !res || !lu->alua || lu->wlun ||
	    lu->alua_state == IKT_ALUA_ACTIVE_OPTIMIZED ||
	    lu->alua_state == IKT_ALUA_ACTIVE_NON_OPTIMIZED)
		return false;
	unavailable = lu->alua_state != IKT_ALUA_STANDBY;
	sa = cdb_len > 1 ? cdb[1] & 0x1f : 0xff;
	for (i = 0; i < ARRAY_SIZE(alua_allowed); i++)
		if (alua_allowed[i].opcode == cdb[0] &&
		    (alua_allowed[i].sa == 0xff || alua_allowed[i].sa == sa))
			break;
	if (i < ARRAY_SIZE(alua_allowed) &&
	    (!unavailable || alua_allowed[i].unavailable))
		return false;
	memset(res, 0, sizeof(*res));
	ikt_scsi_set_sense(res, IKT_SK_NOT_READY,
			   unavailable ? IKT_ASC_LU_NOT_ACCESS_UNAVAIL :
					 IKT_ASC_LU_NOT_ACCESS_STANDBY);
	return true;
}
