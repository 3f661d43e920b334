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
#define IKT_SCSI_DATA_MIN	1024
/* A buffer this large holds a full REPORT LUNS list of ISCSIKT_MAX_LUN. */
#define IKT_SCSI_DATA_REPORT_LUNS	(8 + 8 * 1024)
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
#define IKT_ASC_BUS_DEVICE_RESET	0x2903	/* ... FUNCTION OCCURRED */
#define IKT_ASC_MODE_PARAMS_CHANGED	0x2a01
#define IKT_ASC_CAPACITY_CHANGED	0x2a09
#define IKT_ASC_SAVING_PARAMS_UNSUP	0x3900
#define IKT_ASC_REPORTED_LUNS_CHANGED	0x3f0e
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
	bool alua;		/* report TPGS = implicit ALUA */
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
	/* VPD 0xB0 MAXIMUM WRITE SAME LENGTH in blocks; 0 = not reported */
	u64 write_same_max_blocks;
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

/* ---- shared between the scsi_*.c files, not for the glue ---- */

void ikt_scsi_set_sense(struct ikt_scsi_result *res, u8 key, u16 asc);
/* ILLEGAL REQUEST, INVALID FIELD IN CDB at @byte, @bit (< 0: whole byte) */
void ikt_scsi_invalid_cdb_field(struct ikt_scsi_result *res, u16 byte,
				int bit);
/* ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST at @byte, @bit */
void ikt_scsi_invalid_param_field(struct ikt_scsi_result *res, u16 byte,
				  int bit);
int ikt_scsi_top_bit(u8 v);

/* Command table entry flags */
#define IKT_CMDF_SA		0x01	/* byte 1 bits 4-0 select the entry */
#define IKT_CMDF_WRITE		0x02	/* modifies the medium */
#define IKT_CMDF_DATA_IN	0x04	/* answers with data-in from buf */
#define IKT_CMDF_NO_LU		0x08	/* valid on a LUN that does not exist */
#define IKT_CMDF_GLUE		0x10	/* may answer IKT_SCSI_GLUE */

struct ikt_scsi_cmd_desc;
typedef void ikt_scsi_handler_t(const struct ikt_scsi_cmd_in *in,
				const struct ikt_scsi_cmd_desc *d,
				struct ikt_scsi_result *res);

struct ikt_scsi_cmd_desc {
	u8 opcode;
	u8 sa;			/* IKT_CMDF_SA */
	u8 cdb_len;
	u8 flags;		/* IKT_CMDF_* */
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

#endif /* ISCSIKT_PROTO_SCSI_H */
