/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ISCSICFG_INTERNAL_H
#define ISCSICFG_INTERNAL_H

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <linux/iscsikt.h>

#include "validate.h"

struct iscsicfg_ctx {
	struct nl_sock *sk;		/* NULL in dry-run mode */
	int family;
	unsigned int flags;
	bool have_basename;
	char basename[ISCSICFG_NAME_MAX];
	char err[512];
};

/* Called for each reply message with its top-level attributes. */
typedef int (*ic_reply_fn)(struct nlattr *attrs, int len, void *arg);

int ic_set_err(struct iscsicfg_ctx *ctx, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ic_invalid(struct iscsicfg_ctx *ctx, const struct ic_err *e);
/* genl header for cmd; NULL (and ctx->err set) on allocation failure */
struct nl_msg *ic_msg_new(struct iscsicfg_ctx *ctx, uint8_t cmd, int flags);
/* sends msg (always freed), runs fn on each reply, waits for ACK/DONE */
int ic_transact(struct iscsicfg_ctx *ctx, struct nl_msg *msg,
		ic_reply_fn fn, void *arg);
int ic_nl_err(struct iscsicfg_ctx *ctx, int nlerr, const char *what);

/* growable array of elsz-byte objects */
struct ic_vec {
	void *v;
	size_t n, cap, elsz;
};

void *ic_vec_push(struct ic_vec *vec);

/* encoders and decoders, also used by the host encoding tests */
int ic_encode_global(struct nl_msg *m, const struct iscsicfg_global *g,
		     bool set);
int ic_encode_portal(struct nl_msg *m, const struct iscsicfg_portal *p,
		     bool set);
int ic_encode_igroup(struct nl_msg *m, const struct iscsicfg_igroup *g,
		     bool set);
int ic_encode_auth(struct nl_msg *m, const struct iscsicfg_auth *a,
		   bool set);
int ic_encode_target(struct nl_msg *m, const struct iscsicfg_target *t,
		     const char *fullname, bool set);
int ic_encode_extent(struct nl_msg *m, const struct iscsicfg_extent *x,
		     bool set);
int ic_decode_global(struct nlattr *attrs, int len, void *g);
int ic_decode_portal(struct nlattr *attrs, int len, void *p);
int ic_decode_igroup(struct nlattr *attrs, int len, void *g);
int ic_decode_auth(struct nlattr *attrs, int len, void *a);
int ic_decode_target(struct nlattr *attrs, int len, void *t);
int ic_decode_extent(struct nlattr *attrs, int len, void *x);
int ic_decode_lun(struct nlattr *attrs, int len, void *l);
int ic_decode_session(struct nlattr *attrs, int len, void *s);
/*
 * events.c: one message of generic netlink family @family into @e: 1 for
 * an event, 0 for anything else (to be skipped), or -errno (malformed).
 */
int ic_decode_event(int family, struct nlmsghdr *nlh,
		    struct iscsicfg_event *e);

#endif /* ISCSICFG_INTERNAL_H */
