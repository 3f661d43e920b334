// SPDX-License-Identifier: GPL-2.0
/*
 * SCSI command decoding and dispatch: one table row per command, one small
 * handler per command.  Media commands are validated and turned into a
 * struct ikt_scsi_io; everything else is answered here.
 */
#include "scsi.h"

#define CTRL_NACA		0x04
/* CONTROL byte bits 7-6 are vendor specific: never ours to reject. */
#define CTRL_VENDOR		0xc0
#define LUN_FLAT_MAX		0x3fff
#define U32_LIMIT		0xffffffffU
#define RSOC_DESC_LEN		8
#define RSOC_TIMEOUTS_LEN	12
/* REPORT LUNS well-known LU: extended addressing, W-LUN 01h (SAM-5 4.7.7) */
#define WLUN_REPORT_LUNS_0	0xc1
#define WLUN_REPORT_LUNS_1	0x01
/* SELECT REPORT (SPC-4 6.33) */
#define SELECT_NO_WLUNS		0x00
#define SELECT_WLUNS_ONLY	0x01
#define SELECT_ALL		0x02

static void handle_good(const struct ikt_scsi_cmd_in *in,
			const struct ikt_scsi_cmd_desc *d,
			struct ikt_scsi_result *res)
{
}

bool ikt_scsi_lba_range_ok(const struct ikt_lu_info *lu, u64 lba, u64 n)
{
	/* The LBA itself must exist even when no block is transferred. */
	return lba < lu->nblocks && n <= lu->nblocks - lba;
}

static void lba_out_of_range(struct ikt_scsi_result *res)
{
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_LBA_OUT_OF_RANGE);
}

/*
 * The LBA and TRANSFER LENGTH of every media CDB sit at fixed places for
 * its length; returns the offset of the TRANSFER LENGTH field.
 */
static u8 media_lba_len(const u8 *cdb, u8 cdb_len, u64 *lba, u32 *n)
{
	switch (cdb_len) {
	case 6:
		*lba = get_unaligned_be24(cdb + 1) & 0x1fffff;
		/* SBC-3 5.16: READ(6)/WRITE(6) length 0 means 256 blocks */
		*n = cdb[4] ? cdb[4] : 256;
		return 4;
	case 10:
		*lba = get_unaligned_be32(cdb + 2);
		*n = get_unaligned_be16(cdb + 7);
		return 7;
	case 12:
		*lba = get_unaligned_be32(cdb + 2);
		*n = get_unaligned_be32(cdb + 6);
		return 6;
	default:
		*lba = get_unaligned_be64(cdb + 2);
		*n = get_unaligned_be32(cdb + 10);
		return 10;
	}
}

static void submit_io(const struct ikt_scsi_cmd_in *in,
		      struct ikt_scsi_result *res, enum ikt_scsi_io_op op,
		      u64 lba, u32 n)
{
	struct ikt_scsi_io *io = &res->io;

	res->action = IKT_SCSI_SUBMIT_IO;
	io->op = op;
	io->lba = lba;
	io->nblocks = n;
	io->bytes = op == IKT_IO_SYNC ? 0 : (u64)n * in->lu->block_size;
	io->dir = op == IKT_IO_READ ? IKT_SCSI_DIR_READ :
		  op == IKT_IO_SYNC ? IKT_SCSI_DIR_NONE : IKT_SCSI_DIR_WRITE;
}

/* READ, WRITE, WRITE AND VERIFY and VERIFY of every length */
static void handle_media(const struct ikt_scsi_cmd_in *in,
			 const struct ikt_scsi_cmd_desc *d,
			 struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	const u8 *cdb = in->cdb;
	enum ikt_scsi_io_op op = d->io_op;
	bool has_data = true;
	u8 len_off;
	u64 lba;
	u32 n;

	len_off = media_lba_len(cdb, d->cdb_len, &lba, &n);
	if (op == IKT_IO_VERIFY) {
		u8 bytchk = (cdb[1] >> 1) & 3;

		/* 10b is reserved; 11b (one block against each) unsupported */
		if (bytchk > 1) {
			ikt_scsi_invalid_cdb_field(res, 1, 2);
			return;
		}
		has_data = bytchk;
	}
	if (has_data && lu->max_xfer_blocks && n > lu->max_xfer_blocks) {
		ikt_scsi_invalid_cdb_field(res, len_off, -1);
		return;
	}
	if (!ikt_scsi_lba_range_ok(lu, lba, n)) {
		lba_out_of_range(res);
		return;
	}
	/*
	 * Nothing to move: no blocks, or a VERIFY without byte compare, which
	 * has no medium errors to find on a file or block device.
	 */
	if (!n || !has_data)
		return;
	submit_io(in, res, op, lba, n);
	if (d->cdb_len > 6) {
		res->io.dpo = cdb[1] & 0x10;
		/* Verification reads the medium, so the write must reach it. */
		res->io.fua = (cdb[1] & 0x08) || op == IKT_IO_WRITE_VERIFY;
	}
}

static void handle_sync_cache(const struct ikt_scsi_cmd_in *in,
			      const struct ikt_scsi_cmd_desc *d,
			      struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u64 lba;
	u32 n;

	media_lba_len(in->cdb, d->cdb_len, &lba, &n);
	if (!ikt_scsi_lba_range_ok(lu, lba, n)) {
		lba_out_of_range(res);
		return;
	}
	/* NUMBER OF BLOCKS 0: from lba to the end of the medium */
	if (!n)
		n = (u32)min_t(u64, lu->nblocks - lba, 0xffffffffULL);
	submit_io(in, res, IKT_IO_SYNC, lba, n);
}

static void handle_read_capacity10(const struct ikt_scsi_cmd_in *in,
				   const struct ikt_scsi_cmd_desc *d,
				   struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u64 last = lu->nblocks ? lu->nblocks - 1 : 0;

	/* 0xffffffff tells the initiator to ask READ CAPACITY(16). */
	put_unaligned_be32((u32)min_t(u64, last, 0xffffffffULL), in->buf);
	put_unaligned_be32(lu->block_size, in->buf + 4);
	res->data_full = 8;
}

static void handle_read_capacity16(const struct ikt_scsi_cmd_in *in,
				   const struct ikt_scsi_cmd_desc *d,
				   struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u8 *p = in->buf;

	put_unaligned_be64(lu->nblocks ? lu->nblocks - 1 : 0, p);
	put_unaligned_be32(lu->block_size, p + 8);
	/* P_TYPE, PROT_EN 0: no protection information */
	p[13] = lu->pb_exp & 0xf;
	if (lu->thin)
		p[14] = 0xc0;	/* LBPME, LBPRZ: unmapped blocks read zeros */
	res->data_full = 32;
}

void ikt_scsi_lun_encode(u64 lun, u8 out[8])
{
	memset(out, 0, 8);
	if (lun < 256) {
		out[1] = lun;	/* peripheral device addressing, bus 0 */
	} else {
		out[0] = 0x40 | ((lun >> 8) & 0x3f);	/* flat space */
		out[1] = lun & 0xff;
	}
}

bool ikt_scsi_lun_decode(const u8 in[8], u64 *lun)
{
	u8 method = in[0] >> 6;
	int i;

	for (i = 2; i < 8; i++)
		if (in[i])
			return false;
	if (method == 0 && in[0] == 0)
		*lun = in[1];
	else if (method == 1)
		*lun = (u64)(in[0] & 0x3f) << 8 | in[1];
	else
		return false;
	return true;
}

bool ikt_scsi_lun_is_report_wlun(const u8 in[8])
{
	static const u8 wlun[8] = { WLUN_REPORT_LUNS_0, WLUN_REPORT_LUNS_1 };

	return !memcmp(in, wlun, sizeof(wlun));
}

/*
 * SELECT REPORT 10h-12h ask about administrative LUs of conglomerates,
 * which a target without conglomerates cannot answer meaningfully; they
 * and the reserved codes are INVALID FIELD IN CDB.
 */
static void handle_report_luns(const struct ikt_scsi_cmd_in *in,
			       const struct ikt_scsi_cmd_desc *d,
			       struct ikt_scsi_result *res)
{
	u8 select = in->cdb[2];
	u32 off = 8, i;

	if (get_unaligned_be32(in->cdb + 6) < 16) {
		ikt_scsi_invalid_cdb_field(res, 6, -1);
		return;
	}
	if (select > SELECT_ALL) {
		ikt_scsi_invalid_cdb_field(res, 2, -1);
		return;
	}
	/* LUN LIST LENGTH is 32 bits: an absurd list stops before it wraps */
	for (i = 0; select != SELECT_WLUNS_ONLY && i < in->nluns &&
	     off <= U32_LIMIT - 16; i++) {
		if (in->luns[i] > LUN_FLAT_MAX)
			continue;
		/* A list longer than the buffer is counted, not written. */
		if (off + 8 <= in->buf_len)
			ikt_scsi_lun_encode(in->luns[i], in->buf + off);
		off += 8;
	}
	if (select != SELECT_NO_WLUNS) {
		if (off + 8 <= in->buf_len) {
			in->buf[off] = WLUN_REPORT_LUNS_0;
			in->buf[off + 1] = WLUN_REPORT_LUNS_1;
		}
		off += 8;
	}
	put_unaligned_be32(off - 8, in->buf);
	res->data_full = off;
}

static void handle_request_sense(const struct ikt_scsi_cmd_in *in,
				 const struct ikt_scsi_cmd_desc *d,
				 struct ikt_scsi_result *res)
{
	struct ikt_scsi_sense none = {
		.key = IKT_SK_NO_SENSE,
		.asc = IKT_ASC_NONE,
	};
	const struct ikt_scsi_sense *s = in->pending_sense;
	struct ikt_scsi_sense sanitize;

	/* No unit attention pending: a sanitize's progress or failure */
	if (!s && in->lu && ikt_scsi_sanitize_sense(in->lu, &sanitize))
		s = &sanitize;
	if (!s && !in->lu) {
		none.key = IKT_SK_ILLEGAL_REQUEST;
		none.asc = IKT_ASC_LUN_NOT_SUPPORTED;
	}
	res->data_full = ikt_scsi_build_sense(s ? s : &none, in->cdb[1] & 1,
					      in->buf, IKT_SCSI_SENSE_MAX);
}

/*
 * START STOP UNIT (SBC-3 5.25): a disk that is always spinning.  START 0
 * is accepted (nothing stops); the medium cannot be loaded or ejected, and
 * no power condition is implemented.
 */
static void handle_start_stop(const struct ikt_scsi_cmd_in *in,
			      const struct ikt_scsi_cmd_desc *d,
			      struct ikt_scsi_result *res)
{
	const u8 *cdb = in->cdb;

	if (cdb[4] & 0xf0)
		ikt_scsi_invalid_cdb_field(res, 4, ikt_scsi_top_bit(cdb[4]));
	else if (cdb[3] & 0x0f)		/* POWER CONDITION MODIFIER */
		ikt_scsi_invalid_cdb_field(res, 3, ikt_scsi_top_bit(cdb[3]));
	else if (cdb[4] & 0x02)		/* LOEJ: the medium is not removable */
		ikt_scsi_invalid_cdb_field(res, 4, 1);
}

/*
 * READ DEFECT DATA(10)/(12) (SBC-3 5.12, 5.13): the defect lists are
 * empty, which every address descriptor format can express; 110b is
 * vendor specific and 111b reserved.
 */
static void handle_read_defect(const struct ikt_scsi_cmd_in *in,
			       const struct ikt_scsi_cmd_desc *d,
			       struct ikt_scsi_result *res)
{
	u8 req = in->cdb[d->cdb_len == 10 ? 2 : 1];

	if ((req & 0x07) > 5) {
		ikt_scsi_invalid_cdb_field(res, d->cdb_len == 10 ? 2 : 1, 2);
		return;
	}
	/* PLISTV, GLISTV: the lists asked for are valid (and empty). */
	in->buf[1] = req & 0x1f;
	res->data_full = d->cdb_len == 10 ? 4 : 8;
}

/* REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-4 6.40) */
static void handle_report_tmfs(const struct ikt_scsi_cmd_in *in,
			       const struct ikt_scsi_cmd_desc *d,
			       struct ikt_scsi_result *res)
{
	if (get_unaligned_be32(in->cdb + 6) < 4) {
		ikt_scsi_invalid_cdb_field(res, 6, -1);
		return;
	}
	/*
	 * ABORT TASK, ABORT TASK SET, CLEAR TASK SET, LOGICAL UNIT RESET:
	 * what the iSCSI layer serves; QUERY TASK and I_T NEXUS RESET are not.
	 */
	in->buf[0] = 0xd8;
	res->data_full = 4;
	if (in->cdb[2] & 0x80) {	/* REPD: extended format, no timeouts */
		in->buf[3] = 0x0c;
		res->data_full = 16;
	}
}

static ikt_scsi_handler_t handle_report_opcodes;

/*
 * Sorted by opcode, then service action: REPORT SUPPORTED OPERATION CODES
 * lists them in this order.  Columns: opcode, service action, CDB length,
 * flags, ALLOCATION LENGTH offset and size, I/O op, handler, usage bits.
 */
static const struct ikt_scsi_cmd_desc scsi_cmds[] = {
	{ 0x00, 0, 6, IKT_CMDF_WLUN, 0, 0, 0, handle_good, /* TEST UNIT READY */
	  { 0x00, 0, 0, 0, 0, CTRL_NACA } },
	{ 0x03, 0, 6, IKT_CMDF_DATA_IN | IKT_CMDF_NO_LU | IKT_CMDF_WLUN, 4, 1, 0,
	  handle_request_sense,				/* REQUEST SENSE */
	  { 0x03, 0x01, 0, 0, 0xff, CTRL_NACA } },
	{ 0x08, 0, 6, 0, 0, 0, IKT_IO_READ, handle_media,	/* READ(6) */
	  { 0x08, 0x1f, 0xff, 0xff, 0xff, CTRL_NACA } },
	{ 0x0a, 0, 6, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE, handle_media,
	  { 0x0a, 0x1f, 0xff, 0xff, 0xff, CTRL_NACA } },	/* WRITE(6) */
	{ 0x12, 0, 6, IKT_CMDF_DATA_IN | IKT_CMDF_NO_LU | IKT_CMDF_WLUN, 3, 2, 0,
	  ikt_scsi_inquiry,				/* INQUIRY */
	  { 0x12, 0x01, 0xff, 0xff, 0xff, CTRL_NACA } },
	{ 0x15, 0, 6, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_mode_select_cdb,
	  { 0x15, 0x11, 0, 0, 0xff, CTRL_NACA } },	/* MODE SELECT(6) */
	{ 0x16, 0, 6, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_pr_spc2_cdb,
	  { 0x16, 0, 0, 0, 0, CTRL_NACA } },		/* RESERVE(6) */
	{ 0x17, 0, 6, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_pr_spc2_cdb,
	  { 0x17, 0, 0, 0, 0, CTRL_NACA } },		/* RELEASE(6) */
	{ 0x1a, 0, 6, IKT_CMDF_DATA_IN, 4, 1, 0, ikt_scsi_mode_sense,
	  { 0x1a, 0x08, 0xff, 0xff, 0xff, CTRL_NACA } },	/* MODE SENSE(6) */
	{ 0x1b, 0, 6, 0, 0, 0, 0, handle_start_stop,	/* START STOP UNIT */
	  { 0x1b, 0x01, 0x00, 0x0f, 0xf7, CTRL_NACA } },
	{ 0x1e, 0, 6, 0, 0, 0, 0, handle_good,	/* PREVENT ALLOW MEDIUM REMOVAL */
	  { 0x1e, 0, 0, 0, 0x01, CTRL_NACA } },
	{ 0x25, 0, 10, IKT_CMDF_DATA_IN, 0, 0, 0, handle_read_capacity10,
	  { 0x25, 0x00, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x01, CTRL_NACA } },
	{ 0x28, 0, 10, 0, 0, 0, IKT_IO_READ, handle_media,	/* READ(10) */
	  { 0x28, 0x1a, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },
	{ 0x2a, 0, 10, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE, handle_media,
	  { 0x2a, 0x1a, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },				/* WRITE(10) */
	{ 0x2e, 0, 10, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE_VERIFY, handle_media,
	  { 0x2e, 0x12, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },			/* WRITE AND VERIFY(10) */
	{ 0x2f, 0, 10, 0, 0, 0, IKT_IO_VERIFY, handle_media,	/* VERIFY(10) */
	  { 0x2f, 0x16, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },
	{ 0x34, 0, 10, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_prefetch,
	  { 0x34, 0x02, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },			/* PRE-FETCH(10) */
	{ 0x35, 0, 10, 0, 0, 0, 0, handle_sync_cache,
	  { 0x35, 0x06, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },			/* SYNCHRONIZE CACHE(10) */
	{ 0x37, 0, 10, IKT_CMDF_DATA_IN, 7, 2, 0, handle_read_defect,
	  { 0x37, 0, 0x1f, 0, 0, 0, 0, 0xff, 0xff,
	    CTRL_NACA } },			/* READ DEFECT DATA(10) */
	{ 0x41, 0, 10, IKT_CMDF_WRITE | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_write_same,			/* WRITE SAME(10) */
	  { 0x41, 0x08, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff,
	    CTRL_NACA } },
	{ 0x42, 0, 10, IKT_CMDF_WRITE | IKT_CMDF_GLUE | IKT_CMDF_THIN, 0, 0,
	  0, ikt_scsi_unmap,				/* UNMAP */
	  { 0x42, 0, 0, 0, 0, 0, 0x1f, 0xff, 0xff, CTRL_NACA } },
	{ IKT_OP_SANITIZE, IKT_SANITIZE_OVERWRITE, 10,
	  IKT_CMDF_SA | IKT_CMDF_WRITE | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_sanitize,			/* SANITIZE OVERWRITE */
	  { IKT_OP_SANITIZE, 0xa1, 0, 0, 0, 0, 0, 0xff, 0xff, CTRL_NACA } },
	{ IKT_OP_SANITIZE, IKT_SANITIZE_EXIT_FAILURE, 10,
	  IKT_CMDF_SA | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_sanitize,		/* SANITIZE EXIT FAILURE MODE */
	  { IKT_OP_SANITIZE, 0xbf, 0, 0, 0, 0, 0, 0xff, 0xff, CTRL_NACA } },
	{ IKT_OP_LOG_SENSE, 0, 10, IKT_CMDF_DATA_IN, 7, 2, 0,
	  ikt_scsi_log_sense,				/* LOG SENSE */
	  { IKT_OP_LOG_SENSE, 0, 0xff, 0xff, 0, 0xff, 0xff, 0xff, 0xff,
	    CTRL_NACA } },
	{ 0x55, 0, 10, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_mode_select_cdb,
	  { 0x55, 0x11, 0, 0, 0, 0, 0, 0xff, 0xff,
	    CTRL_NACA } },			/* MODE SELECT(10) */
	{ 0x56, 0, 10, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_pr_spc2_cdb,
	  { 0x56, 0, 0, 0, 0, 0, 0, 0, 0, CTRL_NACA } },	/* RESERVE(10) */
	{ 0x57, 0, 10, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_pr_spc2_cdb,
	  { 0x57, 0, 0, 0, 0, 0, 0, 0, 0, CTRL_NACA } },	/* RELEASE(10) */
	{ 0x5a, 0, 10, IKT_CMDF_DATA_IN, 7, 2, 0, ikt_scsi_mode_sense,
	  { 0x5a, 0x18, 0xff, 0xff, 0, 0, 0, 0xff, 0xff,
	    CTRL_NACA } },			/* MODE SENSE(10) */
	{ 0x5e, 0, 10, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_pr_in_cdb,
	  { 0x5e, 0x1f, 0, 0, 0, 0, 0, 0xff, 0xff,
	    CTRL_NACA } },			/* PERSISTENT RESERVE IN */
	{ 0x5f, 0, 10, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_pr_out_cdb,
	  { 0x5f, 0x1f, 0xff, 0, 0, 0xff, 0xff, 0xff, 0xff,
	    CTRL_NACA } },			/* PERSISTENT RESERVE OUT */
	{ 0x83, 0x00, 16, IKT_CMDF_SA | IKT_CMDF_GLUE | IKT_CMDF_TPC, 0, 0, 0,
	  ikt_scsi_extended_copy,		/* EXTENDED COPY(LID1) */
	  { 0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },
	{ 0x84, 0x00, 16, IKT_CMDF_SA | IKT_CMDF_GLUE | IKT_CMDF_TPC, 0, 0, 0,
	  ikt_scsi_receive_copy_results,	/* RECEIVE COPY STATUS(LID1) */
	  { 0x84, 0x00, 0xff, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },
	{ 0x84, 0x03, 16, IKT_CMDF_SA | IKT_CMDF_DATA_IN | IKT_CMDF_TPC,
	  10, 4, 0, ikt_scsi_receive_copy_results,
	  { 0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },		/* RECEIVE COPY OPERATING PARAMETERS */
	{ 0x88, 0, 16, 0, 0, 0, IKT_IO_READ, handle_media,	/* READ(16) */
	  { 0x88, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x89, 0, 16, IKT_CMDF_WRITE | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_compare_and_write,		/* COMPARE AND WRITE */
	  { 0x89, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0, 0, 0, 0xff, 0x1f, CTRL_NACA } },
	{ 0x8a, 0, 16, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE, handle_media,
	  { 0x8a, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },	/* WRITE(16) */
	{ 0x8b, 0, 16, IKT_CMDF_WRITE | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_orwrite,				/* ORWRITE(16) */
	  { 0x8b, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x8e, 0, 16, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE_VERIFY, handle_media,
	  { 0x8e, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x8f, 0, 16, 0, 0, 0, IKT_IO_VERIFY, handle_media,	/* VERIFY(16) */
	  { 0x8f, 0x16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x90, 0, 16, IKT_CMDF_GLUE, 0, 0, 0, ikt_scsi_prefetch,
	  { 0x90, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },	/* PRE-FETCH(16) */
	{ 0x91, 0, 16, 0, 0, 0, 0, handle_sync_cache,
	  { 0x91, 0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x93, 0, 16, IKT_CMDF_WRITE | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_write_same,			/* WRITE SAME(16) */
	  { 0x93, 0x09, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x9c, 0, 16, IKT_CMDF_WRITE | IKT_CMDF_GLUE, 0, 0, 0,
	  ikt_scsi_write_atomic,			/* WRITE ATOMIC(16) */
	  { 0x9c, 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0, 0, 0xff, 0xff, 0x1f, CTRL_NACA } },
	{ 0x9e, 0x10, 16, IKT_CMDF_SA | IKT_CMDF_DATA_IN, 10, 4, 0,
	  handle_read_capacity16,		/* SERVICE ACTION IN(16) */
	  { 0x9e, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x01, CTRL_NACA } },
	{ 0x9e, 0x12, 16, IKT_CMDF_SA | IKT_CMDF_DATA_IN | IKT_CMDF_GLUE, 10,
	  4, 0, ikt_scsi_get_lba_status,	/* GET LBA STATUS */
	  { 0x9e, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0, CTRL_NACA } },
	{ 0xa0, 0, 12, IKT_CMDF_DATA_IN | IKT_CMDF_NO_LU | IKT_CMDF_WLUN, 6, 4,
	  0,
	  handle_report_luns,				/* REPORT LUNS */
	  { 0xa0, 0, 0xff, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },
	{ 0xa3, 0x0a, 12, IKT_CMDF_SA | IKT_CMDF_DATA_IN | IKT_CMDF_ALUA,
	  6, 4, 0, ikt_scsi_report_tpgs,		/* MAINTENANCE IN */
	  { 0xa3, 0x2a, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },		/* REPORT TARGET PORT GROUPS */
	{ 0xa3, 0x0c, 12, IKT_CMDF_SA | IKT_CMDF_DATA_IN | IKT_CMDF_NO_LU,
	  6, 4, 0, handle_report_opcodes,		/* MAINTENANCE IN */
	  { 0xa3, 0x0c, 0x87, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },
	{ 0xa3, 0x0d, 12, IKT_CMDF_SA | IKT_CMDF_DATA_IN, 6, 4, 0,
	  handle_report_tmfs,				/* MAINTENANCE IN */
	  { 0xa3, 0x0d, 0x80, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },
	{ 0xa4, 0x0a, 12, IKT_CMDF_SA | IKT_CMDF_GLUE | IKT_CMDF_ALUA,
	  0, 0, 0, ikt_scsi_set_tpgs,			/* MAINTENANCE OUT */
	  { 0xa4, 0x0a, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0,
	    CTRL_NACA } },		/* SET TARGET PORT GROUPS */
	{ 0xa8, 0, 12, 0, 0, 0, IKT_IO_READ, handle_media,	/* READ(12) */
	  { 0xa8, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0x1f, CTRL_NACA } },
	{ 0xaa, 0, 12, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE, handle_media,
	  { 0xaa, 0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0x1f, CTRL_NACA } },			/* WRITE(12) */
	{ 0xae, 0, 12, IKT_CMDF_WRITE, 0, 0, IKT_IO_WRITE_VERIFY, handle_media,
	  { 0xae, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0x1f, CTRL_NACA } },
	{ 0xaf, 0, 12, 0, 0, 0, IKT_IO_VERIFY, handle_media,	/* VERIFY(12) */
	  { 0xaf, 0x16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0x1f, CTRL_NACA } },
	{ 0xb7, 0, 12, IKT_CMDF_DATA_IN, 6, 4, 0, handle_read_defect,
	  { 0xb7, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0, CTRL_NACA } },			/* READ DEFECT DATA(12) */
};

/* A command the glue cannot carry out does not exist for the initiator. */
static bool cmd_usable(const struct ikt_scsi_cmd_in *in,
		       const struct ikt_scsi_cmd_desc *d)
{
	if (in->lu && in->lu->wlun)
		return d->flags & IKT_CMDF_WLUN;
	if ((d->flags & IKT_CMDF_ALUA) && !(in->lu && in->lu->alua))
		return false;
	/*
	 * UNMAP exists where blocks can be given back, and on a read-only LU,
	 * which refuses it like every other writer (WRITE PROTECTED).
	 */
	if ((d->flags & IKT_CMDF_THIN) &&
	    !(in->lu && (in->lu->thin || in->lu->read_only)))
		return false;
	if ((d->flags & IKT_CMDF_TPC) && !(in->lu && in->lu->tpc))
		return false;
	return !(d->flags & IKT_CMDF_GLUE) || in->glue;
}

static const struct ikt_scsi_cmd_desc *find_cmd(const struct ikt_scsi_cmd_in *in,
						u8 opcode, u8 sa,
						bool *opcode_known)
{
	unsigned int i;

	*opcode_known = false;
	for (i = 0; i < ARRAY_SIZE(scsi_cmds); i++) {
		const struct ikt_scsi_cmd_desc *d = &scsi_cmds[i];

		if (d->opcode != opcode || !cmd_usable(in, d))
			continue;
		*opcode_known = true;
		if (!(d->flags & IKT_CMDF_SA) || d->sa == sa)
			return d;
	}
	return NULL;
}

/* One command descriptor (SPC-4 6.35.3), 8 or 20 bytes with timeouts */
static u32 put_opcode_desc(const struct ikt_scsi_cmd_desc *d, bool rctd,
			   u8 *p)
{
	p[0] = d->opcode;
	put_unaligned_be16(d->sa, p + 2);
	p[5] = (rctd ? 0x02 : 0) | (d->flags & IKT_CMDF_SA ? 0x01 : 0);
	put_unaligned_be16(d->cdb_len, p + 6);
	if (!rctd)
		return RSOC_DESC_LEN;
	/* Timeouts descriptor: zero timeouts mean "not specified". */
	put_unaligned_be16(RSOC_TIMEOUTS_LEN - 2, p + RSOC_DESC_LEN);
	return RSOC_DESC_LEN + RSOC_TIMEOUTS_LEN;
}

static void report_all_opcodes(const struct ikt_scsi_cmd_in *in, bool rctd,
			       struct ikt_scsi_result *res)
{
	u32 off = 4;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(scsi_cmds); i++)
		if (cmd_usable(in, &scsi_cmds[i]))
			off += put_opcode_desc(&scsi_cmds[i], rctd,
					       in->buf + off);
	put_unaligned_be32(off - 4, in->buf);
	res->data_full = off;
}

/* REPORTING OPTIONS 1, 2 and 3: the one command the CDB names */
static void report_one_opcode(const struct ikt_scsi_cmd_in *in, u8 options,
			      bool rctd, struct ikt_scsi_result *res)
{
	const u8 *cdb = in->cdb;
	u16 req_sa = get_unaligned_be16(cdb + 4);
	const struct ikt_scsi_cmd_desc *d = NULL;
	unsigned int i;
	bool has_sa = false, known = false;
	u8 *p = in->buf;

	for (i = 0; i < ARRAY_SIZE(scsi_cmds); i++) {
		if (scsi_cmds[i].opcode != cdb[3] ||
		    !cmd_usable(in, &scsi_cmds[i]))
			continue;
		known = true;
		has_sa = scsi_cmds[i].flags & IKT_CMDF_SA;
		if (!has_sa || scsi_cmds[i].sa == req_sa) {
			d = &scsi_cmds[i];
			break;
		}
	}
	/* 1 names an opcode without service actions, 2 one with them. */
	if ((options == 1 && has_sa) || (options == 2 && known && !has_sa)) {
		ikt_scsi_invalid_cdb_field(res, 2, 2);
		return;
	}
	if (!d) {
		p[1] = 0x01;	/* SUPPORT: not supported */
		res->data_full = 4;
		return;
	}
	p[1] = (rctd ? 0x80 : 0) | 0x03;	/* supported as the standard says */
	put_unaligned_be16(d->cdb_len, p + 2);
	memcpy(p + 4, d->usage, d->cdb_len);
	res->data_full = 4 + d->cdb_len;
	if (rctd) {
		put_unaligned_be16(RSOC_TIMEOUTS_LEN - 2, p + res->data_full);
		res->data_full += RSOC_TIMEOUTS_LEN;
	}
}

static void handle_report_opcodes(const struct ikt_scsi_cmd_in *in,
				  const struct ikt_scsi_cmd_desc *d,
				  struct ikt_scsi_result *res)
{
	u8 options = in->cdb[2] & 0x07;
	bool rctd = in->cdb[2] & 0x80;

	if (options == 0)
		report_all_opcodes(in, rctd, res);
	else if (options <= 3)
		report_one_opcode(in, options, rctd, res);
	else
		ikt_scsi_invalid_cdb_field(res, 2, 2);
}

/*
 * A LU being sanitized answers only INQUIRY, REPORT LUNS and REQUEST
 * SENSE; after a sanitize failed, no command reaches the medium but
 * another SANITIZE (SBC-4 4.11.2).  True, with @res set, when @d may not
 * run on @lu now.
 */
static bool sanitize_denied(const struct ikt_scsi_cmd_in *in,
			    const struct ikt_scsi_cmd_desc *d,
			    struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	struct ikt_scsi_sense s;
	bool medium;

	if (!lu || lu->sanitize == IKT_SANITIZE_NONE)
		return false;
	if (lu->sanitize == IKT_SANITIZE_RUNNING) {
		if (d->handler == ikt_scsi_inquiry ||
		    d->handler == handle_report_luns ||
		    d->handler == handle_request_sense)
			return false;
	} else {
		medium = d->handler == handle_media ||
			 d->handler == handle_sync_cache ||
			 d->handler == ikt_scsi_prefetch ||
			 d->handler == ikt_scsi_get_lba_status ||
			 (d->flags & (IKT_CMDF_WRITE | IKT_CMDF_TPC));
		if (!medium || d->opcode == IKT_OP_SANITIZE)
			return false;
	}
	ikt_scsi_sanitize_sense(lu, &s);
	ikt_scsi_set_sense(res, s.key, s.asc);
	res->sense = s;
	return true;
}

/* NACA, then every bit the command does not use must be clear. */
static bool cdb_fields_valid(const u8 *cdb, const struct ikt_scsi_cmd_desc *d,
			     struct ikt_scsi_result *res)
{
	unsigned int last = d->cdb_len - 1, i;

	if (cdb[last] & CTRL_NACA) {
		ikt_scsi_invalid_cdb_field(res, last, 2);
		return false;
	}
	for (i = 1; i <= last; i++) {
		u8 allowed = d->usage[i];
		u8 bad;

		if (i == 1 && (d->flags & IKT_CMDF_SA))
			allowed |= 0x1f;
		if (i == last)
			allowed |= CTRL_VENDOR;
		bad = cdb[i] & ~allowed;
		if (bad) {
			ikt_scsi_invalid_cdb_field(res, i, ikt_scsi_top_bit(bad));
			return false;
		}
	}
	return true;
}

static u32 alloc_len(const u8 *cdb, const struct ikt_scsi_cmd_desc *d,
		     u32 data_full)
{
	const u8 *p = cdb + d->alloc_off;

	switch (d->alloc_size) {
	case 1:
		return p[0];
	case 2:
		return get_unaligned_be16(p);
	case 4:
		return get_unaligned_be32(p);
	default:
		return data_full;
	}
}

int ikt_scsi_dispatch(const struct ikt_scsi_cmd_in *in,
		      struct ikt_scsi_result *res)
{
	const struct ikt_scsi_cmd_desc *d;
	const u8 *cdb;
	bool opcode_known;

	/* Every data-in answer but REPORT LUNS fits IKT_SCSI_DATA_MIN. */
	BUILD_BUG_ON(4 + ARRAY_SIZE(scsi_cmds) *
		     (RSOC_DESC_LEN + RSOC_TIMEOUTS_LEN) > IKT_SCSI_DATA_MIN);
	if (!in || !res || !in->cdb || !in->cdb_len || !in->buf ||
	    in->buf_len < IKT_SCSI_DATA_MIN || (in->nluns && !in->luns))
		return -EINVAL;
	cdb = in->cdb;
	memset(res, 0, sizeof(*res));
	res->action = IKT_SCSI_COMPLETE;
	res->status = IKT_SAM_GOOD;

	d = find_cmd(in, cdb[0], in->cdb_len > 1 ? cdb[1] & 0x1f : 0xff,
		     &opcode_known);
	if (!d) {
		if (opcode_known)
			ikt_scsi_invalid_cdb_field(res, 1, 4);
		else
			ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
					   IKT_ASC_INVALID_OPCODE);
		return 0;
	}
	/* A CDB shorter than its operation code needs cannot be decoded. */
	if (in->cdb_len < d->cdb_len) {
		ikt_scsi_invalid_cdb_field(res, 0, -1);
		return 0;
	}
	if (!in->lu && !(d->flags & IKT_CMDF_NO_LU)) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_LUN_NOT_SUPPORTED);
		return 0;
	}
	if (sanitize_denied(in, d, res) || !cdb_fields_valid(cdb, d, res))
		return 0;
	if ((d->flags & IKT_CMDF_WRITE) && ikt_lu_write_protected(in->lu)) {
		ikt_scsi_set_sense(res, IKT_SK_DATA_PROTECT,
				   IKT_ASC_WRITE_PROTECTED);
		return 0;
	}
	if (d->flags & IKT_CMDF_DATA_IN)
		memset(in->buf, 0, IKT_SCSI_DATA_MIN);
	d->handler(in, d, res);
	if (res->status == IKT_SAM_GOOD && (d->flags & IKT_CMDF_DATA_IN))
		res->data_len = min(min(res->data_full,
					alloc_len(cdb, d, res->data_full)),
				    in->buf_len);
	return 0;
}
