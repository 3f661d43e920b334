// SPDX-License-Identifier: GPL-2.0
/*
 * Host implementation of ikt_crc32c() (kernel/proto/pdu.h): byte-wise
 * table CRC32C, reflected polynomial 0x82f63b78, no pre/post inversion,
 * like the kernel's crc32c().
 */
#include "pdu.h"

static u32 crc32c_table[256];

static void crc32c_init_table(void)
{
	u32 i, j, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c >> 1) ^ ((c & 1) ? 0x82f63b78u : 0);
		crc32c_table[i] = c;
	}
}

u32 ikt_crc32c(u32 seed, const void *p, size_t len)
{
	const u8 *b = p;

	/* Entry 1 is never zero once the table is built. */
	if (!crc32c_table[1])
		crc32c_init_table();
	while (len--)
		seed = crc32c_table[(seed ^ *b++) & 0xff] ^ (seed >> 8);
	return seed;
}
