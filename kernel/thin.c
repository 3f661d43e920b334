// SPDX-License-Identifier: GPL-2.0
/*
 * Thin provisioning, the glue half: UNMAP and WRITE SAME with UNMAP give
 * blocks back to the backend (a hole in a FILE extent, write-zeroes that
 * may deallocate on a DEVICE), WRITE SAME otherwise writes its block over
 * the range, and GET LBA STATUS reports the holes of a FILE extent.
 * kernel/proto/scsi_thin.c has validated the CDBs.
 */
#include <linux/sizes.h>
#include <linux/slab.h>

#include "config.h"
#include "task.h"

/*
 * VPD 0xB0 limits.  UNMAP: what one command may free (libiscsi and SBC
 * sanity: at most 2^20 blocks), in as many descriptors as a 16-bit
 * PARAMETER LIST LENGTH holds.  WRITE SAME: what one command may write.
 */
#define IKT_UNMAP_MAX_BYTES	SZ_256M
#define IKT_UNMAP_MAX_DESCS	((0xffffU - 8) / 16)
#define IKT_WS_MAX_BYTES	SZ_16M
/* WRITE SAME writes its pattern in pieces of this size (one bio) */
#define IKT_WS_CHUNK		SZ_1M
/* LBA status descriptors per GET LBA STATUS, at most */
#define IKT_LBA_STATUS_MAX	16

void ikt_thin_lu_info(const struct ikt_extent *e, struct ikt_lu_info *lu)
{
	u32 bs = e->block_size;

	lu->write_same_max_blocks = IKT_WS_MAX_BYTES / bs;
	if (!e->be.thin)
		return;
	lu->thin = true;
	lu->unmap_max_blocks = IKT_UNMAP_MAX_BYTES / bs;
	lu->unmap_max_descs = IKT_UNMAP_MAX_DESCS;
	lu->unmap_granularity = e->be.unmap_granularity / bs;
}

/* As cmd.c maps a failed write. */
static int ikt_thin_deallocate(struct ikt_extent *e, u64 lba, u64 nblocks)
{
	u32 bs = e->block_size;

	return ikt_backend_deallocate(&e->be, lba * bs, nblocks * bs);
}

void ikt_task_unmap(struct ikt_task *t)
{
	struct ikt_extent *e = t->ext;
	struct ikt_scsi_lba_range *ranges = NULL;
	struct ikt_lu_info lu = {
		.block_size = e->block_size,
		.nblocks = READ_ONCE(e->be.size) / e->block_size,
	};
	u32 max = IKT_SCSI_UNMAP_RANGES(t->param_len);
	u8 *param;
	int i, n, ret = -ENOMEM;

	ikt_thin_lu_info(e, &lu);
	param = kmalloc(max_t(u32, t->param_len, 1), GFP_KERNEL);
	if (max)
		ranges = kmalloc_array(max, sizeof(*ranges), GFP_KERNEL);
	if (!param || (max && !ranges))
		goto out;
	ikt_buf_copy_out(t->param, 0, param, t->param_len);
	n = ikt_scsi_unmap_parse(&lu, param, t->param_len, ranges, max, t->res);
	if (n < 0)
		goto out;
	for (i = 0, ret = 0; i < n && !ret; i++)
		ret = ikt_thin_deallocate(e, ranges[i].lba, ranges[i].nblocks);
out:
	if (ret)
		ikt_task_backend_error(t->res, ret, true);
	kfree(ranges);
	kfree(param);
}

/* The @bs-byte @block over @nblocks blocks at @lba, a chunk at a time. */
static int ikt_thin_write_pattern(struct ikt_extent *e, const u8 *block,
				  u64 lba, u64 nblocks)
{
	u32 bs = e->block_size, chunk, off, n;
	loff_t pos = lba * bs, end = pos + nblocks * bs;
	bool fua = !READ_ONCE(e->wce);
	struct ikt_buf buf;
	int ret;

	chunk = (u32)min_t(loff_t, end - pos, IKT_WS_CHUNK);
	ret = ikt_buf_alloc(&buf, chunk);
	if (ret)
		return ret;
	for (off = 0; off < chunk; off += bs)
		ikt_buf_copy_in(&buf, off, block, bs);
	for (; pos < end && !ret; pos += n) {
		n = (u32)min_t(loff_t, end - pos, chunk);
		ret = ikt_backend_write(&e->be, &buf, n, pos, fua);
	}
	ikt_buf_free(&buf);
	return ret;
}

void ikt_task_write_same(struct ikt_task *t)
{
	struct ikt_extent *e = t->ext;
	u32 bs = e->block_size;
	struct ikt_scsi_write_same ws;
	u8 *block;
	int ret;

	ikt_scsi_write_same_decode(t->cdb, READ_ONCE(e->be.size) / bs, &ws);
	/* The emulation asked for exactly one block; all of it must be here. */
	if (!ws.ndob && t->param_len != bs) {
		ikt_scsi_set_sense(t->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	/*
	 * UNMAP: the blocks are deallocated whatever the data, and then read
	 * zeros as LBPRZ says (as LIO does, and libiscsi expects).
	 */
	if (ws.unmap) {
		ret = ikt_thin_deallocate(e, ws.lba, ws.nblocks);
		goto out;
	}
	block = kzalloc(bs, GFP_KERNEL);
	if (!block) {
		ret = -ENOMEM;
		goto out;
	}
	if (!ws.ndob)
		ikt_buf_copy_out(t->param, 0, block, bs);
	ret = ikt_thin_write_pattern(e, block, ws.lba, ws.nblocks);
	kfree(block);
out:
	if (ret)
		ikt_task_backend_error(t->res, ret, true);
}

void ikt_task_get_lba_status(struct ikt_task *t)
{
	struct ikt_scsi_lba_status d[IKT_LBA_STATUS_MAX];
	u8 out[8 + 16 * IKT_LBA_STATUS_MAX];
	struct ikt_extent *e = t->ext;
	u32 bs = e->block_size, alloc, len;
	u64 lba, nblocks = READ_ONCE(e->be.size) / bs, last;
	unsigned int n, max;
	loff_t next;
	bool mapped;
	int ret;

	ikt_scsi_get_lba_status_decode(t->cdb, &lba, &alloc);
	/* At least one descriptor: PARAMETER DATA LENGTH counts it. */
	max = clamp_t(u32, alloc > 8 ? (alloc - 8) / 16 : 0, 1,
		      IKT_LBA_STATUS_MAX);
	for (n = 0; n < max && lba < nblocks; n++) {
		/* NUMBER OF LOGICAL BLOCKS is 32 bits wide. */
		last = min_t(u64, nblocks, lba + U32_MAX);
		ret = ikt_backend_mapped(&e->be, lba * bs, last * bs, bs,
					 &mapped, &next);
		if (ret) {
			ikt_scsi_set_sense(t->res, IKT_SK_MEDIUM_ERROR,
					   IKT_ASC_UNRECOVERED_READ_ERROR);
			return;
		}
		d[n].lba = lba;
		d[n].nblocks = next / bs - lba;
		d[n].status = mapped ? IKT_LBA_MAPPED : IKT_LBA_DEALLOCATED;
		lba = next / bs;
	}
	len = min(ikt_scsi_lba_status_build(d, n, out, sizeof(out)), alloc);
	if (!len)
		return;
	if (ikt_buf_alloc(&t->data_in, len)) {
		ikt_task_backend_error(t->res, -ENOMEM, true);
		return;
	}
	ikt_buf_copy_in(&t->data_in, 0, out, len);
	t->res->data_len = len;
}
