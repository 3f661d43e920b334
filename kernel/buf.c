// SPDX-License-Identifier: GPL-2.0
/*
 * Command data buffers: see buf.h.
 */
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "buf.h"
#include "proto/pdu.h"

int ikt_buf_alloc(struct ikt_buf *b, u32 len)
{
	u32 nr = DIV_ROUND_UP(len, PAGE_SIZE), i;
	struct page *page;

	b->len = 0;
	b->nr = 0;
	b->bvec = b->inline_bvec;
	if (nr > IKT_BUF_INLINE) {
		b->bvec = kmalloc_array(nr, sizeof(*b->bvec), GFP_KERNEL);
		if (!b->bvec) {
			b->bvec = b->inline_bvec;
			return -ENOMEM;
		}
	}
	for (i = 0; i < nr; i++) {
		/*
		 * Not zeroed: nothing is sent from a buffer before all of it
		 * is filled (a failed read sends no data).
		 */
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			b->nr = i;
			ikt_buf_free(b);
			return -ENOMEM;
		}
		bvec_set_page(&b->bvec[i], page,
			      min_t(u32, len - i * PAGE_SIZE, PAGE_SIZE), 0);
	}
	b->nr = nr;
	b->len = len;
	return 0;
}

void ikt_buf_move(struct ikt_buf *dst, struct ikt_buf *src)
{
	ikt_buf_free(dst);
	*dst = *src;
	if (src->bvec == src->inline_bvec)
		dst->bvec = dst->inline_bvec;
	src->bvec = src->inline_bvec;
	src->nr = 0;
	src->len = 0;
}

void ikt_buf_free(struct ikt_buf *b)
{
	u32 i;

	/* put_page(): the network stack may still hold a sent page. */
	for (i = 0; i < b->nr; i++)
		put_page(b->bvec[i].bv_page);
	if (b->bvec != b->inline_bvec)
		kfree(b->bvec);
	b->bvec = b->inline_bvec;
	b->nr = 0;
	b->len = 0;
}

void ikt_buf_iter(const struct ikt_buf *b, unsigned int dir, u32 off, u32 len,
		  struct iov_iter *it)
{
	iov_iter_bvec(it, dir, b->bvec, b->nr, b->len);
	iov_iter_advance(it, off);
	iov_iter_truncate(it, len);
}

void ikt_buf_copy_in(struct ikt_buf *b, u32 off, const void *src, u32 len)
{
	struct iov_iter it;

	ikt_buf_iter(b, ITER_DEST, off, len, &it);
	WARN_ON_ONCE(copy_to_iter(src, len, &it) != len);
}

void ikt_buf_copy_out(const struct ikt_buf *b, u32 off, void *dst, u32 len)
{
	struct iov_iter it;

	ikt_buf_iter(b, ITER_SOURCE, off, len, &it);
	WARN_ON_ONCE(copy_from_iter(dst, len, &it) != len);
}

/* Both buffers hold whole pages from offset 0: page i matches page i. */
u32 ikt_buf_cmp(const struct ikt_buf *a, const struct ikt_buf *b, u32 len)
{
	u32 done = 0, n, i;
	const u8 *pa, *pb;

	while (done < len) {
		n = min_t(u32, len - done, PAGE_SIZE);
		pa = kmap_local_page(a->bvec[done / PAGE_SIZE].bv_page);
		pb = kmap_local_page(b->bvec[done / PAGE_SIZE].bv_page);
		for (i = 0; i < n && pa[i] == pb[i]; i++)
			;
		kunmap_local(pb);
		kunmap_local(pa);
		if (i < n)
			return done + i;
		done += n;
	}
	return len;
}

u32 ikt_buf_crc(const struct ikt_buf *b, u32 off, u32 len, u32 crc)
{
	u32 in_page, n;
	const u8 *p;

	while (len) {
		in_page = off % PAGE_SIZE;
		n = min_t(u32, len, PAGE_SIZE - in_page);
		p = kmap_local_page(b->bvec[off / PAGE_SIZE].bv_page);
		crc = ikt_crc32c(crc, p + in_page, n);
		kunmap_local(p);
		off += n;
		len -= n;
	}
	return crc;
}
