// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Context, error messages and the generic netlink transport: one request,
 * its replies, then the ACK (or NLMSG_DONE for a dump) or an error with the
 * kernel's extended-ack message.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int ic_set_err(struct iscsicfg_ctx *ctx, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
	return ret;
}

int ic_invalid(struct iscsicfg_ctx *ctx, const struct ic_err *e)
{
	return ic_set_err(ctx, -EINVAL, "%s", e->msg);
}

int ic_nl_err(struct iscsicfg_ctx *ctx, int nlerr, const char *what)
{
	return ic_set_err(ctx, nlerr == -NLE_NOMEM ? -ENOMEM : -EIO,
			  "%s: %s", what, nl_geterror(nlerr));
}

IC_EXPORT const char *iscsicfg_strerror(const struct iscsicfg_ctx *ctx)
{
	if (!ctx)
		return "no context";
	return ctx->err[0] ? ctx->err : "success";
}

static int resolve_family(struct iscsicfg_ctx *ctx)
{
	int ret;

	ret = genl_ctrl_resolve(ctx->sk, ISCSIKT_GENL_NAME);
	if (ret >= 0) {
		ctx->family = ret;
		return 0;
	}
	if (ret == -NLE_OBJ_NOTFOUND)
		return ic_set_err(ctx, -ENOENT,
				  "generic netlink family \"%s\" not found: is the iscsikt module loaded? (iscsicfg service start)",
				  ISCSIKT_GENL_NAME);
	return ic_nl_err(ctx, ret, "resolving the iscsikt family");
}

static int connect_kernel(struct iscsicfg_ctx *ctx)
{
	int one = 1, ret;

	ctx->sk = nl_socket_alloc();
	if (!ctx->sk)
		return ic_set_err(ctx, -ENOMEM, "out of memory");
	ret = genl_connect(ctx->sk);
	if (ret)
		return ic_nl_err(ctx, ret, "connecting to generic netlink");
	/*
	 * Extended ACK carries the kernel's message naming the rule; CAP_ACK
	 * keeps errors from echoing our request, which may hold secrets.
	 */
	setsockopt(nl_socket_get_fd(ctx->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(ctx->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	ret = resolve_family(ctx);
	if (ret == -ENOENT && (ctx->flags & ISCSICFG_OPEN_LOAD_MODULE)) {
		ret = iscsicfg_module_load(ctx);
		if (!ret)
			ret = resolve_family(ctx);
	}
	return ret;
}

IC_EXPORT int iscsicfg_open(struct iscsicfg_ctx **out, unsigned int flags)
{
	struct iscsicfg_ctx *ctx;
	int ret = 0;

	*out = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->flags = flags;
	if (!(flags & ISCSICFG_OPEN_DRY_RUN))
		ret = connect_kernel(ctx);
	/* the context is returned even on failure, to carry the message */
	*out = ctx;
	return ret;
}

IC_EXPORT void iscsicfg_close(struct iscsicfg_ctx *ctx)
{
	if (!ctx)
		return;
	nl_socket_free(ctx->sk);
	free(ctx);
}

struct nl_msg *ic_msg_new(struct iscsicfg_ctx *ctx, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg) {
		ic_set_err(ctx, -ENOMEM, "out of memory");
		return NULL;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0,
			 flags, cmd, ISCSIKT_GENL_VERSION)) {
		nlmsg_free(msg);
		ic_set_err(ctx, -ENOMEM, "out of memory");
		return NULL;
	}
	return msg;
}

struct request {
	struct iscsicfg_ctx *ctx;
	ic_reply_fn fn;
	void *arg;
	int err;
	bool done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	int ret;

	if (r->err || !r->fn)
		return NL_OK;	/* drain the rest of a failed dump */
	if (!genlmsg_valid_hdr(nlh, 0)) {
		r->err = ic_set_err(r->ctx, -EPROTO,
				    "malformed reply from the kernel");
		return NL_OK;
	}
	ret = r->fn(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), r->arg);
	if (ret == -ENOMEM)
		r->err = ic_set_err(r->ctx, ret, "out of memory");
	else if (ret)
		r->err = ic_set_err(r->ctx, ret,
				    "malformed reply from the kernel");
	return NL_OK;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static void ext_ack_message(struct request *r, struct nlmsgerr *e)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	const char *msg = NULL;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		if (nlh->nlmsg_len >= NLMSG_HDRLEN + off &&
		    !nla_parse(tb, NLMSGERR_ATTR_MAX,
			       (struct nlattr *)((char *)e + off),
			       (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off),
			       NULL) &&
		    tb[NLMSGERR_ATTR_MSG] && nla_len(tb[NLMSGERR_ATTR_MSG]) > 0)
			msg = nla_data(tb[NLMSGERR_ATTR_MSG]);
	}
	if (msg)
		ic_set_err(r->ctx, e->error, "kernel: %.*s (%s)",
			   nla_len(tb[NLMSGERR_ATTR_MSG]), msg,
			   strerror(-e->error));
	else
		ic_set_err(r->ctx, e->error, "kernel: %s", strerror(-e->error));
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct request *r = arg;

	(void)nla;
	r->done = true;
	r->err = e->error < 0 ? e->error : -EPROTO;
	ext_ack_message(r, e);
	return NL_STOP;
}

int ic_transact(struct iscsicfg_ctx *ctx, struct nl_msg *msg,
		ic_reply_fn fn, void *arg)
{
	struct request r = { .ctx = ctx, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int ret;

	if (!ctx->sk) {
		nlmsg_free(msg);
		return 0;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return ic_set_err(ctx, -ENOMEM, "out of memory");
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);

	ret = nl_send_auto(ctx->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		ret = ic_nl_err(ctx, ret, "sending to the kernel");
		goto out;
	}
	while (!r.done) {
		ret = nl_recvmsgs(ctx->sk, cb);
		if (ret < 0 && !r.done) {
			ret = ic_nl_err(ctx, ret, "receiving from the kernel");
			goto out;
		}
	}
	ret = r.err;
	if (!ret)
		ctx->err[0] = '\0';
out:
	nl_cb_put(cb);
	return ret;
}

void *ic_vec_push(struct ic_vec *vec)
{
	void *el;

	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 8;
		void *v = reallocarray(vec->v, cap, vec->elsz);

		if (!v)
			return NULL;
		vec->v = v;
		vec->cap = cap;
	}
	el = (char *)vec->v + vec->n++ * vec->elsz;
	memset(el, 0, vec->elsz);
	return el;
}
