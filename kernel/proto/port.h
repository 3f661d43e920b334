/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The thin shim under iscsikt's protocol logic.
 *
 * Files in kernel/proto/ build both into iscsikt.ko and on the host (unit
 * tests, libFuzzer).  They include only this header, never a <linux/...>
 * header directly, and use only what it provides: fixed-width types,
 * big-endian accessors, memory helpers and errno values.  The host side
 * lives in tests/host/port_host.h.
 */
#ifndef ISCSIKT_PROTO_PORT_H
#define ISCSIKT_PROTO_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#define ikt_alloc(n)	kmalloc(n, GFP_KERNEL)
#define ikt_zalloc(n)	kzalloc(n, GFP_KERNEL)
#define ikt_free(p)	kfree(p)
/* Free memory that held a secret (n bytes of it) after wiping it. */
static inline void ikt_free_secret(void *p, size_t n)
{
	kfree_sensitive(p);	/* it knows the allocation's size */
}

#define ikt_memzero_explicit(p, n)	memzero_explicit(p, n)
#else
#include "port_host.h"
#endif

#endif /* ISCSIKT_PROTO_PORT_H */
