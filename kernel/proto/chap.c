// SPDX-License-Identifier: GPL-2.0
/*
 * Target side of iSCSI CHAP; see chap.h for the contract.
 *
 * Every value is length-checked with a bounded strnlen() before it is
 * decoded, and the decoded length is known from the encoded one before any
 * byte is written, so nothing is sized by the peer beyond the fixed caps.
 */
#include "port.h"
#include "chap.h"

/* CHAP_A numbers (IANA "PPP Authentication Algorithms") we implement. */
static const struct {
	u8 chap_a;
	enum ikt_hash_alg alg;
} ikt_chap_algs[] = {
	{ 5, IKT_HASH_MD5 },
	{ 6, IKT_HASH_SHA1 },
	{ 7, IKT_HASH_SHA256 },
	{ 8, IKT_HASH_SHA3_256 },
};

/* Longest CHAP_R we accept: "0x" + hex of the largest digest. */
#define IKT_CHAP_R_STR_MAX	(2 + 2 * IKT_HASH_MAX_LEN)
/* Longest CHAP_C: "0x" + hex of IKT_CHAP_CHALLENGE_MAX (base64 is shorter). */
#define IKT_CHAP_C_STR_MAX	(2 + 2 * IKT_CHAP_CHALLENGE_MAX)
/* CHAP_A is a text value: RFC 7143 caps those at 255 bytes. */
#define IKT_CHAP_A_STR_MAX	255
/* CHAP_I: "0x" plus leading zeros is still tiny; the value is checked too. */
#define IKT_CHAP_I_STR_MAX	16

static const char ikt_hex_digits[] = "0123456789abcdef";

/*
 * Deliberately no early exit, so the time taken does not tell an attacker
 * how many leading bytes of a forged response were right.
 */
static bool ikt_chap_equal(const u8 *a, const u8 *b, size_t n)
{
	u8 diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

/* Length of @s if it is 1..@max bytes long, else -EPROTO. */
static int ikt_chap_value_len(const char *s, size_t max)
{
	size_t n;

	if (!s)
		return -EPROTO;
	n = strnlen(s, max + 1);
	if (!n || n > max)
		return -EPROTO;
	return n;
}

static int ikt_b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static bool ikt_chap_is_hex(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

static bool ikt_chap_is_b64(const char *s)
{
	return s[0] == '0' && (s[1] == 'b' || s[1] == 'B');
}

/* Number of base64 data characters in @s (@n long, no prefix). */
static size_t ikt_b64_data_len(const char *s, size_t n)
{
	size_t pad = 0;

	while (pad < 2 && pad < n && s[n - 1 - pad] == '=')
		pad++;
	if (pad && n % 4)
		return 1;	/* padded, so must be whole quanta: invalid */
	return n - pad;
}

/*
 * Decoded length of an RFC 7143 binary value @s of length @n, from its
 * syntax alone, or -EPROTO.  Hex must have an even number of digits;
 * base64 may be padded or not.
 */
static int ikt_chap_bin_len(const char *s, size_t n)
{
	size_t d;

	if (n < 3)
		return -EPROTO;
	if (ikt_chap_is_hex(s)) {
		if (n % 2)
			return -EPROTO;
		return (n - 2) / 2;
	}
	if (ikt_chap_is_b64(s)) {
		d = ikt_b64_data_len(s + 2, n - 2);
		if (!d || d % 4 == 1)
			return -EPROTO;
		return d / 4 * 3 + (d % 4 ? d % 4 - 1 : 0);
	}
	return -EPROTO;
}

/*
 * Decode @s (length @n, ikt_chap_bin_len() >= 0) into @out, which holds
 * that many bytes.  Rejects bad digits and base64 with non-zero leftover
 * bits, so every binary value has a single accepted spelling per case.
 */
static int ikt_chap_decode(const char *s, size_t n, u8 *out)
{
	u32 acc = 0;
	int bits = 0, v, hi;
	size_t i, d;

	if (ikt_chap_is_hex(s)) {
		for (i = 2; i < n; i += 2) {
			hi = hex_to_bin(s[i]);
			v = hex_to_bin(s[i + 1]);
			if (hi < 0 || v < 0)
				return -EPROTO;
			*out++ = hi << 4 | v;
		}
		return 0;
	}
	d = ikt_b64_data_len(s + 2, n - 2);
	for (i = 2; i < 2 + d; i++) {
		v = ikt_b64_val(s[i]);
		if (v < 0)
			return -EPROTO;
		acc = (acc << 6 | v) & 0xfff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*out++ = acc >> bits;
		}
	}
	return acc & ((1u << bits) - 1) ? -EPROTO : 0;
}

/*
 * RFC 7143 numeric value: decimal or "0x" hex, at most @max.  Returns the
 * value or -EPROTO.
 */
static int ikt_chap_number(const char *s, size_t n, u32 max)
{
	int base = 10;
	u32 val = 0;
	size_t i = 0;
	int d;

	if (n > 2 && ikt_chap_is_hex(s)) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return -EPROTO;
	for (; i < n; i++) {
		d = hex_to_bin(s[i]);
		if (d < 0 || d >= base)
			return -EPROTO;
		val = val * base + d;
		if (val > max)
			return -EPROTO;
	}
	return val;
}

/* Builder for "key=value\0" login text in the caller's buffer. */
struct ikt_chap_out {
	char *buf;
	size_t size;
	size_t pos;
};

static int ikt_chap_put(struct ikt_chap_out *o, const void *p, size_t n)
{
	if (n > o->size - o->pos)
		return -ENOSPC;
	memcpy(o->buf + o->pos, p, n);
	o->pos += n;
	return 0;
}

/* Appends "@key=@val\0". */
static int ikt_chap_put_str(struct ikt_chap_out *o, const char *key,
			    const char *val)
{
	return ikt_chap_put(o, key, strlen(key)) ?:
	       ikt_chap_put(o, "=", 1) ?:
	       ikt_chap_put(o, val, strlen(val) + 1);
}

static int ikt_chap_put_u8(struct ikt_chap_out *o, const char *key, u8 v)
{
	char num[4];
	int i = sizeof(num) - 1;

	num[i] = '\0';
	do {
		num[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	return ikt_chap_put_str(o, key, num + i);
}

/* Appends "@key=0x<hex>\0". */
static int ikt_chap_put_hex(struct ikt_chap_out *o, const char *key,
			    const u8 *b, size_t n)
{
	char pair[2];
	int ret;

	ret = ikt_chap_put(o, key, strlen(key)) ?:
	      ikt_chap_put(o, "=0x", 3);
	while (!ret && n--) {
		pair[0] = ikt_hex_digits[*b >> 4];
		pair[1] = ikt_hex_digits[*b++ & 0xf];
		ret = ikt_chap_put(o, pair, 2);
	}
	return ret ?: ikt_chap_put(o, "", 1);
}

/* RFC 1994: digest of identifier || secret || challenge. */
static int ikt_chap_digest(enum ikt_hash_alg alg, u8 id, const u8 *secret,
			   size_t secret_len, const u8 *challenge,
			   size_t challenge_len, u8 *out)
{
	const struct ikt_hash_vec v[] = {
		{ &id, 1 },
		{ secret, secret_len },
		{ challenge, challenge_len },
	};

	return ikt_hash_digest(alg, v, ARRAY_SIZE(v), out);
}

static bool ikt_chap_secret_ok(const u8 *secret, size_t len)
{
	return secret && len && len <= IKT_CHAP_SECRET_MAX;
}

void ikt_chap_init(struct ikt_chap *chap, const struct ikt_chap_creds *creds,
		   bool mutual_required, void (*rand)(void *buf, size_t len))
{
	memset(chap, 0, sizeof(*chap));
	chap->state = IKT_CHAP_WAIT_A;
	chap->creds = creds;
	chap->mutual_required = mutual_required;
	chap->rand = rand;
}

void ikt_chap_destroy(struct ikt_chap *chap)
{
	ikt_memzero_explicit(chap, sizeof(*chap));
}

/* First entry of the initiator's list that we implement, or -EACCES. */
static int ikt_chap_pick_alg(const char *list, size_t n)
{
	size_t start, end;
	int val;
	unsigned int i;

	for (start = 0; start < n; start = end + 1) {
		for (end = start; end < n && list[end] != ','; end++)
			;
		/* Unknown or non-numeric entries (e.g. "None") are skipped. */
		val = ikt_chap_number(list + start, end - start, 255);
		if (val < 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(ikt_chap_algs); i++) {
			if (ikt_chap_algs[i].chap_a == val &&
			    ikt_hash_available(ikt_chap_algs[i].alg))
				return i;
		}
	}
	return -EACCES;
}

int ikt_chap_handle_a(struct ikt_chap *chap, const char *chap_a,
		      char *out, size_t outlen)
{
	struct ikt_chap_out o = { out, outlen, 0 };
	int n, i, ret;

	if (chap->state != IKT_CHAP_WAIT_A) {
		ret = -EPROTO;
		goto fail;
	}
	n = ikt_chap_value_len(chap_a, IKT_CHAP_A_STR_MAX);
	if (n < 0) {
		ret = n;
		goto fail;
	}
	i = ikt_chap_pick_alg(chap_a, n);
	if (i < 0) {
		ret = i;
		goto fail;
	}
	chap->alg = ikt_chap_algs[i].alg;
	chap->challenge_len = ikt_hash_len(chap->alg);
	chap->rand(&chap->id, 1);
	chap->rand(chap->challenge, chap->challenge_len);

	ret = ikt_chap_put_u8(&o, "CHAP_A", ikt_chap_algs[i].chap_a) ?:
	      ikt_chap_put_u8(&o, "CHAP_I", chap->id) ?:
	      ikt_chap_put_hex(&o, "CHAP_C", chap->challenge,
			       chap->challenge_len);
	if (ret)
		goto fail;
	chap->state = IKT_CHAP_WAIT_R;
	return o.pos;
fail:
	chap->state = IKT_CHAP_FAILED;
	return ret;
}

/*
 * The initiator's half of mutual CHAP, checked for syntax only: decodes
 * CHAP_I into *@id and CHAP_C into a buffer the caller frees.
 */
static int ikt_chap_parse_mutual(const char *chap_i, const char *chap_c,
				 u8 *id, u8 **challenge, size_t *len)
{
	int n, blen;
	u8 *buf;

	n = ikt_chap_value_len(chap_i, IKT_CHAP_I_STR_MAX);
	if (n < 0)
		return n;
	n = ikt_chap_number(chap_i, n, 255);
	if (n < 0)
		return n;
	*id = n;

	n = ikt_chap_value_len(chap_c, IKT_CHAP_C_STR_MAX);
	if (n < 0)
		return n;
	blen = ikt_chap_bin_len(chap_c, n);
	if (blen < 0 || blen > IKT_CHAP_CHALLENGE_MAX)
		return -EPROTO;
	if (blen < IKT_CHAP_CHALLENGE_MIN)
		return -EACCES;
	buf = ikt_alloc(blen);
	if (!buf)
		return -ENOMEM;
	if (ikt_chap_decode(chap_c, n, buf)) {
		ikt_free(buf);
		return -EPROTO;
	}
	*challenge = buf;
	*len = blen;
	return 0;
}

/*
 * Checks @resp against @user's secret and, when @challenge is set,
 * answers the initiator's challenge with the peer credentials.
 */
static int ikt_chap_verify(struct ikt_chap *chap,
			   const struct ikt_chap_user *user, const u8 *resp,
			   u8 peer_id, const u8 *challenge, size_t challenge_len,
			   struct ikt_chap_out *o)
{
	u8 expect[IKT_HASH_MAX_LEN];
	int dlen = ikt_hash_len(chap->alg);
	int ret;

	if (!ikt_chap_secret_ok(user->secret, user->secret_len))
		return -EACCES;
	ret = ikt_chap_digest(chap->alg, chap->id, user->secret,
			      user->secret_len, chap->challenge,
			      chap->challenge_len, expect);
	if (!ret && !ikt_chap_equal(expect, resp, dlen))
		ret = -EACCES;
	if (ret || !challenge)
		goto out;

	/*
	 * RFC 7143 forbids one secret for both directions: with it, the
	 * target's answer would be a valid initiator response.
	 */
	if (!user->peer_name || !user->peer_name[0] ||
	    !ikt_chap_secret_ok(user->peer_secret, user->peer_secret_len) ||
	    (user->peer_secret_len == user->secret_len &&
	     ikt_chap_equal(user->peer_secret, user->secret,
			    user->secret_len))) {
		ret = -EACCES;
		goto out;
	}
	ret = ikt_chap_digest(chap->alg, peer_id, user->peer_secret,
			      user->peer_secret_len, challenge, challenge_len,
			      expect);
	if (!ret)
		ret = ikt_chap_put_str(o, "CHAP_N", user->peer_name) ?:
		      ikt_chap_put_hex(o, "CHAP_R", expect, dlen);
out:
	ikt_memzero_explicit(expect, sizeof(expect));
	return ret;
}

int ikt_chap_handle_response(struct ikt_chap *chap, const char *chap_n,
			     const char *chap_r, const char *chap_i,
			     const char *chap_c, char *out, size_t outlen)
{
	struct ikt_chap_out o = { out, outlen, 0 };
	const struct ikt_chap_creds *creds = chap->creds;
	const struct ikt_chap_user *user;
	u8 resp[IKT_HASH_MAX_LEN];
	u8 *challenge = NULL;
	size_t challenge_len = 0;
	enum ikt_chap_state state;
	u8 peer_id = 0;
	int n, ret;

	/* Until proven otherwise: every error below is final. */
	state = chap->state;
	chap->state = IKT_CHAP_FAILED;
	if (state != IKT_CHAP_WAIT_R) {
		ret = -EPROTO;
		goto fail;
	}

	/* Syntax first: a malformed request is an initiator error. */
	ret = ikt_chap_value_len(chap_n, IKT_CHAP_NAME_MAX);
	if (ret < 0)
		goto fail;
	n = ikt_chap_value_len(chap_r, IKT_CHAP_R_STR_MAX);
	if (n < 0 || ikt_chap_bin_len(chap_r, n) != ikt_hash_len(chap->alg) ||
	    ikt_chap_decode(chap_r, n, resp)) {
		ret = -EPROTO;
		goto fail;
	}
	if (!chap_i != !chap_c) {
		ret = -EPROTO;
		goto fail;
	}
	if (chap_i) {
		ret = ikt_chap_parse_mutual(chap_i, chap_c, &peer_id,
					    &challenge, &challenge_len);
		if (ret)
			goto fail;
		/* RFC 7143: the target MUST refuse its own challenge back. */
		if (challenge_len == chap->challenge_len &&
		    ikt_chap_equal(challenge, chap->challenge, challenge_len)) {
			ret = -EACCES;
			goto fail;
		}
	} else if (chap->mutual_required) {
		ret = -EACCES;
		goto fail;
	}

	user = creds->lookup(creds->ctx, chap_n);
	if (!user) {
		ret = -EACCES;
		goto fail;
	}
	ret = ikt_chap_verify(chap, user, resp, peer_id, challenge,
			      challenge_len, &o);
	if (creds->put)
		creds->put(creds->ctx, user);
	if (ret)
		goto fail;
	chap->state = IKT_CHAP_DONE;
	ret = o.pos;
	goto out;
fail:
	/* May hold part of the target's mutual response. */
	ikt_memzero_explicit(out, o.pos);
out:
	ikt_memzero_explicit(resp, sizeof(resp));
	ikt_free(challenge);
	return ret;
}
