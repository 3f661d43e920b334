// SPDX-License-Identifier: GPL-2.0
/*
 * Extent backends: open, size and close a FILE or DEVICE extent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uio.h>
#include <linux/version.h>

#include "backend.h"
#include "buf.h"

/*
 * The alignment direct I/O on @f needs for offsets and lengths, or 0 when
 * its filesystem cannot do it.  Filesystems that know say so in statx
 * (ext4, xfs; ext4 says 0 for a file it would not do it for, such as one
 * with journalled data); otherwise it is the sector of their device, and
 * a plain sector for one without (NFS, or tmpfs from 6.6).
 */
static u32 ikt_backend_dio_align(struct file *f)
{
	struct block_device *bdev = file_inode(f)->i_sb->s_bdev;
	struct kstat st = {};

	if (!(f->f_mode & FMODE_CAN_ODIRECT))
		return 0;
	if (!vfs_getattr(&f->f_path, &st, STATX_DIOALIGN,
			 AT_STATX_SYNC_AS_STAT) &&
	    (st.result_mask & STATX_DIOALIGN))
		return st.dio_offset_align;
	return bdev ? bdev_logical_block_size(bdev) : SECTOR_SIZE;
}

static int ikt_backend_size_file(struct ikt_backend *be, u64 size,
				 u32 block_size)
{
	struct file *f = be->file;
	loff_t cur = i_size_read(file_inode(f));
	int ret;

	/*
	 * Fixed for the extent's life, so that cmd.c's choice of a
	 * partial-sector read-modify-write never races with EXTENT_SET
	 * turning direct I/O on; through the page cache such a write is a
	 * plain one that merely waits for its turn.
	 */
	be->dio_align = ikt_backend_dio_align(f);
	be->io_align = be->dio_align && block_size >= be->dio_align ?
		       be->dio_align : 1;
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
	be->io_align = lbs;
	be->rotational = !bdev_nonrot(bdev);
	/*
	 * Our bios bypass the page cache: what others wrote through it
	 * before we claimed the device must reach the device first.
	 */
	be->bdev = bdev;
	return be->size ? sync_blockdev(bdev) : -EINVAL;
}

/*
 * Thin provisioning.  FILE: the filesystem punches holes, which a hole
 * punched past the end of the file, where there is nothing to lose,
 * tells.  DEVICE: discard, and write-zeroes that may deallocate, which
 * unlike a plain discard guarantees that the blocks read zeros.
 */
static void ikt_backend_probe_thin(struct ikt_backend *be)
{
	struct file *f = be->file;
	loff_t end;

	if (be->bdev) {
		be->thin = bdev_max_discard_sectors(be->bdev) &&
			   bdev_write_zeroes_sectors(be->bdev);
		be->unmap_granularity = bdev_discard_granularity(be->bdev);
		return;
	}
	if (!f->f_op->fallocate)
		return;
	end = max_t(loff_t, i_size_read(file_inode(f)), be->size);
	be->thin = !vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				  round_up(end, PAGE_SIZE), PAGE_SIZE);
	be->unmap_granularity = file_inode(f)->i_sb->s_blocksize;
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
	if (!read_only)
		ikt_backend_probe_thin(be);
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

/*
 * Bios over the first @len bytes of @b, as many as it takes, chained to
 * the last one, which is returned unsubmitted: it ends when all of them
 * have, with the first error any of them had.
 */
static struct bio *ikt_backend_bio(struct ikt_backend *be,
				   const struct ikt_buf *b, u32 len,
				   loff_t pos, bool write, bool fua)
{
	blk_opf_t opf = write ? REQ_OP_WRITE | REQ_SYNC : REQ_OP_READ;
	struct bio *bio = NULL, *next;
	u32 i = 0, n, done = 0;
	unsigned int nr;

	if (len > b->len)
		return NULL;
	if (fua)
		opf |= REQ_FUA;
	while (done < len) {
		nr = min_t(u32, b->nr - i, BIO_MAX_VECS);
		next = bio_alloc(be->bdev, nr, opf, GFP_KERNEL);
		next->bi_iter.bi_sector = (pos + done) >> SECTOR_SHIFT;
		if (bio) {
			bio_chain(bio, next);
			submit_bio(bio);
		}
		bio = next;
		/* A page always fits in a bio with a free vector. */
		for (; nr && done < len; nr--, i++) {
			n = min_t(u32, len - done, b->bvec[i].bv_len);
			__bio_add_page(bio, b->bvec[i].bv_page, n,
				       b->bvec[i].bv_offset);
			done += n;
		}
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

/*
 * The first @len bytes of @b at @pos, all or an error; @direct past the
 * page cache, which the filesystem keeps coherent with what went through
 * it before.
 */
static int ikt_backend_file_rw(struct ikt_backend *be,
			       const struct ikt_buf *b, u32 len, loff_t pos,
			       bool write, bool direct)
{
	struct iov_iter it;
	struct kiocb kio;
	ssize_t n;

	ikt_buf_iter(b, write ? ITER_SOURCE : ITER_DEST, 0, len, &it);
	init_sync_kiocb(&kio, be->file);
	kio.ki_pos = pos;
	if (direct)
		kio.ki_flags |= IOCB_DIRECT;
	while (iov_iter_count(&it)) {
		if (write) {
			/* vfs_iocb_iter_write holds off freezes from 6.8 on. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
			file_start_write(be->file);
			n = vfs_iocb_iter_write(be->file, &kio, &it);
			file_end_write(be->file);
#else
			n = vfs_iocb_iter_write(be->file, &kio, &it);
#endif
		} else {
			n = vfs_iocb_iter_read(be->file, &kio, &it);
		}
		if (n < 0)
			return n;
		if (!n)
			return -EIO;	/* the file shrank under us */
	}
	return 0;
}

/* Synchronous I/O of either backend; @direct only matters to a file. */
static int ikt_backend_io(struct ikt_backend *be, const struct ikt_buf *b,
			  u32 len, loff_t pos, bool write, bool fua,
			  bool direct)
{
	int ret;

	if (be->bdev)
		return ikt_backend_bio_wait(be, b, len, pos, write, fua);
	ret = ikt_backend_file_rw(be, b, len, pos, write, direct);
	return ret ?: write && fua ? ikt_backend_flush(be, pos, len) : 0;
}

int ikt_backend_read(struct ikt_backend *be, const struct ikt_buf *b, u32 len,
		     loff_t pos)
{
	return ikt_backend_io(be, b, len, pos, false, false,
			      READ_ONCE(be->direct));
}

/*
 * A device, or a file written past the page cache, takes whole sectors:
 * @len bytes that end inside one go out with the rest of that sector read
 * first.  cmd.c holds the sectors exclusively meanwhile (gate.c).
 */
static int ikt_backend_write_partial(struct ikt_backend *be,
				     const struct ikt_buf *b, u32 len,
				     loff_t pos, bool fua)
{
	u32 full = round_up(len, be->io_align), off, n;
	struct ikt_buf whole;
	void *bounce;
	int ret;

	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	ret = ikt_buf_alloc(&whole, full);
	if (ret)
		goto out;
	ret = ikt_backend_io(be, &whole, full, pos, false, false, true);
	for (off = 0; !ret && off < len; off += n) {
		n = min_t(u32, len - off, PAGE_SIZE);
		ikt_buf_copy_out(b, off, bounce, n);
		ikt_buf_copy_in(&whole, off, bounce, n);
	}
	if (!ret)
		ret = ikt_backend_io(be, &whole, full, pos, true, fua, true);
	ikt_buf_free(&whole);
out:
	kfree(bounce);
	return ret;
}

int ikt_backend_write(struct ikt_backend *be, const struct ikt_buf *b,
		      u32 len, loff_t pos, bool fua)
{
	bool direct = READ_ONCE(be->direct);

	if (len % be->io_align && (be->bdev || direct))
		return ikt_backend_write_partial(be, b, len, pos, fua);
	return ikt_backend_io(be, b, len, pos, true, fua, direct);
}

int ikt_backend_check_direct(const struct ikt_backend *be)
{
	if (!be->dio_align)
		return -EOPNOTSUPP;
	return be->io_align < be->dio_align ? -EINVAL : 0;
}

int ikt_backend_flush(struct ikt_backend *be, loff_t pos, loff_t len)
{
	loff_t end = len ? pos + len - 1 : LLONG_MAX;

	return vfs_fsync_range(be->file, pos, end, 1);
}

int ikt_backend_deallocate(struct ikt_backend *be, loff_t pos, loff_t len)
{
	if (!be->thin)
		return -EOPNOTSUPP;
	if (be->bdev)
		return blkdev_issue_zeroout(be->bdev, pos >> SECTOR_SHIFT,
					    len >> SECTOR_SHIFT, GFP_KERNEL,
					    BLKDEV_ZERO_NOFALLBACK);
	return vfs_fallocate(be->file, FALLOC_FL_PUNCH_HOLE |
			     FALLOC_FL_KEEP_SIZE, pos, len);
}

int ikt_backend_mapped(struct ikt_backend *be, loff_t pos, loff_t end,
		       u32 block_size, bool *mapped, loff_t *next)
{
	loff_t data, hole;

	*mapped = true;
	*next = end;
	if (be->bdev)
		return 0;
	/*
	 * SEEK_DATA and SEEK_HOLE move the shared f_pos, which no I/O of
	 * ours uses: every read and write gives its own position.
	 */
	data = vfs_llseek(be->file, pos, SEEK_DATA);
	if (data == -ENXIO) {		/* nothing but holes to the end */
		*mapped = false;
		return 0;
	}
	if (data < 0)
		return data;
	if (round_down(data, block_size) > pos) {
		*mapped = false;
		*next = min(round_down(data, block_size), end);
		return 0;
	}
	hole = vfs_llseek(be->file, data, SEEK_HOLE);
	if (hole < 0)
		return hole;
	*next = min(round_up(hole, block_size), end);
	return 0;
}
