// SPDX-License-Identifier: GPL-2.0
/*
 * MODE SENSE(6) and MODE SENSE(10) (SPC-4 6.11, 6.12) with the pages a
 * disk is expected to have.  MODE SELECT does not exist yet, so no bit is
 * changeable and the defaults are the current values.
 */
#include "scsi.h"

#define PC_CURRENT		0
#define PC_CHANGEABLE		1
#define PC_DEFAULT		2
#define PC_SAVED		3
#define PAGE_ALL		0x3f
#define SUBPAGE_ALL		0xff

#define HDR6_LEN		4
#define HDR10_LEN		8
#define BLKDESC_LEN		8
#define BLKDESC_LONG_LEN	16

#define DEVSPEC_WP		0x80
#define DEVSPEC_DPOFUA		0x10

/* Each builder writes one page (header included) and returns its length. */
static u32 page_rw_error_recovery(const struct ikt_lu_info *lu, bool chg,
				  u8 *p)
{
	p[0] = 0x01;
	p[1] = 0x0a;
	return 12;
}

static u32 page_caching(const struct ikt_lu_info *lu, bool chg, u8 *p)
{
	p[0] = 0x08;
	p[1] = 0x12;
	if (!chg && lu->wce)
		p[2] = 0x04;	/* WCE */
	return 20;
}

static u32 page_control(const struct ikt_lu_info *lu, bool chg, u8 *p)
{
	p[0] = 0x0a;
	p[1] = 0x0a;
	if (chg)
		return 12;
	/* GLTSD: no log parameters are ever saved */
	p[2] = 0x02 | (lu->d_sense ? 0x04 : 0);
	p[3] = 0x10;		/* QUEUE ALGORITHM MODIFIER: unrestricted */
	put_unaligned_be16(0xffff, p + 8);	/* BUSY TIMEOUT: unlimited */
	return 12;
}

static u32 page_informational_exceptions(const struct ikt_lu_info *lu,
					 bool chg, u8 *p)
{
	p[0] = 0x1c;
	p[1] = 0x0a;
	if (!chg)
		p[2] = 0x08;	/* DEXCPT: no failure prediction to report */
	return 12;
}

static const struct {
	u8 page;
	u32 (*build)(const struct ikt_lu_info *lu, bool chg, u8 *p);
} mode_pages[] = {
	{ 0x01, page_rw_error_recovery },
	{ 0x08, page_caching },
	{ 0x0a, page_control },
	{ 0x1c, page_informational_exceptions },
};

static u32 put_block_descriptor(const struct ikt_lu_info *lu, bool longlba,
				u8 *p)
{
	if (longlba) {
		put_unaligned_be64(lu->nblocks, p);
		put_unaligned_be32(lu->block_size, p + 12);
		return BLKDESC_LONG_LEN;
	}
	/* More blocks than the field holds reads as 0xffffffff. */
	put_unaligned_be32((u32)min_t(u64, lu->nblocks, 0xffffffffULL), p);
	put_unaligned_be24(lu->block_size, p + 5);
	return BLKDESC_LEN;
}

/* Returns the bytes written, 0 when @page is not one of ours. */
static u32 put_pages(const struct ikt_lu_info *lu, u8 page, bool chg, u8 *p)
{
	u32 off = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mode_pages); i++)
		if (page == PAGE_ALL || page == mode_pages[i].page)
			off += mode_pages[i].build(lu, chg, p + off);
	return off;
}

void ikt_scsi_mode_sense(const struct ikt_scsi_cmd_in *in,
			 const struct ikt_scsi_cmd_desc *d,
			 struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	const u8 *cdb = in->cdb;
	bool ten = d->cdb_len == 10;
	bool dbd = cdb[1] & 0x08;
	bool longlba = ten && (cdb[1] & 0x10);
	u8 pc = cdb[2] >> 6, page = cdb[2] & 0x3f, subpage = cdb[3];
	u32 hdr = ten ? HDR10_LEN : HDR6_LEN, bd = 0, len;
	u8 *p = in->buf;

	if (pc == PC_SAVED) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_SAVING_PARAMS_UNSUP);
		return;
	}
	/* No page of ours has subpages beyond 0. */
	if (subpage && subpage != SUBPAGE_ALL) {
		ikt_scsi_invalid_cdb_field(res, 3, -1);
		return;
	}
	if (!dbd)
		bd = put_block_descriptor(lu, longlba, p + hdr);
	len = put_pages(lu, page, pc == PC_CHANGEABLE, p + hdr + bd);
	if (!len) {
		ikt_scsi_invalid_cdb_field(res, 2, 5);
		return;
	}
	len += hdr + bd;
	if (ten) {
		put_unaligned_be16(len - 2, p);
		p[3] = (lu->read_only ? DEVSPEC_WP : 0) | DEVSPEC_DPOFUA;
		p[4] = longlba && bd ? 0x01 : 0;	/* LONGLBA */
		put_unaligned_be16(bd, p + 6);
	} else {
		p[0] = len - 1;
		p[2] = (lu->read_only ? DEVSPEC_WP : 0) | DEVSPEC_DPOFUA;
		p[3] = bd;
	}
	res->data_full = len;
}
