// SPDX-License-Identifier: GPL-2.0
/* iscsikt-isnsd: the host addresses behind a wildcard portal */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "iscsikt-isnsd.h"

/*
 * An initiator cannot connect to 0.0.0.0: a wildcard portal is announced
 * as every address of its family the host has up.  IPv6 link-local
 * addresses are left out, they mean nothing without an interface.  With
 * none at all, the loopback address stands in.
 */
static bool usable(const struct ifaddrs *ifa, int family)
{
	if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != family ||
	    !(ifa->ifa_flags & IFF_UP))
		return false;
	if (family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ifa->ifa_addr;

		if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
			return false;
	}
	return true;
}

static void loopback(int family, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = family;
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (void *)ss;

		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	} else {
		struct sockaddr_in6 *s6 = (void *)ss;

		s6->sin6_addr = in6addr_loopback;
	}
}

int isnsd_expand_wildcard(int family, struct sockaddr_storage **out,
			  size_t *n)
{
	struct ifaddrs *ifs = NULL, *ifa;
	struct sockaddr_storage *v;
	size_t cnt = 0;

	if (getifaddrs(&ifs))
		ifs = NULL;
	for (ifa = ifs; ifa; ifa = ifa->ifa_next)
		cnt += usable(ifa, family);
	v = calloc(cnt ? cnt : 1, sizeof(*v));
	if (!v) {
		freeifaddrs(ifs);
		return -ENOMEM;
	}
	cnt = 0;
	for (ifa = ifs; ifa; ifa = ifa->ifa_next) {
		if (!usable(ifa, family))
			continue;
		memcpy(&v[cnt], ifa->ifa_addr, family == AF_INET ?
		       sizeof(struct sockaddr_in) :
		       sizeof(struct sockaddr_in6));
		if (family == AF_INET6)
			((struct sockaddr_in6 *)&v[cnt])->sin6_scope_id = 0;
		cnt++;
	}
	if (ifs)
		freeifaddrs(ifs);
	if (!cnt)
		loopback(family, &v[cnt++]);
	*out = v;
	*n = cnt;
	return 0;
}
