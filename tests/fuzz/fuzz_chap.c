// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the CHAP state machine (kernel/proto/chap.c).
 *
 * Input: one flag byte, one seed byte, then NUL-separated values for
 * CHAP_A, CHAP_N, CHAP_R, CHAP_I and CHAP_C.  Each value gets its own
 * exactly-sized heap copy, so ASan sees any read past its terminator.
 * A flag makes the harness replace CHAP_R with the correct answer (hex or
 * base64) so that the mutual-CHAP path is reachable; without it, a
 * successful login would mean a forged response was accepted: abort.
 * Other flags send the target's own challenge back as CHAP_C (it must be
 * refused) and repeat CHAP_A after the exchange (it must be refused).
 * Accounts with an out-of-range secret must never authenticate.
 */
#include <stdio.h>
#include <stdlib.h>

#include "chap.h"
#include "hash.h"

enum {
	F_MUTUAL_REQUIRED	= 1 << 0,
	F_RIGHT_RESPONSE	= 1 << 1,
	F_BASE64		= 1 << 2,
	F_NO_I			= 1 << 3,
	F_NO_C			= 1 << 4,
	F_SMALL_OUT		= 1 << 5,
	F_REFLECT		= 1 << 6,
	F_A_AGAIN		= 1 << 7,
};

static const u8 long_secret[IKT_CHAP_SECRET_MAX + 1];

static const struct ikt_chap_user users[] = {
	{ "alice", (const u8 *)"secret-12345", 12, "iqn.t",
	  (const u8 *)"other-secret-678", 16 },
	{ "bob", (const u8 *)"b\0b\0b\0b\0b\0b\0", 12, NULL, NULL, 0 },
	/* Out of range: no secret, a peer secret too long. */
	{ "carol", (const u8 *)"", 0, "iqn.t", (const u8 *)"x", 1 },
	{ "dave", (const u8 *)"dave-secret!", 12, "iqn.t", long_secret,
	  sizeof(long_secret) },
};

static const struct ikt_chap_user *find_user(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(users); i++)
		if (!strcmp(name, users[i].name))
			return &users[i];
	return NULL;
}

/* Lookups not yet put. */
static int lookups;

static const struct ikt_chap_user *lookup(void *ctx, const char *name)
{
	const struct ikt_chap_user *user = find_user(name);

	if (user)
		lookups++;
	return user;
}

static void put(void *ctx, const struct ikt_chap_user *user)
{
	lookups--;
}

static const struct ikt_chap_creds creds = { .lookup = lookup, .put = put };

static bool secret_ok(size_t len)
{
	return len && len <= IKT_CHAP_SECRET_MAX;
}

static u8 seed;

static void fuzz_rand(void *buf, size_t len)
{
	u8 *b = buf;

	while (len--)
		*b++ = seed++;
}

/* Next NUL-terminated field of the input, as an exact-size heap copy. */
static char *field(const u8 **p, const u8 *end)
{
	const u8 *start = *p;
	size_t n;
	char *s;

	if (start >= end)
		return NULL;
	for (n = 0; start + n < end && start[n]; n++)
		;
	*p = start + n + 1;
	s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, start, n);
	s[n] = '\0';
	return s;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The correct CHAP_R for @user in @chap's session, encoded per @flags. */
static char *right_response(const struct ikt_chap *chap, const char *name,
			    u8 flags)
{
	const struct ikt_chap_user *user = find_user(name);
	u8 d[IKT_HASH_MAX_LEN];
	struct ikt_hash_vec v[3];
	int len = ikt_hash_len(chap->alg), i;
	char *s, *o;

	if (!user)
		return NULL;
	v[0] = (struct ikt_hash_vec){ &chap->id, 1 };
	v[1] = (struct ikt_hash_vec){ user->secret, user->secret_len };
	v[2] = (struct ikt_hash_vec){ chap->challenge, chap->challenge_len };
	if (ikt_hash_digest(chap->alg, v, 3, d))
		abort();
	s = malloc(2 + 2 * len + 1);
	if (!s)
		abort();
	o = s;
	*o++ = '0';
	if (flags & F_BASE64) {
		*o++ = 'b';
		for (i = 0; i < len; i += 3) {
			u32 q = d[i] << 16 | (i + 1 < len ? d[i + 1] << 8 : 0) |
				(i + 2 < len ? d[i + 2] : 0);

			*o++ = b64[q >> 18 & 63];
			*o++ = b64[q >> 12 & 63];
			*o++ = i + 1 < len ? b64[q >> 6 & 63] : '=';
			*o++ = i + 2 < len ? b64[q & 63] : '=';
		}
	} else {
		*o++ = 'x';
		for (i = 0; i < len; i++)
			o += sprintf(o, "%02x", d[i]);
	}
	*o = '\0';
	return s;
}

/* @chap's own challenge as a CHAP_C value. */
static char *own_challenge(const struct ikt_chap *chap)
{
	char *s = malloc(2 + 2 * chap->challenge_len + 1), *o = s;
	int i;

	if (!s)
		abort();
	o += sprintf(o, "0x");
	for (i = 0; i < chap->challenge_len; i++)
		o += sprintf(o, "%02x", chap->challenge[i]);
	return s;
}

/* Every answer must be whole "key=value\0" pairs. */
static void check_text(const char *out, int len)
{
	if (len < 0)
		return;
	if (len > 0 && out[len - 1])
		abort();
	if (len > 0 && !memchr(out, '=', len))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const u8 *p = data + 2, *end = data + size;
	char *a, *n, *r, *i, *c, *good = NULL, *mine = NULL;
	const struct ikt_chap_user *user;
	bool mutual;
	char out[IKT_CHAP_OUT_MAX];
	struct ikt_chap chap;
	size_t outlen;
	u8 flags;
	int ret;

	if (size < 2)
		return 0;
	flags = data[0];
	seed = data[1];
	outlen = flags & F_SMALL_OUT ? 40 : sizeof(out);
	a = field(&p, end);
	n = field(&p, end);
	r = field(&p, end);
	i = field(&p, end);
	c = field(&p, end);

	ikt_chap_init(&chap, &creds, flags & F_MUTUAL_REQUIRED, fuzz_rand);
	ret = ikt_chap_handle_a(&chap, a, out, outlen);
	check_text(out, ret);
	if (ret >= 0 && n && (flags & F_RIGHT_RESPONSE))
		good = right_response(&chap, n, flags);
	if (ret >= 0 && (flags & F_REFLECT))
		mine = own_challenge(&chap);
	mutual = !(flags & F_NO_I) && i;
	ret = ikt_chap_handle_response(&chap, n, good ? good : r,
				       flags & F_NO_I ? NULL : i,
				       mine ? mine : flags & F_NO_C ? NULL : c,
				       out, outlen);
	check_text(out, ret);
	if (lookups)
		abort();
	user = n ? find_user(n) : NULL;
	if (ret >= 0 && (!good || !ikt_chap_done(&chap) || mine ||
			 !secret_ok(user->secret_len) ||
			 (mutual && !secret_ok(user->peer_secret_len))))
		abort();
	if (ret < 0 && ikt_chap_done(&chap))
		abort();
	if ((flags & F_A_AGAIN) && ikt_chap_handle_a(&chap, a, out, outlen) >= 0)
		abort();
	ikt_chap_destroy(&chap);

	free(mine);
	free(good);
	free(a);
	free(n);
	free(r);
	free(i);
	free(c);
	return 0;
}
