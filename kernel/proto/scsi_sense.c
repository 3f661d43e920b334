// SPDX-License-Identifier: GPL-2.0
/*
 * Sense data (SPC-4 4.5): fixed and descriptor formats.
 */
#include "scsi.h"

#define FIXED_SENSE_LEN		18
#define DESC_HDR_LEN		8
#define DESC_INFO_LEN		12
#define DESC_SKS_LEN		8

/* The three SENSE KEY SPECIFIC bytes, shared by both formats. */
static void put_sks(const struct ikt_scsi_sense *s, u8 *p)
{
	p[0] = 0x80 | (s->sks_cdb ? 0x40 : 0) |
	       (s->sks_bpv ? 0x08 | (s->sks_bit & 7) : 0);
	put_unaligned_be16(s->sks_field, p + 1);
}

static unsigned int build_fixed(const struct ikt_scsi_sense *s, u8 *p)
{
	memset(p, 0, FIXED_SENSE_LEN);
	p[0] = 0x70;
	/* The field holds 32 bits; a wider value cannot be reported valid. */
	if (s->info_valid && s->info <= 0xffffffffULL) {
		p[0] |= 0x80;
		put_unaligned_be32((u32)s->info, p + 3);
	}
	p[2] = s->key & 0xf;
	p[7] = FIXED_SENSE_LEN - 8;
	p[12] = s->asc >> 8;
	p[13] = s->asc & 0xff;
	if (s->sks_valid)
		put_sks(s, p + 15);
	return FIXED_SENSE_LEN;
}

static unsigned int build_descriptor(const struct ikt_scsi_sense *s, u8 *p)
{
	unsigned int len = DESC_HDR_LEN;

	memset(p, 0, DESC_HDR_LEN + DESC_INFO_LEN + DESC_SKS_LEN);
	p[0] = 0x72;
	p[1] = s->key & 0xf;
	p[2] = s->asc >> 8;
	p[3] = s->asc & 0xff;
	if (s->info_valid) {
		p[len] = 0x00;
		p[len + 1] = DESC_INFO_LEN - 2;
		p[len + 2] = 0x80;
		put_unaligned_be64(s->info, p + len + 4);
		len += DESC_INFO_LEN;
	}
	if (s->sks_valid) {
		p[len] = 0x02;
		p[len + 1] = DESC_SKS_LEN - 2;
		put_sks(s, p + len + 4);
		len += DESC_SKS_LEN;
	}
	p[7] = len - DESC_HDR_LEN;
	return len;
}

unsigned int ikt_scsi_build_sense(const struct ikt_scsi_sense *s,
				  bool descriptor, u8 *buf, unsigned int len)
{
	u8 tmp[IKT_SCSI_SENSE_MAX];
	unsigned int n;

	BUILD_BUG_ON(DESC_HDR_LEN + DESC_INFO_LEN + DESC_SKS_LEN >
		     IKT_SCSI_SENSE_MAX);
	n = descriptor ? build_descriptor(s, tmp) : build_fixed(s, tmp);
	n = min(n, len);
	memcpy(buf, tmp, n);
	return n;
}

void ikt_scsi_set_sense(struct ikt_scsi_result *res, u8 key, u16 asc)
{
	res->action = IKT_SCSI_COMPLETE;
	res->status = IKT_SAM_CHECK_CONDITION;
	memset(&res->sense, 0, sizeof(res->sense));
	res->sense.key = key;
	res->sense.asc = asc;
	res->data_len = 0;
	res->data_full = 0;
}

static void invalid_field(struct ikt_scsi_result *res, u16 asc, bool cdb,
			  u16 byte, int bit)
{
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST, asc);
	res->sense.sks_valid = true;
	res->sense.sks_cdb = cdb;
	res->sense.sks_field = byte;
	if (bit >= 0) {
		res->sense.sks_bpv = true;
		res->sense.sks_bit = bit;
	}
}

void ikt_scsi_invalid_cdb_field(struct ikt_scsi_result *res, u16 byte,
				int bit)
{
	invalid_field(res, IKT_ASC_INVALID_FIELD_IN_CDB, true, byte, bit);
}

void ikt_scsi_invalid_param_field(struct ikt_scsi_result *res, u16 byte,
				  int bit)
{
	invalid_field(res, IKT_ASC_INVALID_FIELD_IN_PARAM, false, byte, bit);
}

/* The bit a field pointer names: the highest one set in @v (not 0). */
int ikt_scsi_top_bit(u8 v)
{
	int bit = 7;

	while (!(v & 0x80)) {
		v <<= 1;
		bit--;
	}
	return bit;
}
