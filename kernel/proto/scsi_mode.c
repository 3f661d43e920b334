// SPDX-License-Identifier: GPL-2.0
/*
 * MODE SENSE(6)/(10) and MODE SELECT(6)/(10) (SPC-4 6.9-6.12) with the
 * pages a disk is expected to have.  Only WCE, D_SENSE and SWP are
 * changeable; no parameter is saved.  Like LIO, MODE SENSE answers "saved
 * values" with the current ones rather than SAVING PARAMETERS NOT
 * SUPPORTED: initiators that ask for them (sg_modes -a, Windows) then
 * still get an answer, and nothing but the current values exists to
 * report.
 */
#include "scsi.h"

#define PC_CURRENT		0
#define PC_CHANGEABLE		1
#define PC_DEFAULT		2
#define PC_SAVED		3
#define PAGE_ALL		0x3f
#define SUBPAGE_ALL		0xff
#define PAGE_SPF		0x40	/* SUBPAGE FORMAT */
#define PAGE_PS			0x80	/* PARAMETERS SAVEABLE */

#define HDR6_LEN		4
#define HDR10_LEN		8
#define BLKDESC_LEN		8
#define BLKDESC_LONG_LEN	16
#define PAGE_MAX_LEN		32

#define DEVSPEC_WP		0x80
#define DEVSPEC_DPOFUA		0x10

#define CACHING_WCE		0x04
#define CONTROL_D_SENSE		0x04
#define CONTROL_GLTSD		0x02
#define CONTROL_SWP		0x08	/* byte 4 */

struct mode_page {
	u8 page;
	u8 subpage;
	u8 len;			/* with the page header */
	/* writes the current values after the header; NULL: all zero */
	void (*build)(const struct ikt_lu_info *lu, u8 *p);
	/* the changeable bytes of the page and their changeable bits */
	struct {
		u8 off;
		u8 mask;
	} chg[2];
};

static void build_caching(const struct ikt_lu_info *lu, u8 *p)
{
	if (lu->wce)
		p[2] = CACHING_WCE;
}

static void build_control(const struct ikt_lu_info *lu, u8 *p)
{
	/* TST 000b, GLTSD: no log parameters are ever saved */
	p[2] = CONTROL_GLTSD | (lu->d_sense ? CONTROL_D_SENSE : 0);
	p[3] = 0x10;		/* QUEUE ALGORITHM MODIFIER: unrestricted */
	p[4] = lu->swp ? CONTROL_SWP : 0;
	put_unaligned_be16(0xffff, p + 8);	/* BUSY TIMEOUT: unlimited */
}

static void build_informational_exceptions(const struct ikt_lu_info *lu,
					   u8 *p)
{
	p[2] = 0x08;	/* DEXCPT: no failure prediction to report */
}

/* In the order MODE SENSE returns them: by page, then subpage. */
static const struct mode_page mode_pages[] = {
	/* read-write error recovery */
	{ 0x01, 0x00, 12, NULL, {} },
	{ 0x08, 0x00, 20, build_caching, { { 2, CACHING_WCE } } },
	{ 0x0a, 0x00, 12, build_control,
	  { { 2, CONTROL_D_SENSE }, { 4, CONTROL_SWP } } },
	/* control extension */
	{ 0x0a, 0x01, 32, NULL, {} },
	{ 0x1c, 0x00, 12, build_informational_exceptions, {} },
};

static u32 page_hdr_len(const struct mode_page *mp)
{
	return mp->subpage ? 4 : 2;
}

/* One page as @pc asks for it; @chg: MODE SELECT is available. */
static u32 put_page(const struct ikt_lu_info *lu, const struct mode_page *mp,
		    u8 pc, bool chg, u8 *p)
{
	struct ikt_lu_info def;
	unsigned int i;

	memset(p, 0, mp->len);
	if (mp->subpage) {
		p[0] = mp->page | PAGE_SPF;
		p[1] = mp->subpage;
		put_unaligned_be16(mp->len - 4, p + 2);
	} else {
		p[0] = mp->page;
		p[1] = mp->len - 2;
	}
	if (pc == PC_CHANGEABLE) {
		for (i = 0; chg && i < ARRAY_SIZE(mp->chg); i++)
			p[mp->chg[i].off] |= mp->chg[i].mask;
		return mp->len;
	}
	if (!mp->build)
		return mp->len;
	if (pc == PC_DEFAULT) {
		def = *lu;
		def.wce = true;
		def.d_sense = false;
		def.swp = false;
		lu = &def;
	}
	mp->build(lu, p);
	return mp->len;
}

static bool page_selected(const struct mode_page *mp, u8 page, u8 subpage)
{
	if (page == PAGE_ALL)
		return subpage == SUBPAGE_ALL || !mp->subpage;
	return mp->page == page &&
	       (subpage == SUBPAGE_ALL || mp->subpage == subpage);
}

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
	u32 hdr = ten ? HDR10_LEN : HDR6_LEN, bd = 0, len = 0;
	bool page_known = false;
	unsigned int i;
	u8 *p = in->buf;

	/* Every page and block descriptor fits MODE SENSE(6)'s 255 bytes. */
	BUILD_BUG_ON(HDR6_LEN + BLKDESC_LEN + 12 + 20 + 12 + 32 + 12 > 256);
	if (page == PAGE_ALL && subpage && subpage != SUBPAGE_ALL) {
		ikt_scsi_invalid_cdb_field(res, 3, -1);
		return;
	}
	if (!dbd)
		bd = put_block_descriptor(lu, longlba, p + hdr);
	for (i = 0; i < ARRAY_SIZE(mode_pages); i++) {
		const struct mode_page *mp = &mode_pages[i];

		page_known |= mp->page == page;
		if (page_selected(mp, page, subpage))
			len += put_page(lu, mp, pc, in->glue,
					p + hdr + bd + len);
	}
	if (!len) {
		if (page_known)
			ikt_scsi_invalid_cdb_field(res, 3, -1);
		else
			ikt_scsi_invalid_cdb_field(res, 2, 5);
		return;
	}
	len += hdr + bd;
	if (ten) {
		put_unaligned_be16(len - 2, p);
		p[3] = (ikt_lu_write_protected(lu) ? DEVSPEC_WP : 0) |
		       DEVSPEC_DPOFUA;
		p[4] = longlba && bd ? 0x01 : 0;	/* LONGLBA */
		put_unaligned_be16(bd, p + 6);
	} else {
		p[0] = len - 1;
		p[2] = (ikt_lu_write_protected(lu) ? DEVSPEC_WP : 0) |
		       DEVSPEC_DPOFUA;
		p[3] = bd;
	}
	res->data_full = len;
}

static u32 param_list_len(const u8 *cdb)
{
	return cdb[0] == 0x15 ? cdb[4] : get_unaligned_be16(cdb + 7);
}

/* MODE SELECT CDB: the parameter list is fetched before it is parsed. */
void ikt_scsi_mode_select_cdb(const struct ikt_scsi_cmd_in *in,
			      const struct ikt_scsi_cmd_desc *d,
			      struct ikt_scsi_result *res)
{
	u8 flags = in->cdb[1];

	/* Only the standard page format exists here. */
	if (!(flags & 0x10)) {
		ikt_scsi_invalid_cdb_field(res, 1, 4);
		return;
	}
	/* SP: nothing is saved (SPC-4 6.9: INVALID FIELD IN CDB) */
	if (flags & 0x01) {
		ikt_scsi_invalid_cdb_field(res, 1, 0);
		return;
	}
	/* An empty parameter list changes nothing and is no error. */
	res->data_out_len = param_list_len(in->cdb);
	if (res->data_out_len)
		res->action = IKT_SCSI_GLUE;
}

static void param_len_error(struct ikt_scsi_result *res)
{
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
}

/*
 * A block descriptor may only restate the LU's shape: the current
 * NUMBER OF LOGICAL BLOCKS (or 0, "keep it") and block length.  Returns
 * false with @res filled otherwise.
 */
static bool block_descriptor_ok(const struct ikt_lu_info *lu, const u8 *p,
				u32 off, bool longlba,
				struct ikt_scsi_result *res)
{
	u64 n;

	if (longlba) {
		n = get_unaligned_be64(p);
		if (get_unaligned_be32(p + 8)) {
			ikt_scsi_invalid_param_field(res, off + 8, -1);
			return false;
		}
		if (get_unaligned_be32(p + 12) != lu->block_size) {
			ikt_scsi_invalid_param_field(res, off + 12, -1);
			return false;
		}
		if (n && n != lu->nblocks) {
			ikt_scsi_invalid_param_field(res, off, -1);
			return false;
		}
		return true;
	}
	n = get_unaligned_be32(p);
	if (p[4]) {		/* DENSITY CODE */
		ikt_scsi_invalid_param_field(res, off + 4, -1);
		return false;
	}
	if (get_unaligned_be24(p + 5) != lu->block_size) {
		ikt_scsi_invalid_param_field(res, off + 5, -1);
		return false;
	}
	if (n && n != min_t(u64, lu->nblocks, 0xffffffffULL)) {
		ikt_scsi_invalid_param_field(res, off, -1);
		return false;
	}
	return true;
}

/* The mode parameter header; returns its length plus the descriptors'. */
static u32 select_header(const struct ikt_lu_info *lu, bool ten,
			 const u8 *param, u32 len,
			 struct ikt_scsi_result *res)
{
	u32 hdr = ten ? HDR10_LEN : HDR6_LEN;
	bool longlba = false;
	u32 bdl;

	if (len < hdr) {
		param_len_error(res);
		return 0;
	}
	/*
	 * MODE DATA LENGTH and the device-specific parameter (WP, DPOFUA) are
	 * reserved here; initiators echo what MODE SENSE returned, so they
	 * are ignored.  MEDIUM TYPE must be the one MODE SENSE reports.
	 */
	if (param[ten ? 2 : 1]) {
		ikt_scsi_invalid_param_field(res, ten ? 2 : 1, -1);
		return 0;
	}
	if (ten) {
		if (param[4] & 0xfe) {
			ikt_scsi_invalid_param_field(res, 4,
						     ikt_scsi_top_bit(param[4]));
			return 0;
		}
		if (param[5]) {
			ikt_scsi_invalid_param_field(res, 5, -1);
			return 0;
		}
		longlba = param[4] & 0x01;
		bdl = get_unaligned_be16(param + 6);
	} else {
		bdl = param[3];
	}
	if (bdl && bdl != (longlba ? BLKDESC_LONG_LEN : BLKDESC_LEN)) {
		ikt_scsi_invalid_param_field(res, ten ? 6 : 3, -1);
		return 0;
	}
	if (len - hdr < bdl) {
		param_len_error(res);
		return 0;
	}
	if (bdl && !block_descriptor_ok(lu, param + hdr, hdr, longlba, res))
		return 0;
	return hdr + bdl;
}

static const struct mode_page *find_page(u8 page, u8 subpage)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mode_pages); i++)
		if (mode_pages[i].page == page &&
		    mode_pages[i].subpage == subpage)
			return &mode_pages[i];
	return NULL;
}

/*
 * One mode page at @off of the parameter list; returns its length, 0
 * with @res filled when it is cut short or changes what it may not.
 */
static u32 select_page(const struct ikt_lu_info *lu, const u8 *param,
		       u32 off, u32 len, struct ikt_mode_changes *out,
		       struct ikt_scsi_result *res)
{
	const u8 *p = param + off;
	const struct mode_page *mp;
	u8 cur[PAGE_MAX_LEN];
	u32 plen, i, c;
	bool spf;

	spf = p[0] & PAGE_SPF;
	if (len - off < (spf ? 4u : 2u)) {
		param_len_error(res);
		return 0;
	}
	mp = find_page(p[0] & 0x3f, spf ? p[1] : 0);
	if (!mp) {
		/* Every page with subpages here has a subpage 0 as well. */
		if (spf && find_page(p[0] & 0x3f, 0))
			ikt_scsi_invalid_param_field(res, off + 1, -1);
		else
			ikt_scsi_invalid_param_field(res, off, 5);
		return 0;
	}
	/* Subpage 0 only exists in the page_0 format. */
	if (spf != !!mp->subpage) {
		ikt_scsi_invalid_param_field(res, off, 6);
		return 0;
	}
	plen = spf ? get_unaligned_be16(p + 2) + 4u : p[1] + 2u;
	if (plen != mp->len) {
		ikt_scsi_invalid_param_field(res, off + (spf ? 2 : 1), -1);
		return 0;
	}
	if (len - off < plen) {
		param_len_error(res);
		return 0;
	}
	put_page(lu, mp, PC_CURRENT, true, cur);
	for (i = page_hdr_len(mp); i < plen; i++) {
		u8 bad = p[i] ^ cur[i];

		for (c = 0; c < ARRAY_SIZE(mp->chg); c++)
			if (mp->chg[c].mask && i == mp->chg[c].off)
				bad &= ~mp->chg[c].mask;
		if (bad) {
			ikt_scsi_invalid_param_field(res, off + i,
						     ikt_scsi_top_bit(bad));
			return 0;
		}
	}
	if (mp->page == 0x08) {
		out->wce = p[2] & CACHING_WCE;
	} else if (mp->page == 0x0a && !mp->subpage) {
		out->d_sense = p[2] & CONTROL_D_SENSE;
		out->swp = p[4] & CONTROL_SWP;
	}
	return plen;
}

int ikt_scsi_mode_select(const struct ikt_lu_info *lu, const u8 *cdb,
			 const u8 *param, u32 len,
			 struct ikt_mode_changes *out,
			 struct ikt_scsi_result *res)
{
	struct ikt_mode_changes want;
	bool ten;
	u32 off, n;

	if (!lu || !cdb || !out || !res || (len && !param) ||
	    (cdb[0] != 0x15 && cdb[0] != 0x55))
		return -EINVAL;
	ten = cdb[0] == 0x55;
	memset(res, 0, sizeof(*res));
	res->action = IKT_SCSI_COMPLETE;
	res->status = IKT_SAM_GOOD;
	out->wce = lu->wce;
	out->d_sense = lu->d_sense;
	out->swp = lu->swp;
	out->changed = false;
	want = *out;

	/* Bytes past PARAMETER LIST LENGTH are not part of the list. */
	len = min(len, param_list_len(cdb));
	if (!len)
		return 0;
	off = select_header(lu, ten, param, len, res);
	if (!off)
		return 0;
	for (; off < len; off += n) {
		n = select_page(lu, param, off, len, &want, res);
		if (!n)
			return 0;
	}
	want.changed = want.wce != lu->wce || want.d_sense != lu->d_sense ||
		       want.swp != lu->swp;
	*out = want;
	return 0;
}
