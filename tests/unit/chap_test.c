// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the target-side CHAP state machine (kernel/proto/chap.c)
 * and the host digest shim.
 *
 * The "random" source is a counter, so a login whose counter starts at
 * 0x2a gets CHAP_I=42 and the challenge 2b 2c 2d ... (digest length).
 * Known answers were computed outside this code with OpenSSL's CLI, e.g.
 * for SHA-256 (id || secret || challenge, secret "secret-12345"):
 *
 *   sec=$(printf 'secret-12345' | xxd -p)
 *   ch=$(python3 -c 'print(bytes(range(0x2b, 0x2b + 32)).hex())')
 *   echo "2a${sec}${ch}" | xxd -r -p | openssl dgst -sha256
 *
 * (-md5 with 16 challenge bytes, -sha1 with 20, -sha3-256 with 32; the
 * base64 form is the same pipeline with "-binary | base64").  Mutual CHAP
 * answers are checked against a digest the test computes itself with EVP.
 */
#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "chap.h"
#include "hash.h"

#define SECRET		"secret-12345"
#define PEER_SECRET	"target-secret-99"

static const char resp_md5[] = "0x0abd8afc785b5d09b5fd431365cd2221";
static const char resp_md5_b64[] = "0bCr2K/HhbXQm1/UMTZc0iIQ==";
static const char resp_sha1[] = "0xe1225d031991f3f9af64150b6492bb8ed120f6af";
static const char resp_sha256[] =
	"0x469aa8b22f5efefa6a145dd28935908e22882368920da0bd7bca0ae014fca829";
static const char resp_sha3[] =
	"0x6d52ae1524eac82c3d767c52ae4d83cee381abe793102c12abffbcc71c2d1b2d";

static u8 rnd_next;

static void test_rand(void *buf, size_t len)
{
	u8 *b = buf;

	while (len--)
		*b++ = rnd_next++;
}

/* Accounts of one auth group tag; the last one has no mutual credentials. */
static u8 binary_secret[] = { 'a', 0, 'b', 0xff, 0, 'c', 1, 2, 3, 4, 5, 6 };
static u8 long_secret[256];
static struct ikt_chap_user users[] = {
	{ "alice", (const u8 *)SECRET, 12, "iqn.target", (const u8 *)PEER_SECRET,
	  16 },
	{ "bob", binary_secret, sizeof(binary_secret), "tgt-bob",
	  (const u8 *)PEER_SECRET, 16 },
	{ "carol", long_secret, 255, NULL, NULL, 0 },
	{ "dave", (const u8 *)SECRET, 12, "same", (const u8 *)SECRET, 12 },
	{ "empty", (const u8 *)"", 0, NULL, NULL, 0 },
	{ "huge", long_secret, 256, NULL, NULL, 0 },
};

static int lookups, nputs;

static const struct ikt_chap_user *test_lookup(void *ctx, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(users); i++) {
		if (!strcmp(users[i].name, name)) {
			lookups++;
			return &users[i];
		}
	}
	return NULL;
}

static void test_put(void *ctx, const struct ikt_chap_user *user)
{
	nputs++;
}

static const struct ikt_chap_creds creds = {
	.lookup = test_lookup,
	.put = test_put,
};

/* Value of @key in "k=v\0k=v\0" text of @len bytes, or NULL. */
static const char *kv(const char *text, int len, const char *key)
{
	size_t klen = strlen(key);
	int pos = 0;

	while (pos < len) {
		const char *p = text + pos;

		if (!strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		pos += strlen(p) + 1;
	}
	return NULL;
}

static int start(struct ikt_chap *chap, const char *chap_a, bool mutual,
		 char *out, size_t outlen)
{
	rnd_next = 0x2a;
	ikt_chap_init(chap, &creds, mutual, test_rand);
	return ikt_chap_handle_a(chap, chap_a, out, outlen);
}

/* One-way login with @resp as CHAP_R; returns the response handler's code. */
static int one_way(const char *chap_a, const char *user, const char *resp)
{
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX];
	int ret;

	ret = start(&chap, chap_a, false, out, sizeof(out));
	if (ret < 0)
		return -1000 + ret;
	ret = ikt_chap_handle_response(&chap, user, resp, NULL, NULL, out,
				       sizeof(out));
	if (ret >= 0 && !ikt_chap_done(&chap))
		ret = -2000;
	ikt_chap_destroy(&chap);
	return ret;
}

static const EVP_MD *evp_md(enum ikt_hash_alg alg)
{
	switch (alg) {
	case IKT_HASH_MD5:
		return EVP_md5();
	case IKT_HASH_SHA1:
		return EVP_sha1();
	case IKT_HASH_SHA256:
		return EVP_sha256();
	default:
		return EVP_sha3_256();
	}
}

/* Independent "0x<hex>" CHAP response: one EVP_Digest over a flat copy. */
static void expect_response(enum ikt_hash_alg alg, u8 id, const u8 *secret,
			    size_t slen, const u8 *chal, size_t clen,
			    char *hex)
{
	u8 buf[2048], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen, i;

	buf[0] = id;
	memcpy(buf + 1, secret, slen);
	memcpy(buf + 1 + slen, chal, clen);
	EVP_Digest(buf, 1 + slen + clen, md, &mdlen, evp_md(alg), NULL);
	hex += sprintf(hex, "0x");
	for (i = 0; i < mdlen; i++)
		hex += sprintf(hex, "%02x", md[i]);
}

static void hex_of(const u8 *b, size_t n, char *hex)
{
	hex += sprintf(hex, "0x");
	while (n--)
		hex += sprintf(hex, "%02X", *b++);
}

/* Initiator challenge distinct from the target's: bytes 0x80, 0x81, ... */
static void peer_challenge(u8 *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = 0x80 + i;
}

TEST(challenge_format)
{
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX];
	int len;

	len = start(&chap, "5", false, out, sizeof(out));
	ASSERT_EQ(len, 9 + 10 + 42);
	EXPECT_STREQ(out, "CHAP_A=5");
	EXPECT_STREQ(out + 9, "CHAP_I=42");
	EXPECT_STREQ(out + 19, "CHAP_C=0x2b2c2d2e2f303132333435363738393a");
	EXPECT_EQ(chap.state, IKT_CHAP_WAIT_R);
	ikt_chap_destroy(&chap);
}

TEST(challenge_len_per_alg)
{
	static const struct { const char *a; size_t hexlen; } c[] = {
		{ "5", 32 }, { "6", 40 }, { "7", 64 }, { "8", 64 },
	};
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX];
	const char *ch;
	size_t i;
	int len;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		len = start(&chap, c[i].a, false, out, sizeof(out));
		ASSERT_GT(len, 0);
		EXPECT_STREQ(kv(out, len, "CHAP_A"), c[i].a);
		ch = kv(out, len, "CHAP_C");
		ASSERT_NE(ch, NULL);
		EXPECT_EQ(strlen(ch), 2 + c[i].hexlen);
		ikt_chap_destroy(&chap);
	}
}

TEST(kat_md5)
{
	EXPECT_EQ(one_way("5", "alice", resp_md5), 0);
}

TEST(kat_sha1)
{
	EXPECT_EQ(one_way("6", "alice", resp_sha1), 0);
}

TEST(kat_sha256)
{
	EXPECT_EQ(one_way("7", "alice", resp_sha256), 0);
}

TEST(kat_sha3_256)
{
	EXPECT_EQ(one_way("8", "alice", resp_sha3), 0);
}

TEST(hex_uppercase_and_prefix)
{
	char up[sizeof(resp_sha256)];
	size_t i;

	for (i = 0; i < sizeof(resp_sha256); i++)
		up[i] = toupper(resp_sha256[i]);
	EXPECT_EQ(up[1], 'X');
	EXPECT_EQ(one_way("7", "alice", up), 0);
	up[1] = 'x';
	EXPECT_EQ(one_way("7", "alice", up), 0);
}

TEST(base64_forms)
{
	char s[64];

	EXPECT_EQ(one_way("5", "alice", resp_md5_b64), 0);
	strcpy(s, resp_md5_b64);
	s[1] = 'B';
	EXPECT_EQ(one_way("5", "alice", s), 0);
	/* unpadded */
	s[strlen(s) - 2] = '\0';
	EXPECT_EQ(one_way("5", "alice", s), 0);
	/* a single '=' where two belong */
	strcpy(s, resp_md5_b64);
	s[strlen(s) - 1] = '\0';
	EXPECT_EQ(one_way("5", "alice", s), -EPROTO);
}

TEST(wrong_secret)
{
	char bad[sizeof(resp_md5)];

	/* Right response for alice, claimed by bob (different secret). */
	EXPECT_EQ(one_way("5", "bob", resp_md5), -EACCES);
	/* One bit flipped in the last byte. */
	strcpy(bad, resp_md5);
	bad[strlen(bad) - 1] ^= 1;
	EXPECT_EQ(one_way("5", "alice", bad), -EACCES);
	/* Right digest, wrong algorithm: SHA-256 answer to a SHA3 login. */
	EXPECT_EQ(one_way("8", "alice", resp_sha256), -EACCES);
}

TEST(unknown_user)
{
	EXPECT_EQ(one_way("5", "mallory", resp_md5), -EACCES);
	EXPECT_EQ(one_way("5", "alice2", resp_md5), -EACCES);
	EXPECT_EQ(one_way("5", "ALICE", resp_md5), -EACCES);
}

TEST(malformed_response)
{
	static const char *const bad[] = {
		"0abd8afc785b5d09b5fd431365cd2221",	/* no prefix */
		"0x0abd8afc785b5d09b5fd431365cd222",	/* odd hex */
		"0x0abd8afc785b5d09b5fd431365cd22210",	/* odd, overlong */
		"0x0abd8afc785b5d09b5fd431365cd22g1",	/* bad hex digit */
		"0x0abd8afc785b5d09b5fd431365cd22",	/* 15 bytes */
		"0x0abd8afc785b5d09b5fd431365cd222100",	/* 17 bytes */
		"0bCr2K/HhbXQm1/UMTZc0iI*==",		/* bad base64 */
		"0bCr2K/HhbXQm1/UMTZc0iIR==",		/* trailing bits set */
		"0bCr2K/HhbXQm1/UMTZc0iIQ=A",		/* data after pad */
		"0b=Cr2K/HhbXQm1/UMTZc0iIQ=",		/* pad first */
		"0y0abd8afc785b5d09b5fd431365cd2221",	/* unknown prefix */
		"0x",					/* empty */
		"0b",
		"",
		/* overlong: more than any digest */
		"0x0abd8afc785b5d09b5fd431365cd22210abd8afc785b5d09b5fd431365cd2221"
		"0abd8afc785b5d09b5fd431365cd2221",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(one_way("5", "alice", bad[i]), -EPROTO)
			TH_LOG("case %zu", i);
}

TEST(missing_or_bad_name)
{
	char name[IKT_CHAP_NAME_MAX + 2];

	EXPECT_EQ(one_way("5", NULL, resp_md5), -EPROTO);
	EXPECT_EQ(one_way("5", "", resp_md5), -EPROTO);
	EXPECT_EQ(one_way("5", "alice", NULL), -EPROTO);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	EXPECT_EQ(one_way("5", name, resp_md5), -EPROTO);
	/* 255 bytes is within the limit: merely unknown */
	name[IKT_CHAP_NAME_MAX] = '\0';
	EXPECT_EQ(one_way("5", name, resp_md5), -EACCES);
}

TEST(algorithm_preference)
{
	static const struct { const char *list, *pick; } c[] = {
		{ "7,5", "7" },
		{ "5,7", "5" },
		{ "9,5", "5" },
		{ "None,foo,,6", "6" },
		{ "0x8,5", "8" },
		{ "300,5", "5" },
		{ "8,7,6,5", "8" },
	};
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX];
	size_t i;
	int len;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		len = start(&chap, c[i].list, false, out, sizeof(out));
		ASSERT_GT(len, 0) TH_LOG("%s", c[i].list);
		EXPECT_STREQ(kv(out, len, "CHAP_A"), c[i].pick);
		ikt_chap_destroy(&chap);
	}
}

TEST(algorithm_none_common)
{
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX], list[300];

	EXPECT_EQ(start(&chap, "9", false, out, sizeof(out)), -EACCES);
	EXPECT_EQ(chap.state, IKT_CHAP_FAILED);
	EXPECT_EQ(start(&chap, "4,1,MD5,5 ", false, out, sizeof(out)), -EACCES);
	EXPECT_EQ(start(&chap, "", false, out, sizeof(out)), -EPROTO);
	EXPECT_EQ(start(&chap, NULL, false, out, sizeof(out)), -EPROTO);
	memset(list, ',', sizeof(list));
	strcpy(list + sizeof(list) - 3, "5");
	EXPECT_EQ(start(&chap, list, false, out, sizeof(out)), -EPROTO);
}

TEST(state_machine_order)
{
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX];

	ikt_chap_init(&chap, &creds, false, test_rand);
	EXPECT_EQ(ikt_chap_handle_response(&chap, "alice", resp_md5, NULL, NULL,
					   out, sizeof(out)), -EPROTO);
	EXPECT_EQ(ikt_chap_handle_a(&chap, "5", out, sizeof(out)), -EPROTO);

	ASSERT_GT(start(&chap, "5", false, out, sizeof(out)), 0);
	EXPECT_EQ(ikt_chap_handle_a(&chap, "5", out, sizeof(out)), -EPROTO);
	EXPECT_EQ(ikt_chap_handle_response(&chap, "alice", resp_md5, NULL, NULL,
					   out, sizeof(out)), -EPROTO);

	/* A failed response is final, even if a right one follows. */
	ASSERT_GT(start(&chap, "5", false, out, sizeof(out)), 0);
	EXPECT_EQ(ikt_chap_handle_response(&chap, "bob", resp_md5, NULL, NULL,
					   out, sizeof(out)), -EACCES);
	EXPECT_EQ(ikt_chap_handle_response(&chap, "alice", resp_md5, NULL, NULL,
					   out, sizeof(out)), -EPROTO);
	EXPECT_FALSE(ikt_chap_done(&chap));

	/* Success is also final. */
	ASSERT_GT(start(&chap, "5", false, out, sizeof(out)), 0);
	EXPECT_EQ(ikt_chap_handle_response(&chap, "alice", resp_md5, NULL, NULL,
					   out, sizeof(out)), 0);
	EXPECT_TRUE(ikt_chap_done(&chap));
	EXPECT_EQ(ikt_chap_handle_response(&chap, "alice", resp_md5, NULL, NULL,
					   out, sizeof(out)), -EPROTO);
	ikt_chap_destroy(&chap);
}

TEST(several_users_one_tag)
{
	u8 chal[16];
	char resp[80];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = 0x2b + i;
	expect_response(IKT_HASH_MD5, 42, binary_secret, sizeof(binary_secret),
			chal, 16, resp);
	EXPECT_EQ(one_way("5", "bob", resp), 0);
	EXPECT_EQ(one_way("5", "alice", resp), -EACCES);

	for (i = 0; i < (int)sizeof(long_secret); i++)
		long_secret[i] = i * 7;
	expect_response(IKT_HASH_MD5, 42, long_secret, 255, chal, 16, resp);
	EXPECT_EQ(one_way("5", "carol", resp), 0);
}

TEST(secret_length_limits)
{
	u8 chal[16];
	char resp[80];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = 0x2b + i;
	expect_response(IKT_HASH_MD5, 42, (const u8 *)"", 0, chal, 16, resp);
	EXPECT_EQ(one_way("5", "empty", resp), -EACCES);
	expect_response(IKT_HASH_MD5, 42, long_secret, 256, chal, 16, resp);
	EXPECT_EQ(one_way("5", "huge", resp), -EACCES);
}

TEST(lookup_put_balanced)
{
	lookups = nputs = 0;
	EXPECT_EQ(one_way("5", "alice", resp_md5), 0);
	EXPECT_EQ(one_way("5", "bob", resp_md5), -EACCES);
	EXPECT_EQ(one_way("5", "nobody", resp_md5), -EACCES);
	/* malformed: rejected before any lookup */
	EXPECT_EQ(one_way("5", "alice", "0x00"), -EPROTO);
	EXPECT_EQ(lookups, 2);
	EXPECT_EQ(nputs, 2);
}

/* Mutual login as "alice" with @chap_i/@chap_c; returns the handler code. */
static int mutual(const char *a, bool required, const char *user,
		  const char *resp, const char *chap_i, const char *chap_c,
		  char *out, size_t outlen)
{
	struct ikt_chap chap;
	char buf[IKT_CHAP_OUT_MAX];
	int ret;

	ret = start(&chap, a, required, buf, sizeof(buf));
	if (ret < 0)
		return -1000 + ret;
	ret = ikt_chap_handle_response(&chap, user, resp, chap_i, chap_c, out,
				       outlen);
	ikt_chap_destroy(&chap);
	return ret;
}

TEST(mutual_hex_sha256)
{
	char out[IKT_CHAP_OUT_MAX], chap_c[80], expect[80];
	u8 c[32];
	int len;

	peer_challenge(c, sizeof(c));
	hex_of(c, sizeof(c), chap_c);
	len = mutual("7", true, "alice", resp_sha256, "0x07", chap_c, out,
		     sizeof(out));
	ASSERT_GT(len, 0);
	EXPECT_STREQ(kv(out, len, "CHAP_N"), "iqn.target");
	expect_response(IKT_HASH_SHA256, 7, (const u8 *)PEER_SECRET, 16, c,
			sizeof(c), expect);
	EXPECT_STREQ(kv(out, len, "CHAP_R"), expect);
	EXPECT_EQ(len, (int)(strlen("CHAP_N=iqn.target") + 1 +
			     strlen("CHAP_R=") + strlen(expect) + 1));
}

TEST(mutual_base64_sha3_long_challenge)
{
	char out[IKT_CHAP_OUT_MAX], chap_c[1500], expect[80];
	unsigned char c[1024];
	int len, n;

	peer_challenge(c, sizeof(c));
	strcpy(chap_c, "0b");
	n = EVP_EncodeBlock((unsigned char *)chap_c + 2, c, sizeof(c));
	ASSERT_EQ(n, 1368);
	len = mutual("8", false, "alice", resp_sha3, "255", chap_c, out,
		     sizeof(out));
	ASSERT_GT(len, 0);
	expect_response(IKT_HASH_SHA3_256, 255, (const u8 *)PEER_SECRET, 16, c,
			sizeof(c), expect);
	EXPECT_STREQ(kv(out, len, "CHAP_R"), expect);
}

TEST(mutual_md5_minimum_challenge)
{
	char out[IKT_CHAP_OUT_MAX], chap_c[80], expect[80];
	u8 c[16];
	int len;

	peer_challenge(c, sizeof(c));
	hex_of(c, sizeof(c), chap_c);
	len = mutual("5", true, "alice", resp_md5, "0", chap_c, out,
		     sizeof(out));
	ASSERT_GT(len, 0);
	expect_response(IKT_HASH_MD5, 0, (const u8 *)PEER_SECRET, 16, c,
			sizeof(c), expect);
	EXPECT_STREQ(kv(out, len, "CHAP_R"), expect);
}

TEST(mutual_reflection_refused)
{
	char out[IKT_CHAP_OUT_MAX];

	/* The target's own challenge (counter from 0x2b), in either case. */
	EXPECT_EQ(mutual("5", true, "alice", resp_md5, "42",
			 "0x2b2c2d2e2f303132333435363738393a", out,
			 sizeof(out)), -EACCES);
	EXPECT_EQ(mutual("5", true, "alice", resp_md5, "42",
			 "0X2B2C2D2E2F303132333435363738393A", out,
			 sizeof(out)), -EACCES);
	/* ... or base64 */
	EXPECT_EQ(mutual("5", true, "alice", resp_md5, "1",
			 "0bKywtLi8wMTIzNDU2Nzg5Og==", out, sizeof(out)),
		  -EACCES);
}

TEST(mutual_required_but_absent)
{
	char out[IKT_CHAP_OUT_MAX];

	EXPECT_EQ(mutual("5", true, "alice", resp_md5, NULL, NULL, out,
			 sizeof(out)), -EACCES);
	/* not required: one-way is fine */
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, NULL, NULL, out,
			 sizeof(out)), 0);
}

TEST(mutual_half_keys)
{
	char out[IKT_CHAP_OUT_MAX];
	const char *c = "0x808182838485868788898a8b8c8d8e8f";

	EXPECT_EQ(mutual("5", false, "alice", resp_md5, "1", NULL, out,
			 sizeof(out)), -EPROTO);
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, NULL, c, out,
			 sizeof(out)), -EPROTO);
}

TEST(mutual_bad_identifier)
{
	static const char *const bad[] = {
		"256", "-1", "0x100", "abc", "", "1 ", "0x", "99999999999999999",
	};
	char out[IKT_CHAP_OUT_MAX];
	const char *c = "0x808182838485868788898a8b8c8d8e8f";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(mutual("5", false, "alice", resp_md5, bad[i], c, out,
				 sizeof(out)), -EPROTO) TH_LOG("case %zu", i);
	EXPECT_GT(mutual("5", false, "alice", resp_md5, "0xff", c, out,
			 sizeof(out)), 0);
}

TEST(mutual_challenge_length)
{
	char out[IKT_CHAP_OUT_MAX], chap_c[2 + 2 * 1025 + 1];
	u8 c[1025];

	peer_challenge(c, sizeof(c));
	hex_of(c, 15, chap_c);
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, "1", chap_c, out,
			 sizeof(out)), -EACCES);
	hex_of(c, 1025, chap_c);
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, "1", chap_c, out,
			 sizeof(out)), -EPROTO);
	hex_of(c, 1024, chap_c);
	EXPECT_GT(mutual("5", false, "alice", resp_md5, "1", chap_c, out,
			 sizeof(out)), 0);
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, "1",
			 "0x808182838485868788898a8b8c8d8e8", out,
			 sizeof(out)), -EPROTO);
}

TEST(mutual_not_configured_or_same_secret)
{
	char out[IKT_CHAP_OUT_MAX], resp[80];
	const char *c = "0x808182838485868788898a8b8c8d8e8f";
	u8 chal[16];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = 0x2b + i;
	for (i = 0; i < (int)sizeof(long_secret); i++)
		long_secret[i] = i * 7;
	expect_response(IKT_HASH_MD5, 42, long_secret, 255, chal, 16, resp);
	EXPECT_EQ(mutual("5", false, "carol", resp, "1", c, out, sizeof(out)),
		  -EACCES);
	EXPECT_EQ(mutual("5", false, "dave", resp_md5, "1", c, out,
			 sizeof(out)), -EACCES);
}

TEST(mutual_wrong_initiator_response)
{
	char out[IKT_CHAP_OUT_MAX];
	const char *c = "0x808182838485868788898a8b8c8d8e8f";

	memset(out, 0x55, sizeof(out));
	EXPECT_EQ(mutual("5", false, "bob", resp_md5, "1", c, out, sizeof(out)),
		  -EACCES);
	/* Nothing of the target's answer leaks out after a failure. */
	EXPECT_EQ(out[0], 0x55);
}

TEST(output_too_small)
{
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX], zero[IKT_CHAP_OUT_MAX] = { 0 };
	const char *c = "0x808182838485868788898a8b8c8d8e8f";
	int full;

	EXPECT_EQ(start(&chap, "5", false, out, 60), -ENOSPC);
	EXPECT_EQ(start(&chap, "5", false, out, 61), 61);
	full = mutual("5", false, "alice", resp_md5, "1", c, out, sizeof(out));
	ASSERT_GT(full, 0);
	memset(out, 0x55, sizeof(out));
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, "1", c, out, full - 1),
		  -ENOSPC);
	/* The partial answer was wiped. */
	EXPECT_EQ(memcmp(out, zero, full - 1), 0);
	EXPECT_EQ(mutual("5", false, "alice", resp_md5, "1", c, out, full),
		  full);
}

TEST(destroy_wipes)
{
	static const u8 zero[sizeof(struct ikt_chap)];
	struct ikt_chap chap;
	char out[IKT_CHAP_OUT_MAX];

	ASSERT_GT(start(&chap, "7", false, out, sizeof(out)), 0);
	ikt_chap_destroy(&chap);
	EXPECT_EQ(memcmp(&chap, zero, sizeof(chap)), 0);
}

TEST(hash_vectors_concatenate)
{
	static const enum ikt_hash_alg algs[] = {
		IKT_HASH_MD5, IKT_HASH_SHA1, IKT_HASH_SHA256,
		IKT_HASH_SHA3_256,
	};
	const struct ikt_hash_vec whole = { "abcdef", 6 };
	const struct ikt_hash_vec parts[] = {
		{ "ab", 2 }, { "", 0 }, { "cdef", 4 },
	};
	u8 a[IKT_HASH_MAX_LEN], b[IKT_HASH_MAX_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algs); i++) {
		ASSERT_TRUE(ikt_hash_available(algs[i]));
		ASSERT_EQ(ikt_hash_digest(algs[i], &whole, 1, a), 0);
		ASSERT_EQ(ikt_hash_digest(algs[i], parts, 3, b), 0);
		EXPECT_EQ(memcmp(a, b, ikt_hash_len(algs[i])), 0);
	}
	EXPECT_EQ(ikt_hash_len(IKT_HASH_NR), -EINVAL);
	EXPECT_FALSE(ikt_hash_available(IKT_HASH_NR));
	EXPECT_EQ(ikt_hash_digest(IKT_HASH_NR, &whole, 1, a), -EINVAL);
}

TEST_HARNESS_MAIN
