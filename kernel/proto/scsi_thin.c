// SPDX-License-Identifier: GPL-2.0
/*
 * Logical block provisioning (SBC-3 4.7): UNMAP, WRITE SAME(10)/(16) and
 * GET LBA STATUS.  The CDBs and the UNMAP parameter list are validated
 * here; the glue (kernel/thin.c) deallocates, writes and asks the backend
 * what is mapped.
 */
#include "scsi.h"

#define UNMAP_HDR_LEN		8
#define UNMAP_DESC_LEN		16
#define LBA_STATUS_HDR_LEN	8
#define LBA_STATUS_DESC_LEN	16
#define U32_LIMIT		0xffffffffULL

static void lba_out_of_range(struct ikt_scsi_result *res)
{
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_LBA_OUT_OF_RANGE);
}

void ikt_scsi_write_same_decode(const u8 *cdb, u64 nblocks,
				struct ikt_scsi_write_same *ws)
{
	if (cdb[0] == IKT_OP_WRITE_SAME16) {
		ws->lba = get_unaligned_be64(cdb + 2);
		ws->nblocks = get_unaligned_be32(cdb + 10);
		ws->ndob = cdb[1] & 0x01;
	} else {
		ws->lba = get_unaligned_be32(cdb + 2);
		ws->nblocks = get_unaligned_be16(cdb + 7);
		ws->ndob = false;
	}
	ws->unmap = cdb[1] & 0x08;
	/* WSNZ 0: NUMBER OF LOGICAL BLOCKS 0 runs to the last LBA. */
	if (!ws->nblocks && ws->lba < nblocks)
		ws->nblocks = nblocks - ws->lba;
}

/*
 * WRITE SAME(10)/(16) (SBC-3 5.41, 5.42).  ANCHOR is refused by the
 * table's usage bits (ANC_SUP 0), as are the obsolete LBDATA and PBDATA.
 */
void ikt_scsi_write_same(const struct ikt_scsi_cmd_in *in,
			 const struct ikt_scsi_cmd_desc *d,
			 struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	struct ikt_scsi_write_same ws;
	u32 data_len;

	ikt_scsi_write_same_decode(in->cdb, lu->nblocks, &ws);
	if (ws.unmap && !lu->thin) {
		ikt_scsi_invalid_cdb_field(res, 1, 3);
		return;
	}
	if (!ikt_scsi_lba_range_ok(lu, ws.lba, ws.nblocks)) {
		lba_out_of_range(res);
		return;
	}
	if (lu->write_same_max_blocks &&
	    ws.nblocks > lu->write_same_max_blocks) {
		ikt_scsi_invalid_cdb_field(res, d->cdb_len == 16 ? 10 : 7, -1);
		return;
	}
	/*
	 * The data-out is one logical block, or nothing with NDOB.  Any
	 * other Expected Data Transfer Length is refused, as LIO does: a
	 * short block cannot be repeated, a long one is not the command.
	 */
	data_len = ws.ndob ? 0 : lu->block_size;
	if (in->exp_xfer_len != data_len) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = data_len;
}

/* UNMAP (SBC-3 5.28): the parameter list goes to the glue. */
void ikt_scsi_unmap(const struct ikt_scsi_cmd_in *in,
		    const struct ikt_scsi_cmd_desc *d,
		    struct ikt_scsi_result *res)
{
	u16 len = get_unaligned_be16(in->cdb + 7);

	/* PARAMETER LIST LENGTH 0: nothing to unmap, not an error */
	if (!len)
		return;
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = len;
}

int ikt_scsi_unmap_parse(const struct ikt_lu_info *lu, const u8 *param,
			 u32 len, struct ikt_scsi_lba_range *out, u32 max,
			 struct ikt_scsi_result *res)
{
	u32 bd_len, ndesc, i, n = 0;
	u64 total = 0;

	if (!lu || !res || (len && !param) || (max && !out))
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	res->action = IKT_SCSI_COMPLETE;
	res->status = IKT_SAM_GOOD;
	if (len < UNMAP_HDR_LEN) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return 0;
	}
	/*
	 * Only the descriptors that arrived count, and a trailing partial
	 * one is ignored (SBC-3 5.28.2); UNMAP DATA LENGTH says nothing more.
	 */
	bd_len = min_t(u32, get_unaligned_be16(param + 2),
		       len - UNMAP_HDR_LEN);
	ndesc = bd_len / UNMAP_DESC_LEN;
	if (ndesc > max)
		return -EINVAL;
	if (ndesc > lu->unmap_max_descs) {
		ikt_scsi_invalid_param_field(res, 2, -1);
		return 0;
	}
	/* Every descriptor is checked before a single block is unmapped. */
	for (i = 0; i < ndesc; i++) {
		const u8 *p = param + UNMAP_HDR_LEN + i * UNMAP_DESC_LEN;
		u64 lba = get_unaligned_be64(p);
		u32 count = get_unaligned_be32(p + 8);

		/* An empty range may start just past the last LBA. */
		if (lba > lu->nblocks || count > lu->nblocks - lba) {
			lba_out_of_range(res);
			return 0;
		}
		total += count;
		if (total > lu->unmap_max_blocks) {
			ikt_scsi_invalid_param_field(res, UNMAP_HDR_LEN +
						     i * UNMAP_DESC_LEN + 8, -1);
			return 0;
		}
		if (!count)
			continue;
		out[n].lba = lba;
		out[n].nblocks = count;
		n++;
	}
	return n;
}

void ikt_scsi_get_lba_status_decode(const u8 *cdb, u64 *lba, u32 *alloc)
{
	*lba = get_unaligned_be64(cdb + 2);
	*alloc = get_unaligned_be32(cdb + 10);
}

u32 ikt_scsi_lba_status_build(const struct ikt_scsi_lba_status *d,
			      unsigned int n, u8 *buf, u32 len)
{
	u8 hdr[LBA_STATUS_HDR_LEN] = { 0 };
	u8 desc[LBA_STATUS_DESC_LEN];
	u32 off = LBA_STATUS_HDR_LEN, i;

	/* PARAMETER DATA LENGTH counts the bytes after itself. */
	put_unaligned_be32(n * LBA_STATUS_DESC_LEN + 4, hdr);
	memcpy(buf, hdr, min_t(u32, len, LBA_STATUS_HDR_LEN));
	for (i = 0; i < n; i++, off += LBA_STATUS_DESC_LEN) {
		memset(desc, 0, sizeof(desc));
		put_unaligned_be64(d[i].lba, desc);
		put_unaligned_be32(d[i].nblocks, desc + 8);
		desc[12] = d[i].status & 0x0f;
		if (off < len)
			memcpy(buf + off, desc,
			       min_t(u32, len - off, LBA_STATUS_DESC_LEN));
	}
	return off;
}

/*
 * GET LBA STATUS (SBC-3 5.17).  A fully provisioned LU is mapped
 * everywhere and answered here; on a thin one the glue asks the backend.
 */
void ikt_scsi_get_lba_status(const struct ikt_scsi_cmd_in *in,
			     const struct ikt_scsi_cmd_desc *d,
			     struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	struct ikt_scsi_lba_status st = { .status = IKT_LBA_MAPPED };
	u32 alloc;

	ikt_scsi_get_lba_status_decode(in->cdb, &st.lba, &alloc);
	if (st.lba >= lu->nblocks) {
		lba_out_of_range(res);
		return;
	}
	if (lu->thin) {
		res->action = IKT_SCSI_GLUE;
		return;
	}
	st.nblocks = min_t(u64, lu->nblocks - st.lba, U32_LIMIT);
	res->data_full = ikt_scsi_lba_status_build(&st, 1, in->buf,
						   in->buf_len);
}
