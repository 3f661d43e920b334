// SPDX-License-Identifier: GPL-2.0
/*
 * COMPARE AND WRITE, ORWRITE(16), WRITE ATOMIC(16) and PRE-FETCH(10)/(16):
 * the glue half; proto/scsi_rmw.c has validated the CDB and cmd.c has
 * collected all the data-out.
 *
 * The three writers hold their range exclusively in the extent's gate
 * (gate.c) from their read to their write, and the extent's rmw_lock, so
 * each is atomic with respect to every other command on those blocks: two
 * racing COMPARE AND WRITEs of a block cannot both succeed, none compares
 * against half a WRITE, and no READ sees half a WRITE ATOMIC.
 * Documentation/scsi/atomic-writes.rst says what a crash can still do.
 */
#include <linux/fadvise.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mutex.h>
#include <linux/uio.h>

#include "config.h"
#include "task.h"

struct ikt_rmw {
	u64 lba;
	u32 nblocks;
	u32 len;		/* bytes of the writers; not PRE-FETCH's */
	loff_t pos;
	bool fua;
};

static void ikt_rmw_init(struct ikt_task *t, struct ikt_rmw *r)
{
	struct ikt_extent *e = t->ext;
	u32 bs = e->block_size;

	ikt_scsi_rmw_range(t->cdb, READ_ONCE(e->be.size) / bs, &r->lba,
			   &r->nblocks);
	r->pos = r->lba * bs;
	/* The emulation capped the writers at IKT_SCSI_GLUE_DATA_OUT_MAX. */
	r->len = r->nblocks * bs;
	/* WCE 0 (MODE SELECT): every write goes through. */
	r->fua = (t->cdb[1] & 0x08) || !READ_ONCE(e->wce);
}

/*
 * A writer's data-out is @copies times its blocks.  The emulation made
 * EDTL cover all of it, so nothing can be missing; false (and the task
 * failed) if it is anyway.
 */
static bool ikt_rmw_start(struct ikt_task *t, struct ikt_rmw *r, u32 copies)
{
	ikt_rmw_init(t, r);
	if (t->param_len == copies * r->len)
		return true;
	ikt_scsi_set_sense(t->res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_INVALID_FIELD_IN_IU);
	return false;
}

/*
 * What a read-modify-write does between the two: change @medium (@len
 * bytes) into what is to be written and return true, or set the result
 * and return false to write nothing.
 */
typedef bool ikt_rmw_merge_fn(struct ikt_task *t, struct ikt_buf *medium,
			      u32 len);

static void ikt_rmw_run(struct ikt_task *t, u32 copies,
			ikt_rmw_merge_fn *merge)
{
	struct ikt_extent *e = t->ext;
	struct ikt_buf medium;
	struct ikt_range held;
	struct ikt_rmw r;
	bool write = false;
	int ret;

	if (!ikt_rmw_start(t, &r, copies))
		return;
	ret = ikt_buf_alloc(&medium, r.len);
	if (ret)
		goto out;
	mutex_lock(&e->rmw_lock);
	ikt_gate_excl(&e->gate, &held, r.pos, r.len);
	ret = ikt_backend_read(&e->be, &medium, r.len, r.pos);
	if (!ret && merge(t, &medium, r.len)) {
		write = true;
		ret = ikt_backend_write(&e->be, &medium, r.len, r.pos, r.fua);
	}
	ikt_gate_excl_end(&e->gate, &held);
	mutex_unlock(&e->rmw_lock);
	ikt_buf_free(&medium);
out:
	if (ret)
		ikt_task_backend_error(t->res, ret, write);
}

/* Both buffers hold whole pages from offset 0: page i matches page i. */
static bool ikt_caw_merge(struct ikt_task *t, struct ikt_buf *medium, u32 len)
{
	u32 off = ikt_buf_cmp(medium, t->param, len), i, n;
	struct iov_iter it;

	if (off < len) {
		ikt_scsi_miscompare(t->res, off);
		return false;
	}
	/* The second half of the data-out is what gets written. */
	ikt_buf_iter(t->param, ITER_SOURCE, len, len, &it);
	for (i = 0; len; i++, len -= n) {
		n = min_t(u32, len, PAGE_SIZE);
		if (copy_page_from_iter(medium->bvec[i].bv_page, 0, n,
					&it) != n) {
			ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
					   IKT_ASC_INTERNAL_TARGET_FAILURE);
			return false;
		}
	}
	return true;
}

static bool ikt_or_merge(struct ikt_task *t, struct ikt_buf *medium, u32 len)
{
	u32 i, j, n;
	const u8 *s;
	u8 *d;

	for (i = 0; len; i++, len -= n) {
		n = min_t(u32, len, PAGE_SIZE);
		d = kmap_local_page(medium->bvec[i].bv_page);
		s = kmap_local_page(t->param->bvec[i].bv_page);
		for (j = 0; j < n; j++)
			d[j] |= s[j];
		kunmap_local(s);
		kunmap_local(d);
	}
	return true;
}

/* The data-out holds the verify data, then the write data. */
void ikt_task_compare_and_write(struct ikt_task *t)
{
	ikt_rmw_run(t, 2, ikt_caw_merge);
}

void ikt_task_orwrite(struct ikt_task *t)
{
	ikt_rmw_run(t, 1, ikt_or_merge);
}

/*
 * One backend write holding its range: atomic with respect to the other
 * commands of this extent, not to a crash (a DEVICE extent's bio may be
 * split by the block layer, a FILE extent's write by the filesystem).
 */
void ikt_task_write_atomic(struct ikt_task *t)
{
	struct ikt_extent *e = t->ext;
	struct ikt_range held;
	struct ikt_rmw r;
	int ret;

	if (!ikt_rmw_start(t, &r, 1))
		return;
	mutex_lock(&e->rmw_lock);
	ikt_gate_excl(&e->gate, &held, r.pos, r.len);
	ret = ikt_backend_write(&e->be, t->param, r.len, r.pos, r.fua);
	ikt_gate_excl_end(&e->gate, &held);
	mutex_unlock(&e->rmw_lock);
	if (ret)
		ikt_task_backend_error(t->res, ret, true);
}

/*
 * FILE extents: start read-ahead of the range (the kernel bounds it to
 * the file's read-ahead window) and answer GOOD without waiting.  A
 * DEVICE extent's bios, and a file's direct I/O, bypass the page cache:
 * there is nothing to fill.
 */
void ikt_task_prefetch(struct ikt_task *t)
{
	struct ikt_extent *e = t->ext;
	struct ikt_rmw r;

	if (e->be.bdev || READ_ONCE(e->be.direct))
		return;
	ikt_rmw_init(t, &r);
	/* A hint: its failure changes nothing for the initiator. */
	vfs_fadvise(e->be.file, r.pos, (loff_t)r.nblocks * e->block_size,
		    POSIX_FADV_WILLNEED);
}
