// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: ikt_pdu_check() and the login decoder on any BHS. */
#include "pdu.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ikt_login_req_info li;
	struct ikt_pdu_info info;
	struct iscsi_bhs bhs;
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
	} else if (!info.reject_reason) {
		__builtin_trap();
	}
	/* Digest the rest of the input as a data segment. */
	ikt_digest(data + ISCSI_BHS_LEN, size - ISCSI_BHS_LEN);
	return 0;
}
