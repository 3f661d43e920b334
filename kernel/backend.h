/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extent backends: a file (FILE extent) or a block device (DEVICE extent).
 */
#ifndef ISCSIKT_BACKEND_H
#define ISCSIKT_BACKEND_H

#include <linux/blk_types.h>
#include <linux/types.h>

struct file;
struct ikt_buf;
struct ikt_extent;

struct ikt_backend {
	struct file *file;	/* the open file or block device */
	/* DEVICE: I/O goes to it as bios, past the page cache */
	struct block_device *bdev;
	u64 size;		/* bytes, a multiple of the block size */
	/*
	 * Writes of less than this go out as a read-modify-write (cmd.c):
	 * the device's sector; for a file, the alignment its direct I/O
	 * needs (dio_align), or 1 when the extent's blocks are smaller.
	 */
	u32 io_align;
	u32 dio_align;		/* FILE: 0 when it cannot do direct I/O */
	bool direct;		/* FILE: past the page cache (READ_ONCE) */
	bool rotational;	/* from the device queue, when known */
	/*
	 * Thin provisioning (read-write extents): blocks can be deallocated
	 * and then read as zeros; in bytes, the unit that frees space.
	 */
	bool thin;
	u32 unmap_granularity;
};

/*
 * Open what @path names.  FILE: created with @size bytes when it does not
 * exist; @size 0 takes the existing file's size; an existing file smaller
 * than @size is extended.  DEVICE: the block device's size, claimed
 * exclusively; -EINVAL when @block_size is below the device's logical block
 * size, -EROFS for a read-only device unless @read_only.  @read_only opens
 * it read-only.
 */
int ikt_backend_open(struct ikt_backend *be, bool is_device, const char *path,
		     u64 size, u32 block_size, bool read_only);
void ikt_backend_close(struct ikt_backend *be);
/*
 * Take a larger size (the extent grew under initiators).  FILE: @size
 * bytes (the file is extended), or 0 for the file's own size now.
 * DEVICE: the device's size now; @size is ignored.  -EINVAL when the
 * result would be smaller: blocks in use cannot disappear.
 */
int ikt_backend_grow(struct ikt_backend *be, u64 size, u32 block_size);

/*
 * FILE: whether ->direct may be set; each read and write looks at it once.
 * -EOPNOTSUPP when the file's filesystem cannot do direct I/O, -EINVAL
 * when the extent's blocks are smaller than the alignment it needs.
 */
int ikt_backend_check_direct(const struct ikt_backend *be);

/* Synchronous I/O of @len bytes of @b at byte offset @pos; all or an error. */
int ikt_backend_read(struct ikt_backend *be, const struct ikt_buf *b, u32 len,
		     loff_t pos);
int ikt_backend_write(struct ikt_backend *be, const struct ikt_buf *b,
		      u32 len, loff_t pos, bool fua);
/*
 * DEVICE only: start a read or write (@fua: durable when it ends) of
 * @len bytes of @b at @pos; @end_io runs, in interrupt context, once it is
 * over, with @priv as bi_private.  0 or an error (then @end_io never runs).
 */
int ikt_backend_submit(struct ikt_backend *be, const struct ikt_buf *b,
		       u32 len, loff_t pos, bool write, bool fua,
		       bio_end_io_t *end_io, void *priv);

/* Make [pos, pos + len) durable; len 0 means to the end. */
int ikt_backend_flush(struct ikt_backend *be, loff_t pos, loff_t len);

/*
 * Thin extents: deallocate [pos, pos + len); the range reads as zeros
 * afterwards, partial filesystem blocks included.
 */
int ikt_backend_deallocate(struct ikt_backend *be, loff_t pos, loff_t len);
/*
 * Whether the block of @block_size bytes at @pos is mapped, and where the
 * run of blocks in that state ends (*@next, at most @end).  A block with
 * any data is mapped; a DEVICE is mapped everywhere.
 */
int ikt_backend_mapped(struct ikt_backend *be, loff_t pos, loff_t end,
		       u32 block_size, bool *mapped, loff_t *next);

#endif /* ISCSIKT_BACKEND_H */
