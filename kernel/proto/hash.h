/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Message digests for the protocol code (CHAP).  The kernel side
 * (kernel/hash_kernel.c) uses the crypto API, the host side
 * (tests/host/hash_host.c) uses OpenSSL, so kernel/proto/ never sees either.
 */
#ifndef ISCSIKT_PROTO_HASH_H
#define ISCSIKT_PROTO_HASH_H

#include "port.h"

enum ikt_hash_alg {
	IKT_HASH_MD5,
	IKT_HASH_SHA1,
	IKT_HASH_SHA256,
	IKT_HASH_SHA3_256,
	IKT_HASH_NR,
};

/* Largest digest of any enum ikt_hash_alg. */
#define IKT_HASH_MAX_LEN	32

/* One piece of the message: the digest covers all pieces in order. */
struct ikt_hash_vec {
	const void *data;
	size_t len;
};

/* Digest length in bytes, or -EINVAL for an unknown algorithm. */
static inline int ikt_hash_len(enum ikt_hash_alg alg)
{
	switch (alg) {
	case IKT_HASH_MD5:
		return 16;
	case IKT_HASH_SHA1:
		return 20;
	case IKT_HASH_SHA256:
	case IKT_HASH_SHA3_256:
		return 32;
	default:
		return -EINVAL;
	}
}

/*
 * Whether @alg can be used now: the kernel may be built without sha3 or
 * refuse md5 in FIPS mode.
 */
bool ikt_hash_available(enum ikt_hash_alg alg);

/*
 * Digest of v[0] || v[1] || ... || v[nvec - 1] into @out, which holds
 * ikt_hash_len(alg) bytes.  Intermediate state is wiped before return,
 * because callers hash secrets.  Returns 0, -EINVAL for an unknown or
 * unavailable algorithm, or another negative errno from the backend.
 * Callable from any context that may use the shash API (no sleeping).
 */
int ikt_hash_digest(enum ikt_hash_alg alg, const struct ikt_hash_vec *v,
		    int nvec, u8 *out);

#ifdef __KERNEL__
/*
 * Module init/exit: one transform per algorithm is allocated once and
 * shared by all connections.  A CHAP algorithm the kernel lacks is simply
 * unavailable; only a missing crc32c (iSCSI digests) fails the init.
 */
int ikt_hash_init(void);
void ikt_hash_exit(void);
#endif

#endif /* ISCSIKT_PROTO_HASH_H */
