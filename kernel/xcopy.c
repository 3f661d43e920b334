// SPDX-License-Identifier: GPL-2.0
/*
 * Third-party copy, the glue half (the emulation is in proto/scsi_xcopy.c).
 *
 * EXTENDED COPY(LID1) copies blocks between LUs of the session's target
 * whose extents have TPC on, one chunk at a time through a bounce buffer,
 * synchronously on ikt_io_wq.  RECEIVE COPY RESULTS (COPY STATUS) reports
 * what a copy of this I_T nexus with a given LIST IDENTIFIER did.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/once.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/slab.h>

#include "config.h"
#include "conn.h"
#include "task.h"

/* Bytes read then written per backend call */
#define IKT_XCOPY_CHUNK		(1024 * 1024)
/*
 * Copy results held for RECEIVE COPY RESULTS, all I_T nexuses together:
 * a fixed table, so nothing outlives the module and an initiator cannot
 * make us allocate.  The oldest finished one makes room for a new copy.
 */
#define IKT_XCOPY_RECORDS	64

struct ikt_xcopy_rec {
	u64 nexus;		/* ikt_xcopy_nexus(); 0: free */
	u64 stamp;		/* when it was claimed: the oldest goes */
	u8 list_id;
	u8 status;		/* COPY MANAGER STATUS */
	u16 segs;		/* SEGMENTS PROCESSED */
	u64 bytes;
};

static DEFINE_MUTEX(ikt_xcopy_lock);
static struct ikt_xcopy_rec ikt_xcopy_recs[IKT_XCOPY_RECORDS];
static u64 ikt_xcopy_stamp;
static siphash_key_t ikt_xcopy_key;

/*
 * The I_T nexus (SAM-5 4.6): the initiator port (iSCSI name and ISID) and
 * the target port (target name and portal group tag), in this session
 * (TSIH): a new login does not see the results of an earlier one, as
 * after an I_T nexus loss.  A keyed hash keeps the table small; a
 * collision needs 2^64 luck.
 */
static u64 ikt_xcopy_nexus(const struct ikt_task *t)
{
	const struct ikt_session *s = t->sess;
	u64 isid = 0, a, b;

	get_random_once(&ikt_xcopy_key, sizeof(ikt_xcopy_key));
	memcpy(&isid, s->isid, sizeof(s->isid));
	a = siphash(s->initiator, strlen(s->initiator), &ikt_xcopy_key);
	b = siphash(s->target->name, strlen(s->target->name), &ikt_xcopy_key);
	return siphash_4u64(a, b, isid << 16 | t->conn->portal_tag, s->tsih,
			    &ikt_xcopy_key) | 1;
}

/* Under ikt_xcopy_lock */
static struct ikt_xcopy_rec *ikt_xcopy_find(u64 nexus, u8 list_id)
{
	unsigned int i;

	for (i = 0; i < IKT_XCOPY_RECORDS; i++)
		if (ikt_xcopy_recs[i].nexus == nexus &&
		    ikt_xcopy_recs[i].list_id == list_id)
			return &ikt_xcopy_recs[i];
	return NULL;
}

/*
 * A copy with @list_id starts: its record says "in progress" until
 * ikt_xcopy_end().  -EBUSY when a copy with that LIST IDENTIFIER is still
 * running for this I_T nexus; *recp is NULL when every record belongs to
 * a running copy, and the copy then runs unrecorded.
 */
static int ikt_xcopy_begin(u64 nexus, u8 list_id, struct ikt_xcopy_rec **recp)
{
	struct ikt_xcopy_rec *r;
	unsigned int i;
	int ret = 0;

	mutex_lock(&ikt_xcopy_lock);
	r = ikt_xcopy_find(nexus, list_id);
	if (r && r->status == IKT_XCOPY_IN_PROGRESS) {
		ret = -EBUSY;
		r = NULL;
	}
	for (i = 0; !ret && !r && i < IKT_XCOPY_RECORDS; i++) {
		struct ikt_xcopy_rec *c = &ikt_xcopy_recs[i];

		if (c->nexus && c->status == IKT_XCOPY_IN_PROGRESS)
			continue;
		if (!r || c->stamp < r->stamp)
			r = c;
	}
	if (r) {
		memset(r, 0, sizeof(*r));
		r->nexus = nexus;
		r->list_id = list_id;
		r->stamp = ++ikt_xcopy_stamp;
	}
	mutex_unlock(&ikt_xcopy_lock);
	*recp = r;
	return ret;
}

static void ikt_xcopy_end(struct ikt_xcopy_rec *r, bool hold, u8 status,
			  u16 segs, u64 bytes)
{
	mutex_lock(&ikt_xcopy_lock);
	if (hold) {
		r->status = status;
		r->segs = segs;
		r->bytes = bytes;
	} else {
		r->nexus = 0;
	}
	mutex_unlock(&ikt_xcopy_lock);
}

/* One segment, chunk by chunk; *done counts the bytes written. */
static void ikt_xcopy_segment(const struct ikt_xcopy_seg *s,
			      struct ikt_extent *src, struct ikt_extent *dst,
			      struct ikt_buf *buf, u64 *done,
			      struct ikt_scsi_result *res)
{
	struct ikt_range r;
	u32 off, n;
	int ret;

	for (off = 0; off < s->bytes; off += n) {
		n = min_t(u32, s->bytes - off, buf->len);
		ikt_gate_plain(&src->gate, &r, s->src_pos + off, n);
		ret = ikt_backend_read(&src->be, buf, n, s->src_pos + off);
		ikt_gate_plain_end(&src->gate, &r);
		if (ret) {
			ikt_scsi_set_sense(res, IKT_SK_COPY_ABORTED,
					   IKT_ASC_UNRECOVERED_READ_ERROR);
			break;
		}
		/* WCE 0 (MODE SELECT): every write goes through, as WRITE's. */
		ikt_gate_plain(&dst->gate, &r, s->dst_pos + off, n);
		ret = ikt_backend_write(&dst->be, buf, n, s->dst_pos + off,
					!READ_ONCE(dst->wce));
		ikt_gate_plain_end(&dst->gate, &r);
		if (ret) {
			ikt_scsi_set_sense(res, IKT_SK_COPY_ABORTED,
					   ret == -ENOSPC || ret == -EDQUOT ?
					   IKT_ASC_SPACE_ALLOC_FAILED :
					   IKT_ASC_WRITE_ERROR);
			break;
		}
		*done += n;
	}
	/*
	 * The destination's space may have changed (a failed write too),
	 * and it need not be the LU that received the command, whose check
	 * cmd.c schedules.
	 */
	if (s->bytes)
		ikt_thin_written(dst);
}

/* The segments, in order; the first failure ends the copy. */
static void ikt_xcopy_run(const struct ikt_xcopy_list *l,
			  struct ikt_extent **ext, struct ikt_xcopy_rec *rec,
			  struct ikt_scsi_result *res)
{
	struct ikt_buf buf = {};
	u32 chunk = 0;
	u64 done = 0;
	unsigned int i;

	for (i = 0; i < l->nsegs; i++)
		chunk = max(chunk, min_t(u32, l->seg[i].bytes,
					 IKT_XCOPY_CHUNK));
	if (chunk && ikt_buf_alloc(&buf, chunk)) {
		ikt_scsi_set_sense(res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		i = 0;
		goto end;
	}
	for (i = 0; i < l->nsegs && res->status == IKT_SAM_GOOD; i++)
		ikt_xcopy_segment(&l->seg[i], ext[l->seg[i].src],
				  ext[l->seg[i].dst], &buf, &done, res);
	/* The segment that failed was not processed. */
	if (res->status != IKT_SAM_GOOD)
		i--;
	ikt_buf_free(&buf);
end:
	if (rec)
		ikt_xcopy_end(rec, l->list_id_usage == IKT_XCOPY_LID_HOLD,
			      res->status == IKT_SAM_GOOD ? IKT_XCOPY_DONE :
			      IKT_XCOPY_DONE_ERRORS, i, done);
}

/* Look up the LUs the CSCD descriptors name, among the target's LUNs. */
static void ikt_xcopy_resolve(struct ikt_task *t,
			      const struct ikt_xcopy_list *l,
			      struct ikt_extent **ext, struct ikt_xcopy_lu *lus)
{
	unsigned int i;

	for (i = 0; i < l->ncscds; i++) {
		struct ikt_extent *e;

		e = ikt_target_lu_by_naa(t->sess->target, l->cscd[i].naa);
		ext[i] = e;
		if (!e)
			continue;
		/*
		 * Offload is the extent's own choice, for either end; a LU
		 * being sanitized is out of reach.
		 */
		lus[i].found = ikt_extent_io_begin(e) && READ_ONCE(e->tpc);
		lus[i].read_only = e->read_only || READ_ONCE(e->swp);
		lus[i].block_size = e->block_size;
		lus[i].nblocks = READ_ONCE(e->be.size) / e->block_size;
	}
}

void ikt_task_extended_copy(struct ikt_task *t)
{
	struct ikt_extent *ext[IKT_XCOPY_MAX_CSCDS] = {};
	struct ikt_xcopy_lu lus[IKT_XCOPY_MAX_CSCDS] = {};
	struct ikt_xcopy_rec *rec = NULL;
	struct ikt_xcopy_list *l;
	unsigned int i;
	u8 *param;

	l = kmalloc(sizeof(*l), GFP_KERNEL);
	param = kmalloc(t->param_len, GFP_KERNEL);
	if (!l || !param) {
		ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		goto out;
	}
	ikt_buf_copy_out(t->param, 0, param, t->param_len);
	if (ikt_xcopy_parse(param, t->param_len, l, t->res))
		goto out;
	ikt_xcopy_resolve(t, l, ext, lus);
	if (ikt_xcopy_check(l, lus, t->res))
		goto out;
	if (l->list_id_usage != IKT_XCOPY_LID_NONE &&
	    ikt_xcopy_begin(ikt_xcopy_nexus(t), l->list_id, &rec)) {
		ikt_scsi_set_sense(t->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_OPERATION_IN_PROGRESS);
		goto out;
	}
	ikt_xcopy_run(l, ext, rec, t->res);
out:
	for (i = 0; i < ARRAY_SIZE(ext); i++) {
		if (ext[i])
			ikt_extent_io_end(ext[i]);
		ikt_extent_put(ext[i]);
	}
	kfree(param);
	kfree(l);
}

/* RECEIVE COPY RESULTS, COPY STATUS (SPC-4 6.18.3) */
void ikt_task_receive_copy_results(struct ikt_task *t)
{
	u32 alloc = get_unaligned_be32(t->cdb + 10);
	u64 nexus = ikt_xcopy_nexus(t);
	u8 data[IKT_XCOPY_STATUS_LEN];
	struct ikt_xcopy_rec *r;
	u32 len;

	len = min_t(u32, alloc, sizeof(data));
	mutex_lock(&ikt_xcopy_lock);
	r = ikt_xcopy_find(nexus, t->cdb[2]);
	if (r) {
		ikt_xcopy_status_build(data, r->status, r->segs, r->bytes);
		/*
		 * SPC-4 6.18.3: the status of a finished copy is discarded
		 * once all of it has been transferred.
		 */
		if (r->status != IKT_XCOPY_IN_PROGRESS && len == sizeof(data))
			r->nexus = 0;
	}
	mutex_unlock(&ikt_xcopy_lock);
	/* No copy of this I_T nexus has that LIST IDENTIFIER. */
	if (!r) {
		ikt_scsi_invalid_cdb_field(t->res, 2, -1);
		return;
	}
	if (!len)
		return;
	if (ikt_buf_alloc(&t->data_in, len)) {
		ikt_scsi_set_sense(t->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		return;
	}
	ikt_buf_copy_in(&t->data_in, 0, data, len);
	t->res->data_len = len;
}
