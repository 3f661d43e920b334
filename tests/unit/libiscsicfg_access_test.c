// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of iscsicfg_igroup_connected: which logged-in initiators an
 * initiator group lets in ("iscsicfg initiator show", CONNECTED).
 * access.c needs only libc, so it is compiled into this test directly.
 */
#include "../../libiscsicfg/access.c"
#include "kselftest_harness.h"

#define ME	"iqn.2026-01.org.example:me"
#define OTHER	"iqn.2026-01.org.example:other"
#define T1	"iqn.2026-11.org.iscsikt.ctl:t1"
#define T2	"iqn.2026-11.org.iscsikt.ctl:t2"

/* portal 1 pairs t1 with group 1, portal 2 with group 2; t2: group 3 */
static struct iscsicfg_tgroup t1_groups[] = {
	{ .portal_tag = 1, .igroup_id = 1 },
	{ .portal_tag = 2, .igroup_id = 2 },
};
static struct iscsicfg_tgroup t2_groups[] = {
	{ .portal_tag = 1, .igroup_id = 3 },
};
static struct iscsicfg_target targets[] = {
	{ .name = T1, .groups = t1_groups, .n_groups = 2 },
	{ .name = T2, .groups = t2_groups, .n_groups = 1 },
};

static struct iscsicfg_conn via_portal1 = { .portal_tag = 1 };

static struct iscsicfg_session session(const char *target,
				       const char *initiator)
{
	return (struct iscsicfg_session){
		.target = (char *)target, .initiator = (char *)initiator,
		.conns = &via_portal1, .n_conns = 1,
	};
}

static const char **names;
static size_t n;

static void connected(struct __test_metadata *_metadata,
		      const struct iscsicfg_igroup *g,
		      const struct iscsicfg_session *s, size_t ns)
{
	free(names);
	ASSERT_EQ(0, iscsicfg_igroup_connected(g, targets, 2, s, ns, &names,
					       &n));
}

TEST(a_group_that_lists_none_lets_every_initiator_in)
{
	struct iscsicfg_igroup g = { .id = 1 };
	struct iscsicfg_session s[] = { session(T1, ME), session(T1, OTHER) };

	connected(_metadata, &g, s, 2);
	ASSERT_EQ(2, n);
	EXPECT_STREQ(ME, names[0]);
	EXPECT_STREQ(OTHER, names[1]);
}

TEST(a_group_lets_in_only_the_names_it_lists_without_case)
{
	char *list[] = { "IQN.2026-01.org.example:ME" };
	struct iscsicfg_igroup g = { .id = 1, .initiators = list,
				     .n_initiators = 1 };
	struct iscsicfg_session s[] = { session(T1, OTHER), session(T1, ME) };

	connected(_metadata, &g, s, 2);
	ASSERT_EQ(1, n);
	EXPECT_STREQ(ME, names[0]);
}

TEST(each_initiator_once)
{
	struct iscsicfg_igroup g = { .id = 1 };
	struct iscsicfg_session s[] = { session(T1, ME), session(T1, OTHER),
					session(T1, ME) };

	connected(_metadata, &g, s, 3);
	ASSERT_EQ(2, n);
	EXPECT_STREQ(ME, names[0]);
	EXPECT_STREQ(OTHER, names[1]);
}

TEST(not_a_group_the_session_target_does_not_use)
{
	struct iscsicfg_igroup g3 = { .id = 3 }, g4 = { .id = 4 };
	struct iscsicfg_session s[] = { session(T1, ME) };

	connected(_metadata, &g3, s, 1);
	EXPECT_EQ(0, n);
	connected(_metadata, &g4, s, 1);
	EXPECT_EQ(0, n);
}

TEST(not_a_group_the_target_pairs_with_another_portal)
{
	struct iscsicfg_igroup g2 = { .id = 2 };
	struct iscsicfg_session s[] = { session(T1, ME) };

	connected(_metadata, &g2, s, 1);
	EXPECT_EQ(0, n);
}

TEST(a_session_without_connections_or_target_is_not_logged_in)
{
	struct iscsicfg_igroup g = { .id = 1 };
	struct iscsicfg_session s[] = { session(T1, ME), session(NULL, OTHER),
					session("iqn.2026-01.org.example:gone",
						OTHER) };

	s[0].n_conns = 0;
	connected(_metadata, &g, s, 3);
	EXPECT_EQ(0, n);
}

TEST(no_sessions)
{
	struct iscsicfg_igroup g = { .id = 1 };

	connected(_metadata, &g, NULL, 0);
	EXPECT_EQ(0, n);
	EXPECT_EQ(NULL, names);
}

TEST_HARNESS_MAIN
