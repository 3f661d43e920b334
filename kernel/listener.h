/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Listening sockets.  A portal (config.c) owns one listener per listen
 * address; each accepted connection is handed to conn.c tagged with the
 * portal group tag it arrived on.
 */
#ifndef ISCSIKT_LISTENER_H
#define ISCSIKT_LISTENER_H

#include <linux/socket.h>
#include <linux/types.h>

struct ikt_listener;

/*
 * Bind and listen on @addr (AF_INET or AF_INET6; a zero address is the
 * wildcard).  Returns a negative errno (-EADDRINUSE, -EADDRNOTAVAIL, ...).
 */
int ikt_listener_create(const struct sockaddr_storage *addr, u16 portal_tag,
			struct ikt_listener **out);
/* Stop accepting.  Connections already accepted are not affected. */
void ikt_listener_destroy(struct ikt_listener *l);

#endif /* ISCSIKT_LISTENER_H */
