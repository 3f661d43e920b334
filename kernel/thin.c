// SPDX-License-Identifier: GPL-2.0
/*
 * Thin provisioning, the glue half: UNMAP and WRITE SAME with UNMAP give
 * blocks back to the backend (a hole in a FILE extent, write-zeroes that
 * may deallocate on a DEVICE), WRITE SAME otherwise writes its block over
 * the range, and GET LBA STATUS reports the holes of a FILE extent.
 * kernel/proto/scsi_thin.c has validated the CDBs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/wait_bit.h>

#include "config.h"
#include "conn.h"
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
	/* A file's blocks come from its filesystem, which can count them. */
	lu->lbp_log = !e->be.bdev;
}

void ikt_thin_log_info(struct ikt_extent *e, struct ikt_lu_info *lu)
{
	struct kstatfs st;

	if (!lu->lbp_log)
		return;
	if (vfs_statfs(&e->be.file->f_path, &st)) {
		lu->lbp_log = false;
		return;
	}
	lu->lbp_avail = div_u64(st.f_bavail * st.f_bsize, e->block_size);
	lu->lbp_used = div_u64(inode_get_bytes(file_inode(e->be.file)),
			       e->block_size);
}

/*
 * Free-space thresholds (Documentation/scsi/thin-provisioning.rst): the
 * filesystem under a FILE extent has less than the pool threshold's
 * percentage of its blocks available, or less than the extent
 * threshold's percentage of the extent's size.
 */
#define IKT_THRESH_INTERVAL	HZ

/*
 * Scheduled checks, deleted extents' included: their timers and work
 * must be over before the module's workqueue and code go away.
 */
static atomic_t ikt_thresh_checks = ATOMIC_INIT(0);

static void ikt_thresh_check_ended(struct ikt_extent *e)
{
	ikt_extent_put(e);
	if (atomic_dec_and_test(&ikt_thresh_checks))
		wake_up_var(&ikt_thresh_checks);
}

/* Schedule a check in @delay jiffies (@now: move a pending one up). */
static void ikt_thresh_schedule(struct ikt_extent *e, unsigned long delay,
				bool now)
{
	bool queued;

	/*
	 * The reference goes first: the check may run and drop its own
	 * before queueing returns.  Already pending: that check sees this
	 * change too, and keeps the one reference it has.
	 */
	kref_get(&e->kref);
	atomic_inc(&ikt_thresh_checks);
	if (now)
		queued = !mod_delayed_work(ikt_io_wq, &e->thresh_work, 0);
	else
		queued = queue_delayed_work(ikt_io_wq, &e->thresh_work, delay);
	if (!queued)
		ikt_thresh_check_ended(e);
}

/* @pct percent of @v, rounded down, without overflowing */
static u64 ikt_percent_of(u64 v, u8 pct)
{
	u32 rem;
	u64 q = div_u64_rem(v, 100, &rem);

	return q * pct + rem * pct / 100;
}

static void ikt_thresh_update(struct ikt_extent *e, struct ikt_target *t,
			      u64 lun, u8 scope, u8 pct, u64 avail, u64 whole)
{
	struct ikt_thresh_state *st = &e->thresh[scope];
	bool below = avail < ikt_percent_of(whole, pct);

	/* A new threshold starts armed, whatever the old one saw. */
	if (st->percent != pct) {
		st->percent = pct;
		st->below = false;
	}
	if (!pct || below == st->below)
		return;
	st->below = below;
	pr_info("extent %s: free space %s the %u%% %s threshold (%llu bytes available)\n",
		e->name, below ? "fell below" : "recovered above", pct,
		scope == ISCSIKT_THRESHOLD_POOL ? "pool" : "extent", avail);
	if (below && t)
		ikt_sessions_raise_ua(t, lun, IKT_ASC_TP_SOFT_THRESHOLD, NULL);
	ikt_nl_threshold_event(e->name, scope, pct, avail, below);
}

static void ikt_thresh_work(struct work_struct *work)
{
	struct ikt_extent *e = container_of(to_delayed_work(work),
					    struct ikt_extent, thresh_work);
	struct ikt_target *t = NULL;
	struct kstatfs st;
	u8 pool_pct;
	u64 lun, avail;

	WRITE_ONCE(e->thresh_next, jiffies + IKT_THRESH_INTERVAL);
	if (vfs_statfs(&e->be.file->f_path, &st))
		goto out;
	avail = st.f_bavail * st.f_bsize;
	ikt_config_lock();
	if (e->dead) {
		ikt_config_unlock();
		goto out;
	}
	pool_pct = ikt_cfg.global.pool_threshold;
	if (e->target)
		kref_get(&e->target->kref);
	t = e->target;
	lun = e->lun;
	ikt_config_unlock();
	ikt_thresh_update(e, t, lun, ISCSIKT_THRESHOLD_EXTENT,
			  READ_ONCE(e->threshold), avail, READ_ONCE(e->be.size));
	ikt_thresh_update(e, t, lun, ISCSIKT_THRESHOLD_POOL, pool_pct, avail,
			  st.f_blocks * st.f_bsize);
	if (t)
		ikt_target_put(t);
out:
	ikt_thresh_check_ended(e);
}

void ikt_thin_extent_init(struct ikt_extent *e)
{
	INIT_DELAYED_WORK(&e->thresh_work, ikt_thresh_work);
	e->thresh_next = jiffies;
}

void ikt_thin_extent_stop(struct ikt_extent *e)
{
	if (cancel_delayed_work_sync(&e->thresh_work))
		ikt_thresh_check_ended(e);
}

void ikt_thin_exit(void)
{
	wait_var_event(&ikt_thresh_checks, !atomic_read(&ikt_thresh_checks));
}

void ikt_thin_written(struct ikt_extent *e)
{
	long delay;

	if (e->be.bdev || (!READ_ONCE(e->threshold) &&
			   !READ_ONCE(ikt_cfg.global.pool_threshold)))
		return;
	delay = (long)(READ_ONCE(e->thresh_next) - jiffies);
	ikt_thresh_schedule(e, max(delay, 0L), false);
}

void ikt_thin_threshold_changed(struct ikt_extent *e)
{
	if (!e->be.bdev)
		ikt_thresh_schedule(e, 0, true);
}

/* As cmd.c maps a failed write; a plain writer in the extent's gate. */
static int ikt_thin_deallocate(struct ikt_extent *e, u64 lba, u64 nblocks)
{
	u64 pos = lba * e->block_size, len = nblocks * e->block_size;
	struct ikt_range r;
	int ret;

	ikt_gate_plain(&e->gate, &r, pos, len);
	ret = ikt_backend_deallocate(&e->be, pos, len);
	ikt_gate_plain_end(&e->gate, &r);
	return ret;
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

int ikt_thin_write_pattern(struct ikt_extent *e, const u8 *block, u64 lba,
			   u64 nblocks)
{
	u32 bs = e->block_size, chunk, off, n;
	loff_t pos = lba * bs, end = pos + nblocks * bs;
	bool fua = !READ_ONCE(e->wce);
	struct ikt_range r;
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
		ikt_gate_plain(&e->gate, &r, pos, n);
		ret = ikt_backend_write(&e->be, &buf, n, pos, fua);
		ikt_gate_plain_end(&e->gate, &r);
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
