// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libiscsicfg's validation rules.  validate.c needs only
 * libc, so it is compiled into this test directly.  The msg_* tests assert
 * every message of validate.c word for word; Documentation/testing.rst
 * ("Validation rules") lists each rule and its tests, and
 * iscsicfg_cli_test.sh fails when a message has none.
 */
#include <sys/socket.h>
#include "../../libiscsicfg/validate.c"
#include "kselftest_harness.h"

static struct ic_err e;

#define OK(x) ASSERT_EQ(0, (x))
#define BAD(x, needle)							\
	do {								\
		ASSERT_EQ(-EINVAL, (x));				\
		ASSERT_NE(NULL, strstr(e.msg, needle)) {		\
			TH_LOG("message: %s", e.msg);			\
		}							\
	} while (0)

TEST(short_name_ok)
{
	OK(ic_check_short_target_name(&e, "disk0"));
	OK(ic_check_short_target_name(&e, "a.b-c:d"));
}

TEST(short_name_rules)
{
	char name[66];

	BAD(ic_check_short_target_name(&e, "Disk0"), "target name");
	BAD(ic_check_short_target_name(&e, "disk_0"), "a-z 0-9 . - :");
	BAD(ic_check_short_target_name(&e, ""), "target name");
	memset(name, 'a', 65);
	name[65] = '\0';
	BAD(ic_check_short_target_name(&e, name), "64");
	name[64] = '\0';
	OK(ic_check_short_target_name(&e, name));
}

TEST(extent_names)
{
	struct iscsicfg_extent x = { .type = ISCSICFG_EXTENT_DEVICE,
				     .path = "/dev/sdz" };
	char name[65];

	OK(ic_check_extent_name(&e, "disk0"));
	OK(ic_check_extent_name(&e, "Disk 0 (fast) #1"));
	OK(ic_check_extent_name(&e, "~!"));
	BAD(ic_check_extent_name(&e, ""), "extent name: required");
	BAD(ic_check_extent_name(&e, NULL), "extent name: required");
	BAD(ic_check_extent_name(&e, "a\tb"), "printable ASCII only");
	BAD(ic_check_extent_name(&e, "a\x7f"), "printable ASCII only");
	BAD(ic_check_extent_name(&e, "caf\xc3\xa9"), "printable ASCII only");
	memset(name, 'x', 64);
	name[64] = '\0';
	BAD(ic_check_extent_name(&e, name), "at most 63 bytes (got 64)");
	name[63] = '\0';
	OK(ic_check_extent_name(&e, name));
	/* extent add and set apply the same rule */
	x.name = name;
	OK(ic_check_extent(&e, &x, false, true));
	name[63] = 'x';
	BAD(ic_check_extent(&e, &x, false, true), "at most 63");
	x.fields = ISCSICFG_EXTENT_F_COMMENT;
	BAD(ic_check_extent(&e, &x, true, true), "at most 63");
}

TEST(iqn_names)
{
	OK(ic_check_iscsi_name(&e, "t", "iqn.2026-11.org.iscsikt.ctl"));
	OK(ic_check_iscsi_name(&e, "t", "iqn.1994-09.org.freebsd:freenas.local"));
	BAD(ic_check_iscsi_name(&e, "t", "iqn.2026-13.org.x"), "iqn.YYYY-MM");
	BAD(ic_check_iscsi_name(&e, "t", "iqn.26-11.org.x"), "iqn.YYYY-MM");
	BAD(ic_check_iscsi_name(&e, "t", "iqn.2026-11.org..x"), "iqn.YYYY-MM");
	BAD(ic_check_iscsi_name(&e, "t", "iqn.2026-11.Org.x"), "iqn.YYYY-MM");
	BAD(ic_check_iscsi_name(&e, "t", "iqn.2026-11.org.x:a b"), "iqn.YYYY-MM");
	BAD(ic_check_iscsi_name(&e, "t", "foo.bar"), "must start with");
}

TEST(eui_naa_names)
{
	OK(ic_check_iscsi_name(&e, "t", "eui.02004567A425678D"));
	OK(ic_check_iscsi_name(&e, "t", "naa.52004567BA64678D"));
	OK(ic_check_iscsi_name(&e, "t", "naa.62004567BA64678D0123456789ABCDEF"));
	BAD(ic_check_iscsi_name(&e, "t", "eui.02004567A425678"), "16 hex");
	BAD(ic_check_iscsi_name(&e, "t", "eui.02004567A425678G"), "16 hex");
	BAD(ic_check_iscsi_name(&e, "t", "naa.1234"), "16 or 32");
}

TEST(expand_with_basename)
{
	char out[ISCSICFG_NAME_MAX], err[256];

	OK(iscsicfg_target_name_expand(NULL, "disk0", out, sizeof(out), err,
				       sizeof(err)));
	ASSERT_STREQ("iqn.2026-11.org.iscsikt.ctl:disk0", out);
	OK(iscsicfg_target_name_expand("iqn.2000-01.com.example", "a", out,
				       sizeof(out), err, sizeof(err)));
	ASSERT_STREQ("iqn.2000-01.com.example:a", out);
	OK(iscsicfg_target_name_expand("iqn.2000-01.com.example",
				       "iqn.2001-02.net.other:x", out,
				       sizeof(out), err, sizeof(err)));
	ASSERT_STREQ("iqn.2001-02.net.other:x", out);
}

TEST(expand_too_long)
{
	char base[220] = "iqn.2000-01.com.", out[ISCSICFG_NAME_MAX], err[256];

	memset(base + strlen(base), 'a', 200);
	base[216] = '\0';
	ASSERT_EQ(-EINVAL, iscsicfg_target_name_expand(base, "abcdefghij", out,
						       sizeof(out), err,
						       sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "at most 223"));
}

TEST(expand_bad_basename)
{
	char out[ISCSICFG_NAME_MAX], err[256];

	ASSERT_EQ(-EINVAL, iscsicfg_target_name_expand("bogus", "a", out,
						       sizeof(out), err,
						       sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "base name"));
}

TEST(secret_length)
{
	struct iscsicfg_auth a = { .tag = 1, .user = "u",
				   .secret = "123456789012" };

	OK(ic_check_auth(&e, &a, false));
	a.secret = "1234567890123456";
	OK(ic_check_auth(&e, &a, false));
	a.secret = "12345678901";
	BAD(ic_check_auth(&e, &a, false), "secret: 12 to 16");
	a.secret = "12345678901234567";
	BAD(ic_check_auth(&e, &a, false), "secret: 12 to 16");
	a.secret = NULL;
	BAD(ic_check_auth(&e, &a, false), "secret");
}

TEST(peer_both_or_neither)
{
	struct iscsicfg_auth a = { .tag = 1, .user = "u",
				   .secret = "123456789012",
				   .peer_user = "p" };

	BAD(ic_check_auth(&e, &a, false), "both");
	a.peer_user = NULL;
	a.peer_secret = "abcdefghijkl";
	BAD(ic_check_auth(&e, &a, false), "both");
	a.peer_user = "p";
	OK(ic_check_auth(&e, &a, false));
}

TEST(peer_secret_differs)
{
	struct iscsicfg_auth a = { .tag = 1, .user = "u",
				   .secret = "123456789012",
				   .peer_user = "p",
				   .peer_secret = "123456789012" };

	BAD(ic_check_auth(&e, &a, false), "differ");
	a.peer_secret = "12345678901";
	BAD(ic_check_auth(&e, &a, false), "peer secret: 12 to 16");
}

TEST(auth_tag_user_required)
{
	struct iscsicfg_auth a = { .user = "u", .secret = "123456789012" };

	BAD(ic_check_auth(&e, &a, false), "auth tag");
	a.tag = 1;
	a.user = "";
	BAD(ic_check_auth(&e, &a, false), "user: required");
}

TEST(auth_set_partial)
{
	struct iscsicfg_auth a = { .id = 3, .fields = ISCSICFG_AUTH_F_USER,
				   .user = "new" };

	OK(ic_check_auth(&e, &a, true));
	a.id = 0;
	BAD(ic_check_auth(&e, &a, true), "auth id");
}

TEST(lun_range)
{
	OK(ic_check_lun_id(&e, 0));
	OK(ic_check_lun_id(&e, 1023));
	OK(ic_check_lun_id(&e, -1));
	BAD(ic_check_lun_id(&e, 1024), "0..1023");
	BAD(ic_check_lun_id(&e, -2), "0..1023");
}

TEST(lun_next_free)
{
	uint64_t used[] = { 0, 1, 3 };
	uint64_t all[ISCSICFG_MAX_LUN + 1];
	size_t i;

	ASSERT_EQ(0, ic_next_free_lun(NULL, 0));
	ASSERT_EQ(2, ic_next_free_lun(used, 3));
	for (i = 0; i <= ISCSICFG_MAX_LUN; i++)
		all[i] = i;
	ASSERT_EQ(-1, ic_next_free_lun(all, ISCSICFG_MAX_LUN + 1));
	all[500] = 5000;	/* out of range entries are ignored */
	ASSERT_EQ(500, ic_next_free_lun(all, ISCSICFG_MAX_LUN + 1));
}

static struct iscsicfg_extent file_extent(void)
{
	struct iscsicfg_extent x = {
		.name = "e0", .type = ISCSICFG_EXTENT_FILE,
		.path = "/pool/e0.img", .size = 1 << 20, .block_size = 512,
		.enabled = true,
	};

	return x;
}

TEST(block_size)
{
	struct iscsicfg_extent x = file_extent();
	uint32_t good[] = { 0, 512, 1024, 2048, 4096 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		x.block_size = good[i];
		OK(ic_check_extent(&e, &x, false, false));
	}
	x.block_size = 8192;
	BAD(ic_check_extent(&e, &x, false, false), "block size");
	x.block_size = 520;
	BAD(ic_check_extent(&e, &x, false, false), "512, 1024, 2048, 4096");
}

TEST(file_size_multiple)
{
	struct iscsicfg_extent x = file_extent();

	x.block_size = 4096;
	x.size = 4096 * 3 + 512;
	BAD(ic_check_extent(&e, &x, false, false), "multiple");
	x.size = 4096 * 3;
	OK(ic_check_extent(&e, &x, false, false));
}

TEST(new_file_needs_size)
{
	struct iscsicfg_extent x = file_extent();

	x.size = 0;
	BAD(ic_check_extent(&e, &x, false, false), "needs a size");
	OK(ic_check_extent(&e, &x, false, true));
}

TEST(device_extent)
{
	struct iscsicfg_extent x = file_extent();

	x.type = ISCSICFG_EXTENT_DEVICE;
	x.path = "/dev/zvol/pool/v";
	x.size = 0;
	OK(ic_check_extent(&e, &x, false, false));
	x.size = 1 << 20;
	BAD(ic_check_extent(&e, &x, false, true), "only file extents");
}

/* A device bypasses the page cache already; a set does not know the type. */
TEST(direct_io_file_only)
{
	struct iscsicfg_extent x = file_extent();

	x.fields = ISCSICFG_EXTENT_F_TYPE | ISCSICFG_EXTENT_F_DIRECT_IO;
	x.direct_io = true;
	OK(ic_check_extent(&e, &x, false, true));
	x.type = ISCSICFG_EXTENT_DEVICE;
	x.size = 0;
	BAD(ic_check_extent(&e, &x, false, true), "file extents only");
	x.direct_io = false;
	OK(ic_check_extent(&e, &x, false, true));
	x.fields = ISCSICFG_EXTENT_F_DIRECT_IO;
	x.direct_io = true;
	OK(ic_check_extent(&e, &x, true, true));
}

TEST(extent_path_absolute)
{
	struct iscsicfg_extent x = file_extent();

	x.path = "pool/e0.img";
	BAD(ic_check_extent(&e, &x, false, true), "absolute");
	x.path = NULL;
	BAD(ic_check_extent(&e, &x, false, true), "path: required");
}

TEST(rpm_name_table)
{
	static const char *const names[] = { "UNKNOWN", "SSD", "5400", "7200",
					     "10000", "15000" };
	enum iscsicfg_rpm r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		OK(iscsicfg_rpm_from_name(names[i], &r));
		ASSERT_EQ(i, r);
		ASSERT_STREQ(names[i], iscsicfg_rpm_name(r));
	}
	OK(iscsicfg_rpm_from_name("ssd", &r));
	ASSERT_EQ(-EINVAL, iscsicfg_rpm_from_name("9000", &r));
	ASSERT_EQ(-EINVAL, iscsicfg_rpm_from_name(NULL, &r));
}

TEST(rpm_range_in_extent)
{
	struct iscsicfg_extent x = file_extent();

	x.rpm = (enum iscsicfg_rpm)6;
	BAD(ic_check_extent(&e, &x, false, true), "rpm");
}

TEST(serial_rules)
{
	struct iscsicfg_extent x = file_extent();

	x.serial = "ABCDEFGHIJ0123456789";
	OK(ic_check_extent(&e, &x, false, true));
	x.serial = "ABCDEFGHIJ01234567890";
	BAD(ic_check_extent(&e, &x, false, true), "at most 20");
	x.serial = "abc\tdef";
	BAD(ic_check_extent(&e, &x, false, true), "printable");
	x.serial = "abc\xc3\xa9";
	BAD(ic_check_extent(&e, &x, false, true), "printable");
}

TEST(naa_rules)
{
	struct iscsicfg_extent x = file_extent();

	x.naa = 0x6589cfc000000123ull;
	OK(ic_check_extent(&e, &x, false, true));
	x.naa = 0x5589cfc000000123ull;
	BAD(ic_check_extent(&e, &x, false, true), "naa");
}

TEST(threshold_rules)
{
	struct iscsicfg_extent x = file_extent();
	struct iscsicfg_global g = { .basename = "iqn.2026-11.org.a",
				     .pool_threshold = 101 };

	x.threshold = 100;
	OK(ic_check_extent(&e, &x, false, true));
	x.threshold = 101;
	BAD(ic_check_extent(&e, &x, false, true), "threshold");
	BAD(ic_check_global(&e, &g, false), "pool threshold");
}

TEST(extent_set_partial)
{
	struct iscsicfg_extent x = { .name = "e0",
				     .fields = ISCSICFG_EXTENT_F_READ_ONLY,
				     .read_only = true };

	OK(ic_check_extent(&e, &x, true, false));
	x.fields |= ISCSICFG_EXTENT_F_SIZE;
	x.size = 1000;
	BAD(ic_check_extent(&e, &x, true, false), "multiple");
}

TEST(cidr_v4)
{
	struct iscsicfg_network n;
	char err[256];

	OK(iscsicfg_parse_network("10.0.0.0/8", &n, err, sizeof(err)));
	ASSERT_EQ(AF_INET, n.addr.family);
	ASSERT_EQ(8, n.prefix);
	OK(iscsicfg_parse_network("192.168.1.7", &n, err, sizeof(err)));
	ASSERT_EQ(32, n.prefix);
	OK(iscsicfg_parse_network("0.0.0.0/0", &n, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("10.0.0.1/8", &n, err,
						  sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "host bits"));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("10.0.0.0/33", &n, err,
						  sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("10.0.0.0/", &n, err,
						  sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("10.0.0.0/8x", &n, err,
						  sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("10.0.0/8", &n, err,
						  sizeof(err)));
}

TEST(cidr_v6)
{
	struct iscsicfg_network n;
	char err[256];

	OK(iscsicfg_parse_network("fd00::/8", &n, err, sizeof(err)));
	ASSERT_EQ(AF_INET6, n.addr.family);
	OK(iscsicfg_parse_network("2001:db8::1", &n, err, sizeof(err)));
	ASSERT_EQ(128, n.prefix);
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("fd00::/129", &n, err,
						  sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_network("fd00::1/64", &n, err,
						  sizeof(err)));
}

TEST(listen_forms)
{
	struct iscsicfg_listen l;
	char err[256];

	OK(iscsicfg_parse_listen("0.0.0.0", &l, err, sizeof(err)));
	ASSERT_EQ(AF_INET, l.addr.family);
	ASSERT_EQ(3260, l.port);
	OK(iscsicfg_parse_listen("::", &l, err, sizeof(err)));
	ASSERT_EQ(AF_INET6, l.addr.family);
	ASSERT_EQ(3260, l.port);
	OK(iscsicfg_parse_listen("[fe80::1]:3261", &l, err, sizeof(err)));
	ASSERT_EQ(AF_INET6, l.addr.family);
	ASSERT_EQ(3261, l.port);
	OK(iscsicfg_parse_listen("192.0.2.1:860", &l, err, sizeof(err)));
	ASSERT_EQ(860, l.port);
	ASSERT_EQ(192, l.addr.bytes[0]);
	OK(iscsicfg_parse_listen("[::]", &l, err, sizeof(err)));
}

TEST(listen_bad)
{
	static const char *const bad[] = {
		"", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:", "[::1", "[::1]x",
		"[1.2.3.4]:5", "host.example:3260", "1.2.3.4:abc", "1.2.3",
	};
	struct iscsicfg_listen l;
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, iscsicfg_parse_listen(bad[i], &l, err,
							 sizeof(err))) {
			TH_LOG("accepted \"%s\"", bad[i]);
		}
		EXPECT_EQ(0, strncmp(err, "listen", 6));
	}
}

TEST(sizes)
{
	uint64_t v;
	char err[256];

	OK(iscsicfg_parse_size("0", &v, err, sizeof(err)));
	ASSERT_EQ(0, v);
	OK(iscsicfg_parse_size("512", &v, err, sizeof(err)));
	ASSERT_EQ(512, v);
	OK(iscsicfg_parse_size("4K", &v, err, sizeof(err)));
	ASSERT_EQ(4096, v);
	OK(iscsicfg_parse_size("10M", &v, err, sizeof(err)));
	ASSERT_EQ(10ull << 20, v);
	OK(iscsicfg_parse_size("2g", &v, err, sizeof(err)));
	ASSERT_EQ(2ull << 30, v);
	OK(iscsicfg_parse_size("1TiB", &v, err, sizeof(err)));
	ASSERT_EQ(1ull << 40, v);
	ASSERT_EQ(-EINVAL, iscsicfg_parse_size("1X", &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_size("-1", &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_size("", &v, err, sizeof(err)));
	ASSERT_EQ(-EINVAL, iscsicfg_parse_size("99999999999T", &v, err,
					       sizeof(err)));
	ASSERT_NE(NULL, strstr(err, "size"));
}

TEST(portal_rules)
{
	struct iscsicfg_listen ls[2];
	struct iscsicfg_portal p = { .listens = ls, .n_listens = 1 };
	char err[256];

	OK(iscsicfg_parse_listen("0.0.0.0", &ls[0], err, sizeof(err)));
	OK(iscsicfg_parse_listen("0.0.0.0:3260", &ls[1], err, sizeof(err)));
	OK(ic_check_portal(&e, &p, false));
	p.n_listens = 2;
	BAD(ic_check_portal(&e, &p, false), "repeats");
	p.n_listens = 0;
	BAD(ic_check_portal(&e, &p, false), "at least one");
	p.fields = ISCSICFG_PORTAL_F_COMMENT;
	p.comment = "x";
	BAD(ic_check_portal(&e, &p, true), "portal tag");
	p.tag = 1;
	OK(ic_check_portal(&e, &p, true));
}

TEST(igroup_rules)
{
	char *names[] = { "iqn.1994-09.org.freebsd:freenas.local",
			  "iqn.1994-09.org.freebsd:freenas.local" };
	struct iscsicfg_igroup g = { .initiators = names, .n_initiators = 1 };

	OK(ic_check_igroup(&e, &g, false));
	g.n_initiators = 2;
	BAD(ic_check_igroup(&e, &g, false), "twice");
	names[1] = "not-an-iqn";
	BAD(ic_check_igroup(&e, &g, false), "initiator");
	g.n_initiators = 0;
	OK(ic_check_igroup(&e, &g, false));	/* empty = all */
}

TEST(target_groups)
{
	struct iscsicfg_tgroup grp[2] = {
		{ .portal_tag = 1, .auth_method = ISCSICFG_AUTH_CHAP,
		  .auth_tag = 1 },
		{ .portal_tag = 1 },
	};
	struct iscsicfg_target t = { .name = "t", .groups = grp,
				     .n_groups = 1 };

	OK(ic_check_target(&e, &t, false));
	t.n_groups = 2;
	BAD(ic_check_target(&e, &t, false), "already used");
	grp[1].portal_tag = 0;
	BAD(ic_check_target(&e, &t, false), "portal tag required");
	grp[1].portal_tag = 2;
	grp[1].auth_method = ISCSICFG_AUTH_CHAP_MUTUAL;
	BAD(ic_check_target(&e, &t, false), "needs an auth tag");
	grp[1].auth_method = ISCSICFG_AUTH_NONE;
	grp[1].auth_tag = 4;
	BAD(ic_check_target(&e, &t, false), "method is none");
}

TEST(target_alias)
{
	char alias[300];
	struct iscsicfg_target t = { .name = "t", .alias = alias };

	memset(alias, 'a', 256);
	alias[256] = '\0';
	BAD(ic_check_target(&e, &t, false), "alias: at most 255");
	alias[255] = '\0';
	OK(ic_check_target(&e, &t, false));
	alias[3] = '\n';
	BAD(ic_check_target(&e, &t, false), "control");
}

TEST(target_mode)
{
	struct iscsicfg_target t = { .name = "t" };
	enum iscsicfg_target_mode m;

	OK(iscsicfg_target_mode_from_name("iscsi", &m));
	ASSERT_EQ(ISCSICFG_TARGET_MODE_ISCSI, m);
	OK(iscsicfg_target_mode_from_name("FC", &m));
	ASSERT_EQ(ISCSICFG_TARGET_MODE_FC, m);
	OK(iscsicfg_target_mode_from_name("both", &m));
	ASSERT_EQ(ISCSICFG_TARGET_MODE_BOTH, m);
	ASSERT_EQ(-EINVAL, iscsicfg_target_mode_from_name("sas", &m));
	ASSERT_EQ(-EINVAL, iscsicfg_target_mode_from_name(NULL, &m));
	ASSERT_STREQ("both", iscsicfg_target_mode_name(ISCSICFG_TARGET_MODE_BOTH));
	ASSERT_STREQ("?", iscsicfg_target_mode_name((enum iscsicfg_target_mode)3));

	OK(ic_check_target(&e, &t, false));
	t.mode = ISCSICFG_TARGET_MODE_FC;
	BAD(ic_check_target(&e, &t, false), "mode: ");
	t.mode = ISCSICFG_TARGET_MODE_BOTH;
	BAD(ic_check_target(&e, &t, false), "iSCSI only");
	/* a set checks the mode only when it changes it */
	t.fields = ISCSICFG_TARGET_F_ALIAS;
	OK(ic_check_target(&e, &t, true));
	t.fields |= ISCSICFG_TARGET_F_MODE;
	BAD(ic_check_target(&e, &t, true), "iSCSI only");
	t.mode = ISCSICFG_TARGET_MODE_ISCSI;
	OK(ic_check_target(&e, &t, true));
}

TEST(global_rules)
{
	char *isns[] = { "isns.example.com", "[2001:db8::1]:3205",
			 "10.0.0.1:99999" };
	struct iscsicfg_global g = { .basename = "iqn.2026-11.org.a",
				     .isns = isns, .n_isns = 2 };

	OK(ic_check_global(&e, &g, false));
	g.n_isns = 3;
	BAD(ic_check_global(&e, &g, false), "iSNS server: port");
	g.n_isns = 0;
	g.discovery_auth = ISCSICFG_AUTH_CHAP;
	BAD(ic_check_global(&e, &g, false), "discovery auth tag");
	g.discovery_auth_tag = 1;
	OK(ic_check_global(&e, &g, false));
	g.basename = "iqn.bad";
	BAD(ic_check_global(&e, &g, false), "base name");
}

TEST(auth_method_names)
{
	enum iscsicfg_auth_method m;

	OK(iscsicfg_auth_method_from_name("none", &m));
	ASSERT_EQ(ISCSICFG_AUTH_NONE, m);
	OK(iscsicfg_auth_method_from_name("CHAP", &m));
	ASSERT_EQ(ISCSICFG_AUTH_CHAP, m);
	OK(iscsicfg_auth_method_from_name("mutual", &m));
	ASSERT_EQ(ISCSICFG_AUTH_CHAP_MUTUAL, m);
	ASSERT_EQ(-EINVAL, iscsicfg_auth_method_from_name("kerberos", &m));
}

/*
 * Every message of validate.c, word for word: a rule's message names the
 * field and the rule, so the tests below compare the whole of it.
 */
#define BAD_IS(x, want)							\
	do {								\
		ASSERT_EQ(-EINVAL, (x));				\
		ASSERT_STREQ(want, e.msg);				\
	} while (0)

TEST(msg_names)
{
	char name[ISCSICFG_NAME_MAX + 1] = "iqn.2000-01.com.a:";

	BAD_IS(ic_check_short_target_name(&e, "Disk0"),
	       "target name: 1 to 64 characters of a-z 0-9 . - : (got \"Disk0\")");
	BAD_IS(ic_check_short_target_name(&e, NULL),
	       "target name: 1 to 64 characters of a-z 0-9 . - : (got \"\")");
	BAD_IS(ic_check_extent_name(&e, ""), "extent name: required");
	BAD_IS(ic_check_extent_name(&e, "0123456789012345678901234567890123456789012345678901234567890123"),
	       "extent name: at most 63 bytes (got 64)");
	BAD_IS(ic_check_extent_name(&e, "a\tb"),
	       "extent name: printable ASCII only");
	BAD_IS(ic_check_iscsi_name(&e, "initiator", ""), "initiator: required");
	BAD_IS(ic_check_iscsi_name(&e, "initiator", NULL),
	       "initiator: required");
	memset(name + strlen(name), 'x', ISCSICFG_NAME_MAX - strlen(name));
	name[ISCSICFG_NAME_MAX] = '\0';
	BAD_IS(ic_check_iscsi_name(&e, "initiator", name),
	       "initiator: at most 223 bytes (got 224)");
	name[ISCSICFG_NAME_MAX - 1] = '\0';
	OK(ic_check_iscsi_name(&e, "initiator", name));
	BAD_IS(ic_check_iscsi_name(&e, "t", "iqn.2026-13.org.x"),
	       "t: \"iqn.2026-13.org.x\" is not iqn.YYYY-MM.reversed.domain[:id] of a-z 0-9 . - :");
	BAD_IS(ic_check_iscsi_name(&e, "t", "eui.02004567A425678"),
	       "t: \"eui.02004567A425678\" is not eui. and 16 hex digits");
	BAD_IS(ic_check_iscsi_name(&e, "t", "naa.1234"),
	       "t: \"naa.1234\" is not naa. and 16 or 32 hex digits");
	BAD_IS(ic_check_iscsi_name(&e, "t", "foo.bar"),
	       "t: \"foo.bar\" must start with iqn., eui. or naa.");
}

TEST(msg_new_target_name)
{
	char full[80] = ISCSICFG_DEFAULT_BASENAME ":";
	size_t base = strlen(full);

	memset(full + base, 'a', 64 - base);
	full[64] = '\0';
	OK(ic_check_new_target_name(&e, full));
	full[64] = 'a';
	full[65] = '\0';
	BAD_IS(ic_check_new_target_name(&e, full),
	       "target name: \"iqn.2026-11.org.iscsikt.ctl:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is 65 characters once expanded, at most 64 (choose a shorter name or base name)");
}

TEST(msg_expand)
{
	char base[220] = "iqn.2000-01.com.", out[ISCSICFG_NAME_MAX];

	BAD_IS(iscsicfg_target_name_expand(NULL, "", out, sizeof(out), e.msg,
					   sizeof(e.msg)),
	       "target name: required");
	BAD_IS(iscsicfg_target_name_expand(NULL, NULL, out, sizeof(out),
					   e.msg, sizeof(e.msg)),
	       "target name: required");
	memset(base + strlen(base), 'a', 200);
	base[216] = '\0';
	BAD_IS(iscsicfg_target_name_expand(base, "abcdefghij", out,
					   sizeof(out), e.msg, sizeof(e.msg)),
	       "target name: \"abcdefghij\" is 227 bytes once expanded, at most 223");
	BAD_IS(iscsicfg_target_name_expand("bogus", "a", out, sizeof(out),
					   e.msg, sizeof(e.msg)),
	       "base name: \"bogus\" must start with iqn., eui. or naa.");
	/* a full name is checked as it is, without the base name */
	BAD_IS(iscsicfg_target_name_expand("bogus", "iqn.2000-1.com.a", out,
					   sizeof(out), e.msg, sizeof(e.msg)),
	       "target name: \"iqn.2000-1.com.a\" is not iqn.YYYY-MM.reversed.domain[:id] of a-z 0-9 . - :");
}

TEST(msg_text)
{
	char long_text[ISCSICFG_TEXT_MAX + 1];

	memset(long_text, 'a', ISCSICFG_TEXT_MAX);
	long_text[ISCSICFG_TEXT_MAX] = '\0';
	BAD_IS(ic_check_text(&e, "comment", long_text, ISCSICFG_TEXT_MAX,
			     false),
	       "comment: at most 255 bytes (got 256)");
	BAD_IS(ic_check_text(&e, "comment", "a\x7f", ISCSICFG_TEXT_MAX, false),
	       "comment: control characters are not allowed");
	BAD_IS(ic_check_text(&e, "user", NULL, ISCSICFG_TEXT_MAX, true),
	       "user: required");
	OK(ic_check_text(&e, "comment", NULL, ISCSICFG_TEXT_MAX, false));
}

TEST(msg_listen)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "", "listen: \"\" is not ADDR, ADDR:PORT or [IPV6]:PORT" },
		{ "[::1", "listen: \"[::1\": expected [IPV6] or [IPV6]:PORT" },
		{ "[::1]x", "listen: \"[::1]x\": expected [IPV6] or [IPV6]:PORT" },
		{ "[1.2.3.4]:5", "listen: \"1.2.3.4\" is not an IPv6 address" },
		{ "host.example:3260",
		  "listen: \"host.example\" is not an IPv4 or IPv6 address" },
		{ "1.2.3", "listen: \"1.2.3\" is not an IPv4 or IPv6 address" },
		{ "1.2.3.4:0", "listen: port \"0\" is not 1..65535" },
		{ "1.2.3.4:65536", "listen: port \"65536\" is not 1..65535" },
		{ "1.2.3.4:", "listen: port \"\" is not 1..65535" },
		{ "[::1]:+1", "listen: port \"+1\" is not 1..65535" },
	};
	char too_long[INET6_ADDRSTRLEN + 17];
	struct iscsicfg_listen l;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		BAD_IS(iscsicfg_parse_listen(bad[i].in, &l, e.msg,
					     sizeof(e.msg)), bad[i].msg);
	memset(too_long, '1', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	ASSERT_EQ(-EINVAL, iscsicfg_parse_listen(too_long, &l, e.msg,
						 sizeof(e.msg)));
	ASSERT_NE(NULL, strstr(e.msg, "is not ADDR, ADDR:PORT or [IPV6]:PORT"));
	BAD_IS(iscsicfg_parse_listen(NULL, &l, e.msg, sizeof(e.msg)),
	       "listen: \"\" is not ADDR, ADDR:PORT or [IPV6]:PORT");
}

TEST(msg_network)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "", "network: \"\" is not ADDR/PREFIX" },
		{ "10.0.0/8",
		  "network: \"10.0.0\" is not an IPv4 or IPv6 address" },
		{ "10.0.0.0/33", "network: prefix \"33\" is not 0..32" },
		{ "10.0.0.0/", "network: prefix \"\" is not 0..32" },
		{ "10.0.0.0/8x", "network: prefix \"8x\" is not 0..32" },
		{ "10.0.0.0/-1", "network: prefix \"-1\" is not 0..32" },
		{ "fd00::/129", "network: prefix \"129\" is not 0..128" },
		{ "10.0.0.1/8", "network: 10.0.0.1/8 has host bits set" },
		{ "fd00::1/64", "network: fd00::1/64 has host bits set" },
	};
	struct iscsicfg_network n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		BAD_IS(iscsicfg_parse_network(bad[i].in, &n, e.msg,
					      sizeof(e.msg)), bad[i].msg);
}

/* What the parser cannot produce, a caller filling the struct can. */
TEST(msg_network_struct)
{
	struct iscsicfg_network net = { .addr = { .family = AF_INET },
					.prefix = 33 };
	struct iscsicfg_target t = { .name = "t", .networks = &net,
				     .n_networks = 1 };

	BAD_IS(ic_check_target(&e, &t, false),
	       "network: prefix length 33 exceeds 32");
	net.addr.family = AF_INET6;
	net.prefix = 129;
	BAD_IS(ic_check_target(&e, &t, false),
	       "network: prefix length 129 exceeds 128");
	net.addr.family = AF_UNIX;
	net.prefix = 8;
	BAD_IS(ic_check_target(&e, &t, false),
	       "network: address family must be IPv4 or IPv6");
	/* set checks the networks only when they are given */
	t.fields = ISCSICFG_TARGET_F_ALIAS;
	OK(ic_check_target(&e, &t, true));
	t.fields |= ISCSICFG_TARGET_F_NETWORKS;
	BAD_IS(ic_check_target(&e, &t, true),
	       "network: address family must be IPv4 or IPv6");
}

TEST(msg_size)
{
	uint64_t v = 7;

	BAD_IS(iscsicfg_parse_size("1X", &v, e.msg, sizeof(e.msg)),
	       "size: \"1X\" is not a number of bytes with an optional K, M, G or T suffix");
	BAD_IS(iscsicfg_parse_size(NULL, &v, e.msg, sizeof(e.msg)),
	       "size: \"\" is not a number of bytes with an optional K, M, G or T suffix");
	BAD_IS(iscsicfg_parse_size("1KiBB", &v, e.msg, sizeof(e.msg)),
	       "size: \"1KiBB\" is not a number of bytes with an optional K, M, G or T suffix");
	/* a refused size leaves the output alone */
	ASSERT_EQ(7, v);
}

TEST(msg_isns)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "", "iSNS server: host[:port] of at most 255 bytes" },
		{ "[::1", "iSNS server: \"[::1\": expected [IPV6][:PORT]" },
		{ "[::1]3205", "iSNS server: \"[::1]3205\": expected [IPV6][:PORT]" },
		{ "[1.2.3.4]", "iSNS server: \"1.2.3.4\" is not an IPv6 address" },
		{ "a:b:c", "iSNS server: write an IPv6 address as [ADDR]:PORT" },
		{ "ho_st", "iSNS server: host \"ho_st\" is not a host name or address" },
		{ ":3205", "iSNS server: host \"\" is not a host name or address" },
		{ "10.0.0.1:99999", "iSNS server: port \"99999\" is not 1..65535" },
		{ "[::1]:0", "iSNS server: port \"0\" is not 1..65535" },
	};
	char too_long[ISCSICFG_TEXT_MAX + 1];
	char *isns[1];
	struct iscsicfg_global g = { .basename = "iqn.2026-11.org.a",
				     .isns = isns, .n_isns = 1 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		isns[0] = (char *)bad[i].in;
		BAD_IS(ic_check_global(&e, &g, false), bad[i].msg);
	}
	memset(too_long, 'a', ISCSICFG_TEXT_MAX);
	too_long[ISCSICFG_TEXT_MAX] = '\0';
	isns[0] = too_long;
	BAD_IS(ic_check_global(&e, &g, false),
	       "iSNS server: host[:port] of at most 255 bytes");
	isns[0] = "[2001:db8::1]";
	OK(ic_check_global(&e, &g, false));
}

TEST(msg_global)
{
	char base[ISCSICFG_NAME_MAX] = "iqn.2000-01.com.";
	struct iscsicfg_global g = { .basename = base };

	/* 222 bytes is a valid name, but leaves no room for ":x" */
	memset(base + strlen(base), 'a', 222 - strlen(base));
	base[222] = '\0';
	BAD_IS(ic_check_global(&e, &g, false),
	       "base name: at most 221 bytes so that target names fit");
	base[221] = '\0';
	OK(ic_check_global(&e, &g, false));
	g.pool_threshold = 101;
	BAD_IS(ic_check_global(&e, &g, false),
	       "pool threshold: a percentage 0..100 (0 = off), got 101");
	g.pool_threshold = 100;
	g.discovery_auth = (enum iscsicfg_auth_method)3;
	BAD_IS(ic_check_global(&e, &g, false),
	       "discovery auth: one of none, chap, mutual");
	g.discovery_auth = ISCSICFG_AUTH_CHAP_MUTUAL;
	BAD_IS(ic_check_global(&e, &g, false),
	       "discovery auth tag: required (non-zero) with discovery auth mutual");
	/* set: the tag rule needs both fields, the kernel keeps the other */
	g.fields = ISCSICFG_GLOBAL_F_DISCOVERY_AUTH;
	OK(ic_check_global(&e, &g, true));
	g.fields |= ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG;
	BAD_IS(ic_check_global(&e, &g, true),
	       "discovery auth tag: required (non-zero) with discovery auth mutual");
}

TEST(msg_portal)
{
	struct iscsicfg_listen ls[2] = {
		{ .addr = { .family = AF_INET6 } },
		{ .addr = { .family = AF_INET6 }, .port = 3260 },
	};
	struct iscsicfg_portal p = { .listens = ls, .n_listens = 2 };
	char comment[ISCSICFG_TEXT_MAX + 1];

	BAD_IS(ic_check_portal(&e, &p, false),
	       "listen: address 2 repeats address 1");
	ls[1].port = 3261;
	OK(ic_check_portal(&e, &p, false));
	ls[1].addr.family = 0;
	BAD_IS(ic_check_portal(&e, &p, false),
	       "listen: address family must be IPv4 or IPv6");
	p.n_listens = 0;
	BAD_IS(ic_check_portal(&e, &p, false),
	       "listen: at least one address is required");
	p.fields = ISCSICFG_PORTAL_F_COMMENT;
	p.comment = "c";
	BAD_IS(ic_check_portal(&e, &p, true), "portal tag: 1..65535");
	p.tag = 1;
	memset(comment, 'c', ISCSICFG_TEXT_MAX);
	comment[ISCSICFG_TEXT_MAX] = '\0';
	p.comment = comment;
	BAD_IS(ic_check_portal(&e, &p, true),
	       "comment: at most 255 bytes (got 256)");
}

TEST(msg_igroup)
{
	char *names[] = { "iqn.2000-01.com.a:x", "IQN.2000-01.com.a:x",
			  "iqn.2000-01.com.a:x" };
	struct iscsicfg_igroup g = { .initiators = names, .n_initiators = 3 };

	BAD_IS(ic_check_igroup(&e, &g, false),
	       "initiator: \"IQN.2000-01.com.a:x\" must start with iqn., eui. or naa.");
	names[1] = "eui.0123456789abcdef";
	BAD_IS(ic_check_igroup(&e, &g, false),
	       "initiator: \"iqn.2000-01.com.a:x\" is listed twice");
	g.fields = ISCSICFG_IGROUP_F_COMMENT;
	g.comment = "c";
	BAD_IS(ic_check_igroup(&e, &g, true),
	       "initiator group id: required (non-zero)");
	g.id = 1;
	OK(ic_check_igroup(&e, &g, true));	/* initiators not given */
	g.comment = "\n";
	BAD_IS(ic_check_igroup(&e, &g, true),
	       "comment: control characters are not allowed");
}

TEST(msg_auth)
{
	struct iscsicfg_auth a = { .user = "u", .secret = "123456789012" };

	BAD_IS(ic_check_auth(&e, &a, false), "auth tag: required (non-zero)");
	a.tag = 1;
	a.user = NULL;
	BAD_IS(ic_check_auth(&e, &a, false), "user: required");
	a.user = "u\r";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "user: control characters are not allowed");
	a.user = "u";
	a.secret = "12345678901";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "secret: 12 to 16 characters (got 11)");
	a.secret = "12345678901234567";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "secret: 12 to 16 characters (got 17)");
	a.secret = "123456789012";
	a.peer_user = "p\n";
	a.peer_secret = "abcdefghijkl";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "peer user: control characters are not allowed");
	a.peer_user = "";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "peer user, peer secret: give both for mutual CHAP, or neither");
	a.peer_user = "p";
	a.peer_secret = "abc";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "peer secret: 12 to 16 characters (got 3)");
	a.peer_secret = "123456789012";
	BAD_IS(ic_check_auth(&e, &a, false),
	       "peer secret: must differ from secret");
	a.fields = ISCSICFG_AUTH_F_USER;
	BAD_IS(ic_check_auth(&e, &a, true), "auth id: required (non-zero)");
	/* set with a new peer secret equal to the old secret: the kernel
	 * holds the secret, so only it can refuse that
	 */
	a.id = 1;
	a.fields = ISCSICFG_AUTH_F_PEER_SECRET;
	OK(ic_check_auth(&e, &a, true));
	a.fields |= ISCSICFG_AUTH_F_SECRET;
	BAD_IS(ic_check_auth(&e, &a, true),
	       "peer secret: must differ from secret");
}

TEST(msg_target_groups)
{
	struct iscsicfg_tgroup grp[2] = {
		{ .portal_tag = 1 },
		{ .portal_tag = 1 },
	};
	struct iscsicfg_target t = { .name = "t", .groups = grp,
				     .n_groups = 2 };

	BAD_IS(ic_check_target(&e, &t, false),
	       "group 2: portal 1 is already used by group 1");
	grp[1].portal_tag = 0;
	BAD_IS(ic_check_target(&e, &t, false),
	       "group 2: portal tag required (1..65535)");
	grp[1].portal_tag = 2;
	grp[1].auth_method = ISCSICFG_AUTH_CHAP_MUTUAL;
	BAD_IS(ic_check_target(&e, &t, false),
	       "group 2: auth method mutual needs an auth tag");
	grp[1].auth_method = ISCSICFG_AUTH_NONE;
	grp[1].auth_tag = 4;
	BAD_IS(ic_check_target(&e, &t, false),
	       "group 2: auth tag 4 given but auth method is none");
	grp[0].auth_method = (enum iscsicfg_auth_method)3;
	BAD_IS(ic_check_target(&e, &t, false),
	       "group 1: auth method one of none, chap, mutual");
	t.n_groups = 0;
	t.alias = "a\tb";
	BAD_IS(ic_check_target(&e, &t, false),
	       "alias: control characters are not allowed");
	t.alias = NULL;
	t.mode = ISCSICFG_TARGET_MODE_FC;
	BAD_IS(ic_check_target(&e, &t, false),
	       "mode: iSCSI only (no Fibre Channel target on this host)");
	t.mode = (enum iscsicfg_target_mode)7;
	BAD_IS(ic_check_target(&e, &t, false),
	       "mode: iSCSI only (no Fibre Channel target on this host)");
}

TEST(msg_extent)
{
	struct iscsicfg_extent x = file_extent();

	x.type = (enum iscsicfg_extent_type)2;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "extent type: file or device");
	x = file_extent();
	x.path = "pool/e0.img";
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "path: \"pool/e0.img\" must be absolute");
	x.path = "";
	BAD_IS(ic_check_extent(&e, &x, false, true), "path: required");
	x = file_extent();
	x.block_size = 8192;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "block size: one of 512, 1024, 2048, 4096 (got 8192)");
	x.block_size = 4096;
	x.size = 12800;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "size: 12800 is not a multiple of the block size 4096");
	x.size = 0;
	BAD_IS(ic_check_extent(&e, &x, false, false),
	       "size: \"/pool/e0.img\" does not exist, a new file needs a size");
	x.type = ISCSICFG_EXTENT_DEVICE;
	x.size = 4096;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "size: only file extents take a size; a device has its own");
	x.size = 0;
	x.fields = ISCSICFG_EXTENT_F_TYPE | ISCSICFG_EXTENT_F_DIRECT_IO;
	x.direct_io = true;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "direct-io: file extents only; a device always bypasses the page cache");
	x = file_extent();
	x.rpm = (enum iscsicfg_rpm)6;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "rpm: one of UNKNOWN, SSD, 5400, 7200, 10000, 15000");
	x = file_extent();
	x.serial = "ABCDEFGHIJ01234567890";
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "serial: at most 20 characters (got 21)");
	x.serial = "abc def\x7f";
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "serial: printable ASCII only");
	x.serial = NULL;
	x.naa = 0x5589cfc000000123ull;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "naa: 0x5589cfc000000123 must start with 6 (NAA IEEE Registered Extended)");
	x.naa = 0;
	x.threshold = 101;
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "threshold: a percentage 0..100 (0 = off), got 101");
	x.threshold = 0;
	x.comment = "\x1b[2J";
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "comment: control characters are not allowed");
	x.comment = NULL;
	x.name = "e 0\n";
	BAD_IS(ic_check_extent(&e, &x, false, true),
	       "extent name: printable ASCII only");
}

/* set: a rule applies only to a field the set changes */
TEST(msg_extent_set_fields)
{
	struct iscsicfg_extent x = { .name = "e0",
				     .fields = ISCSICFG_EXTENT_F_COMMENT,
				     .comment = "ok", .naa = 1,
				     .serial = "\t", .threshold = 200,
				     .size = 1 };

	OK(ic_check_extent(&e, &x, true, false));
	x.fields |= ISCSICFG_EXTENT_F_THRESHOLD;
	BAD_IS(ic_check_extent(&e, &x, true, false),
	       "threshold: a percentage 0..100 (0 = off), got 200");
	x.threshold = 0;
	x.fields |= ISCSICFG_EXTENT_F_NAA;
	BAD_IS(ic_check_extent(&e, &x, true, false),
	       "naa: 0x0000000000000001 must start with 6 (NAA IEEE Registered Extended)");
	x.naa = 0;
	x.fields |= ISCSICFG_EXTENT_F_SERIAL;
	BAD_IS(ic_check_extent(&e, &x, true, false),
	       "serial: printable ASCII only");
	x.serial = NULL;
	x.fields |= ISCSICFG_EXTENT_F_SIZE;
	BAD_IS(ic_check_extent(&e, &x, true, false),
	       "size: 1 is not a multiple of the block size 512");
}

TEST(msg_lun)
{
	BAD_IS(ic_check_lun_id(&e, 1024),
	       "LUN: 0..1023, or blank for the next free one (got 1024)");
	BAD_IS(ic_check_lun_id(&e, -2),
	       "LUN: 0..1023, or blank for the next free one (got -2)");
	BAD_IS(ic_check_lun_id(&e, INT64_MIN),
	       "LUN: 0..1023, or blank for the next free one (got -9223372036854775808)");
}

TEST_HARNESS_MAIN
