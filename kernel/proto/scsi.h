/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SCSI block-device emulation (SPC-4 / SBC-3), portable part.
 *
 * The kernel glue hands every SCSI Command PDU to ikt_scsi_dispatch().  The
 * emulation never touches the medium: a non-media command is answered in
 * full (status, sense, data-in bytes in the caller's buffer); a media
 * command is decoded and validated into a struct ikt_scsi_io that the
 * backend executes; a command that needs the LU's shared state or more
 * than one backend call is validated here and carried out by the glue
 * (IKT_SCSI_GLUE).  Nothing here allocates or sleeps.
 */
#ifndef ISCSIKT_PROTO_SCSI_H
#define ISCSIKT_PROTO_SCSI_H

#include "port.h"

/* Longest CDB decoded today; longer (AHS-extended) CDBs are accepted. */
#define IKT_SCSI_CDB_MAX	16
/* Smallest data-in buffer ikt_scsi_dispatch() accepts. */
#define IKT_SCSI_DATA_MIN	4096
/*
 * A buffer this large holds a full REPORT LUNS list: LUNs 0..ISCSIKT_MAX_LUN
 * and the REPORT LUNS well-known LUN.
 */
#define IKT_SCSI_DATA_REPORT_LUNS	(8 + 8 * (1024 + 1))
/* Most data-out an IKT_SCSI_GLUE command may solicit. */
#define IKT_SCSI_GLUE_DATA_OUT_MAX	(8U << 20)
/* Longest sense data ikt_scsi_build_sense() produces. */
#define IKT_SCSI_SENSE_MAX	32

/* Status (SAM-5 5.3) */
#define IKT_SAM_GOOD			0x00
#define IKT_SAM_CHECK_CONDITION		0x02
#define IKT_SAM_BUSY			0x08
#define IKT_SAM_RESERVATION_CONFLICT	0x18
#define IKT_SAM_TASK_SET_FULL		0x28
#define IKT_SAM_TASK_ABORTED		0x40

/* Sense keys (SPC-4 4.5.6) */
#define IKT_SK_NO_SENSE		0x0
#define IKT_SK_RECOVERED_ERROR	0x1
#define IKT_SK_NOT_READY	0x2
#define IKT_SK_MEDIUM_ERROR	0x3
#define IKT_SK_HARDWARE_ERROR	0x4
#define IKT_SK_ILLEGAL_REQUEST	0x5
#define IKT_SK_UNIT_ATTENTION	0x6
#define IKT_SK_DATA_PROTECT	0x7
#define IKT_SK_ABORTED_COMMAND	0xb
#define IKT_SK_MISCOMPARE	0xe

/* ADDITIONAL SENSE CODE << 8 | ADDITIONAL SENSE CODE QUALIFIER */
#define IKT_ASC_NONE			0x0000
#define IKT_ASC_WRITE_ERROR		0x0c00
#define IKT_ASC_SANITIZE_IN_PROGRESS	0x041b	/* LOGICAL UNIT NOT READY, ... */
#define IKT_ASC_LU_NOT_ACCESS_STANDBY	0x040b	/* ... TARGET PORT IN STANDBY STATE */
#define IKT_ASC_LU_NOT_ACCESS_UNAVAIL	0x040c	/* ... IN UNAVAILABLE STATE */
#define IKT_ASC_INVALID_FIELD_IN_IU	0x0e03
#define IKT_ASC_UNRECOVERED_READ_ERROR	0x1100
#define IKT_ASC_PARAM_LIST_LENGTH_ERROR	0x1a00
#define IKT_ASC_MISCOMPARE_DURING_VERIFY 0x1d00
#define IKT_ASC_INVALID_OPCODE		0x2000
#define IKT_ASC_LBA_OUT_OF_RANGE	0x2100
#define IKT_ASC_INVALID_FIELD_IN_CDB	0x2400
#define IKT_ASC_LUN_NOT_SUPPORTED	0x2500
#define IKT_ASC_INVALID_FIELD_IN_PARAM	0x2600
#define IKT_ASC_WRITE_PROTECTED		0x2700
#define IKT_ASC_SPACE_ALLOC_FAILED	0x2707	/* ... WRITE PROTECT */
#define IKT_ASC_RESET_OCCURRED		0x2900	/* POWER ON, RESET, OR BUS ... */
#define IKT_ASC_BUS_DEVICE_RESET	0x2903	/* ... FUNCTION OCCURRED */
#define IKT_ASC_I_T_NEXUS_LOSS		0x2907	/* ... OCCURRED */
#define IKT_ASC_MODE_PARAMS_CHANGED	0x2a01
#define IKT_ASC_ASYM_ACCESS_CHANGED	0x2a06	/* ASYMMETRIC ACCESS STATE ... */
#define IKT_ASC_CAPACITY_CHANGED	0x2a09
#define IKT_ASC_TP_SOFT_THRESHOLD	0x3807	/* THIN PROVISIONING SOFT ... */
#define IKT_ASC_SAVING_PARAMS_UNSUP	0x3900
#define IKT_ASC_INQUIRY_DATA_CHANGED	0x3f03
#define IKT_ASC_REPORTED_LUNS_CHANGED	0x3f0e
#define IKT_ASC_SANITIZE_FAILED		0x3103	/* SANITIZE COMMAND FAILED */
#define IKT_ASC_INTERNAL_TARGET_FAILURE	0x4400
#define IKT_ASC_PROTOCOL_CRC_ERROR	0x4705	/* protocol service CRC */

/*
 * Sense data in a format-neutral form; ikt_scsi_build_sense() lays it out
 * as fixed (0x70) or descriptor (0x72) sense.
 */
struct ikt_scsi_sense {
	u8 key;
	u16 asc;		/* IKT_ASC_* */
	bool info_valid;
	u64 info;		/* INFORMATION field */
	bool sks_valid;		/* SENSE KEY SPECIFIC: a field pointer */
	bool sks_cdb;		/* C/D: the error is in the CDB */
	bool sks_bpv;		/* BPV: sks_bit is valid */
	u8 sks_bit;		/* 0..7 */
	u16 sks_field;		/* byte offset of the bad field */
};

/*
 * What a logical unit looks like to the emulation.  The kernel glue fills
 * it from the extent and LUN configuration; it is only read here.
 */
struct ikt_lu_info {
	u64 nblocks;		/* capacity in logical blocks */
	u32 block_size;		/* 512, 1024, 2048 or 4096 */
	/*
	 * LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (0..15); 0 when physical
	 * block size reporting is disabled.
	 */
	u8 pb_exp;
	u8 rpm;			/* enum iscsikt_rpm */
	bool read_only;
	/*
	 * Xen compatibility (as TrueNAS applies its "xen" extent option): the
	 * T10 vendor ID designator carries the bare serial instead of the
	 * space-padded one other initiators get.
	 */
	bool xen_compat;
	/*
	 * Thin provisioning: LBPME in READ CAPACITY(16), LBPU, LBPWS,
	 * LBPWS10 and LBPRZ in VPD 0xB2, the UNMAP limits below in VPD 0xB0.
	 * Set it only once UNMAP and WRITE SAME(10/16) with the UNMAP bit are
	 * served, and unmapped blocks read back as zeros.
	 */
	bool thin;
	/*
	 * Current values of the caching mode page WCE and the control mode
	 * page D_SENSE (descriptor sense).  A LU starts with WCE 1 and
	 * D_SENSE 0, the values MODE SENSE reports as defaults; MODE SELECT
	 * may change both (struct ikt_mode_changes).
	 */
	bool wce;
	bool d_sense;
	/*
	 * The control mode page's SWP (software write protect), which MODE
	 * SELECT may set: the LU refuses writes as a read-only one does
	 * (ikt_lu_write_protected()) and MODE SENSE reports WP.  Starts 0.
	 */
	bool swp;
	/*
	 * ALUA (scsi_alua.c): TPGS 11b in the standard INQUIRY data, REPORT
	 * and SET TARGET PORT GROUPS served, and @alua_state, the asymmetric
	 * access state (IKT_ALUA_*) of the target port group the command
	 * came through, decides what ikt_alua_access_denied() lets through.
	 */
	bool alua;
	u8 alua_state;
	/*
	 * The REPORT LUNS well-known LU (W-LUN 01h, SAM-5 4.7.7): no medium,
	 * only the identity and port fields below mean anything.
	 */
	bool wlun;
	/*
	 * Third-party copy (scsi_xcopy.c): the 3PC bit, VPD 0x8F, EXTENDED
	 * COPY(LID1) and RECEIVE COPY RESULTS.
	 */
	bool tpc;
	/*
	 * SANITIZE (scsi_sanitize.c): IKT_SANITIZE_RUNNING while an
	 * overwrite is under way, with @sanitize_progress its PROGRESS
	 * INDICATION (0..65535 of 65536); IKT_SANITIZE_FAILED after one
	 * failed, until EXIT FAILURE MODE or a sanitize that succeeds.
	 */
	u8 sanitize;
	u16 sanitize_progress;
	u32 max_xfer_blocks;	/* MAXIMUM TRANSFER LENGTH; 0 = no limit */
	/*
	 * VPD 0xB0 UNMAP limits, reported only when @thin: MAXIMUM UNMAP LBA
	 * COUNT and MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT (0 = UNMAP not
	 * supported, 0xffffffff = no limit), OPTIMAL UNMAP GRANULARITY in
	 * blocks (0 = not reported; else aligned at LBA 0).
	 */
	u32 unmap_max_blocks;
	u32 unmap_max_descs;
	u32 unmap_granularity;
	/*
	 * LOG SENSE Logical Block Provisioning page (0Ch), offered when
	 * @lbp_log (a thin LU whose blocks come from a filesystem): the
	 * blocks still free in the filesystem, which other LUs share, and
	 * the blocks the LU holds, in logical blocks.  The glue fills the
	 * counts for LOG SENSE only.
	 */
	bool lbp_log;
	u64 lbp_avail;
	u64 lbp_used;
	/* VPD 0xB0 MAXIMUM WRITE SAME LENGTH in blocks; 0 = not reported */
	u64 write_same_max_blocks;
	/*
	 * VPD 0xB0 MAXIMUM COMPARE AND WRITE LENGTH and MAXIMUM ATOMIC
	 * TRANSFER LENGTH in blocks (scsi_rmw.c); 0: the glue does not
	 * serve COMPARE AND WRITE, or WRITE ATOMIC(16).
	 */
	u8 caw_max_blocks;
	u32 atomic_max_blocks;
	u16 rel_tgt_port;	/* RELATIVE TARGET PORT IDENTIFIER, 1.. */
	u16 tpg_id;		/* TARGET PORT GROUP */
	u16 tpgt;		/* iSCSI target portal group tag */
	u64 lun;
	/*
	 * High 8 bytes of the NAA IEEE Registered Extended (type 6)
	 * designator: NAA 6h, 24-bit IEEE OUI, 36 vendor-specific bits.  The
	 * low 8 bytes (VENDOR SPECIFIC IDENTIFIER EXTENSION) are zero, so the
	 * configuration must make this half unique per extent.  0 omits the
	 * designator.
	 */
	u64 naa;
	char serial[21];	/* NUL-terminated, <= 20 printable ASCII */
	char vendor[9];		/* T10 VENDOR IDENTIFICATION, e.g. "ISCSIKT" */
	char product[17];
	char revision[5];
	const char *target_name; /* iSCSI name, NUL-terminated; may be NULL */
};

/* Writes refused: a read-only extent, or SWP set by MODE SELECT */
static inline bool ikt_lu_write_protected(const struct ikt_lu_info *lu)
{
	return lu->read_only || lu->swp;
}

/*
 * A target port group: each portal group is one target port group holding
 * one target port; both identifiers are the portal group tag, as in VPD
 * page 0x83 (struct ikt_lu_info ->tpg_id, ->rel_tgt_port).
 */
struct ikt_alua_tpg {
	u16 id;
	u8 state;		/* IKT_ALUA_* */
	/* STATUS CODE 01h: SET TARGET PORT GROUPS set the state last */
	bool altered;
};

enum ikt_scsi_dir {
	IKT_SCSI_DIR_NONE,
	IKT_SCSI_DIR_READ,	/* data-in */
	IKT_SCSI_DIR_WRITE,	/* data-out */
};

struct ikt_scsi_cmd_in {
	const u8 *cdb;
	unsigned int cdb_len;	/* bytes available at cdb (16 for plain iSCSI) */
	/* NULL: the LUN is not configured (INQUIRY answers PQ 011b) */
	const struct ikt_lu_info *lu;
	/*
	 * From the iSCSI header, for the glue's residual handling only: a
	 * mismatch with what the CDB asks for is not a SCSI error.
	 */
	u32 exp_xfer_len;
	bool exp_read, exp_write;
	/* REPORT LUNS: LUNs this I_T nexus may see, in ascending order */
	const u64 *luns;
	unsigned int nluns;
	/*
	 * REPORT TARGET PORT GROUPS: the target port groups of the target,
	 * by ascending and distinct id (struct ikt_alua_tpg).
	 */
	const struct ikt_alua_tpg *tpgs;
	unsigned int ntpgs;
	/* REQUEST SENSE: pending sense for this I_T nexus, or NULL */
	const struct ikt_scsi_sense *pending_sense;
	/* data-in buffer, at least IKT_SCSI_DATA_MIN bytes */
	u8 *buf;
	u32 buf_len;
	/*
	 * The glue implements IKT_SCSI_GLUE.  Until it does, the commands
	 * that need it stay unsupported operation codes (and are not reported
	 * by REPORT SUPPORTED OPERATION CODES) and MODE SENSE reports no
	 * changeable parameter, so an initiator never tries to change one.
	 */
	bool glue;
};

enum ikt_scsi_io_op {
	IKT_IO_READ,
	IKT_IO_WRITE,
	IKT_IO_WRITE_VERIFY,	/* write (FUA), then verify the medium */
	IKT_IO_VERIFY,		/* compare the medium with data-out */
	IKT_IO_SYNC,		/* flush the volatile cache for the range */
};

struct ikt_scsi_io {
	enum ikt_scsi_io_op op;
	u64 lba;
	/* > 0; SYNC with NUMBER OF BLOCKS 0: to the end, capped at 2^32 - 1 */
	u32 nblocks;
	u64 bytes;		/* data to transfer: nblocks * block size, 0 for SYNC */
	enum ikt_scsi_dir dir;
	bool fua;
	bool dpo;
};

enum ikt_scsi_action {
	IKT_SCSI_COMPLETE,	/* status (and data-in) are final */
	IKT_SCSI_SUBMIT_IO,	/* run res.io on the backend, then GOOD */
	/*
	 * Only when in->glue: the CDB is valid, and the glue carries the
	 * command out.  It first solicits res.data_out_len bytes of data-out
	 * (0..IKT_SCSI_GLUE_DATA_OUT_MAX: a parameter list, or the blocks of
	 * a COMPARE AND WRITE; Data-Out / R2T, like a write, at most EDTL),
	 * then runs the opcode's handler in process context with the CDB and
	 * the bytes that arrived (fewer when EDTL was short), which fills the
	 * final result and any data-in.  For MODE SELECT that handler calls
	 * ikt_scsi_mode_select().  res.io is unused.
	 */
	IKT_SCSI_GLUE,
};

struct ikt_scsi_result {
	enum ikt_scsi_action action;
	u8 status;		/* IKT_SAM_*; COMPLETE only */
	struct ikt_scsi_sense sense;	/* status CHECK CONDITION */
	u32 data_len;		/* data-in bytes at in->buf to send */
	/* length the command produced before ALLOCATION LENGTH truncation */
	u32 data_full;
	struct ikt_scsi_io io;	/* SUBMIT_IO */
	u32 data_out_len;	/* GLUE: data-out bytes to collect first */
};

/*
 * Decode and emulate one command.  Returns 0 with @res filled, or -EINVAL
 * when the caller broke the contract (NULL pointers, buffer too small).
 */
int ikt_scsi_dispatch(const struct ikt_scsi_cmd_in *in,
		      struct ikt_scsi_result *res);

/* What a MODE SELECT parameter list asks for: the new current values. */
struct ikt_mode_changes {
	bool wce;		/* caching mode page WCE */
	bool d_sense;		/* control mode page D_SENSE */
	bool swp;		/* control mode page SWP */
	/*
	 * Either differs from the LU's current value: the glue establishes
	 * MODE PARAMETERS CHANGED (2Ah/01h) for the other I_T nexuses.
	 */
	bool changed;
};

/*
 * Second half of MODE SELECT(6)/(10), after IKT_SCSI_GLUE: validate
 * the @len bytes of parameter list at @param against @lu and fill @res
 * (COMPLETE: GOOD, or CHECK CONDITION with PARAMETER LIST LENGTH ERROR or
 * INVALID FIELD IN PARAMETER LIST and its field pointer).  Only the bits
 * MODE SENSE reports changeable may differ from the current values.  On
 * GOOD, @out holds the values to apply (@lu's current ones where the list
 * does not change them); otherwise @out equals @lu's values.  @cdb is the
 * CDB ikt_scsi_dispatch() accepted (6 or 10 bytes read, as its opcode
 * says).  Returns -EINVAL when the caller broke the contract (NULL
 * pointers, not a MODE SELECT).
 */
int ikt_scsi_mode_select(const struct ikt_lu_info *lu, const u8 *cdb,
			 const u8 *param, u32 len,
			 struct ikt_mode_changes *out,
			 struct ikt_scsi_result *res);

/*
 * Lay @s out as fixed (@descriptor false) or descriptor sense data into
 * @buf; returns the bytes written (the sense is cut at @len).
 */
unsigned int ikt_scsi_build_sense(const struct ikt_scsi_sense *s,
				  bool descriptor, u8 *buf, unsigned int len);

/* 8-byte single-level LUN (SAM-5 4.7): peripheral or flat addressing. */
void ikt_scsi_lun_encode(u64 lun, u8 out[8]);
/* The LUN an initiator addressed; false when not an encoding we emit. */
bool ikt_scsi_lun_decode(const u8 in[8], u64 *lun);
/*
 * Does @in address the REPORT LUNS well-known LU (extended addressing,
 * well-known LU W-LUN 01h: C1 01 00 00 00 00 00 00)?
 */
bool ikt_scsi_lun_is_report_wlun(const u8 in[8]);

/* ---- shared between the scsi_*.c files, not for the glue ---- */

void ikt_scsi_set_sense(struct ikt_scsi_result *res, u8 key, u16 asc);
/* ILLEGAL REQUEST, INVALID FIELD IN CDB at @byte, @bit (< 0: whole byte) */
void ikt_scsi_invalid_cdb_field(struct ikt_scsi_result *res, u16 byte,
				int bit);
/* ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST at @byte, @bit */
void ikt_scsi_invalid_param_field(struct ikt_scsi_result *res, u16 byte,
				  int bit);
int ikt_scsi_top_bit(u8 v);
/* @lba exists and @n blocks from it fit in @lu */
bool ikt_scsi_lba_range_ok(const struct ikt_lu_info *lu, u64 lba, u64 n);

/* Command table entry flags */
#define IKT_CMDF_SA		0x01	/* byte 1 bits 4-0 select the entry */
#define IKT_CMDF_WRITE		0x02	/* modifies the medium */
#define IKT_CMDF_DATA_IN	0x04	/* answers with data-in from buf */
#define IKT_CMDF_NO_LU		0x08	/* valid on a LUN that does not exist */
#define IKT_CMDF_GLUE		0x10	/* may answer IKT_SCSI_GLUE */
#define IKT_CMDF_ALUA		0x40	/* only on a LU with ALUA on */
/* Served by the REPORT LUNS well-known LU; nothing else is. */
#define IKT_CMDF_WLUN		0x100

struct ikt_scsi_cmd_desc;
typedef void ikt_scsi_handler_t(const struct ikt_scsi_cmd_in *in,
				const struct ikt_scsi_cmd_desc *d,
				struct ikt_scsi_result *res);

struct ikt_scsi_cmd_desc {
	u8 opcode;
	u8 sa;			/* IKT_CMDF_SA */
	u8 cdb_len;
	u16 flags;		/* IKT_CMDF_* */
	/* ALLOCATION LENGTH field; size 0: the data is never cut */
	u8 alloc_off;
	u8 alloc_size;
	u8 io_op;		/* enum ikt_scsi_io_op, media commands */
	ikt_scsi_handler_t *handler;
	/*
	 * CDB USAGE DATA of REPORT SUPPORTED OPERATION CODES, and the bits a
	 * CDB may set: anything else is rejected as INVALID FIELD IN CDB.
	 */
	u8 usage[IKT_SCSI_CDB_MAX];
};

ikt_scsi_handler_t ikt_scsi_inquiry;
ikt_scsi_handler_t ikt_scsi_mode_sense;
ikt_scsi_handler_t ikt_scsi_mode_select_cdb;
/* scsi_log.c: LOG SENSE */
#define IKT_OP_LOG_SENSE	0x4d
ikt_scsi_handler_t ikt_scsi_log_sense;

/*
 * ---- scsi_alua.c: asymmetric logical unit access (SPC-4 5.16) ----
 *
 * Implicit and explicit ALUA (TPGS 11b), on a LU with ALUA on only
 * (IKT_CMDF_ALUA): REPORT TARGET PORT GROUPS (A3h/0Ah) lists in->tpgs;
 * SET TARGET PORT GROUPS (A4h/0Ah) hands its parameter list to the glue
 * (IKT_SCSI_GLUE), which parses it with ikt_alua_stpg_parse() and sets
 * the states.  A target port group starts active/optimized.
 */
#define IKT_ALUA_ACTIVE_OPTIMIZED	0x0
#define IKT_ALUA_ACTIVE_NON_OPTIMIZED	0x1
#define IKT_ALUA_STANDBY		0x2
#define IKT_ALUA_UNAVAILABLE		0x3
/* Most target port groups a LU has (one per portal group of a target) */
#define IKT_ALUA_TPGS_MAX		64
/*
 * Longest SET TARGET PORT GROUPS parameter list: a descriptor for each
 * group, none twice.
 */
#define IKT_ALUA_STPG_PARAM_MAX		(4 + 4 * IKT_ALUA_TPGS_MAX)

ikt_scsi_handler_t ikt_scsi_report_tpgs;
ikt_scsi_handler_t ikt_scsi_set_tpgs;

/*
 * Validate the @len bytes of SET TARGET PORT GROUPS parameter list at
 * @param (@cdb: the CDB ikt_scsi_dispatch() accepted) against the @ntpgs
 * target port groups of the LU at @tpgs, and fill @res: GOOD, or CHECK
 * CONDITION with PARAMETER LIST LENGTH ERROR or INVALID FIELD IN
 * PARAMETER LIST and its field pointer (a group the LU does not have or
 * named twice, a state that cannot be set), and then nothing may change.
 * On GOOD, @out (room for @ntpgs) holds the groups to set, with their
 * new states.  Returns how many, or -EINVAL when the caller broke the
 * contract (NULL pointers, not a SET TARGET PORT GROUPS CDB).
 */
int ikt_alua_stpg_parse(const u8 *cdb, const u8 *param, u32 len,
			const struct ikt_alua_tpg *tpgs, unsigned int ntpgs,
			struct ikt_alua_tpg *out, struct ikt_scsi_result *res);

/*
 * May @cdb (@cdb_len bytes) run on @lu through a target port group in
 * the state @lu->alua_state (SPC-4 5.16.2.4)?  When not, returns true
 * with @res set to the CHECK CONDITION to report: NOT READY, LOGICAL UNIT
 * NOT ACCESSIBLE, TARGET PORT IN STANDBY (or UNAVAILABLE) STATE.  The
 * glue asks after unit attentions are reported and before reservation
 * conflicts.
 */
bool ikt_alua_access_denied(const struct ikt_lu_info *lu, const u8 *cdb,
			    unsigned int cdb_len, struct ikt_scsi_result *res);

/*
 * ---- scsi_rmw.c: COMPARE AND WRITE, ORWRITE(16), WRITE ATOMIC(16),
 * PRE-FETCH(10)/(16) ----
 *
 * The handlers validate the CDB and hand the command to the glue
 * (IKT_SCSI_GLUE) with the data-out it needs: 2 * n blocks for COMPARE
 * AND WRITE (verify data, then write data), n blocks for the others, none
 * for PRE-FETCH.  NUMBER OF BLOCKS 0 completes GOOD here (PRE-FETCH: to
 * the end of the medium).
 */
ikt_scsi_handler_t ikt_scsi_compare_and_write;
ikt_scsi_handler_t ikt_scsi_orwrite;
ikt_scsi_handler_t ikt_scsi_write_atomic;
ikt_scsi_handler_t ikt_scsi_prefetch;

/*
 * The LBA and NUMBER OF BLOCKS of a CDB one of the handlers above
 * accepted; PRE-FETCH with 0 blocks gets the blocks from the LBA to the
 * end of a LU of @capacity blocks (at most 2^32 - 1).  false when @cdb is none of
 * those opcodes.
 */
bool ikt_scsi_rmw_range(const u8 *cdb, u64 capacity, u64 *lba, u32 *nblocks);
/*
 * COMPARE AND WRITE found the medium differing from the verify data at
 * byte @offset: MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION with the
 * INFORMATION field = @offset (SBC-3 5.2).
 */
void ikt_scsi_miscompare(struct ikt_scsi_result *res, u32 offset);

/*
 * ---- scsi_thin.c: logical block provisioning: UNMAP, WRITE SAME(10)/(16),
 * GET LBA STATUS ----
 *
 * UNMAP exists only on a thin LU (IKT_CMDF_THIN).  WRITE SAME and UNMAP
 * hand the command to the glue with their data-out (one block, none with
 * NDOB; the parameter list); GET LBA STATUS does on a thin LU only, a
 * fully provisioned one is mapped everywhere and answered here.
 */
#define IKT_CMDF_THIN		0x20	/* only on a thin LU (lu->thin) */
#define IKT_OP_WRITE_SAME10	0x41
#define IKT_OP_UNMAP		0x42
#define IKT_OP_WRITE_SAME16	0x93

ikt_scsi_handler_t ikt_scsi_write_same;
ikt_scsi_handler_t ikt_scsi_unmap;
ikt_scsi_handler_t ikt_scsi_get_lba_status;

struct ikt_scsi_write_same {
	u64 lba;
	u64 nblocks;		/* NUMBER OF LOGICAL BLOCKS 0: to the end */
	bool unmap;		/* UNMAP: deallocate, whatever the data */
	bool ndob;		/* NO DATA-OUT BUFFER: the data is zeros */
};

/*
 * The fields of a WRITE SAME(10)/(16) CDB ikt_scsi_dispatch() accepted,
 * on a LU of @nblocks blocks.
 */
void ikt_scsi_write_same_decode(const u8 *cdb, u64 nblocks,
				struct ikt_scsi_write_same *ws);

struct ikt_scsi_lba_range {
	u64 lba;
	u32 nblocks;
};

/*
 * Validate the @len bytes of UNMAP parameter list at @param against @lu
 * (its capacity and UNMAP limits) and fill @res: GOOD, or CHECK CONDITION
 * with PARAMETER LIST LENGTH ERROR, INVALID FIELD IN PARAMETER LIST (more
 * descriptors or blocks than the limits) or LBA OUT OF RANGE, and then
 * nothing may be unmapped.  On GOOD, @out holds the ranges to deallocate,
 * empty ones left out; @out has room for @max ranges, and
 * IKT_SCSI_UNMAP_RANGES(@len) is always enough.  Returns the number of
 * ranges, or -EINVAL when the caller broke the contract (NULL pointers,
 * @max too small).
 */
#define IKT_SCSI_UNMAP_RANGES(len)	((len) / 16)
int ikt_scsi_unmap_parse(const struct ikt_lu_info *lu, const u8 *param,
			 u32 len, struct ikt_scsi_lba_range *out, u32 max,
			 struct ikt_scsi_result *res);

/* PROVISIONING STATUS of an LBA status descriptor */
#define IKT_LBA_MAPPED		0
#define IKT_LBA_DEALLOCATED	1

struct ikt_scsi_lba_status {
	u64 lba;
	u32 nblocks;
	u8 status;		/* IKT_LBA_* */
};

/* STARTING LBA and ALLOCATION LENGTH of a GET LBA STATUS CDB */
void ikt_scsi_get_lba_status_decode(const u8 *cdb, u64 *lba, u32 *alloc);
/*
 * Lay out GET LBA STATUS parameter data with the @n descriptors at @d
 * into @buf, cut at @len bytes; returns the full length (8 + 16 * @n).
 */
u32 ikt_scsi_lba_status_build(const struct ikt_scsi_lba_status *d,
			      unsigned int n, u8 *buf, u32 len);

/*
 * ---- scsi_xcopy.c: third-party copy, EXTENDED COPY(LID1) (83h/00h) and
 * RECEIVE COPY RESULTS (84h) ----
 *
 * Only on a LU with @tpc (IKT_CMDF_TPC).  The copy manager serves
 * identification CSCD descriptors (E4h) naming a LU by its NAA designator
 * and block to block segment descriptors (02h); it holds no data and
 * takes no inline data.  The glue parses the parameter list with
 * ikt_xcopy_parse(), looks up the LUs the CSCD descriptors name, checks
 * the segments against them with ikt_xcopy_check() and copies.
 */
#define IKT_CMDF_TPC		0x80	/* only on a LU with TPC on */

#define IKT_SK_COPY_ABORTED	0xa
#define IKT_ASC_OPERATION_IN_PROGRESS	0x0016
#define IKT_ASC_COPY_TARGET_UNREACHABLE	0x0d02
#define IKT_ASC_TOO_MANY_CSCDS		0x2606
#define IKT_ASC_UNSUPPORTED_CSCD_TYPE	0x2607
#define IKT_ASC_TOO_MANY_SEGMENTS	0x2608
#define IKT_ASC_UNSUPPORTED_SEG_TYPE	0x2609
#define IKT_ASC_INEXACT_SEGMENT		0x260a
#define IKT_ASC_INLINE_DATA_EXCEEDED	0x260b

/* The limits RECEIVE COPY RESULTS and VPD 0x8F announce */
#define IKT_XCOPY_MAX_CSCDS		8
#define IKT_XCOPY_MAX_SEGS		16
#define IKT_XCOPY_MAX_DESC_LIST		1024	/* CSCD + segment lists, bytes */
#define IKT_XCOPY_MAX_SEG_BYTES		(16U << 20)
#define IKT_XCOPY_HDR_LEN		16
/* Longest parameter list EXTENDED COPY solicits */
#define IKT_XCOPY_PARAM_MAX	(IKT_XCOPY_HDR_LEN + IKT_XCOPY_MAX_DESC_LIST)
/* COPY STATUS data (SPC-4 6.18.3) */
#define IKT_XCOPY_STATUS_LEN		12

/* LIST ID USAGE (SPC-4 6.4.3) */
#define IKT_XCOPY_LID_HOLD		0	/* results held for RCR */
#define IKT_XCOPY_LID_NO_HOLD		2
#define IKT_XCOPY_LID_NONE		3	/* LIST IDENTIFIER unused */

/* COPY MANAGER STATUS */
#define IKT_XCOPY_IN_PROGRESS		0x00
#define IKT_XCOPY_DONE			0x01
#define IKT_XCOPY_DONE_ERRORS		0x02

struct ikt_xcopy_cscd {
	/*
	 * High 8 bytes of a 16-byte NAA LU designator whose low 8 bytes are
	 * zero, as struct ikt_lu_info ->naa; 0 when the designator cannot
	 * name one of our LUs.
	 */
	u64 naa;
	bool nul;		/* NUL: names no device */
	u32 block_len;		/* DISK BLOCK LENGTH */
	u16 off;		/* of the descriptor in the parameter list */
};

struct ikt_xcopy_seg {
	u16 src, dst;		/* CSCD indexes, < ncscds */
	bool dc;		/* NUMBER OF BLOCKS counts destination blocks */
	u16 nblocks;
	u64 src_lba, dst_lba;
	u16 off;		/* of the descriptor in the parameter list */
	/* Filled by ikt_xcopy_check(): byte offsets and length */
	u64 src_pos, dst_pos;
	u32 bytes;
};

struct ikt_xcopy_list {
	u8 list_id;
	u8 list_id_usage;	/* IKT_XCOPY_LID_* */
	unsigned int ncscds, nsegs;
	struct ikt_xcopy_cscd cscd[IKT_XCOPY_MAX_CSCDS];
	struct ikt_xcopy_seg seg[IKT_XCOPY_MAX_SEGS];
};

/* A LU a CSCD descriptor resolved to, as ikt_xcopy_check() needs it */
struct ikt_xcopy_lu {
	bool found;		/* a LU of this I_T nexus, with TPC on */
	bool read_only;
	u32 block_size;
	u64 nblocks;
};

ikt_scsi_handler_t ikt_scsi_extended_copy;
ikt_scsi_handler_t ikt_scsi_receive_copy_results;

/*
 * Validate the @len bytes of EXTENDED COPY(LID1) parameter list at @p into
 * @l.  Returns 0, or -EINVAL with @res set to the CHECK CONDITION to
 * report (PARAMETER LIST LENGTH ERROR, TOO MANY ... DESCRIPTORS,
 * UNSUPPORTED ... TYPE CODE, INVALID FIELD IN PARAMETER LIST, COPY
 * ABORTED for a segment naming a CSCD descriptor that does not exist).
 */
int ikt_xcopy_parse(const u8 *p, u32 len, struct ikt_xcopy_list *l,
		    struct ikt_scsi_result *res);
/*
 * Check the segments of @l against @lus (one per CSCD descriptor) and
 * fill their byte ranges.  Returns 0, or -EINVAL with @res set: COPY
 * ABORTED for an unreachable LU or a range past its end, DATA PROTECT for
 * a read-only destination, ILLEGAL REQUEST for a segment we cannot copy.
 */
int ikt_xcopy_check(struct ikt_xcopy_list *l, const struct ikt_xcopy_lu *lus,
		    struct ikt_scsi_result *res);
/* COPY STATUS data at @buf (IKT_XCOPY_STATUS_LEN bytes) */
void ikt_xcopy_status_build(u8 *buf, u8 status, u16 segs, u64 bytes);
/* VPD 0x8F after its header; returns the PAGE LENGTH (scsi_inquiry.c) */
u32 ikt_scsi_vpd_third_party_copy(const struct ikt_lu_info *lu, u8 *p);

/* ---- Reservations (scsi_pr.c) ---- */

#define IKT_ASC_INVALID_RELEASE_OF_PR	0x2604
#define IKT_ASC_RESERVATIONS_PREEMPTED	0x2a03
#define IKT_ASC_RESERVATIONS_RELEASED	0x2a04
#define IKT_ASC_REGISTRATIONS_PREEMPTED	0x2a05
#define IKT_ASC_INSUFFICIENT_REG_RESOURCES 0x5504

/* Persistent reservation types (SPC-4 6.15.3.4) */
#define IKT_PR_WE		0x1	/* Write Exclusive */
#define IKT_PR_EA		0x3	/* Exclusive Access */
#define IKT_PR_WE_RO		0x5	/* ... Registrants Only */
#define IKT_PR_EA_RO		0x6
#define IKT_PR_WE_AR		0x7	/* ... All Registrants */
#define IKT_PR_EA_AR		0x8

#define IKT_PR_NAME_MAX		224	/* an iSCSI name and its NUL */
/* Registrations per LU: INSUFFICIENT REGISTRATION RESOURCES beyond */
#define IKT_PR_REGS_MAX		64
/* Longest PERSISTENT RESERVE OUT parameter list (SPEC_I_PT lists) */
#define IKT_PR_PARAM_MAX	16384
/* Longest PERSISTENT RESERVE IN answer (READ FULL STATUS) */
#define IKT_PR_IN_MAX		(8 + IKT_PR_REGS_MAX * 272)

/* An I_T nexus: initiator port (name, ISID) and target port (TPGT). */
struct ikt_pr_nexus {
	const char *initiator;
	u8 isid[6];
	u16 tpgt;
};

struct ikt_pr_reg {
	u64 key;			/* never 0 */
	char initiator[IKT_PR_NAME_MAX];
	u8 isid[6];
	u16 tpgt;			/* RELATIVE TARGET PORT IDENTIFIER */
	bool any_isid;		/* TransportID format 00b: every ISID */
	bool all_tg_pt;		/* ALL_TG_PT: every target port */
	bool holder;		/* holds a one-holder reservation */
};

/* The reservation state of one LU; the glue allocates, locks and frees. */
struct ikt_pr_state {
	u32 generation;		/* PRGENERATION */
	bool aptpl;		/* persist through power loss */
	bool reserved;		/* a persistent reservation exists */
	u8 type;		/* IKT_PR_*, when reserved */
	bool spc2;		/* an SPC-2 RESERVE is held ... */
	struct ikt_pr_reg spc2_holder;	/* ... by this nexus */
	unsigned int nregs, cap;
	struct ikt_pr_reg regs[];
};

/* What a PERSISTENT RESERVE OUT changes. */
struct ikt_pr_change {
	struct ikt_pr_state *next;	/* the new state, or NULL: unchanged */
	/* unit attention (IKT_ASC_*, 0: none) for the nexus of cur->regs[i] */
	u16 ua[IKT_PR_REGS_MAX];
};

ikt_scsi_handler_t ikt_scsi_pr_in_cdb;
ikt_scsi_handler_t ikt_scsi_pr_out_cdb;
ikt_scsi_handler_t ikt_scsi_pr_spc2_cdb;

/* An empty state with room for @cap registrations (ikt_free() it). */
struct ikt_pr_state *ikt_pr_state_alloc(unsigned int cap);
/*
 * PERSISTENT RESERVE IN @cdb against @st: up to @len bytes of data-in at
 * @buf, res->data_full the whole length (the caller cuts it to the
 * ALLOCATION LENGTH).  @ptpl_c: APTPL can be honoured.  -EINVAL when the
 * caller broke the contract.
 */
int ikt_pr_in(const struct ikt_pr_state *st, const u8 *cdb, bool ptpl_c,
	      u8 *buf, u32 len, struct ikt_scsi_result *res);
/*
 * PERSISTENT RESERVE OUT @cdb from @it with its @len bytes of parameter
 * list: fills @res (GOOD, RESERVATION CONFLICT or CHECK CONDITION) and, on
 * GOOD, @ch: the next state to install (ikt_free() the current one after)
 * and the unit attentions to establish.  @cur is never changed.  APTPL is
 * refused unless @aptpl_ok.  -EINVAL when the caller broke the contract.
 */
int ikt_pr_out(const struct ikt_pr_state *cur, const struct ikt_pr_nexus *it,
	       const u8 *cdb, const u8 *param, u32 len, bool aptpl_ok,
	       struct ikt_pr_change *ch, struct ikt_scsi_result *res);
/* RESERVE (@reserve) or RELEASE (6)/(10) from @it, applied to @st. */
void ikt_pr_spc2(struct ikt_pr_state *st, const struct ikt_pr_nexus *it,
		 bool reserve, struct ikt_scsi_result *res);
/* Drop the SPC-2 reservation of @it (NULL: whoever holds it); true if. */
bool ikt_pr_spc2_drop(struct ikt_pr_state *st, const struct ikt_pr_nexus *it);
/* Must @cdb from @it end in RESERVATION CONFLICT? */
bool ikt_pr_conflict(const struct ikt_pr_state *st,
		     const struct ikt_pr_nexus *it, const u8 *cdb);
/* Is there a reservation ikt_pr_conflict() could find? */
bool ikt_pr_state_active(const struct ikt_pr_state *st);
/* Is @r the registration of @it? */
bool ikt_pr_reg_matches(const struct ikt_pr_reg *r,
			const struct ikt_pr_nexus *it);
/*
 * One iSCSI TransportID at @p (@len bytes available) into @r's initiator,
 * isid and any_isid; returns its length or -EINVAL.
 */
int ikt_pr_parse_tpid(const u8 *p, u32 len, struct ikt_pr_reg *r);
/*
 * The APTPL file of @st (Documentation/scsi/reservations.rst): writes at
 * most @len bytes at @buf, returns the whole length.
 */
u32 ikt_pr_state_format(const struct ikt_pr_state *st, char *buf, u32 len);
/* Parse an APTPL file: 0 and a new state in @out, or -EINVAL/-ENOMEM. */
int ikt_pr_state_parse(const char *text, u32 len, struct ikt_pr_state **out);

/*
 * ---- scsi_sanitize.c: SANITIZE (48h), OVERWRITE and EXIT FAILURE MODE
 * (SBC-4 5.30) ----
 *
 * OVERWRITE writes a pattern over every block, which a FILE or DEVICE
 * extent can do; BLOCK ERASE and CRYPTOGRAPHIC ERASE would promise what
 * only the medium under the filesystem or device could keep, and are not
 * served.  The handler checks the CDB and hands OVERWRITE to the glue with
 * its parameter list, EXIT FAILURE MODE with none.  While an overwrite
 * runs, a LU answers only INQUIRY, REPORT LUNS and REQUEST SENSE (the
 * progress); after one failed, medium access ends in SANITIZE COMMAND
 * FAILED until EXIT FAILURE MODE or a sanitize that succeeds.
 */
#define IKT_OP_SANITIZE			0x48
#define IKT_SANITIZE_OVERWRITE		0x01
#define IKT_SANITIZE_EXIT_FAILURE	0x1f

enum {
	IKT_SANITIZE_NONE,
	IKT_SANITIZE_RUNNING,
	IKT_SANITIZE_FAILED,
};

ikt_scsi_handler_t ikt_scsi_sanitize;

struct ikt_sanitize_overwrite {
	u8 passes;		/* OVERWRITE COUNT, 1..31 */
	bool invert;		/* the pattern inverted between passes */
	bool immed;		/* answer now, overwrite after */
	bool ause;		/* EXIT FAILURE MODE may end a failure */
	u8 *block;		/* caller's: one block of the pattern */
};

/*
 * The OVERWRITE parameter list (@len bytes at @param) of a CDB the
 * handler accepted, for @lu: GOOD with @ow filled and @ow->block (@lu's
 * block size) holding the INITIALIZATION PATTERN repeated over the block,
 * or CHECK CONDITION, INVALID FIELD IN PARAMETER LIST (or PARAMETER LIST
 * LENGTH ERROR).  Returns false when @res says why nothing may start.
 */
bool ikt_scsi_sanitize_overwrite_parse(const struct ikt_lu_info *lu,
				       const u8 *cdb, const u8 *param, u32 len,
				       struct ikt_sanitize_overwrite *ow,
				       struct ikt_scsi_result *res);
/* The sense a LU in a sanitize state (@lu->sanitize) reports; false if none */
bool ikt_scsi_sanitize_sense(const struct ikt_lu_info *lu,
			     struct ikt_scsi_sense *s);

#endif /* ISCSIKT_PROTO_SCSI_H */
