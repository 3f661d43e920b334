// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host tests of the netlink encoding: build requests with libnl exactly as
 * the library sends them, check the attributes, and decode them back as if
 * they were kernel replies (the attribute space is shared).
 */
#include <sys/socket.h>
#include "../internal.h"
#include "kselftest_harness.h"

static struct nlattr *attrs(struct nl_msg *m, int *len)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(m));

	*len = genlmsg_attrlen(gh, 0);
	return genlmsg_attrdata(gh, 0);
}

static struct nl_msg *genl(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, 0, 0, 42, 0, 0, cmd, ISCSIKT_GENL_VERSION);
	return m;
}

static int count(struct nl_msg *m, int type)
{
	struct nlattr *a, *head;
	int len, rem, n = 0;

	head = attrs(m, &len);
	nla_for_each_attr(a, head, len, rem)
		n += nla_type(a) == type;
	return n;
}

TEST(portal_roundtrip)
{
	struct iscsicfg_listen ls[2];
	struct iscsicfg_portal p = { .tag = 7, .comment = "lan",
				     .listens = ls, .n_listens = 2 }, back = { 0 };
	struct nl_msg *m = genl(ISCSIKT_CMD_PORTAL_NEW);
	struct nlattr *a;
	int len;

	ASSERT_EQ(0, iscsicfg_parse_listen("0.0.0.0", &ls[0], NULL, 0));
	ASSERT_EQ(0, iscsicfg_parse_listen("[2001:db8::2]:3261", &ls[1], NULL, 0));
	ASSERT_EQ(0, ic_encode_portal(m, &p, false));
	ASSERT_EQ(2, count(m, ISCSIKT_A_PORTAL_LISTEN));
	a = attrs(m, &len);
	ASSERT_EQ(0, ic_decode_portal(a, len, &back));
	ASSERT_EQ(7, back.tag);
	ASSERT_STREQ("lan", back.comment);
	ASSERT_EQ(2, back.n_listens);
	ASSERT_EQ(AF_INET, back.listens[0].addr.family);
	ASSERT_EQ(3260, back.listens[0].port);
	ASSERT_EQ(AF_INET6, back.listens[1].addr.family);
	ASSERT_EQ(3261, back.listens[1].port);
	ASSERT_EQ(0, memcmp(ls[1].addr.bytes, back.listens[1].addr.bytes, 16));
	iscsicfg_portal_free(&back);
	nlmsg_free(m);
}

TEST(portal_set_sends_only_fields)
{
	struct iscsicfg_portal p = { .tag = 3, .comment = "x",
				     .fields = ISCSICFG_PORTAL_F_COMMENT };
	struct nl_msg *m = genl(ISCSIKT_CMD_PORTAL_SET);

	ASSERT_EQ(0, ic_encode_portal(m, &p, true));
	ASSERT_EQ(1, count(m, ISCSIKT_A_PORTAL_TAG));
	ASSERT_EQ(1, count(m, ISCSIKT_A_PORTAL_COMMENT));
	ASSERT_EQ(0, count(m, ISCSIKT_A_PORTAL_LISTEN));
	nlmsg_free(m);
}

TEST(auth_secrets_binary_and_not_decoded)
{
	struct iscsicfg_auth a = { .tag = 2, .user = "u",
				   .secret = "123456789012",
				   .peer_user = "p",
				   .peer_secret = "abcdefghijklm" }, back = { 0 };
	struct nl_msg *m = genl(ISCSIKT_CMD_AUTH_NEW);
	struct nlattr *head, *at;
	int len, rem;

	ASSERT_EQ(0, ic_encode_auth(m, &a, false));
	head = attrs(m, &len);
	nla_for_each_attr(at, head, len, rem) {
		if (nla_type(at) == ISCSIKT_A_AUTH_SECRET)
			ASSERT_EQ(12, nla_len(at));	/* no NUL */
		if (nla_type(at) == ISCSIKT_A_AUTH_PEER_SECRET)
			ASSERT_EQ(13, nla_len(at));
	}
	ASSERT_EQ(0, ic_decode_auth(head, len, &back));
	ASSERT_EQ(2, back.tag);
	ASSERT_STREQ("p", back.peer_user);
	ASSERT_EQ(NULL, back.secret);
	ASSERT_EQ(NULL, back.peer_secret);
	iscsicfg_auth_free(&back);
	nlmsg_free(m);
}

TEST(auth_without_peer)
{
	struct iscsicfg_auth a = { .tag = 2, .user = "u",
				   .secret = "123456789012" };
	struct nl_msg *m = genl(ISCSIKT_CMD_AUTH_NEW);

	ASSERT_EQ(0, ic_encode_auth(m, &a, false));
	ASSERT_EQ(0, count(m, ISCSIKT_A_AUTH_PEER_USER));
	ASSERT_EQ(0, count(m, ISCSIKT_A_AUTH_PEER_SECRET));
	ASSERT_EQ(0, count(m, ISCSIKT_A_AUTH_ID));	/* kernel assigns */
	nlmsg_free(m);
}

TEST(target_roundtrip)
{
	struct iscsicfg_tgroup g[2] = {
		{ .portal_tag = 1, .igroup_id = 2,
		  .auth_method = ISCSICFG_AUTH_CHAP_MUTUAL, .auth_tag = 9 },
		{ .portal_tag = 3 },
	};
	struct iscsicfg_network n;
	/* the codec carries what validation refuses: FC tells it from 0 */
	struct iscsicfg_target t = { .name = "disk0", .alias = "Disk",
				     .groups = g, .n_groups = 2,
				     .networks = &n, .n_networks = 1,
				     .mode = ISCSICFG_TARGET_MODE_FC },
		back = { 0 };
	struct nl_msg *m = genl(ISCSIKT_CMD_TARGET_NEW);
	struct nlattr *a;
	int len;

	ASSERT_EQ(0, iscsicfg_parse_network("10.1.0.0/16", &n, NULL, 0));
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2026-11.org.iscsikt.ctl:disk0",
				      false));
	a = attrs(m, &len);
	ASSERT_EQ(0, ic_decode_target(a, len, &back));
	ASSERT_STREQ("iqn.2026-11.org.iscsikt.ctl:disk0", back.name);
	ASSERT_STREQ("Disk", back.alias);
	ASSERT_EQ(ISCSICFG_TARGET_MODE_FC, back.mode);
	ASSERT_EQ(2, back.n_groups);
	ASSERT_EQ(0, memcmp(g, back.groups, sizeof(g)));
	ASSERT_EQ(1, back.n_networks);
	ASSERT_EQ(16, back.networks[0].prefix);
	ASSERT_EQ(10, back.networks[0].addr.bytes[0]);
	iscsicfg_target_free(&back);
	nlmsg_free(m);
}

TEST(extent_roundtrip)
{
	struct iscsicfg_extent x = {
		.name = "e0", .type = ISCSICFG_EXTENT_FILE, .path = "/p/e0",
		.size = 1ull << 33, .block_size = 4096, .no_pbs = true,
		.read_only = true, .xen = true, .rpm = ISCSICFG_RPM_SSD,
		.tpc = true, .serial = "SER1", .naa = 0x6001405abcdef012ull,
		.threshold = 80, .comment = "c", .enabled = true,
		.direct_io = true,
	}, back = { 0 };
	struct nl_msg *m = genl(ISCSIKT_CMD_EXTENT_NEW);
	struct nlattr *a;
	int len;

	ASSERT_EQ(0, ic_encode_extent(m, &x, false));
	a = attrs(m, &len);
	ASSERT_EQ(0, ic_decode_extent(a, len, &back));
	ASSERT_STREQ("e0", back.name);
	ASSERT_STREQ("/p/e0", back.path);
	ASSERT_EQ(x.size, back.size);
	ASSERT_EQ(4096, back.block_size);
	ASSERT_TRUE(back.no_pbs && back.read_only && back.xen && back.tpc &&
		    back.enabled && back.direct_io);
	ASSERT_EQ(ISCSICFG_RPM_SSD, back.rpm);
	ASSERT_STREQ("SER1", back.serial);
	ASSERT_EQ(x.naa, back.naa);
	ASSERT_EQ(80, back.threshold);
	iscsicfg_extent_free(&back);
	nlmsg_free(m);
}

TEST(global_roundtrip)
{
	char *isns[] = { "a.example", "b.example:3205" };
	struct iscsicfg_global g = { .basename = "iqn.2026-11.org.x",
				     .isns = isns, .n_isns = 2,
				     .pool_threshold = 50, .alua = true,
				     .discovery_auth = ISCSICFG_AUTH_CHAP,
				     .discovery_auth_tag = 4 }, back = { 0 };
	struct nl_msg *m = genl(ISCSIKT_CMD_GLOBAL_SET);
	struct nlattr *a;
	int len;

	ASSERT_EQ(0, ic_encode_global(m, &g, false));
	a = attrs(m, &len);
	ASSERT_EQ(0, ic_decode_global(a, len, &back));
	ASSERT_STREQ(g.basename, back.basename);
	ASSERT_EQ(2, back.n_isns);
	ASSERT_STREQ("b.example:3205", back.isns[1]);
	ASSERT_EQ(50, back.pool_threshold);
	ASSERT_TRUE(back.alua);
	ASSERT_EQ(ISCSICFG_AUTH_CHAP, back.discovery_auth);
	ASSERT_EQ(4, back.discovery_auth_tag);
	iscsicfg_global_free(&back);
	nlmsg_free(m);
}

TEST(decode_rejects_bad_lengths)
{
	struct nl_msg *m = genl(ISCSIKT_CMD_PORTAL_GET);
	struct iscsicfg_portal p = { 0 };
	struct iscsicfg_lun l = { 0 };
	struct nlattr *a;
	int len;

	ASSERT_EQ(0, nla_put_u32(m, ISCSIKT_A_PORTAL_TAG, 1));	/* u16 */
	a = attrs(m, &len);
	ASSERT_EQ(-EPROTO, ic_decode_portal(a, len, &p));
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_LUN_GET);
	ASSERT_EQ(0, nla_put_u64(m, ISCSIKT_A_LUN_ID, 1024));
	a = attrs(m, &len);
	ASSERT_EQ(-EPROTO, ic_decode_lun(a, len, &l));
	iscsicfg_lun_free(&l);
	nlmsg_free(m);
}

TEST(dry_run_validates)
{
	struct iscsicfg_lun l = { .target = "disk0", .extent = "e0",
				  .lun_id = -1 };
	struct iscsicfg_target t = { .name = "Disk0" };
	struct iscsicfg_ctx *ctx;
	uint64_t lun = 99;

	ASSERT_EQ(0, iscsicfg_open(&ctx, ISCSICFG_OPEN_DRY_RUN));
	ASSERT_EQ(-EINVAL, iscsicfg_target_add(ctx, &t));
	ASSERT_NE(NULL, strstr(iscsicfg_strerror(ctx), "target name"));
	ASSERT_EQ(0, iscsicfg_lun_add(ctx, &l, &lun));
	ASSERT_EQ(0, lun);	/* no LUNs yet: the first free one */
	ASSERT_EQ(-EINVAL, iscsicfg_target_del(ctx, "x", ISCSICFG_DEL_FILES));
	iscsicfg_close(ctx);
}

/* the kernel's rule: one empty occurrence empties a list */
static void expect_one_empty(struct __test_metadata *_metadata,
			     struct nl_msg *m, int type, int want_len)
{
	struct nlattr *a, *head;
	int len, rem, n = 0;

	head = attrs(m, &len);
	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) != type)
			continue;
		n++;
		ASSERT_EQ(want_len, nla_len(a));
	}
	ASSERT_EQ(1, n);
}

TEST(set_empties_lists)
{
	struct iscsicfg_global g = { .fields = ISCSICFG_GLOBAL_F_ISNS };
	struct iscsicfg_igroup ig = { .fields = ISCSICFG_IGROUP_F_INITIATORS,
				      .id = 3 };
	struct iscsicfg_target t = { .fields = ISCSICFG_TARGET_F_GROUPS |
					       ISCSICFG_TARGET_F_NETWORKS };
	struct nl_msg *m;

	m = genl(ISCSIKT_CMD_GLOBAL_SET);
	ASSERT_EQ(0, ic_encode_global(m, &g, true));
	expect_one_empty(_metadata, m, ISCSIKT_A_GLOBAL_ISNS_SERVER, 1);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_IGROUP_SET);
	ASSERT_EQ(0, ic_encode_igroup(m, &ig, true));
	expect_one_empty(_metadata, m, ISCSIKT_A_IGROUP_INITIATOR, 1);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_TARGET_SET);
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2000-01.com.a:t", true));
	expect_one_empty(_metadata, m, ISCSIKT_A_TARGET_GROUP, 0);
	expect_one_empty(_metadata, m, ISCSIKT_A_TARGET_NETWORK, 0);
	nlmsg_free(m);

	/* an add, or a set without the field, sends no list at all */
	m = genl(ISCSIKT_CMD_TARGET_NEW);
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2000-01.com.a:t", false));
	ASSERT_EQ(0, count(m, ISCSIKT_A_TARGET_GROUP));
	nlmsg_free(m);
	t.fields = ISCSICFG_TARGET_F_ALIAS;
	m = genl(ISCSIKT_CMD_TARGET_SET);
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2000-01.com.a:t", true));
	ASSERT_EQ(0, count(m, ISCSIKT_A_TARGET_NETWORK));
	nlmsg_free(m);
}

/* an add always names the mode; a set only when asked to */
TEST(target_mode_sent)
{
	struct iscsicfg_target t = { .fields = ISCSICFG_TARGET_F_ALIAS };
	struct nl_msg *m;

	m = genl(ISCSIKT_CMD_TARGET_NEW);
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2000-01.com.a:t", false));
	ASSERT_EQ(1, count(m, ISCSIKT_A_TARGET_MODE));
	nlmsg_free(m);
	m = genl(ISCSIKT_CMD_TARGET_SET);
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2000-01.com.a:t", true));
	ASSERT_EQ(0, count(m, ISCSIKT_A_TARGET_MODE));
	nlmsg_free(m);
	t.fields = ISCSICFG_TARGET_F_MODE;
	m = genl(ISCSIKT_CMD_TARGET_SET);
	ASSERT_EQ(0, ic_encode_target(m, &t, "iqn.2000-01.com.a:t", true));
	ASSERT_EQ(1, count(m, ISCSIKT_A_TARGET_MODE));
	nlmsg_free(m);
}

TEST(dry_run_set_empty_list)
{
	struct iscsicfg_igroup ig = { .fields = ISCSICFG_IGROUP_F_INITIATORS,
				      .id = 3 };
	struct iscsicfg_ctx *ctx;

	ASSERT_EQ(0, iscsicfg_open(&ctx, ISCSICFG_OPEN_DRY_RUN));
	ASSERT_EQ(0, iscsicfg_igroup_set(ctx, &ig));
	iscsicfg_close(ctx);
}

/* Events: what each configuration command's event says, by key. */
TEST(event_config_keys)
{
	struct iscsicfg_event e;
	struct nl_msg *m;

	m = genl(ISCSIKT_CMD_PORTAL_SET);
	nla_put_u16(m, ISCSIKT_A_PORTAL_TAG, 7);
	nla_put_string(m, ISCSIKT_A_PORTAL_COMMENT, "lan");
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_EVENT_CONFIG, e.type);
	EXPECT_EQ(ISCSICFG_CONFIG_SET, e.op);
	EXPECT_EQ(ISCSICFG_OBJ_PORTAL, e.obj);
	EXPECT_STREQ("7", e.key);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_AUTH_DEL);
	nla_put_u32(m, ISCSIKT_A_AUTH_ID, 12);
	nla_put_string(m, ISCSIKT_A_AUTH_USER, "u");
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_CONFIG_DEL, e.op);
	EXPECT_EQ(ISCSICFG_OBJ_AUTH, e.obj);
	EXPECT_STREQ("12", e.key);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_LUN_NEW);
	nla_put_string(m, ISCSIKT_A_TARGET_NAME, "iqn.2026-11.x:t");
	nla_put_string(m, ISCSIKT_A_EXTENT_NAME, "disk0");
	nla_put_u64(m, ISCSIKT_A_LUN_ID, 3);
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_CONFIG_ADD, e.op);
	EXPECT_EQ(ISCSICFG_OBJ_LUN, e.obj);
	EXPECT_STREQ("iqn.2026-11.x:t/3", e.key);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_EXTENT_NEW);
	nla_put_string(m, ISCSIKT_A_EXTENT_NAME, "disk0");
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_OBJ_EXTENT, e.obj);
	EXPECT_STREQ("disk0", e.key);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_GLOBAL_SET);
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_OBJ_GLOBAL, e.obj);
	EXPECT_STREQ("settings", e.key);
	nlmsg_free(m);
}

TEST(event_session_and_threshold)
{
	uint8_t peer[4] = { 10, 0, 2, 15 };
	struct iscsicfg_event e;
	struct nlattr *nest;
	struct nl_msg *m;

	m = genl(ISCSIKT_CMD_SESSION_LOGOUT);
	nla_put_string(m, ISCSIKT_A_TARGET_NAME, "iqn.2026-11.x:t");
	nla_put_u16(m, ISCSIKT_A_SESSION_TSIH, 3);
	nla_put_string(m, ISCSIKT_A_SESSION_INITIATOR, "iqn.1993-08.org.debian:1");
	nest = nla_nest_start(m, ISCSIKT_A_SESSION_CONN);
	nla_put(m, ISCSIKT_A_CONN_PEER_ADDR, 4, peer);
	nla_put_u16(m, ISCSIKT_A_CONN_PEER_PORT, 51234);
	nla_nest_end(m, nest);
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_EVENT_LOGOUT, e.type);
	EXPECT_EQ(3, e.session.tsih);
	EXPECT_STREQ("iqn.2026-11.x:t", e.session.target);
	EXPECT_STREQ("iqn.1993-08.org.debian:1", e.session.initiator);
	ASSERT_EQ(1, e.session.n_conns);
	EXPECT_EQ(51234, e.session.conns[0].peer_port);
	iscsicfg_event_free(&e);
	EXPECT_EQ(NULL, e.session.target);
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_THRESHOLD);
	nla_put_string(m, ISCSIKT_A_EXTENT_NAME, "disk0");
	nla_put_u8(m, ISCSIKT_A_THRESHOLD_SCOPE, ISCSIKT_THRESHOLD_POOL);
	nla_put_u8(m, ISCSIKT_A_THRESHOLD_PERCENT, 80);
	nla_put_u64(m, ISCSIKT_A_THRESHOLD_AVAIL, 1ULL << 33);
	nla_put_u8(m, ISCSIKT_A_THRESHOLD_REACHED, 1);
	ASSERT_EQ(1, ic_decode_event(42, nlmsg_hdr(m), &e));
	EXPECT_EQ(ISCSICFG_EVENT_THRESHOLD, e.type);
	EXPECT_EQ(ISCSICFG_THRESHOLD_POOL, e.threshold.scope);
	EXPECT_STREQ("disk0", e.threshold.extent);
	EXPECT_EQ(80, e.threshold.percent);
	EXPECT_EQ(1ULL << 33, e.threshold.avail);
	EXPECT_TRUE(e.threshold.reached);
	nlmsg_free(m);
}

/* Others' messages and commands not known are skipped; bad ones refused. */
TEST(event_skip_and_malformed)
{
	struct iscsicfg_event e;
	struct nl_msg *m;

	m = genl(ISCSIKT_CMD_TARGET_DEL);
	nla_put_string(m, ISCSIKT_A_TARGET_NAME, "iqn.2026-11.x:t");
	EXPECT_EQ(0, ic_decode_event(43, nlmsg_hdr(m), &e));
	nlmsg_free(m);

	m = genl(ISCSIKT_CMD_TARGET_GET);
	nla_put_string(m, ISCSIKT_A_TARGET_NAME, "iqn.2026-11.x:t");
	EXPECT_EQ(0, ic_decode_event(42, nlmsg_hdr(m), &e));
	nlmsg_free(m);

	m = genl(200);
	EXPECT_EQ(0, ic_decode_event(42, nlmsg_hdr(m), &e));
	nlmsg_free(m);

	/* no key */
	m = genl(ISCSIKT_CMD_TARGET_DEL);
	EXPECT_EQ(-EPROTO, ic_decode_event(42, nlmsg_hdr(m), &e));
	nlmsg_free(m);

	/* a key too short for its type, a string not NUL-terminated */
	m = genl(ISCSIKT_CMD_IGROUP_NEW);
	nla_put_u8(m, ISCSIKT_A_IGROUP_ID, 1);
	EXPECT_EQ(-EPROTO, ic_decode_event(42, nlmsg_hdr(m), &e));
	nlmsg_free(m);
	m = genl(ISCSIKT_CMD_EXTENT_DEL);
	nla_put(m, ISCSIKT_A_EXTENT_NAME, 5, "disk0");
	EXPECT_EQ(-EPROTO, ic_decode_event(42, nlmsg_hdr(m), &e));
	nlmsg_free(m);
}

TEST_HARNESS_MAIN
