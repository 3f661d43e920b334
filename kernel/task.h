/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands the glue carries out itself (IKT_SCSI_GLUE): those that need
 * the LU's shared state (reservations, copy operations), several backend
 * calls (UNMAP, COMPARE AND WRITE) or change the LU (MODE SELECT).
 *
 * The emulation has validated the CDB; cmd.c has collected the data-out
 * the emulation asked for.  Then the opcode's handler runs once, in
 * process context on ikt_io_wq (it may sleep and do I/O), and fills the
 * result: on entry t->res says COMPLETE, GOOD, no data.  A handler that
 * answers with data-in allocates t->data_in (ikt_buf_alloc), fills it and
 * sets res->data_len, already cut to the CDB's ALLOCATION LENGTH.
 */
#ifndef ISCSIKT_TASK_H
#define ISCSIKT_TASK_H

#include "buf.h"
#include "scsi.h"

struct ikt_conn;
struct ikt_session;
struct ikt_extent;

struct ikt_task {
	struct ikt_conn *conn;
	struct ikt_session *sess;	/* the I_T nexus */
	struct ikt_extent *ext;		/* the LU (held by the command) */
	u64 lun;
	const u8 *cdb;			/* IKT_SCSI_CDB_MAX bytes */
	const struct ikt_buf *param;	/* the data-out; param_len bytes */
	u32 param_len;			/* what arrived: <= res->data_out_len */
	struct ikt_scsi_result *res;
	struct ikt_buf data_in;		/* empty on entry */
	/*
	 * Set (READ_ONCE) when a TMF or the connection's end takes the
	 * command: nothing will be sent, and a handler that waits long
	 * (SANITIZE) returns.
	 */
	const bool *aborted;
};

typedef void ikt_task_fn(struct ikt_task *t);

/*
 * The sense for a backend error @err of a read or (@write) a write: a
 * full filesystem is SPACE ALLOCATION FAILED WRITE PROTECT, as thin
 * storage says it; no memory is an internal target failure; anything
 * else is a MEDIUM ERROR.
 */
void ikt_task_backend_error(struct ikt_scsi_result *res, int err, bool write);

/* cmd.c: MODE SELECT(6)/(10) */
ikt_task_fn ikt_task_mode_select;
/* rmw.c */
ikt_task_fn ikt_task_compare_and_write, ikt_task_orwrite,
	    ikt_task_write_atomic, ikt_task_prefetch;

/* thin.c: UNMAP, WRITE SAME(10)/(16), GET LBA STATUS */
ikt_task_fn ikt_task_unmap, ikt_task_write_same, ikt_task_get_lba_status;
/* thin.c: the provisioning and WRITE SAME limits of @e, into @lu */
void ikt_thin_lu_info(const struct ikt_extent *e, struct ikt_lu_info *lu);
/* thin.c: LOG SENSE's provisioning counts of @e, fresh, into @lu */
void ikt_thin_log_info(struct ikt_extent *e, struct ikt_lu_info *lu);
/* xcopy.c: EXTENDED COPY(LID1), RECEIVE COPY RESULTS COPY STATUS */
ikt_task_fn ikt_task_extended_copy, ikt_task_receive_copy_results;
/* pr.c: PERSISTENT RESERVE IN/OUT, RESERVE/RELEASE(6)/(10) */
ikt_task_fn ikt_task_pr;
/* sanitize.c: SANITIZE OVERWRITE and EXIT FAILURE MODE */
ikt_task_fn ikt_task_sanitize;
/*
 * thin.c: the @bs-byte @block over @nblocks blocks at @lba, a chunk at a
 * time, each held in the gate; durable when the LU's write cache is off.
 */
int ikt_thin_write_pattern(struct ikt_extent *e, const u8 *block, u64 lba,
			   u64 nblocks);

#endif /* ISCSIKT_TASK_H */
