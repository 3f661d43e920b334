// SPDX-License-Identifier: GPL-2.0
/*
 * REPORT TARGET PORT GROUPS (SPC-4 6.37) for implicit ALUA.
 *
 * Each iSCSI portal group of the target is one target port, alone in its
 * target port group; the portal group tag identifies both, as VPD page
 * 0x83 does.  No target port group ever leaves the active/optimized state:
 * every LU is reachable alike through every portal, so claiming any other
 * state, or a transition, would not be true.
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
/* Byte 1 of a descriptor: AO_SUP, the one state supported */
#define RTPG_SUP_AO		0x01

void ikt_scsi_report_tpgs(const struct ikt_scsi_cmd_in *in,
			  const struct ikt_scsi_cmd_desc *d,
			  struct ikt_scsi_result *res)
{
	bool ext = in->cdb[1] & RTPG_FMT_EXTENDED;
	u32 off = ext ? RTPG_EXT_HDR_LEN : RTPG_HDR_LEN;
	unsigned int i;
	u8 *p;

	/*
	 * A target has at most a few dozen portal groups; a longer list
	 * stops where the zeroed part of the buffer ends.
	 */
	for (i = 0; i < in->ntpgs &&
	     off + RTPG_DESC_LEN + RTPG_PORT_LEN <= IKT_SCSI_DATA_MIN; i++) {
		p = in->buf + off;
		p[0] = IKT_ALUA_ACTIVE_OPTIMIZED;	/* PREF 0 */
		p[1] = RTPG_SUP_AO;
		put_unaligned_be16(in->tpgs[i], p + 2);
		/* STATUS CODE 0: no transition ever happened */
		p[7] = 1;				/* TARGET PORT COUNT */
		put_unaligned_be16(in->tpgs[i], p + RTPG_DESC_LEN + 2);
		off += RTPG_DESC_LEN + RTPG_PORT_LEN;
	}
	/* RETURN DATA LENGTH: what follows it, whatever the format */
	put_unaligned_be32(off - 4, in->buf);
	/* IMPLICIT TRANSITION TIME 0: there are no transitions */
	if (ext)
		in->buf[4] = RTPG_FORMAT_TYPE_EXT;
	res->data_full = off;
}
