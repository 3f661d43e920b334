// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration API of the "iscsikt" generic netlink family, talked
 * to with raw libnl-genl: each object created, read, listed and deleted;
 * the kernel's own validation (errno and extended ACK message); secrets
 * never read back; CAP_NET_ADMIN required for every command.  Every
 * extended ACK message of kernel/netlink.c and every attribute policy has a
 * case below that also checks the refused request changed nothing
 * (REFUSED); Documentation/testing.rst lists them.
 *
 * Needs the iscsikt module loaded (run_suite.sh does it).  Every object
 * uses a key of its own (tags/ids 4000+, names "nltest") and the fixture
 * teardown removes them all, so a failed test leaves nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/time.h>
#include <sys/utsname.h>
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
#define LOOP_FILE	"/tmp/iscsikt-nltest-loop.img"
#define DIO_MNT		"/tmp/iscsikt-nltest-mnt"	/* ext4 on the loop */
#define DIO_FILE	DIO_MNT "/dio.img"
#define LISTEN_PORT	13260
/* keys the refused requests would have created: the teardown checks */
#define PORTAL_TAG2	4005u
#define AUTH_ID2	4006u
#define IGROUP_ID2	4007u
#define NO_AUTH_TAG	4999u	/* no auth entry has it */

struct reply {
	int err;			/* 0 or -errno from the kernel */
	char extack[256];
	int miss_type;			/* missing attribute named, or -1 */
	uint64_t digest;		/* of the attributes of all messages */
	int n;				/* messages received */
	struct nlattr *tb[ISCSIKT_A_MAX + 1];	/* of the last message */
	struct nl_msg *last;
	int count_type;			/* attribute type to count */
	int count;			/* ... in all messages */
	char match[256];		/* string attribute value to look for */
	int matched;
	int done;
};

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	h ^= n;
	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct reply *r = arg;
	struct nlattr *a;
	int rem;

	r->n++;
	r->digest = fnv1a(r->digest, genlmsg_attrdata(gh, 0),
			  genlmsg_attrlen(gh, 0));
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
		else if (nla_type(a) == NLMSGERR_ATTR_MISS_TYPE)
			r->miss_type = nla_get_u32(a);
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
	uint64_t before;	/* config_digest() before a refused request */
	char loopdev[64];	/* a loop device the test attached */
	char basename[256];	/* the global base name, put back after */
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
	r->miss_type = -1;
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
	/* room for the longest attribute (a path) and the longest lists */
	self->msg = nlmsg_alloc_size(64 * 1024);
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
	self->loopdev[0] = '\0';
	req(self, ISCSIKT_CMD_GLOBAL_GET, NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_GLOBAL_BASENAME]);
	snprintf(self->basename, sizeof(self->basename), "%s",
		 nla_get_string(self->r.tb[ISCSIKT_A_GLOBAL_BASENAME]));
	reply_reset(&self->r);
}

FIXTURE_TEARDOWN(nl)
{
	static const uint32_t ids[][2] = {
		{ ISCSIKT_CMD_IGROUP_DEL, IGROUP_ID },
		{ ISCSIKT_CMD_IGROUP_DEL, IGROUP_ID2 },
		{ ISCSIKT_CMD_AUTH_DEL, AUTH_ID },
		{ ISCSIKT_CMD_AUTH_DEL, AUTH_ID2 },
	};
	uint16_t tag = PORTAL_TAG;
	uint32_t id;
	size_t i;

	del(self, ISCSIKT_CMD_TARGET_DEL, ISCSIKT_A_TARGET_NAME, TARGET,
	    sizeof(TARGET));
	del(self, ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME, EXTENT0,
	    sizeof(EXTENT0));
	del(self, ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME, EXTENT1,
	    sizeof(EXTENT1));
	del(self, ISCSIKT_CMD_PORTAL_DEL, ISCSIKT_A_PORTAL_TAG, &tag,
	    sizeof(tag));
	tag = PORTAL_TAG2;
	del(self, ISCSIKT_CMD_PORTAL_DEL, ISCSIKT_A_PORTAL_TAG, &tag,
	    sizeof(tag));
	/*
	 * Discovery auth may hold the auth tag: let it go first.  The base
	 * name goes back to what the suite had.
	 */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_u8(self->msg, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH,
		   ISCSIKT_AUTH_NONE);
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_BASENAME, self->basename);
	RUN();
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		id = ids[i][1];
		del(self, ids[i][0], ids[i][0] == ISCSIKT_CMD_AUTH_DEL ?
		    ISCSIKT_A_AUTH_ID : ISCSIKT_A_IGROUP_ID, &id, sizeof(id));
	}
	reply_reset(&self->r);
	/* extent_direct_io's ext4: the extent's file may still be closing */
	umount2(DIO_MNT, MNT_DETACH);
	if (self->loopdev[0]) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "losetup -d %s", self->loopdev);
		if (system(cmd))
			TH_LOG("%s failed", cmd);
	}
	unlink(PATH0);
	unlink(PATH1);
	unlink(LOOP_FILE);
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

	/* Back to the defaults: "" clears the base name and the iSNS list. */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_BASENAME, "");
	nla_put_string(self->msg, ISCSIKT_A_GLOBAL_ISNS_SERVER, "");
	nla_put_u8(self->msg, ISCSIKT_A_GLOBAL_ALUA, 0);
	ASSERT_EQ(0, RUN());
	reply_reset(&self->r);
	self->r.count_type = ISCSIKT_A_GLOBAL_ISNS_SERVER;
	req(self, ISCSIKT_CMD_GLOBAL_GET, NLM_F_ACK);
	ASSERT_EQ(0, RUN());
	EXPECT_EQ(0, self->r.count);
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_GLOBAL_BASENAME]);
	EXPECT_STREQ("", nla_get_string(self->r.tb[ISCSIKT_A_GLOBAL_BASENAME]));
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

/* Events are only ever sent: as requests, genetlink has no op for them. */
TEST_F(nl, event_commands_refused)
{
	static const int cmds[] = {
		ISCSIKT_CMD_SESSION_LOGIN,
		ISCSIKT_CMD_SESSION_LOGOUT,
		ISCSIKT_CMD_THRESHOLD,
	};
	unsigned int i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		req(self, cmds[i], NLM_F_ACK);
		EXPECT_EQ(-EOPNOTSUPP, RUN()) TH_LOG("command %d", cmds[i]);
	}
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
	/* created without a mode: iSCSI, and every reply says so */
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_TARGET_MODE]);
	EXPECT_EQ(ISCSIKT_TARGET_MODE_ISCSI,
		  nla_get_u8(self->r.tb[ISCSIKT_A_TARGET_MODE]));
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
	nla_put_u8(self->msg, ISCSIKT_A_TARGET_MODE, ISCSIKT_TARGET_MODE_ISCSI);
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
	ASSERT_NE(NULL, self->r.tb[ISCSIKT_A_TARGET_MODE]);
	EXPECT_EQ(ISCSIKT_TARGET_MODE_ISCSI,
		  nla_get_u8(self->r.tb[ISCSIKT_A_TARGET_MODE]));

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

/*
 * The kernel's own rules, one by one: every extended ACK message of
 * kernel/netlink.c and every policy of its tables, each sent past the
 * library as a bad request.  Each assertion checks the errno, the whole
 * message, and that the configuration (every object of every kind, as
 * the dumps and GLOBAL_GET return it) is what it was before.
 * Documentation/testing.rst has the table of rules and where each is.
 */

/* A digest of the whole configuration; a failed read never matches. */
static uint64_t config_digest(FIXTURE_DATA(nl) *self)
{
	static const int dumps[] = {
		ISCSIKT_CMD_PORTAL_GET, ISCSIKT_CMD_IGROUP_GET,
		ISCSIKT_CMD_AUTH_GET, ISCSIKT_CMD_TARGET_GET,
		ISCSIKT_CMD_EXTENT_GET, ISCSIKT_CMD_LUN_GET,
	};
	static uint64_t failures;
	uint64_t h;
	size_t i;

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_GET, NLM_F_ACK);
	if (RUN())
		return ++failures;
	h = self->r.digest;
	for (i = 0; i < ARRAY_SIZE(dumps); i++) {
		reply_reset(&self->r);
		req(self, dumps[i], NLM_F_DUMP | NLM_F_ACK);
		if (RUN())
			return ++failures;
		h = fnv1a(h, &self->r.digest, sizeof(self->r.digest));
		h = fnv1a(h, &self->r.n, sizeof(self->r.n));
	}
	reply_reset(&self->r);
	return h;
}

/* Start a request that must be refused; self->msg gets its attributes. */
static struct nl_msg *req_bad(FIXTURE_DATA(nl) *self, int cmd)
{
	self->before = config_digest(self);
	return req(self, cmd, NLM_F_ACK);
}

#define BAD(cmd)	req_bad(self, ISCSIKT_CMD_##cmd)
#define M		(self->msg)

/* Refused with @err and exactly @text, and nothing changed. */
#define REFUSED(err, text)						\
	do {								\
		ASSERT_EQ(err, RUN()) TH_LOG("extack \"%s\"",		\
					     self->r.extack);		\
		EXPECT_STREQ(text, self->r.extack);			\
		EXPECT_EQ(self->before, config_digest(self))		\
			TH_LOG("refused, yet the configuration changed"); \
	} while (0)

/* Refused for a missing attribute, which the ACK names. */
#define MISSING(type)							\
	do {								\
		ASSERT_EQ(-EINVAL, RUN());				\
		EXPECT_EQ(type, self->r.miss_type);			\
		EXPECT_EQ(self->before, config_digest(self));		\
	} while (0)

#define OK_RUN()	ASSERT_EQ(0, RUN()) TH_LOG("%s", self->r.extack)

/* REFUSED's comparison can fail: an accepted SET moves the digest. */
TEST_F(nl, config_digest_sees_changes)
{
	uint64_t before;

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	before = config_digest(self);
	EXPECT_EQ(before, config_digest(self));
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_PORTAL_SET, NLM_F_ACK);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	nla_put_string(M, ISCSIKT_A_PORTAL_COMMENT, "changed");
	OK_RUN();
	EXPECT_NE(before, config_digest(self));
}

/* The policy tables: ranges, lengths, types, per attribute. */
struct bad_attr {
	int cmd;
	int nest;		/* 0, or the nest the attribute goes in */
	int type;
	int len;		/* payload bytes */
	uint64_t val;		/* integers: the value (little endian) */
	char fill;		/* strings: len - 1 of these and a NUL */
	int err;
	const char *msg;
};

#define RANGE	-ERANGE, "integer out of range"
#define BINLEN	-ERANGE, "binary attribute size out of range"
#define POLICY	-EINVAL, "Attribute failed policy validation"
#define POLICY_RANGE	-ERANGE, "Attribute failed policy validation"
/* ...: the errno and the message */
#define INT(cmd, nest, type, len, val, ...) \
	{ ISCSIKT_CMD_##cmd, nest, type, len, val, 0, __VA_ARGS__ }
#define STR(cmd, nest, type, len, ...) \
	{ ISCSIKT_CMD_##cmd, nest, type, len, 0, 'a', __VA_ARGS__ }

static const struct bad_attr bad_attrs[] = {
	INT(PORTAL_NEW, ISCSIKT_A_PORTAL_LISTEN, ISCSIKT_A_LISTEN_PORT, 2, 0,
	    RANGE),
	INT(PORTAL_NEW, ISCSIKT_A_PORTAL_LISTEN, ISCSIKT_A_LISTEN_ADDR, 5, 0,
	    -EINVAL, "address must be 4 (IPv4) or 16 (IPv6) bytes"),
	INT(PORTAL_NEW, ISCSIKT_A_PORTAL_LISTEN, ISCSIKT_A_LISTEN_ADDR, 17, 0,
	    POLICY_RANGE),
	INT(TARGET_NEW, ISCSIKT_A_TARGET_GROUP, ISCSIKT_A_TGROUP_PORTAL_TAG, 2,
	    0, RANGE),
	INT(TARGET_NEW, ISCSIKT_A_TARGET_GROUP, ISCSIKT_A_TGROUP_AUTH_METHOD,
	    1, ISCSIKT_AUTH_CHAP_MUTUAL + 1, RANGE),
	INT(TARGET_NEW, ISCSIKT_A_TARGET_GROUP, ISCSIKT_A_TGROUP_IGROUP_ID, 2,
	    1, -EINVAL, "invalid attribute length"),
	INT(TARGET_NEW, ISCSIKT_A_TARGET_NETWORK, ISCSIKT_A_NET_PREFIX, 1, 129,
	    RANGE),
	INT(TARGET_NEW, ISCSIKT_A_TARGET_NETWORK, ISCSIKT_A_NET_ADDR, 3, 0,
	    -EINVAL, "address must be 4 (IPv4) or 16 (IPv6) bytes"),
	INT(GLOBAL_SET, 0, ISCSIKT_A_GLOBAL_POOL_THRESHOLD, 1, 101, RANGE),
	INT(GLOBAL_SET, 0, ISCSIKT_A_GLOBAL_ALUA, 1, 2, RANGE),
	INT(GLOBAL_SET, 0, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH, 1,
	    ISCSIKT_AUTH_CHAP_MUTUAL + 1, RANGE),
	INT(GLOBAL_SET, 0, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG, 8, 1,
	    -EINVAL, "invalid attribute length"),
	INT(PORTAL_NEW, 0, ISCSIKT_A_PORTAL_TAG, 2, 0, RANGE),
	INT(IGROUP_NEW, 0, ISCSIKT_A_IGROUP_ID, 4, 0, RANGE),
	INT(IGROUP_NEW, 0, ISCSIKT_A_IGROUP_ID, 2, 1,
	    -EINVAL, "invalid attribute length"),
	INT(AUTH_NEW, 0, ISCSIKT_A_AUTH_ID, 4, 0, RANGE),
	INT(AUTH_NEW, 0, ISCSIKT_A_AUTH_TAG, 4, 0, RANGE),
	STR(AUTH_NEW, 0, ISCSIKT_A_AUTH_SECRET, 11, BINLEN),
	STR(AUTH_NEW, 0, ISCSIKT_A_AUTH_SECRET, 17, BINLEN),
	STR(AUTH_NEW, 0, ISCSIKT_A_AUTH_PEER_SECRET, 11, BINLEN),
	STR(AUTH_NEW, 0, ISCSIKT_A_AUTH_PEER_SECRET, 17, BINLEN),
	INT(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_TYPE, 1, ISCSIKT_EXTENT_DEVICE + 1,
	    RANGE),
	INT(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_BLOCK_SIZE, 4, 256, RANGE),
	INT(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_BLOCK_SIZE, 4, 8192, RANGE),
	INT(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_SIZE, 4, 4096,
	    -EINVAL, "invalid attribute length"),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_NO_PBS, 1, 2, RANGE),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_READ_ONLY, 1, 2, RANGE),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_XEN, 1, 2, RANGE),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_TPC, 1, 2, RANGE),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_ENABLED, 1, 2, RANGE),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_RPM, 1, ISCSIKT_RPM_15000 + 1,
	    RANGE),
	INT(EXTENT_SET, 0, ISCSIKT_A_EXTENT_THRESHOLD, 1, 101, RANGE),
	INT(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_NAA, 4, 0x60,
	    -EINVAL, "invalid attribute length"),
	INT(LUN_NEW, 0, ISCSIKT_A_LUN_ID, 8, ISCSIKT_MAX_LUN + 1, RANGE),
	/* strings: at most the limit, NUL included */
	STR(GLOBAL_SET, 0, ISCSIKT_A_GLOBAL_BASENAME, ISCSIKT_NAME_MAX + 1,
	    POLICY),
	STR(GLOBAL_SET, 0, ISCSIKT_A_GLOBAL_ISNS_SERVER, 257, POLICY),
	STR(PORTAL_NEW, 0, ISCSIKT_A_PORTAL_COMMENT, 257, POLICY),
	STR(IGROUP_NEW, 0, ISCSIKT_A_IGROUP_COMMENT, 257, POLICY),
	STR(IGROUP_NEW, 0, ISCSIKT_A_IGROUP_INITIATOR, ISCSIKT_NAME_MAX + 1,
	    POLICY),
	STR(AUTH_NEW, 0, ISCSIKT_A_AUTH_USER, 257, POLICY),
	STR(AUTH_NEW, 0, ISCSIKT_A_AUTH_PEER_USER, 257, POLICY),
	STR(TARGET_NEW, 0, ISCSIKT_A_TARGET_NAME, ISCSIKT_NAME_MAX + 1,
	    POLICY),
	STR(TARGET_NEW, 0, ISCSIKT_A_TARGET_ALIAS, 257, POLICY),
	INT(TARGET_NEW, 0, ISCSIKT_A_TARGET_MODE, 1,
	    ISCSIKT_TARGET_MODE_BOTH + 1, RANGE),
	STR(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_NAME, ISCSIKT_SHORT_NAME_MAX + 1,
	    POLICY),
	STR(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_PATH, 4097, POLICY),
	STR(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_SERIAL, 22, POLICY),
	STR(EXTENT_NEW, 0, ISCSIKT_A_EXTENT_COMMENT, 257, POLICY),
	/* a string without its NUL */
	INT(TARGET_NEW, 0, ISCSIKT_A_TARGET_NAME, 4, 0x61616161, POLICY),
	/* a flag carries nothing */
	INT(TARGET_DEL, 0, ISCSIKT_A_FORCE, 4, 1, POLICY_RANGE),
	/* reply-only and unknown attributes */
	INT(STATUS_GET, 0, ISCSIKT_A_STATUS_SESSIONS, 4, 1,
	    -EINVAL, "Unsupported attribute"),
	INT(STATUS_GET, 0, ISCSIKT_A_MAX + 1, 4, 1,
	    -EINVAL, "Unknown attribute type"),
};

TEST_F(nl, policy_tables)
{
	char buf[4200];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_attrs); i++) {
		const struct bad_attr *b = &bad_attrs[i];
		struct nlattr *nest = NULL;
		const void *payload = &b->val;

		if (b->fill) {
			memset(buf, b->fill, b->len - 1);
			buf[b->len - 1] = '\0';
			payload = buf;
		}
		req_bad(self, b->cmd);
		if (b->nest)
			nest = nla_nest_start(M, b->nest);
		ASSERT_EQ(0, nla_put(M, b->type, b->len, payload));
		if (nest)
			nla_nest_end(M, nest);
		TH_LOG("bad_attrs[%zu]: attribute %d, %d bytes", i, b->type,
		       b->len);
		REFUSED(b->err, b->msg);
	}
	/* a nest must say so */
	BAD(PORTAL_NEW);
	nla_put(M, ISCSIKT_A_PORTAL_LISTEN, 0, NULL);
	REFUSED(-EINVAL, "NLA_F_NESTED is missing");
}

/* The key and the required attributes of each command. */
TEST_F(nl, required_attributes)
{
	static const struct {
		int cmd, type;
	} keys[] = {
		{ ISCSIKT_CMD_PORTAL_SET, ISCSIKT_A_PORTAL_TAG },
		{ ISCSIKT_CMD_PORTAL_DEL, ISCSIKT_A_PORTAL_TAG },
		{ ISCSIKT_CMD_IGROUP_SET, ISCSIKT_A_IGROUP_ID },
		{ ISCSIKT_CMD_IGROUP_DEL, ISCSIKT_A_IGROUP_ID },
		{ ISCSIKT_CMD_AUTH_SET, ISCSIKT_A_AUTH_ID },
		{ ISCSIKT_CMD_AUTH_DEL, ISCSIKT_A_AUTH_ID },
		{ ISCSIKT_CMD_TARGET_NEW, ISCSIKT_A_TARGET_NAME },
		{ ISCSIKT_CMD_TARGET_SET, ISCSIKT_A_TARGET_NAME },
		{ ISCSIKT_CMD_TARGET_DEL, ISCSIKT_A_TARGET_NAME },
		{ ISCSIKT_CMD_EXTENT_NEW, ISCSIKT_A_EXTENT_NAME },
		{ ISCSIKT_CMD_EXTENT_SET, ISCSIKT_A_EXTENT_NAME },
		{ ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME },
		{ ISCSIKT_CMD_LUN_NEW, ISCSIKT_A_LUN_ID },
		{ ISCSIKT_CMD_LUN_DEL, ISCSIKT_A_LUN_ID },
	};
	size_t i;

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	ASSERT_EQ(0, make_target(self)) TH_LOG("%s", self->r.extack);
	ASSERT_EQ(0, make_extent(self, EXTENT0, PATH0));
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		req_bad(self, keys[i].cmd);
		TH_LOG("command %d without attribute %d", keys[i].cmd,
		       keys[i].type);
		MISSING(keys[i].type);
	}
	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH1);
	MISSING(ISCSIKT_A_EXTENT_TYPE);
	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	MISSING(ISCSIKT_A_EXTENT_PATH);
	/* LUN_NEW: the target, then the extent */
	BAD(LUN_NEW);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 0);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	MISSING(ISCSIKT_A_TARGET_NAME);
	BAD(LUN_NEW);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 0);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	MISSING(ISCSIKT_A_EXTENT_NAME);
}

TEST_F(nl, global_rules)
{
	int i;

	BAD(GLOBAL_SET);
	nla_put_string(M, ISCSIKT_A_GLOBAL_BASENAME, "iqn.2024-01");
	nla_put_u8(M, ISCSIKT_A_GLOBAL_ALUA, 1);
	REFUSED(-EINVAL, "base name must be an iqn./eui./naa. iSCSI name or empty");

	BAD(GLOBAL_SET);
	for (i = 0; i < 17; i++)
		nla_put_string(M, ISCSIKT_A_GLOBAL_ISNS_SERVER, "10.0.0.1");
	REFUSED(-E2BIG, "too many iSNS servers");

	BAD(GLOBAL_SET);
	nla_put_string(M, ISCSIKT_A_GLOBAL_ISNS_SERVER, "10.0.0.1");
	nla_put_string(M, ISCSIKT_A_GLOBAL_ISNS_SERVER, "isns\thost");
	REFUSED(-EINVAL, "iSNS server must be printable host[:port]");

	BAD(GLOBAL_SET);
	nla_put_u8(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH, ISCSIKT_AUTH_CHAP);
	nla_put_u32(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG, 0);
	nla_put_u8(M, ISCSIKT_A_GLOBAL_POOL_THRESHOLD, 42);
	REFUSED(-EINVAL, "CHAP authentication requires an auth tag");

	BAD(GLOBAL_SET);
	nla_put_u8(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH,
		   ISCSIKT_AUTH_CHAP_MUTUAL);
	nla_put_u32(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG, NO_AUTH_TAG);
	nla_put_string(M, ISCSIKT_A_GLOBAL_ISNS_SERVER, "10.0.0.1");
	REFUSED(-ENOENT, "auth tag does not exist");
}

TEST_F(nl, portal_rules)
{
	static const unsigned char lo6[16] = { [15] = 1 };
	struct nlattr *n;
	int i;

	BAD(PORTAL_NEW);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	REFUSED(-EINVAL, "a portal needs at least one ISCSIKT_A_PORTAL_LISTEN");

	BAD(PORTAL_NEW);
	for (i = 0; i < 17; i++)
		put_listen(M, lo4, 4, LISTEN_PORT + 10 + i);
	REFUSED(-E2BIG, "too many listen entries");

	BAD(PORTAL_NEW);
	n = nla_nest_start(M, ISCSIKT_A_PORTAL_LISTEN);
	nla_put_u16(M, ISCSIKT_A_LISTEN_PORT, LISTEN_PORT);
	nla_nest_end(M, n);
	REFUSED(-EINVAL, "listen entry needs ISCSIKT_A_LISTEN_ADDR");

	/* the default port is 3260 */
	BAD(PORTAL_NEW);
	put_listen(M, lo6, 16, 0);
	put_listen(M, lo6, 16, 3260);
	REFUSED(-EINVAL, "duplicate listen entry");

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);

	BAD(PORTAL_NEW);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	put_listen(M, lo4, 4, LISTEN_PORT + 1);
	REFUSED(-EEXIST, "portal tag already exists");

	BAD(PORTAL_NEW);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG2);
	put_listen(M, lo4, 4, LISTEN_PORT + 1);
	put_listen(M, lo4, 4, LISTEN_PORT);
	REFUSED(-EADDRINUSE, "cannot listen on an address (in use or not local)");

	/* a refused SET keeps the old listeners and comment */
	BAD(PORTAL_SET);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	nla_put_string(M, ISCSIKT_A_PORTAL_COMMENT, "changed");
	put_listen(M, lo4, 4, LISTEN_PORT + 1);
	put_listen(M, lo4, 4, LISTEN_PORT + 1);
	REFUSED(-EINVAL, "duplicate listen entry");

	BAD(PORTAL_SET);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG2);
	nla_put_string(M, ISCSIKT_A_PORTAL_COMMENT, "changed");
	REFUSED(-ENOENT, "no such portal");
	BAD(PORTAL_DEL);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG2);
	REFUSED(-ENOENT, "no such portal");

	ASSERT_EQ(0, make_target(self)) TH_LOG("%s", self->r.extack);
	BAD(PORTAL_DEL);
	nla_put_u16(M, ISCSIKT_A_PORTAL_TAG, PORTAL_TAG);
	REFUSED(-EBUSY, "portal is used by a target group");
}

static void put_igroup(struct nl_msg *m, uint32_t id, const char *initiator)
{
	nla_put_u32(m, ISCSIKT_A_IGROUP_ID, id);
	nla_put_string(m, ISCSIKT_A_IGROUP_INITIATOR, initiator);
}

TEST_F(nl, igroup_rules)
{
	int i;

	BAD(IGROUP_NEW);
	put_igroup(M, IGROUP_ID, INITIATOR);
	nla_put_string(M, ISCSIKT_A_IGROUP_INITIATOR, "iqn.2024-01.org:");
	nla_put_string(M, ISCSIKT_A_IGROUP_INITIATOR, "iqn.2024-1.org");
	REFUSED(-EINVAL, "initiator must be an iqn./eui./naa. iSCSI name");

	BAD(IGROUP_NEW);
	put_igroup(M, IGROUP_ID, INITIATOR);
	nla_put_string(M, ISCSIKT_A_IGROUP_INITIATOR,
		       "IQN.2024-01.ORG.EXAMPLE.NLTEST:HOST1");
	REFUSED(-EINVAL, "duplicate initiator");

	BAD(IGROUP_NEW);
	nla_put_u32(M, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	for (i = 0; i < 257; i++)
		nla_put_string(M, ISCSIKT_A_IGROUP_INITIATOR, INITIATOR);
	REFUSED(-E2BIG, "too many initiators in a group");

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_IGROUP_NEW, NLM_F_ACK);
	put_igroup(M, IGROUP_ID, INITIATOR);
	OK_RUN();

	BAD(IGROUP_NEW);
	put_igroup(M, IGROUP_ID, "eui.0123456789ABCDEF");
	REFUSED(-EEXIST, "initiator group id already exists");

	/* a refused SET keeps the old list and comment */
	BAD(IGROUP_SET);
	nla_put_string(M, ISCSIKT_A_IGROUP_COMMENT, "changed");
	put_igroup(M, IGROUP_ID, "naa.0123");
	REFUSED(-EINVAL, "initiator must be an iqn./eui./naa. iSCSI name");

	BAD(IGROUP_SET);
	put_igroup(M, IGROUP_ID2, INITIATOR);
	REFUSED(-ENOENT, "no such initiator group");
	BAD(IGROUP_DEL);
	nla_put_u32(M, ISCSIKT_A_IGROUP_ID, IGROUP_ID2);
	REFUSED(-ENOENT, "no such initiator group");

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, IGROUP_ID, ISCSIKT_AUTH_NONE, 0);
	OK_RUN();
	BAD(IGROUP_DEL);
	nla_put_u32(M, ISCSIKT_A_IGROUP_ID, IGROUP_ID);
	REFUSED(-EBUSY, "initiator group is used by a target group");
}

static void put_auth(struct nl_msg *m, uint32_t id, const char *user,
		     const char *sec, const char *peer, const char *peer_sec)
{
	if (id)
		nla_put_u32(m, ISCSIKT_A_AUTH_ID, id);
	nla_put_u32(m, ISCSIKT_A_AUTH_TAG, AUTH_TAG);
	if (user)
		nla_put_string(m, ISCSIKT_A_AUTH_USER, user);
	if (sec)
		nla_put(m, ISCSIKT_A_AUTH_SECRET, strlen(sec), sec);
	if (peer)
		nla_put_string(m, ISCSIKT_A_AUTH_PEER_USER, peer);
	if (peer_sec)
		nla_put(m, ISCSIKT_A_AUTH_PEER_SECRET, strlen(peer_sec),
			peer_sec);
}

TEST_F(nl, auth_rules)
{
	BAD(AUTH_NEW);
	put_auth(M, AUTH_ID, "user1", NULL, NULL, NULL);
	REFUSED(-EINVAL, "auth entry needs ISCSIKT_A_AUTH_TAG, _USER and _SECRET");
	BAD(AUTH_NEW);
	put_auth(M, AUTH_ID, NULL, secret, NULL, NULL);
	REFUSED(-EINVAL, "auth entry needs ISCSIKT_A_AUTH_TAG, _USER and _SECRET");

	BAD(AUTH_NEW);
	put_auth(M, AUTH_ID, "user1", secret, NULL, peer_secret);
	REFUSED(-EINVAL, "peer user and peer secret go together");

	BAD(AUTH_NEW);
	put_auth(M, AUTH_ID, "user1", secret, "peer1", secret);
	REFUSED(-EINVAL, "peer secret must differ from the secret");

	ASSERT_EQ(0, make_auth(self)) TH_LOG("%s", self->r.extack);

	BAD(AUTH_NEW);
	put_auth(M, AUTH_ID2, "user1", peer_secret, NULL, NULL);
	REFUSED(-EEXIST, "user already exists in this auth tag");

	BAD(AUTH_NEW);
	put_auth(M, AUTH_ID, "user2", peer_secret, NULL, NULL);
	REFUSED(-EEXIST, "auth id already exists");

	/* SET: the entry as it would become obeys the same rules */
	BAD(AUTH_SET);
	nla_put_u32(M, ISCSIKT_A_AUTH_ID, AUTH_ID);
	nla_put_string(M, ISCSIKT_A_AUTH_USER, "user9");
	nla_put(M, ISCSIKT_A_AUTH_PEER_SECRET, 14, secret);
	REFUSED(-EINVAL, "peer secret must differ from the secret");

	BAD(AUTH_SET);
	nla_put_u32(M, ISCSIKT_A_AUTH_ID, AUTH_ID2);
	nla_put_string(M, ISCSIKT_A_AUTH_USER, "user9");
	REFUSED(-ENOENT, "no such auth entry");
	BAD(AUTH_DEL);
	nla_put_u32(M, ISCSIKT_A_AUTH_ID, AUTH_ID2);
	REFUSED(-ENOENT, "no such auth entry");

	/* the last entry of a tag a target group uses stays */
	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_CHAP, AUTH_TAG);
	OK_RUN();
	BAD(AUTH_DEL);
	nla_put_u32(M, ISCSIKT_A_AUTH_ID, AUTH_ID);
	REFUSED(-EBUSY, "last entry of an auth tag in use by a target group or discovery");
	BAD(AUTH_SET);
	nla_put_u32(M, ISCSIKT_A_AUTH_ID, AUTH_ID);
	nla_put_u32(M, ISCSIKT_A_AUTH_TAG, NO_AUTH_TAG);
	REFUSED(-EBUSY, "last entry of an auth tag in use by a target group or discovery");

	/* ... and one discovery uses */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_DEL, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	OK_RUN();
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_u8(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH, ISCSIKT_AUTH_CHAP);
	nla_put_u32(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG, AUTH_TAG);
	OK_RUN();
	BAD(AUTH_DEL);
	nla_put_u32(M, ISCSIKT_A_AUTH_ID, AUTH_ID);
	REFUSED(-EBUSY, "last entry of an auth tag in use by a target group or discovery");
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_GLOBAL_SET, NLM_F_ACK);
	nla_put_u8(M, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH, ISCSIKT_AUTH_NONE);
	OK_RUN();
}

TEST_F(nl, target_rules)
{
	static const unsigned char net6[16] = { 0xfd };
	struct nlattr *n;
	int i;

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, "iqn.2024-01.");
	REFUSED(-EINVAL, "target name must be an iqn./eui./naa. iSCSI name");
	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, "eui.0123456789abcdeg");
	REFUSED(-EINVAL, "target name must be an iqn./eui./naa. iSCSI name");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_NONE, 0);
	REFUSED(-ENOENT, "target group portal tag does not exist");

	/* a NAS's FC and BOTH modes are valid values this host cannot serve */
	for (i = ISCSIKT_TARGET_MODE_FC; i <= ISCSIKT_TARGET_MODE_BOTH; i++) {
		BAD(TARGET_NEW);
		nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
		nla_put_u8(M, ISCSIKT_A_TARGET_MODE, i);
		REFUSED(-EOPNOTSUPP, "target mode must be iSCSI (no Fibre Channel target)");
	}

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	for (i = 0; i < 65; i++)
		put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_NONE, 0);
	REFUSED(-E2BIG, "too many entries");
	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	for (i = 0; i < 257; i++)
		put_net(M, net4, 4, 24);
	REFUSED(-E2BIG, "too many entries");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	n = nla_nest_start(M, ISCSIKT_A_TARGET_GROUP);
	nla_put_u32(M, ISCSIKT_A_TGROUP_IGROUP_ID, 0);
	nla_nest_end(M, n);
	REFUSED(-EINVAL, "target group needs ISCSIKT_A_TGROUP_PORTAL_TAG");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, IGROUP_ID, ISCSIKT_AUTH_NONE, 0);
	REFUSED(-ENOENT, "target group initiator group does not exist");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_CHAP_MUTUAL, 0);
	REFUSED(-EINVAL, "CHAP authentication requires an auth tag");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_CHAP, NO_AUTH_TAG);
	REFUSED(-ENOENT, "auth tag does not exist");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	n = nla_nest_start(M, ISCSIKT_A_TARGET_NETWORK);
	nla_put(M, ISCSIKT_A_NET_ADDR, 4, net4);
	nla_nest_end(M, n);
	REFUSED(-EINVAL, "network needs ISCSIKT_A_NET_ADDR and _PREFIX");

	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_net(M, net6, 16, 128);
	put_net(M, net4, 4, 33);
	REFUSED(-EINVAL, "prefix longer than the address (32 or 128)");

	ASSERT_EQ(0, make_target(self)) TH_LOG("%s", self->r.extack);

	/* names compare without case */
	BAD(TARGET_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME,
		       "IQN.2024-01.ORG.EXAMPLE.NLTEST:T1");
	REFUSED(-EEXIST, "target already exists");

	/* a refused SET keeps groups, networks and alias */
	BAD(TARGET_SET);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(M, ISCSIKT_A_TARGET_ALIAS, "changed");
	put_net(M, net6, 16, 64);
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_CHAP, 0);
	REFUSED(-EINVAL, "CHAP authentication requires an auth tag");
	BAD(TARGET_SET);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(M, ISCSIKT_A_TARGET_ALIAS, "changed");
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_NONE, 0);
	put_net(M, net4, 4, 33);
	REFUSED(-EINVAL, "prefix longer than the address (32 or 128)");
	BAD(TARGET_SET);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(M, ISCSIKT_A_TARGET_ALIAS, "changed");
	nla_put_u8(M, ISCSIKT_A_TARGET_MODE, ISCSIKT_TARGET_MODE_BOTH);
	put_net(M, net6, 16, 64);
	REFUSED(-EOPNOTSUPP, "target mode must be iSCSI (no Fibre Channel target)");

	BAD(TARGET_SET);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, "iqn.2024-01.org.example:none");
	nla_put_string(M, ISCSIKT_A_TARGET_ALIAS, "changed");
	REFUSED(-ENOENT, "no such target");
	BAD(TARGET_DEL);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, "iqn.2024-01.org.example:none");
	REFUSED(-ENOENT, "no such target");

	BAD(TARGET_DEL);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_flag(M, ISCSIKT_A_DELETE_EXTENTS);
	nla_put_flag(M, ISCSIKT_A_DELETE_FILES);
	REFUSED(-EOPNOTSUPP, "the kernel does not delete files; remove them from userspace");
}

static int make_lun(FIXTURE_DATA(nl) *self, const char *extent, uint64_t lun)
{
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_LUN_NEW, NLM_F_ACK);
	nla_put_string(self->msg, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, extent);
	nla_put_u64(self->msg, ISCSIKT_A_LUN_ID, lun);
	return RUN();
}

/* EXTENT_NEW of EXTENT1 at PATH1, with one attribute more. */
static void extent1_req(FIXTURE_DATA(nl) *self, int type)
{
	req_bad(self, ISCSIKT_CMD_EXTENT_NEW);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(self->msg, ISCSIKT_A_EXTENT_TYPE, type);
	nla_put_string(self->msg, ISCSIKT_A_EXTENT_PATH, PATH1);
}

TEST_F(nl, extent_rules)
{
	static const struct {
		int type, len;
		uint64_t val;
	} fixed[] = {
		{ ISCSIKT_A_EXTENT_TYPE, 1, ISCSIKT_EXTENT_FILE },
		{ ISCSIKT_A_EXTENT_PATH, 0, 0 },
		{ ISCSIKT_A_EXTENT_BLOCK_SIZE, 4, 4096 },
		{ ISCSIKT_A_EXTENT_READ_ONLY, 1, 0 },
		{ ISCSIKT_A_EXTENT_SERIAL, 0, 0 },
		{ ISCSIKT_A_EXTENT_NAA, 8, 0x6000000000000001ull },
	};
	char serial[32];
	uint64_t naa;
	size_t i;

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, "nl\x01test");
	REFUSED(-EINVAL, "extent name must be printable ASCII");
	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, "");
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH1);
	REFUSED(-EINVAL, "extent name must be printable ASCII");

	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_DEVICE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, "dev/sda");
	REFUSED(-EINVAL, "extent path must be absolute");

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_u32(M, ISCSIKT_A_EXTENT_BLOCK_SIZE, 3000);
	REFUSED(-EINVAL, "block size must be 512, 1024, 2048 or 4096");

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_SERIAL, "ser\x7fial");
	REFUSED(-EINVAL, "serial must be printable ASCII");

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_u64(M, ISCSIKT_A_EXTENT_NAA, 0x5000000000000001ull);
	REFUSED(-EINVAL, "NAA must be an NAA 6 value (top 4 bits = 6)");

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_u32(M, ISCSIKT_A_EXTENT_BLOCK_SIZE, 4096);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, (1 << 20) + 512);
	REFUSED(-EINVAL, "file extent size must be a multiple of the block size");

	extent1_req(self, ISCSIKT_EXTENT_DEVICE);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	REFUSED(-EINVAL, "a device extent takes the device's size");

	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, "/nonexistent-nltest/e.img");
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	REFUSED(-ENOENT, "cannot open the extent's path");

	ASSERT_EQ(0, make_extent(self, EXTENT0, PATH0)) TH_LOG("%s",
								self->r.extack);
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_GET, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	OK_RUN();
	snprintf(serial, sizeof(serial), "%s",
		 nla_get_string(self->r.tb[ISCSIKT_A_EXTENT_SERIAL]));
	naa = nla_get_u64(self->r.tb[ISCSIKT_A_EXTENT_NAA]);

	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH1);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	REFUSED(-EEXIST, "extent already exists");

	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH0);
	REFUSED(-EEXIST, "path is used by another extent");

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	nla_put_string(M, ISCSIKT_A_EXTENT_SERIAL, serial);
	REFUSED(-EEXIST, "serial is used by another extent");

	extent1_req(self, ISCSIKT_EXTENT_FILE);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	nla_put_u64(M, ISCSIKT_A_EXTENT_NAA, naa);
	REFUSED(-EEXIST, "NAA is used by another extent");
	/* none of them left a file behind */
	EXPECT_NE(0, access(PATH1, F_OK));

	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		BAD(EXTENT_SET);
		nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
		nla_put_string(M, ISCSIKT_A_EXTENT_COMMENT, "changed");
		nla_put_u8(M, ISCSIKT_A_EXTENT_TPC, 1);
		if (fixed[i].len)
			nla_put(M, fixed[i].type, fixed[i].len,
				&fixed[i].val);
		else
			nla_put_string(M, fixed[i].type, "ABC");
		TH_LOG("EXTENT_SET of attribute %d", fixed[i].type);
		REFUSED(-EINVAL, "cannot be changed; delete and recreate the extent");
	}

	/* growing: a refusal changes neither the size nor anything else */
	BAD(EXTENT_SET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_string(M, ISCSIKT_A_EXTENT_COMMENT, "changed");
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 19);
	REFUSED(-EINVAL, "an extent can only grow: its blocks may be in use");
	BAD(EXTENT_SET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TPC, 1);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, (2 << 20) + 512);
	REFUSED(-EINVAL, "file extent size must be a multiple of the block size");

	BAD(EXTENT_SET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_string(M, ISCSIKT_A_EXTENT_COMMENT, "changed");
	REFUSED(-ENOENT, "no such extent");
	BAD(EXTENT_DEL);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	REFUSED(-ENOENT, "no such extent");
}

/* A read-only file cannot be extended. */
TEST_F(nl, extent_grow_read_only)
{
	int fd = open(PATH1, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 1 << 20));
	close(fd);
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_READ_ONLY, 1);
	OK_RUN();

	BAD(EXTENT_SET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_string(M, ISCSIKT_A_EXTENT_COMMENT, "changed");
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 2 << 20);
	REFUSED(-EROFS, "cannot extend the file");
}

/*
 * LOOP_FILE, @size bytes, on a loop device (losetup @opts) that the
 * teardown detaches: its name in self->loopdev, or "" without one.
 */
static void attach_loop(FIXTURE_DATA(nl) *self, off_t size, const char *opts)
{
	char cmd[160];
	int fd, ret;
	FILE *p;

	self->loopdev[0] = '\0';
	if (system("modprobe -q loop"))
		return;
	fd = open(LOOP_FILE, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0)
		return;
	ret = ftruncate(fd, size);
	close(fd);
	snprintf(cmd, sizeof(cmd), "losetup -f --show %s %s 2>&1", opts,
		 LOOP_FILE);
	p = ret ? NULL : popen(cmd, "r");
	if (!p)
		return;
	if (!fgets(self->loopdev, sizeof(self->loopdev), p))
		self->loopdev[0] = '\0';
	pclose(p);
	self->loopdev[strcspn(self->loopdev, "\n")] = '\0';
	if (strncmp(self->loopdev, "/dev/", 5)) {
		fprintf(stderr, "# losetup: %s\n", self->loopdev);
		self->loopdev[0] = '\0';
	}
}

/* A device extent's size is the device's. */
TEST_F(nl, extent_grow_device)
{
	attach_loop(self, 4 << 20, "");
	if (!self->loopdev[0])
		SKIP(return, "requires losetup and a loop device");

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_DEVICE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, self->loopdev);
	OK_RUN();

	BAD(EXTENT_SET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_string(M, ISCSIKT_A_EXTENT_COMMENT, "changed");
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 8 << 20);
	REFUSED(-EINVAL, "a device extent takes the device's size: give 0 to read it again");
}

/*
 * Direct I/O: FILE extents only, on a filesystem that has it (tmpfs has
 * it from 6.6 on), with blocks no smaller than the alignment it needs
 * (ext4 on 4096-byte sectors here).
 */
TEST_F(nl, extent_direct_io)
{
	int major = 0, minor = 0;
	struct utsname u;
	bool no_tmpfs_dio;
	char cmd[256];

	ASSERT_EQ(0, uname(&u));
	ASSERT_EQ(2, sscanf(u.release, "%d.%d", &major, &minor));
	no_tmpfs_dio = major < 6 || (major == 6 && minor < 6);
	if (no_tmpfs_dio) {
		BAD(EXTENT_NEW);
		nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
		nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
		nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH1);
		nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
		nla_put_u8(M, ISCSIKT_A_EXTENT_DIRECT_IO, 1);
		REFUSED(-EOPNOTSUPP, "direct I/O: the filesystem of this file does not support it");
	}
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, PATH1);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	OK_RUN();
	if (no_tmpfs_dio) {
		BAD(EXTENT_SET);
		nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
		nla_put_u8(M, ISCSIKT_A_EXTENT_DIRECT_IO, 1);
		REFUSED(-EOPNOTSUPP, "direct I/O: the filesystem of this file does not support it");
	}
	del(self, ISCSIKT_CMD_EXTENT_DEL, ISCSIKT_A_EXTENT_NAME, EXTENT1,
	    sizeof(EXTENT1));

	attach_loop(self, 64 << 20, "--sector-size 4096");
	if (!self->loopdev[0])
		SKIP(return, "requires losetup and a loop device");
	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_DEVICE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, self->loopdev);
	nla_put_u8(M, ISCSIKT_A_EXTENT_DIRECT_IO, 1);
	REFUSED(-EINVAL, "direct I/O: FILE extents only; a DEVICE bypasses the page cache");

	snprintf(cmd, sizeof(cmd),
		 "mkfs.ext4 -q -F %s && mkdir -p %s && mount %s %s",
		 self->loopdev, DIO_MNT, self->loopdev, DIO_MNT);
	if (system(cmd))
		SKIP(return, "requires mkfs.ext4");
	BAD(EXTENT_NEW);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, DIO_FILE);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	nla_put_u8(M, ISCSIKT_A_EXTENT_DIRECT_IO, 1);
	REFUSED(-EINVAL, "direct I/O: block size below the filesystem's alignment");

	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_TYPE, ISCSIKT_EXTENT_FILE);
	nla_put_string(M, ISCSIKT_A_EXTENT_PATH, DIO_FILE);
	nla_put_u64(M, ISCSIKT_A_EXTENT_SIZE, 1 << 20);
	nla_put_u32(M, ISCSIKT_A_EXTENT_BLOCK_SIZE, 4096);
	nla_put_u8(M, ISCSIKT_A_EXTENT_DIRECT_IO, 1);
	OK_RUN();
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_EXTENT_SET, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u8(M, ISCSIKT_A_EXTENT_DIRECT_IO, 0);
	OK_RUN();
}

TEST_F(nl, lun_rules)
{
	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	ASSERT_EQ(0, make_target(self)) TH_LOG("%s", self->r.extack);
	ASSERT_EQ(0, make_extent(self, EXTENT0, PATH0));
	ASSERT_EQ(0, make_extent(self, EXTENT1, PATH1));

	BAD(LUN_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, "iqn.2024-01.org.example:none");
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 0);
	REFUSED(-ENOENT, "no such target");
	BAD(LUN_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, "nltest-none");
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 0);
	REFUSED(-ENOENT, "no such extent");

	ASSERT_EQ(0, make_lun(self, EXTENT0, 0)) TH_LOG("%s", self->r.extack);

	BAD(LUN_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 1);
	REFUSED(-EBUSY, "extent is already mapped to a LUN");
	BAD(LUN_NEW);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT1);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 0);
	REFUSED(-EEXIST, "LUN id already used in this target");

	BAD(LUN_DEL);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 7);
	REFUSED(-ENOENT, "no such LUN in this target");

	ASSERT_EQ(0, make_lun(self, EXTENT1, 7)) TH_LOG("%s", self->r.extack);
	BAD(LUN_DEL);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_u64(M, ISCSIKT_A_LUN_ID, 0);
	REFUSED(-EBUSY, "LUN 0 cannot be removed while other LUNs remain");
	BAD(EXTENT_DEL);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	REFUSED(-EBUSY, "LUN 0 cannot be removed while other LUNs remain");
}

/* Read exactly @len bytes, or fail. */
static int recv_all(int fd, void *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = recv(fd, buf, len, 0);
		if (n <= 0)
			return -1;
		buf = (char *)buf + n;
		len -= n;
	}
	return 0;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static uint32_t get_be32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

/*
 * Log in to TARGET through the portal of make_portal(), no
 * authentication: returns the connection, in full feature phase, or -1.
 */
static int iscsi_login(void)
{
	static const char keys[] =
		"InitiatorName=" INITIATOR "\0TargetName=" TARGET
		"\0SessionType=Normal\0AuthMethod=None\0HeaderDigest=None"
		"\0DataDigest=None";
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(LISTEN_PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct timeval tv = { .tv_sec = 10 };
	unsigned char pdu[48 + sizeof(keys) + 4], rsp[48], data[8192];
	uint32_t cmdsn = 1, statsn = 0, dlen = sizeof(keys);
	int fd, i, csg = 0;
	size_t len;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		goto err;
	for (i = 0; i < 4; i++) {
		memset(pdu, 0, sizeof(pdu));
		pdu[0] = 0x43;			/* immediate Login Request */
		pdu[1] = 0x80 | csg << 2 | 3;	/* T, to full feature */
		pdu[5] = dlen >> 16;
		pdu[6] = dlen >> 8;
		pdu[7] = dlen;
		memcpy(pdu + 8, "\x80\x00\x00\x4e\x4c\x01", 6);	/* ISID */
		put_be32(pdu + 16, 1);		/* ITT */
		put_be32(pdu + 24, cmdsn);
		put_be32(pdu + 28, statsn);
		memcpy(pdu + 48, keys, dlen);
		len = 48 + ((dlen + 3) & ~3u);
		if (send(fd, pdu, len, MSG_NOSIGNAL) != (ssize_t)len ||
		    recv_all(fd, rsp, 48))
			goto err;
		len = rsp[4] * 4 + ((((size_t)rsp[5] << 16 | rsp[6] << 8 |
				      rsp[7]) + 3) & ~3u);
		if ((rsp[0] & 0x3f) != 0x23 || rsp[36] || len > sizeof(data) ||
		    recv_all(fd, data, len))
			goto err;
		statsn = get_be32(rsp + 24) + 1;
		cmdsn = get_be32(rsp + 28);
		if ((rsp[1] & 0x80) && (rsp[1] & 3) == 3)
			return fd;
		if (rsp[1] & 0x80)
			csg = (rsp[1] >> 2) & 3;
		dlen = 0;
	}
err:
	close(fd);
	return -1;
}

/* A target initiators are logged in to is not taken from them unasked. */
TEST_F(nl, active_sessions)
{
	int fd;

	ASSERT_EQ(0, make_portal(self)) TH_LOG("%s", self->r.extack);
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_NEW, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	put_tgroup(M, PORTAL_TAG, 0, ISCSIKT_AUTH_NONE, 0);
	OK_RUN();
	ASSERT_EQ(0, make_extent(self, EXTENT0, PATH0));
	ASSERT_EQ(0, make_lun(self, EXTENT0, 0)) TH_LOG("%s", self->r.extack);
	fd = iscsi_login();
	ASSERT_LE(0, fd) TH_LOG("login to %s failed", TARGET);

	BAD(TARGET_DEL);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	REFUSED(-EBUSY, "target has active sessions (use ISCSIKT_A_FORCE)");
	BAD(EXTENT_DEL);
	nla_put_string(M, ISCSIKT_A_EXTENT_NAME, EXTENT0);
	REFUSED(-EBUSY, "target has active sessions (use ISCSIKT_A_FORCE)");

	/* FORCE takes it, and the session with it */
	reply_reset(&self->r);
	req(self, ISCSIKT_CMD_TARGET_DEL, NLM_F_ACK);
	nla_put_string(M, ISCSIKT_A_TARGET_NAME, TARGET);
	nla_put_flag(M, ISCSIKT_A_FORCE);
	OK_RUN();
	close(fd);
}

TEST_HARNESS_MAIN
