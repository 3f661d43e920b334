// SPDX-License-Identifier: GPL-2.0
/*
 * Extent backends: open, size and close a FILE or DEVICE extent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/namei.h>

#include "backend.h"

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
	return be->size ? 0 : -EINVAL;
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
	return ret;
}

void ikt_backend_close(struct ikt_backend *be)
{
	if (be->file)
		filp_close(be->file, NULL);
	be->file = NULL;
}

int ikt_backend_read(struct ikt_backend *be, void *buf, size_t len, loff_t pos)
{
	ssize_t n;

	while (len) {
		n = kernel_read(be->file, buf, len, &pos);
		if (n < 0)
			return n;
		if (!n)
			return -EIO;	/* the file shrank under us */
		buf += n;
		len -= n;
	}
	return 0;
}

int ikt_backend_write(struct ikt_backend *be, const void *buf, size_t len,
		      loff_t pos, bool fua)
{
	loff_t start = pos;
	size_t total = len;
	ssize_t n;

	while (len) {
		n = kernel_write(be->file, buf, len, &pos);
		if (n < 0)
			return n;
		if (!n)
			return -EIO;
		buf += n;
		len -= n;
	}
	return fua ? ikt_backend_flush(be, start, total) : 0;
}

int ikt_backend_flush(struct ikt_backend *be, loff_t pos, loff_t len)
{
	loff_t end = len ? pos + len - 1 : LLONG_MAX;

	return vfs_fsync_range(be->file, pos, end, 1);
}
