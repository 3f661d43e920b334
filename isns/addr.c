// SPDX-License-Identifier: GPL-2.0
/* iscsikt-isnsd: server specs and socket addresses */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "iscsikt-isnsd.h"

/*
 * "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address; the
 * port defaults to 3205.
 */
int isnsd_server_parse(const char *spec, char *host, size_t hostlen,
		       char *port, size_t portlen)
{
	const char *h = spec, *p = NULL, *end;
	size_t n;

	if (spec[0] == '[') {
		h = spec + 1;
		end = strchr(h, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -EINVAL;
		if (end[1] == ':')
			p = end + 2;
	} else {
		end = strrchr(spec, ':');
		/* more than one colon: an IPv6 address without a port */
		if (end && strchr(spec, ':') == end)
			p = end + 1;
		else
			end = NULL;
		if (!end)
			end = spec + strlen(spec);
	}
	n = (size_t)(end - h);
	if (!n || n >= hostlen)
		return -EINVAL;
	memcpy(host, h, n);
	host[n] = '\0';
	if (!p)
		p = ISNSD_DEFAULT_PORT;
	if (!*p || strlen(p) >= portlen || strspn(p, "0123456789") != strlen(p))
		return -EINVAL;
	strcpy(port, p);
	return 0;
}

void isnsd_addr_format(const struct sockaddr_storage *ss, char *buf,
		       size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, len, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, len, "%s:%u", a, ntohs(s4->sin_port));
	}
}

/* A total order: IPv4 first, then by address, then by port. */
int isnsd_addr_cmp(const struct sockaddr_storage *a,
		   const struct sockaddr_storage *b)
{
	int r;

	if (a->ss_family != b->ss_family)
		return a->ss_family == AF_INET ? -1 : 1;
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a;
		const struct sockaddr_in6 *y = (const void *)b;

		r = memcmp(&x->sin6_addr, &y->sin6_addr, 16);
		if (r)
			return r;
		return (int)ntohs(x->sin6_port) - (int)ntohs(y->sin6_port);
	}
	{
		const struct sockaddr_in *x = (const void *)a;
		const struct sockaddr_in *y = (const void *)b;

		r = memcmp(&x->sin_addr, &y->sin_addr, 4);
		if (r)
			return r;
		return (int)ntohs(x->sin_port) - (int)ntohs(y->sin_port);
	}
}
