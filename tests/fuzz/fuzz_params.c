// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the login/text negotiation engine fed with arbitrary
 * requests split into PDUs at fuzzer-chosen points.
 *
 * Input: byte 0 selects the mode and limits, then records of
 * [len_hi len_lo flags] + len bytes of PDU data; flags bit 0 ends a
 * request (no C bit), bits 1-2 give the stage, bit 3 appends CHAP-like
 * text, bit 4 asks for the result.
 */
#include "params.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ikt_param_limits lim;
	struct ikt_negotiation *neg;
	struct ikt_params cur, res;
	char out[257];
	size_t pos = 1;
	u32 used;
	u8 mode;

	if (!size)
		return 0;
	mode = data[0];
	ikt_param_limits_default(&lim);
	lim.max_burst = 512u << (mode & 7);
	lim.header_digests = (mode >> 3 & 3) ?: IKT_DIGEST_NONE;
	lim.immediate_data = mode & 0x20;
	lim.auth_methods = (mode & 0x40) ? IKT_AUTH_CHAP : IKT_AUTH_NONE;
	lim.target_alias = "fuzz";
	memset(&cur, 0, sizeof(cur));
	cur.max_burst = 262144;
	neg = ikt_neg_alloc(&lim, (mode & 0x80) ? &cur : NULL, mode & 1);
	if (!neg)
		return 0;

	while (pos + 3 <= size) {
		u32 len = data[pos] << 8 | data[pos + 1];
		u8 flags = data[pos + 2];

		pos += 3;
		len = min_t(u32, len, size - pos);
		if (ikt_neg_feed(neg, data + pos, len))
			break;
		pos += len;
		if (!(flags & 1))
			continue;
		if (ikt_neg_parse(neg))
			break;
		/* What a caller does between parse and negotiate. */
		(void)ikt_neg_params(neg)->target_name[0];
		if (ikt_neg_negotiate(neg, flags >> 1 & 3))
			break;
		if (ikt_neg_chap(neg, IKT_CHAP_KEY_A))
			ikt_neg_append(neg, "CHAP_A=5", sizeof("CHAP_A=5"));
		if (flags & 8)
			ikt_neg_append(neg, (const char *)data + pos - len,
				       len);
		while (ikt_neg_respond(neg, out, (flags >> 4) + 1, &used))
			;
		ikt_neg_send_targets(neg);
		/* A result with an offer of ours unanswered is no result. */
		if ((flags & 0x10) && !ikt_neg_result(neg, &res) &&
		    ikt_neg_pending(neg))
			__builtin_trap();
	}
	ikt_neg_free(neg);
	return 0;
}
