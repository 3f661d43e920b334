// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of reservations (kernel/proto/scsi_pr.c): the CDB checks,
 * the PERSISTENT RESERVE OUT state machine with its unit attentions, the
 * PERSISTENT RESERVE IN data, the conflict table, SPC-2 RESERVE/RELEASE,
 * TransportIDs and the APTPL file.  Expected bytes follow SPC-4 6.15/6.16.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "scsi.h"

#define INI_A	"iqn.2024-01.org.example:a"
#define INI_B	"iqn.2024-01.org.example:b"

static const struct ikt_pr_nexus nx_a = {
	INI_A, { 0x40, 0, 0, 0, 0, 1 }, 1
};
static const struct ikt_pr_nexus nx_a2 = {	/* same name, other ISID */
	INI_A, { 0x40, 0, 0, 0, 0, 2 }, 1
};
static const struct ikt_pr_nexus nx_b = {
	INI_B, { 0x40, 0, 0, 0, 0, 1 }, 1
};
static const struct ikt_pr_nexus nx_b_tp2 = {	/* other target port */
	INI_B, { 0x40, 0, 0, 0, 0, 1 }, 2
};

static struct ikt_scsi_result res;
static struct ikt_pr_change ch;

enum { REG, RES, REL, CLR, PRE, PAA, RIEK, MOVE };

/* PR OUT with a basic 24-byte list (plus @extra bytes); installs on GOOD */
static int pr_out_x(struct ikt_pr_state **st, const struct ikt_pr_nexus *it,
		    u8 sa, u8 type, u64 rk, u64 sark, u8 flags,
		    const u8 *extra, u32 extra_len)
{
	u8 cdb[16] = { 0x5f, sa, type }, param[IKT_PR_PARAM_MAX] = { 0 };
	u32 len = 24 + extra_len;
	int ret;

	put_unaligned_be32(len, cdb + 5);
	put_unaligned_be64(rk, param);
	put_unaligned_be64(sark, param + 8);
	param[sa == MOVE ? 17 : 20] = flags;
	if (extra_len)
		memcpy(param + 24, extra, extra_len);
	memset(&res, 0, sizeof(res));
	ret = ikt_pr_out(*st, it, cdb, param, len, true, &ch, &res);
	if (!ret && ch.next) {
		free(*st);
		*st = ch.next;
		ch.next = NULL;
	}
	return ret ? -1 : res.status;
}

static int pr_out(struct ikt_pr_state **st, const struct ikt_pr_nexus *it,
		  u8 sa, u8 type, u64 rk, u64 sark)
{
	return pr_out_x(st, it, sa, type, rk, sark, 0, NULL, 0);
}

static u8 in_buf[IKT_PR_IN_MAX];

static u32 pr_in(const struct ikt_pr_state *st, u8 sa)
{
	u8 cdb[16] = { 0x5e, sa };

	memset(&res, 0, sizeof(res));
	memset(in_buf, 0xa5, sizeof(in_buf));
	if (ikt_pr_in(st, cdb, true, in_buf, sizeof(in_buf), &res))
		return 0;
	return res.data_full;
}

static const u8 cdb_read10[16] = { 0x28, 0, 0, 0, 0, 1, 0, 0, 1 };
static const u8 cdb_write10[16] = { 0x2a, 0, 0, 0, 0, 1, 0, 0, 1 };
static const u8 cdb_inquiry[16] = { 0x12, 0, 0, 0, 36 };
static const u8 cdb_tur[16] = { 0 };
static const u8 cdb_mode_sense[16] = { 0x1a, 0, 0x3f, 0, 0xff };

#define GOOD	IKT_SAM_GOOD
#define CONFLICT IKT_SAM_RESERVATION_CONFLICT
#define CHECK	IKT_SAM_CHECK_CONDITION

/* ---- CDB decoding through ikt_scsi_dispatch() ---- */

static u8 dbuf[IKT_SCSI_DATA_REPORT_LUNS];

static int dispatch(const u8 *cdb)
{
	static const struct ikt_lu_info lu = {
		.nblocks = 1000, .block_size = 512, .rel_tgt_port = 1,
		.tpgt = 1, .serial = "S", .vendor = "ISCSIKT",
	};
	struct ikt_scsi_cmd_in in = {
		.cdb = cdb, .cdb_len = 16, .lu = &lu, .buf = dbuf,
		.buf_len = sizeof(dbuf), .glue = true,
	};

	return ikt_scsi_dispatch(&in, &res);
}

TEST(cdb_checks)
{
	u8 cdb[16] = { 0x5e, 0x04 };

	ASSERT_EQ(0, dispatch(cdb));	/* PR IN service action 4 */
	ASSERT_EQ(CHECK, res.status);
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_CDB, res.sense.asc);
	ASSERT_EQ(1, res.sense.sks_field);
	cdb[1] = 0x03;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	ASSERT_EQ(0, res.data_out_len);

	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0x5f;
	cdb[1] = 0x08;			/* no such service action */
	cdb[8] = 24;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_CDB, res.sense.asc);
	cdb[1] = RES;
	cdb[2] = 0x02;			/* type 2 is obsolete */
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_CDB, res.sense.asc);
	ASSERT_EQ(2, res.sense.sks_field);
	cdb[2] = 0x11;			/* SCOPE 1 */
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_CDB, res.sense.asc);
	cdb[2] = IKT_PR_WE;
	cdb[8] = 23;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_ASC_PARAM_LIST_LENGTH_ERROR, res.sense.asc);
	put_unaligned_be32(IKT_PR_PARAM_MAX + 1, cdb + 5);
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_ASC_PARAM_LIST_LENGTH_ERROR, res.sense.asc);
	put_unaligned_be32(24, cdb + 5);
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	ASSERT_EQ(24, res.data_out_len);
	/* REGISTER ignores SCOPE and TYPE */
	cdb[1] = REG;
	cdb[2] = 0xff;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);

	/* RESERVE(6) with a third party */
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0x16;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
	cdb[1] = 0x10;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_CDB, res.sense.asc);
	memset(cdb, 0, sizeof(cdb));
	cdb[0] = 0x57;
	ASSERT_EQ(0, dispatch(cdb));
	ASSERT_EQ(IKT_SCSI_GLUE, res.action);
}

/* ---- REGISTER, READ KEYS ---- */

TEST(register_and_read_keys)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_NE(NULL, st);
	ASSERT_EQ(8, pr_in(st, 0));
	ASSERT_EQ(0, get_unaligned_be32(in_buf));
	ASSERT_EQ(0, get_unaligned_be32(in_buf + 4));

	/* An unregistered nexus with a non-zero key: conflict */
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a, REG, 0, 5, 0x1111));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0x1111));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, RIEK, 0, 0x9999, 0x2222));
	ASSERT_EQ(2, st->nregs);
	ASSERT_EQ(24, pr_in(st, 0));
	ASSERT_EQ(2, get_unaligned_be32(in_buf));
	ASSERT_EQ(16, get_unaligned_be32(in_buf + 4));
	ASSERT_EQ(0x1111, get_unaligned_be64(in_buf + 8));
	ASSERT_EQ(0x2222, get_unaligned_be64(in_buf + 16));

	/* Wrong key: conflict; right key: a new key */
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a, REG, 0, 0x1234, 0x3333));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0x1111, 0x3333));
	ASSERT_EQ(3, st->generation);
	/* Another ISID of the same name is another nexus */
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a2, REG, 0, 0x3333, 0x4444));
	/* Unregister; SARK 0 from an unregistered nexus does nothing */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0x3333, 0));
	ASSERT_EQ(1, st->nregs);
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0));
	ASSERT_EQ(1, st->nregs);
	ASSERT_EQ(4, st->generation);

	/* A registration is per target port unless ALL_TG_PT */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b_tp2, REG, 0, 0, 0x5555));
	ASSERT_EQ(2, st->nregs);
	ASSERT_EQ(GOOD, pr_out_x(&st, &nx_a, REG, 0, 0, 0x6666, 0x04,
				 NULL, 0));
	ASSERT_TRUE(st->regs[2].all_tg_pt);
	free(st);
}

TEST(register_list_length)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);
	u8 extra[4] = { 0 }, cdb[16] = { 0x5f, RES, IKT_PR_WE }, p[24] = { 0 };

	/* 28 bytes without SPEC_I_PT */
	ASSERT_EQ(CHECK, pr_out_x(&st, &nx_a, REG, 0, 0, 1, 0, extra, 4));
	ASSERT_EQ(IKT_ASC_PARAM_LIST_LENGTH_ERROR, res.sense.asc);
	/* SPEC_I_PT with REGISTER AND IGNORE EXISTING KEY */
	ASSERT_EQ(CHECK, pr_out_x(&st, &nx_a, RIEK, 0, 0, 1, 0x08, extra, 4));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_PARAM, res.sense.asc);
	ASSERT_EQ(20, res.sense.sks_field);
	/* ALL_TG_PT with RESERVE */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 1));
	ASSERT_EQ(CHECK, pr_out_x(&st, &nx_a, RES, IKT_PR_WE, 1, 0, 0x04,
				  NULL, 0));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_PARAM, res.sense.asc);
	/* A short EDTL: fewer bytes than the CDB says */
	put_unaligned_be32(24, cdb + 5);
	ASSERT_EQ(0, ikt_pr_out(st, &nx_a, cdb, p, 20, true, &ch, &res));
	ASSERT_EQ(IKT_ASC_PARAM_LIST_LENGTH_ERROR, res.sense.asc);
	ASSERT_EQ(NULL, ch.next);
	free(st);
}

TEST(registration_resources)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);
	char names[IKT_PR_REGS_MAX + 1][32];
	struct ikt_pr_nexus it = nx_a;
	unsigned int i;

	for (i = 0; i <= IKT_PR_REGS_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "iqn.x:%u", i);
		it.initiator = names[i];
		ASSERT_EQ(i < IKT_PR_REGS_MAX ? GOOD : CHECK,
			  pr_out(&st, &it, REG, 0, 0, 7));
	}
	ASSERT_EQ(IKT_ASC_INSUFFICIENT_REG_RESOURCES, res.sense.asc);
	ASSERT_EQ(IKT_PR_REGS_MAX, st->nregs);
	free(st);
}

/* ---- RESERVE, RELEASE, READ RESERVATION ---- */

TEST(reserve_release)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a, RES, IKT_PR_WE, 0, 0));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a, RES, IKT_PR_WE, 0xbb, 0));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_WE, 0xaa, 0));
	ASSERT_TRUE(ikt_pr_state_active(st));
	ASSERT_EQ(24, pr_in(st, 1));
	ASSERT_EQ(16, get_unaligned_be32(in_buf + 4));
	ASSERT_EQ(0xaa, get_unaligned_be64(in_buf + 8));
	ASSERT_EQ(IKT_PR_WE, in_buf[21]);
	/* RESERVE does not bump PRGENERATION */
	ASSERT_EQ(2, get_unaligned_be32(in_buf));

	/* Again from the holder: fine; another type or nexus: conflict */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_WE, 0xaa, 0));
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a, RES, IKT_PR_EA, 0xaa, 0));
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_b, RES, IKT_PR_WE, 0xbb, 0));
	/* RELEASE from a non-holder: GOOD, nothing happens */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REL, IKT_PR_WE, 0xbb, 0));
	ASSERT_TRUE(st->reserved);
	/* The wrong type */
	ASSERT_EQ(CHECK, pr_out(&st, &nx_a, REL, IKT_PR_EA, 0xaa, 0));
	ASSERT_EQ(IKT_ASC_INVALID_RELEASE_OF_PR, res.sense.asc);
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REL, IKT_PR_WE, 0xaa, 0));
	ASSERT_FALSE(st->reserved);
	/* WE: nobody is told */
	ASSERT_EQ(0, ch.ua[1]);
	ASSERT_EQ(8, pr_in(st, 1));

	/* Registrants only: the others learn of the release */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_WE_RO, 0xaa, 0));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REL, IKT_PR_WE_RO, 0xaa, 0));
	ASSERT_EQ(0, ch.ua[0]);
	ASSERT_EQ(IKT_ASC_RESERVATIONS_RELEASED, ch.ua[1]);
	free(st);
}

TEST(all_registrants)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0), *back;
	char text[1024];
	u32 n;

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_EA_AR, 0xaa, 0));
	/* Every registrant holds it; READ RESERVATION shows key 0 */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, RES, IKT_PR_EA_AR, 0xbb, 0));
	ASSERT_EQ(24, pr_in(st, 1));
	ASSERT_EQ(0, get_unaligned_be64(in_buf + 8));
	ASSERT_EQ(IKT_PR_EA_AR, in_buf[21]);
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_b, cdb_write10));
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_a2, cdb_read10));
	/* The APTPL file of an all registrants reservation parses */
	n = ikt_pr_state_format(st, text, sizeof(text));
	ASSERT_LT(n, sizeof(text));
	ASSERT_EQ(0, ikt_pr_state_parse(text, n, &back));
	ASSERT_TRUE(back->reserved);
	ASSERT_FALSE(ikt_pr_conflict(back, &nx_b, cdb_write10));
	free(back);
	/* It lives while anyone is registered */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0xaa, 0));
	ASSERT_TRUE(st->reserved);
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0xbb, 0));
	ASSERT_FALSE(st->reserved);
	ASSERT_FALSE(ikt_pr_state_active(st));
	free(st);
}

TEST(unregister_holder_releases)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_EA_RO, 0xaa, 0));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0xaa, 0));
	ASSERT_FALSE(st->reserved);
	ASSERT_EQ(IKT_ASC_RESERVATIONS_RELEASED, ch.ua[1]);
	free(st);
}

/* ---- conflicts (SPC-4 5.13.1, as libiscsi's ProutReserve.Access*) ---- */

struct access { u8 type; bool reg_read, reg_write, unreg_read, unreg_write; };

TEST(access_by_type)
{
	static const struct access tab[] = {
		{ IKT_PR_EA, 0, 0, 0, 0 },
		{ IKT_PR_WE, 1, 0, 1, 0 },
		{ IKT_PR_EA_RO, 1, 1, 0, 0 },
		{ IKT_PR_WE_RO, 1, 1, 1, 0 },
		{ IKT_PR_EA_AR, 1, 1, 0, 0 },
		{ IKT_PR_WE_AR, 1, 1, 1, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		struct ikt_pr_state *st = ikt_pr_state_alloc(0);

		ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
		ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xaa));
		ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, tab[i].type, 0xaa,
				       0));
		ASSERT_FALSE(ikt_pr_conflict(st, &nx_a, cdb_read10));
		ASSERT_FALSE(ikt_pr_conflict(st, &nx_a, cdb_write10));
		EXPECT_EQ(!tab[i].reg_read,
			  ikt_pr_conflict(st, &nx_b, cdb_read10));
		EXPECT_EQ(!tab[i].reg_write,
			  ikt_pr_conflict(st, &nx_b, cdb_write10));
		EXPECT_EQ(!tab[i].unreg_read,
			  ikt_pr_conflict(st, &nx_a2, cdb_read10));
		EXPECT_EQ(!tab[i].unreg_write,
			  ikt_pr_conflict(st, &nx_a2, cdb_write10));
		/* Always allowed */
		EXPECT_FALSE(ikt_pr_conflict(st, &nx_a2, cdb_inquiry));
		EXPECT_FALSE(ikt_pr_conflict(st, &nx_a2, cdb_tur));
		/* MODE SENSE goes where reads go */
		EXPECT_EQ(!tab[i].unreg_read,
			  ikt_pr_conflict(st, &nx_a2, cdb_mode_sense));
		free(st);
	}
}

TEST(no_reservation_no_conflict)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_FALSE(ikt_pr_state_active(st));
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_b, cdb_write10));
	free(st);
}

/* ---- PREEMPT, CLEAR ---- */

TEST(preempt)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a2, REG, 0, 0, 0xcc));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_WE, 0xaa, 0));
	/* Not registered: conflict; SARK 0: invalid */
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_b_tp2, PRE, IKT_PR_WE, 0, 0xaa));
	ASSERT_EQ(CHECK, pr_out(&st, &nx_b, PRE, IKT_PR_WE, 0xbb, 0));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_PARAM, res.sense.asc);
	/* A key nobody has: conflict */
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_b, PRE, IKT_PR_WE, 0xbb, 0x77));
	/* The holder's key: B takes the reservation, as EA */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, PAA, IKT_PR_EA, 0xbb, 0xaa));
	ASSERT_EQ(IKT_ASC_REGISTRATIONS_PREEMPTED, ch.ua[0]);
	ASSERT_EQ(0, ch.ua[1]);
	/* A2 is still registered and the type changed */
	ASSERT_EQ(IKT_ASC_RESERVATIONS_RELEASED, ch.ua[2]);
	ASSERT_EQ(2, st->nregs);
	ASSERT_EQ(IKT_PR_EA, st->type);
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_a, cdb_read10));
	ASSERT_EQ(24, pr_in(st, 1));
	ASSERT_EQ(0xbb, get_unaligned_be64(in_buf + 8));
	/* A non-holder's key: only the registration goes */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, PRE, IKT_PR_EA, 0xbb, 0xcc));
	ASSERT_EQ(1, st->nregs);
	ASSERT_TRUE(st->reserved);
	ASSERT_EQ(IKT_ASC_REGISTRATIONS_PREEMPTED, ch.ua[1]);
	free(st);
}

TEST(preempt_without_reservation)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, PRE, IKT_PR_WE, 0xaa, 0xbb));
	ASSERT_EQ(1, st->nregs);
	ASSERT_FALSE(st->reserved);
	ASSERT_EQ(IKT_ASC_REGISTRATIONS_PREEMPTED, ch.ua[1]);
	free(st);
}

TEST(preempt_all_registrants)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_WE_AR, 0xaa, 0));
	/* SARK 0: everybody else goes, A holds a new reservation */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, PRE, IKT_PR_WE, 0xaa, 0));
	ASSERT_EQ(1, st->nregs);
	ASSERT_EQ(IKT_PR_WE, st->type);
	ASSERT_TRUE(st->regs[0].holder);
	ASSERT_EQ(IKT_ASC_REGISTRATIONS_PREEMPTED, ch.ua[1]);
	free(st);
}

TEST(clear)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0, 0xbb));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, RES, IKT_PR_EA, 0xbb, 0));
	ASSERT_EQ(CONFLICT, pr_out(&st, &nx_a2, CLR, 0, 0, 0));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, CLR, 0, 0xaa, 0));
	ASSERT_EQ(0, st->nregs);
	ASSERT_FALSE(st->reserved);
	ASSERT_EQ(0, ch.ua[0]);
	ASSERT_EQ(IKT_ASC_RESERVATIONS_PREEMPTED, ch.ua[1]);
	ASSERT_EQ(8, pr_in(st, 0));
	ASSERT_EQ(3, get_unaligned_be32(in_buf));
	free(st);
}

/* ---- TransportIDs, SPEC_I_PT, READ FULL STATUS, REGISTER AND MOVE ---- */

static u32 tpid(u8 *p, u8 fmt, const char *s)
{
	u32 n = strlen(s) + 1, addl = n < 20 ? 20 : (n + 3) & ~3U;

	memset(p, 0, 4 + addl);
	p[0] = fmt | 0x05;
	put_unaligned_be16(addl, p + 2);
	memcpy(p + 4, s, n);
	return 4 + addl;
}

TEST(transport_ids)
{
	struct ikt_pr_reg r;
	u8 p[300];
	u32 n;

	n = tpid(p, 0x40, INI_B ",i,0x400000000001");
	ASSERT_EQ(n, ikt_pr_parse_tpid(p, n, &r));
	ASSERT_STREQ(INI_B, r.initiator);
	ASSERT_EQ(0, memcmp(nx_b.isid, r.isid, 6));
	ASSERT_FALSE(r.any_isid);
	n = tpid(p, 0x00, INI_B);
	ASSERT_EQ(n, ikt_pr_parse_tpid(p, n, &r));
	ASSERT_TRUE(r.any_isid);
	/* Broken ones */
	ASSERT_EQ(-EINVAL, ikt_pr_parse_tpid(p, n - 1, &r));
	p[0] = 0x04;			/* SAS */
	ASSERT_EQ(-EINVAL, ikt_pr_parse_tpid(p, n, &r));
	n = tpid(p, 0x40, INI_B ",i,0x4000000001");	/* short ISID */
	ASSERT_EQ(-EINVAL, ikt_pr_parse_tpid(p, n, &r));
	n = tpid(p, 0x40, INI_B ",x,0x400000000001");
	ASSERT_EQ(-EINVAL, ikt_pr_parse_tpid(p, n, &r));
	memset(p + 4, 'a', 40);		/* no NUL */
	ASSERT_EQ(-EINVAL, ikt_pr_parse_tpid(p, n, &r));
	n = tpid(p, 0x00, "iqn.x y");	/* a space in a name */
	ASSERT_EQ(-EINVAL, ikt_pr_parse_tpid(p, n, &r));
}

TEST(spec_i_pt_and_full_status)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);
	u8 l[600];
	u32 n = 4, d;

	n += tpid(l + n, 0x40, INI_B ",i,0x400000000001");
	n += tpid(l + n, 0x00, "iqn.2024-01.org.example:c");
	put_unaligned_be32(n - 4, l);
	ASSERT_EQ(GOOD, pr_out_x(&st, &nx_a, REG, 0, 0, 0xaa, 0x08, l, n));
	ASSERT_EQ(3, st->nregs);
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_WE, 0xaa, 0));
	/* B was registered through our target port by A */
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_b, cdb_read10));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, REG, 0, 0xaa, 0xbb));

	d = pr_in(st, 3);
	ASSERT_EQ(d - 8, get_unaligned_be32(in_buf + 4));
	/* A: holder, port 1, TransportID format 01b */
	ASSERT_EQ(0xaa, get_unaligned_be64(in_buf + 8));
	ASSERT_EQ(0x01, in_buf[8 + 12]);
	ASSERT_EQ(IKT_PR_WE, in_buf[8 + 13]);
	ASSERT_EQ(1, get_unaligned_be16(in_buf + 8 + 18));
	ASSERT_EQ(0x45, in_buf[8 + 24]);
	ASSERT_STREQ(INI_A ",i,0x400000000001", (char *)in_buf + 8 + 28);
	n = get_unaligned_be32(in_buf + 8 + 20);
	ASSERT_EQ(0, n % 4);
	/* then B, then C in format 00b */
	ASSERT_EQ(0xbb, get_unaligned_be64(in_buf + 8 + 24 + n));
	ASSERT_EQ(0, in_buf[8 + 24 + n + 12]);

	/* Naming an existing registration: conflict, nothing changes */
	n = 4 + tpid(l + 4, 0x40, INI_B ",i,0x400000000001");
	put_unaligned_be32(n - 4, l);
	ASSERT_EQ(CONFLICT, pr_out_x(&st, &nx_a2, REG, 0, 0, 0xdd, 0x08, l,
				     n));
	/* A bad one after a good one: nothing changes */
	n = 4 + tpid(l + 4, 0x40, "iqn.d,i,0x400000000001");
	n += tpid(l + n, 0x40, "iqn.e,i,0xzz0000000001");
	put_unaligned_be32(n - 4, l);
	ASSERT_EQ(CHECK, pr_out_x(&st, &nx_a2, REG, 0, 0, 0xdd, 0x08, l, n));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_PARAM, res.sense.asc);
	ASSERT_EQ(3, st->nregs);
	/* The list length disagrees with the parameter list length */
	put_unaligned_be32(n, l);
	ASSERT_EQ(CHECK, pr_out_x(&st, &nx_a2, REG, 0, 0, 0xdd, 0x08, l, n));
	ASSERT_EQ(IKT_ASC_PARAM_LIST_LENGTH_ERROR, res.sense.asc);
	free(st);
}

TEST(register_and_move)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);
	u8 l[300], cdb[16] = { 0x5f, MOVE }, p[24 + 300] = { 0 };
	u32 n;

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	n = tpid(l, 0x40, INI_B ",i,0x400000000001");
	/* MOVE's list: bytes 18-19 port, 20-23 TransportID length */
	put_unaligned_be32(24 + n, cdb + 5);
	put_unaligned_be64(0xaa, p);
	put_unaligned_be64(0xbb, p + 8);
	p[17] = 0x02;		/* UNREG */
	put_unaligned_be16(2, p + 18);
	put_unaligned_be32(n, p + 20);
	memcpy(p + 24, l, n);
	/* Not the holder */
	memset(&res, 0, sizeof(res));
	ASSERT_EQ(0, ikt_pr_out(st, &nx_a, cdb, p, 24 + n, true, &ch, &res));
	ASSERT_EQ(CONFLICT, res.status);
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, RES, IKT_PR_EA, 0xaa, 0));
	ASSERT_EQ(0, ikt_pr_out(st, &nx_a, cdb, p, 24 + n, true, &ch, &res));
	ASSERT_EQ(GOOD, res.status);
	free(st);
	st = ch.next;
	ASSERT_EQ(1, st->nregs);
	ASSERT_STREQ(INI_B, st->regs[0].initiator);
	ASSERT_EQ(2, st->regs[0].tpgt);
	ASSERT_TRUE(st->regs[0].holder);
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_b_tp2, cdb_write10));
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_b, cdb_write10));
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_a, cdb_read10));
	free(st);
}

TEST(report_capabilities)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);
	u8 cdb[16] = { 0x5f, REG }, p[24] = { 0 };

	ASSERT_EQ(8, pr_in(st, 2));
	ASSERT_EQ(8, get_unaligned_be16(in_buf));
	ASSERT_EQ(0x0d, in_buf[2]);	/* SIP_C ATP_C PTPL_C, CRH 0 */
	ASSERT_EQ(0x90, in_buf[3]);	/* TMV, ALLOW COMMANDS 1 */
	ASSERT_EQ(0xea, in_buf[4]);
	ASSERT_EQ(0x01, in_buf[5]);
	ASSERT_EQ(0, in_buf[6]);
	/* APTPL: PTPL_A */
	ASSERT_EQ(GOOD, pr_out_x(&st, &nx_a, REG, 0, 0, 0xaa, 0x01, NULL, 0));
	pr_in(st, 2);
	ASSERT_EQ(0x91, in_buf[3]);
	/* Not allowed here */
	put_unaligned_be32(24, cdb + 5);
	p[15] = 0xbb;
	p[20] = 0x01;
	ASSERT_EQ(0, ikt_pr_out(st, &nx_b, cdb, p, 24, false, &ch, &res));
	ASSERT_EQ(IKT_ASC_INVALID_FIELD_IN_PARAM, res.sense.asc);
	ASSERT_EQ(20, res.sense.sks_field);
	free(st);
}

TEST(pr_in_truncated)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);
	u8 cdb[16] = { 0x5e, 0 }, small[12];

	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0x0102030405060708));
	memset(small, 0, sizeof(small));
	ASSERT_EQ(0, ikt_pr_in(st, cdb, true, small, sizeof(small), &res));
	ASSERT_EQ(16, res.data_full);
	ASSERT_EQ(8, get_unaligned_be32(small + 4));
	/* The key did not fit: not written at all */
	ASSERT_EQ(0, small[8]);
	free(st);
}

/* ---- SPC-2 RESERVE / RELEASE ---- */

TEST(spc2)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0);

	memset(&res, 0, sizeof(res));
	ikt_pr_spc2(st, &nx_a, true, &res);
	ASSERT_EQ(GOOD, res.status);
	ASSERT_TRUE(ikt_pr_state_active(st));
	ikt_pr_spc2(st, &nx_a, true, &res);
	ASSERT_EQ(GOOD, res.status);
	ikt_pr_spc2(st, &nx_b, true, &res);
	ASSERT_EQ(CONFLICT, res.status);
	/* B: everything but a few commands conflicts */
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_b, cdb_read10));
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_b, cdb_mode_sense));
	ASSERT_TRUE(ikt_pr_conflict(st, &nx_b, cdb_tur));
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_b, cdb_inquiry));
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_a, cdb_write10));
	/* B's RELEASE does nothing */
	memset(&res, 0, sizeof(res));
	ikt_pr_spc2(st, &nx_b, false, &res);
	ASSERT_EQ(GOOD, res.status);
	ASSERT_TRUE(st->spc2);
	/* Nexus loss and resets */
	ASSERT_FALSE(ikt_pr_spc2_drop(st, &nx_b));
	ASSERT_TRUE(ikt_pr_spc2_drop(st, &nx_a));
	ASSERT_FALSE(ikt_pr_state_active(st));
	ikt_pr_spc2(st, &nx_b, true, &res);
	ASSERT_TRUE(ikt_pr_spc2_drop(st, NULL));

	/* CRH 0: no RESERVE or RELEASE while a registration exists */
	ASSERT_EQ(GOOD, pr_out(&st, &nx_a, REG, 0, 0, 0xaa));
	memset(&res, 0, sizeof(res));
	ikt_pr_spc2(st, &nx_a, true, &res);
	ASSERT_EQ(CONFLICT, res.status);
	memset(&res, 0, sizeof(res));
	ikt_pr_spc2(st, &nx_b, false, &res);
	ASSERT_EQ(CONFLICT, res.status);
	free(st);
}

/* ---- APTPL file ---- */

TEST(aptpl_round_trip)
{
	struct ikt_pr_state *st = ikt_pr_state_alloc(0), *back;
	char text[4096];
	u32 n;
	u8 l[300];

	ASSERT_EQ(GOOD, pr_out_x(&st, &nx_a, REG, 0, 0, 0xaa, 0x01, NULL, 0));
	ASSERT_EQ(GOOD, pr_out_x(&st, &nx_b, REG, 0, 0, 0xbb, 0x05, NULL, 0));
	n = 4 + tpid(l + 4, 0x00, "iqn.2024-01.org.example:c");
	put_unaligned_be32(n - 4, l);
	ASSERT_EQ(GOOD, pr_out_x(&st, &nx_a2, REG, 0, 0, 0xcc, 0x09, l, n));
	ASSERT_EQ(GOOD, pr_out(&st, &nx_b, RES, IKT_PR_WE_RO, 0xbb, 0));
	n = ikt_pr_state_format(st, NULL, 0);
	ASSERT_LT(n, sizeof(text));
	ASSERT_EQ(n, ikt_pr_state_format(st, text, sizeof(text)));
	ASSERT_EQ(0, ikt_pr_state_parse(text, n, &back));
	ASSERT_TRUE(back->aptpl);
	ASSERT_EQ(st->generation, back->generation);
	ASSERT_EQ(st->nregs, back->nregs);
	ASSERT_TRUE(back->reserved);
	ASSERT_EQ(IKT_PR_WE_RO, back->type);
	/* The file keeps no target port for an ALL_TG_PT registration */
	for (n = 0; n < st->nregs; n++)
		if (st->regs[n].all_tg_pt)
			st->regs[n].tpgt = 0;
	ASSERT_EQ(0, memcmp(st->regs, back->regs,
			    st->nregs * sizeof(st->regs[0])));
	ASSERT_FALSE(ikt_pr_conflict(back, &nx_b, cdb_write10));
	ASSERT_TRUE(ikt_pr_conflict(back, &nx_b_tp2, cdb_write10) ==
		    ikt_pr_conflict(st, &nx_b_tp2, cdb_write10));
	free(back);
	free(st);
}

TEST(aptpl_malformed)
{
	static const char *const bad[] = {
		"",
		"iscsikt-pr 2\n",			/* no end line */
		"iscsikt-pr 1\nend\n",		/* an older format */
		"iscsikt-pr 2\nend",			/* cut in the end line */
		"iscsikt-pr 2\nend\nend\n",
		"iscsikt-pr 2\nend\ntype 01\n",	/* a line after the end */
		"iscsikt-pr 2\ngeneration 0000000g\nend\n",
		"iscsikt-pr 2\ntype 02\nend\n",
		"iscsikt-pr 2\ntype 01\nend\n",	/* nobody holds it */
		"iscsikt-pr 2\nreg 0000000000000000 400000000001 0001 0 iqn.a\nend\n",
		"iscsikt-pr 2\nreg 00000000000000aa 400000000001 0001 1 iqn.a\nend\n",
		"iscsikt-pr 2\nreg 00000000000000aa 400000000001 0001 0 iqn a\nend\n",
		"iscsikt-pr 2\nreg 00000000000000aa 400000000001 0001 0 \nend\n",
		"iscsikt-pr 2\ntype 07\ntype 07\nend\n",
		"iscsikt-pr 2\nunknown line\nend\n",
	};
	static const char good[] = "iscsikt-pr 2\ngeneration 00000003\n"
		"type 01\n"
		"reg 00000000000000aa *            *    1 iqn.a\n"
		"reg 00000000000000bb *            *    0 iqn.b\n"
		"end\n";
	struct ikt_pr_state *st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, ikt_pr_state_parse(bad[i], strlen(bad[i]),
						      &st));
		EXPECT_EQ(NULL, st);
	}
	ASSERT_EQ(0, ikt_pr_state_parse(good, strlen(good), &st));
	ASSERT_EQ(3, st->generation);
	ASSERT_EQ(2, st->nregs);
	ASSERT_TRUE(st->regs[0].any_isid);
	ASSERT_TRUE(st->regs[0].all_tg_pt);
	ASSERT_FALSE(ikt_pr_conflict(st, &nx_b, cdb_read10));
	free(st);
	/*
	 * A file cut short anywhere (a crash while it was written) is
	 * refused, never read as a state with registrations missing, and
	 * never overruns (ASAN).
	 */
	for (i = 0; i < sizeof(good) - 1; i++) {
		char *cut = malloc(i + 1);

		memcpy(cut, good, i);
		EXPECT_EQ(-EINVAL, ikt_pr_state_parse(cut, i, &st));
		EXPECT_EQ(NULL, st);
		free(cut);
	}
}

TEST_HARNESS_MAIN
