/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command data buffers: whole pages described by a bio_vec array, so that
 * Data-In goes to the socket without a copy (sendpage or MSG_SPLICE_PAGES),
 * Data-Out lands in the pages that go to the backend, and block extents
 * can hand them to a bio as they are.
 */
#ifndef ISCSIKT_BUF_H
#define ISCSIKT_BUF_H

#include <linux/bvec.h>
#include <linux/types.h>
#include <linux/uio.h>

/* Pages described inside the buffer itself: 64 KiB without a 2nd alloc. */
#define IKT_BUF_INLINE		16

struct ikt_buf {
	u32 len;		/* bytes */
	u32 nr;			/* pages */
	struct bio_vec *bvec;	/* inline or kmalloc()ed */
	struct bio_vec inline_bvec[IKT_BUF_INLINE];
};

/* @len bytes of pages; 0 or -ENOMEM.  @b is left empty on error. */
int ikt_buf_alloc(struct ikt_buf *b, u32 len);
void ikt_buf_free(struct ikt_buf *b);
/* Free @dst, give it @src's pages and leave @src empty. */
void ikt_buf_move(struct ikt_buf *dst, struct ikt_buf *src);

static inline bool ikt_buf_empty(const struct ikt_buf *b)
{
	return !b->nr;
}

/* An iterator over [@off, @off + @len) of @b for @dir (ITER_SOURCE/DEST). */
void ikt_buf_iter(const struct ikt_buf *b, unsigned int dir, u32 off, u32 len,
		  struct iov_iter *it);
void ikt_buf_copy_in(struct ikt_buf *b, u32 off, const void *src, u32 len);
void ikt_buf_copy_out(const struct ikt_buf *b, u32 off, void *dst, u32 len);
/* Offset of the first byte where @a and @b differ, or @len. */
u32 ikt_buf_cmp(const struct ikt_buf *a, const struct ikt_buf *b, u32 len);
/* CRC32C over [@off, @off + @len) of @b, continuing @crc. */
u32 ikt_buf_crc(const struct ikt_buf *b, u32 off, u32 len, u32 crc);

#endif /* ISCSIKT_BUF_H */
