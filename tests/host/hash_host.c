// SPDX-License-Identifier: GPL-2.0
/*
 * Host side of kernel/proto/hash.h for unit tests and fuzzers: OpenSSL EVP.
 * EVP_MD_CTX_free() cleanses the digest state, matching the kernel side's
 * shash_desc_zero().
 */
#include <openssl/evp.h>

#include "hash.h"

static const EVP_MD *ikt_hash_md(enum ikt_hash_alg alg)
{
	switch (alg) {
	case IKT_HASH_MD5:
		return EVP_md5();
	case IKT_HASH_SHA1:
		return EVP_sha1();
	case IKT_HASH_SHA256:
		return EVP_sha256();
	case IKT_HASH_SHA3_256:
		return EVP_sha3_256();
	default:
		return NULL;
	}
}

bool ikt_hash_available(enum ikt_hash_alg alg)
{
	return ikt_hash_md(alg) != NULL;
}

int ikt_hash_digest(enum ikt_hash_alg alg, const struct ikt_hash_vec *v,
		    int nvec, u8 *out)
{
	const EVP_MD *md = ikt_hash_md(alg);
	EVP_MD_CTX *ctx;
	int i, ok;

	if (!md)
		return -EINVAL;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, md, NULL);
	for (i = 0; ok && i < nvec; i++)
		ok = EVP_DigestUpdate(ctx, v[i].data, v[i].len);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}
