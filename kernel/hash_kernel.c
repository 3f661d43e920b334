// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel side of kernel/proto/hash.h: the crypto API's shash transforms,
 * allocated once at module load.  A transform is safe to share between
 * threads for digests; the per-call state lives in an on-stack descriptor.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/module.h>

#include "hash.h"

/* Lets initramfs tools pull the digests in with the module. */
MODULE_SOFTDEP("pre: md5 sha1 sha256 sha3_generic");

static const char *const ikt_hash_names[IKT_HASH_NR] = {
	[IKT_HASH_MD5]		= "md5",
	[IKT_HASH_SHA1]		= "sha1",
	[IKT_HASH_SHA256]	= "sha256",
	[IKT_HASH_SHA3_256]	= "sha3-256",
};

static struct crypto_shash *ikt_hash_tfms[IKT_HASH_NR];

void ikt_hash_init(void)
{
	struct crypto_shash *tfm;
	int i;

	for (i = 0; i < IKT_HASH_NR; i++) {
		tfm = crypto_alloc_shash(ikt_hash_names[i], 0, 0);
		if (IS_ERR(tfm)) {
			pr_info("CHAP digest %s unavailable (%ld)\n",
				ikt_hash_names[i], PTR_ERR(tfm));
			continue;
		}
		if (WARN_ON(crypto_shash_digestsize(tfm) != ikt_hash_len(i))) {
			crypto_free_shash(tfm);
			continue;
		}
		ikt_hash_tfms[i] = tfm;
	}
}

void ikt_hash_exit(void)
{
	int i;

	for (i = 0; i < IKT_HASH_NR; i++) {
		crypto_free_shash(ikt_hash_tfms[i]);
		ikt_hash_tfms[i] = NULL;
	}
}

bool ikt_hash_available(enum ikt_hash_alg alg)
{
	return (unsigned int)alg < IKT_HASH_NR && ikt_hash_tfms[alg];
}

static int ikt_hash_run(struct crypto_shash *tfm,
			const struct ikt_hash_vec *v, int nvec, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	int i, ret;

	desc->tfm = tfm;
	ret = crypto_shash_init(desc);
	for (i = 0; !ret && i < nvec; i++)
		ret = crypto_shash_update(desc, v[i].data, v[i].len);
	if (!ret)
		ret = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

int ikt_hash_digest(enum ikt_hash_alg alg, const struct ikt_hash_vec *v,
		    int nvec, u8 *out)
{
	if (!ikt_hash_available(alg))
		return -EINVAL;
	return ikt_hash_run(ikt_hash_tfms[alg], v, nvec, out);
}
