// SPDX-License-Identifier: GPL-2.0
/*
 * SANITIZE, the glue half (kernel/proto/scsi_sanitize.c checks the CDB
 * and the parameter list).
 *
 * OVERWRITE first waits for every other command holding the extent to
 * end; commands that arrive after it find the LU sanitizing and are
 * turned away by the emulation, so nothing written before can land after
 * the overwrite passed.  The overwrite then runs in a work item of the
 * extent's own: it outlives the command, its connection and any task
 * management function, as SBC-4 4.11 wants of a sanitize, and ends with a
 * cache flush.  The SANITIZE command, unless IMMED, waits for it.
 *
 * What it promises: every block of the LU reads back as the pattern, and
 * the old data went to the backend's medium as overwritten.  Below a FILE
 * extent a copy-on-write filesystem, and below either kind an SSD, may
 * keep the old blocks elsewhere; BLOCK ERASE and CRYPTOGRAPHIC ERASE are
 * not offered, because only that medium could keep their promise.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/math64.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/wait_bit.h>

#include "config.h"
#include "conn.h"
#include "task.h"

/* Progress is published, and a stop looked for, after this many bytes. */
#define IKT_SANITIZE_STEP	SZ_16M
/* How often a waiting SANITIZE command looks whether it was aborted */
#define IKT_SANITIZE_POLL	(HZ / 4)
#define IKT_SANITIZE_DRAIN_MS	20

/* Overwrites running, deleted extents' included: module exit waits. */
static atomic_t ikt_sanitizes = ATOMIC_INIT(0);

static bool ikt_sanitize_stopped(struct ikt_extent *e)
{
	return READ_ONCE(e->dead) || READ_ONCE(e->san.stop);
}

static int ikt_sanitize_overwrite(struct ikt_extent *e)
{
	struct ikt_sanitize *s = &e->san;
	u32 bs = e->block_size, i;
	u64 nblocks = READ_ONCE(e->be.size) / bs;
	u64 step = IKT_SANITIZE_STEP / bs, total = max(nblocks * s->passes, 1ULL);
	u64 done = 0, lba, n;
	unsigned int pass;
	int ret = 0;

	for (pass = 0; pass < s->passes && !ret; pass++) {
		/* INVERT: the pattern alternates with its complement. */
		if (pass && s->invert)
			for (i = 0; i < bs; i++)
				s->block[i] = ~s->block[i];
		for (lba = 0; lba < nblocks && !ret; lba += n) {
			if (ikt_sanitize_stopped(e))
				return -ENODEV;
			n = min(step, nblocks - lba);
			ret = ikt_thin_write_pattern(e, s->block, lba, n);
			done += n;
			WRITE_ONCE(s->progress,
				   (u16)div64_u64(done * U16_MAX, total));
		}
	}
	return ret ?: ikt_backend_flush(&e->be, 0, 0);
}

static void ikt_sanitize_work(struct work_struct *work)
{
	struct ikt_extent *e = container_of(work, struct ikt_extent,
					    san.work);
	struct ikt_sanitize *s = &e->san;
	int ret;

	ret = ikt_sanitize_overwrite(e);
	if (ret)
		pr_warn("extent %s: sanitize failed (%d)\n", e->name, ret);
	else
		pr_info("extent %s: sanitized, %u overwrite pass(es)\n",
			e->name, s->passes);
	kfree(s->block);
	s->block = NULL;
	/* A failure stays until EXIT FAILURE MODE or a sanitize succeeds. */
	atomic_set_release(&s->state, ret ? IKT_SANITIZE_FAILED :
				      IKT_SANITIZE_NONE);
	wake_up_all(&s->done);
	ikt_thin_written(e);
	ikt_extent_put(e);
	if (atomic_dec_and_test(&ikt_sanitizes))
		wake_up_var(&ikt_sanitizes);
}

bool ikt_extent_io_begin(struct ikt_extent *e)
{
	atomic_inc(&e->cmds);
	/* Counted before the state is read: see ikt_sanitize_drain(). */
	smp_mb__after_atomic();
	return atomic_read(&e->san.state) == IKT_SANITIZE_NONE;
}

void ikt_extent_io_end(struct ikt_extent *e)
{
	atomic_dec(&e->cmds);
}

static bool ikt_task_aborted(const struct ikt_task *t)
{
	return READ_ONCE(*t->aborted);
}

/*
 * Wait until the SANITIZE command is the only one holding the extent.
 * Every user counts itself before it looks at the state
 * (ikt_extent_io_begin()), and the state went RUNNING before this
 * counts: each sees the other.  A poll, not a wakeup, keeps the command
 * path free of sanitize's concerns.
 */
static bool ikt_sanitize_drain(struct ikt_task *t)
{
	while (atomic_read(&t->ext->cmds) > 1) {
		if (ikt_task_aborted(t))
			return false;
		msleep(IKT_SANITIZE_DRAIN_MS);
	}
	return true;
}

static void ikt_sanitize_sense(struct ikt_scsi_result *res, u8 state)
{
	struct ikt_lu_info lu = { .sanitize = state };

	ikt_scsi_sanitize_sense(&lu, &res->sense);
	res->status = IKT_SAM_CHECK_CONDITION;
}

static void ikt_sanitize_start(struct ikt_task *t,
			       struct ikt_sanitize_overwrite *ow)
{
	struct ikt_extent *e = t->ext;
	struct ikt_sanitize *s = &e->san;
	int old = atomic_read(&s->state);

	/* One at a time; the cmpxchg orders the state before the count. */
	if (old == IKT_SANITIZE_RUNNING ||
	    atomic_cmpxchg(&s->state, old, IKT_SANITIZE_RUNNING) != old) {
		ikt_sanitize_sense(t->res, IKT_SANITIZE_RUNNING);
		return;
	}
	WRITE_ONCE(s->progress, 0);
	if (!ikt_sanitize_drain(t)) {
		atomic_set(&s->state, old);	/* nothing was written */
		return;
	}
	s->ause = ow->ause;
	s->passes = ow->passes;
	s->invert = ow->invert;
	s->block = ow->block;
	ow->block = NULL;
	kref_get(&e->kref);
	atomic_inc(&ikt_sanitizes);
	queue_work(ikt_io_wq, &s->work);
	if (ow->immed)
		return;
	while (atomic_read_acquire(&s->state) == IKT_SANITIZE_RUNNING) {
		if (ikt_task_aborted(t))
			return;
		wait_event_timeout(s->done, atomic_read(&s->state) !=
				   IKT_SANITIZE_RUNNING, IKT_SANITIZE_POLL);
	}
	if (atomic_read(&s->state) == IKT_SANITIZE_FAILED)
		ikt_sanitize_sense(t->res, IKT_SANITIZE_FAILED);
}

/*
 * EXIT FAILURE MODE: only a sanitize that failed with AUSE set may be
 * left this way; otherwise the LU needs a sanitize that succeeds.  Not in
 * failure mode, there is nothing to leave.
 */
static void ikt_sanitize_exit_failure(struct ikt_task *t)
{
	struct ikt_sanitize *s = &t->ext->san;

	if (atomic_read(&s->state) != IKT_SANITIZE_FAILED)
		return;
	if (!READ_ONCE(s->ause)) {
		ikt_scsi_invalid_cdb_field(t->res, 1, 4);
		return;
	}
	atomic_cmpxchg(&s->state, IKT_SANITIZE_FAILED, IKT_SANITIZE_NONE);
}

void ikt_task_sanitize(struct ikt_task *t)
{
	struct ikt_extent *e = t->ext;
	struct ikt_lu_info lu = { .block_size = e->block_size };
	struct ikt_sanitize_overwrite ow = {};
	u8 *param;

	if ((t->cdb[1] & 0x1f) == IKT_SANITIZE_EXIT_FAILURE) {
		ikt_sanitize_exit_failure(t);
		return;
	}
	param = kmalloc(max_t(u32, t->param_len, 1), GFP_KERNEL);
	ow.block = kmalloc(e->block_size, GFP_KERNEL);
	if (!param || !ow.block) {
		ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		goto out;
	}
	ikt_buf_copy_out(t->param, 0, param, t->param_len);
	if (ikt_scsi_sanitize_overwrite_parse(&lu, t->cdb, param,
					      t->param_len, &ow, t->res))
		ikt_sanitize_start(t, &ow);
out:
	kfree(ow.block);
	kfree(param);
}

void ikt_sanitize_extent_init(struct ikt_extent *e)
{
	atomic_set(&e->san.state, IKT_SANITIZE_NONE);
	INIT_WORK(&e->san.work, ikt_sanitize_work);
	init_waitqueue_head(&e->san.done);
}

void ikt_sanitize_extent_stop(struct ikt_extent *e)
{
	WRITE_ONCE(e->san.stop, true);
	flush_work(&e->san.work);
}

void ikt_sanitize_exit(void)
{
	wait_var_event(&ikt_sanitizes, !atomic_read(&ikt_sanitizes));
}
