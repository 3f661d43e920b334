/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Target side of iSCSI CHAP (RFC 7143 section 12.1.3, RFC 1994), with the
 * CHAP_A values 5 (MD5), 6 (SHA-1), 7 (SHA-256) and 8 (SHA3-256).
 *
 * The state machine takes key values already split out of the login text
 * (NUL-terminated strings; NULL for an absent key) and writes its answer as
 * login text: "key=value\0" pairs the caller appends to the Login Response
 * data segment.  It neither parses nor allocates the login text itself.
 *
 *   ikt_chap_init()
 *   ikt_chap_handle_a(CHAP_A)        -> "CHAP_A=.. CHAP_I=.. CHAP_C=0x.."
 *   ikt_chap_handle_response(CHAP_N, CHAP_R, CHAP_I, CHAP_C)
 *                                    -> "" or, for mutual CHAP,
 *                                       "CHAP_N=.. CHAP_R=0x.."
 *   ikt_chap_destroy()
 *
 * Return values of the handlers (every error is final: the state machine
 * refuses further calls and the login must fail):
 *   >= 0      bytes written to @out
 *   -EPROTO   malformed, missing or out-of-sequence key: login status 0x0200
 *             (initiator error)
 *   -EACCES   authentication failed: unknown user, wrong response, no
 *             common algorithm, mutual CHAP required but not requested or
 *             not configured for the user, reflected or too short initiator
 *             challenge: login status 0x0201
 *   other     -ENOSPC (@out too small), -ENOMEM, digest backend error:
 *             login status 0x0300 (target error)
 *
 * Secrets are never logged or copied; every buffer that held one or a
 * digest computed from one is wiped before it goes out of scope.
 */
#ifndef ISCSIKT_PROTO_CHAP_H
#define ISCSIKT_PROTO_CHAP_H

#include "port.h"
#include "hash.h"

/* CHAP_N is a text value: RFC 7143 caps those at 255 bytes. */
#define IKT_CHAP_NAME_MAX	255
#define IKT_CHAP_SECRET_MAX	255
/*
 * Initiator challenge (mutual CHAP): RFC 7143 caps binary values at 1024
 * bytes.  The floor is ours: a challenge only has to be fresh and
 * unpredictable, which 128 bits are for every algorithm, and initiators
 * (open-iscsi with MD5, for one) send 16 bytes.
 */
#define IKT_CHAP_CHALLENGE_MIN	16
#define IKT_CHAP_CHALLENGE_MAX	1024
/* @out size that fits any answer, with a peer name of IKT_CHAP_NAME_MAX. */
#define IKT_CHAP_OUT_MAX	384

/*
 * One account of an authentication group.  @name/@secret authenticate the
 * initiator; @peer_name/@peer_secret are what the target answers with when
 * the initiator asks for mutual CHAP (NULL: not configured).  Secrets are
 * binary, 1..IKT_CHAP_SECRET_MAX bytes; an entry outside that range never
 * authenticates.
 */
struct ikt_chap_user {
	const char *name;
	const u8 *secret;
	size_t secret_len;
	const char *peer_name;
	const u8 *peer_secret;
	size_t peer_secret_len;
};

/*
 * Several accounts may share one auth group tag, so the user is found by
 * the CHAP_N the initiator sent.  @lookup gets a NUL-terminated name of at
 * most IKT_CHAP_NAME_MAX bytes and returns the matching account or NULL.
 * The account must stay valid until @put (called once per successful
 * lookup, if non-NULL) or, without @put, until ikt_chap_handle_response()
 * returns.  The digests never sleep, so @lookup may take a spinlock or
 * rcu_read_lock() that @put releases.
 */
struct ikt_chap_creds {
	const struct ikt_chap_user *(*lookup)(void *ctx, const char *name);
	void (*put)(void *ctx, const struct ikt_chap_user *user);
	void *ctx;
};

enum ikt_chap_state {
	IKT_CHAP_WAIT_A,	/* expecting CHAP_A */
	IKT_CHAP_WAIT_R,	/* challenge sent, expecting CHAP_N/CHAP_R */
	IKT_CHAP_DONE,		/* initiator (and target, if asked) authenticated */
	IKT_CHAP_FAILED,
};

struct ikt_chap {
	enum ikt_chap_state state;
	enum ikt_hash_alg alg;
	bool mutual_required;
	u8 id;
	u8 challenge_len;
	u8 challenge[IKT_HASH_MAX_LEN];
	const struct ikt_chap_creds *creds;
	void (*rand)(void *buf, size_t len);
};

/*
 * @creds must outlive @chap.  @rand fills a buffer with unpredictable
 * bytes (get_random_bytes in the kernel).  @mutual_required: the target's
 * policy demands that the initiator also authenticates the target.
 */
void ikt_chap_init(struct ikt_chap *chap, const struct ikt_chap_creds *creds,
		   bool mutual_required, void (*rand)(void *buf, size_t len));

/*
 * @chap_a: the initiator's CHAP_A list, most preferred first.  Picks the
 * first algorithm we support and answers CHAP_A, CHAP_I and CHAP_C (as
 * many random bytes as the digest is long, in hex).
 */
int ikt_chap_handle_a(struct ikt_chap *chap, const char *chap_a,
		      char *out, size_t outlen);

/*
 * @chap_n and @chap_r are required.  @chap_i and @chap_c come together or
 * not at all; present, they ask for mutual CHAP and the answer carries the
 * target's CHAP_N and CHAP_R.  Binary values take the RFC 7143 encodings
 * "0x"/"0X" + hex (either case, even length) or "0b"/"0B" + base64;
 * CHAP_I is decimal or "0x" hex, 0..255.
 */
int ikt_chap_handle_response(struct ikt_chap *chap, const char *chap_n,
			     const char *chap_r, const char *chap_i,
			     const char *chap_c, char *out, size_t outlen);

static inline bool ikt_chap_done(const struct ikt_chap *chap)
{
	return chap->state == IKT_CHAP_DONE;
}

/* Wipes @chap; call on every path once the login no longer needs it. */
void ikt_chap_destroy(struct ikt_chap *chap);

#endif /* ISCSIKT_PROTO_CHAP_H */
