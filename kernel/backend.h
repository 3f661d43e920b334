/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extent backends: a file (FILE extent) or a block device (DEVICE extent).
 */
#ifndef ISCSIKT_BACKEND_H
#define ISCSIKT_BACKEND_H

#include <linux/types.h>

struct file;
struct ikt_extent;

struct ikt_backend {
	struct file *file;	/* the open file or block device */
	u64 size;		/* bytes, a multiple of the block size */
	bool rotational;	/* from the device queue, when known */
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

/* Synchronous I/O at byte offset @pos; the whole length or an error. */
int ikt_backend_read(struct ikt_backend *be, void *buf, size_t len, loff_t pos);
int ikt_backend_write(struct ikt_backend *be, const void *buf, size_t len,
		      loff_t pos, bool fua);
/* Make [pos, pos + len) durable; len 0 means to the end. */
int ikt_backend_flush(struct ikt_backend *be, loff_t pos, loff_t len);

#endif /* ISCSIKT_BACKEND_H */
