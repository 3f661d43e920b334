// SPDX-License-Identifier: GPL-2.0
/*
 * COMPARE AND WRITE, ORWRITE(16), WRITE ATOMIC(16) and PRE-FETCH(10)/(16)
 * (SBC-3 5.2, 5.8, 5.9, 5.10; SBC-4 5.48): CDB validation.  Each one needs
 * the extent's lock or its page cache, so the glue (kernel/rmw.c) carries
 * it out once its data-out is in.
 */
#include "scsi.h"

#define OP_PREFETCH10		0x34
#define OP_COMPARE_AND_WRITE	0x89
#define OP_ORWRITE16		0x8b
#define OP_PREFETCH16		0x90
#define OP_WRITE_ATOMIC16	0x9c

/* Offsets of the NUMBER OF LOGICAL BLOCKS / TRANSFER LENGTH fields */
#define CAW_NLB_OFF		13
#define ORWRITE_LEN_OFF		10
#define ATOMIC_LEN_OFF		12

bool ikt_scsi_rmw_range(const u8 *cdb, u64 capacity, u64 *lba, u32 *nblocks)
{
	switch (cdb[0]) {
	case OP_PREFETCH10:
		*lba = get_unaligned_be32(cdb + 2);
		*nblocks = get_unaligned_be16(cdb + 7);
		break;
	case OP_COMPARE_AND_WRITE:
		*lba = get_unaligned_be64(cdb + 2);
		*nblocks = cdb[CAW_NLB_OFF];
		break;
	case OP_ORWRITE16:
	case OP_PREFETCH16:
		*lba = get_unaligned_be64(cdb + 2);
		*nblocks = get_unaligned_be32(cdb + 10);
		break;
	case OP_WRITE_ATOMIC16:
		*lba = get_unaligned_be64(cdb + 2);
		*nblocks = get_unaligned_be16(cdb + ATOMIC_LEN_OFF);
		break;
	default:
		return false;
	}
	/* SBC-3 5.8: a PREFETCH LENGTH of 0 reaches to the last block. */
	if ((cdb[0] == OP_PREFETCH10 || cdb[0] == OP_PREFETCH16) &&
	    !*nblocks && *lba < capacity)
		*nblocks = (u32)min_t(u64, capacity - *lba, 0xffffffffULL);
	return true;
}

void ikt_scsi_miscompare(struct ikt_scsi_result *res, u32 offset)
{
	ikt_scsi_set_sense(res, IKT_SK_MISCOMPARE,
			   IKT_ASC_MISCOMPARE_DURING_VERIFY);
	res->sense.info_valid = true;
	res->sense.info = offset;
}

static bool range_ok(const struct ikt_scsi_cmd_in *in, u64 lba, u32 n,
		     struct ikt_scsi_result *res)
{
	if (ikt_scsi_lba_range_ok(in->lu, lba, n))
		return true;
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_LBA_OUT_OF_RANGE);
	return false;
}

/*
 * Most blocks one ORWRITE or WRITE ATOMIC may carry: the glue holds them
 * all in memory at once, so the data-out limit applies even to a LU
 * without a MAXIMUM TRANSFER LENGTH.
 */
static u32 max_blocks(const struct ikt_lu_info *lu)
{
	u32 n = IKT_SCSI_GLUE_DATA_OUT_MAX / lu->block_size;

	return lu->max_xfer_blocks ? min(n, lu->max_xfer_blocks) : n;
}

/*
 * Hand the command to the glue with @bytes of data-out.  The initiator
 * must send them all: a torn compare, OR or atomic write cannot be carried
 * out, so an Expected Data Transfer Length below @bytes (for COMPARE AND
 * WRITE, @exact, any other) is refused as the CDB's length field at
 * @len_off disagreeing with it.  libiscsi's
 * CompareAndWrite.InvalidDataOutSize and a count that wrapped (256 blocks
 * sent as 0) both end here.
 */
static void to_glue(const struct ikt_scsi_cmd_in *in, u32 bytes, bool exact,
		    u16 len_off, struct ikt_scsi_result *res)
{
	u32 edtl = in->exp_xfer_len;

	if (edtl < bytes || (exact && edtl != bytes)) {
		ikt_scsi_invalid_cdb_field(res, len_off, -1);
		return;
	}
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = bytes;
}

void ikt_scsi_compare_and_write(const struct ikt_scsi_cmd_in *in,
				const struct ikt_scsi_cmd_desc *d,
				struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u64 lba;
	u32 n;

	/* Verify data and write data: two halves of 255 blocks at most. */
	BUILD_BUG_ON(2 * 255 * 4096 > IKT_SCSI_GLUE_DATA_OUT_MAX);
	ikt_scsi_rmw_range(in->cdb, lu->nblocks, &lba, &n);
	if (n > lu->caw_max_blocks) {
		ikt_scsi_invalid_cdb_field(res, CAW_NLB_OFF, -1);
		return;
	}
	if (!range_ok(in, lba, n, res))
		return;
	/* SBC-3 5.2: 0 blocks is not an error, and nothing is compared. */
	if (!n && !in->exp_xfer_len)
		return;
	to_glue(in, 2 * n * lu->block_size, true, CAW_NLB_OFF, res);
}

/*
 * ORWRITE(16) is the BMOP 000b operation of ORWRITE(32) (OR the data-out
 * into the medium); it has no BMOP or PREVIOUS GENERATION PROCESSING
 * field, and ORPROTECT is refused as every protection field is.
 */
void ikt_scsi_orwrite(const struct ikt_scsi_cmd_in *in,
		      const struct ikt_scsi_cmd_desc *d,
		      struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u64 lba;
	u32 n;

	ikt_scsi_rmw_range(in->cdb, lu->nblocks, &lba, &n);
	if (n > max_blocks(lu)) {
		ikt_scsi_invalid_cdb_field(res, ORWRITE_LEN_OFF, -1);
		return;
	}
	if (!range_ok(in, lba, n, res) || !n)
		return;
	to_glue(in, n * lu->block_size, false, ORWRITE_LEN_OFF, res);
}

/*
 * WRITE ATOMIC(16) (SBC-4 5.48): any LBA and length up to MAXIMUM ATOMIC
 * TRANSFER LENGTH, as VPD 0xB0 says (no alignment or granularity); an
 * ATOMIC BOUNDARY is refused by the CDB usage bits since MAXIMUM ATOMIC
 * BOUNDARY SIZE is 0.
 */
void ikt_scsi_write_atomic(const struct ikt_scsi_cmd_in *in,
			   const struct ikt_scsi_cmd_desc *d,
			   struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u64 lba;
	u32 n;

	ikt_scsi_rmw_range(in->cdb, lu->nblocks, &lba, &n);
	/* LBA OUT OF RANGE first, as libiscsi's WriteAtomic16.BeyondEol wants */
	if (!range_ok(in, lba, n, res))
		return;
	if (n > min(lu->atomic_max_blocks, max_blocks(lu))) {
		ikt_scsi_invalid_cdb_field(res, ATOMIC_LEN_OFF, -1);
		return;
	}
	if (!n)
		return;
	to_glue(in, n * lu->block_size, false, ATOMIC_LEN_OFF, res);
}

/*
 * PRE-FETCH(10)/(16): the glue starts reading the range into the cache
 * and answers GOOD at once, IMMED or not.  CONDITION MET would promise
 * the blocks are in the cache when the command ends, which asynchronous
 * read-ahead into a page cache that may evict them cannot; GOOD is what
 * SBC-3 asks for when not all of them fit.
 */
void ikt_scsi_prefetch(const struct ikt_scsi_cmd_in *in,
		       const struct ikt_scsi_cmd_desc *d,
		       struct ikt_scsi_result *res)
{
	u64 lba;
	u32 n;

	ikt_scsi_rmw_range(in->cdb, in->lu->nblocks, &lba, &n);
	if (!range_ok(in, lba, n, res))
		return;
	res->action = IKT_SCSI_GLUE;
}
