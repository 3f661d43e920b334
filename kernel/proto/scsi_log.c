// SPDX-License-Identifier: GPL-2.0
/*
 * LOG SENSE (SPC-4 6.6): the lists of supported log pages (00h/00h and
 * 00h/FFh) and, on a thin LU backed by a file, the Logical Block
 * Provisioning log page (SBC-4 6.4.5, 0Ch/00h).  No page holds a counter
 * or a value that can be saved, reset or given a threshold through LOG
 * SELECT, so there is no LOG SELECT and SP and PPC are refused.
 */
#include "scsi.h"

#define LOG_SUPPORTED		0x00
#define LOG_LBP			0x0c
#define LOG_ALL_SUBPAGES	0xff
#define LOG_HDR_LEN		4
/* Logical Block Provisioning parameters (SBC-4 table 196) */
#define LBP_AVAILABLE		0x0001
#define LBP_USED		0x0002
#define LBP_PARAM_LEN		12
/*
 * Parameter control byte of a binary format list log parameter (SPC-4
 * 7.3.2.2.2.4): DU 0; TSD 1, nothing is ever saved; FORMAT AND LINKING 11b.
 */
#define LBP_PARAM_CONTROL	0x23
/* SCOPE (SBC-4 table 199) */
#define LBP_SCOPE_DEDICATED	0x1	/* the LU's own blocks */
#define LBP_SCOPE_SHARED	0x2	/* other LUs may use them too */

static const struct {
	u8 page, subpage;
	bool lbp;		/* only with lu->lbp_log */
} log_pages[] = {
	{ LOG_SUPPORTED, 0x00, false },
	{ LOG_SUPPORTED, LOG_ALL_SUBPAGES, false },
	{ LOG_LBP, 0x00, true },
};

static bool log_page_present(const struct ikt_lu_info *lu, unsigned int i)
{
	return !log_pages[i].lbp || lu->lbp_log;
}

/* The page list of 00h/00h (codes) or 00h/FFh (code, subpage pairs) */
static u32 log_supported(const struct ikt_lu_info *lu, bool subpages, u8 *p)
{
	u32 off = LOG_HDR_LEN;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(log_pages); i++) {
		if (!log_page_present(lu, i))
			continue;
		if (subpages) {
			p[off++] = log_pages[i].page;
			p[off++] = log_pages[i].subpage;
		} else if (!i || log_pages[i].page != log_pages[i - 1].page) {
			p[off++] = log_pages[i].page;
		}
	}
	return off;
}

/* RESOURCE COUNT is 32 bits of threshold sets, one LBA each here. */
static u32 lbp_count(u64 blocks)
{
	return (u32)min_t(u64, blocks, 0xffffffffULL);
}

static u32 lbp_param(u8 *p, u16 code, u64 blocks, u8 scope)
{
	put_unaligned_be16(code, p);
	p[2] = LBP_PARAM_CONTROL;
	p[3] = LBP_PARAM_LEN - LOG_HDR_LEN;
	put_unaligned_be32(lbp_count(blocks), p + 4);
	p[8] = scope;
	return LBP_PARAM_LEN;
}

/* Page 0Ch from parameter code @first on, ascending */
static u32 log_lbp(const struct ikt_lu_info *lu, u16 first, u8 *p)
{
	u32 off = LOG_HDR_LEN;

	p[0] = 0x80;		/* DS: the parameters cannot be saved */
	if (first <= LBP_AVAILABLE)
		off += lbp_param(p + off, LBP_AVAILABLE, lu->lbp_avail,
				 LBP_SCOPE_SHARED);
	off += lbp_param(p + off, LBP_USED, lu->lbp_used, LBP_SCOPE_DEDICATED);
	return off;
}

void ikt_scsi_log_sense(const struct ikt_scsi_cmd_in *in,
			const struct ikt_scsi_cmd_desc *d,
			struct ikt_scsi_result *res)
{
	const u8 *cdb = in->cdb;
	u8 page = cdb[2] & 0x3f, subpage = cdb[3], *p = in->buf;
	u16 pointer = get_unaligned_be16(cdb + 5);
	bool page_known = false;
	unsigned int i;
	u32 len;

	for (i = 0; i < ARRAY_SIZE(log_pages); i++) {
		if (log_pages[i].page != page || !log_page_present(in->lu, i))
			continue;
		page_known = true;
		if (log_pages[i].subpage == subpage)
			break;
	}
	if (i == ARRAY_SIZE(log_pages)) {
		if (page_known)
			ikt_scsi_invalid_cdb_field(res, 3, -1);
		else
			ikt_scsi_invalid_cdb_field(res, 2, 5);
		return;
	}
	/*
	 * PC selects threshold or cumulative, current or default values of
	 * data counters; list parameters, all we have, have one value each
	 * (SPC-4 6.6: PC does not apply to them), so every PC reads it.
	 * A PARAMETER POINTER past the page's last parameter code is an
	 * error; the lists of supported pages have no parameter codes.
	 */
	if (page == LOG_LBP) {
		if (pointer > LBP_USED) {
			ikt_scsi_invalid_cdb_field(res, 5, -1);
			return;
		}
		len = log_lbp(in->lu, pointer, p);
	} else {
		if (pointer) {
			ikt_scsi_invalid_cdb_field(res, 5, -1);
			return;
		}
		len = log_supported(in->lu, subpage == LOG_ALL_SUBPAGES, p);
		if (subpage)
			p[0] = 0x40;	/* SPF */
	}
	p[0] |= page;
	p[1] = subpage;
	put_unaligned_be16(len - LOG_HDR_LEN, p + 2);
	res->data_full = len;
}
