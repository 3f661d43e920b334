// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Events: a socket of its own subscribed to the family's "events"
 * multicast group, so that they never mix with the replies of the
 * context's requests.  The kernel restricts the group to CAP_NET_ADMIN.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct iscsicfg_events {
	struct iscsicfg_ctx *ctx;	/* for family and error messages */
	struct nl_sock *sk;
	char *buf;			/* the last datagram received */
	size_t cap, len, off;		/* off: the next message in buf */
};

/* What each configuration command's event is about. */
static const struct {
	uint8_t cmd;
	enum iscsicfg_config_op op;
	enum iscsicfg_obj obj;
} config_cmds[] = {
	{ ISCSIKT_CMD_GLOBAL_SET, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_GLOBAL },
	{ ISCSIKT_CMD_PORTAL_NEW, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_PORTAL },
	{ ISCSIKT_CMD_PORTAL_SET, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_PORTAL },
	{ ISCSIKT_CMD_PORTAL_DEL, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_PORTAL },
	{ ISCSIKT_CMD_IGROUP_NEW, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_IGROUP },
	{ ISCSIKT_CMD_IGROUP_SET, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_IGROUP },
	{ ISCSIKT_CMD_IGROUP_DEL, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_IGROUP },
	{ ISCSIKT_CMD_AUTH_NEW, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_AUTH },
	{ ISCSIKT_CMD_AUTH_SET, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_AUTH },
	{ ISCSIKT_CMD_AUTH_DEL, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_AUTH },
	{ ISCSIKT_CMD_TARGET_NEW, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_TARGET },
	{ ISCSIKT_CMD_TARGET_SET, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_TARGET },
	{ ISCSIKT_CMD_TARGET_DEL, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_TARGET },
	{ ISCSIKT_CMD_EXTENT_NEW, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_EXTENT },
	{ ISCSIKT_CMD_EXTENT_SET, ISCSICFG_CONFIG_SET, ISCSICFG_OBJ_EXTENT },
	{ ISCSIKT_CMD_EXTENT_DEL, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_EXTENT },
	{ ISCSIKT_CMD_LUN_NEW, ISCSICFG_CONFIG_ADD, ISCSICFG_OBJ_LUN },
	{ ISCSIKT_CMD_LUN_DEL, ISCSICFG_CONFIG_DEL, ISCSICFG_OBJ_LUN },
};

IC_EXPORT int iscsicfg_events_open(struct iscsicfg_ctx *ctx,
				   struct iscsicfg_events **out)
{
	struct iscsicfg_events *ev;
	int grp, ret;

	*out = NULL;
	if (!ctx->sk)
		return ic_set_err(ctx, -EOPNOTSUPP,
				  "no events in dry-run mode");
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return ic_set_err(ctx, -ENOMEM, "out of memory");
	ev->ctx = ctx;
	ev->sk = nl_socket_alloc();
	if (!ev->sk) {
		ret = ic_set_err(ctx, -ENOMEM, "out of memory");
		goto err;
	}
	ret = genl_connect(ev->sk);
	if (ret) {
		ret = ic_nl_err(ctx, ret, "connecting to generic netlink");
		goto err;
	}
	nl_socket_disable_seq_check(ev->sk);
	grp = genl_ctrl_resolve_grp(ev->sk, ISCSIKT_GENL_NAME,
				    ISCSIKT_MCGRP_EVENTS);
	if (grp < 0) {
		ret = grp == -NLE_OBJ_NOTFOUND ?
		      ic_set_err(ctx, -ENOENT,
				 "the iscsikt family has no \"%s\" group: is the iscsikt module loaded?",
				 ISCSIKT_MCGRP_EVENTS) :
		      ic_nl_err(ctx, grp, "resolving the events group");
		goto err;
	}
	/* By hand rather than through libnl, which loses EPERM's errno. */
	if (setsockopt(nl_socket_get_fd(ev->sk), SOL_NETLINK,
		       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp))) {
		ret = -errno;
		ic_set_err(ctx, ret, "subscribing to iscsikt events: %s%s",
			   strerror(errno),
			   errno == EPERM ? " (CAP_NET_ADMIN is required)" : "");
		goto err;
	}
	/* Room for bursts: a forced target delete ends many sessions. */
	nl_socket_set_buffer_size(ev->sk, 1 << 20, 0);
	ctx->err[0] = '\0';
	*out = ev;
	return 0;
err:
	iscsicfg_events_close(ev);
	return ret;
}

IC_EXPORT void iscsicfg_events_close(struct iscsicfg_events *ev)
{
	if (!ev)
		return;
	nl_socket_free(ev->sk);
	free(ev->buf);
	free(ev);
}

IC_EXPORT int iscsicfg_events_fd(const struct iscsicfg_events *ev)
{
	return nl_socket_get_fd(ev->sk);
}

IC_EXPORT void iscsicfg_event_free(struct iscsicfg_event *e)
{
	if (!e)
		return;
	iscsicfg_session_free(&e->session);
	memset(e, 0, sizeof(*e));
}

/* The string attribute @a into @buf; -EPROTO unless NUL-terminated. */
static int get_str(const struct nlattr *a, char *buf, size_t len)
{
	const char *s = nla_data(a);
	int n = nla_len(a);

	if (n < 1 || s[n - 1] || strlen(s) >= len)
		return -EPROTO;
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static int get_uint(const struct nlattr *a, int size, uint64_t *v)
{
	if (nla_len(a) < size)
		return -EPROTO;
	switch (size) {
	case 1:
		*v = nla_get_u8(a);
		break;
	case 2:
		*v = nla_get_u16(a);
		break;
	case 4:
		*v = nla_get_u32(a);
		break;
	default:
		*v = nla_get_u64(a);
	}
	return 0;
}

/* The key of a configuration event, as iscsicfg_config_step.key says it. */
static int decode_config(struct iscsicfg_event *e, struct nlattr *attrs,
			 int len)
{
	char name[ISCSICFG_NAME_MAX] = "";
	int key_type, size = 0, rem, ret;
	uint64_t id = 0, lun = 0;
	bool have_id = false;
	struct nlattr *a;

	switch (e->obj) {
	case ISCSICFG_OBJ_PORTAL:
		key_type = ISCSIKT_A_PORTAL_TAG;
		size = 2;
		break;
	case ISCSICFG_OBJ_IGROUP:
		key_type = ISCSIKT_A_IGROUP_ID;
		size = 4;
		break;
	case ISCSICFG_OBJ_AUTH:
		key_type = ISCSIKT_A_AUTH_ID;
		size = 4;
		break;
	case ISCSICFG_OBJ_EXTENT:
		key_type = ISCSIKT_A_EXTENT_NAME;
		break;
	case ISCSICFG_OBJ_TARGET:
	case ISCSICFG_OBJ_LUN:
		key_type = ISCSIKT_A_TARGET_NAME;
		break;
	default:
		snprintf(e->key, sizeof(e->key), "settings");
		return 0;
	}
	nla_for_each_attr(a, attrs, len, rem) {
		ret = 0;
		if (nla_type(a) == key_type && size)
			ret = get_uint(a, size, &id);
		else if (nla_type(a) == key_type)
			ret = get_str(a, name, sizeof(name));
		else if (nla_type(a) == ISCSIKT_A_LUN_ID &&
			 e->obj == ISCSICFG_OBJ_LUN)
			ret = get_uint(a, 8, &lun);
		else
			continue;
		if (ret)
			return ret;
		have_id |= nla_type(a) == key_type;
	}
	if (!have_id)
		return -EPROTO;
	if (size)
		snprintf(e->key, sizeof(e->key), "%llu",
			 (unsigned long long)id);
	else if (e->obj == ISCSICFG_OBJ_LUN)
		snprintf(e->key, sizeof(e->key), "%s/%llu", name,
			 (unsigned long long)lun);
	else
		snprintf(e->key, sizeof(e->key), "%s", name);
	return 0;
}

static int decode_threshold(struct iscsicfg_threshold *t, struct nlattr *attrs,
			    int len)
{
	struct nlattr *a;
	uint64_t v = 0;
	int rem, ret = 0;

	nla_for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case ISCSIKT_A_EXTENT_NAME:
			ret = get_str(a, t->extent, sizeof(t->extent));
			break;
		case ISCSIKT_A_THRESHOLD_SCOPE:
			ret = get_uint(a, 1, &v);
			t->scope = v;
			break;
		case ISCSIKT_A_THRESHOLD_PERCENT:
			ret = get_uint(a, 1, &v);
			t->percent = v;
			break;
		case ISCSIKT_A_THRESHOLD_AVAIL:
			ret = get_uint(a, 8, &t->avail);
			break;
		case ISCSIKT_A_THRESHOLD_REACHED:
			ret = get_uint(a, 1, &v);
			t->reached = v;
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

int ic_decode_event(int family, struct nlmsghdr *nlh,
		    struct iscsicfg_event *e)
{
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *attrs;
	int len, ret;
	size_t i;

	if (nlh->nlmsg_type != family || !genlmsg_valid_hdr(nlh, 0))
		return 0;
	attrs = genlmsg_attrdata(gh, 0);
	len = genlmsg_attrlen(gh, 0);
	memset(e, 0, sizeof(*e));
	switch (gh->cmd) {
	case ISCSIKT_CMD_SESSION_LOGIN:
	case ISCSIKT_CMD_SESSION_LOGOUT:
		e->type = gh->cmd == ISCSIKT_CMD_SESSION_LOGIN ?
			  ISCSICFG_EVENT_LOGIN : ISCSICFG_EVENT_LOGOUT;
		ret = ic_decode_session(attrs, len, &e->session);
		break;
	case ISCSIKT_CMD_THRESHOLD:
		e->type = ISCSICFG_EVENT_THRESHOLD;
		ret = decode_threshold(&e->threshold, attrs, len);
		break;
	default:
		for (i = 0; i < sizeof(config_cmds) / sizeof(config_cmds[0]); i++)
			if (config_cmds[i].cmd == gh->cmd)
				break;
		if (i == sizeof(config_cmds) / sizeof(config_cmds[0]))
			return 0;
		e->type = ISCSICFG_EVENT_CONFIG;
		e->op = config_cmds[i].op;
		e->obj = config_cmds[i].obj;
		ret = decode_config(e, attrs, len);
	}
	if (ret) {
		iscsicfg_event_free(e);
		return ret;
	}
	return 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Wait (until @deadline, < 0: forever) and receive one datagram. */
static int receive(struct iscsicfg_events *ev, long long deadline)
{
	struct pollfd pfd = { .fd = iscsicfg_events_fd(ev), .events = POLLIN };
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	long long left;
	ssize_t n;
	char *buf;

	left = deadline < 0 ? -1 : deadline - now_ms();
	if (deadline >= 0 && left < 0)
		left = 0;
	n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
	if (n < 0)
		return ic_set_err(ev->ctx, -errno, "waiting for events: %s",
				  strerror(errno));
	if (n == 0)
		return ic_set_err(ev->ctx, -ETIMEDOUT, "no event in time");
	/* The datagram's size first: a large object makes a large event. */
	n = recv(pfd.fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
	if (n > 0 && (size_t)n > ev->cap) {
		buf = realloc(ev->buf, (size_t)n);
		if (!buf)
			return ic_set_err(ev->ctx, -ENOMEM, "out of memory");
		ev->buf = buf;
		ev->cap = (size_t)n;
	}
	if (n >= 0)
		n = recvfrom(pfd.fd, ev->buf, ev->cap, MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fromlen);
	if (n < 0 && errno == ENOBUFS)
		return ic_set_err(ev->ctx, -ENOBUFS,
				  "events were lost: the receive buffer overflowed");
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n < 0)
		return ic_set_err(ev->ctx, -errno, "receiving events: %s",
				  strerror(errno));
	/* Only the kernel speaks on the group. */
	ev->len = from.nl_pid ? 0 : (size_t)n;
	ev->off = 0;
	return 0;
}

IC_EXPORT int iscsicfg_events_next(struct iscsicfg_events *ev,
				   struct iscsicfg_event *e, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	struct nlmsghdr *nlh;
	int left, ret;

	for (;;) {
		while (ev->off < ev->len) {
			nlh = (struct nlmsghdr *)(ev->buf + ev->off);
			left = (int)(ev->len - ev->off);
			if (!nlmsg_ok(nlh, left)) {
				ev->len = 0;
				break;
			}
			ev->off += NLMSG_ALIGN(nlh->nlmsg_len);
			ret = ic_decode_event(ev->ctx->family, nlh, e);
			if (ret > 0)
				return 0;
			if (ret)
				return ic_set_err(ev->ctx, ret,
						  ret == -ENOMEM ? "out of memory" :
						  "malformed event from the kernel");
		}
		ret = receive(ev, deadline);
		if (ret)
			return ret;
	}
}
