// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration API of the "iscsikt" generic netlink family, talked
 * to with raw libnl-genl: each object created, read, listed and deleted;
 * the kernel's own validation (errno and extended ACK message); secrets
 * never read back; CAP_NET_ADMIN required for every command.
 *
 * Needs the iscsikt module loaded (run_suite.sh does it).  Every object
 * uses a key of its own (tags/ids 4000+, names "nltest") and the fixture
 * teardown removes them all, so a failed test leaves nothing behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/iscsikt.h>

#include "kselftest_harness.h"

#define PORTAL_TAG	4001u
#define IGROUP_ID	4002u
#define AUTH_ID		4003u
#define AUTH_TAG	4004u
#define TARGET		"iqn.2024-01.org.example.nltest:t1"
#define INITIATOR	"iqn.2024-01.org.example.nltest:host1"
#define EXTENT0		"nltest0"
#define EXTENT1		"nltest1"
#define PATH0		"/tmp/iscsikt-nltest0.img"
#define PATH1		"/tmp/iscsikt-nltest1.img"
#define LISTEN_PORT	13260

struct reply {
	int err;			/* 0 or -errno from the kernel */
	char extack[256];
	int n;				/* messages received */
	struct nlattr *tb[ISCSIKT_A_MAX + 1];	/* of the last message */
	struct nl_msg *last;
	int count_type;			/* attribute type to count */
	int count;			/* ... in all messages */
	char match[256];		/* string attribute value to look for */
	int matched;
	int done;
};

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct reply *r = arg;
	struct nlattr *a;
	int rem;

	r->n++;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		if (nla_type(a) == r->count_type)
			r->count++;
		if (r->match[0] && nla_len(a) > 0 &&
		    !strncmp(nla_data(a), r->match, nla_len(a)))
			r->matched++;
	}
	if (r->last)
		nlmsg_free(r->last);
	nlmsg_get(msg);
	r->last = msg;
	genlmsg_parse(nlmsg_hdr(msg), 0, r->tb, ISCSIKT_A_MAX, NULL);
	return NL_OK;
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct reply *r = arg;
	struct nlattr *a;
	int off, rem;

	r->err = e->error;
	r->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	nla_for_each_attr(a, (struct nlattr *)((char *)e + off),
			  (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), rem)
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(r->extack, sizeof(r->extack), "%.*s",
				 nla_len(a), (char *)nla_data(a));
	return NL_STOP;
}

static int done_cb(struct nl_msg *msg, void *arg)
{
	((struct reply *)arg)->done = 1;
	return NL_STOP;
}

FIXTURE(nl)
{
	struct nl_sock *sk;
	int family;
	struct nl_msg *msg;
	struct reply r;
};

static struct nl_sock *nl_open(int *family)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk)
		return NULL;
	if (genl_connect(sk)) {
		nl_socket_free(sk);
		return NULL;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	*family = genl_ctrl_resolve(sk, ISCSIKT_GENL_NAME);
	return sk;
}

static void reply_reset(struct reply *r)
{
	if (r->last)
		nlmsg_free(r->last);
	memset(r, 0, sizeof(*r));
	r->count_type = -1;
}

/*
 * Start a request; attributes are then added to self->msg.  The previous
 * reply is forgotten, except what to count and match in the next one.
 */
static struct nl_msg *req(FIXTURE_DATA(nl) *self, int cmd, int flags)
{
	int count_type = self->r.count_type;
	char match[sizeof(self->r.match)];

	memcpy(match, self->r.match, sizeof(match));
	reply_reset(&self->r);
	self->r.count_type = count_type;
	memcpy(self->r.match, match, sizeof(match));
	self->msg = nlmsg_alloc();
	if (self->msg)
		genlmsg_put(self->msg, NL_AUTO_PORT, NL_AUTO_SEQ, self->family,
			    0, flags, cmd, ISCSIKT_GENL_VERSION);
	return self->msg;
}

/* Send self->msg; returns 0 or -errno, replies in self->r. */
static int run_on(struct nl_sock *sk, struct nl_msg *msg, struct reply *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, done_cb, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_cb, r);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, r);
	ret = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	while (ret >= 0 && !r->done)
		ret = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (ret < 0 && !r->err)
		r->err = -EIO;
	return r->err;
}

static int run(FIXTURE_DATA(nl) *self)
{
	struct nl_msg *msg = self->msg;

	self->msg = NULL;
	return run_on(self->sk, msg, &self->r);
}

/* Run a request prepared by the caller and keep the reply. */
#define RUN()	run(self)

static void put_listen(struct nl_msg *m, const void *addr, int len, int port)
{
	struct nlattr *n = nla_nest_start(m, ISCSIKT_A_PORTAL_LISTEN);

	nla_put(m, ISCSIKT_A_LISTEN_ADDR, len, addr);
	if (port)
		nla_put_u16(m, ISCSIKT_A_LISTEN_PORT, port);
	nla_nest_end(m, n);
}

static void put_tgroup(struct nl_msg *m, int portal, int igroup, int method,
		       int auth_tag)
{
	struct nlattr *n = nla_nest_start(m, ISCSIKT_A_TARGET_GROUP);

	nla_put_u16(m, ISCSIKT_A_TGROUP_PORTAL_TAG, portal);
	nla_put_u32(m, ISCSIKT_A_TGROUP_IGROUP_ID, igroup);
	nla_put_u8(m, ISCSIKT_A_TGROUP_AUTH_METHOD, method);
	nla_put_u32(m, ISCSIKT_A_TGROUP_AUTH_TAG, auth_tag);
	nla_nest_end(m, n);
}

static void put_net(struct nl_msg *m, const void *addr, int len, int prefix)
{
	struct nlattr *n = nla_nest_start(m, ISCSIKT_A_TARGET_NETWORK);

	nla_put(m, ISCSIKT_A_NET_ADDR, len, addr);
	nla_put_u8(m, ISCSIKT_A_NET_PREFIX, prefix);
	nla_nest_end(m, n);
}

static const unsigned char lo4[4] = { 127, 0, 0, 1 };
static const unsigned char net4[4] = { 192, 168, 7, 0 };
static const char secret[] = "0123456789abcd";	/* 14 bytes */
static const char peer_secret[] = "abcdefghijklmn";

static int make_portal(FIXTURE_DATA(nl) *self)
{
	req(self, ISCSIKT_CMD_PORTAL_NEW, NLM_F_ACK);
	nla_put_u16(self->msg, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	nla_put_string(self->msg, ISCSIKT_A_PORTAL_COMMENT, "nltest");
	put_listen(self->msg, lo4, 4, LISTEN_PORT);
	return RUN();
}

static int make_auth(FIXTURE_DATA(nl) *self)
{
	req(self, ISCSIKT_CMD_AUTH_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_ID, AUTH_ID);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_USER, "user1");
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 14, secret);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_PEER_USER, "peer1");
	nla_put(self->msg, ISCSIKT_A_AUTH_PEER_SECRET, 14, peer_secret);
	return RUN();
}

static int make_extent(FIXTURE_DATA(nl) *self, const char *name,
		       const char *path)
{
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, name);
	nla_put_u8(self->msg, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_PATH, path);
	nla_put_u64(self->msg, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	nla_put_u32(self->msg, ISCSIKT_A_EXTENT_BLOCK_SIZE, 4096);
	return RUN();
}

static int make_target(FIXTURE_DATA(nl) *self)
{
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_ALIAS, "nltest alias");
	put_tgroup(self->msg, PORTAL_TAG, 0, ISCSIKT_AUTH_NONE, 0);
	put_net(self->msg, net4, 4, 24);
	return RUN();
}

/* Delete by one key attribute, ignoring the outcome (teardown). */
static void del(FIXTURE_DATA(nl) *self, int cmd, int type, const void *key,
		int len)
{
	reply_reset(&self->r);
	req(self, cmd, NLM_F_ACK);
	nla_put(self->msg, type, len, key);
	nla_put_flag(self->msg, ISCSIKT_A_FORCE);
	RUN();
}

FIXTURE_SETUP(nl)
{
	memset(&self->r, 0, sizeof(self->r));
	self->sk = nl_open(&self->family);
	ASSERT_NE(NULL, self->sk);
	ASSERT_LT(0, self->family) TH_LOG("iscsikt family not registered");
	reply_reset(&self->r);
}

FIXTURE_TEARDOWN(nl)
{
	uint16_t tag = PORTAL_TAG;
	uint32_t id;

	del(self, ISCSIKT_CMD_TARGET_DEL, ISCSIKT_A_TARGET_NAME, TARGET,
	    sizeof(TARGET));
	del(self, ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME, EXTENT0,
	    sizeof(EXTENT0));
	del(self, ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME, EXTENT1,
	    sizeof(EXTENT1));
	del(self, ISCSIKT_CMD_PORTAL_DEL, ISCSIKT_A_PORTAL_TAG, &tag,
	    sizeof(tag));
	id = IGROUP_ID;
	del(self, ISCSIKT_CMD_IGROUP_DEL, ISCSIKT_A_IGROUP_ID, &id, sizeof(id));
	id = AUTH_ID;
	del(self, ISCSIKT_CMD_AUTH_DEL, ISCSIKT_A_AUTH_ID, &id, sizeof(id));
	reply_reset(&self->r);
	unlink(PATH0);
	unlink(PATH1);
	nl_socket_free(self->sk);
}

TEST_F(nl, status)
{
	req(self, ISCSIKT_CMD_STATUS_GET, NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	ASSERT_EQ(1, self->r.n);
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_STATUS_VERSION]);
	EXPECT_LT(1, nla_len(self->r.tb[ISCSIKT_A_STATUS_VERSION]));
	EXPECT_NE(NULL, self->r.tb[ISCSIKT_A_STATUS_SESSIONS]);
	EXPECT_NE(NULL, self->r.tb[ISCSIKT_A_STATUS_CONNECTIONS]);
}

TEST_F(nl, global_set_get)
{
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_BASENAME, "not-an-iqn");
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "base name"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_u8(self->msg, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH,
		   ISCSIKT_AUTH_CHAP);
	nla_put_u32(self->msg, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG, 0);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "auth tag"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_BASENAME,
		       "iqn.2005-10.org.example.ctl");
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_ISNS_SERVER,
		       "isns.example.org:3205");
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_ISNS_SERVER, "10.0.0.1");
	nla_put_u8(self->msg, ISCSIKT_A_GLOBAL_ALUA, 1);
	ASSERT_EQ(0, RUN());

	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_GLOBAL_ISNS_SERVER;
	req(self, ISCSIKT_CMD_GLOBAL_GET, NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_GLOBAL_BASENAME]);
	EXPECT_STREQ("iqn.2005-10.org.example.ctl",
		     nla_get_string(self->r.tb[ISCSIKT_A_GLOBAL_BASENAME]));
	EXPECT_EQ(2, self->r.count);
	EXPECT_EQ(1, nla_get_u8(self->r.tb[ISCSIKT_A_GLOBAL_ALUA]));

	/* Back to the defaults: "" clears the iSNS list. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_ISNS_SERVER, "");
	nla_put_u8(self->msg, ISCSIKT_A_GLOBAL_ALUA, 0);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_GLOBAL_ISNS_SERVER;
	req(self, ISCSIKT_CMD_GLOBAL_GET, NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(0, self->r.count);
}

TEST_F(nl, portal_lifecycle)
{
	static const unsigned char bad[5] = { 1, 2, 3, 4, 5 };
	uint16_t tag = PORTAL_TAG;

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	ASSERT_EQ(1, self->r.n);
	EXPECT_EQ(PORTAL_TAG, nla_get_u16(self->r.tb[ISCSIKT_A_PORTAL_TAG]));

	reply_reset(&self->r);
	EXPECT_EQ(-EEXIST, make_portal(self));
	EXPECT_NE(NULL, strstr(self->r.extack, "already exists"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_NEW, NLM_F_ACK);
	put_listen(self->msg, bad, sizeof(bad), LISTEN_PORT + 1);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "4 (IPv4) or 16"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_NEW, NLM_F_ACK);
	{
		struct nlattr *n = nla_nest_start(self->msg,
						  ISCSIKT_A_PORTAL_LISTEN);

		nla_put(self->msg, ISCSIKT_A_LISTEN_ADDR, 4, lo4);
		nla_put_u16(self->msg, ISCSIKT_A_LISTEN_PORT, 0);
		nla_nest_end(self->msg, n);
	}
	/* Policy range checks answer ERANGE. */
	EXPECT_EQ(-ERANGE, RUN());
	EXPECT_NE(0, self->r.extack[0]);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_SET, NLM_F_ACK);
	nla_put_u16(self->msg, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	nla_put_string(self->msg, ISCSIKT_A_PORTAL_COMMENT, "changed");
	put_listen(self->msg, lo4, 4, LISTEN_PORT);
	put_listen(self->msg, lo4, 4, LISTEN_PORT + 2);
	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);

	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_PORTAL_LISTEN;
	req(self, ISCSIKT_CMD_PORTAL_GET, NLM_F_ACK);
	nla_put_u16(self->msg, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(2, self->r.count);
	EXPECT_STREQ("changed",
		     nla_get_string(self->r.tb[ISCSIKT_A_PORTAL_COMMENT]));

	reply_reset(&self->r);
	strcpy(self->r.match, "changed");
	req(self, ISCSIKT_CMD_PORTAL_GET, NLM_F_DUMP | NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	EXPECT_LE(1, self->r.n);
	EXPECT_EQ(1, self->r.matched);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_DEL, NLM_F_ACK);
	nla_put_u16(self->msg, ISCSIKT_A_PORTAL_TAG, tag);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_GET, NLM_F_ACK);
	nla_put_u16(self->msg, ISCSIKT_A_PORTAL_TAG, tag);
	EXPECT_EQ(-ENOENT, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "no such portal"));
}

TEST_F(nl, portal_tag_assigned)
{
	uint16_t tag;

	req(self, ISCSIKT_CMD_PORTAL_NEW, NLM_F_ACK);
	put_listen(self->msg, lo4, 4, LISTEN_PORT + 3);
	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_PORTAL_TAG]);
	tag = nla_get_u16(self->r.tb[ISCSIKT_A_PORTAL_TAG]);
	EXPECT_LE(1, tag);
	del(self, ISCSIKT_CMD_PORTAL_DEL, ISCSIKT_A_PORTAL_TAG, &tag,
	    sizeof(tag));
	EXPECT_EQ(0, self->r.err);
}

/* IGROUP_NEW and AUTH_NEW without a key reply with the object, key set. */
TEST_F(nl, new_replies_with_key)
{
	uint32_t id;

	req(self, ISCSIKT_CMD_IGROUP_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_IGROUP_INITIATOR, INITIATOR);
	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);
	EXPECT_EQ(1, self->r.n);
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_IGROUP_ID]);
	EXPECT_NE(NULL, self->r.tb[ISCSIKT_A_IGROUP_INITIATOR]);
	id = nla_get_u32(self->r.tb[ISCSIKT_A_IGROUP_ID]);
	EXPECT_LE(1U, id);
	del(self, ISCSIKT_CMD_IGROUP_DEL, ISCSIKT_A_IGROUP_ID, &id, sizeof(id));
	EXPECT_EQ(0, self->r.err);

	req(self, ISCSIKT_CMD_AUTH_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_USER, "user2");
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 14, secret);
	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);
	EXPECT_EQ(1, self->r.n);
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_AUTH_ID]);
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_AUTH_SECRET]);
	id = nla_get_u32(self->r.tb[ISCSIKT_A_AUTH_ID]);
	del(self, ISCSIKT_CMD_AUTH_DEL, ISCSIKT_A_AUTH_ID, &id, sizeof(id));
	EXPECT_EQ(0, self->r.err);
}

/* Extent names: 1..63 bytes of printable ASCII. */
TEST_F(nl, extent_name_rule)
{
	char name[65];

	memset(name, 'n', 64);
	name[64] = '\0';
	EXPECT_EQ(-EINVAL, make_extent(self, name, PATH0));
	EXPECT_EQ(-EINVAL, make_extent(self, "tab\tname", PATH0));
	EXPECT_NE(NULL, strstr(self->r.extack, "printable"));
	EXPECT_EQ(-EINVAL, make_extent(self, "caf\xc3\xa9", PATH0));
	EXPECT_EQ(-EINVAL, make_extent(self, "", PATH0));
	name[63] = '\0';
	ASSERT_EQ(0, make_extent(self, name, PATH0)) TH_LOG("%s",
							    self->r.extack);
	del(self, ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME, name,
	    sizeof(name) - 1);
	EXPECT_EQ(0, self->r.err);
}

/* The kernel deletes no file: userspace does. */
TEST_F(nl, delete_files_refused)
{
	req(self, ISCSIKT_CMD_TARGET_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_flag(self->msg, ISCSIKT_A_DELETE_EXTENTS);
	nla_put_flag(self->msg, ISCSIKT_A_DELETE_FILES);
	EXPECT_EQ(-EOPNOTSUPP, RUN());
}

/* A LUN dump names a target: that target's LUNs only. */
TEST_F(nl, lun_dump_filter)
{
	req(self, ISCSIKT_CMD_LUN_GET, NLM_F_DUMP | NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME,
		       "iqn.2026-01.org.example:nosuch");
	EXPECT_EQ(0, RUN());
	EXPECT_EQ(0, self->r.n);
}

TEST_F(nl, igroup_lifecycle)
{
	req(self, ISCSIKT_CMD_IGROUP_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	nla_put_string(self->msg, ISCSIKT_A_IGROUP_INITIATOR, "bogus name");
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "initiator must be"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_IGROUP_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	nla_put_string(self->msg, ISCSIKT_A_IGROUP_COMMENT, "nltest");
	nla_put_string(self->msg, ISCSIKT_A_IGROUP_INITIATOR, INITIATOR);
	nla_put_string(self->msg, ISCSIKT_A_IGROUP_INITIATOR,
		       "eui.0123456789ABCDEF");
	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);

	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_IGROUP_INITIATOR;
	req(self, ISCSIKT_CMD_IGROUP_GET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(2, self->r.count);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_IGROUP_SET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	nla_put_string(self->msg, ISCSIKT_A_IGROUP_INITIATOR, "");
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_IGROUP_INITIATOR;
	req(self, ISCSIKT_CMD_IGROUP_GET, NLM_F_DUMP | NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	EXPECT_LE(1, self->r.n);
	EXPECT_EQ(0, self->r.count);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_IGROUP_DEL, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_IGROUP_GET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	EXPECT_EQ(-ENOENT, RUN());
}

TEST_F(nl, auth_validation)
{
	req(self, ISCSIKT_CMD_AUTH_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_USER, "user1");
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 11, secret);
	EXPECT_EQ(-ERANGE, RUN());
	EXPECT_NE(0, self->r.extack[0]);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_AUTH_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_USER, "user1");
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 17, "0123456789abcdefg");
	EXPECT_EQ(-ERANGE, RUN());

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_AUTH_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_USER, "user1");
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 14, secret);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_PEER_USER, "peer1");
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "go together"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_AUTH_NEW, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_USER, "user1");
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 14, secret);
	nla_put_string(self->msg, ISCSIKT_A_AUTH_PEER_USER, "peer1");
	nla_put(self->msg, ISCSIKT_A_AUTH_PEER_SECRET, 14, secret);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "differ"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_AUTH_GET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_ID, AUTH_ID);
	EXPECT_EQ(-ENOENT, RUN());
}

TEST_F(nl, auth_secrets_never_returned)
{
	ASSERT_EQ(0, make_auth(self)) TH_LOG("%s", self->r.extack);
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_AUTH_SECRET]);
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_AUTH_PEER_SECRET]);

	reply_reset(&self->r);
	EXPECT_EQ(-EEXIST, make_auth(self));

	reply_reset(&self->r);
	strcpy(self->r.match, secret);
	req(self, ISCSIKT_CMD_AUTH_GET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_ID, AUTH_ID);
	ASSERT_EQ(0, RUN());
	EXPECT_STREQ("user1", nla_get_string(self->r.tb[ISCSIKT_A_AUTH_USER]));
	EXPECT_STREQ("peer1",
		     nla_get_string(self->r.tb[ISCSIKT_A_AUTH_PEER_USER]));
	EXPECT_EQ(AUTH_TAG, nla_get_u32(self->r.tb[ISCSIKT_A_AUTH_TAG]));
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_AUTH_SECRET]);
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_AUTH_PEER_SECRET]);
	EXPECT_EQ(0, self->r.matched);

	reply_reset(&self->r);
	strcpy(self->r.match, peer_secret);
	req(self, ISCSIKT_CMD_AUTH_GET, NLM_F_DUMP | NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	EXPECT_LE(1, self->r.n);
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_AUTH_SECRET]);
	EXPECT_EQ(0, self->r.matched);

	/* SET keeps what it is not given: still mutual, new secret. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_AUTH_SET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_ID, AUTH_ID);
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 14, peer_secret);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "differ"));
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_AUTH_SET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_AUTH_ID, AUTH_ID);
	nla_put(self->msg, ISCSIKT_A_AUTH_SECRET, 12, "secretsecret");
	EXPECT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);
}

TEST_F(nl, target_validation)
{
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, "iqn.2024-13.bad");
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "target name"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(self->msg, PORTAL_TAG, 0, ISCSIKT_AUTH_NONE, 0);
	EXPECT_EQ(-ENOENT, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "portal tag does not exist"));

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(self->msg, PORTAL_TAG, 0, ISCSIKT_AUTH_CHAP, 0);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "requires an auth tag"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(self->msg, PORTAL_TAG, IGROUP_ID, ISCSIKT_AUTH_NONE, 0);
	EXPECT_EQ(-ENOENT, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "initiator group does not"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	put_net(self->msg, net4, 4, 33);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "prefix"));

	/* Nothing of the refused requests was created. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	EXPECT_EQ(-ENOENT, RUN());
}

TEST_F(nl, target_lifecycle)
{
	uint16_t tag = PORTAL_TAG;

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	ASSERT_EQ(0, make_target(self)) TH_LOG("%s", self->r.extack);
	reply_reset(&self->r);
	EXPECT_EQ(-EEXIST, make_target(self));

	/* Names are case-insensitive and stored lowercase. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME,
		       "IQN.2024-01.ORG.EXAMPLE.NLTEST:T1");
	ASSERT_EQ(0, RUN());
	EXPECT_STREQ(TARGET,
		     nla_get_string(self->r.tb[ISCSIKT_A_TARGET_NAME]));
	EXPECT_STREQ("nltest alias",
		     nla_get_string(self->r.tb[ISCSIKT_A_TARGET_ALIAS]));
	EXPECT_NE(NULL, self->r.tb[ISCSIKT_A_TARGET_GROUP]);
	EXPECT_NE(NULL, self->r.tb[ISCSIKT_A_TARGET_NETWORK]);

	/* A portal in use by a target group stays. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_DEL, NLM_F_ACK);
	nla_put_u16(self->msg, ISCSIKT_A_PORTAL_TAG, tag);
	EXPECT_EQ(-EBUSY, RUN());

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_ALIAS, "");
	/* libnl drops empty nests unless told to keep them. */
	nla_nest_end_keep_empty(self->msg,
				nla_nest_start(self->msg,
					       ISCSIKT_A_TARGET_NETWORK));
	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);

	reply_reset(&self->r);
	strcpy(self->r.match, TARGET);
	req(self, ISCSIKT_CMD_TARGET_GET, NLM_F_DUMP | NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(1, self->r.matched);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_TARGET_ALIAS]);
	EXPECT_EQ(NULL, self->r.tb[ISCSIKT_A_TARGET_NETWORK]);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	EXPECT_EQ(-ENOENT, RUN());
}

TEST_F(nl, extent_and_lun)
{
	uint64_t lun;

	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u8(self->msg, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_PATH, PATH0);
	nla_put_u32(self->msg, ISCSIKT_A_EXTENT_BLOCK_SIZE, 1000);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "block size"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u8(self->msg, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_PATH, PATH0);
	nla_put_u64(self->msg, ISCSIKT_A_EXTENT_SIZE, 4096 * 10 + 512);
	nla_put_u32(self->msg, ISCSIKT_A_EXTENT_BLOCK_SIZE, 4096);
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "multiple of the block size"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u8(self->msg, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_PATH, "relative.img");
	EXPECT_EQ(-EINVAL, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "absolute"));

	ASSERT_EQ(0, make_extent(self, EXTENT0, PATH0)) TH_LOG("%s",
								self->r.extack);
	EXPECT_EQ(-EEXIST, make_extent(self, EXTENT0, PATH1));
	EXPECT_EQ(-EEXIST, make_extent(self, EXTENT1, PATH0));
	ASSERT_EQ(0, make_extent(self, EXTENT1, PATH1)) TH_LOG("%s",
								self->r.extack);

	/* Generated serial and NAA. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	ASSERT_EQ(0, RUN());
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_EXTENT_SERIAL]);
	EXPECT_LE(15U,
		  strlen(nla_get_string(self->r.tb[ISCSIKT_A_EXTENT_SERIAL])));
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_EXTENT_NAA]);
	EXPECT_EQ(6U, nla_get_u64(self->r.tb[ISCSIKT_A_EXTENT_NAA]) >> 60);
	EXPECT_EQ(4096U, nla_get_u32(self->r.tb[ISCSIKT_A_EXTENT_BLOCK_SIZE]));
	EXPECT_EQ(1U << 20, nla_get_u64(self->r.tb[ISCSIKT_A_EXTENT_SIZE]));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u32(self->msg, ISCSIKT_A_EXTENT_BLOCK_SIZE, 512);
	EXPECT_EQ(-EINVAL, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u8(self->msg, ISCSIKT_A_EXTENT_RPM, ISCSIKT_RPM_SSD);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_COMMENT, "fast");
	ASSERT_EQ(0, RUN());

	ASSERT_EQ(0, make_portal(self));
	ASSERT_EQ(0, make_target(self));

	for (lun = 0; lun < 2; lun++) {
		reply_reset(&self->r);
		req(self, ISCSIKT_CMD_LUN_NEW, NLM_F_ACK);
		nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
		nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME,
			       lun ? EXTENT1 : EXTENT0);
		nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, lun);
		ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack);
	}

	/* An extent in one association only; LUN ids 0..1023, unique. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 5);
	EXPECT_EQ(-EBUSY, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "already mapped"));

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 1024);
	EXPECT_EQ(-ERANGE, RUN());

	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_LUN_ID;
	req(self, ISCSIKT_CMD_LUN_GET, NLM_F_DUMP | NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(2, self->r.count);

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 1);
	ASSERT_EQ(0, RUN());
	EXPECT_STREQ(EXTENT1,
		     nla_get_string(self->r.tb[ISCSIKT_A_EXTENT_NAME]));

	/* LUN 0 stays while LUN 1 exists, also through EXTENT_DEL. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 0);
	EXPECT_EQ(-EBUSY, RUN());
	EXPECT_NE(NULL, strstr(self->r.extack, "LUN 0"));
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	EXPECT_EQ(-EBUSY, RUN());

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 1);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 0);
	ASSERT_EQ(0, RUN());

	/* TARGET_DEL with DELETE_EXTENTS takes the mapped extents along. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, 0);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_flag(self->msg, ISCSIKT_A_DELETE_EXTENTS);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	EXPECT_EQ(-ENOENT, RUN());
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_DEL, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	EXPECT_EQ(0, RUN());
}

TEST_F(nl, unknown_attribute_rejected)
{
	req(self, ISCSIKT_CMD_STATUS_GET, NLM_F_ACK);
	nla_put_u32(self->msg, ISCSIKT_A_STATUS_SESSIONS, 1);
	EXPECT_EQ(-EINVAL, RUN());
}

/* In a child without CAP_NET_ADMIN every command, reads too, is refused. */
static int child_without_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	static const int cmds[] = {
		ISCSIKT_CMD_STATUS_GET, ISCSIKT_CMD_GLOBAL_GET,
		ISCSIKT_CMD_PORTAL_GET, ISCSIKT_CMD_AUTH_GET,
		ISCSIKT_CMD_TARGET_NEW,
	};
	struct nl_sock *sk;
	unsigned int i;
	int family;

	if (syscall(SYS_capget, &h, d))
		return 10;
	d[0].effective &= ~(1u << CAP_NET_ADMIN);
	d[0].permitted &= ~(1u << CAP_NET_ADMIN);
	d[0].inheritable &= ~(1u << CAP_NET_ADMIN);
	if (syscall(SYS_capset, &h, d))
		return 11;
	sk = nl_open(&family);
	if (!sk || family <= 0)
		return 12;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct reply r = { .count_type = -1 };
		struct nl_msg *m = nlmsg_alloc();
		int flags = NLM_F_ACK;

		if (cmds[i] == ISCSIKT_CMD_PORTAL_GET ||
		    cmds[i] == ISCSIKT_CMD_AUTH_GET)
			flags |= NLM_F_DUMP;
		genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			    cmds[i], ISCSIKT_GENL_VERSION);
		if (cmds[i] == ISCSIKT_CMD_TARGET_NEW)
			nla_put_string(m, ISCSIKT_A_TARGET_NAME, TARGET);
		if (run_on(sk, m, &r) != -EPERM)
			return 20 + i;
		if (r.n)
			return 40 + i;
	}
	nl_socket_free(sk);
	return 0;
}

TEST_F(nl, cap_net_admin_required)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(child_without_net_admin());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* ... and the target was not created. */
	req(self, ISCSIKT_CMD_TARGET_GET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	EXPECT_EQ(-ENOENT, RUN());
}

TEST_HARNESS_MAIN
