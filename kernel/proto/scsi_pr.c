// SPDX-License-Identifier: GPL-2.0
/*
 * Reservations (SPC-4 5.13, 6.15, 6.16; SPC-2 7.21, 7.23): PERSISTENT
 * RESERVE IN/OUT and RESERVE/RELEASE(6)/(10).
 *
 * The glue owns one struct ikt_pr_state per logical unit and serializes
 * every change.  PERSISTENT RESERVE OUT never edits the current state: it
 * builds the next one, so a command that fails half way (a bad TransportID
 * in the middle of a SPEC_I_PT list, no memory) leaves nothing behind, and
 * the glue swaps the two in one step under the lock its conflict check
 * takes.  While a change is computed, removed registrations keep their
 * slot with key 0 (no registration can have that key), so the index of a
 * registration in the next state is its index in the current one and the
 * unit attentions can be given by index; the slots are compacted last.
 */
#include "scsi.h"

#define PR_PARAM_LEN		24	/* the basic PR OUT parameter list */
#define PR_SPEC_I_PT		0x08
#define PR_ALL_TG_PT		0x04
#define PR_APTPL		0x01
#define PR_MOVE_UNREG		0x02
#define ISCSI_PROTOCOL_ID	0x5
#define TPID_FMT_NAME		0x00
#define TPID_FMT_PORT		0x40
#define TPID_ISID_SEP		",i,0x"
#define TPID_ISID_SEP_LEN	5
#define TPID_MIN_ADDL		20

enum {
	PRO_REGISTER,
	PRO_RESERVE,
	PRO_RELEASE,
	PRO_CLEAR,
	PRO_PREEMPT,
	PRO_PREEMPT_ABORT,
	PRO_REGISTER_IGNORE,
	PRO_REGISTER_MOVE,
};

enum {
	PRI_READ_KEYS,
	PRI_READ_RESERVATION,
	PRI_REPORT_CAPABILITIES,
	PRI_READ_FULL_STATUS,
};

static bool pr_type_valid(u8 type)
{
	switch (type) {
	case IKT_PR_WE:
	case IKT_PR_EA:
	case IKT_PR_WE_RO:
	case IKT_PR_EA_RO:
	case IKT_PR_WE_AR:
	case IKT_PR_EA_AR:
		return true;
	default:
		return false;
	}
}

static bool pr_type_all_reg(u8 type)
{
	return type == IKT_PR_WE_AR || type == IKT_PR_EA_AR;
}

static bool pr_type_reg_only(u8 type)
{
	return type == IKT_PR_WE_RO || type == IKT_PR_EA_RO;
}

static bool pr_type_write_excl(u8 type)
{
	return type == IKT_PR_WE || type == IKT_PR_WE_RO || type == IKT_PR_WE_AR;
}

/* ------------------------------------------------------------------ */
/* CDB handlers                                                        */
/* ------------------------------------------------------------------ */

void ikt_scsi_pr_in_cdb(const struct ikt_scsi_cmd_in *in,
			const struct ikt_scsi_cmd_desc *d,
			struct ikt_scsi_result *res)
{
	if ((in->cdb[1] & 0x1f) > PRI_READ_FULL_STATUS) {
		ikt_scsi_invalid_cdb_field(res, 1, 4);
		return;
	}
	res->action = IKT_SCSI_GLUE;
}

void ikt_scsi_pr_out_cdb(const struct ikt_scsi_cmd_in *in,
			 const struct ikt_scsi_cmd_desc *d,
			 struct ikt_scsi_result *res)
{
	const u8 *cdb = in->cdb;
	u8 sa = cdb[1] & 0x1f, scope = cdb[2] >> 4, type = cdb[2] & 0x0f;
	u32 len = get_unaligned_be32(cdb + 5);

	if (sa > PRO_REGISTER_MOVE) {
		ikt_scsi_invalid_cdb_field(res, 1, 4);
		return;
	}
	/* SCOPE and TYPE matter to the service actions that reserve. */
	if (sa == PRO_RESERVE || sa == PRO_RELEASE || sa == PRO_PREEMPT ||
	    sa == PRO_PREEMPT_ABORT) {
		if (scope) {
			ikt_scsi_invalid_cdb_field(res, 2, 7);
			return;
		}
		if (!pr_type_valid(type)) {
			ikt_scsi_invalid_cdb_field(res, 2, 3);
			return;
		}
	}
	if (len < PR_PARAM_LEN || len > IKT_PR_PARAM_MAX) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return;
	}
	res->action = IKT_SCSI_GLUE;
	res->data_out_len = len;
}

/* RESERVE(6)/(10), RELEASE(6)/(10): the table forbids third parties. */
void ikt_scsi_pr_spc2_cdb(const struct ikt_scsi_cmd_in *in,
			  const struct ikt_scsi_cmd_desc *d,
			  struct ikt_scsi_result *res)
{
	res->action = IKT_SCSI_GLUE;
}

/* ------------------------------------------------------------------ */
/* Registrations                                                       */
/* ------------------------------------------------------------------ */

/* Names are at most 223 bytes; a longer one is cut, never overrun. */
static void copy_name(char *dst, const char *src)
{
	size_t n = strnlen(src, IKT_PR_NAME_MAX - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool reg_matches(const struct ikt_pr_reg *r,
			const struct ikt_pr_nexus *it)
{
	return r->key && !strcmp(r->initiator, it->initiator) &&
	       (r->any_isid || !memcmp(r->isid, it->isid, sizeof(r->isid))) &&
	       (r->all_tg_pt || r->tpgt == it->tpgt);
}

bool ikt_pr_reg_matches(const struct ikt_pr_reg *r,
			const struct ikt_pr_nexus *it)
{
	return reg_matches(r, it);
}

static int find_reg(const struct ikt_pr_state *st,
		    const struct ikt_pr_nexus *it)
{
	unsigned int i;

	for (i = 0; i < st->nregs; i++)
		if (reg_matches(&st->regs[i], it))
			return i;
	return -1;
}

static bool reg_holds(const struct ikt_pr_state *st, int i)
{
	return st->reserved && i >= 0 &&
	       (pr_type_all_reg(st->type) || st->regs[i].holder);
}

static u32 state_size(unsigned int cap)
{
	return sizeof(struct ikt_pr_state) + cap * sizeof(struct ikt_pr_reg);
}

struct ikt_pr_state *ikt_pr_state_alloc(unsigned int cap)
{
	struct ikt_pr_state *st;

	if (cap > IKT_PR_REGS_MAX)
		return NULL;
	st = ikt_zalloc(state_size(cap));
	if (st)
		st->cap = cap;
	return st;
}

static struct ikt_pr_state *state_clone(const struct ikt_pr_state *cur,
					unsigned int extra)
{
	unsigned int cap = min_t(unsigned int, cur->nregs + extra,
				 IKT_PR_REGS_MAX);
	struct ikt_pr_state *st = ikt_pr_state_alloc(max(cap, cur->nregs));

	if (!st)
		return NULL;
	memcpy(st, cur, state_size(cur->nregs));
	st->cap = max(cap, cur->nregs);
	return st;
}

/*
 * Drop the slots of removed registrations; the reservation goes with its
 * holder, or with the last registrant for the all registrants types.
 */
static void state_compact(struct ikt_pr_state *st)
{
	unsigned int i, n = 0;
	bool holder = false;

	for (i = 0; i < st->nregs; i++) {
		if (!st->regs[i].key)
			continue;
		holder |= st->regs[i].holder;
		if (n != i)
			st->regs[n] = st->regs[i];
		n++;
	}
	st->nregs = n;
	if (!n || (!pr_type_all_reg(st->type) && !holder))
		st->reserved = false;
	if (!st->reserved)
		st->type = 0;
}

static void reg_remove(struct ikt_pr_state *st, unsigned int i)
{
	st->regs[i].key = 0;
	st->regs[i].holder = false;
}

/* A new registration for @it (the nexus the command came through). */
static int reg_add(struct ikt_pr_state *st, const struct ikt_pr_nexus *it,
		   u64 key, bool all_tg_pt)
{
	struct ikt_pr_reg *r;

	if (st->nregs >= st->cap)
		return -ENOSPC;
	r = &st->regs[st->nregs++];
	memset(r, 0, sizeof(*r));
	r->key = key;
	copy_name(r->initiator, it->initiator);
	memcpy(r->isid, it->isid, sizeof(r->isid));
	r->tpgt = it->tpgt;
	r->all_tg_pt = all_tg_pt;
	return 0;
}

static void set_ua(struct ikt_pr_change *ch, const struct ikt_pr_state *cur,
		   unsigned int i, u16 asc)
{
	if (i < cur->nregs && i < IKT_PR_REGS_MAX && !ch->ua[i])
		ch->ua[i] = asc;
}

/* Every registrant but @self (an index, or -1) learns @asc. */
static void ua_others(struct ikt_pr_change *ch, const struct ikt_pr_state *cur,
		      int self, u16 asc)
{
	unsigned int i;

	for (i = 0; i < cur->nregs; i++)
		if ((int)i != self && cur->regs[i].key)
			set_ua(ch, cur, i, asc);
}

/* ------------------------------------------------------------------ */
/* TransportIDs (SPC-4 7.6.4.6, iSCSI)                                 */
/* ------------------------------------------------------------------ */

static bool parse_hex(const char *s, unsigned int n, u64 *out)
{
	unsigned int i;
	u64 v = 0;

	for (i = 0; i < n; i++) {
		int d = hex_to_bin(s[i]);

		if (d < 0)
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static void put_hex(char *s, u64 v, unsigned int n)
{
	static const char digits[] = "0123456789abcdef";

	while (n--) {
		s[n] = digits[v & 0xf];
		v >>= 4;
	}
}

static bool name_char_ok(char c)
{
	return c > ' ' && c < 0x7f && c != ',';
}

static bool name_ok(const char *s, unsigned int n)
{
	unsigned int i;

	if (!n || n >= IKT_PR_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!name_char_ok(s[i]))
			return false;
	return true;
}

static bool sep_matches(const char *s)
{
	unsigned int i;

	for (i = 0; i < TPID_ISID_SEP_LEN; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != TPID_ISID_SEP[i])
			return false;
	}
	return true;
}

int ikt_pr_parse_tpid(const u8 *p, u32 len, struct ikt_pr_reg *r)
{
	const char *s = (const char *)p + 4;
	u32 addl, n;
	u64 isid;

	if (len < 4)
		return -EINVAL;
	addl = get_unaligned_be16(p + 2);
	if ((p[0] & 0x0f) != ISCSI_PROTOCOL_ID || (p[0] & 0x30) ||
	    addl < TPID_MIN_ADDL || addl % 4 || addl > len - 4)
		return -EINVAL;
	/* The name, NUL-terminated inside the descriptor */
	n = strnlen(s, addl);
	if (n == addl)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	switch (p[0] & 0xc0) {
	case TPID_FMT_NAME:
		r->any_isid = true;
		break;
	case TPID_FMT_PORT:
		if (n < TPID_ISID_SEP_LEN + 12 ||
		    !sep_matches(s + n - 12 - TPID_ISID_SEP_LEN) ||
		    !parse_hex(s + n - 12, 12, &isid))
			return -EINVAL;
		n -= 12 + TPID_ISID_SEP_LEN;
		put_unaligned_be16(isid >> 32, r->isid);
		put_unaligned_be32(isid, r->isid + 2);
		break;
	default:
		return -EINVAL;
	}
	if (!name_ok(s, n))
		return -EINVAL;
	memcpy(r->initiator, s, n);
	r->initiator[n] = '\0';
	return 4 + addl;
}

/* The TransportID of @r (format 01b with its ISID, or 00b): its length. */
static u32 put_tpid(const struct ikt_pr_reg *r, u8 *p)
{
	u32 n = strlen(r->initiator), addl;
	u8 *s = p + 4;

	addl = n + 1 + (r->any_isid ? 0 : TPID_ISID_SEP_LEN + 12);
	addl = max_t(u32, TPID_MIN_ADDL, (addl + 3) & ~3U);
	memset(p, 0, 4 + addl);
	p[0] = (r->any_isid ? TPID_FMT_NAME : TPID_FMT_PORT) |
	       ISCSI_PROTOCOL_ID;
	put_unaligned_be16(addl, p + 2);
	memcpy(s, r->initiator, n);
	if (!r->any_isid) {
		memcpy(s + n, TPID_ISID_SEP, TPID_ISID_SEP_LEN);
		put_hex((char *)s + n + TPID_ISID_SEP_LEN,
			(u64)get_unaligned_be16(r->isid) << 32 |
			get_unaligned_be32(r->isid + 2), 12);
	}
	return 4 + addl;
}

/* ------------------------------------------------------------------ */
/* PERSISTENT RESERVE IN                                               */
/* ------------------------------------------------------------------ */

/* Append @n bytes at @src when they fit in @len; count them anyway. */
static void put_bytes(u8 *buf, u32 len, u32 *off, const void *src, u32 n)
{
	if (*off <= len && n <= len - *off)
		memcpy(buf + *off, src, n);
	*off += n;
}

static void read_full_status(const struct ikt_pr_state *st, u8 *buf,
			     u32 len, u32 *off)
{
	u8 d[24 + 4 + IKT_PR_NAME_MAX + TPID_ISID_SEP_LEN + 12 + 4];
	unsigned int i;

	for (i = 0; i < st->nregs; i++) {
		const struct ikt_pr_reg *r = &st->regs[i];
		u32 tl;

		memset(d, 0, 24);
		put_unaligned_be64(r->key, d);
		d[12] = (r->all_tg_pt ? 0x02 : 0) |
			(reg_holds(st, i) ? 0x01 : 0);
		if (reg_holds(st, i))
			d[13] = st->type;
		put_unaligned_be16(r->tpgt, d + 18);
		tl = put_tpid(r, d + 24);
		put_unaligned_be32(tl, d + 20);
		put_bytes(buf, len, off, d, 24 + tl);
	}
}

int ikt_pr_in(const struct ikt_pr_state *st, const u8 *cdb, bool ptpl_c,
	      u8 *buf, u32 len, struct ikt_scsi_result *res)
{
	u8 hdr[8] = { 0 }, d[16] = { 0 };
	unsigned int i;
	u32 off = 8;
	int holder;

	if (!st || !cdb || (len && !buf))
		return -EINVAL;
	put_unaligned_be32(st->generation, hdr);
	switch (cdb[1] & 0x1f) {
	case PRI_READ_KEYS:
		for (i = 0; i < st->nregs; i++) {
			put_unaligned_be64(st->regs[i].key, d);
			put_bytes(buf, len, &off, d, 8);
		}
		break;
	case PRI_READ_RESERVATION:
		if (!st->reserved)
			break;
		/* All registrants: the key is zero (SPC-4 6.15.3.3) */
		holder = -1;
		for (i = 0; i < st->nregs && !pr_type_all_reg(st->type); i++)
			if (st->regs[i].holder)
				holder = i;
		if (holder >= 0)
			put_unaligned_be64(st->regs[holder].key, d);
		d[13] = st->type;	/* SCOPE 0h: LU_SCOPE */
		put_bytes(buf, len, &off, d, 16);
		break;
	case PRI_REPORT_CAPABILITIES:
		memset(hdr, 0, sizeof(hdr));
		put_unaligned_be16(8, hdr);
		/* SIP_C, ATP_C and PTPL_C; CRH 0: RESERVE/RELEASE conflict */
		hdr[2] = 0x08 | 0x04 | (ptpl_c ? 0x01 : 0);
		/* TMV, ALLOW COMMANDS 001b (TEST UNIT READY), PTPL_A */
		hdr[3] = 0x80 | 0x10 | (st->aptpl ? 0x01 : 0);
		hdr[4] = 0x80 | 0x40 | 0x20 | 0x08 | 0x02;
		hdr[5] = 0x01;
		break;
	case PRI_READ_FULL_STATUS:
		read_full_status(st, buf, len, &off);
		break;
	default:
		ikt_scsi_invalid_cdb_field(res, 1, 4);
		return 0;
	}
	if ((cdb[1] & 0x1f) != PRI_REPORT_CAPABILITIES)
		put_unaligned_be32(off - 8, hdr + 4);
	memcpy(buf, hdr, min_t(u32, len, 8));
	res->data_full = off;
	return 0;
}

/* ------------------------------------------------------------------ */
/* PERSISTENT RESERVE OUT                                              */
/* ------------------------------------------------------------------ */

struct pro_ctx {
	const struct ikt_pr_state *cur;
	const struct ikt_pr_nexus *it;
	const u8 *cdb;
	const u8 *param;
	u32 len;
	bool aptpl_ok;
	u8 sa, type;
	u64 rk, sark;
	int self;			/* the issuer's registration, or -1 */
	struct ikt_pr_change *ch;
	struct ikt_scsi_result *res;
};

static void conflict(struct ikt_scsi_result *res)
{
	res->status = IKT_SAM_RESERVATION_CONFLICT;
}

static int next_state(struct pro_ctx *c, unsigned int extra)
{
	c->ch->next = state_clone(c->cur, extra);
	if (!c->ch->next) {
		ikt_scsi_set_sense(c->res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		return -ENOMEM;
	}
	return 0;
}

static void no_resources(struct ikt_scsi_result *res)
{
	ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
			   IKT_ASC_INSUFFICIENT_REG_RESOURCES);
}

/* The issuer drops its registration (REGISTER with SARK 0). */
static void unregister_self(struct pro_ctx *c)
{
	struct ikt_pr_state *st = c->ch->next;
	bool held = reg_holds(st, c->self);

	reg_remove(st, c->self);
	/*
	 * A registrants only reservation ends with its holder's
	 * registration: the others are told; all registrants types live on
	 * while anyone is registered (SPC-4 5.13.11.2.3).
	 */
	if (held && !pr_type_all_reg(st->type)) {
		if (pr_type_reg_only(st->type))
			ua_others(c->ch, c->cur, c->self,
				  IKT_ASC_RESERVATIONS_RELEASED);
		st->reserved = false;
	}
}

/* SPEC_I_PT: register every initiator port the TransportIDs name. */
static int register_tpids(struct pro_ctx *c, bool all_tg_pt)
{
	struct ikt_pr_state *st = c->ch->next;
	u32 tl, off = 28;
	struct ikt_pr_reg r;
	int n;

	if (c->len < 28) {
		ikt_scsi_set_sense(c->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return -EINVAL;
	}
	tl = get_unaligned_be32(c->param + 24);
	if (tl != c->len - 28) {
		ikt_scsi_set_sense(c->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return -EINVAL;
	}
	while (off < c->len) {
		struct ikt_pr_nexus it;

		n = ikt_pr_parse_tpid(c->param + off, c->len - off, &r);
		if (n < 0) {
			ikt_scsi_invalid_param_field(c->res, off, -1);
			return -EINVAL;
		}
		it.initiator = r.initiator;
		memcpy(it.isid, r.isid, sizeof(it.isid));
		it.tpgt = c->it->tpgt;
		/* Already registered (the issuer too): SPC-4 6.16.2.3 */
		if ((!r.any_isid && find_reg(st, &it) >= 0) ||
		    (r.any_isid && !strcmp(r.initiator, c->it->initiator))) {
			conflict(c->res);
			return -EEXIST;
		}
		if (reg_add(st, &it, c->sark, all_tg_pt)) {
			no_resources(c->res);
			return -ENOSPC;
		}
		st->regs[st->nregs - 1].any_isid = r.any_isid;
		off += n;
	}
	return 0;
}

static void pro_register(struct pro_ctx *c)
{
	u8 flags = c->param[20];
	bool spec_i_pt = flags & PR_SPEC_I_PT;
	unsigned int extra;

	if (spec_i_pt && c->sa != PRO_REGISTER) {
		ikt_scsi_invalid_param_field(c->res, 20, 3);
		return;
	}
	if (!spec_i_pt && c->len != PR_PARAM_LEN) {
		ikt_scsi_set_sense(c->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return;
	}
	if (c->self < 0) {
		if (c->sa == PRO_REGISTER && c->rk) {
			conflict(c->res);
			return;
		}
		if (!c->sark)	/* nothing to register, nothing to drop */
			return;
	} else {
		if (c->sa == PRO_REGISTER && c->rk != c->cur->regs[c->self].key) {
			conflict(c->res);
			return;
		}
		if (spec_i_pt) {
			ikt_scsi_invalid_param_field(c->res, 20, 3);
			return;
		}
	}
	if ((flags & PR_APTPL) && !c->aptpl_ok) {
		ikt_scsi_invalid_param_field(c->res, 20, 0);
		return;
	}
	/* Room for the issuer and, at most, one port per 24 bytes of list */
	extra = c->self < 0 ? 1 + (spec_i_pt ? c->len / 24 : 0) : 0;
	if (next_state(c, extra))
		return;
	if (c->self < 0) {
		if (reg_add(c->ch->next, c->it, c->sark,
			    flags & PR_ALL_TG_PT)) {
			no_resources(c->res);
			return;
		}
		if (spec_i_pt && register_tpids(c, flags & PR_ALL_TG_PT))
			return;
	} else if (c->sark) {
		c->ch->next->regs[c->self].key = c->sark;
	} else {
		unregister_self(c);
	}
	c->ch->next->aptpl = flags & PR_APTPL;
	c->ch->next->generation++;
}

static void pro_reserve(struct pro_ctx *c)
{
	const struct ikt_pr_state *cur = c->cur;

	if (cur->reserved) {
		/* The holder asking again for the same is fine. */
		if (!reg_holds(cur, c->self) || cur->type != c->type)
			conflict(c->res);
		return;
	}
	if (next_state(c, 0))
		return;
	c->ch->next->reserved = true;
	c->ch->next->type = c->type;
	/* All registrants types have no one holder */
	c->ch->next->regs[c->self].holder = !pr_type_all_reg(c->type);
}

static void pro_release(struct pro_ctx *c)
{
	const struct ikt_pr_state *cur = c->cur;

	if (!reg_holds(cur, c->self))
		return;		/* no reservation, or someone else's: GOOD */
	if (cur->type != c->type) {
		ikt_scsi_set_sense(c->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_INVALID_RELEASE_OF_PR);
		return;
	}
	if (next_state(c, 0))
		return;
	if (pr_type_reg_only(cur->type) || pr_type_all_reg(cur->type))
		ua_others(c->ch, cur, c->self, IKT_ASC_RESERVATIONS_RELEASED);
	c->ch->next->reserved = false;
	c->ch->next->type = 0;
	c->ch->next->regs[c->self].holder = false;
}

static void pro_clear(struct pro_ctx *c)
{
	unsigned int i;

	if (next_state(c, 0))
		return;
	ua_others(c->ch, c->cur, c->self, IKT_ASC_RESERVATIONS_PREEMPTED);
	for (i = 0; i < c->cur->nregs; i++)
		reg_remove(c->ch->next, i);
	c->ch->next->reserved = false;
	c->ch->next->generation++;
}

/*
 * Remove the registrations with key @c->sark (every one when it is 0 and
 * @sark_zero_all), the issuer's too unless @keep_self; false when none
 * matched.
 */
static bool preempt_regs(struct pro_ctx *c, bool keep_self, bool sark_zero_all)
{
	struct ikt_pr_state *st = c->ch->next;
	bool any = false;
	unsigned int i;

	for (i = 0; i < c->cur->nregs; i++) {
		if (keep_self && (int)i == c->self)
			continue;
		if (!(sark_zero_all && !c->sark) &&
		    c->cur->regs[i].key != c->sark)
			continue;
		any = true;
		reg_remove(st, i);
		if ((int)i != c->self)
			set_ua(c->ch, c->cur, i,
			       IKT_ASC_REGISTRATIONS_PREEMPTED);
	}
	return any;
}

/* The issuer takes the reservation with the CDB's TYPE. */
static void preempt_reservation(struct pro_ctx *c)
{
	const struct ikt_pr_state *cur = c->cur;
	struct ikt_pr_state *st = c->ch->next;
	unsigned int i;

	for (i = 0; i < st->nregs; i++)
		st->regs[i].holder = false;
	st->reserved = true;
	st->regs[c->self].holder = !pr_type_all_reg(c->type);
	st->type = c->type;
	/* A new type: those still registered learn the old one ended. */
	if (cur->type != c->type)
		for (i = 0; i < cur->nregs; i++)
			if ((int)i != c->self && st->regs[i].key)
				set_ua(c->ch, cur, i,
				       IKT_ASC_RESERVATIONS_RELEASED);
}

/* PREEMPT and PREEMPT AND ABORT (SPC-4 5.13.11.4) */
static void pro_preempt(struct pro_ctx *c)
{
	const struct ikt_pr_state *cur = c->cur;
	bool all_reg = cur->reserved && pr_type_all_reg(cur->type);
	int holder = -1;
	unsigned int i;

	for (i = 0; i < cur->nregs && cur->reserved && !all_reg; i++)
		if (cur->regs[i].holder)
			holder = i;
	if (!c->sark && !all_reg) {
		ikt_scsi_invalid_param_field(c->res, 8, -1);
		return;
	}
	if (next_state(c, 0))
		return;
	if (all_reg) {
		if (!preempt_regs(c, true, true) && c->sark) {
			conflict(c->res);
			return;
		}
		/* SARK 0 ends the reservation: the issuer takes a new one. */
		if (!c->sark)
			preempt_reservation(c);
	} else if (holder >= 0 && cur->regs[holder].key == c->sark) {
		preempt_regs(c, true, false);
		preempt_reservation(c);
	} else if (!preempt_regs(c, false, false)) {
		conflict(c->res);
		return;
	}
	c->ch->next->generation++;
}

/* REGISTER AND MOVE (SPC-4 5.13.8) */
static void pro_move(struct pro_ctx *c)
{
	const struct ikt_pr_state *cur = c->cur;
	struct ikt_pr_nexus dst;
	struct ikt_pr_state *st;
	struct ikt_pr_reg r;
	u32 tl;
	int n, d;

	tl = get_unaligned_be32(c->param + 20);
	if (tl != c->len - PR_PARAM_LEN) {
		ikt_scsi_set_sense(c->res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return;
	}
	if (!reg_holds(cur, c->self)) {
		conflict(c->res);
		return;
	}
	if (pr_type_all_reg(cur->type)) {
		ikt_scsi_invalid_cdb_field(c->res, 1, 4);
		return;
	}
	if (!c->sark) {
		ikt_scsi_invalid_param_field(c->res, 8, -1);
		return;
	}
	if ((c->param[17] & PR_APTPL) && !c->aptpl_ok) {
		ikt_scsi_invalid_param_field(c->res, 17, 0);
		return;
	}
	n = ikt_pr_parse_tpid(c->param + 24, tl, &r);
	if (n < 0 || r.any_isid) {
		ikt_scsi_invalid_param_field(c->res, 24, -1);
		return;
	}
	dst.initiator = r.initiator;
	memcpy(dst.isid, r.isid, sizeof(dst.isid));
	dst.tpgt = get_unaligned_be16(c->param + 18);
	if (!dst.tpgt || find_reg(cur, &dst) == c->self) {
		ikt_scsi_invalid_param_field(c->res, 18, -1);
		return;
	}
	if (next_state(c, 1))
		return;
	st = c->ch->next;
	d = find_reg(st, &dst);
	if (d < 0) {
		if (reg_add(st, &dst, c->sark, false)) {
			no_resources(c->res);
			return;
		}
		d = st->nregs - 1;
	} else {
		st->regs[d].key = c->sark;
	}
	st->regs[c->self].holder = false;
	st->regs[d].holder = true;
	if (c->param[17] & PR_MOVE_UNREG)
		reg_remove(st, c->self);
	st->aptpl = c->param[17] & PR_APTPL;
	st->generation++;
}

int ikt_pr_out(const struct ikt_pr_state *cur, const struct ikt_pr_nexus *it,
	       const u8 *cdb, const u8 *param, u32 len, bool aptpl_ok,
	       struct ikt_pr_change *ch, struct ikt_scsi_result *res)
{
	struct pro_ctx c = {
		.cur = cur, .it = it, .cdb = cdb, .param = param, .len = len,
		.aptpl_ok = aptpl_ok, .ch = ch, .res = res,
	};

	if (!cur || !it || !it->initiator || !cdb || !ch || !res ||
	    (len && !param))
		return -EINVAL;
	memset(ch, 0, sizeof(*ch));
	c.sa = cdb[1] & 0x1f;
	c.type = cdb[2] & 0x0f;
	/* Fewer bytes than the CDB announced (a short EDTL) */
	if (len != get_unaligned_be32(cdb + 5) || len < PR_PARAM_LEN) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return 0;
	}
	c.rk = get_unaligned_be64(param);
	c.sark = get_unaligned_be64(param + 8);
	c.self = find_reg(cur, it);

	if (c.sa == PRO_REGISTER || c.sa == PRO_REGISTER_IGNORE) {
		pro_register(&c);
		goto out;
	}
	/* Everything else: the issuer is registered under that key. */
	if (c.self < 0 || cur->regs[c.self].key != c.rk) {
		conflict(res);
		return 0;
	}
	if (c.sa == PRO_REGISTER_MOVE) {
		pro_move(&c);
		goto out;
	}
	if (len != PR_PARAM_LEN) {
		ikt_scsi_set_sense(res, IKT_SK_ILLEGAL_REQUEST,
				   IKT_ASC_PARAM_LIST_LENGTH_ERROR);
		return 0;
	}
	if (param[20] & (PR_SPEC_I_PT | PR_ALL_TG_PT)) {
		ikt_scsi_invalid_param_field(res, 20,
					     ikt_scsi_top_bit(param[20] & 0x0c));
		return 0;
	}
	switch (c.sa) {
	case PRO_RESERVE:
		pro_reserve(&c);
		break;
	case PRO_RELEASE:
		pro_release(&c);
		break;
	case PRO_CLEAR:
		pro_clear(&c);
		break;
	default:
		pro_preempt(&c);
		break;
	}
out:
	if (res->status != IKT_SAM_GOOD) {
		ikt_free(ch->next);
		memset(ch, 0, sizeof(*ch));
	} else if (ch->next) {
		state_compact(ch->next);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* SPC-2 reservations                                                  */
/* ------------------------------------------------------------------ */

static bool spc2_holds(const struct ikt_pr_state *st,
		       const struct ikt_pr_nexus *it)
{
	return st->spc2 && reg_matches(&st->spc2_holder, it);
}

void ikt_pr_spc2(struct ikt_pr_state *st, const struct ikt_pr_nexus *it,
		 bool reserve, struct ikt_scsi_result *res)
{
	/* CRH 0: no RESERVE or RELEASE while registrations exist */
	if (st->nregs) {
		conflict(res);
		return;
	}
	if (!reserve) {
		/* Releasing what another nexus holds does nothing: GOOD. */
		if (spc2_holds(st, it))
			st->spc2 = false;
		return;
	}
	if (st->spc2) {
		if (!spc2_holds(st, it))
			conflict(res);
		return;
	}
	memset(&st->spc2_holder, 0, sizeof(st->spc2_holder));
	/* Key 1 only marks the slot used for reg_matches() */
	st->spc2_holder.key = 1;
	copy_name(st->spc2_holder.initiator, it->initiator);
	memcpy(st->spc2_holder.isid, it->isid, sizeof(it->isid));
	st->spc2_holder.tpgt = it->tpgt;
	st->spc2 = true;
}

bool ikt_pr_spc2_drop(struct ikt_pr_state *st, const struct ikt_pr_nexus *it)
{
	if (!st->spc2 || (it && !spc2_holds(st, it)))
		return false;
	st->spc2 = false;
	return true;
}

/* ------------------------------------------------------------------ */
/* Conflict check (SPC-4 5.13.1 tables, SBC-3 4.17, SPC-2 7.21)        */
/* ------------------------------------------------------------------ */

enum pr_class {
	PR_ALLOWED,	/* whatever the reservation */
	PR_READ,	/* allowed through the Write Exclusive types */
	PR_WRITE,	/* allowed to the holder (and registrants of RO/AR) */
};

static enum pr_class pr_cmd_class(const u8 *cdb)
{
	switch (cdb[0]) {
	case 0x00:	/* TEST UNIT READY */
	case 0x03:	/* REQUEST SENSE */
	case 0x12:	/* INQUIRY */
	case 0x16:	/* RESERVE(6): the command checks for itself */
	case 0x17:	/* RELEASE(6) */
	case 0x4d:	/* LOG SENSE */
	case 0x56:	/* RESERVE(10) */
	case 0x57:	/* RELEASE(10) */
	case 0x5e:	/* PERSISTENT RESERVE IN */
	case 0x5f:	/* PERSISTENT RESERVE OUT: its own rules */
	case 0xa0:	/* REPORT LUNS */
		return PR_ALLOWED;
	case 0x1e:	/* PREVENT ALLOW MEDIUM REMOVAL: ALLOW only */
		return cdb[4] & 0x03 ? PR_WRITE : PR_ALLOWED;
	case 0xa3:	/* MAINTENANCE IN: REPORT TARGET PORT GROUPS & co */
		return (cdb[1] & 0x1f) == 0x0c || (cdb[1] & 0x1f) == 0x0d ?
		       PR_READ : PR_ALLOWED;
	case 0x08: case 0x28: case 0xa8: case 0x88:	/* READ */
	case 0x2f: case 0xaf: case 0x8f:		/* VERIFY */
	case 0x34: case 0x90:				/* PRE-FETCH */
	case 0x1a: case 0x5a:				/* MODE SENSE */
	case 0x1b:	/* START STOP UNIT */
	case 0x1c:	/* RECEIVE DIAGNOSTIC RESULTS */
	case 0x25:	/* READ CAPACITY(10) */
	case 0x37: case 0xb7:				/* READ DEFECT DATA */
	case 0x3c:	/* READ BUFFER */
	case 0x84:	/* RECEIVE COPY RESULTS */
	case 0x8c:	/* READ ATTRIBUTE */
	case 0x9e:	/* READ CAPACITY(16), GET LBA STATUS */
	case 0xa2:	/* SECURITY PROTOCOL IN */
		return PR_READ;
	default:
		return PR_WRITE;
	}
}

/* What SPC-2 lets through another initiator's RESERVE. */
static bool spc2_allowed(const u8 *cdb)
{
	switch (cdb[0]) {
	case 0x03:	/* REQUEST SENSE */
	case 0x12:	/* INQUIRY */
	case 0x17:	/* RELEASE(6) */
	case 0x4d:	/* LOG SENSE */
	case 0x57:	/* RELEASE(10) */
	case 0xa0:	/* REPORT LUNS */
		return true;
	case 0x1e:	/* PREVENT ALLOW MEDIUM REMOVAL: ALLOW only */
		return !(cdb[4] & 0x03);
	default:
		return false;
	}
}

bool ikt_pr_conflict(const struct ikt_pr_state *st,
		     const struct ikt_pr_nexus *it, const u8 *cdb)
{
	enum pr_class cls;
	int i;

	if (st->spc2 && !spc2_holds(st, it) && !spc2_allowed(cdb))
		return true;
	if (!st->reserved)
		return false;
	i = find_reg(st, it);
	if (reg_holds(st, i))
		return false;
	cls = pr_cmd_class(cdb);
	if (cls == PR_ALLOWED)
		return false;
	/* Registrants only / all registrants: registered nexuses pass. */
	if (i >= 0 && (pr_type_reg_only(st->type) || pr_type_all_reg(st->type)))
		return false;
	return cls == PR_WRITE || !pr_type_write_excl(st->type);
}

bool ikt_pr_state_active(const struct ikt_pr_state *st)
{
	return st->reserved || st->spc2;
}

/* ------------------------------------------------------------------ */
/* APTPL text (one file per LU)                                        */
/* ------------------------------------------------------------------ */

#define PR_FILE_MAGIC	"iscsikt-pr 2\n"
/* The last line: a file cut short at a line boundary still says so. */
#define PR_FILE_END	"end"

/* Append @n bytes of @s when there is room; count them anyway. */
static void put_text(char *buf, u32 len, u32 *off, const char *s, u32 n)
{
	put_bytes((u8 *)buf, len, off, s, n);
}

u32 ikt_pr_state_format(const struct ikt_pr_state *st, char *buf, u32 len)
{
	char line[16 + 4 + IKT_PR_NAME_MAX + 48];
	unsigned int i;
	u32 off = 0, n;

	put_text(buf, len, &off, PR_FILE_MAGIC, strlen(PR_FILE_MAGIC));
	memcpy(line, "generation ", 11);
	put_hex(line + 11, st->generation, 8);
	line[19] = '\n';
	put_text(buf, len, &off, line, 20);
	if (st->reserved) {
		memcpy(line, "type ", 5);
		put_hex(line + 5, st->type, 2);
		line[7] = '\n';
		put_text(buf, len, &off, line, 8);
	}
	/* reg KEY ISID|* TPGT|* HOLDER NAME */
	for (i = 0; i < st->nregs; i++) {
		const struct ikt_pr_reg *r = &st->regs[i];

		memcpy(line, "reg ", 4);
		put_hex(line + 4, r->key, 16);
		line[20] = ' ';
		if (r->any_isid)
			memcpy(line + 21, "*           ", 12);
		else
			put_hex(line + 21, (u64)get_unaligned_be16(r->isid) << 32 |
				get_unaligned_be32(r->isid + 2), 12);
		line[33] = ' ';
		if (r->all_tg_pt)
			memcpy(line + 34, "*   ", 4);
		else
			put_hex(line + 34, r->tpgt, 4);
		line[38] = ' ';
		line[39] = r->holder ? '1' : '0';
		line[40] = ' ';
		n = strlen(r->initiator);
		memcpy(line + 41, r->initiator, n);
		line[41 + n] = '\n';
		put_text(buf, len, &off, line, 42 + n);
	}
	put_text(buf, len, &off, PR_FILE_END "\n", strlen(PR_FILE_END) + 1);
	return off;
}

/* The next line of @text from @*pos, without its newline; NULL at end. */
static const char *next_line(const char *text, u32 len, u32 *pos, u32 *n)
{
	const char *s = text + *pos;
	u32 i;

	if (*pos >= len)
		return NULL;
	for (i = 0; *pos + i < len && s[i] != '\n'; i++)
		;
	*n = i;
	*pos += i + (*pos + i < len);
	return s;
}

static bool parse_reg_line(const char *s, u32 n, struct ikt_pr_reg *r)
{
	u64 v;

	memset(r, 0, sizeof(*r));
	if (n < 42 || memcmp(s, "reg ", 4) || s[20] != ' ' || s[33] != ' ' ||
	    s[38] != ' ' || s[40] != ' ' || (s[39] != '0' && s[39] != '1'))
		return false;
	if (!parse_hex(s + 4, 16, &r->key) || !r->key)
		return false;
	if (!memcmp(s + 21, "*           ", 12)) {
		r->any_isid = true;
	} else {
		if (!parse_hex(s + 21, 12, &v))
			return false;
		put_unaligned_be16(v >> 32, r->isid);
		put_unaligned_be32(v, r->isid + 2);
	}
	if (!memcmp(s + 34, "*   ", 4)) {
		r->all_tg_pt = true;
	} else {
		if (!parse_hex(s + 34, 4, &v))
			return false;
		r->tpgt = v;
	}
	r->holder = s[39] == '1';
	if (!name_ok(s + 41, n - 41))
		return false;
	memcpy(r->initiator, s + 41, n - 41);
	r->initiator[n - 41] = '\0';
	return true;
}

int ikt_pr_state_parse(const char *text, u32 len, struct ikt_pr_state **out)
{
	u32 pos = 0, n, magic = strlen(PR_FILE_MAGIC);
	unsigned int holders = 0;
	bool ended = false;
	struct ikt_pr_state *st;
	const char *s;
	u64 v;

	*out = NULL;
	if (len < magic || memcmp(text, PR_FILE_MAGIC, magic))
		return -EINVAL;
	pos = magic;
	st = ikt_pr_state_alloc(IKT_PR_REGS_MAX);
	if (!st)
		return -ENOMEM;
	while ((s = next_line(text, len, &pos, &n))) {
		if (ended)
			goto bad;
		if (n == strlen(PR_FILE_END) && pos == len &&
		    !memcmp(s, PR_FILE_END, n) && text[len - 1] == '\n') {
			ended = true;
		} else if (n == 19 && !memcmp(s, "generation ", 11) &&
		    parse_hex(s + 11, 8, &v)) {
			st->generation = v;
		} else if (n == 7 && !memcmp(s, "type ", 5) &&
			   parse_hex(s + 5, 2, &v) && pr_type_valid(v) &&
			   !st->reserved) {
			st->reserved = true;
			st->type = v;
		} else if (st->nregs < IKT_PR_REGS_MAX &&
			   parse_reg_line(s, n, &st->regs[st->nregs])) {
			holders += st->regs[st->nregs].holder;
			st->nregs++;
		} else {
			goto bad;
		}
	}
	/* One holder for the one-holder types, none otherwise */
	if (!ended || (st->reserved && !st->nregs))
		goto bad;
	if (holders != (st->reserved && !pr_type_all_reg(st->type)))
		goto bad;
	st->aptpl = true;
	/* Keep only the room the registrations need. */
	*out = state_clone(st, 0);
	ikt_free(st);
	return *out ? 0 : -ENOMEM;
bad:
	ikt_free(st);
	return -EINVAL;
}
