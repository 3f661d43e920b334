// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel side of kernel/proto/hash.h (CHAP digests) and of ikt_crc32c()
 * (iSCSI digests, kernel/proto/pdu.h): the crypto API's shash transforms,
 * allocated once at module load.  A transform is safe to share between
 * threads; the per-call state lives in an on-stack descriptor.  CRC32C
 * goes through the crypto API rather than libcrc32c so that it works on
 * kernels built without LIBCRC32C, and picks the accelerated driver
 * (crc32c-intel) where there is one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/module.h>

#include "hash.h"
#include "pdu.h"

/* Lets initramfs tools pull the digests in with the module. */
MODULE_SOFTDEP("pre: crc32c md5 sha1 sha256 sha3_generic");

static const char *const ikt_hash_names[IKT_HASH_NR] = {
	[IKT_HASH_MD5]		= "md5",
	[IKT_HASH_SHA1]		= "sha1",
	[IKT_HASH_SHA256]	= "sha256",
	[IKT_HASH_SHA3_256]	= "sha3-256",
};

static struct crypto_shash *ikt_hash_tfms[IKT_HASH_NR];
static struct crypto_shash *ikt_crc32c_tfm;

u32 ikt_crc32c(u32 seed, const void *p, size_t len)
{
	SHASH_DESC_ON_STACK(desc, ikt_crc32c_tfm);
	u32 *crc = shash_desc_ctx(desc);

	/* The crc32c shash keeps the running value, uninverted, as its state. */
	desc->tfm = ikt_crc32c_tfm;
	*crc = seed;
	crypto_shash_update(desc, p, len);	/* cannot fail for crc32c */
	return *crc;
}

int ikt_hash_init(void)
{
	struct crypto_shash *tfm;
	int i;

	ikt_crc32c_tfm = crypto_alloc_shash("crc32c", 0, 0);
	if (IS_ERR(ikt_crc32c_tfm)) {
		pr_err("crc32c unavailable (%ld)\n", PTR_ERR(ikt_crc32c_tfm));
		return PTR_ERR(ikt_crc32c_tfm);
	}

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
	return 0;
}

void ikt_hash_exit(void)
{
	int i;

	for (i = 0; i < IKT_HASH_NR; i++) {
		crypto_free_shash(ikt_hash_tfms[i]);
		ikt_hash_tfms[i] = NULL;
	}
	crypto_free_shash(ikt_crc32c_tfm);
	ikt_crc32c_tfm = NULL;
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
