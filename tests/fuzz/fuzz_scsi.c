// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SCSI emulation: random CDBs of random length
 * through ikt_scsi_dispatch() against one of a few fixed logical units.
 *
 * Input: byte 0 picks the LU variant and flags, byte 1 the data-in buffer
 * size (its low bits: the glue is served, the LU is thin, TPC is on), the
 * rest is the CDB (any
 * length, including longer than 16).  A command the glue carries out
 * gets the bytes after the CDB's first sixteen as its parameter list:
 * MODE SELECT, UNMAP, EXTENDED COPY, PERSISTENT RESERVE OUT and SET TARGET
 * PORT GROUPS and SANITIZE OVERWRITE go through their parsers (with thin
 * provisioning and TPC on when the LU variant says so).  With ALUA on,
 * byte 1 bits 3-4 are the port's asymmetric access state for the access
 * check; with it off, the LU's sanitize state.  The
 * buffers are heap copies of exactly the advertised size so ASan catches
 * any read or write past them; every result is checked for consistency.
 */
#include <stdio.h>

#include "scsi.h"

#define TNAME "iqn.2024-01.org.example:a-rather-long-target-name-for-fuzzing"

static const u64 fuzz_luns[] = { 0, 1, 255, 256, 1023, 16383, 16384 };

static void check(int ret, const struct ikt_scsi_cmd_in *in,
		  const struct ikt_scsi_result *res)
{
	u8 sense[IKT_SCSI_SENSE_MAX];

	if (ret)
		__builtin_trap();
	if (res->data_len > in->buf_len || res->data_len > res->data_full)
		__builtin_trap();
	if (res->action == IKT_SCSI_SUBMIT_IO) {
		if (!in->lu || res->io.nblocks == 0 ||
		    res->io.lba >= in->lu->nblocks ||
		    res->io.nblocks > in->lu->nblocks - res->io.lba)
			__builtin_trap();
		if (res->io.op != IKT_IO_READ && res->io.op != IKT_IO_SYNC &&
		    res->io.op != IKT_IO_VERIFY && in->lu->read_only)
			__builtin_trap();
	}
	if (res->action == IKT_SCSI_GLUE &&
	    (!in->glue || !in->lu ||
	     res->data_out_len > IKT_SCSI_GLUE_DATA_OUT_MAX))
		__builtin_trap();
	if (res->status == IKT_SAM_CHECK_CONDITION) {
		if (res->data_len)
			__builtin_trap();
		ikt_scsi_build_sense(&res->sense, true, sense, sizeof(sense));
		ikt_scsi_build_sense(&res->sense, false, sense, sizeof(sense));
	}
}

static void mode_select(const struct ikt_lu_info *lu, const u8 *cdb,
			const u8 *param, u32 len)
{
	struct ikt_mode_changes ch;
	struct ikt_scsi_result res;

	if (ikt_scsi_mode_select(lu, cdb, param, len, &ch, &res) ||
	    res.action != IKT_SCSI_COMPLETE || res.data_len)
		__builtin_trap();
}

static void unmap(const struct ikt_lu_info *lu, const u8 *param, u32 len)
{
	struct ikt_scsi_lba_range *r;
	struct ikt_scsi_result res;
	u32 max = IKT_SCSI_UNMAP_RANGES(len);
	int i, n;

	r = malloc((max ? max : 1) * sizeof(*r));
	if (!r)
		return;
	n = ikt_scsi_unmap_parse(lu, param, len, r, max, &res);
	if (n < 0 || (u32)n > max ||
	    (n && res.status != IKT_SAM_GOOD))
		__builtin_trap();
	for (i = 0; i < n; i++)
		if (!ikt_scsi_lba_range_ok(lu, r[i].lba, r[i].nblocks))
			__builtin_trap();
	free(r);
}

static void extended_copy(const u8 *param, u32 len)
{
	static struct ikt_xcopy_list l;
	struct ikt_scsi_result res;

	if (!ikt_xcopy_parse(param, len, &l, &res) &&
	    (l.ncscds > IKT_XCOPY_MAX_CSCDS || l.nsegs > IKT_XCOPY_MAX_SEGS))
		__builtin_trap();
}

/* PERSISTENT RESERVE OUT from one nexus against an empty LU */
static void pr_out(const u8 *cdb, const u8 *param, u32 len)
{
	struct ikt_pr_nexus it = { .initiator = TNAME, .tpgt = 1 };
	struct ikt_pr_state *st = ikt_pr_state_alloc(IKT_PR_REGS_MAX);
	struct ikt_pr_change ch;
	struct ikt_scsi_result res;

	if (!st)
		return;
	if (ikt_pr_out(st, &it, cdb, param, len, true, &ch, &res))
		__builtin_trap();
	if (ch.next && ch.next->nregs > ch.next->cap)
		__builtin_trap();
	if (res.status == IKT_SAM_GOOD)
		ikt_free(ch.next);
	ikt_free(st);
}

/* SET TARGET PORT GROUPS for an LU behind target port groups 1 and 2 */
static void set_tpgs(const u8 *cdb, const u8 *param, u32 len)
{
	static const struct ikt_alua_tpg tpgs[] = { { .id = 1 }, { .id = 2 } };
	struct ikt_alua_tpg out[ARRAY_SIZE(tpgs)];
	struct ikt_scsi_result res;
	int n, i, j;

	n = ikt_alua_stpg_parse(cdb, param, len, tpgs, ARRAY_SIZE(tpgs), out,
				&res);
	if (n < 0 || n > (int)ARRAY_SIZE(tpgs) ||
	    (n && res.status != IKT_SAM_GOOD))
		__builtin_trap();
	for (i = 0; i < n; i++) {
		if ((out[i].id != 1 && out[i].id != 2) ||
		    out[i].state > IKT_ALUA_UNAVAILABLE)
			__builtin_trap();
		for (j = 0; j < i; j++)
			if (out[j].id == out[i].id)
				__builtin_trap();
	}
}

/* SANITIZE OVERWRITE's parameter list, on a LU of @lu's block size */
static void sanitize(const struct ikt_lu_info *lu, const u8 *cdb,
		     const u8 *param, u32 len)
{
	struct ikt_sanitize_overwrite ow = { .block = malloc(lu->block_size) };
	struct ikt_scsi_result res = { .status = IKT_SAM_GOOD };
	bool ok;

	if (!ow.block || (cdb[1] & 0x1f) != IKT_SANITIZE_OVERWRITE)
		goto out;
	ok = ikt_scsi_sanitize_overwrite_parse(lu, cdb, param, len, &ow, &res);
	if (ok != (res.status == IKT_SAM_GOOD) ||
	    (ok && (!ow.passes || ow.passes > 31)))
		__builtin_trap();
out:
	free(ow.block);
}

/*
 * A command the glue carries out gets the bytes after the CDB's first
 * sixteen (at most what it asked for) as its parameter list.
 */
static void glue(const struct ikt_lu_info *lu, const u8 *cdb, u32 cdb_len,
		 u32 want)
{
	u32 len = cdb_len > 16 ? cdb_len - 16 : 0;
	u8 *param;

	if (len > want)
		len = want;
	param = malloc(len ? len : 1);
	if (!param)
		return;
	memcpy(param, cdb + 16, len);
	switch (cdb[0]) {
	case 0x15:
	case 0x55:
		mode_select(lu, cdb, param, len);
		break;
	case 0x42:
		unmap(lu, param, len);
		break;
	case 0x83:
		extended_copy(param, len);
		break;
	case 0x5f:
		pr_out(cdb, param, len);
		break;
	case 0xa4:
		set_tpgs(cdb, param, len);
		break;
	case IKT_OP_SANITIZE:
		sanitize(lu, cdb, param, len);
		break;
	}
	free(param);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ikt_lu_info lu = {
		.nblocks = 2048,
		.block_size = 512,
		.rpm = 3,
		.rel_tgt_port = 1,
		.tpg_id = 1,
		.tpgt = 0xbeef,
		.naa = 0x6001405000000001ULL,
		.serial = "01234567890123456789",
		.vendor = "ISCSIKT",
		.product = "fuzz",
		.revision = "0001",
		.target_name = TNAME,
	};
	struct ikt_scsi_sense pending = {
		.key = IKT_SK_UNIT_ATTENTION, .asc = 0x2900,
		.info_valid = true, .info = ~0ULL,
	};
	struct ikt_scsi_cmd_in in = { 0 };
	struct ikt_scsi_result res;
	u8 mode, *cdb, *buf;

	if (size < 3)
		return 0;
	mode = data[0];
	lu.read_only = mode & 0x01;
	lu.xen_compat = mode & 0x02;
	lu.d_sense = mode & 0x04;
	lu.alua = mode & 0x08;
	lu.wce = mode & 0x10;
	lu.pb_exp = mode >> 4;
	if (mode & 0x20)
		lu.nblocks = ~0ULL;	/* the largest capacity there is */
	if (mode & 0x40)
		lu.max_xfer_blocks = 64;
	lu.caw_max_blocks = 255;
	lu.atomic_max_blocks = lu.max_xfer_blocks;
	/* byte 1 bit 1: thin provisioning, bit 2: third-party copy */
	lu.thin = data[1] & 0x02;
	if (lu.thin) {
		lu.unmap_max_blocks = 0x10000;
		lu.unmap_max_descs = 64;
		lu.write_same_max_blocks = 0x8000;
		/* LOG SENSE page 0Ch, with counts past its 32-bit fields */
		lu.lbp_log = true;
		lu.lbp_avail = 0x123456789ULL;
		lu.lbp_used = 0x1000;
	}
	lu.tpc = data[1] & 0x04;
	if (lu.alua) {
		lu.alua_state = (data[1] >> 3) & 3;
	} else {
		lu.sanitize = ((data[1] >> 3) & 3) % 3;
		lu.sanitize_progress = 0x1234;
	}
	in.lu = (mode & 0xc0) == 0xc0 ? NULL : &lu;
	in.pending_sense = (mode & 0x80) ? &pending : NULL;
	in.luns = fuzz_luns;
	in.nluns = ARRAY_SIZE(fuzz_luns);
	in.buf_len = IKT_SCSI_DATA_MIN + data[1];

	in.cdb_len = size - 2;
	cdb = malloc(in.cdb_len);
	buf = malloc(in.buf_len);
	if (!cdb || !buf)
		goto out;
	memcpy(cdb, data + 2, in.cdb_len);
	in.cdb = cdb;
	in.buf = buf;
	in.glue = data[1] & 1;
	check(ikt_scsi_dispatch(&in, &res), &in, &res);
	if (in.lu && ikt_alua_access_denied(&lu, cdb, in.cdb_len, &res) &&
	    (res.status != IKT_SAM_CHECK_CONDITION ||
	     res.sense.key != IKT_SK_NOT_READY))
		__builtin_trap();
	if (res.action == IKT_SCSI_GLUE && in.lu)
		glue(&lu, cdb, in.cdb_len, res.data_out_len);
out:
	free(cdb);
	free(buf);
	return 0;
}
