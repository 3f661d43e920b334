// SPDX-License-Identifier: GPL-2.0
/*
 * Extent backends: open, size and close a FILE or DEVICE extent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/uio.h>
#include <linux/version.h>

#include "backend.h"
#include "buf.h"

static int ikt_backend_size_file(struct ikt_backend *be, u64 size,
				 u32 block_size)
{
	struct file *f = be->file;
	loff_t cur = i_size_read(file_inode(f));
	int ret;

	if (!size) {
		if (!cur)
			return -EINVAL;	/* a new file needs a size */
		/* Whole blocks only; a trailing partial block is not exposed. */
		be->size = round_down(cur, block_size);
		return be->size ? 0 : -EINVAL;
	}
	if (size % block_size)
		return -EINVAL;
	if (cur < size) {
		if (!(f->f_mode & FMODE_WRITE))
			return -EROFS;
		/* Grow sparse: a 1 TiB extent costs nothing until written. */
		ret = vfs_truncate(&f->f_path, size);
		if (ret)
			return ret;
	}
	be->size = size;
	return 0;
}

static int ikt_backend_size_device(struct ikt_backend *be, const char *path,
				   u32 block_size, bool read_only)
{
	struct block_device *bdev = I_BDEV(be->file->f_mapping->host);
	unsigned int lbs = bdev_logical_block_size(bdev);

	/*
	 * A block smaller than the device's would make every write a
	 * read-modify-write of a device block that a crash can tear.
	 */
	if (block_size < lbs) {
		pr_info("%s: block size %u is below the device's logical block size %u\n",
			path, block_size, lbs);
		return -EINVAL;
	}
	/* Writes would fail one by one; refuse the extent instead. */
	if (!read_only && bdev_read_only(bdev)) {
		pr_info("%s: read-only device; add the extent read-only\n",
			path);
		return -EROFS;
	}
	be->size = round_down(bdev_nr_bytes(bdev), block_size);
	be->rotational = !bdev_nonrot(bdev);
	/*
	 * Our bios bypass the page cache: what others wrote through it
	 * before we claimed the device must reach the device first.
	 */
	be->bdev = bdev;
	return be->size ? sync_blockdev(bdev) : -EINVAL;
}

int ikt_backend_open(struct ikt_backend *be, bool is_device, const char *path,
		     u64 size, u32 block_size, bool read_only)
{
	int flags = O_LARGEFILE | (read_only ? O_RDONLY : O_RDWR);
	struct inode *inode;
	int ret;

	/*
	 * O_EXCL claims a block device for us alone: one that is mounted or
	 * exported elsewhere is refused rather than corrupted.
	 */
	if (is_device)
		flags |= O_EXCL;
	else if (!read_only)
		flags |= O_CREAT;
	be->file = filp_open(path, flags, 0600);
	if (IS_ERR(be->file)) {
		ret = PTR_ERR(be->file);
		be->file = NULL;
		return ret;
	}
	inode = file_inode(be->file);

	if (is_device)
		ret = S_ISBLK(inode->i_mode) ?
		      ikt_backend_size_device(be, path, block_size, read_only) :
		      -ENOTBLK;
	else if (S_ISREG(inode->i_mode))
		ret = ikt_backend_size_file(be, size, block_size);
	else
		ret = -EINVAL;
	if (ret)
		goto err;
	return 0;
err:
	filp_close(be->file, NULL);
	be->file = NULL;
	be->bdev = NULL;
	return ret;
}

int ikt_backend_grow(struct ikt_backend *be, u64 size, u32 block_size)
{
	u64 old = be->size;
	int ret;

	if (be->bdev)
		size = round_down(bdev_nr_bytes(be->bdev), block_size);
	else if (!size)
		size = round_down(i_size_read(file_inode(be->file)),
				  block_size);
	if (size < old)
		return -EINVAL;
	if (!be->bdev && size > i_size_read(file_inode(be->file))) {
		if (!(be->file->f_mode & FMODE_WRITE))
			return -EROFS;
		ret = vfs_truncate(&be->file->f_path, size);
		if (ret)
			return ret;
	}
	/* The datapath reads it unlocked, per command. */
	WRITE_ONCE(be->size, size);
	return 0;
}

void ikt_backend_close(struct ikt_backend *be)
{
	if (be->file)
		filp_close(be->file, NULL);
	be->file = NULL;
	be->bdev = NULL;
}

/* One bio over the whole buffer: at most 1 MiB, so 256 pages. */
static struct bio *ikt_backend_bio(struct ikt_backend *be,
				   const struct ikt_buf *b, u32 len,
				   loff_t pos, bool write, bool fua)
{
	blk_opf_t opf = write ? REQ_OP_WRITE | REQ_SYNC : REQ_OP_READ;
	u32 i, n, done = 0;
	struct bio *bio;

	if (DIV_ROUND_UP(len, PAGE_SIZE) > BIO_MAX_VECS || len > b->len)
		return NULL;
	if (fua)
		opf |= REQ_FUA;
	bio = bio_alloc(be->bdev, DIV_ROUND_UP(len, PAGE_SIZE), opf,
			GFP_KERNEL);
	bio->bi_iter.bi_sector = pos >> SECTOR_SHIFT;
	for (i = 0; done < len; i++) {
		n = min_t(u32, len - done, b->bvec[i].bv_len);
		if (bio_add_page(bio, b->bvec[i].bv_page, n,
				 b->bvec[i].bv_offset) != n) {
			bio_put(bio);
			return NULL;
		}
		done += n;
	}
	return bio;
}

int ikt_backend_submit(struct ikt_backend *be, const struct ikt_buf *b,
		       u32 len, loff_t pos, bool write, bool fua,
		       bio_end_io_t *end_io, void *priv)
{
	struct bio *bio = ikt_backend_bio(be, b, len, pos, write, fua);

	if (!bio)
		return -EINVAL;
	bio->bi_end_io = end_io;
	bio->bi_private = priv;
	submit_bio(bio);
	return 0;
}

static int ikt_backend_bio_wait(struct ikt_backend *be,
				const struct ikt_buf *b, u32 len, loff_t pos,
				bool write, bool fua)
{
	struct bio *bio = ikt_backend_bio(be, b, len, pos, write, fua);
	int ret;

	if (!bio)
		return -EINVAL;
	ret = submit_bio_wait(bio);
	bio_put(bio);
	return ret;
}

/* The whole of @it at @pos, or an error. */
static int ikt_backend_rw(struct ikt_backend *be, struct iov_iter *it,
			  loff_t pos, bool write)
{
	ssize_t n;

	while (iov_iter_count(it)) {
		if (write) {
			/* Freeze protection moved into vfs_iter_write in 6.8. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
			file_start_write(be->file);
			n = vfs_iter_write(be->file, it, &pos, 0);
			file_end_write(be->file);
#else
			n = vfs_iter_write(be->file, it, &pos, 0);
#endif
		} else {
			n = vfs_iter_read(be->file, it, &pos, 0);
		}
		if (n < 0)
			return n;
		if (!n)
			return -EIO;	/* the file shrank under us */
	}
	return 0;
}

int ikt_backend_read(struct ikt_backend *be, const struct ikt_buf *b, u32 len,
		     loff_t pos)
{
	struct iov_iter it;

	if (be->bdev)
		return ikt_backend_bio_wait(be, b, len, pos, false, false);
	ikt_buf_iter(b, ITER_DEST, 0, len, &it);
	return ikt_backend_rw(be, &it, pos, false);
}

int ikt_backend_write(struct ikt_backend *be, const struct ikt_buf *b,
		      u32 len, loff_t pos, bool fua)
{
	struct iov_iter it;
	int ret;

	if (be->bdev)
		return ikt_backend_bio_wait(be, b, len, pos, true, fua);
	ikt_buf_iter(b, ITER_SOURCE, 0, len, &it);
	ret = ikt_backend_rw(be, &it, pos, true);
	return ret ?: fua ? ikt_backend_flush(be, pos, len) : 0;
}

int ikt_backend_flush(struct ikt_backend *be, loff_t pos, loff_t len)
{
	loff_t end = len ? pos + len - 1 : LLONG_MAX;

	return vfs_fsync_range(be->file, pos, end, 1);
}
