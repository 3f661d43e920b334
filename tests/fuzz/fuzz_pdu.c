// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: ikt_pdu_check(), the login decoder and the LUN decoder
 * on any BHS.
 *
 * Input: the 48-byte BHS, our MaxRecvDataSegmentLength (be32), a byte
 * whose bit 0 says the connection is in the login phase, then a data
 * segment that gets digested.
 */
#include "pdu.h"
#include "scsi.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ikt_login_req_info li;
	struct ikt_pdu_info info;
	struct iscsi_bhs bhs;
	u8 raw[8];
	u64 lun, u;
	u32 mrdsl;

	if (size < ISCSI_BHS_LEN + 5)
		return 0;
	memcpy(&bhs, data, ISCSI_BHS_LEN);
	mrdsl = get_unaligned_be32(data + ISCSI_BHS_LEN);
	if (!ikt_pdu_check(&bhs, mrdsl, data[ISCSI_BHS_LEN + 4] & 1, &info)) {
		if (info.data_len > ((data[ISCSI_BHS_LEN + 4] & 1) ?
				     ISCSI_LOGIN_MAX_RECV_DSL : mrdsl) ||
		    info.ahs_len > IKT_PDU_AHS_MAX)
			__builtin_trap();
		if (info.opcode == ISCSI_OP_LOGIN_REQ)
			ikt_login_req_decode(&bhs, &li);
		/* A LUN we accept must be one we could have reported. */
		if (ikt_scsi_lun_decode(bhs.lun, &lun)) {
			ikt_scsi_lun_encode(lun, raw);
			if (!ikt_scsi_lun_decode(raw, &u) || u != lun)
				__builtin_trap();
		}
	} else if (!info.reject_reason) {
		__builtin_trap();
	}
	/* Digest the rest of the input as a data segment. */
	ikt_digest(data + ISCSI_BHS_LEN, size - ISCSI_BHS_LEN);
	return 0;
}
