// SPDX-License-Identifier: GPL-2.0
/*
 * Third-party copy (SPC-4 5.16, 6.4, 6.18, 7.8.17): EXTENDED COPY(LID1),
 * RECEIVE COPY RESULTS and the Third-party Copy VPD page.
 *
 * The copy manager copies blocks between LUs the I_T nexus reaches; a LU
 * is named by the NAA designator VPD 0x83 reports for it.  Everything a
 * parameter list can get wrong is decided here, before the glue reads or
 * writes a block.
 */
#include "scsi.h"

#define CSCD_LEN		32
#define CSCD_ID			0xe4	/* identification descriptor */
#define CSCD_DESIG_MAX		20
#define SEG_B2B			0x02	/* block device to block device */
#define SEG_B2B_LEN		28
#define SEG_HDR_LEN		4
#define DESIG_NAA_LEN		16
#define CODESET_BINARY		0x1
#define DESIG_NAA		0x3
#define RCR_COPY_STATUS		0x00
#define RCR_OP_PARAMS		0x03
#define RCR_OP_PARAMS_LEN	46	/* through two descriptor type codes */
#define VPD_TPC_HDR_LEN		4

static void copy_aborted(struct ikt_scsi_result *res, u16 asc)
{
	ikt_scsi_set_sense(res, IKT_SK_COPY_ABORTED, asc);
}

static void param_length_error(struct ikt_scsi_result *res)
{
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
}

void ikt_scsi_extended_copy(const struct ikt_scsi_cmd_in *in,
			    const struct ikt_scsi_cmd_desc *d,
			    struct ikt_scsi_result *res)
{
	u32 len = get_unaligned_be32(in->cdb + 10);

	/* SPC-4 6.4.1: a zero length list is not an error; nothing moves. */
	if (!len)
		return;
	/* Longer than the header and the longest descriptor lists we take */
	if (len < IKT_XCOPY_HDR_LEN || len > IKT_XCOPY_PARAM_MAX) {
		param_length_error(res);
		return;
	}
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = len;
}

/* OPERATING PARAMETERS (SPC-4 6.18.4) */
static void rcr_op_params(u8 *p, struct ikt_scsi_result *res)
{
	put_unaligned_be32(RCR_OP_PARAMS_LEN - 4, p);
	p[4] = 0x01;		/* SNLID: LIST ID USAGE 11b is served */
	put_unaligned_be16(IKT_XCOPY_MAX_CSCDS, p + 8);
	put_unaligned_be16(IKT_XCOPY_MAX_SEGS, p + 10);
	put_unaligned_be32(IKT_XCOPY_MAX_DESC_LIST, p + 12);
	put_unaligned_be32(IKT_XCOPY_MAX_SEG_BYTES, p + 16);
	/* No inline data, no held data, no stream devices */
	put_unaligned_be16(1, p + 34);	/* TOTAL CONCURRENT COPIES */
	p[36] = 1;			/* MAXIMUM CONCURRENT COPIES */
	p[43] = 2;
	p[44] = SEG_B2B;
	p[45] = CSCD_ID;
	res->data_full = RCR_OP_PARAMS_LEN;
}

void ikt_scsi_receive_copy_results(const struct ikt_scsi_cmd_in *in,
				   const struct ikt_scsi_cmd_desc *d,
				   struct ikt_scsi_result *res)
{
	if (d->sa == RCR_OP_PARAMS) {
		rcr_op_params(in->buf, res);
		return;
	}
	/* COPY STATUS: the glue keeps the results of this I_T nexus. */
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = 0;
}

void ikt_xcopy_status_build(u8 *buf, u8 status, u16 segs, u64 bytes)
{
	u8 units = 0;

	/* TRANSFER COUNT UNITS: bytes, then KiB, MiB, ... as it must fit */
	while (bytes > 0xffffffffULL) {
		bytes >>= 10;
		units++;
	}
	memset(buf, 0, IKT_XCOPY_STATUS_LEN);
	put_unaligned_be32(IKT_XCOPY_STATUS_LEN - 4, buf);
	buf[4] = status;
	put_unaligned_be16(segs, buf + 5);
	buf[7] = units;
	put_unaligned_be32((u32)bytes, buf + 8);
}

/*
 * An identification CSCD descriptor (SPC-4 6.4.5.13).  Only a 16-byte
 * binary NAA LU designator with a zero low half can name one of our LUs;
 * any other designator is kept as "names nothing" (naa 0), which makes a
 * segment using it COPY ABORTED, as for any LU we cannot reach.  SPC-4
 * has the copy manager ignore LU ID TYPE here and made NUL obsolete; an
 * SPC-3 initiator setting NUL names no device either.
 */
static int parse_cscd(const u8 *p, u16 off, struct ikt_xcopy_cscd *c,
		      struct ikt_scsi_result *res)
{
	const u8 *d = p + off;
	u8 dlen = d[7];
	unsigned int i;

	if (d[1] & 0x1f) {		/* PERIPHERAL DEVICE TYPE: block */
		ikt_scsi_invalid_param_field(res, off + 1, 4);
		return -EINVAL;
	}
	if (dlen > CSCD_DESIG_MAX) {
		ikt_scsi_invalid_param_field(res, off + 7, -1);
		return -EINVAL;
	}
	c->off = off;
	c->nul = d[1] & 0x20;
	c->block_len = get_unaligned_be24(d + 29);
	c->naa = 0;
	if ((d[4] & 0x0f) != CODESET_BINARY || (d[5] & 0x3f) != DESIG_NAA ||
	    dlen != DESIG_NAA_LEN)
		return 0;
	for (i = 8; i < DESIG_NAA_LEN; i++)
		if (d[8 + i])
			return 0;
	c->naa = get_unaligned_be64(d + 8);
	return 0;
}

static int parse_cscds(const u8 *p, u16 len, struct ikt_xcopy_list *l,
		       struct ikt_scsi_result *res)
{
	u16 off;

	for (off = 0; off < len; off += CSCD_LEN) {
		u16 at = IKT_XCOPY_HDR_LEN + off;

		if (l->ncscds == IKT_XCOPY_MAX_CSCDS) {
			ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
					   IKT_ASC_TOO_MANY_CSCDS);
			return -EINVAL;
		}
		if (p[at] != CSCD_ID) {
			ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
					   IKT_ASC_UNSUPPORTED_CSCD_TYPE);
			return -EINVAL;
		}
		if (parse_cscd(p, at, &l->cscd[l->ncscds], res))
			return -EINVAL;
		l->ncscds++;
	}
	return 0;
}

/* Block device to block device segment descriptors (SPC-4 6.4.6.5) */
static int parse_segs(const u8 *p, u32 start, u32 len,
		      struct ikt_xcopy_list *l, struct ikt_scsi_result *res)
{
	u32 off;

	for (off = 0; off < len; off += SEG_B2B_LEN) {
		u32 at = start + off;
		const u8 *d = p + at;
		struct ikt_xcopy_seg *s;

		if (l->nsegs == IKT_XCOPY_MAX_SEGS) {
			ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
					   IKT_ASC_TOO_MANY_SEGMENTS);
			return -EINVAL;
		}
		/* SEGMENT DESCRIPTOR LIST LENGTH ends inside a descriptor */
		if (len - off < SEG_HDR_LEN) {
			ikt_scsi_invalid_param_field(res, 8, -1);
			return -EINVAL;
		}
		if (d[0] != SEG_B2B) {
			ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
					   IKT_ASC_UNSUPPORTED_SEG_TYPE);
			return -EINVAL;
		}
		if (get_unaligned_be16(d + 2) != SEG_B2B_LEN - SEG_HDR_LEN) {
			ikt_scsi_invalid_param_field(res, at + 2, -1);
			return -EINVAL;
		}
		if (len - off < SEG_B2B_LEN) {
			ikt_scsi_invalid_param_field(res, 8, -1);
			return -EINVAL;
		}
		/* CAT is accepted: with whole blocks nothing is left over. */
		if (d[1] & 0xfc) {
			ikt_scsi_invalid_param_field(res, at + 1,
						     ikt_scsi_top_bit(d[1] & 0xfc));
			return -EINVAL;
		}
		if (d[8] || d[9]) {
			ikt_scsi_invalid_param_field(res, d[8] ? at + 8 : at + 9,
						     -1);
			return -EINVAL;
		}
		s = &l->seg[l->nsegs++];
		memset(s, 0, sizeof(*s));
		s->off = at;
		s->dc = d[1] & 0x02;
		s->src = get_unaligned_be16(d + 4);
		s->dst = get_unaligned_be16(d + 6);
		s->nblocks = get_unaligned_be16(d + 10);
		s->src_lba = get_unaligned_be64(d + 12);
		s->dst_lba = get_unaligned_be64(d + 20);
		if (s->src >= l->ncscds || s->dst >= l->ncscds) {
			copy_aborted(res, IKT_ASC_COPY_TARGET_UNREACHABLE);
			return -EINVAL;
		}
	}
	return 0;
}

int ikt_xcopy_parse(const u8 *p, u32 len, struct ikt_xcopy_list *l,
		    struct ikt_scsi_result *res)
{
	u32 cscd_len, seg_len, inline_len;

	memset(l, 0, sizeof(*l));
	if (len < IKT_XCOPY_HDR_LEN) {
		param_length_error(res);
		return -EINVAL;
	}
	l->list_id = p[0];
	l->list_id_usage = (p[1] >> 3) & 0x03;
	/* Bits 7-6 are reserved; STR (bit 5) and PRIORITY are hints. */
	if (p[1] & 0xc0) {
		ikt_scsi_invalid_param_field(res, 1, ikt_scsi_top_bit(p[1]));
		return -EINVAL;
	}
	if (l->list_id_usage == 1) {		/* reserved */
		ikt_scsi_invalid_param_field(res, 1, 4);
		return -EINVAL;
	}
	if (get_unaligned_be32(p + 4)) {
		ikt_scsi_invalid_param_field(res, 4, -1);
		return -EINVAL;
	}
	cscd_len = get_unaligned_be16(p + 2);
	seg_len = get_unaligned_be32(p + 8);
	inline_len = get_unaligned_be32(p + 12);
	if (inline_len) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_INLINE_DATA_EXCEEDED);
		return -EINVAL;
	}
	/* Both are at most 2^32 - 1: their sum cannot wrap a u64. */
	if ((u64)cscd_len + seg_len > IKT_XCOPY_MAX_DESC_LIST ||
	    IKT_XCOPY_HDR_LEN + cscd_len + seg_len > len) {
		param_length_error(res);
		return -EINVAL;
	}
	if (cscd_len % CSCD_LEN) {
		ikt_scsi_invalid_param_field(res, 2, -1);
		return -EINVAL;
	}
	if (parse_cscds(p, cscd_len, l, res) ||
	    parse_segs(p, IKT_XCOPY_HDR_LEN + cscd_len, seg_len, l, res))
		return -EINVAL;
	return 0;
}

static bool range_ok(const struct ikt_xcopy_lu *lu, u64 lba, u64 n)
{
	return lba <= lu->nblocks && n <= lu->nblocks - lba;
}

static int check_seg(struct ikt_xcopy_list *l, struct ikt_xcopy_seg *s,
		     const struct ikt_xcopy_lu *lus,
		     struct ikt_scsi_result *res)
{
	const struct ikt_xcopy_cscd *sc = &l->cscd[s->src];
	const struct ikt_xcopy_cscd *dc = &l->cscd[s->dst];
	const struct ikt_xcopy_lu *src = &lus[s->src], *dst = &lus[s->dst];
	u64 bytes;

	if (sc->nul || dc->nul || !src->found || !dst->found) {
		copy_aborted(res, IKT_ASC_COPY_TARGET_UNREACHABLE);
		return -EINVAL;
	}
	if (sc->block_len != src->block_size) {
		ikt_scsi_invalid_param_field(res, sc->off + 29, -1);
		return -EINVAL;
	}
	if (dc->block_len != dst->block_size) {
		ikt_scsi_invalid_param_field(res, dc->off + 29, -1);
		return -EINVAL;
	}
	if (dst->read_only) {
		ikt_scsi_set_sense(res, IKT_SK_DATA_PROTECT,
				   IKT_ASC_WRITE_PROTECTED);
		return -EINVAL;
	}
	bytes = (u64)s->nblocks * (s->dc ? dst->block_size : src->block_size);
	if (bytes > IKT_XCOPY_MAX_SEG_BYTES) {
		ikt_scsi_invalid_param_field(res, s->off + 10, -1);
		return -EINVAL;
	}
	if (bytes % src->block_size || bytes % dst->block_size) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_INEXACT_SEGMENT);
		return -EINVAL;
	}
	/*
	 * SPC-4 would say LOGICAL BLOCK ADDRESS OUT OF RANGE; initiators
	 * (and libiscsi's conformance tests) expect the copy to be aborted
	 * with no more specific reason.
	 */
	if (!range_ok(src, s->src_lba, bytes / src->block_size) ||
	    !range_ok(dst, s->dst_lba, bytes / dst->block_size)) {
		copy_aborted(res, IKT_ASC_NONE);
		return -EINVAL;
	}
	s->src_pos = s->src_lba * src->block_size;
	s->dst_pos = s->dst_lba * dst->block_size;
	s->bytes = bytes;
	return 0;
}

int ikt_xcopy_check(struct ikt_xcopy_list *l, const struct ikt_xcopy_lu *lus,
		    struct ikt_scsi_result *res)
{
	unsigned int i;

	for (i = 0; i < l->nsegs; i++)
		if (check_seg(l, &l->seg[i], lus, res))
			return -EINVAL;
	return 0;
}

/* ---- VPD 0x8F Third-party Copy (SPC-4 7.8.17) ---- */

/* A descriptor header; returns the bytes written, padded to 4. */
static u32 tpc_desc(u8 *p, u16 type, u32 body)
{
	u32 len = (body + 3) & ~3u;

	put_unaligned_be16(type, p);
	put_unaligned_be16(len, p + 2);
	return VPD_TPC_HDR_LEN + len;
}

static u32 tpc_supported_commands(u8 *p)
{
	static const u8 cmds[] = {
		0x83, 1, 0x00,			/* EXTENDED COPY(LID1) */
		0x84, 2, RCR_COPY_STATUS, RCR_OP_PARAMS,
	};

	p[4] = sizeof(cmds);
	memcpy(p + 5, cmds, sizeof(cmds));
	return tpc_desc(p, 0x0001, 1 + sizeof(cmds));
}

static u32 tpc_parameter_data(u8 *p)
{
	put_unaligned_be16(IKT_XCOPY_MAX_CSCDS, p + 8);
	put_unaligned_be16(IKT_XCOPY_MAX_SEGS, p + 10);
	put_unaligned_be32(IKT_XCOPY_MAX_DESC_LIST, p + 12);
	/* MAXIMUM INLINE DATA LENGTH 0 */
	return tpc_desc(p, 0x0004, 0x1c);
}

static u32 tpc_supported_descriptors(u8 *p)
{
	p[4] = 2;
	p[5] = SEG_B2B;
	p[6] = CSCD_ID;
	return tpc_desc(p, 0x0008, 3);
}

/* No special CSCD descriptor IDs (as F800h, FFFFh): an empty list. */
static u32 tpc_supported_cscd_ids(u8 *p)
{
	return tpc_desc(p, 0x000c, 2);
}

static u32 tpc_general_copy_operations(const struct ikt_lu_info *lu, u8 *p)
{
	u8 gran = 0;

	put_unaligned_be32(1, p + 4);	/* TOTAL CONCURRENT COPIES */
	put_unaligned_be32(1, p + 8);	/* MAXIMUM IDENTIFIED CONCURRENT */
	put_unaligned_be32(IKT_XCOPY_MAX_SEG_BYTES, p + 12);
	/* DATA SEGMENT GRANULARITY (log2): segments copy whole blocks. */
	while ((1u << gran) < lu->block_size && gran < 31)
		gran++;
	p[16] = gran;
	return tpc_desc(p, 0x8001, 0x20);
}

u32 ikt_scsi_vpd_third_party_copy(const struct ikt_lu_info *lu, u8 *p)
{
	u32 off = 0;

	off += tpc_supported_commands(p + off);
	off += tpc_parameter_data(p + off);
	off += tpc_supported_descriptors(p + off);
	off += tpc_supported_cscd_ids(p + off);
	off += tpc_general_copy_operations(lu, p + off);
	return off;
}
