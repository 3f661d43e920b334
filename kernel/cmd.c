// SPDX-License-Identifier: GPL-2.0
/*
 * SCSI commands over iSCSI: the life of one task from its SCSI Command
 * PDU to its status.
 *
 * The emulation (kernel/proto/scsi_*.c) decides what a CDB means.  Data-out
 * arrives as immediate data, unsolicited Data-Out and solicited Data-Out
 * (one R2T at a time, MaxBurstLength each) straight into the command's
 * pages; reads and writes of a block device go to the block layer as bios
 * straight from the receive path, other backend I/O runs on ikt_io_wq;
 * Data-In carries the status in its last PDU when there is no sense to
 * send.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/slab.h>

#include "config.h"
#include "conn.h"
#include "pr.h"
#include "task.h"

struct ikt_cmd {
	struct kref kref;
	struct list_head node;		/* conn->cmds while active */
	struct ikt_conn *conn;
	struct ikt_extent *ext;		/* NULL: LUN not mapped */
	struct work_struct work;	/* backend I/O */
	u8 lun_raw[8];
	u8 cdb[IKT_SCSI_CDB_MAX];	/* MODE SELECT reads it again */
	u32 itt;
	u32 edtl;			/* Expected Data Transfer Length */
	bool exp_read;
	bool media;			/* backend I/O: cdb_bytes is valid */
	bool aborted;			/* a TMF or teardown took it (cmd_lock) */
	bool submitted;			/* backend I/O started or queued */
	int io_err;			/* a bio's outcome */
	struct llist_node done_node;	/* conn->bios_done once it ended */
	struct ikt_range range;		/* in the extent's gate */
	struct completion io_done;	/* the backend I/O has ended */
	u32 cdb_bytes;			/* what the CDB asks to move */
	u32 pinned;			/* bytes counted in conn->data_bytes */
	struct ikt_scsi_result res;

	struct ikt_buf data;		/* data-in or data-out bytes */
	u32 xfer;			/* bytes of data to move */
	u32 received;			/* data-out bytes in data, in order */
	u32 unsolicited;		/* data-out bytes allowed unsolicited */
	bool unsolicited_done;
	u32 r2t_end;			/* data-out bytes solicited so far */
	u32 r2tsn;
	u32 data_sn;			/* DataSN the next Data-Out carries */
	bool data_lost;			/* a Data-Out went missing */
	u32 ttt;
};

static struct kmem_cache *ikt_cmd_cache;

static void ikt_cmd_free(struct kref *kref)
{
	struct ikt_cmd *cmd = container_of(kref, struct ikt_cmd, kref);

	if (cmd->ext) {
		ikt_extent_io_end(cmd->ext);
		ikt_extent_put(cmd->ext);
	}
	ikt_buf_free(&cmd->data);
	atomic_sub(cmd->pinned, &cmd->conn->data_bytes);
	ikt_conn_put(cmd->conn);
	kmem_cache_free(ikt_cmd_cache, cmd);
}

void ikt_cmd_put(struct ikt_cmd *cmd)
{
	kref_put(&cmd->kref, ikt_cmd_free);
}

static struct ikt_cmd *ikt_cmd_get(struct ikt_cmd *cmd)
{
	kref_get(&cmd->kref);
	return cmd;
}

/* The target port and identity every LU shares, the well-known LU too. */
static void ikt_cmd_port_info(struct ikt_conn *conn, struct ikt_lu_info *lu)
{
	memset(lu, 0, sizeof(*lu));
	lu->rel_tgt_port = conn->portal_tag;
	lu->tpg_id = conn->portal_tag;
	lu->tpgt = conn->portal_tag;
	strscpy(lu->vendor, "ISCSIKT", sizeof(lu->vendor));
	strscpy(lu->product, "iSCSI Disk", sizeof(lu->product));
	strscpy(lu->revision, "0001", sizeof(lu->revision));
	lu->target_name = conn->sess->target->name;
}

/* What the emulation needs to know about the extent behind a LUN. */
static void ikt_cmd_lu_info(struct ikt_conn *conn, struct ikt_extent *e,
			    u64 lun, struct ikt_lu_info *lu)
{
	u32 bs = e->block_size;

	ikt_cmd_port_info(conn, lu);
	lu->alua = ikt_global_alua();
	if (lu->alua)
		lu->alua_state = ikt_portal_alua_state(conn->portal_tag);
	lu->block_size = bs;
	lu->nblocks = READ_ONCE(e->be.size) / bs;
	lu->read_only = e->read_only;
	lu->rpm = READ_ONCE(e->rpm);
	lu->xen_compat = READ_ONCE(e->xen);
	lu->wce = READ_ONCE(e->wce);
	lu->d_sense = READ_ONCE(e->d_sense);
	lu->swp = READ_ONCE(e->swp);
	lu->max_xfer_blocks = IKT_MAX_IO_BYTES / bs;
	ikt_thin_lu_info(e, lu);
	/* rmw.c reads, compares and writes each in one backend call. */
	lu->caw_max_blocks = min(lu->max_xfer_blocks, 255U);
	lu->atomic_max_blocks = lu->max_xfer_blocks;
	lu->lun = lun;
	lu->naa = e->naa;
	lu->tpc = READ_ONCE(e->tpc);
	lu->sanitize = atomic_read(&e->san.state);
	lu->sanitize_progress = READ_ONCE(e->san.progress);
	if (!READ_ONCE(e->no_pbs) && bs < PAGE_SIZE)
		lu->pb_exp = ilog2(PAGE_SIZE / bs);
	strscpy(lu->serial, e->serial, sizeof(lu->serial));
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */
/* ------------------------------------------------------------------ */

struct ikt_data_in_arg {
	struct ikt_cmd *cmd;
	u32 offset;
	u32 datasn;
	bool last;
	bool status;
	u32 residual;
	u8 res_flags;
};

static void ikt_data_in_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			     const struct ikt_sn *sn, void *arg)
{
	struct ikt_data_in_arg *a = arg;
	struct ikt_data_in d = {
		.itt = a->cmd->itt,
		.ttt = ISCSI_RESERVED_TAG,
		.datasn = a->datasn,
		.offset = a->offset,
		.data_len = tx->data_len,
		.sn = *sn,
	};

	memcpy(d.lun, a->cmd->lun_raw, sizeof(d.lun));
	if (a->last)
		d.flags |= ISCSI_FLAG_FINAL;
	if (a->status) {
		d.flags |= ISCSI_FLAG_DATA_STATUS | a->res_flags;
		d.residual = a->residual;
		d.status = IKT_SAM_GOOD;
	}
	ikt_build_data_in(&tx->bhs, &d);
}

struct ikt_scsi_rsp_arg {
	struct ikt_cmd *cmd;
	u32 residual;
	u8 res_flags;
	u32 datasn;
};

static void ikt_scsi_rsp_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			      const struct ikt_sn *sn, void *arg)
{
	struct ikt_scsi_rsp_arg *a = arg;
	struct ikt_scsi_rsp r = {
		.itt = a->cmd->itt,
		.response = ISCSI_SCSI_RSP_COMPLETED,
		.status = a->cmd->res.status,
		.flags = a->res_flags,
		.residual = a->residual,
		.exp_datasn = a->datasn,
		.data_len = tx->data_len,
		.sn = *sn,
	};

	ikt_build_scsi_rsp(&tx->bhs, &r);
}

/*
 * The task ends: false when a TMF or the teardown took it first, and then
 * it sends nothing (RFC 7143 11.5.1: an aborted task has no response).
 */
static bool ikt_cmd_unlink(struct ikt_cmd *cmd)
{
	struct ikt_conn *conn = cmd->conn;
	bool linked;

	spin_lock_bh(&conn->cmd_lock);
	linked = !cmd->aborted && !list_empty(&cmd->node);
	if (linked)
		list_del_init(&cmd->node);
	spin_unlock_bh(&conn->cmd_lock);
	if (linked) {
		atomic_dec(&conn->sess->active_cmds);
		ikt_cmd_put(cmd);
	}
	return linked;
}

/* Send the data-in (if any) and the status of a finished command. */
static void __ikt_cmd_complete(struct ikt_cmd *cmd)
{
	struct ikt_conn *conn = cmd->conn;
	struct ikt_scsi_result *res = &cmd->res;
	u32 len = 0, off, max = conn->params.max_xmit_dsl;
	struct ikt_data_in_arg di = { .cmd = cmd };
	struct ikt_scsi_rsp_arg sr = { .cmd = cmd };
	bool good = res->status == IKT_SAM_GOOD;
	u8 sense[2 + IKT_SCSI_SENSE_MAX];
	struct ikt_tx *tx;
	u32 n;

	if (cmd->exp_read && good)
		len = min(cmd->xfer, cmd->edtl);
	/*
	 * Residuals compare EDTL with the CDB's transfer length for media
	 * commands (SAM-5 5.4.3, as LIO does), else with what was moved.
	 */
	if (cmd->exp_read || cmd->edtl || cmd->media) {
		u32 moved = cmd->exp_read ? cmd->xfer : cmd->received;

		if (cmd->media)
			moved = cmd->cdb_bytes;
		else if (!good)
			moved = 0;
		if (moved < cmd->edtl) {
			sr.res_flags = ISCSI_FLAG_UNDERFLOW;
			sr.residual = cmd->edtl - moved;
		} else if (moved > cmd->edtl) {
			sr.res_flags = ISCSI_FLAG_OVERFLOW;
			sr.residual = moved - cmd->edtl;
		}
	}

	/* The window opens before the status goes out. */
	if (!ikt_cmd_unlink(cmd))
		return;
	if (!good)
		atomic64_inc(&conn->nr_cmd_errors);

	for (off = 0; off < len; off += n) {
		n = min(len - off, max);
		tx = ikt_tx_alloc(GFP_KERNEL);
		if (!tx)
			goto err;
		tx->dbuf = &cmd->data;
		tx->dbuf_off = off;
		tx->data_len = n;
		tx->cmd = ikt_cmd_get(cmd);
		di.offset = off;
		di.last = off + n == len;
		di.status = di.last;
		di.residual = sr.residual;
		di.res_flags = sr.res_flags;
		ikt_tx_queue(conn, tx, ikt_data_in_fill, &di, di.status);
		di.datasn++;
	}
	if (len)
		return;	/* status went with the last Data-In */

	tx = ikt_tx_alloc(GFP_KERNEL);
	if (!tx)
		goto err;
	if (!good && res->status == IKT_SAM_CHECK_CONDITION) {
		n = ikt_scsi_build_sense(&res->sense,
					 cmd->ext && READ_ONCE(cmd->ext->d_sense),
					 sense + 2, IKT_SCSI_SENSE_MAX);
		put_unaligned_be16(n, sense);
		tx->owned = kmemdup(sense, n + 2, GFP_KERNEL);
		if (!tx->owned) {
			ikt_tx_free(tx);
			goto err;
		}
		tx->data = tx->owned;
		tx->data_len = n + 2;
	}
	sr.datasn = di.datasn;
	ikt_tx_queue(conn, tx, ikt_scsi_rsp_fill, &sr, true);
	return;
err:
	/* A lost status would hang the initiator: end the session instead. */
	ikt_conn_close(conn);
}

static void ikt_cmd_complete(struct ikt_cmd *cmd)
{
	struct ikt_conn *conn = cmd->conn;

	mutex_lock(&conn->rsp_lock);
	__ikt_cmd_complete(cmd);
	mutex_unlock(&conn->rsp_lock);
}

static void ikt_cmd_fail(struct ikt_cmd *cmd, u8 key, u16 asc)
{
	ikt_scsi_set_sense(&cmd->res, key, asc);
}

void ikt_task_backend_error(struct ikt_scsi_result *res, int err, bool write)
{
	/* A full filesystem under a FILE extent: as thin storage says it. */
	if (err == -ENOSPC || err == -EDQUOT)
		ikt_scsi_set_sense(res, IKT_SK_DATA_PROTECT,
				   IKT_ASC_SPACE_ALLOC_FAILED);
	else if (err == -ENOMEM)
		ikt_scsi_set_sense(res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
	else
		ikt_scsi_set_sense(res, IKT_SK_MEDIUM_ERROR,
				   write ? IKT_ASC_WRITE_ERROR :
					   IKT_ASC_UNRECOVERED_READ_ERROR);
}

/* ------------------------------------------------------------------ */
/* Backend I/O                                                         */
/* ------------------------------------------------------------------ */

static int ikt_cmd_verify(struct ikt_backend *be, const struct ikt_buf *data,
			  u32 len, loff_t pos, u32 *miscompare)
{
	/*
	 * A device (and direct I/O) reads whole sectors, even for a shorter
	 * EDTL's bytes.
	 */
	u32 whole = round_up(len, be->io_align);
	struct ikt_buf medium;
	int ret;

	ret = ikt_buf_alloc(&medium, whole);
	if (ret)
		return ret;
	ret = ikt_backend_read(be, &medium, whole, pos);
	if (!ret)
		*miscompare = ikt_buf_cmp(&medium, data, len);
	ikt_buf_free(&medium);
	return ret;
}

/* The backend I/O is over: answer, and drop the I/O's reference. */
static void ikt_cmd_io_finish(struct ikt_cmd *cmd, int ret, u32 miscompare)
{
	cmd->res.status = IKT_SAM_GOOD;
	if (ret)
		ikt_task_backend_error(&cmd->res, ret,
				       cmd->res.io.dir != IKT_SCSI_DIR_READ);
	else if (miscompare < cmd->xfer) {
		ikt_cmd_fail(cmd, IKT_SK_MISCOMPARE,
			     IKT_ASC_MISCOMPARE_DURING_VERIFY);
		cmd->res.sense.info_valid = true;
		cmd->res.sense.info = miscompare;
	}
	ikt_cmd_complete(cmd);
	if (cmd->res.io.dir == IKT_SCSI_DIR_WRITE)
		ikt_thin_written(cmd->ext);
	ikt_cmd_put(cmd);
}

/* WCE 0 (MODE SELECT): every write goes through. */
static bool ikt_cmd_fua(const struct ikt_cmd *cmd)
{
	return cmd->res.io.fua || !READ_ONCE(cmd->ext->wce);
}

/* The medium part of ikt_cmd_io_work, inside the extent's gate. */
static int ikt_cmd_media_io(struct ikt_cmd *cmd, loff_t pos, u32 *miscompare)
{
	struct ikt_scsi_io *io = &cmd->res.io;
	struct ikt_backend *be = &cmd->ext->be;
	int ret;

	switch (io->op) {
	case IKT_IO_READ:
		ret = ikt_backend_read(be, &cmd->data, cmd->xfer, pos);
		break;
	case IKT_IO_WRITE:
		ret = ikt_backend_write(be, &cmd->data, cmd->xfer, pos,
					ikt_cmd_fua(cmd));
		break;
	case IKT_IO_WRITE_VERIFY:
		ret = ikt_backend_write(be, &cmd->data, cmd->xfer, pos, true);
		break;
	case IKT_IO_VERIFY:
		ret = ikt_cmd_verify(be, &cmd->data, cmd->xfer, pos,
				     miscompare);
		break;
	default:
		ret = -EINVAL;
	}
	return ret;
}

/* cmd->work for I/O the worker does itself (files, and VERIFY & co). */
static void ikt_cmd_io_work(struct work_struct *work)
{
	struct ikt_cmd *cmd = container_of(work, struct ikt_cmd, work);
	struct ikt_scsi_io *io = &cmd->res.io;
	struct ikt_extent *e = cmd->ext;
	loff_t pos = io->lba * e->block_size;
	u32 miscompare = cmd->xfer, align = e->be.io_align;
	bool excl;
	int ret = 0;

	if (io->op == IKT_IO_SYNC) {
		ret = ikt_backend_flush(&e->be, pos,
					(loff_t)io->nblocks * e->block_size);
		goto done;
	}
	/* A write whose EDTL was 0: nothing reached us, nothing to do. */
	if (!cmd->xfer)
		goto done;
	/*
	 * A device (and direct I/O) writes whole sectors: the rest of a
	 * partial one is read and written back, which nothing else may
	 * interleave.
	 */
	excl = cmd->xfer % align && (io->op == IKT_IO_WRITE ||
				     io->op == IKT_IO_WRITE_VERIFY);
	if (excl) {
		mutex_lock(&e->rmw_lock);
		ikt_gate_excl(&e->gate, &cmd->range, pos,
			      round_up(cmd->xfer, align));
	} else {
		ikt_gate_plain(&e->gate, &cmd->range, pos,
			       round_up(cmd->xfer, align));
	}
	ret = ikt_cmd_media_io(cmd, pos, &miscompare);
	if (excl) {
		ikt_gate_excl_end(&e->gate, &cmd->range);
		mutex_unlock(&e->rmw_lock);
	} else {
		ikt_gate_plain_end(&e->gate, &cmd->range);
	}
done:
	complete_all(&cmd->io_done);
	ikt_cmd_io_finish(cmd, ret, miscompare);
}

static void ikt_cmd_bio_end(struct bio *bio)
{
	struct ikt_cmd *cmd = bio->bi_private;
	struct ikt_conn *conn = cmd->conn;

	cmd->io_err = blk_status_to_errno(bio->bi_status);
	bio_put(bio);
	ikt_gate_plain_end(&cmd->ext->gate, &cmd->range);
	/* The medium is done with: a TMF waiting for the task may answer. */
	complete_all(&cmd->io_done);
	/*
	 * The connection's work answers it, with the others that ended
	 * meanwhile: no worker of its own.  From here on @cmd may be gone,
	 * not @conn: ikt_conn_release_work() waits for conn->bios.
	 */
	if (llist_add(&cmd->done_node, &conn->bios_done))
		ikt_conn_kick_bio_end(conn);
	if (atomic_dec_and_test(&conn->bios))
		wake_up_var(&conn->bios);
}

void ikt_cmd_reap(struct ikt_conn *conn)
{
	struct llist_node *done;
	struct ikt_cmd *cmd, *tmp;

	if (llist_empty(&conn->bios_done))
		return;
	done = llist_reverse_order(llist_del_all(&conn->bios_done));
	llist_for_each_entry_safe(cmd, tmp, done, done_node)
		ikt_cmd_io_finish(cmd, cmd->io_err, cmd->xfer);
}

/*
 * The only task of its session does its I/O in the connection's work:
 * nothing waits behind it, and its answer leaves in the same run rather
 * than after two hand-offs between workers (queue depth 1 latency, which
 * make bench measures).
 */
static void ikt_cmd_run_io(struct ikt_cmd *cmd)
{
	if (atomic_read(&cmd->conn->sess->active_cmds) == 1)
		ikt_cmd_io_work(&cmd->work);
	else
		queue_work(ikt_io_wq, &cmd->work);
}

/*
 * Reads and writes of a DEVICE extent go to the block layer from here,
 * with no worker in between; the rest waits for a worker.
 */
static void ikt_cmd_submit_io(struct ikt_cmd *cmd)
{
	struct ikt_scsi_io *io = &cmd->res.io;
	struct ikt_backend *be = &cmd->ext->be;
	loff_t pos = io->lba * cmd->ext->block_size;
	int ret;

	ikt_cmd_get(cmd);		/* the I/O's reference */
	cmd->submitted = true;
	/*
	 * A part of a device sector is read, patched and written back; a
	 * range an exclusive command holds is waited for: by the worker.
	 */
	if (!be->bdev || !cmd->xfer || cmd->xfer % be->io_align ||
	    (io->op != IKT_IO_READ && io->op != IKT_IO_WRITE) ||
	    !ikt_gate_try_plain(&cmd->ext->gate, &cmd->range, pos,
				cmd->xfer)) {
		ikt_cmd_run_io(cmd);
		return;
	}
	atomic_inc(&cmd->conn->bios);
	ret = ikt_backend_submit(be, &cmd->data, cmd->xfer, pos,
				 io->op == IKT_IO_WRITE,
				 io->op == IKT_IO_WRITE && ikt_cmd_fua(cmd),
				 ikt_cmd_bio_end, cmd);
	if (ret) {
		/* The io work submits: teardown is not waiting yet. */
		atomic_dec(&cmd->conn->bios);
		ikt_gate_plain_end(&cmd->ext->gate, &cmd->range);
		complete_all(&cmd->io_done);
		ikt_cmd_io_finish(cmd, ret, cmd->xfer);
	}
}

/*
 * Wait until @cmd's backend I/O has ended or can no longer start.
 * Returns true when queued work was cancelled: its reference is the
 * caller's to drop.
 */
static bool ikt_cmd_quiesce(struct ikt_cmd *cmd)
{
	if (cancel_work_sync(&cmd->work))
		return true;
	if (cmd->submitted)
		wait_for_completion(&cmd->io_done);
	return false;
}

/* MODE SELECT's parameter list is in: apply it to the LU. */
void ikt_task_mode_select(struct ikt_task *t)
{
	struct ikt_extent *e = t->ext;
	struct ikt_mode_changes ch = {};
	struct ikt_lu_info lu;
	u8 *param = NULL;

	if (t->param_len) {
		param = kmalloc(t->param_len, GFP_KERNEL);
		if (!param) {
			ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
					   IKT_ASC_INTERNAL_TARGET_FAILURE);
			return;
		}
		ikt_buf_copy_out(t->param, 0, param, t->param_len);
	}
	ikt_cmd_lu_info(t->conn, e, t->lun, &lu);
	if (ikt_scsi_mode_select(&lu, t->cdb, param, t->param_len, &ch,
				 t->res))
		ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
	else if (t->res->status == IKT_SAM_GOOD) {
		WRITE_ONCE(e->wce, ch.wce);
		WRITE_ONCE(e->d_sense, ch.d_sense);
		WRITE_ONCE(e->swp, ch.swp);
		/* The other I_T nexuses learn of it (SPC-4 7.5.2). */
		if (ch.changed)
			ikt_sessions_raise_ua(t->sess->target, t->lun,
					      IKT_ASC_MODE_PARAMS_CHANGED,
					      t->sess);
	}
	kfree(param);
}

/* SET TARGET PORT GROUPS: the parameter list is in. */
static void ikt_task_set_tpgs(struct ikt_task *t)
{
	struct ikt_alua_tpg tpgs[IKT_ALUA_TPGS_MAX], set[IKT_ALUA_TPGS_MAX];
	u16 changed[IKT_ALUA_TPGS_MAX];
	u8 param[IKT_ALUA_STPG_PARAM_MAX];
	int n, ntpgs;

	BUILD_BUG_ON(IKT_ALUA_TPGS_MAX < IKT_TGROUPS_MAX);
	/* ikt_scsi_set_tpgs() solicits no more than that */
	if (WARN_ON_ONCE(t->param_len > sizeof(param))) {
		ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		return;
	}
	ikt_buf_copy_out(t->param, 0, param, t->param_len);
	ntpgs = ikt_target_alua_tpgs(t->sess->target, tpgs, ARRAY_SIZE(tpgs));
	n = ikt_alua_stpg_parse(t->cdb, param, t->param_len, tpgs, ntpgs, set,
				t->res);
	if (n < 0) {
		ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		return;
	}
	if (!n)
		return;
	n = ikt_portal_alua_set(set, n, changed);
	/* The other I_T nexuses learn of it (SPC-4 5.16). */
	if (n)
		ikt_sessions_alua_changed(changed, n, t->sess);
}

/* The commands the emulation hands back with IKT_SCSI_GLUE, by opcode. */
static const struct {
	u8 opcode;
	ikt_task_fn *fn;
} ikt_tasks[] = {
	{ 0x15, ikt_task_mode_select },		/* MODE SELECT(6) */
	{ 0x16, ikt_task_pr },			/* RESERVE(6) */
	{ 0x17, ikt_task_pr },			/* RELEASE(6) */
	{ 0x34, ikt_task_prefetch },		/* PRE-FETCH(10) */
	{ 0x41, ikt_task_write_same },		/* WRITE SAME(10) */
	{ 0x42, ikt_task_unmap },		/* UNMAP */
	{ 0x48, ikt_task_sanitize },		/* SANITIZE */
	{ 0x55, ikt_task_mode_select },		/* MODE SELECT(10) */
	{ 0x56, ikt_task_pr },			/* RESERVE(10) */
	{ 0x57, ikt_task_pr },			/* RELEASE(10) */
	{ 0x5e, ikt_task_pr },			/* PERSISTENT RESERVE IN */
	{ 0x5f, ikt_task_pr },			/* PERSISTENT RESERVE OUT */
	{ 0x83, ikt_task_extended_copy },	/* EXTENDED COPY(LID1) */
	{ 0x84, ikt_task_receive_copy_results },	/* RECEIVE COPY RESULTS */
	{ 0x89, ikt_task_compare_and_write },	/* COMPARE AND WRITE */
	{ 0x8b, ikt_task_orwrite },		/* ORWRITE(16) */
	{ 0x90, ikt_task_prefetch },		/* PRE-FETCH(16) */
	{ 0x93, ikt_task_write_same },		/* WRITE SAME(16) */
	{ 0x9c, ikt_task_write_atomic },	/* WRITE ATOMIC(16) */
	{ 0x9e, ikt_task_get_lba_status },	/* GET LBA STATUS */
	{ 0xa4, ikt_task_set_tpgs },		/* SET TARGET PORT GROUPS */
};

static ikt_task_fn *ikt_task_find(u8 opcode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ikt_tasks); i++)
		if (ikt_tasks[i].opcode == opcode)
			return ikt_tasks[i].fn;
	return NULL;
}

/* cmd->work for an IKT_SCSI_GLUE command: its data-out is in. */
static void ikt_cmd_task_work(struct work_struct *work)
{
	struct ikt_cmd *cmd = container_of(work, struct ikt_cmd, work);
	ikt_task_fn *fn = ikt_task_find(cmd->cdb[0]);
	struct ikt_task t = {
		.conn = cmd->conn,
		.sess = cmd->conn->sess,
		.ext = cmd->ext,
		.cdb = cmd->cdb,
		.param = &cmd->data,
		.param_len = cmd->received,
		.res = &cmd->res,
		.aborted = &cmd->aborted,
	};

	ikt_scsi_lun_decode(cmd->lun_raw, &t.lun);
	cmd->res.action = IKT_SCSI_COMPLETE;
	cmd->res.status = IKT_SAM_GOOD;
	cmd->res.data_len = 0;
	if (fn && cmd->ext)
		fn(&t);
	else
		ikt_cmd_fail(cmd, IKT_SK_HARDWARE_ERROR,
			     IKT_ASC_INTERNAL_TARGET_FAILURE);
	/* The data-out has served; the data-in, if any, takes its place. */
	if (cmd->res.status != IKT_SAM_GOOD ||
	    WARN_ON_ONCE(cmd->res.data_len > t.data_in.len))
		cmd->res.data_len = 0;
	ikt_buf_move(&cmd->data, &t.data_in);
	cmd->xfer = cmd->res.data_len;
	complete_all(&cmd->io_done);
	ikt_cmd_complete(cmd);
	/* UNMAP, WRITE SAME, COMPARE AND WRITE... change the space used. */
	if (cmd->ext)
		ikt_thin_written(cmd->ext);
	ikt_cmd_put(cmd);
}

/* All data-out is in (or none was needed): run the command. */
static void ikt_cmd_submit(struct ikt_cmd *cmd)
{
	if (cmd->res.action == IKT_SCSI_GLUE) {
		ikt_cmd_get(cmd);		/* the task's reference */
		cmd->submitted = true;
		INIT_WORK(&cmd->work, ikt_cmd_task_work);
		queue_work(ikt_io_wq, &cmd->work);
	} else {
		ikt_cmd_submit_io(cmd);
	}
}

/* ------------------------------------------------------------------ */
/* Data-out                                                            */
/* ------------------------------------------------------------------ */

struct ikt_r2t_arg {
	struct ikt_cmd *cmd;
	u32 offset, len;
};

static void ikt_r2t_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			 const struct ikt_sn *sn, void *arg)
{
	struct ikt_r2t_arg *a = arg;
	struct ikt_r2t r = {
		.itt = a->cmd->itt,
		.ttt = a->cmd->ttt,
		.r2tsn = a->cmd->r2tsn++,
		.offset = a->offset,
		.length = a->len,
		.sn = *sn,
	};

	memcpy(r.lun, a->cmd->lun_raw, sizeof(r.lun));
	ikt_build_r2t(&tx->bhs, &r);
}

/* A write, or a glue command with data-out: the command takes Data-Out. */
static bool ikt_cmd_wants_data(const struct ikt_cmd *cmd)
{
	return (cmd->res.action == IKT_SCSI_GLUE && cmd->xfer) ||
	       (cmd->res.action == IKT_SCSI_SUBMIT_IO &&
		cmd->res.io.dir == IKT_SCSI_DIR_WRITE);
}

/*
 * More data-out has arrived: run the command once all is in, or ask for
 * the next burst once the current one (or the unsolicited data) is done.
 */
static int ikt_cmd_data_progress(struct ikt_cmd *cmd)
{
	struct ikt_conn *conn = cmd->conn;
	struct ikt_r2t_arg a = { .cmd = cmd };
	struct ikt_tx *tx;

	if (cmd->received == cmd->xfer) {
		ikt_cmd_submit(cmd);
		return 0;
	}
	if (!cmd->unsolicited_done || cmd->received < cmd->r2t_end)
		return 0;

	tx = ikt_tx_alloc(GFP_KERNEL);
	if (!tx)
		return -ENOMEM;
	a.offset = cmd->r2t_end;
	a.len = min(cmd->xfer - a.offset, conn->params.max_burst);
	cmd->r2t_end += a.len;
	/* The previous sequence is complete; the R2T's counts from 0. */
	cmd->data_sn = 0;
	ikt_tx_queue(conn, tx, ikt_r2t_fill, &a, false);
	return 0;
}

static struct ikt_cmd *ikt_cmd_find(struct ikt_conn *conn, u32 itt)
{
	struct ikt_cmd *cmd, *found = NULL;

	spin_lock_bh(&conn->cmd_lock);
	list_for_each_entry(cmd, &conn->cmds, node) {
		if (cmd->itt == itt) {
			found = ikt_cmd_get(cmd);
			break;
		}
	}
	spin_unlock_bh(&conn->cmd_lock);
	return found;
}

int ikt_cmd_data_out_start(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	u32 offset = get_unaligned_be32(rx->bhs.w40);
	u32 len = rx->info.data_len;
	struct ikt_cmd *cmd;

	cmd = ikt_cmd_find(conn, rx->info.itt);
	/*
	 * Data for a task that already ended (a command refused before its
	 * unsolicited data arrived) is read and dropped.
	 */
	if (!cmd || ikt_buf_empty(&cmd->data) || cmd->received == cmd->xfer) {
		if (cmd)
			ikt_cmd_put(cmd);
		rx->discard = len;
		rx->drop = true;
		return 0;
	}
	if (offset > cmd->xfer || len > cmd->xfer - offset) {
		ikt_cmd_put(cmd);
		return -EPROTO;
	}
	rx->cmd = cmd;
	/*
	 * DataPDUInOrder=Yes: each PDU continues where the last one ended
	 * with the next DataSN.  A gap means a PDU was lost (RFC 7143
	 * 7.12): at ErrorRecoveryLevel 0 the rest of the sequence is read
	 * and dropped and the task ends with a CRC error (7.8.2.2 b), which
	 * keeps the connection and the initiator's other tasks.
	 */
	if (cmd->data_lost || offset != cmd->received ||
	    get_unaligned_be32(rx->bhs.w36) != cmd->data_sn) {
		cmd->data_lost = true;
		rx->discard = len;
		return 0;
	}
	cmd->data_sn++;
	rx->dbuf = &cmd->data;
	rx->dbuf_off = offset;
	rx->data_len = len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* SCSI Command                                                        */
/* ------------------------------------------------------------------ */

/*
 * The pages for a command's data, within the connection's budget: past
 * it the task ends with TASK SET FULL (SAM-5 5.3) and the initiator
 * retries once others have ended, so no peer pins more than
 * IKT_CONN_DATA_MAX whatever its command window and transfer lengths.
 */
static void ikt_cmd_alloc_data(struct ikt_cmd *cmd)
{
	struct ikt_conn *conn = cmd->conn;

	if (atomic_add_return(cmd->xfer, &conn->data_bytes) >
	    IKT_CONN_DATA_MAX) {
		atomic_sub(cmd->xfer, &conn->data_bytes);
		memset(&cmd->res, 0, sizeof(cmd->res));
		cmd->res.action = IKT_SCSI_COMPLETE;
		cmd->res.status = IKT_SAM_TASK_SET_FULL;
		cmd->xfer = 0;
		return;
	}
	cmd->pinned = cmd->xfer;
	if (ikt_buf_alloc(&cmd->data, cmd->xfer))
		ikt_cmd_fail(cmd, IKT_SK_HARDWARE_ERROR,
			     IKT_ASC_INTERNAL_TARGET_FAILURE);
}

/* Decode and emulate the CDB; 0 or a negative errno to drop the conn. */
static int ikt_cmd_emulate(struct ikt_conn *conn, struct ikt_cmd *cmd,
			   const u8 *cdb, bool exp_write)
{
	struct ikt_scsi_cmd_in in = {
		.cdb = cdb,
		.cdb_len = IKT_SCSI_CDB_MAX,
		.exp_xfer_len = cmd->edtl,
		.exp_read = cmd->exp_read,
		.exp_write = exp_write,
		.glue = true,
	};
	struct ikt_alua_tpg tpgs[IKT_TGROUPS_MAX];
	struct ikt_scsi_sense ua;
	struct ikt_lu_info lu;
	u64 *luns = NULL;
	u64 lun;
	int n = 0;
	u8 *buf;

	/* Emulation runs in this connection's receive path, one at a time. */
	if (!conn->scsi_buf) {
		conn->scsi_buf = kmalloc(IKT_SCSI_DATA_REPORT_LUNS, GFP_KERNEL);
		if (!conn->scsi_buf)
			return -ENOMEM;
	}
	buf = conn->scsi_buf;
	if (ikt_scsi_lun_decode(cmd->lun_raw, &lun))
		cmd->ext = ikt_target_lun_get(conn->sess->target, lun);
	if (cmd->ext) {
		/* A SANITIZE waits for it; the emulation sees its state. */
		ikt_extent_io_begin(cmd->ext);
		ikt_cmd_lu_info(conn, cmd->ext, lun, &lu);
		in.lu = &lu;
	} else if (ikt_scsi_lun_is_report_wlun(cmd->lun_raw)) {
		ikt_cmd_port_info(conn, &lu);
		lu.wlun = true;
		in.lu = &lu;
	}
	/* REPORT TARGET PORT GROUPS */
	if (cdb[0] == 0xa3 && (cdb[1] & 0x1f) == 0x0a) {
		in.tpgs = tpgs;
		in.ntpgs = ikt_target_alua_tpgs(conn->sess->target, tpgs,
						ARRAY_SIZE(tpgs));
	}
	if (cmd->ext && cdb[0] == IKT_OP_LOG_SENSE)
		ikt_thin_log_info(cmd->ext, &lu);
	if (cdb[0] == 0xa0) {	/* REPORT LUNS */
		luns = kmalloc_array(ISCSIKT_MAX_LUN + 1, sizeof(*luns),
				     GFP_KERNEL);
		if (!luns)
			return -ENOMEM;
		n = ikt_target_lun_ids(conn->sess->target, luns,
				       ISCSIKT_MAX_LUN + 1);
		in.luns = luns;
		in.nluns = min(n, ISCSIKT_MAX_LUN + 1);
	}
	in.buf = buf;
	in.buf_len = IKT_SCSI_DATA_REPORT_LUNS;
	if (cmd->ext && ikt_session_take_ua(conn->sess, lun, cdb[0], &ua)) {
		if (cdb[0] != 0x03) {	/* REQUEST SENSE reports it */
			kfree(luns);
			memset(&cmd->res, 0, sizeof(cmd->res));
			cmd->res.action = IKT_SCSI_COMPLETE;
			cmd->res.status = IKT_SAM_CHECK_CONDITION;
			cmd->res.sense = ua;
			return 0;
		}
		in.pending_sense = &ua;
	}
	/*
	 * After unit attentions, before reservation conflicts: a port in
	 * standby or unavailable state turns the command away first.
	 */
	if (cmd->ext && ikt_alua_access_denied(&lu, cdb, IKT_SCSI_CDB_MAX,
					       &cmd->res)) {
		kfree(luns);
		return 0;
	}
	if (cmd->ext && ikt_pr_blocked(cmd->ext->pr, conn->sess,
				       conn->portal_tag, cdb)) {
		kfree(luns);
		memset(&cmd->res, 0, sizeof(cmd->res));
		cmd->res.action = IKT_SCSI_COMPLETE;
		cmd->res.status = IKT_SAM_RESERVATION_CONFLICT;
		return 0;
	}
	if (ikt_scsi_dispatch(&in, &cmd->res))
		ikt_cmd_fail(cmd, IKT_SK_HARDWARE_ERROR,
			     IKT_ASC_INTERNAL_TARGET_FAILURE);
	kfree(luns);

	if (cmd->res.action == IKT_SCSI_COMPLETE) {
		cmd->xfer = cmd->res.data_len;
		if (cmd->xfer) {
			if (!ikt_buf_alloc(&cmd->data, cmd->xfer))
				ikt_buf_copy_in(&cmd->data, 0, buf, cmd->xfer);
			else
				ikt_cmd_fail(cmd, IKT_SK_HARDWARE_ERROR,
					     IKT_ASC_INTERNAL_TARGET_FAILURE);
		}
		return 0;
	}
	if (cmd->res.action == IKT_SCSI_GLUE) {
		/* Its data-out: collected like a write, at most EDTL. */
		memcpy(cmd->cdb, cdb, sizeof(cmd->cdb));
		cmd->xfer = min(cmd->res.data_out_len, cmd->edtl);
		if (cmd->xfer)
			ikt_cmd_alloc_data(cmd);
		return 0;
	}

	cmd->media = true;
	cmd->cdb_bytes = cmd->res.io.bytes;
	cmd->xfer = cmd->res.io.bytes;
	/*
	 * The initiator sends at most EDTL bytes: a write that asks for more
	 * stores those where the CDB puts them, leaves the rest of its range
	 * as it was and reports the overflow (RFC 7143 11.4.5.1), as tgt
	 * does.
	 */
	if (cmd->res.io.dir == IKT_SCSI_DIR_WRITE && cmd->xfer > cmd->edtl)
		cmd->xfer = cmd->edtl;
	if (cmd->xfer)
		ikt_cmd_alloc_data(cmd);
	return 0;
}

int ikt_cmd_start(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	struct ikt_cmd *cmd;
	bool exp_write = rx->bhs.flags & ISCSI_FLAG_CMD_WRITE;
	u8 cdb[IKT_SCSI_CDB_MAX];
	u32 imm = rx->info.data_len;
	int ret;

	atomic64_inc(&conn->nr_cmds);
	cmd = kmem_cache_zalloc(ikt_cmd_cache, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	kref_init(&cmd->kref);
	INIT_LIST_HEAD(&cmd->node);
	INIT_WORK(&cmd->work, ikt_cmd_io_work);
	init_completion(&cmd->io_done);
	kref_get(&conn->kref);
	cmd->conn = conn;
	cmd->itt = rx->info.itt;
	memcpy(cmd->lun_raw, rx->bhs.lun, sizeof(cmd->lun_raw));
	cmd->edtl = get_unaligned_be32(rx->bhs.w20);
	cmd->exp_read = rx->bhs.flags & ISCSI_FLAG_CMD_READ;
	/* The CDB spans w32..w44: bytes 32-47 of the BHS. */
	memcpy(cdb, (const u8 *)&rx->bhs + 32, sizeof(cdb));

	ret = ikt_cmd_emulate(conn, cmd, cdb, exp_write);
	if (ret) {
		ikt_cmd_put(cmd);
		return ret;
	}
	/*
	 * Immediate data only as negotiated and up to FirstBurstLength
	 * (RFC 7143 13.12, 13.14): the task fails and its data is dropped.
	 */
	if (imm && (!conn->params.immediate_data ||
		    imm > conn->params.first_burst))
		ikt_cmd_fail(cmd, IKT_SK_ILLEGAL_REQUEST,
			     IKT_ASC_INVALID_FIELD_IN_IU);

	/* The task is active (and counts against the window) until it ends. */
	atomic_inc(&conn->sess->active_cmds);
	spin_lock_bh(&conn->cmd_lock);
	list_add_tail(&ikt_cmd_get(cmd)->node, &conn->cmds);
	spin_unlock_bh(&conn->cmd_lock);

	rx->cmd = cmd;
	if (ikt_cmd_wants_data(cmd) && !ikt_buf_empty(&cmd->data)) {
		u32 kept = min(imm, cmd->xfer);

		/*
		 * Immediate data, then (InitialR2T=No, F clear) unsolicited
		 * Data-Out up to FirstBurstLength; R2Ts ask for the rest.
		 */
		if ((rx->bhs.flags & ISCSI_FLAG_FINAL) ||
		    conn->params.initial_r2t)
			cmd->unsolicited = kept;
		else
			cmd->unsolicited = max(kept,
					       min3(cmd->edtl, cmd->xfer,
						    conn->params.first_burst));
		cmd->unsolicited_done = cmd->unsolicited == kept;
		cmd->r2t_end = cmd->unsolicited;
		cmd->ttt = ++conn->next_ttt == ISCSI_RESERVED_TAG ?
			   ++conn->next_ttt : conn->next_ttt;
		rx->dbuf = &cmd->data;
		rx->dbuf_off = 0;
		rx->data_len = kept;
		rx->discard = imm - kept;
	} else {
		cmd->unsolicited_done = true;
		rx->discard = imm;
	}
	return 0;
}

int ikt_cmd_data_done(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	struct ikt_cmd *cmd = rx->cmd;
	bool final = rx->bhs.flags & ISCSI_FLAG_FINAL;

	if (rx->info.opcode == ISCSI_OP_DATA_OUT) {
		if (cmd->data_lost) {
			/* One R2T at most: its F bit ends all we asked for. */
			if (final) {
				ikt_cmd_fail(cmd, IKT_SK_ABORTED_COMMAND,
					     IKT_ASC_PROTOCOL_CRC_ERROR);
				ikt_cmd_complete(cmd);
			}
			return 0;
		}
		cmd->received += rx->data_len;
		/* The end of the unsolicited sequence, if it was that one. */
		if (final && get_unaligned_be32(rx->bhs.w20) ==
			     ISCSI_RESERVED_TAG)
			cmd->unsolicited_done = true;
		if (cmd->received >= cmd->unsolicited)
			cmd->unsolicited_done = true;
		return ikt_cmd_data_progress(cmd);
	}

	/* The SCSI Command PDU with its immediate data. */
	if (cmd->res.action == IKT_SCSI_COMPLETE) {
		ikt_cmd_complete(cmd);
		return 0;
	}
	if (!ikt_cmd_wants_data(cmd)) {
		ikt_cmd_submit(cmd);
		return 0;
	}
	cmd->received = rx->data_len;
	return ikt_cmd_data_progress(cmd);
}

/* ------------------------------------------------------------------ */
/* Task management                                                     */
/* ------------------------------------------------------------------ */

/* A TMF whose response waits until the tasks it took have ended. */
struct ikt_tmf {
	struct list_head node;		/* conn->tmfs */
	struct list_head victims;	/* the tasks, with their list refs */
	u32 itt;
	u8 response;
	bool cold;			/* close once the response is out */
};

static void ikt_tmf_fill(struct ikt_conn *conn, struct ikt_tx *tx,
			 const struct ikt_sn *sn, void *arg)
{
	struct ikt_tmf *tmf = arg;

	ikt_build_tmf_rsp(&tx->bhs, tmf->response, tmf->itt, sn);
}

/* Which tasks an abort takes */
struct ikt_cmd_sel {
	const u8 *lun;			/* NULL: any */
	bool one;			/* only @itt */
	u32 itt;
	const struct ikt_extent *ext;	/* NULL: any */
};

/*
 * Move the tasks @sel names to @victims: from now on they send nothing,
 * their Data-Out is dropped and they leave the command window.
 */
static int ikt_cmd_take(struct ikt_conn *conn, const struct ikt_cmd_sel *sel,
			struct list_head *victims)
{
	struct ikt_cmd *cmd, *tmp;
	int n = 0;

	mutex_lock(&conn->rsp_lock);
	spin_lock_bh(&conn->cmd_lock);
	list_for_each_entry_safe(cmd, tmp, &conn->cmds, node) {
		if (sel->one && cmd->itt != sel->itt)
			continue;
		if (sel->lun &&
		    memcmp(cmd->lun_raw, sel->lun, sizeof(cmd->lun_raw)))
			continue;
		if (sel->ext && cmd->ext != sel->ext)
			continue;
		cmd->aborted = true;
		list_move_tail(&cmd->node, victims);
		n++;
	}
	spin_unlock_bh(&conn->cmd_lock);
	mutex_unlock(&conn->rsp_lock);
	atomic_sub(n, &conn->sess->active_cmds);
	return n;
}

/* End the tasks ikt_cmd_take() took, once none can reach the medium. */
void ikt_cmd_end_taken(struct list_head *victims)
{
	struct ikt_cmd *cmd, *tmp;

	list_for_each_entry_safe(cmd, tmp, victims, node) {
		list_del_init(&cmd->node);
		/* Queued I/O never starts; running I/O is waited for. */
		if (ikt_cmd_quiesce(cmd))
			ikt_cmd_put(cmd);
		ikt_cmd_put(cmd);
	}
}

static int ikt_tmf_take(struct ikt_conn *conn, struct ikt_tmf *tmf, u8 fn,
			const u8 lun[8], u32 ref_itt)
{
	bool all = fn == ISCSI_TMF_TARGET_WARM_RESET ||
		   fn == ISCSI_TMF_TARGET_COLD_RESET;
	struct ikt_cmd_sel sel = {
		.lun = all ? NULL : lun,
		.one = fn == ISCSI_TMF_ABORT_TASK,
		.itt = ref_itt,
	};

	return ikt_cmd_take(conn, &sel, &tmf->victims);
}

void ikt_cmd_take_for_ext(struct ikt_conn *conn, const struct ikt_extent *e,
			  struct list_head *victims)
{
	struct ikt_cmd_sel sel = { .ext = e };

	ikt_cmd_take(conn, &sel, victims);
}

/*
 * RFC 7143 11.5.1: an unknown task whose RefCmdSN is in the window and
 * before the TMF's own CmdSN counts as received (and aborted), else it
 * has already ended.
 */
static bool ikt_tmf_ref_pending(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	u32 ref = get_unaligned_be32(rx->bhs.w32);
	u32 exp = READ_ONCE(conn->sess->exp_cmdsn);

	if (!rx->info.immediate)
		exp--;	/* the TMF itself advanced ExpCmdSN */
	return (s32)(ref - exp) >= 0 && (s32)(ref - rx->info.cmdsn) < 0;
}

static bool ikt_tmf_lun_exists(struct ikt_conn *conn, const u8 lun_raw[8])
{
	struct ikt_extent *e = NULL;
	u64 lun;

	if (ikt_scsi_lun_decode(lun_raw, &lun))
		e = ikt_target_lun_get(conn->sess->target, lun);
	if (!e)
		return false;
	ikt_extent_put(e);
	return true;
}

static void ikt_tmf_lun_reset_ua(struct ikt_conn *conn, const u8 lun_raw[8])
{
	u64 lun;

	if (ikt_scsi_lun_decode(lun_raw, &lun))
		ikt_sessions_raise_ua(conn->sess->target, lun,
				      IKT_ASC_BUS_DEVICE_RESET, NULL);
}

int ikt_cmd_tmf(struct ikt_conn *conn)
{
	struct ikt_rx *rx = &conn->rx;
	u8 fn = rx->bhs.flags & ISCSI_FLAG_FUNC_MASK;
	struct ikt_tmf *tmf;

	tmf = kzalloc(sizeof(*tmf), GFP_KERNEL);
	if (!tmf)
		return -ENOMEM;
	INIT_LIST_HEAD(&tmf->victims);
	tmf->itt = rx->info.itt;
	tmf->response = ISCSI_TMF_RSP_COMPLETE;

	switch (fn) {
	case ISCSI_TMF_ABORT_TASK:
		if (!ikt_tmf_take(conn, tmf, fn, rx->bhs.lun,
				  get_unaligned_be32(rx->bhs.w20)) &&
		    !ikt_tmf_ref_pending(conn))
			tmf->response = ISCSI_TMF_RSP_NO_TASK;
		break;
	case ISCSI_TMF_ABORT_TASK_SET:
	case ISCSI_TMF_CLEAR_TASK_SET:
	case ISCSI_TMF_LUN_RESET:
		if (!ikt_tmf_lun_exists(conn, rx->bhs.lun)) {
			tmf->response = ISCSI_TMF_RSP_NO_LUN;
			break;
		}
		ikt_tmf_take(conn, tmf, fn, rx->bhs.lun, 0);
		/* SAM-5 7.7: every I_T nexus learns of it, ours included. */
		if (fn == ISCSI_TMF_LUN_RESET) {
			ikt_tmf_lun_reset_ua(conn, rx->bhs.lun);
			/* It ends SPC-2 reservations, not persistent ones. */
			ikt_pr_reset(conn->sess->target, rx->bhs.lun);
		}
		break;
	case ISCSI_TMF_TARGET_COLD_RESET:
		tmf->cold = true;
		fallthrough;
	case ISCSI_TMF_TARGET_WARM_RESET:
		/* One connection per session: the target's tasks for us. */
		ikt_tmf_take(conn, tmf, fn, rx->bhs.lun, 0);
		ikt_sessions_raise_reset_ua(conn->sess->target,
					    IKT_ASC_BUS_DEVICE_RESET);
		ikt_pr_reset(conn->sess->target, NULL);
		break;
	default:
		tmf->response = ISCSI_TMF_RSP_NOT_SUPPORTED;
		break;
	}

	/* Waiting for backend I/O must not hold up this connection's I/O. */
	spin_lock_bh(&conn->cmd_lock);
	list_add_tail(&tmf->node, &conn->tmfs);
	spin_unlock_bh(&conn->cmd_lock);
	queue_work(ikt_conn_wq, &conn->tmf_work);
	return 0;
}

/* conn->tmf_work: end the tasks each TMF took, then answer it, in order. */
void ikt_cmd_tmf_work(struct work_struct *work)
{
	struct ikt_conn *conn = container_of(work, struct ikt_conn, tmf_work);
	struct ikt_tmf *tmf;
	struct ikt_tx *tx;

	for (;;) {
		spin_lock_bh(&conn->cmd_lock);
		tmf = list_first_entry_or_null(&conn->tmfs, struct ikt_tmf,
					       node);
		if (tmf)
			list_del(&tmf->node);
		spin_unlock_bh(&conn->cmd_lock);
		if (!tmf)
			return;

		ikt_cmd_end_taken(&tmf->victims);
		tx = ikt_tx_alloc(GFP_KERNEL);
		if (tx) {
			tx->close_after = tmf->cold;
			ikt_tx_queue(conn, tx, ikt_tmf_fill, tmf, true);
		} else {
			ikt_conn_close(conn);
		}
		kfree(tmf);
	}
}

void ikt_cmd_abort_all(struct ikt_conn *conn)
{
	struct ikt_cmd *cmd;

	for (;;) {
		spin_lock_bh(&conn->cmd_lock);
		cmd = list_first_entry_or_null(&conn->cmds, struct ikt_cmd,
					       node);
		if (cmd) {
			list_del_init(&cmd->node);
			cmd->aborted = true;	/* nothing more is sent */
		}
		spin_unlock_bh(&conn->cmd_lock);
		if (!cmd)
			return;
		/* The list's reference keeps it alive while its I/O ends. */
		flush_work(&cmd->work);
		if (cmd->submitted)
			wait_for_completion(&cmd->io_done);
		if (conn->sess)
			atomic_dec(&conn->sess->active_cmds);
		ikt_cmd_put(cmd);
	}
}

int ikt_cmd_init(void)
{
	ikt_cmd_cache = KMEM_CACHE(ikt_cmd, 0);
	return ikt_cmd_cache ? 0 : -ENOMEM;
}

void ikt_cmd_exit(void)
{
	kmem_cache_destroy(ikt_cmd_cache);
}
