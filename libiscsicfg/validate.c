// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Validation rules applied before anything is sent to the kernel, so that
 * an administrator gets a message naming the field and the rule instead of
 * a bare EINVAL.  The kernel enforces the same limits again: these checks
 * are for the messages, not for safety.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "validate.h"

#define HAS(obj, bit) (!set || ((obj)->fields & (bit)))

static const char name_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789.-:";

int ic_fail(struct ic_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static void copy_err(char *err, size_t errlen, const struct ic_err *e)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", e->msg);
}

int ic_check_short_target_name(struct ic_err *e, const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (!len || len > ISCSICFG_SHORT_NAME_MAX ||
	    strspn(name, name_chars) != len)
		return ic_fail(e, "target name: 1 to %d characters of a-z 0-9 . - : (got \"%s\")",
			       ISCSICFG_SHORT_NAME_MAX, name ? name : "");
	return 0;
}

/*
 * A NAS's rule for a new target: its name is at most 64 characters once
 * the base name is prepended, which keeps it whole in the screens and
 * initiator views that show it.  New targets only: the kernel takes any
 * valid iSCSI name, and a target made with a longer one by another tool
 * can still be changed and deleted here.
 */
int ic_check_new_target_name(struct ic_err *e, const char *full)
{
	size_t len = strlen(full);

	if (len > ISCSICFG_SHORT_NAME_MAX)
		return ic_fail(e, "target name: \"%s\" is %zu characters once expanded, at most %d (choose a shorter name or base name)",
			       full, len, ISCSICFG_SHORT_NAME_MAX);
	return 0;
}

/* the kernel's rule too: 1 to 63 bytes of printable ASCII (0x20..0x7e) */
int ic_check_extent_name(struct ic_err *e, const char *name)
{
	size_t len = name ? strlen(name) : 0, i;

	if (!len)
		return ic_fail(e, "extent name: required");
	if (len >= ISCSICFG_SHORT_NAME_MAX)
		return ic_fail(e, "extent name: at most %d bytes (got %zu)",
			       ISCSICFG_SHORT_NAME_MAX - 1, len);
	for (i = 0; i < len; i++)
		if (name[i] < 0x20 || name[i] > 0x7e)
			return ic_fail(e, "extent name: printable ASCII only");
	return 0;
}

static bool all_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* iqn.yyyy-mm.reversed.domain[:anything], RFC 7143 section 4.2.7.2 */
static bool iqn_valid(const char *s)
{
	const char *p = s + 4, *end, *dots;
	int month;

	if (strlen(p) < 8 || !isdigit((unsigned char)p[0]) ||
	    !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
	    !isdigit((unsigned char)p[3]) || p[4] != '-' ||
	    !isdigit((unsigned char)p[5]) || !isdigit((unsigned char)p[6]))
		return false;
	month = (p[5] - '0') * 10 + (p[6] - '0');
	if (month < 1 || month > 12)
		return false;
	p += 7;
	if (*p == '\0')
		return true;
	if (*p != '.')
		return false;
	p++;
	end = p + strcspn(p, ":");
	/* naming authority: dot-separated non-empty labels */
	dots = strstr(p, "..");
	if (p == end || *p == '.' || end[-1] == '.' || (dots && dots < end))
		return false;
	if (strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789.-") <
	    (size_t)(end - p))
		return false;
	return strspn(end, name_chars) == strlen(end);
}

int ic_check_iscsi_name(struct ic_err *e, const char *what, const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (!len)
		return ic_fail(e, "%s: required", what);
	if (len >= ISCSICFG_NAME_MAX)
		return ic_fail(e, "%s: at most %d bytes (got %zu)", what,
			       ISCSICFG_NAME_MAX - 1, len);
	if (!strncmp(name, "iqn.", 4)) {
		if (!iqn_valid(name))
			return ic_fail(e, "%s: \"%s\" is not iqn.YYYY-MM.reversed.domain[:id] of a-z 0-9 . - :",
				       what, name);
		return 0;
	}
	if (!strncmp(name, "eui.", 4)) {
		if (len != 4 + 16 || !all_hex(name + 4, 16))
			return ic_fail(e, "%s: \"%s\" is not eui. and 16 hex digits",
				       what, name);
		return 0;
	}
	if (!strncmp(name, "naa.", 4)) {
		if ((len != 4 + 16 && len != 4 + 32) ||
		    !all_hex(name + 4, len - 4))
			return ic_fail(e, "%s: \"%s\" is not naa. and 16 or 32 hex digits",
				       what, name);
		return 0;
	}
	return ic_fail(e, "%s: \"%s\" must start with iqn., eui. or naa.",
		       what, name);
}

IC_EXPORT int iscsicfg_target_name_expand(const char *basename,
					  const char *name, char *out,
					  size_t outlen, char *err,
					  size_t errlen)
{
	struct ic_err e;
	int ret, n;

	if (!name || !*name) {
		ret = ic_fail(&e, "target name: required");
		goto fail;
	}
	if (ic_name_has_type(name)) {
		n = snprintf(out, outlen, "%s", name);
	} else {
		if (!basename || !*basename)
			basename = ISCSICFG_DEFAULT_BASENAME;
		ret = ic_check_iscsi_name(&e, "base name", basename);
		if (ret)
			goto fail;
		n = snprintf(out, outlen, "%s:%s", basename, name);
	}
	if (n < 0 || (size_t)n >= outlen) {
		ret = ic_fail(&e, "target name: \"%s\" is %d bytes once expanded, at most %d",
			      name, n, ISCSICFG_NAME_MAX - 1);
		goto fail;
	}
	ret = ic_check_iscsi_name(&e, "target name", out);
	if (!ret)
		return 0;
fail:
	copy_err(err, errlen, &e);
	return ret;
}

int ic_check_text(struct ic_err *e, const char *what, const char *s,
		  size_t max, bool required)
{
	size_t len = s ? strlen(s) : 0, i;

	if (!len) {
		if (required)
			return ic_fail(e, "%s: required", what);
		return 0;
	}
	if (len >= max)
		return ic_fail(e, "%s: at most %zu bytes (got %zu)", what,
			       max - 1, len);
	for (i = 0; i < len; i++)
		if (iscntrl((unsigned char)s[i]))
			return ic_fail(e, "%s: control characters are not allowed",
				       what);
	return 0;
}

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < 1 || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

static int parse_addr(const char *s, struct iscsicfg_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

IC_EXPORT int iscsicfg_parse_listen(const char *s, struct iscsicfg_listen *out,
				    char *err, size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 16];
	const char *port = NULL;
	struct ic_err e;
	char *p;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!s || !*s || strlen(s) >= sizeof(buf)) {
		ret = ic_fail(&e, "listen: \"%s\" is not ADDR, ADDR:PORT or [IPV6]:PORT",
			      s ? s : "");
		goto fail;
	}
	strcpy(buf, s);
	if (buf[0] == '[') {
		p = strchr(buf, ']');
		if (!p || (p[1] && p[1] != ':')) {
			ret = ic_fail(&e, "listen: \"%s\": expected [IPV6] or [IPV6]:PORT", s);
			goto fail;
		}
		*p = '\0';
		if (p[1])
			port = p + 2;
		if (parse_addr(buf + 1, &out->addr) ||
		    out->addr.family != AF_INET6) {
			ret = ic_fail(&e, "listen: \"%s\" is not an IPv6 address",
				      buf + 1);
			goto fail;
		}
	} else {
		p = strchr(buf, ':');
		/* one colon: IPv4:port; more: a bare IPv6 address */
		if (p && !strchr(p + 1, ':')) {
			*p = '\0';
			port = p + 1;
		}
		if (parse_addr(buf, &out->addr) ||
		    (port && out->addr.family != AF_INET)) {
			ret = ic_fail(&e, "listen: \"%s\" is not an IPv4 or IPv6 address",
				      buf);
			goto fail;
		}
	}
	out->port = ISCSICFG_DEFAULT_PORT;
	if (port && parse_port(port, &out->port)) {
		ret = ic_fail(&e, "listen: port \"%s\" is not 1..65535", port);
		goto fail;
	}
	return 0;
fail:
	copy_err(err, errlen, &e);
	return ret;
}

static int check_host_bits(struct ic_err *e, const struct iscsicfg_network *n)
{
	unsigned int bits = n->addr.family == AF_INET ? 32 : 128, i;
	char buf[INET6_ADDRSTRLEN];

	if (n->addr.family != AF_INET && n->addr.family != AF_INET6)
		return ic_fail(e, "network: address family must be IPv4 or IPv6");
	if (n->prefix > bits)
		return ic_fail(e, "network: prefix length %u exceeds %u",
			       n->prefix, bits);
	for (i = n->prefix; i < bits; i++) {
		if (n->addr.bytes[i / 8] & (0x80 >> (i % 8))) {
			iscsicfg_addr_format(&n->addr, buf, sizeof(buf));
			return ic_fail(e, "network: %s/%u has host bits set",
				       buf, n->prefix);
		}
	}
	return 0;
}

IC_EXPORT int iscsicfg_parse_network(const char *s,
				     struct iscsicfg_network *out,
				     char *err, size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	unsigned long prefix;
	struct ic_err e;
	char *slash, *end;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!s || !*s || strlen(s) >= sizeof(buf)) {
		ret = ic_fail(&e, "network: \"%s\" is not ADDR/PREFIX",
			      s ? s : "");
		goto fail;
	}
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (parse_addr(buf, &out->addr)) {
		ret = ic_fail(&e, "network: \"%s\" is not an IPv4 or IPv6 address",
			      buf);
		goto fail;
	}
	prefix = out->addr.family == AF_INET ? 32 : 128;
	if (slash) {
		errno = 0;
		if (!isdigit((unsigned char)slash[1]))
			prefix = 999;
		else
			prefix = strtoul(slash + 1, &end, 10);
		if (errno || prefix > (out->addr.family == AF_INET ? 32u : 128u) ||
		    (slash[1] && *end)) {
			ret = ic_fail(&e, "network: prefix \"%s\" is not 0..%d",
				      slash + 1,
				      out->addr.family == AF_INET ? 32 : 128);
			goto fail;
		}
	}
	out->prefix = (uint8_t)prefix;
	ret = check_host_bits(&e, out);
	if (!ret)
		return 0;
fail:
	copy_err(err, errlen, &e);
	return ret;
}

IC_EXPORT int iscsicfg_parse_size(const char *s, uint64_t *out, char *err,
				  size_t errlen)
{
	unsigned long long v;
	struct ic_err e;
	unsigned int shift = 0;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		goto bad;
	switch (toupper((unsigned char)*end)) {
	case '\0':
		break;
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	case 'T':
		shift = 40;
		break;
	default:
		goto bad;
	}
	if (*end) {
		end++;
		if (!strcasecmp(end, "ib") || !strcasecmp(end, "b"))
			end += strlen(end);
		if (*end)
			goto bad;
	}
	if (shift && v > (UINT64_MAX >> shift))
		goto bad;
	*out = (uint64_t)v << shift;
	return 0;
bad:
	ic_fail(&e, "size: \"%s\" is not a number of bytes with an optional K, M, G or T suffix",
		s ? s : "");
	copy_err(err, errlen, &e);
	return -EINVAL;
}

#define NNAMES(a) (sizeof(a) / sizeof((a)[0]))

/* The index of @s (any case) in @names, or -1: enums named in the tool. */
static int name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcasecmp(s, names[i]))
			return (int)i;
	return -1;
}

static const char *name_at(const char *const *names, size_t n,
			   unsigned int i)
{
	return i < n ? names[i] : "?";
}

static const char *const rpm_names[] = {
	[ISCSICFG_RPM_UNKNOWN] = "UNKNOWN",
	[ISCSICFG_RPM_SSD] = "SSD",
	[ISCSICFG_RPM_5400] = "5400",
	[ISCSICFG_RPM_7200] = "7200",
	[ISCSICFG_RPM_10000] = "10000",
	[ISCSICFG_RPM_15000] = "15000",
};

IC_EXPORT int iscsicfg_rpm_from_name(const char *s, enum iscsicfg_rpm *out)
{
	int i = name_index(rpm_names, NNAMES(rpm_names), s);

	if (i < 0)
		return -EINVAL;
	*out = (enum iscsicfg_rpm)i;
	return 0;
}

IC_EXPORT const char *iscsicfg_rpm_name(enum iscsicfg_rpm rpm)
{
	return name_at(rpm_names, NNAMES(rpm_names), rpm);
}

static const char *const auth_names[] = {
	[ISCSICFG_AUTH_NONE] = "none",
	[ISCSICFG_AUTH_CHAP] = "chap",
	[ISCSICFG_AUTH_CHAP_MUTUAL] = "mutual",
};

IC_EXPORT int iscsicfg_auth_method_from_name(const char *s,
					     enum iscsicfg_auth_method *out)
{
	int i = name_index(auth_names, NNAMES(auth_names), s);

	if (i < 0)
		return -EINVAL;
	*out = (enum iscsicfg_auth_method)i;
	return 0;
}

IC_EXPORT const char *iscsicfg_auth_method_name(enum iscsicfg_auth_method m)
{
	return name_at(auth_names, NNAMES(auth_names), m);
}

static const char *const mode_names[] = {
	[ISCSICFG_TARGET_MODE_ISCSI] = "iscsi",
	[ISCSICFG_TARGET_MODE_FC] = "fc",
	[ISCSICFG_TARGET_MODE_BOTH] = "both",
};

IC_EXPORT int iscsicfg_target_mode_from_name(const char *s,
					     enum iscsicfg_target_mode *out)
{
	int i = name_index(mode_names, NNAMES(mode_names), s);

	if (i < 0)
		return -EINVAL;
	*out = (enum iscsicfg_target_mode)i;
	return 0;
}

IC_EXPORT const char *iscsicfg_target_mode_name(enum iscsicfg_target_mode m)
{
	return name_at(mode_names, NNAMES(mode_names), m);
}

IC_EXPORT int iscsicfg_addr_format(const struct iscsicfg_addr *a, char *buf,
				   size_t len)
{
	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    !inet_ntop(a->family, a->bytes, buf, (socklen_t)len)) {
		if (len)
			snprintf(buf, len, "?");
		return -EINVAL;
	}
	return 0;
}

static bool valid_auth_method(enum iscsicfg_auth_method m)
{
	return (unsigned int)m <= ISCSICFG_AUTH_CHAP_MUTUAL;
}

static int check_isns(struct ic_err *e, const char *s)
{
	char host[ISCSICFG_TEXT_MAX];
	const char *port = NULL;
	struct iscsicfg_addr a;
	uint16_t p;
	char *c;

	if (!s || !*s || strlen(s) >= sizeof(host))
		return ic_fail(e, "iSNS server: host[:port] of at most %d bytes",
			       ISCSICFG_TEXT_MAX - 1);
	strcpy(host, s);
	if (host[0] == '[') {
		c = strchr(host, ']');
		if (!c || (c[1] && c[1] != ':'))
			return ic_fail(e, "iSNS server: \"%s\": expected [IPV6][:PORT]", s);
		*c = '\0';
		if (c[1])
			port = c + 2;
		if (parse_addr(host + 1, &a) || a.family != AF_INET6)
			return ic_fail(e, "iSNS server: \"%s\" is not an IPv6 address",
				       host + 1);
	} else {
		c = strchr(host, ':');
		if (c && strchr(c + 1, ':'))
			return ic_fail(e, "iSNS server: write an IPv6 address as [ADDR]:PORT");
		if (c) {
			*c = '\0';
			port = c + 1;
		}
		if (!host[0] || strspn(host, "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
		    != strlen(host))
			return ic_fail(e, "iSNS server: host \"%s\" is not a host name or address",
				       host);
	}
	if (port && parse_port(port, &p))
		return ic_fail(e, "iSNS server: port \"%s\" is not 1..65535",
			       port);
	return 0;
}

static int check_percent(struct ic_err *e, const char *what, unsigned int v)
{
	if (v > 100)
		return ic_fail(e, "%s: a percentage 0..100 (0 = off), got %u",
			       what, v);
	return 0;
}

int ic_check_global(struct ic_err *e, const struct iscsicfg_global *g,
		    bool set)
{
	size_t i;
	int ret;

	if (HAS(g, ISCSICFG_GLOBAL_F_BASENAME)) {
		ret = ic_check_iscsi_name(e, "base name", g->basename);
		if (ret)
			return ret;
		/* leave room for ":" and a short target name */
		if (strlen(g->basename) + 2 >= ISCSICFG_NAME_MAX)
			return ic_fail(e, "base name: at most %d bytes so that target names fit",
				       ISCSICFG_NAME_MAX - 3);
	}
	if (HAS(g, ISCSICFG_GLOBAL_F_ISNS)) {
		for (i = 0; i < g->n_isns; i++) {
			ret = check_isns(e, g->isns[i]);
			if (ret)
				return ret;
		}
	}
	if (HAS(g, ISCSICFG_GLOBAL_F_POOL_THRESHOLD)) {
		ret = check_percent(e, "pool threshold", g->pool_threshold);
		if (ret)
			return ret;
	}
	if (HAS(g, ISCSICFG_GLOBAL_F_DISCOVERY_AUTH) &&
	    !valid_auth_method(g->discovery_auth))
		return ic_fail(e, "discovery auth: one of none, chap, mutual");
	if (HAS(g, ISCSICFG_GLOBAL_F_DISCOVERY_AUTH) &&
	    HAS(g, ISCSICFG_GLOBAL_F_DISCOVERY_AUTH_TAG) &&
	    g->discovery_auth != ISCSICFG_AUTH_NONE && !g->discovery_auth_tag)
		return ic_fail(e, "discovery auth tag: required (non-zero) with discovery auth %s",
			       iscsicfg_auth_method_name(g->discovery_auth));
	return 0;
}

static bool addr_equal(const struct iscsicfg_addr *a,
		       const struct iscsicfg_addr *b)
{
	return a->family == b->family && !memcmp(a->bytes, b->bytes, 16);
}

int ic_check_portal(struct ic_err *e, const struct iscsicfg_portal *p,
		    bool set)
{
	size_t i, j;
	int ret;

	if (set && !p->tag)
		return ic_fail(e, "portal tag: 1..65535");
	if (HAS(p, ISCSICFG_PORTAL_F_COMMENT)) {
		ret = ic_check_text(e, "comment", p->comment,
				    ISCSICFG_TEXT_MAX, false);
		if (ret)
			return ret;
	}
	if (!HAS(p, ISCSICFG_PORTAL_F_LISTENS))
		return 0;
	if (!p->n_listens)
		return ic_fail(e, "listen: at least one address is required");
	for (i = 0; i < p->n_listens; i++) {
		const struct iscsicfg_listen *l = &p->listens[i];

		if (l->addr.family != AF_INET && l->addr.family != AF_INET6)
			return ic_fail(e, "listen: address family must be IPv4 or IPv6");
		for (j = 0; j < i; j++) {
			if (addr_equal(&l->addr, &p->listens[j].addr) &&
			    (l->port ? l->port : ISCSICFG_DEFAULT_PORT) ==
			    (p->listens[j].port ? p->listens[j].port :
			     ISCSICFG_DEFAULT_PORT))
				return ic_fail(e, "listen: address %zu repeats address %zu",
					       i + 1, j + 1);
		}
	}
	return 0;
}

int ic_check_igroup(struct ic_err *e, const struct iscsicfg_igroup *g,
		    bool set)
{
	size_t i, j;
	int ret;

	if (set && !g->id)
		return ic_fail(e, "initiator group id: required (non-zero)");
	if (HAS(g, ISCSICFG_IGROUP_F_COMMENT)) {
		ret = ic_check_text(e, "comment", g->comment,
				    ISCSICFG_TEXT_MAX, false);
		if (ret)
			return ret;
	}
	if (!HAS(g, ISCSICFG_IGROUP_F_INITIATORS))
		return 0;
	for (i = 0; i < g->n_initiators; i++) {
		ret = ic_check_iscsi_name(e, "initiator", g->initiators[i]);
		if (ret)
			return ret;
		for (j = 0; j < i; j++)
			if (!strcmp(g->initiators[i], g->initiators[j]))
				return ic_fail(e, "initiator: \"%s\" is listed twice",
					       g->initiators[i]);
	}
	return 0;
}

static int check_secret(struct ic_err *e, const char *what, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len < ISCSICFG_CHAP_SECRET_MIN || len > ISCSICFG_CHAP_SECRET_MAX)
		return ic_fail(e, "%s: %d to %d characters (got %zu)", what,
			       ISCSICFG_CHAP_SECRET_MIN,
			       ISCSICFG_CHAP_SECRET_MAX, len);
	return 0;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

int ic_check_auth(struct ic_err *e, const struct iscsicfg_auth *a, bool set)
{
	bool peer_user, peer_secret;
	int ret;

	if (set && !a->id)
		return ic_fail(e, "auth id: required (non-zero)");
	if (HAS(a, ISCSICFG_AUTH_F_TAG) && !a->tag)
		return ic_fail(e, "auth tag: required (non-zero)");
	if (HAS(a, ISCSICFG_AUTH_F_USER)) {
		ret = ic_check_text(e, "user", a->user, ISCSICFG_TEXT_MAX,
				    true);
		if (ret)
			return ret;
	}
	if (HAS(a, ISCSICFG_AUTH_F_SECRET)) {
		ret = check_secret(e, "secret", a->secret);
		if (ret)
			return ret;
	}
	peer_user = HAS(a, ISCSICFG_AUTH_F_PEER_USER);
	peer_secret = HAS(a, ISCSICFG_AUTH_F_PEER_SECRET);
	if (peer_user && !empty(a->peer_user)) {
		ret = ic_check_text(e, "peer user", a->peer_user,
				    ISCSICFG_TEXT_MAX, true);
		if (ret)
			return ret;
	}
	if (peer_user && peer_secret &&
	    empty(a->peer_user) != empty(a->peer_secret))
		return ic_fail(e, "peer user, peer secret: give both for mutual CHAP, or neither");
	if (peer_secret && !empty(a->peer_secret)) {
		ret = check_secret(e, "peer secret", a->peer_secret);
		if (ret)
			return ret;
		if (HAS(a, ISCSICFG_AUTH_F_SECRET) && !empty(a->secret) &&
		    !strcmp(a->secret, a->peer_secret))
			return ic_fail(e, "peer secret: must differ from secret");
	}
	return 0;
}

int ic_check_target(struct ic_err *e, const struct iscsicfg_target *t,
		    bool set)
{
	size_t i, j;
	int ret;

	if (HAS(t, ISCSICFG_TARGET_F_ALIAS)) {
		ret = ic_check_text(e, "alias", t->alias, ISCSICFG_TEXT_MAX,
				    false);
		if (ret)
			return ret;
	}
	/* NAS configurations carry FC and BOTH; nothing here could serve them */
	if (HAS(t, ISCSICFG_TARGET_F_MODE) &&
	    t->mode != ISCSICFG_TARGET_MODE_ISCSI)
		return ic_fail(e, "mode: iSCSI only (no Fibre Channel target on this host)");
	for (i = 0; HAS(t, ISCSICFG_TARGET_F_GROUPS) && i < t->n_groups; i++) {
		const struct iscsicfg_tgroup *g = &t->groups[i];

		if (!g->portal_tag)
			return ic_fail(e, "group %zu: portal tag required (1..65535)",
				       i + 1);
		if (!valid_auth_method(g->auth_method))
			return ic_fail(e, "group %zu: auth method one of none, chap, mutual",
				       i + 1);
		if (g->auth_method != ISCSICFG_AUTH_NONE && !g->auth_tag)
			return ic_fail(e, "group %zu: auth method %s needs an auth tag",
				       i + 1,
				       iscsicfg_auth_method_name(g->auth_method));
		if (g->auth_method == ISCSICFG_AUTH_NONE && g->auth_tag)
			return ic_fail(e, "group %zu: auth tag %u given but auth method is none",
				       i + 1, g->auth_tag);
		for (j = 0; j < i; j++)
			if (t->groups[j].portal_tag == g->portal_tag)
				return ic_fail(e, "group %zu: portal %u is already used by group %zu",
					       i + 1, g->portal_tag, j + 1);
	}
	for (i = 0; HAS(t, ISCSICFG_TARGET_F_NETWORKS) && i < t->n_networks;
	     i++) {
		ret = check_host_bits(e, &t->networks[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static bool valid_block_size(uint32_t bs)
{
	return bs == 512 || bs == 1024 || bs == 2048 || bs == 4096;
}

int ic_check_extent(struct ic_err *e, const struct iscsicfg_extent *x,
		    bool set, bool file_exists)
{
	uint32_t bs = 512;
	size_t i, len;
	int ret;

	ret = ic_check_extent_name(e, x->name);
	if (ret)
		return ret;
	if (HAS(x, ISCSICFG_EXTENT_F_TYPE) &&
	    x->type != ISCSICFG_EXTENT_FILE && x->type != ISCSICFG_EXTENT_DEVICE)
		return ic_fail(e, "extent type: file or device");
	if (HAS(x, ISCSICFG_EXTENT_F_PATH)) {
		ret = ic_check_text(e, "path", x->path, 4096, true);
		if (ret)
			return ret;
		if (x->path[0] != '/')
			return ic_fail(e, "path: \"%s\" must be absolute",
				       x->path);
	}
	if (HAS(x, ISCSICFG_EXTENT_F_BLOCK_SIZE) && x->block_size) {
		if (!valid_block_size(x->block_size))
			return ic_fail(e, "block size: one of 512, 1024, 2048, 4096 (got %u)",
				       x->block_size);
		bs = x->block_size;
	}
	if (HAS(x, ISCSICFG_EXTENT_F_SIZE) && x->size) {
		if (HAS(x, ISCSICFG_EXTENT_F_TYPE) &&
		    x->type == ISCSICFG_EXTENT_DEVICE)
			return ic_fail(e, "size: only file extents take a size; a device has its own");
		if (x->size % bs)
			return ic_fail(e, "size: %llu is not a multiple of the block size %u",
				       (unsigned long long)x->size, bs);
	}
	if (HAS(x, ISCSICFG_EXTENT_F_DIRECT_IO) && x->direct_io &&
	    HAS(x, ISCSICFG_EXTENT_F_TYPE) && x->type == ISCSICFG_EXTENT_DEVICE)
		return ic_fail(e, "direct-io: file extents only; a device always bypasses the page cache");
	if (!set && x->type == ISCSICFG_EXTENT_FILE && !file_exists &&
	    !x->size)
		return ic_fail(e, "size: \"%s\" does not exist, a new file needs a size",
			       x->path);
	if (HAS(x, ISCSICFG_EXTENT_F_RPM) &&
	    (unsigned int)x->rpm > ISCSICFG_RPM_15000)
		return ic_fail(e, "rpm: one of UNKNOWN, SSD, 5400, 7200, 10000, 15000");
	if (HAS(x, ISCSICFG_EXTENT_F_SERIAL) && x->serial) {
		len = strlen(x->serial);
		if (len > ISCSICFG_SERIAL_MAX)
			return ic_fail(e, "serial: at most %d characters (got %zu)",
				       ISCSICFG_SERIAL_MAX, len);
		for (i = 0; i < len; i++)
			if (x->serial[i] < 0x20 || x->serial[i] > 0x7e)
				return ic_fail(e, "serial: printable ASCII only");
	}
	if (HAS(x, ISCSICFG_EXTENT_F_NAA) && x->naa && x->naa >> 60 != 6)
		return ic_fail(e, "naa: 0x%016llx must start with 6 (NAA IEEE Registered Extended)",
			       (unsigned long long)x->naa);
	if (HAS(x, ISCSICFG_EXTENT_F_THRESHOLD)) {
		ret = check_percent(e, "threshold", x->threshold);
		if (ret)
			return ret;
	}
	if (HAS(x, ISCSICFG_EXTENT_F_COMMENT))
		return ic_check_text(e, "comment", x->comment,
				     ISCSICFG_TEXT_MAX, false);
	return 0;
}

int ic_check_lun_id(struct ic_err *e, int64_t lun_id)
{
	if (lun_id < -1 || lun_id > ISCSICFG_MAX_LUN)
		return ic_fail(e, "LUN: 0..%d, or blank for the next free one (got %lld)",
			       ISCSICFG_MAX_LUN, (long long)lun_id);
	return 0;
}

int64_t ic_next_free_lun(const uint64_t *used, size_t n)
{
	uint8_t taken[(ISCSICFG_MAX_LUN + 8) / 8] = { 0 };
	size_t i;
	int64_t lun;

	for (i = 0; i < n; i++)
		if (used[i] <= ISCSICFG_MAX_LUN)
			taken[used[i] / 8] |= 1u << (used[i] % 8);
	for (lun = 0; lun <= ISCSICFG_MAX_LUN; lun++)
		if (!(taken[lun / 8] & (1u << (lun % 8))))
			return lun;
	return -1;
}

bool ic_name_has_type(const char *name)
{
	return name && (!strncmp(name, "iqn.", 4) ||
			!strncmp(name, "eui.", 4) ||
			!strncmp(name, "naa.", 4));
}
