// SPDX-License-Identifier: GPL-2.0
/*
 * The "iscsikt" generic netlink family as any libnl client sees it: it
 * resolves, and the kernel rejects a command it does not implement.
 */
#include <errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/iscsikt.h>

#include "kselftest_harness.h"

FIXTURE(genl)
{
	struct nl_sock *sk;
	int family;
};

FIXTURE_SETUP(genl)
{
	self->sk = nl_socket_alloc();
	ASSERT_NE(NULL, self->sk);
	ASSERT_EQ(0, genl_connect(self->sk));
	self->family = genl_ctrl_resolve(self->sk, ISCSIKT_GENL_NAME);
}

FIXTURE_TEARDOWN(genl)
{
	nl_socket_free(self->sk);
}

TEST_F(genl, family_resolves)
{
	EXPECT_LT(0, self->family);
}

TEST_F(genl, unknown_command_rejected)
{
	struct nl_msg *msg;

	ASSERT_LT(0, self->family);
	msg = nlmsg_alloc();
	ASSERT_NE(NULL, msg);
	ASSERT_NE(NULL, genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ,
				    self->family, 0, NLM_F_ACK, 0xfe,
				    ISCSIKT_GENL_VERSION));
	ASSERT_LE(0, nl_send_auto(self->sk, msg));
	nlmsg_free(msg);
	EXPECT_EQ(-NLE_OPNOTSUPP, nl_wait_for_ack(self->sk));
}

TEST_HARNESS_MAIN
