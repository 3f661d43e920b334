// SPDX-License-Identifier: GPL-2.0
/*
 * The "iscsikt" generic netlink family: policies and request handlers.
 *
 * Every handler validates the whole request first (attribute policy, then
 * the rules below, then references to other objects under the
 * configuration lock) and only then changes anything, so a refused request
 * leaves the configuration as it was.  Secrets are accepted, never sent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_helpers.h>
#include <linux/version.h>
#include <net/genetlink.h>

#include "config.h"
#include "iscsikt.h"
#include "listener.h"
#include "pr.h"

static struct genl_family ikt_family;

/* ------------------------------------------------------------------ */
/* Policies                                                           */
/* ------------------------------------------------------------------ */

static int ikt_validate_addr(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == 4 || nla_len(attr) == 16)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "address must be 4 (IPv4) or 16 (IPv6) bytes");
	return -EINVAL;
}

static const struct nla_policy ikt_listen_policy[ISCSIKT_A_LISTEN_MAX + 1] = {
	[ISCSIKT_A_LISTEN_ADDR] =
		NLA_POLICY_VALIDATE_FN(NLA_BINARY, ikt_validate_addr, 16),
	[ISCSIKT_A_LISTEN_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

static const struct nla_policy ikt_tgroup_policy[ISCSIKT_A_TGROUP_MAX + 1] = {
	[ISCSIKT_A_TGROUP_PORTAL_TAG] = NLA_POLICY_MIN(NLA_U16, 1),
	[ISCSIKT_A_TGROUP_IGROUP_ID] = { .type = NLA_U32 },
	[ISCSIKT_A_TGROUP_AUTH_METHOD] =
		NLA_POLICY_MAX(NLA_U8, ISCSIKT_AUTH_CHAP_MUTUAL),
	[ISCSIKT_A_TGROUP_AUTH_TAG] = { .type = NLA_U32 },
};

static const struct nla_policy ikt_net_policy[ISCSIKT_A_NET_MAX + 1] = {
	[ISCSIKT_A_NET_ADDR] =
		NLA_POLICY_VALIDATE_FN(NLA_BINARY, ikt_validate_addr, 16),
	[ISCSIKT_A_NET_PREFIX] = NLA_POLICY_MAX(NLA_U8, 128),
};

#define IKT_STR(maxlen)	{ .type = NLA_NUL_STRING, .len = (maxlen) - 1 }
#define IKT_BOOL	NLA_POLICY_MAX(NLA_U8, 1)

/* Reply-only attributes (STATUS, SESSION) are left out: requests carrying
 * them are refused by strict validation.
 */
static const struct nla_policy ikt_policy[ISCSIKT_A_MAX + 1] = {
	[ISCSIKT_A_FORCE] = { .type = NLA_FLAG },
	[ISCSIKT_A_DELETE_EXTENTS] = { .type = NLA_FLAG },
	[ISCSIKT_A_DELETE_FILES] = { .type = NLA_FLAG },

	[ISCSIKT_A_GLOBAL_BASENAME] = IKT_STR(ISCSIKT_NAME_MAX),
	[ISCSIKT_A_GLOBAL_ISNS_SERVER] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_GLOBAL_POOL_THRESHOLD] = NLA_POLICY_MAX(NLA_U8, 100),
	[ISCSIKT_A_GLOBAL_ALUA] = IKT_BOOL,
	[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH] =
		NLA_POLICY_MAX(NLA_U8, ISCSIKT_AUTH_CHAP_MUTUAL),
	[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG] = { .type = NLA_U32 },

	[ISCSIKT_A_PORTAL_TAG] = NLA_POLICY_MIN(NLA_U16, 1),
	[ISCSIKT_A_PORTAL_COMMENT] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_PORTAL_LISTEN] = NLA_POLICY_NESTED(ikt_listen_policy),

	[ISCSIKT_A_IGROUP_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ISCSIKT_A_IGROUP_COMMENT] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_IGROUP_INITIATOR] = IKT_STR(ISCSIKT_NAME_MAX),

	[ISCSIKT_A_AUTH_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ISCSIKT_A_AUTH_TAG] = NLA_POLICY_MIN(NLA_U32, 1),
	[ISCSIKT_A_AUTH_USER] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_AUTH_SECRET] = NLA_POLICY_RANGE(NLA_BINARY,
						   ISCSIKT_CHAP_SECRET_MIN,
						   ISCSIKT_CHAP_SECRET_MAX),
	[ISCSIKT_A_AUTH_PEER_USER] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_AUTH_PEER_SECRET] = NLA_POLICY_RANGE(NLA_BINARY,
							ISCSIKT_CHAP_SECRET_MIN,
							ISCSIKT_CHAP_SECRET_MAX),

	[ISCSIKT_A_TARGET_NAME] = IKT_STR(ISCSIKT_NAME_MAX),
	[ISCSIKT_A_TARGET_ALIAS] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_TARGET_GROUP] = NLA_POLICY_NESTED(ikt_tgroup_policy),
	[ISCSIKT_A_TARGET_NETWORK] = NLA_POLICY_NESTED(ikt_net_policy),
	[ISCSIKT_A_TARGET_MODE] =
		NLA_POLICY_MAX(NLA_U8, ISCSIKT_TARGET_MODE_BOTH),

	[ISCSIKT_A_EXTENT_NAME] = IKT_STR(ISCSIKT_SHORT_NAME_MAX),
	[ISCSIKT_A_EXTENT_TYPE] = NLA_POLICY_MAX(NLA_U8, ISCSIKT_EXTENT_DEVICE),
	[ISCSIKT_A_EXTENT_PATH] = IKT_STR(PATH_MAX),
	[ISCSIKT_A_EXTENT_SIZE] = { .type = NLA_U64 },
	[ISCSIKT_A_EXTENT_BLOCK_SIZE] = NLA_POLICY_RANGE(NLA_U32, 512, 4096),
	[ISCSIKT_A_EXTENT_NO_PBS] = IKT_BOOL,
	[ISCSIKT_A_EXTENT_READ_ONLY] = IKT_BOOL,
	[ISCSIKT_A_EXTENT_XEN] = IKT_BOOL,
	[ISCSIKT_A_EXTENT_RPM] = NLA_POLICY_MAX(NLA_U8, ISCSIKT_RPM_15000),
	[ISCSIKT_A_EXTENT_TPC] = IKT_BOOL,
	[ISCSIKT_A_EXTENT_SERIAL] = IKT_STR(IKT_SERIAL_MAX + 1),
	[ISCSIKT_A_EXTENT_NAA] = { .type = NLA_U64 },
	[ISCSIKT_A_EXTENT_THRESHOLD] = NLA_POLICY_MAX(NLA_U8, 100),
	[ISCSIKT_A_EXTENT_COMMENT] = IKT_STR(IKT_COMMENT_MAX),
	[ISCSIKT_A_EXTENT_ENABLED] = IKT_BOOL,
	[ISCSIKT_A_EXTENT_DIRECT_IO] = IKT_BOOL,

	[ISCSIKT_A_LUN_ID] = NLA_POLICY_MAX(NLA_U64, ISCSIKT_MAX_LUN),
};

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* Repeated top-level attributes: attrs[] only keeps the last one. */
#define ikt_for_each_top(pos, info, rem)				\
	nla_for_each_attr(pos, nlmsg_attrdata((info)->nlhdr, GENL_HDRLEN),\
			  nlmsg_attrlen((info)->nlhdr, GENL_HDRLEN), rem)

static int ikt_count_top(struct genl_info *info, int type)
{
	const struct nlattr *a;
	int rem, n = 0;

	ikt_for_each_top(a, info, rem)
		n += nla_type(a) == type;
	return n;
}

static bool ikt_flag(struct genl_info *info, int type)
{
	return nla_get_flag(info->attrs[type]);
}

static int ikt_require(struct genl_info *info, int type)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	return 0;
}

/*
 * RFC 7143 section 4.2.7: "iqn." yyyy-mm "." reversed domain [":" any],
 * "eui." 16 hex digits, or "naa." 16 or 32 hex digits.  Names are
 * case-insensitive (RFC 3722 maps them to lowercase); the characters are
 * limited to the ASCII subset every initiator accepts.
 */
static bool ikt_hex_string(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isxdigit(s[i]))
			return false;
	return true;
}

static bool ikt_iscsi_name_valid(const char *s)
{
	size_t len = strlen(s), i;
	int month;

	if (len >= ISCSIKT_NAME_MAX)
		return false;
	if (!strncasecmp(s, "eui.", 4))
		return len == 20 && ikt_hex_string(s + 4, 16);
	if (!strncasecmp(s, "naa.", 4))
		return (len == 20 || len == 36) && ikt_hex_string(s + 4, len - 4);
	if (strncasecmp(s, "iqn.", 4) || len < 13)
		return false;
	/* yyyy-mm. */
	for (i = 4; i < 11; i++)
		if (i == 8 ? s[i] != '-' : !isdigit(s[i]))
			return false;
	month = (s[9] - '0') * 10 + (s[10] - '0');
	if (s[11] != '.' || month < 1 || month > 12)
		return false;
	if (!isalnum(s[12]))
		return false;
	for (i = 12; i < len; i++)
		if (!isalnum(s[i]) && !strchr("-.:", s[i]))
			return false;
	return true;
}

static bool ikt_printable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static void ikt_addr_to_ss(const struct nlattr *a, u16 port,
			   struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (nla_len(a) == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		nla_memcpy(&sin->sin_addr, a, 4);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		nla_memcpy(&sin6->sin6_addr, a, 16);
	}
}

static bool ikt_ss_equal(const struct sockaddr_storage *a,
			 const struct sockaddr_storage *b)
{
	size_t len = a->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					       sizeof(struct sockaddr_in6);

	return a->ss_family == b->ss_family && !memcmp(a, b, len);
}

static int ikt_put_ss(struct sk_buff *skb, int addr_type, int port_type,
		      const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		return nla_put(skb, addr_type, 4, &sin->sin_addr) ?:
		       nla_put_u16(skb, port_type, ntohs(sin->sin_port));
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		return nla_put(skb, addr_type, 16, &sin6->sin6_addr) ?:
		       nla_put_u16(skb, port_type, ntohs(sin6->sin6_port));
	}
}

static int ikt_put_str(struct sk_buff *skb, int type, const char *s)
{
	return s ? nla_put_string(skb, type, s) : 0;
}

/* Replace *@dst with a copy of a string attribute ("" clears it). */
static int ikt_dup_str(char **dst, const struct nlattr *a)
{
	char *s = NULL;

	if (!a)
		return 0;
	if (nla_len(a) > 1) {
		s = nla_strdup(a, GFP_KERNEL);
		if (!s)
			return -ENOMEM;
	}
	kfree(*dst);
	*dst = s;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Replies, dumps and events                                          */
/* ------------------------------------------------------------------ */

typedef int (*ikt_fill_t)(struct sk_buff *skb, void *obj);

/* One message holding @obj, grown until it fits. */
static struct sk_buff *ikt_build(ikt_fill_t fill, void *obj, u8 cmd,
				 u32 portid, u32 seq)
{
	size_t size = NLMSG_GOODSIZE;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	for (;;) {
		msg = genlmsg_new(size, GFP_KERNEL);
		if (!msg)
			return ERR_PTR(-ENOMEM);
		hdr = genlmsg_put(msg, portid, seq, &ikt_family, 0, cmd);
		ret = hdr ? fill(msg, obj) : -EMSGSIZE;
		if (!ret) {
			genlmsg_end(msg, hdr);
			return msg;
		}
		nlmsg_free(msg);
		if (ret != -EMSGSIZE || size >= SZ_256K)
			return ERR_PTR(ret);
		size *= 4;
	}
}

static int ikt_reply(struct genl_info *info, ikt_fill_t fill, void *obj)
{
	struct sk_buff *msg;

	msg = ikt_build(fill, obj, info->genlhdr->cmd, info->snd_portid,
			info->snd_seq);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

/*
 * Events go out while ikt_events_live, which ikt_nl_events_stop() clears
 * before the family is unregistered: senders outside requests (sessions
 * ending, work items) may race with module unload.
 */
static DECLARE_RWSEM(ikt_events_sem);
static bool ikt_events_live;

/*
 * Events tell CAP_NET_ADMIN listeners what changed.  Kernels that cannot
 * restrict a multicast group to CAP_NET_ADMIN (before 6.7) would hand the
 * configuration to anyone, so there the group stays silent.  Sleeps.
 */
static void ikt_event(ikt_fill_t fill, void *obj, u8 cmd)
{
#ifdef GENL_MCAST_CAP_NET_ADMIN
	struct sk_buff *msg;

	down_read(&ikt_events_sem);
	if (ikt_events_live && genl_has_listeners(&ikt_family, &init_net, 0)) {
		msg = ikt_build(fill, obj, cmd, 0, 0);
		if (!IS_ERR(msg))
			genlmsg_multicast(&ikt_family, msg, 0, 0, GFP_KERNEL);
	}
	up_read(&ikt_events_sem);
#endif
}

/* A request changed @obj: the event is the request's command. */
static void ikt_notify(struct genl_info *info, ikt_fill_t fill, void *obj)
{
	ikt_event(fill, obj, info->genlhdr->cmd);
}

void ikt_nl_session_event(struct ikt_session *s, u8 cmd)
{
	ikt_event(ikt_session_fill, s, cmd);
}

struct ikt_threshold_event {
	const char *extent;
	u8 scope;			/* enum iscsikt_threshold_scope */
	u8 percent;
	u64 avail;
	bool reached;
};

static int ikt_fill_threshold(struct sk_buff *skb, void *obj)
{
	const struct ikt_threshold_event *ev = obj;

	return nla_put_string(skb, ISCSIKT_A_EXTENT_NAME, ev->extent) ?:
	       nla_put_u8(skb, ISCSIKT_A_THRESHOLD_SCOPE, ev->scope) ?:
	       nla_put_u8(skb, ISCSIKT_A_THRESHOLD_PERCENT, ev->percent) ?:
	       nla_put_u64_64bit(skb, ISCSIKT_A_THRESHOLD_AVAIL, ev->avail,
				 ISCSIKT_A_PAD) ?:
	       nla_put_u8(skb, ISCSIKT_A_THRESHOLD_REACHED, ev->reached);
}

void ikt_nl_threshold_event(const char *extent, u8 scope, u8 percent,
			    u64 avail, bool reached)
{
	struct ikt_threshold_event ev = {
		.extent = extent,
		.scope = scope,
		.percent = percent,
		.avail = avail,
		.reached = reached,
	};

	ikt_event(ikt_fill_threshold, &ev, ISCSIKT_CMD_THRESHOLD);
}

void ikt_nl_events_stop(void)
{
	down_write(&ikt_events_sem);
	ikt_events_live = false;
	up_write(&ikt_events_sem);
}

static const struct nlattr *const *ikt_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	return (const struct nlattr *const *)genl_info_dump(cb)->attrs;
#else
	return (const struct nlattr *const *)genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Dump the objects of @xa that @match accepts (NULL: all), resuming at
 * the index saved in cb->args[0].
 */
static int ikt_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		       struct xarray *xa, ikt_fill_t fill,
		       bool (*match)(void *obj, struct netlink_callback *cb))
{
	unsigned long index = cb->args[0];
	void *obj, *hdr;
	int ret = 0;

	ikt_config_lock();
	xa_for_each_start(xa, index, obj, cb->args[0]) {
		if (match && !match(obj, cb))
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ikt_family, NLM_F_MULTI,
				  ((struct genlmsghdr *)nlmsg_data(cb->nlh))->cmd);
		if (!hdr) {
			ret = -EMSGSIZE;
			break;
		}
		ret = fill(skb, obj);
		if (ret) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	ikt_config_unlock();
	if (ret == -EMSGSIZE && skb->len) {
		cb->args[0] = index;
		return skb->len;
	}
	if (ret)
		return ret;
	cb->args[0] = ULONG_MAX;
	return 0;
}

/* ------------------------------------------------------------------ */
/* STATUS, GLOBAL                                                     */
/* ------------------------------------------------------------------ */

static int ikt_fill_status(struct sk_buff *skb, void *unused)
{
	struct ikt_target *t;
	unsigned long id;
	u32 sessions = 0;

	xa_for_each(&ikt_cfg.targets, id, t)
		sessions += atomic_read(&t->nr_sessions);
	return nla_put_string(skb, ISCSIKT_A_STATUS_VERSION, ISCSIKT_VERSION) ?:
	       nla_put_u32(skb, ISCSIKT_A_STATUS_SESSIONS, sessions) ?:
	       nla_put_u32(skb, ISCSIKT_A_STATUS_CONNECTIONS,
			   atomic_read(&ikt_cfg.nr_connections));
}

static int ikt_status_get(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ikt_config_lock();
	ret = ikt_reply(info, ikt_fill_status, NULL);
	ikt_config_unlock();
	return ret;
}

static int ikt_fill_global(struct sk_buff *skb, void *obj)
{
	const struct ikt_global *g = obj;
	int i, ret;

	ret = nla_put_string(skb, ISCSIKT_A_GLOBAL_BASENAME, g->basename) ?:
	      nla_put_u8(skb, ISCSIKT_A_GLOBAL_POOL_THRESHOLD,
			 g->pool_threshold) ?:
	      nla_put_u8(skb, ISCSIKT_A_GLOBAL_ALUA, g->alua) ?:
	      nla_put_u8(skb, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH,
			 g->discovery_auth) ?:
	      nla_put_u32(skb, ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG,
			  g->discovery_auth_tag);
	for (i = 0; !ret && i < g->n_isns; i++)
		ret = nla_put_string(skb, ISCSIKT_A_GLOBAL_ISNS_SERVER,
				     g->isns[i]);
	return ret;
}

static int ikt_global_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ikt_config_lock();
	ret = ikt_reply(info, ikt_fill_global, &ikt_cfg.global);
	ikt_config_unlock();
	return ret;
}

/*
 * An auth method other than NONE needs an existing auth tag; a tag given
 * with NONE must exist too, so that a later switch to CHAP is valid.
 */
static int ikt_check_auth(u8 method, u32 tag, const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	/* Without CHAP the tag is not used, so it need not exist. */
	if (method == ISCSIKT_AUTH_NONE)
		return 0;
	if (!tag) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "CHAP authentication requires an auth tag");
		return -EINVAL;
	}
	if (!ikt_auth_tag_exists(tag)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "auth tag does not exist");
		return -ENOENT;
	}
	return 0;
}

static int ikt_global_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_global *g = &ikt_cfg.global;
	struct nlattr **tb = info->attrs;
	char *isns[IKT_ISNS_MAX] = {};
	int n_isns = -1, i, rem, ret;
	bool alua, alua_changed = false;
	const struct nlattr *a;
	struct ikt_extent *e;
	unsigned long id;
	u8 method;
	u32 tag;

	/* "" clears it, as the module starts: the tools' default applies. */
	if (tb[ISCSIKT_A_GLOBAL_BASENAME] &&
	    nla_len(tb[ISCSIKT_A_GLOBAL_BASENAME]) > 1 &&
	    !ikt_iscsi_name_valid(nla_data(tb[ISCSIKT_A_GLOBAL_BASENAME]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_GLOBAL_BASENAME],
				    "base name must be an iqn./eui./naa. iSCSI name or empty");
		return -EINVAL;
	}
	if (ikt_count_top(info, ISCSIKT_A_GLOBAL_ISNS_SERVER) > IKT_ISNS_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[ISCSIKT_A_GLOBAL_ISNS_SERVER],
				    "too many iSNS servers");
		return -E2BIG;
	}
	/* Any ISNS_SERVER replaces the list; a single "" clears it. */
	if (tb[ISCSIKT_A_GLOBAL_ISNS_SERVER]) {
		n_isns = 0;
		ikt_for_each_top(a, info, rem) {
			if (nla_type(a) != ISCSIKT_A_GLOBAL_ISNS_SERVER ||
			    nla_len(a) <= 1)
				continue;
			if (!ikt_printable(nla_data(a))) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "iSNS server must be printable host[:port]");
				ret = -EINVAL;
				goto out_free;
			}
			isns[n_isns] = nla_strdup(a, GFP_KERNEL);
			if (!isns[n_isns++]) {
				ret = -ENOMEM;
				goto out_free;
			}
		}
	}

	ikt_config_lock();
	method = tb[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH] ?
		 nla_get_u8(tb[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH]) :
		 g->discovery_auth;
	tag = tb[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG] ?
	      nla_get_u32(tb[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG]) :
	      g->discovery_auth_tag;
	ret = ikt_check_auth(method, tag,
			     tb[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH_TAG] ?:
			     tb[ISCSIKT_A_GLOBAL_DISCOVERY_AUTH], info->extack);
	if (ret) {
		ikt_config_unlock();
		goto out_free;
	}
	if (tb[ISCSIKT_A_GLOBAL_BASENAME])
		nla_strscpy(g->basename, tb[ISCSIKT_A_GLOBAL_BASENAME],
			    sizeof(g->basename));
	if (n_isns >= 0) {
		for (i = 0; i < g->n_isns; i++)
			kfree(g->isns[i]);
		memcpy(g->isns, isns, sizeof(isns));
		g->n_isns = n_isns;
		n_isns = 0;
	}
	if (tb[ISCSIKT_A_GLOBAL_POOL_THRESHOLD]) {
		WRITE_ONCE(g->pool_threshold,
			   nla_get_u8(tb[ISCSIKT_A_GLOBAL_POOL_THRESHOLD]));
		xa_for_each(&ikt_cfg.extents, id, e)
			ikt_thin_threshold_changed(e);
	}
	if (tb[ISCSIKT_A_GLOBAL_ALUA]) {
		alua = nla_get_u8(tb[ISCSIKT_A_GLOBAL_ALUA]);
		alua_changed = alua != g->alua;
		WRITE_ONCE(g->alua, alua);
	}
	g->discovery_auth = method;
	g->discovery_auth_tag = tag;
	ikt_notify(info, ikt_fill_global, g);
	ikt_config_unlock();
	/* TPGS changed in the standard INQUIRY data */
	if (alua_changed)
		ikt_sessions_inquiry_changed();
out_free:
	for (i = 0; i < n_isns; i++)
		kfree(isns[i]);
	return ret;
}

/* ------------------------------------------------------------------ */
/* PORTAL                                                             */
/* ------------------------------------------------------------------ */

static int ikt_fill_portal(struct sk_buff *skb, void *obj)
{
	const struct ikt_portal *p = obj;
	struct nlattr *nest;
	int i, ret;

	ret = nla_put_u16(skb, ISCSIKT_A_PORTAL_TAG, p->tag) ?:
	      ikt_put_str(skb, ISCSIKT_A_PORTAL_COMMENT, p->comment);
	for (i = 0; !ret && i < p->n_listen; i++) {
		nest = nla_nest_start(skb, ISCSIKT_A_PORTAL_LISTEN);
		if (!nest)
			return -EMSGSIZE;
		ret = ikt_put_ss(skb, ISCSIKT_A_LISTEN_ADDR,
				 ISCSIKT_A_LISTEN_PORT, &p->listen[i].addr);
		nla_nest_end(skb, nest);
	}
	return ret;
}

/* Parse every LISTEN entry of the request; *@out is kcalloc'ed. */
static int ikt_parse_listen(struct genl_info *info, struct ikt_listen **out,
			    int *n_out)
{
	struct nlattr *tb[ISCSIKT_A_LISTEN_MAX + 1];
	int n = ikt_count_top(info, ISCSIKT_A_PORTAL_LISTEN);
	struct ikt_listen *l;
	const struct nlattr *a;
	int i = 0, j, rem, ret;

	if (n > IKT_LISTEN_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_PORTAL_LISTEN],
				    "too many listen entries");
		return -E2BIG;
	}
	l = kcalloc(n, sizeof(*l), GFP_KERNEL);
	if (!l && n)
		return -ENOMEM;
	ikt_for_each_top(a, info, rem) {
		if (nla_type(a) != ISCSIKT_A_PORTAL_LISTEN)
			continue;
		ret = nla_parse_nested(tb, ISCSIKT_A_LISTEN_MAX, a,
				       ikt_listen_policy, info->extack);
		if (ret)
			goto err;
		if (!tb[ISCSIKT_A_LISTEN_ADDR]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "listen entry needs ISCSIKT_A_LISTEN_ADDR");
			ret = -EINVAL;
			goto err;
		}
		ikt_addr_to_ss(tb[ISCSIKT_A_LISTEN_ADDR],
			       tb[ISCSIKT_A_LISTEN_PORT] ?
			       nla_get_u16(tb[ISCSIKT_A_LISTEN_PORT]) :
			       ISCSIKT_DEFAULT_PORT, &l[i].addr);
		for (j = 0; j < i; j++) {
			if (ikt_ss_equal(&l[j].addr, &l[i].addr)) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "duplicate listen entry");
				ret = -EINVAL;
				goto err;
			}
		}
		i++;
	}
	*out = l;
	*n_out = n;
	return 0;
err:
	kfree(l);
	return ret;
}

/*
 * Give @nl (n entries) its listeners: the ones @old already has for the
 * same address are reused (marked NULL in @old), the others created.
 * On failure nothing changes.
 */
static int ikt_listen_start(struct ikt_listen *nl, int n, struct ikt_listen *old,
			    int n_old, u16 tag, struct genl_info *info)
{
	int i, j, ret;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n_old; j++)
			if (old[j].listener &&
			    ikt_ss_equal(&old[j].addr, &nl[i].addr))
				break;
		if (j < n_old)
			continue;
		ret = ikt_listener_create(&nl[i].addr, tag, &nl[i].listener);
		if (ret) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ISCSIKT_A_PORTAL_LISTEN],
					    "cannot listen on an address (in use or not local)");
			goto err;
		}
	}
	for (i = 0; i < n; i++) {
		for (j = 0; !nl[i].listener && j < n_old; j++) {
			if (old[j].listener &&
			    ikt_ss_equal(&old[j].addr, &nl[i].addr)) {
				nl[i].listener = old[j].listener;
				old[j].listener = NULL;
			}
		}
	}
	return 0;
err:
	while (i--) {
		if (nl[i].listener)
			ikt_listener_destroy(nl[i].listener);
		nl[i].listener = NULL;
	}
	return ret;
}

static int ikt_portal_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_portal *p;
	u32 tag;
	int ret;

	if (!tb[ISCSIKT_A_PORTAL_LISTEN]) {
		NL_SET_ERR_MSG(info->extack,
			       "a portal needs at least one ISCSIKT_A_PORTAL_LISTEN");
		return -EINVAL;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	ret = ikt_dup_str(&p->comment, tb[ISCSIKT_A_PORTAL_COMMENT]) ?:
	      ikt_parse_listen(info, &p->listen, &p->n_listen);
	if (ret)
		goto err_free;

	ikt_config_lock();
	if (tb[ISCSIKT_A_PORTAL_TAG]) {
		tag = nla_get_u16(tb[ISCSIKT_A_PORTAL_TAG]);
		ret = xa_insert(&ikt_cfg.portals, tag, p, GFP_KERNEL);
		if (ret == -EBUSY) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_PORTAL_TAG],
					    "portal tag already exists");
			ret = -EEXIST;
		}
	} else {
		ret = xa_alloc(&ikt_cfg.portals, &tag, p, XA_LIMIT(1, U16_MAX),
			       GFP_KERNEL);
		if (ret == -EBUSY)
			ret = -ENOSPC;
	}
	if (ret)
		goto err_unlock;
	p->tag = tag;
	ret = ikt_listen_start(p->listen, p->n_listen, NULL, 0, tag, info);
	if (ret) {
		xa_erase(&ikt_cfg.portals, tag);
		goto err_unlock;
	}
	ikt_notify(info, ikt_fill_portal, p);
	/* The portal exists: a lost reply does not undo it. */
	ikt_reply(info, ikt_fill_portal, p);
	ikt_config_unlock();
	return 0;
err_unlock:
	ikt_config_unlock();
err_free:
	ikt_portal_free(p);
	return ret;
}

static struct ikt_portal *ikt_portal_key(struct genl_info *info)
{
	struct ikt_portal *p;

	if (ikt_require(info, ISCSIKT_A_PORTAL_TAG))
		return ERR_PTR(-EINVAL);
	p = ikt_portal_find(nla_get_u16(info->attrs[ISCSIKT_A_PORTAL_TAG]));
	if (!p) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_PORTAL_TAG],
				    "no such portal");
		return ERR_PTR(-ENOENT);
	}
	return p;
}

static int ikt_portal_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_listen *nl = NULL;
	struct ikt_portal *p;
	char *comment = NULL;
	int n = 0, i, ret;

	if (tb[ISCSIKT_A_PORTAL_LISTEN]) {
		ret = ikt_parse_listen(info, &nl, &n);
		if (ret)
			return ret;
	}
	ret = ikt_dup_str(&comment, tb[ISCSIKT_A_PORTAL_COMMENT]);
	if (ret)
		goto out_free;

	ikt_config_lock();
	p = ikt_portal_key(info);
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto out_unlock;
	}
	if (nl) {
		ret = ikt_listen_start(nl, n, p->listen, p->n_listen, p->tag,
				       info);
		if (ret)
			goto out_unlock;
		for (i = 0; i < p->n_listen; i++)
			if (p->listen[i].listener)
				ikt_listener_destroy(p->listen[i].listener);
		swap(p->listen, nl);
		p->n_listen = n;
	}
	if (tb[ISCSIKT_A_PORTAL_COMMENT])
		swap(p->comment, comment);
	ikt_notify(info, ikt_fill_portal, p);
out_unlock:
	ikt_config_unlock();
out_free:
	kfree(comment);
	kfree(nl);
	return ret;
}

static bool ikt_tgroups_use(bool (*uses)(const struct ikt_tgroup *, u32),
			    u32 key)
{
	struct ikt_target *t;
	unsigned long id;
	int i;

	xa_for_each(&ikt_cfg.targets, id, t)
		for (i = 0; i < t->n_groups; i++)
			if (uses(&t->groups[i], key))
				return true;
	return false;
}

static bool ikt_tgroup_uses_portal(const struct ikt_tgroup *tg, u32 tag)
{
	return tg->portal_tag == tag;
}

static bool ikt_tgroup_uses_igroup(const struct ikt_tgroup *tg, u32 id)
{
	return tg->igroup_id == id;
}

static bool ikt_tgroup_uses_auth(const struct ikt_tgroup *tg, u32 tag)
{
	return tg->auth_method != ISCSIKT_AUTH_NONE && tg->auth_tag == tag;
}

static int ikt_portal_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_portal *p;
	int ret = 0;

	ikt_config_lock();
	p = ikt_portal_key(info);
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
	} else if (ikt_tgroups_use(ikt_tgroup_uses_portal, p->tag)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_PORTAL_TAG],
				    "portal is used by a target group");
		ret = -EBUSY;
	} else {
		ikt_notify(info, ikt_fill_portal, p);
		xa_erase(&ikt_cfg.portals, p->tag);
		ikt_portal_free(p);
	}
	ikt_config_unlock();
	return ret;
}

static int ikt_portal_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_portal *p;
	int ret;

	ikt_config_lock();
	p = ikt_portal_key(info);
	ret = IS_ERR(p) ? PTR_ERR(p) : ikt_reply(info, ikt_fill_portal, p);
	ikt_config_unlock();
	return ret;
}

static int ikt_portal_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ikt_dump_xa(skb, cb, &ikt_cfg.portals, ikt_fill_portal, NULL);
}

/* ------------------------------------------------------------------ */
/* IGROUP                                                             */
/* ------------------------------------------------------------------ */

static int ikt_fill_igroup(struct sk_buff *skb, void *obj)
{
	const struct ikt_igroup *g = obj;
	int i, ret;

	ret = nla_put_u32(skb, ISCSIKT_A_IGROUP_ID, g->id) ?:
	      ikt_put_str(skb, ISCSIKT_A_IGROUP_COMMENT, g->comment);
	for (i = 0; !ret && i < g->n_initiators; i++)
		ret = nla_put_string(skb, ISCSIKT_A_IGROUP_INITIATOR,
				     g->initiators[i]);
	return ret;
}

static void ikt_free_strv(char **v, int n)
{
	while (n--)
		kfree(v[n]);
	kfree(v);
}

/*
 * The INITIATOR list of the request (a single "" means the empty list,
 * i.e. every initiator).  Returns the count or a negative errno.
 */
static int ikt_parse_initiators(struct genl_info *info, char ***out)
{
	int n = ikt_count_top(info, ISCSIKT_A_IGROUP_INITIATOR);
	const struct nlattr *a;
	char **v;
	int i = 0, j, rem;

	if (n > IKT_INITIATORS_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_IGROUP_INITIATOR],
				    "too many initiators in a group");
		return -E2BIG;
	}
	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!v && n)
		return -ENOMEM;
	ikt_for_each_top(a, info, rem) {
		if (nla_type(a) != ISCSIKT_A_IGROUP_INITIATOR)
			continue;
		if (nla_len(a) <= 1 && n == 1)
			break;
		if (!ikt_iscsi_name_valid(nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "initiator must be an iqn./eui./naa. iSCSI name");
			goto err_inval;
		}
		for (j = 0; j < i; j++) {
			if (!strcasecmp(v[j], nla_data(a))) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "duplicate initiator");
				goto err_inval;
			}
		}
		v[i] = nla_strdup(a, GFP_KERNEL);
		if (!v[i]) {
			ikt_free_strv(v, i);
			return -ENOMEM;
		}
		i++;
	}
	*out = v;
	return i;
err_inval:
	ikt_free_strv(v, i);
	return -EINVAL;
}

static int ikt_igroup_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_igroup *g;
	u32 id;
	int ret;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	ret = ikt_dup_str(&g->comment, tb[ISCSIKT_A_IGROUP_COMMENT]);
	if (ret)
		goto err_free;
	ret = ikt_parse_initiators(info, &g->initiators);
	if (ret < 0)
		goto err_free;
	g->n_initiators = ret;

	ikt_config_lock();
	if (tb[ISCSIKT_A_IGROUP_ID]) {
		id = nla_get_u32(tb[ISCSIKT_A_IGROUP_ID]);
		ret = xa_insert(&ikt_cfg.igroups, id, g, GFP_KERNEL);
		if (ret == -EBUSY) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_IGROUP_ID],
					    "initiator group id already exists");
			ret = -EEXIST;
		}
	} else {
		ret = xa_alloc(&ikt_cfg.igroups, &id, g, xa_limit_32b,
			       GFP_KERNEL);
	}
	if (ret) {
		ikt_config_unlock();
		goto err_free;
	}
	g->id = id;
	ikt_notify(info, ikt_fill_igroup, g);
	ikt_reply(info, ikt_fill_igroup, g);
	ikt_config_unlock();
	return 0;
err_free:
	ikt_igroup_free(g);
	return ret;
}

static struct ikt_igroup *ikt_igroup_key(struct genl_info *info)
{
	struct ikt_igroup *g;

	if (ikt_require(info, ISCSIKT_A_IGROUP_ID))
		return ERR_PTR(-EINVAL);
	g = ikt_igroup_find(nla_get_u32(info->attrs[ISCSIKT_A_IGROUP_ID]));
	if (!g) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_IGROUP_ID],
				    "no such initiator group");
		return ERR_PTR(-ENOENT);
	}
	return g;
}

static int ikt_igroup_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_igroup *g;
	char **v = NULL;
	char *comment = NULL;
	int n = 0, ret;

	if (tb[ISCSIKT_A_IGROUP_INITIATOR]) {
		n = ikt_parse_initiators(info, &v);
		if (n < 0)
			return n;
	}
	ret = ikt_dup_str(&comment, tb[ISCSIKT_A_IGROUP_COMMENT]);
	if (ret)
		goto out_free;

	ikt_config_lock();
	g = ikt_igroup_key(info);
	if (IS_ERR(g)) {
		ret = PTR_ERR(g);
	} else {
		if (tb[ISCSIKT_A_IGROUP_INITIATOR]) {
			swap(g->initiators, v);
			swap(g->n_initiators, n);
		}
		if (tb[ISCSIKT_A_IGROUP_COMMENT])
			swap(g->comment, comment);
		ikt_notify(info, ikt_fill_igroup, g);
	}
	ikt_config_unlock();
out_free:
	kfree(comment);
	ikt_free_strv(v, n);
	return ret;
}

static int ikt_igroup_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_igroup *g;
	int ret = 0;

	ikt_config_lock();
	g = ikt_igroup_key(info);
	if (IS_ERR(g)) {
		ret = PTR_ERR(g);
	} else if (ikt_tgroups_use(ikt_tgroup_uses_igroup, g->id)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_IGROUP_ID],
				    "initiator group is used by a target group");
		ret = -EBUSY;
	} else {
		ikt_notify(info, ikt_fill_igroup, g);
		xa_erase(&ikt_cfg.igroups, g->id);
		ikt_igroup_free(g);
	}
	ikt_config_unlock();
	return ret;
}

static int ikt_igroup_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_igroup *g;
	int ret;

	ikt_config_lock();
	g = ikt_igroup_key(info);
	ret = IS_ERR(g) ? PTR_ERR(g) : ikt_reply(info, ikt_fill_igroup, g);
	ikt_config_unlock();
	return ret;
}

static int ikt_igroup_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ikt_dump_xa(skb, cb, &ikt_cfg.igroups, ikt_fill_igroup, NULL);
}

/* ------------------------------------------------------------------ */
/* AUTH                                                               */
/* ------------------------------------------------------------------ */

/* Never the secrets. */
static int ikt_fill_auth(struct sk_buff *skb, void *obj)
{
	const struct ikt_auth *a = obj;

	return nla_put_u32(skb, ISCSIKT_A_AUTH_ID, a->id) ?:
	       nla_put_u32(skb, ISCSIKT_A_AUTH_TAG, a->tag) ?:
	       nla_put_string(skb, ISCSIKT_A_AUTH_USER, a->user) ?:
	       ikt_put_str(skb, ISCSIKT_A_AUTH_PEER_USER, a->peer_user);
}

static int ikt_dup_secret(u8 **dst, u8 *len, const struct nlattr *a)
{
	u8 *s;

	if (!a)
		return 0;
	s = kmemdup(nla_data(a), nla_len(a), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	kfree_sensitive(*dst);
	*dst = s;
	*len = nla_len(a);
	return 0;
}

/* Fill @a from the request, on top of what it holds already. */
static int ikt_auth_from_req(struct ikt_auth *a, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;

	if (tb[ISCSIKT_A_AUTH_TAG])
		a->tag = nla_get_u32(tb[ISCSIKT_A_AUTH_TAG]);
	return ikt_dup_str(&a->user, tb[ISCSIKT_A_AUTH_USER]) ?:
	       ikt_dup_str(&a->peer_user, tb[ISCSIKT_A_AUTH_PEER_USER]) ?:
	       ikt_dup_secret(&a->secret, &a->secret_len,
			      tb[ISCSIKT_A_AUTH_SECRET]) ?:
	       ikt_dup_secret(&a->peer_secret, &a->peer_secret_len,
			      tb[ISCSIKT_A_AUTH_PEER_SECRET]);
}

/* The rules on a complete entry; @self is the entry being replaced. */
static int ikt_auth_check(const struct ikt_auth *a, const struct ikt_auth *self,
			  struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_auth *o;
	unsigned long id;

	if (!a->tag || !a->user || !a->secret) {
		NL_SET_ERR_MSG(info->extack,
			       "auth entry needs ISCSIKT_A_AUTH_TAG, _USER and _SECRET");
		return -EINVAL;
	}
	if (!a->peer_user != !a->peer_secret) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[ISCSIKT_A_AUTH_PEER_USER] ?:
				    tb[ISCSIKT_A_AUTH_PEER_SECRET],
				    "peer user and peer secret go together");
		return -EINVAL;
	}
	if (a->peer_secret && a->peer_secret_len == a->secret_len &&
	    !memcmp(a->peer_secret, a->secret, a->secret_len)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[ISCSIKT_A_AUTH_PEER_SECRET] ?:
				    tb[ISCSIKT_A_AUTH_SECRET],
				    "peer secret must differ from the secret");
		return -EINVAL;
	}
	xa_for_each(&ikt_cfg.auths, id, o) {
		if (o != self && o->tag == a->tag && !strcmp(o->user, a->user)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_AUTH_USER],
					    "user already exists in this auth tag");
			return -EEXIST;
		}
	}
	return 0;
}

static int ikt_auth_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_auth *a;
	u32 id;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = ikt_auth_from_req(a, info);
	if (ret)
		goto err_free;

	ikt_config_lock();
	ret = ikt_auth_check(a, NULL, info);
	if (ret)
		goto err_unlock;
	if (tb[ISCSIKT_A_AUTH_ID]) {
		id = nla_get_u32(tb[ISCSIKT_A_AUTH_ID]);
		ret = xa_insert(&ikt_cfg.auths, id, a, GFP_KERNEL);
		if (ret == -EBUSY) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_AUTH_ID],
					    "auth id already exists");
			ret = -EEXIST;
		}
	} else {
		ret = xa_alloc(&ikt_cfg.auths, &id, a, xa_limit_32b,
			       GFP_KERNEL);
	}
	if (ret)
		goto err_unlock;
	a->id = id;
	ikt_notify(info, ikt_fill_auth, a);
	ikt_reply(info, ikt_fill_auth, a);
	ikt_config_unlock();
	return 0;
err_unlock:
	ikt_config_unlock();
err_free:
	ikt_auth_free(a);
	return ret;
}

static struct ikt_auth *ikt_auth_key(struct genl_info *info)
{
	struct ikt_auth *a;

	if (ikt_require(info, ISCSIKT_A_AUTH_ID))
		return ERR_PTR(-EINVAL);
	a = ikt_auth_find(nla_get_u32(info->attrs[ISCSIKT_A_AUTH_ID]));
	if (!a) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ISCSIKT_A_AUTH_ID],
				    "no such auth entry");
		return ERR_PTR(-ENOENT);
	}
	return a;
}

/* Would the configuration still be valid without @a's tag entry? */
static int ikt_auth_tag_in_use(const struct ikt_auth *a, u32 new_tag,
			       struct genl_info *info)
{
	struct ikt_auth *o;
	unsigned long id;

	if (a->tag == new_tag)
		return 0;
	xa_for_each(&ikt_cfg.auths, id, o)
		if (o != a && o->tag == a->tag)
			return 0;
	/* A tag left behind by discovery auth None is not a use. */
	if (ikt_tgroups_use(ikt_tgroup_uses_auth, a->tag) ||
	    (ikt_cfg.global.discovery_auth != ISCSIKT_AUTH_NONE &&
	     ikt_cfg.global.discovery_auth_tag == a->tag)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ISCSIKT_A_AUTH_ID],
				    "last entry of an auth tag in use by a target group or discovery");
		return -EBUSY;
	}
	return 0;
}

static int ikt_auth_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_auth *a, *n;
	int ret;

	/* Build the new entry aside: a refusal leaves the old one intact. */
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	ikt_config_lock();
	a = ikt_auth_key(info);
	if (IS_ERR(a)) {
		ret = PTR_ERR(a);
		goto out_unlock;
	}
	n->id = a->id;
	n->tag = a->tag;
	n->user = kstrdup(a->user, GFP_KERNEL);
	n->peer_user = kstrdup(a->peer_user, GFP_KERNEL);
	n->secret = kmemdup(a->secret, a->secret_len, GFP_KERNEL);
	n->secret_len = a->secret_len;
	if (a->peer_secret) {
		n->peer_secret = kmemdup(a->peer_secret, a->peer_secret_len,
					 GFP_KERNEL);
		n->peer_secret_len = a->peer_secret_len;
	}
	if (!n->user || !n->secret || !n->peer_user != !a->peer_user ||
	    !n->peer_secret != !a->peer_secret) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (info->attrs[ISCSIKT_A_AUTH_PEER_USER] &&
	    nla_len(info->attrs[ISCSIKT_A_AUTH_PEER_USER]) <= 1) {
		/* "" removes mutual CHAP */
		kfree_sensitive(n->peer_secret);
		n->peer_secret = NULL;
		n->peer_secret_len = 0;
	}
	ret = ikt_auth_from_req(n, info) ?:
	      ikt_auth_check(n, a, info) ?:
	      ikt_auth_tag_in_use(a, n->tag, info);
	if (ret)
		goto out_unlock;
	xa_store(&ikt_cfg.auths, n->id, n, GFP_KERNEL);
	swap(a, n);
	ikt_notify(info, ikt_fill_auth, a);
out_unlock:
	ikt_config_unlock();
	ikt_auth_free(n);
	return ret;
}

static int ikt_auth_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_auth *a;
	int ret;

	ikt_config_lock();
	a = ikt_auth_key(info);
	ret = IS_ERR(a) ? PTR_ERR(a) : ikt_auth_tag_in_use(a, 0, info);
	if (!ret) {
		ikt_notify(info, ikt_fill_auth, a);
		xa_erase(&ikt_cfg.auths, a->id);
		ikt_auth_free(a);
	}
	ikt_config_unlock();
	return ret;
}

static int ikt_auth_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_auth *a;
	int ret;

	ikt_config_lock();
	a = ikt_auth_key(info);
	ret = IS_ERR(a) ? PTR_ERR(a) : ikt_reply(info, ikt_fill_auth, a);
	ikt_config_unlock();
	return ret;
}

static int ikt_auth_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ikt_dump_xa(skb, cb, &ikt_cfg.auths, ikt_fill_auth, NULL);
}

/* ------------------------------------------------------------------ */
/* TARGET                                                             */
/* ------------------------------------------------------------------ */

static int ikt_fill_target(struct sk_buff *skb, void *obj)
{
	const struct ikt_target *t = obj;
	struct nlattr *nest;
	int i, ret;

	ret = nla_put_string(skb, ISCSIKT_A_TARGET_NAME, t->name) ?:
	      ikt_put_str(skb, ISCSIKT_A_TARGET_ALIAS, t->alias) ?:
	      nla_put_u8(skb, ISCSIKT_A_TARGET_MODE, t->mode);
	for (i = 0; !ret && i < t->n_groups; i++) {
		const struct ikt_tgroup *tg = &t->groups[i];

		nest = nla_nest_start(skb, ISCSIKT_A_TARGET_GROUP);
		if (!nest)
			return -EMSGSIZE;
		ret = nla_put_u16(skb, ISCSIKT_A_TGROUP_PORTAL_TAG,
				  tg->portal_tag) ?:
		      nla_put_u32(skb, ISCSIKT_A_TGROUP_IGROUP_ID,
				  tg->igroup_id) ?:
		      nla_put_u8(skb, ISCSIKT_A_TGROUP_AUTH_METHOD,
				 tg->auth_method) ?:
		      nla_put_u32(skb, ISCSIKT_A_TGROUP_AUTH_TAG, tg->auth_tag);
		nla_nest_end(skb, nest);
	}
	for (i = 0; !ret && i < t->n_nets; i++) {
		const struct ikt_net *n = &t->nets[i];

		nest = nla_nest_start(skb, ISCSIKT_A_TARGET_NETWORK);
		if (!nest)
			return -EMSGSIZE;
		ret = nla_put(skb, ISCSIKT_A_NET_ADDR,
			      n->family == AF_INET ? 4 : 16, n->addr) ?:
		      nla_put_u8(skb, ISCSIKT_A_NET_PREFIX, n->prefix);
		nla_nest_end(skb, nest);
	}
	return ret;
}

/*
 * Parse the repeated nests of type @type.  An empty nest alone means the
 * empty list.  @parse_one fills element @i of @v from the nest.
 * Returns the count or a negative errno; *@out is kcalloc'ed.
 */
static int ikt_parse_nests(struct genl_info *info, int type, int max,
			   size_t elem_size, void **out,
			   int (*parse_one)(const struct nlattr *nest, void *elem,
					    struct genl_info *info))
{
	int n = ikt_count_top(info, type);
	const struct nlattr *a;
	int i = 0, rem, ret;
	u8 *v;

	if (n > max) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "too many entries");
		return -E2BIG;
	}
	v = kcalloc(n, elem_size, GFP_KERNEL);
	if (!v && n)
		return -ENOMEM;
	ikt_for_each_top(a, info, rem) {
		if (nla_type(a) != type)
			continue;
		if (!nla_len(a) && n == 1)
			break;
		ret = parse_one(a, v + i * elem_size, info);
		if (ret) {
			kfree(v);
			return ret;
		}
		i++;
	}
	*out = v;
	return i;
}

/* Lock held: references to portals, igroups and auth tags are checked. */
static int ikt_parse_tgroup(const struct nlattr *nest, void *elem,
			    struct genl_info *info)
{
	struct nlattr *tb[ISCSIKT_A_TGROUP_MAX + 1];
	struct ikt_tgroup *tg = elem;
	int ret;

	ret = nla_parse_nested(tb, ISCSIKT_A_TGROUP_MAX, nest,
			       ikt_tgroup_policy, info->extack);
	if (ret)
		return ret;
	if (!tb[ISCSIKT_A_TGROUP_PORTAL_TAG]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "target group needs ISCSIKT_A_TGROUP_PORTAL_TAG");
		return -EINVAL;
	}
	tg->portal_tag = nla_get_u16(tb[ISCSIKT_A_TGROUP_PORTAL_TAG]);
	if (tb[ISCSIKT_A_TGROUP_IGROUP_ID])
		tg->igroup_id = nla_get_u32(tb[ISCSIKT_A_TGROUP_IGROUP_ID]);
	if (tb[ISCSIKT_A_TGROUP_AUTH_METHOD])
		tg->auth_method = nla_get_u8(tb[ISCSIKT_A_TGROUP_AUTH_METHOD]);
	if (tb[ISCSIKT_A_TGROUP_AUTH_TAG])
		tg->auth_tag = nla_get_u32(tb[ISCSIKT_A_TGROUP_AUTH_TAG]);
	if (!ikt_portal_find(tg->portal_tag)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[ISCSIKT_A_TGROUP_PORTAL_TAG],
				    "target group portal tag does not exist");
		return -ENOENT;
	}
	if (tg->igroup_id && !ikt_igroup_find(tg->igroup_id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_TGROUP_IGROUP_ID],
				    "target group initiator group does not exist");
		return -ENOENT;
	}
	return ikt_check_auth(tg->auth_method, tg->auth_tag,
			      tb[ISCSIKT_A_TGROUP_AUTH_TAG] ?: nest,
			      info->extack);
}

static int ikt_parse_net(const struct nlattr *nest, void *elem,
			 struct genl_info *info)
{
	struct nlattr *tb[ISCSIKT_A_NET_MAX + 1];
	struct ikt_net *n = elem;
	unsigned int len, i;
	int ret;

	ret = nla_parse_nested(tb, ISCSIKT_A_NET_MAX, nest, ikt_net_policy,
			       info->extack);
	if (ret)
		return ret;
	if (!tb[ISCSIKT_A_NET_ADDR] || !tb[ISCSIKT_A_NET_PREFIX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "network needs ISCSIKT_A_NET_ADDR and _PREFIX");
		return -EINVAL;
	}
	len = nla_len(tb[ISCSIKT_A_NET_ADDR]);
	n->family = len == 4 ? AF_INET : AF_INET6;
	n->prefix = nla_get_u8(tb[ISCSIKT_A_NET_PREFIX]);
	if (n->prefix > len * 8) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_NET_PREFIX],
				    "prefix longer than the address (32 or 128)");
		return -EINVAL;
	}
	nla_memcpy(n->addr, tb[ISCSIKT_A_NET_ADDR], len);
	/* Clear host bits so that matching compares whole bytes. */
	for (i = 0; i < len; i++) {
		unsigned int keep = clamp_t(int, n->prefix - i * 8, 0, 8);

		n->addr[i] &= (u8)(0xff00 >> keep);
	}
	return 0;
}

static int ikt_target_from_req(struct ikt_target *t, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	void *v;
	int n;

	/*
	 * A NAS configuration names FC or BOTH for targets it also exports
	 * over Fibre Channel; accepting one would promise a port that no
	 * initiator can ever reach here.
	 */
	if (tb[ISCSIKT_A_TARGET_MODE]) {
		t->mode = nla_get_u8(tb[ISCSIKT_A_TARGET_MODE]);
		if (t->mode != ISCSIKT_TARGET_MODE_ISCSI) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_TARGET_MODE],
					    "target mode must be iSCSI (no Fibre Channel target)");
			return -EOPNOTSUPP;
		}
	}
	if (tb[ISCSIKT_A_TARGET_GROUP]) {
		n = ikt_parse_nests(info, ISCSIKT_A_TARGET_GROUP,
				    IKT_TGROUPS_MAX, sizeof(struct ikt_tgroup),
				    &v, ikt_parse_tgroup);
		if (n < 0)
			return n;
		kfree(t->groups);
		t->groups = v;
		t->n_groups = n;
	}
	if (tb[ISCSIKT_A_TARGET_NETWORK]) {
		n = ikt_parse_nests(info, ISCSIKT_A_TARGET_NETWORK,
				    IKT_NETWORKS_MAX, sizeof(struct ikt_net),
				    &v, ikt_parse_net);
		if (n < 0)
			return n;
		kfree(t->nets);
		t->nets = v;
		t->n_nets = n;
	}
	return ikt_dup_str(&t->alias, tb[ISCSIKT_A_TARGET_ALIAS]);
}

static struct ikt_target *ikt_target_key(struct genl_info *info)
{
	struct ikt_target *t;

	if (ikt_require(info, ISCSIKT_A_TARGET_NAME))
		return ERR_PTR(-EINVAL);
	t = ikt_target_find(nla_data(info->attrs[ISCSIKT_A_TARGET_NAME]));
	if (!t) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_TARGET_NAME],
				    "no such target");
		return ERR_PTR(-ENOENT);
	}
	return t;
}

static int ikt_target_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[ISCSIKT_A_TARGET_NAME];
	struct ikt_target *t;
	u32 id;
	int ret;

	if (ikt_require(info, ISCSIKT_A_TARGET_NAME))
		return -EINVAL;
	if (!ikt_iscsi_name_valid(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "target name must be an iqn./eui./naa. iSCSI name");
		return -EINVAL;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	kref_init(&t->kref);
	xa_init(&t->luns);
	atomic_set(&t->nr_sessions, 0);
	string_lower(t->name, nla_data(name));

	ikt_config_lock();
	if (ikt_target_find(t->name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "target already exists");
		ret = -EEXIST;
		goto err_unlock;
	}
	ret = ikt_target_from_req(t, info) ?:
	      xa_alloc(&ikt_cfg.targets, &id, t, xa_limit_32b, GFP_KERNEL);
	if (ret)
		goto err_unlock;
	t->id = id;
	ikt_notify(info, ikt_fill_target, t);
	ikt_config_unlock();
	return 0;
err_unlock:
	ikt_config_unlock();
	ikt_target_put(t);
	return ret;
}

static int ikt_target_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_target *t, *n;
	int ret;

	/* Build the new settings aside, then swap them in. */
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	ikt_config_lock();
	t = ikt_target_key(info);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out_unlock;
	}
	ret = ikt_target_from_req(n, info);
	if (ret)
		goto out_unlock;
	if (info->attrs[ISCSIKT_A_TARGET_GROUP]) {
		swap(t->groups, n->groups);
		swap(t->n_groups, n->n_groups);
	}
	if (info->attrs[ISCSIKT_A_TARGET_NETWORK]) {
		swap(t->nets, n->nets);
		swap(t->n_nets, n->n_nets);
	}
	if (info->attrs[ISCSIKT_A_TARGET_ALIAS])
		swap(t->alias, n->alias);
	if (info->attrs[ISCSIKT_A_TARGET_MODE])
		t->mode = n->mode;
	ikt_notify(info, ikt_fill_target, t);
out_unlock:
	ikt_config_unlock();
	kfree(n->groups);
	kfree(n->nets);
	kfree(n->alias);
	kfree(n);
	return ret;
}

/*
 * Removing storage from, or deleting, a target that initiators are logged
 * in to needs ISCSIKT_A_FORCE, which then drops their sessions.
 */
static int ikt_check_sessions(struct ikt_target *t, struct genl_info *info,
			      const struct nlattr *attr)
{
	if (!t || !atomic_read(&t->nr_sessions) ||
	    ikt_flag(info, ISCSIKT_A_FORCE))
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, attr,
			    "target has active sessions (use ISCSIKT_A_FORCE)");
	return -EBUSY;
}

/* After the lock is dropped: close what FORCE allowed us to break. */
static void ikt_drop_sessions_put(struct ikt_target *t)
{
	if (atomic_read(&t->nr_sessions))
		ikt_target_drop_sessions(t);
	ikt_target_put(t);
}

static int ikt_target_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_target *t;
	struct ikt_extent *e;
	unsigned long lun;
	int ret;

	if (ikt_flag(info, ISCSIKT_A_DELETE_FILES)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_DELETE_FILES],
				    "the kernel does not delete files; remove them from userspace");
		return -EOPNOTSUPP;
	}
	ikt_config_lock();
	t = ikt_target_key(info);
	if (IS_ERR(t)) {
		ikt_config_unlock();
		return PTR_ERR(t);
	}
	ret = ikt_check_sessions(t, info, info->attrs[ISCSIKT_A_TARGET_NAME]);
	if (ret) {
		ikt_config_unlock();
		return ret;
	}
	ikt_notify(info, ikt_fill_target, t);
	if (ikt_flag(info, ISCSIKT_A_DELETE_EXTENTS)) {
		xa_for_each(&t->luns, lun, e) {
			ikt_extent_unlink(e);
			ikt_extent_put(e);
		}
	}
	/* The configuration's reference becomes ours. */
	ikt_target_unlink(t);
	ikt_config_unlock();
	ikt_drop_sessions_put(t);
	return 0;
}

static int ikt_target_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_target *t;
	int ret;

	ikt_config_lock();
	t = ikt_target_key(info);
	ret = IS_ERR(t) ? PTR_ERR(t) : ikt_reply(info, ikt_fill_target, t);
	ikt_config_unlock();
	return ret;
}

static int ikt_target_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ikt_dump_xa(skb, cb, &ikt_cfg.targets, ikt_fill_target, NULL);
}

/* ------------------------------------------------------------------ */
/* EXTENT                                                             */
/* ------------------------------------------------------------------ */

static int ikt_fill_extent(struct sk_buff *skb, void *obj)
{
	const struct ikt_extent *e = obj;

	return nla_put_string(skb, ISCSIKT_A_EXTENT_NAME, e->name) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_TYPE, e->type) ?:
	       nla_put_string(skb, ISCSIKT_A_EXTENT_PATH, e->path) ?:
	       nla_put_u64_64bit(skb, ISCSIKT_A_EXTENT_SIZE, e->be.size,
				 ISCSIKT_A_PAD) ?:
	       nla_put_u32(skb, ISCSIKT_A_EXTENT_BLOCK_SIZE, e->block_size) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_NO_PBS, e->no_pbs) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_READ_ONLY, e->read_only) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_XEN, e->xen) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_RPM, e->rpm) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_TPC, e->tpc) ?:
	       nla_put_string(skb, ISCSIKT_A_EXTENT_SERIAL, e->serial) ?:
	       nla_put_u64_64bit(skb, ISCSIKT_A_EXTENT_NAA, e->naa,
				 ISCSIKT_A_PAD) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_THRESHOLD, e->threshold) ?:
	       ikt_put_str(skb, ISCSIKT_A_EXTENT_COMMENT, e->comment) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_ENABLED, e->enabled) ?:
	       nla_put_u8(skb, ISCSIKT_A_EXTENT_DIRECT_IO, e->be.direct);
}

static bool ikt_get_bool(struct nlattr **tb, int type, bool def)
{
	return tb[type] ? nla_get_u8(tb[type]) : def;
}

static u8 ikt_get_u8(struct nlattr **tb, int type, u8 def)
{
	return tb[type] ? nla_get_u8(tb[type]) : def;
}

/* EXTENT_SET changes these only; the others need a new extent. */
static void ikt_extent_set_mutable(struct ikt_extent *e, struct nlattr **tb)
{
	WRITE_ONCE(e->no_pbs, ikt_get_bool(tb, ISCSIKT_A_EXTENT_NO_PBS,
					   e->no_pbs));
	WRITE_ONCE(e->xen, ikt_get_bool(tb, ISCSIKT_A_EXTENT_XEN, e->xen));
	WRITE_ONCE(e->tpc, ikt_get_bool(tb, ISCSIKT_A_EXTENT_TPC, e->tpc));
	WRITE_ONCE(e->rpm, ikt_get_u8(tb, ISCSIKT_A_EXTENT_RPM, e->rpm));
	WRITE_ONCE(e->threshold, ikt_get_u8(tb, ISCSIKT_A_EXTENT_THRESHOLD,
					    e->threshold));
}

/*
 * A disabled extent is not exported: to the initiators of its target, its
 * LUN goes away as with LUN_DEL, and comes back as with LUN_NEW when it is
 * enabled again.  The lookups that start a command read the flag under
 * the configuration lock: commands after this see the change; those in
 * flight hold the extent and finish.
 */
static void ikt_extent_set_enabled(struct ikt_extent *e, struct nlattr **tb)
{
	bool on = ikt_get_bool(tb, ISCSIKT_A_EXTENT_ENABLED, e->enabled);

	if (e->enabled == on)
		return;
	WRITE_ONCE(e->enabled, on);
	if (e->target)
		ikt_target_luns_changed(e->target);
}

/*
 * Direct I/O switched under commands in flight: none may straddle the
 * switch, or a write through the page cache could dirty a page that a
 * direct write beside it must then drop; the filesystem would report a
 * stale page cache and fail the next flush.
 */
static void ikt_extent_set_direct(struct ikt_extent *e, struct nlattr **tb)
{
	bool on = ikt_get_bool(tb, ISCSIKT_A_EXTENT_DIRECT_IO, e->be.direct);
	struct ikt_range all;

	if (e->be.direct == on)
		return;
	mutex_lock(&e->rmw_lock);
	ikt_gate_excl(&e->gate, &all, 0, U64_MAX);
	WRITE_ONCE(e->be.direct, on);
	ikt_gate_excl_end(&e->gate, &all);
	mutex_unlock(&e->rmw_lock);
}

/*
 * Direct I/O asked of an extent: NEW asks before opening it (what its
 * type allows) and again once it is open (what its file allows).
 */
static int ikt_extent_check_direct(const struct ikt_extent *e,
				   struct genl_info *info)
{
	const struct nlattr *a = info->attrs[ISCSIKT_A_EXTENT_DIRECT_IO];
	int ret;

	if (!a || !nla_get_u8(a))
		return 0;
	if (e->type == ISCSIKT_EXTENT_DEVICE) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "direct I/O: FILE extents only; a DEVICE bypasses the page cache");
		return -EINVAL;
	}
	if (!e->be.file)
		return 0;
	ret = ikt_backend_check_direct(&e->be);
	if (ret == -EOPNOTSUPP)
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "direct I/O: the filesystem of this file does not support it");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "direct I/O: block size below the filesystem's alignment");
	return ret;
}

/* Rules that need no other object. */
static int ikt_extent_check_attrs(struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *a;

	a = tb[ISCSIKT_A_EXTENT_NAME];
	if (a && !ikt_printable(nla_data(a))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "extent name must be printable ASCII");
		return -EINVAL;
	}
	a = tb[ISCSIKT_A_EXTENT_PATH];
	if (a && *(char *)nla_data(a) != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "extent path must be absolute");
		return -EINVAL;
	}
	a = tb[ISCSIKT_A_EXTENT_BLOCK_SIZE];
	if (a && !is_power_of_2(nla_get_u32(a))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "block size must be 512, 1024, 2048 or 4096");
		return -EINVAL;
	}
	a = tb[ISCSIKT_A_EXTENT_SERIAL];
	if (a && nla_len(a) > 1 && !ikt_printable(nla_data(a))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "serial must be printable ASCII");
		return -EINVAL;
	}
	a = tb[ISCSIKT_A_EXTENT_NAA];
	if (a && nla_get_u64(a) && nla_get_u64(a) >> 60 != 6) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "NAA must be an NAA 6 value (top 4 bits = 6)");
		return -EINVAL;
	}
	return 0;
}

static int ikt_extent_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_extent *e, *o;
	unsigned long id;
	u64 size;
	u32 xid;
	int ret;

	if (ikt_require(info, ISCSIKT_A_EXTENT_NAME) ||
	    ikt_require(info, ISCSIKT_A_EXTENT_TYPE) ||
	    ikt_require(info, ISCSIKT_A_EXTENT_PATH))
		return -EINVAL;
	ret = ikt_extent_check_attrs(info);
	if (ret)
		return ret;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	kref_init(&e->kref);
	mutex_init(&e->rmw_lock);
	ikt_gate_init(&e->gate);
	ikt_thin_extent_init(e);
	ikt_sanitize_extent_init(e);
	nla_strscpy(e->name, tb[ISCSIKT_A_EXTENT_NAME], sizeof(e->name));
	e->type = nla_get_u8(tb[ISCSIKT_A_EXTENT_TYPE]);
	e->block_size = tb[ISCSIKT_A_EXTENT_BLOCK_SIZE] ?
			nla_get_u32(tb[ISCSIKT_A_EXTENT_BLOCK_SIZE]) : 512;
	e->read_only = ikt_get_bool(tb, ISCSIKT_A_EXTENT_READ_ONLY, false);
	e->enabled = ikt_get_bool(tb, ISCSIKT_A_EXTENT_ENABLED, true);
	e->wce = true;
	ikt_extent_set_mutable(e, tb);
	e->be.direct = ikt_get_bool(tb, ISCSIKT_A_EXTENT_DIRECT_IO, false);
	if (tb[ISCSIKT_A_EXTENT_SERIAL])
		nla_strscpy(e->serial, tb[ISCSIKT_A_EXTENT_SERIAL],
			    sizeof(e->serial));
	if (tb[ISCSIKT_A_EXTENT_NAA])
		e->naa = nla_get_u64(tb[ISCSIKT_A_EXTENT_NAA]);
	size = tb[ISCSIKT_A_EXTENT_SIZE] ?
	       nla_get_u64(tb[ISCSIKT_A_EXTENT_SIZE]) : 0;
	if (e->type == ISCSIKT_EXTENT_FILE && size % e->block_size) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_EXTENT_SIZE],
				    "file extent size must be a multiple of the block size");
		ret = -EINVAL;
		goto err_free;
	}
	if (e->type == ISCSIKT_EXTENT_DEVICE && size) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_EXTENT_SIZE],
				    "a device extent takes the device's size");
		ret = -EINVAL;
		goto err_free;
	}
	ret = ikt_extent_check_direct(e, info);
	if (ret)
		goto err_free;
	e->path = nla_strdup(tb[ISCSIKT_A_EXTENT_PATH], GFP_KERNEL);
	ret = ikt_dup_str(&e->comment, tb[ISCSIKT_A_EXTENT_COMMENT]);
	if (!e->path || ret) {
		ret = -ENOMEM;
		goto err_free;
	}

	ikt_config_lock();
	xa_for_each(&ikt_cfg.extents, id, o) {
		if (!strcmp(o->name, e->name)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_EXTENT_NAME],
					    "extent already exists");
			ret = -EEXIST;
		} else if (!strcmp(o->path, e->path)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_EXTENT_PATH],
					    "path is used by another extent");
			ret = -EEXIST;
		} else if (*e->serial && !strcmp(o->serial, e->serial)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_EXTENT_SERIAL],
					    "serial is used by another extent");
			ret = -EEXIST;
		} else if (e->naa && o->naa == e->naa) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ISCSIKT_A_EXTENT_NAA],
					    "NAA is used by another extent");
			ret = -EEXIST;
		}
		if (ret)
			goto err_unlock;
	}
	if (!*e->serial)
		ikt_extent_gen_serial(e->serial);
	if (!e->naa)
		e->naa = ikt_extent_gen_naa();
	ret = ikt_backend_open(&e->be, e->type == ISCSIKT_EXTENT_DEVICE,
			       e->path, size, e->block_size, e->read_only);
	if (ret) {
		e->be.file = NULL;
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_EXTENT_PATH],
				    "cannot open the extent's path");
		goto err_unlock;
	}
	ret = ikt_extent_check_direct(e, info);
	if (ret)
		goto err_unlock;
	/* Reservations an APTPL file kept for this name come back. */
	ret = ikt_pr_init(e);
	if (ret)
		goto err_unlock;
	ret = xa_alloc(&ikt_cfg.extents, &xid, e, xa_limit_32b, GFP_KERNEL);
	if (ret)
		goto err_unlock;
	e->id = xid;
	ikt_thin_threshold_changed(e);
	ikt_notify(info, ikt_fill_extent, e);
	ikt_config_unlock();
	return 0;
err_unlock:
	ikt_config_unlock();
err_free:
	ikt_extent_put(e);
	return ret;
}

static struct ikt_extent *ikt_extent_key(struct genl_info *info)
{
	struct ikt_extent *e;

	if (ikt_require(info, ISCSIKT_A_EXTENT_NAME))
		return ERR_PTR(-EINVAL);
	e = ikt_extent_find(nla_data(info->attrs[ISCSIKT_A_EXTENT_NAME]));
	if (!e) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ISCSIKT_A_EXTENT_NAME],
				    "no such extent");
		return ERR_PTR(-ENOENT);
	}
	return e;
}

/*
 * EXTENT_SET with a size: the extent grows (FILE: to that size, or 0 for
 * the file's own size; DEVICE: 0, the device's size after it grew), and
 * its LU's initiators get CAPACITY DATA HAS CHANGED.
 */
static int ikt_extent_grow(struct ikt_extent *e, const struct nlattr *a,
			   struct genl_info *info)
{
	u64 old = e->be.size, size = nla_get_u64(a);
	int ret;

	if (e->type == ISCSIKT_EXTENT_DEVICE && size) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "a device extent takes the device's size: give 0 to read it again");
		return -EINVAL;
	}
	if (size % e->block_size) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "file extent size must be a multiple of the block size");
		return -EINVAL;
	}
	ret = ikt_backend_grow(&e->be, size, e->block_size);
	if (ret == -EINVAL)
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "an extent can only grow: its blocks may be in use");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, a, "cannot extend the file");
	if (!ret && e->be.size != old && e->target)
		ikt_target_lun_grew(e->target, e->lun);
	return ret;
}

static int ikt_extent_set(struct sk_buff *skb, struct genl_info *info)
{
	static const int fixed[] = {
		ISCSIKT_A_EXTENT_TYPE, ISCSIKT_A_EXTENT_PATH,
		ISCSIKT_A_EXTENT_BLOCK_SIZE,
		ISCSIKT_A_EXTENT_READ_ONLY, ISCSIKT_A_EXTENT_SERIAL,
		ISCSIKT_A_EXTENT_NAA,
	};
	struct nlattr **tb = info->attrs;
	struct ikt_extent *e;
	char *comment = NULL;
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (tb[fixed[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[fixed[i]],
					    "cannot be changed; delete and recreate the extent");
			return -EINVAL;
		}
	}
	ret = ikt_dup_str(&comment, tb[ISCSIKT_A_EXTENT_COMMENT]);
	if (ret)
		return ret;
	ikt_config_lock();
	e = ikt_extent_key(info);
	if (IS_ERR(e))
		ret = PTR_ERR(e);
	else
		ret = ikt_extent_check_direct(e, info);
	if (!ret && tb[ISCSIKT_A_EXTENT_SIZE])
		ret = ikt_extent_grow(e, tb[ISCSIKT_A_EXTENT_SIZE], info);
	if (!ret) {
		ikt_extent_set_mutable(e, tb);
		ikt_extent_set_direct(e, tb);
		ikt_extent_set_enabled(e, tb);
		if (tb[ISCSIKT_A_EXTENT_THRESHOLD])
			ikt_thin_threshold_changed(e);
		if (tb[ISCSIKT_A_EXTENT_COMMENT])
			swap(e->comment, comment);
		ikt_notify(info, ikt_fill_extent, e);
	}
	ikt_config_unlock();
	kfree(comment);
	return ret;
}

/* LUN 0 must stay while the target has other LUNs (REPORT LUNS needs it). */
static int ikt_check_lun0(struct ikt_target *t, u64 lun, struct genl_info *info,
			  const struct nlattr *attr)
{
	unsigned long next = 1;

	if (!t || lun || !xa_find(&t->luns, &next, ULONG_MAX, XA_PRESENT))
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, attr,
			    "LUN 0 cannot be removed while other LUNs remain");
	return -EBUSY;
}

static int ikt_extent_del(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *name = info->attrs[ISCSIKT_A_EXTENT_NAME];
	struct ikt_target *t = NULL;
	struct ikt_extent *e;
	int ret;

	ikt_config_lock();
	e = ikt_extent_key(info);
	if (IS_ERR(e)) {
		ikt_config_unlock();
		return PTR_ERR(e);
	}
	ret = ikt_check_sessions(e->target, info, name) ?:
	      ikt_check_lun0(e->target, e->lun, info, name);
	if (ret) {
		ikt_config_unlock();
		return ret;
	}
	if (e->target) {
		t = e->target;
		kref_get(&t->kref);
	}
	ikt_notify(info, ikt_fill_extent, e);
	ikt_extent_unlink(e);
	ikt_config_unlock();
	if (t)
		ikt_drop_sessions_put(t);
	ikt_extent_put(e);
	return 0;
}

static int ikt_extent_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_extent *e;
	int ret;

	ikt_config_lock();
	e = ikt_extent_key(info);
	ret = IS_ERR(e) ? PTR_ERR(e) : ikt_reply(info, ikt_fill_extent, e);
	ikt_config_unlock();
	return ret;
}

static int ikt_extent_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ikt_dump_xa(skb, cb, &ikt_cfg.extents, ikt_fill_extent, NULL);
}

/* ------------------------------------------------------------------ */
/* LUN: an association, stored on the extent                          */
/* ------------------------------------------------------------------ */

static int ikt_fill_lun(struct sk_buff *skb, void *obj)
{
	const struct ikt_extent *e = obj;

	return nla_put_string(skb, ISCSIKT_A_TARGET_NAME, e->target->name) ?:
	       nla_put_u64_64bit(skb, ISCSIKT_A_LUN_ID, e->lun,
				 ISCSIKT_A_PAD) ?:
	       nla_put_string(skb, ISCSIKT_A_EXTENT_NAME, e->name);
}

static int ikt_lun_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ikt_target *t;
	struct ikt_extent *e;
	u64 lun;
	int ret;

	if (ikt_require(info, ISCSIKT_A_LUN_ID))
		return -EINVAL;
	lun = nla_get_u64(tb[ISCSIKT_A_LUN_ID]);
	ikt_config_lock();
	t = ikt_target_key(info);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out;
	}
	e = ikt_extent_key(info);
	if (IS_ERR(e)) {
		ret = PTR_ERR(e);
		goto out;
	}
	if (e->target) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_EXTENT_NAME],
				    "extent is already mapped to a LUN");
		ret = -EBUSY;
		goto out;
	}
	ret = xa_insert(&t->luns, lun, e, GFP_KERNEL);
	if (ret == -EBUSY) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ISCSIKT_A_LUN_ID],
				    "LUN id already used in this target");
		ret = -EEXIST;
	}
	if (ret)
		goto out;
	e->target = t;
	e->lun = lun;
	ikt_notify(info, ikt_fill_lun, e);
	/*
	 * Logged-in initiators learn of it and rescan; none drops.  They see
	 * no LU of a disabled extent: nothing changed for them.
	 */
	if (e->enabled)
		ikt_target_luns_changed(t);
out:
	ikt_config_unlock();
	return ret;
}

/* The LUN named by target name + LUN id. */
static struct ikt_extent *ikt_lun_key(struct genl_info *info)
{
	struct ikt_target *t;
	struct ikt_extent *e;

	if (ikt_require(info, ISCSIKT_A_LUN_ID))
		return ERR_PTR(-EINVAL);
	t = ikt_target_key(info);
	if (IS_ERR(t))
		return ERR_CAST(t);
	e = xa_load(&t->luns, nla_get_u64(info->attrs[ISCSIKT_A_LUN_ID]));
	if (!e) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ISCSIKT_A_LUN_ID],
				    "no such LUN in this target");
		return ERR_PTR(-ENOENT);
	}
	return e;
}

static int ikt_lun_del(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *id = info->attrs[ISCSIKT_A_LUN_ID];
	struct ikt_target *t;
	struct ikt_extent *e;
	int ret;

	ikt_config_lock();
	e = ikt_lun_key(info);
	if (IS_ERR(e)) {
		ikt_config_unlock();
		return PTR_ERR(e);
	}
	t = e->target;
	ret = ikt_check_lun0(t, e->lun, info, id);
	if (ret) {
		ikt_config_unlock();
		return ret;
	}
	ikt_notify(info, ikt_fill_lun, e);
	xa_erase(&t->luns, e->lun);
	e->target = NULL;
	/*
	 * The sessions stay: commands in flight keep the extent, new ones
	 * to this LUN find none, and the initiators are told to rescan
	 * (unless the extent was disabled: its LUN was absent already).
	 */
	if (e->enabled)
		ikt_target_luns_changed(t);
	ikt_config_unlock();
	return 0;
}

static int ikt_lun_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ikt_extent *e;
	int ret;

	ikt_config_lock();
	e = ikt_lun_key(info);
	ret = IS_ERR(e) ? PTR_ERR(e) : ikt_reply(info, ikt_fill_lun, e);
	ikt_config_unlock();
	return ret;
}

/* Mapped extents, of the target named in the request if any. */
static bool ikt_lun_match(void *obj, struct netlink_callback *cb)
{
	const struct nlattr *name = ikt_dump_attrs(cb)[ISCSIKT_A_TARGET_NAME];
	const struct ikt_extent *e = obj;

	return e->target &&
	       (!name || !strcasecmp(e->target->name, nla_data(name)));
}

static int ikt_lun_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ikt_dump_xa(skb, cb, &ikt_cfg.extents, ikt_fill_lun,
			   ikt_lun_match);
}

/* ------------------------------------------------------------------ */
/* Family                                                             */
/* ------------------------------------------------------------------ */

#define IKT_OP(_cmd, _doit, _dumpit) {			\
	.cmd = ISCSIKT_CMD_##_cmd,			\
	.doit = (_doit),				\
	.dumpit = (_dumpit),				\
	.flags = GENL_ADMIN_PERM,			\
}

static const struct genl_ops ikt_ops[] = {
	IKT_OP(STATUS_GET, ikt_status_get, NULL),
	IKT_OP(GLOBAL_GET, ikt_global_get_doit, NULL),
	IKT_OP(GLOBAL_SET, ikt_global_set, NULL),
	IKT_OP(PORTAL_NEW, ikt_portal_new, NULL),
	IKT_OP(PORTAL_SET, ikt_portal_set, NULL),
	IKT_OP(PORTAL_DEL, ikt_portal_del, NULL),
	IKT_OP(PORTAL_GET, ikt_portal_get, ikt_portal_dump),
	IKT_OP(IGROUP_NEW, ikt_igroup_new, NULL),
	IKT_OP(IGROUP_SET, ikt_igroup_set, NULL),
	IKT_OP(IGROUP_DEL, ikt_igroup_del, NULL),
	IKT_OP(IGROUP_GET, ikt_igroup_get, ikt_igroup_dump),
	IKT_OP(AUTH_NEW, ikt_auth_new, NULL),
	IKT_OP(AUTH_SET, ikt_auth_set, NULL),
	IKT_OP(AUTH_DEL, ikt_auth_del, NULL),
	IKT_OP(AUTH_GET, ikt_auth_get, ikt_auth_dump),
	IKT_OP(TARGET_NEW, ikt_target_new, NULL),
	IKT_OP(TARGET_SET, ikt_target_set, NULL),
	IKT_OP(TARGET_DEL, ikt_target_del, NULL),
	IKT_OP(TARGET_GET, ikt_target_get_doit, ikt_target_dump),
	IKT_OP(EXTENT_NEW, ikt_extent_new, NULL),
	IKT_OP(EXTENT_SET, ikt_extent_set, NULL),
	IKT_OP(EXTENT_DEL, ikt_extent_del, NULL),
	IKT_OP(EXTENT_GET, ikt_extent_get, ikt_extent_dump),
	IKT_OP(LUN_NEW, ikt_lun_new, NULL),
	IKT_OP(LUN_DEL, ikt_lun_del, NULL),
	IKT_OP(LUN_GET, ikt_lun_get, ikt_lun_dump),
	IKT_OP(SESSION_GET, NULL, ikt_session_dump),
	/*
	 * SESSION_LOGIN, SESSION_LOGOUT and THRESHOLD are events only: as
	 * requests, with no op, genetlink refuses them with -EOPNOTSUPP.
	 */
};

static const struct genl_multicast_group ikt_mcgrps[] = {
	{
		.name = ISCSIKT_MCGRP_EVENTS,
#ifdef GENL_MCAST_CAP_NET_ADMIN
		.flags = GENL_MCAST_CAP_NET_ADMIN,
#endif
	},
};

/*
 * parallel_ops: the configuration mutex serializes requests, so that
 * listener and backend setup, which sleep, do not hold genl_mutex.
 */
static struct genl_family ikt_family = {
	.name = ISCSIKT_GENL_NAME,
	.version = ISCSIKT_GENL_VERSION,
	.maxattr = ISCSIKT_A_MAX,
	.policy = ikt_policy,
	.netnsok = false,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = ikt_ops,
	.n_ops = ARRAY_SIZE(ikt_ops),
	.resv_start_op = ISCSIKT_CMD_MAX + 1,
	.mcgrps = ikt_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ikt_mcgrps),
};

int ikt_netlink_init(void)
{
	int ret = genl_register_family(&ikt_family);

	ikt_events_live = !ret;
	return ret;
}

void ikt_netlink_exit(void)
{
	ikt_sessions_unloading();
	genl_unregister_family(&ikt_family);
}

/* The header of one message of a dump, for dumps implemented elsewhere. */
void *ikt_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &ikt_family, NLM_F_MULTI, cmd);
}
