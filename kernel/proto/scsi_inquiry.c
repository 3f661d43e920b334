// SPDX-License-Identifier: GPL-2.0
/*
 * INQUIRY (SPC-4 6.6): standard data and the vital product data pages.
 */
#include "scsi.h"
#include <linux/iscsikt.h>

#define STD_INQ_LEN		74	/* through the eight version descriptors */
#define STD_INQ_NO_LU_LEN	36
#define VPD_HDR_LEN		4
#define SERIAL_MAX		20

/* Version descriptors (SPC-4 table 29) */
#define VD_SAM5			0x00a0
#define VD_ISCSI		0x0960
#define VD_SPC4			0x0460
#define VD_SBC3			0x04c0

/* PERIPHERAL DEVICE TYPE of a well-known LU (SPC-4 8.1) */
#define PDT_WLUN		0x1e

/* DESIGNATOR header bits (SPC-4 7.8.6.1) */
#define PROTO_ISCSI		0x50
#define CODESET_BINARY		0x1
#define CODESET_ASCII		0x2
#define CODESET_UTF8		0x3
#define PIV			0x80
#define ASSOC_LU		0x00
#define ASSOC_PORT		0x10
#define ASSOC_TARGET		0x20
#define DESIG_T10		0x1
#define DESIG_NAA		0x3
#define DESIG_REL_PORT		0x4
#define DESIG_TPG		0x5
#define DESIG_LU_GROUP		0x6
#define DESIG_NAME		0x8

/* Copy @s into a @width-byte ASCII field, space padded (SPC-4 4.4.1). */
static void put_ascii(u8 *p, const char *s, unsigned int width)
{
	unsigned int i;

	for (i = 0; i < width && s[i]; i++)
		p[i] = s[i];
	memset(p + i, ' ', width - i);
}

static unsigned int bounded_strlen(const char *s, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static void standard_inquiry(const struct ikt_scsi_cmd_in *in,
			     struct ikt_scsi_result *res)
{
	const struct ikt_lu_info *lu = in->lu;
	u8 *p = in->buf;

	p[2] = 0x06;		/* SPC-4 */
	p[3] = 0x12;		/* HISUP, RESPONSE DATA FORMAT 2 */
	if (!lu) {
		/* PERIPHERAL QUALIFIER 011b: no logical unit at this LUN */
		p[0] = 0x7f;
		p[4] = STD_INQ_NO_LU_LEN - 5;
		memset(p + 8, ' ', 28);
		res->data_full = STD_INQ_NO_LU_LEN;
		return;
	}
	p[4] = STD_INQ_LEN - 5;
	p[7] = 0x02;		/* CMDQUE */
	put_ascii(p + 8, lu->vendor, 8);
	put_ascii(p + 16, lu->product, 16);
	put_ascii(p + 32, lu->revision, 4);
	put_unaligned_be16(VD_SAM5, p + 58);
	put_unaligned_be16(VD_ISCSI, p + 60);
	put_unaligned_be16(VD_SPC4, p + 62);
	res->data_full = STD_INQ_LEN;
	/* A well-known LU has no medium, no port groups, no copy manager. */
	if (lu->wlun) {
		p[0] = PDT_WLUN;
		return;
	}
	if (lu->alua)
		p[5] = 0x30;	/* TPGS 11b: implicit and explicit ALUA */
	if (lu->tpc)
		p[5] |= 0x08;	/* 3PC: EXTENDED COPY is served */
	put_unaligned_be16(VD_SBC3, p + 64);
}

static u32 vpd_unit_serial(const struct ikt_lu_info *lu, u8 *p)
{
	unsigned int n = bounded_strlen(lu->serial, SERIAL_MAX);

	memcpy(p, lu->serial, n);
	return n;
}

/* A designator header; returns where its identifier goes. */
static u8 *put_designator(u8 *p, u32 *off, u8 proto_codeset, u8 type,
			  u32 id_len)
{
	u8 *d = p + *off;

	d[0] = proto_codeset;
	d[1] = type;
	d[3] = id_len;
	*off += 4 + id_len;
	return d + 4;
}

static void put_hex16(u8 *p, u16 v)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 4; i++)
		p[i] = hex[(v >> (12 - 4 * i)) & 0xf];
}

/*
 * SCSI name string designators (SPC-4 7.8.6.11): the target port is
 * "<iqn>,t,0x<TPGT>" and the target device is "<iqn>" (RFC 7143 13.2.1),
 * each NUL terminated and NUL padded to a multiple of four bytes.
 */
static void put_name_designators(const struct ikt_lu_info *lu, u8 *p,
				 u32 *off)
{
	unsigned int n = bounded_strlen(lu->target_name, ISCSIKT_NAME_MAX - 1);
	u8 *id;

	id = put_designator(p, off, PROTO_ISCSI | CODESET_UTF8,
			    PIV | ASSOC_PORT | DESIG_NAME,
			    (n + 10 + 3) & ~3u);
	memcpy(id, lu->target_name, n);
	memcpy(id + n, ",t,0x", 5);
	put_hex16(id + n + 5, lu->tpgt);

	id = put_designator(p, off, PROTO_ISCSI | CODESET_UTF8,
			    PIV | ASSOC_TARGET | DESIG_NAME, (n + 1 + 3) & ~3u);
	memcpy(id, lu->target_name, n);
}

/*
 * The target port's designators: relative target port and target port
 * group, which REPORT TARGET PORT GROUPS reports alike (scsi_alua.c).
 */
static void put_port_designators(const struct ikt_lu_info *lu, u8 *p,
				 u32 *off)
{
	u8 *id;

	id = put_designator(p, off, PROTO_ISCSI | CODESET_BINARY,
			    PIV | ASSOC_PORT | DESIG_REL_PORT, 4);
	put_unaligned_be16(lu->rel_tgt_port, id + 2);

	id = put_designator(p, off, PROTO_ISCSI | CODESET_BINARY,
			    PIV | ASSOC_PORT | DESIG_TPG, 4);
	put_unaligned_be16(lu->tpg_id, id + 2);
}

static u32 vpd_device_id(const struct ikt_lu_info *lu, u8 *p)
{
	unsigned int serial_len = bounded_strlen(lu->serial, SERIAL_MAX);
	u32 off = 0;
	u8 *id;

	/*
	 * A well-known LU has no name of its own (SPC-4 8.1): only the port
	 * and the target device are designated.
	 */
	if (lu->wlun) {
		put_port_designators(lu, p, &off);
		if (lu->target_name)
			put_name_designators(lu, p, &off);
		return off;
	}
	if (lu->naa) {
		id = put_designator(p, &off, CODESET_BINARY,
				    ASSOC_LU | DESIG_NAA, 16);
		put_unaligned_be64(lu->naa, id);
	}

	if (!lu->xen_compat)
		serial_len = SERIAL_MAX;
	id = put_designator(p, &off, CODESET_ASCII, ASSOC_LU | DESIG_T10,
			    8 + serial_len);
	put_ascii(id, lu->vendor, 8);
	put_ascii(id + 8, lu->serial, serial_len);

	put_port_designators(lu, p, &off);

	/* Every LU shares logical unit group 0, as LIO's default group. */
	put_designator(p, &off, CODESET_BINARY, ASSOC_LU | DESIG_LU_GROUP, 4);

	if (lu->target_name)
		put_name_designators(lu, p, &off);
	return off;
}

/* Extended INQUIRY Data (SPC-4 7.8.7) */
static u32 vpd_extended_inquiry(const struct ikt_lu_info *lu, u8 *p)
{
	/*
	 * SIMPSUP only: every task is run as SIMPLE, so ORDERED and HEAD OF
	 * QUEUE are not claimed.  No protection information.
	 */
	p[1] = 0x01;
	if (lu->wce)
		p[2] = 0x01;	/* V_SUP: a volatile cache exists */
	/* LUICLR: REPORT LUNS clears REPORTED LUNS DATA HAS CHANGED */
	p[3] = 0x01;
	return 0x3c;
}

/* Block Limits (SBC-3 6.5.3) */
static u32 vpd_block_limits(const struct ikt_lu_info *lu, u8 *p)
{
	/*
	 * WSNZ stays 0: WRITE SAME with NUMBER OF LOGICAL BLOCKS 0 runs to
	 * the end of the medium, within MAXIMUM WRITE SAME LENGTH as any.
	 */
	p[1] = lu->caw_max_blocks;
	/* Whole physical blocks avoid read-modify-write in the backend. */
	put_unaligned_be16(1u << (lu->pb_exp & 0xf), p + 2);
	put_unaligned_be32(lu->max_xfer_blocks, p + 4);
	if (lu->thin) {
		put_unaligned_be32(lu->unmap_max_blocks, p + 16);
		put_unaligned_be32(lu->unmap_max_descs, p + 20);
		if (lu->unmap_granularity) {
			put_unaligned_be32(lu->unmap_granularity, p + 24);
			/* UGAVALID, UNMAP GRANULARITY ALIGNMENT 0 */
			put_unaligned_be32(0x80000000U, p + 28);
		}
	}
	put_unaligned_be64(lu->write_same_max_blocks, p + 32);
	/*
	 * Any alignment and length up to the maximum: WRITE ATOMIC(16) is
	 * one backend write under the extent's lock (ATOMIC ALIGNMENT,
	 * GRANULARITY and the boundary fields stay 0).
	 */
	put_unaligned_be32(lu->atomic_max_blocks, p + 40);
	return 0x3c;
}

/* Block Device Characteristics (SBC-3 6.5.2) */
static u32 vpd_rotation_rate(const struct ikt_lu_info *lu, u8 *p)
{
	static const u16 rate[] = {
		[ISCSIKT_RPM_UNKNOWN] = 0,
		[ISCSIKT_RPM_SSD] = 1,		/* non-rotating medium */
		[ISCSIKT_RPM_5400] = 5400,
		[ISCSIKT_RPM_7200] = 7200,
		[ISCSIKT_RPM_10000] = 10000,
		[ISCSIKT_RPM_15000] = 15000,
	};

	if (lu->rpm < ARRAY_SIZE(rate))
		put_unaligned_be16(rate[lu->rpm], p);
	return 0x3c;
}

/* Logical Block Provisioning (SBC-3 6.5.4); THRESHOLD EXPONENT 0: none */
static u32 vpd_provisioning(const struct ikt_lu_info *lu, u8 *p)
{
	if (lu->thin) {
		/* LBPU, LBPWS, LBPWS10, LBPRZ: UNMAP, WRITE SAME(16/10) unmap */
		p[1] = 0xe4;
		p[2] = 0x02;	/* PROVISIONING TYPE: thin */
	}
	return 4;
}

static u32 vpd_supported_pages(const struct ikt_lu_info *lu, u8 *p);

static bool vpd_has_tpc(const struct ikt_lu_info *lu)
{
	return lu->tpc;
}

static const struct {
	u8 page;
	/* writes the page after its 4-byte header; returns its PAGE LENGTH */
	u32 (*build)(const struct ikt_lu_info *lu, u8 *p);
	/* NULL: every LU has the page */
	bool (*present)(const struct ikt_lu_info *lu);
} vpd_pages[] = {
	{ 0x00, vpd_supported_pages, NULL },
	{ 0x80, vpd_unit_serial, NULL },
	{ 0x83, vpd_device_id, NULL },
	{ 0x86, vpd_extended_inquiry, NULL },
	{ 0x8f, ikt_scsi_vpd_third_party_copy, vpd_has_tpc },
	{ 0xb0, vpd_block_limits, NULL },
	{ 0xb1, vpd_rotation_rate, NULL },
	{ 0xb2, vpd_provisioning, NULL },
};

static bool vpd_page_present(unsigned int i, const struct ikt_lu_info *lu)
{
	/* A well-known LU: the mandatory pages, nothing about a medium */
	if (lu->wlun)
		return vpd_pages[i].page == 0x00 || vpd_pages[i].page == 0x83;
	return !vpd_pages[i].present || vpd_pages[i].present(lu);
}

static u32 vpd_supported_pages(const struct ikt_lu_info *lu, u8 *p)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(vpd_pages); i++)
		if (vpd_page_present(i, lu))
			p[n++] = vpd_pages[i].page;
	return n;
}

void ikt_scsi_inquiry(const struct ikt_scsi_cmd_in *in,
		      const struct ikt_scsi_cmd_desc *d,
		      struct ikt_scsi_result *res)
{
	u8 page = in->cdb[2];
	unsigned int i;
	u32 len;

	if (!(in->cdb[1] & 0x01)) {
		if (page)
			ikt_scsi_invalid_cdb_field(res, 2, -1);
		else
			standard_inquiry(in, res);
		return;
	}
	if (!in->lu) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_LUN_NOT_SUPPORTED);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(vpd_pages); i++) {
		if (vpd_pages[i].page != page || !vpd_page_present(i, in->lu))
			continue;
		len = vpd_pages[i].build(in->lu, in->buf + VPD_HDR_LEN);
		if (in->lu->wlun)
			in->buf[0] = PDT_WLUN;
		in->buf[1] = page;
		put_unaligned_be16(len, in->buf + 2);
		res->data_full = VPD_HDR_LEN + len;
		return;
	}
	ikt_scsi_invalid_cdb_field(res, 2, -1);
}
