// SPDX-License-Identifier: GPL-2.0
/*
 * Reservations: PERSISTENT RESERVE IN/OUT and RESERVE/RELEASE(6)/(10) as
 * glue tasks, the conflict check every command passes, SPC-2 reservations
 * ending with their I_T nexus or a reset, and APTPL files.
 *
 * APTPL: when an initiator asks for it, the LU's registrations and
 * persistent reservation are written to <pr_dir>/extent-<name>.pr after
 * every change (Documentation/scsi/reservations.rst has the format) and
 * read back when an extent of that name is created.  A change that cannot
 * be written is refused with INVALID FIELD IN PARAMETER LIST.  Each
 * version is written beside the file, synced and renamed over it, so that
 * a crash leaves the old state or the new one, never a mixture.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/moduleparam.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>

#include "config.h"
#include "conn.h"
#include "pr.h"
#include "task.h"

/* A file longer than the largest state we write is not ours. */
#define IKT_PR_FILE_MAX		(32 * 1024)

static char ikt_pr_dir[256] = "/var/lib/iscsikt/pr";
module_param_string(pr_dir, ikt_pr_dir, sizeof(ikt_pr_dir), 0644);
MODULE_PARM_DESC(pr_dir,
		 "Directory of the APTPL reservation files (empty: no APTPL)");

/* SPC-2 reservations held anywhere: session ends skip the LU walk. */
static atomic_t ikt_pr_nr_spc2 = ATOMIC_INIT(0);

/* The parameter, without the newline "echo DIR >.../pr_dir" leaves. */
static void ikt_pr_get_dir(char *dir)
{
	size_t n;

	kernel_param_lock(THIS_MODULE);
	strscpy(dir, ikt_pr_dir, sizeof(ikt_pr_dir));
	kernel_param_unlock(THIS_MODULE);
	n = strlen(dir);
	while (n && isspace(dir[n - 1]))
		dir[--n] = '\0';
}

/*
 * <pr_dir>/extent-<name>.pr, every byte of the name outside [A-Za-z0-9_.-]
 * escaped as %XX so that no name leaves the directory.
 */
static char *ikt_pr_path(const struct ikt_extent *e)
{
	char esc[ISCSIKT_SHORT_NAME_MAX * 3 + 1], *p = esc, *path = NULL;
	char dir[sizeof(ikt_pr_dir)];
	const char *s;

	for (s = e->name; *s; s++) {
		if (isalnum(*s) || *s == '_' || *s == '-' || *s == '.')
			*p++ = *s;
		else
			p += sprintf(p, "%%%02X", (u8)*s);
	}
	*p = '\0';
	ikt_pr_get_dir(dir);
	if (dir[0])
		path = kasprintf(GFP_KERNEL, "%s/extent-%s.pr", dir, esc);
	return path;
}

static bool ikt_pr_aptpl_ok(void)
{
	char dir[sizeof(ikt_pr_dir)];

	ikt_pr_get_dir(dir);
	return dir[0];
}

/* Write @len bytes of @buf to a new @path and sync them. */
static int ikt_pr_write_file(const char *path, const char *buf, u32 len)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n = 0;
	int ret;

	f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_LARGEFILE, 0600);
	if (IS_ERR(f))
		return PTR_ERR(f);
	if (len)
		n = kernel_write(f, buf, len, &pos);
	ret = n < 0 ? n : n != len ? -EIO : vfs_fsync(f, 0);
	filp_close(f, NULL);
	return ret;
}

/* Rename @from over @to, both in the directory @dir, and sync @dir. */
static int ikt_pr_replace(const char *dir, const char *from, const char *to)
{
	struct renamedata rd = {};
	struct path parent;
	struct file *d;
	int ret;

	ret = kern_path(dir, LOOKUP_DIRECTORY, &parent);
	if (ret)
		return ret;
	ret = mnt_want_write(parent.mnt);
	if (ret)
		goto put;
	rd.old_dir = d_inode(parent.dentry);
	rd.new_dir = rd.old_dir;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
	rd.old_mnt_userns = mnt_user_ns(parent.mnt);
	rd.new_mnt_userns = rd.old_mnt_userns;
#else
	rd.old_mnt_idmap = mnt_idmap(parent.mnt);
	rd.new_mnt_idmap = rd.old_mnt_idmap;
#endif
	lock_rename(parent.dentry, parent.dentry);
	rd.old_dentry = lookup_one_len(from, parent.dentry, strlen(from));
	ret = PTR_ERR_OR_ZERO(rd.old_dentry);
	if (ret)
		goto unlock;
	rd.new_dentry = lookup_one_len(to, parent.dentry, strlen(to));
	ret = PTR_ERR_OR_ZERO(rd.new_dentry);
	if (ret)
		goto put_old;
	ret = d_really_is_negative(rd.old_dentry) ? -ENOENT : vfs_rename(&rd);
	dput(rd.new_dentry);
put_old:
	dput(rd.old_dentry);
unlock:
	unlock_rename(parent.dentry, parent.dentry);
	mnt_drop_write(parent.mnt);
	/* The rename itself must survive a crash before GOOD is sent. */
	if (!ret) {
		d = dentry_open(&parent, O_RDONLY | O_DIRECTORY, current_cred());
		ret = IS_ERR(d) ? PTR_ERR(d) : vfs_fsync(d, 0);
		if (!IS_ERR(d))
			fput(d);
	}
put:
	path_put(&parent);
	return ret;
}

/* Write @st's APTPL file (empty when it no longer asks for APTPL). */
static int ikt_pr_save(const struct ikt_extent *e,
		       const struct ikt_pr_state *st)
{
	u32 len = st->aptpl ? ikt_pr_state_format(st, NULL, 0) : 0;
	char *path, *dir, *tmp, *buf = NULL;
	int ret = -ENOMEM;

	path = ikt_pr_path(e);
	if (!path)
		return -ENOENT;
	dir = kstrndup(path, kbasename(path) - path, GFP_KERNEL);
	tmp = kasprintf(GFP_KERNEL, "%s.new", path);
	if (len)
		buf = kvmalloc(len, GFP_KERNEL);
	if (!dir || !tmp || (len && !buf))
		goto out;
	if (len)
		ikt_pr_state_format(st, buf, len);
	ret = ikt_pr_write_file(tmp, buf, len);
	if (!ret)
		ret = ikt_pr_replace(dir, kbasename(tmp), kbasename(path));
out:
	if (ret)
		pr_warn("extent %s: cannot write %s: %d\n", e->name, path, ret);
	kvfree(buf);
	kfree(tmp);
	kfree(dir);
	kfree(path);
	return ret;
}

/* The state an APTPL file left, or NULL (none, unreadable, malformed). */
static struct ikt_pr_state *ikt_pr_load(const struct ikt_extent *e)
{
	struct ikt_pr_state *st = NULL;
	char *path, *buf = NULL;
	struct file *f;
	loff_t size, pos = 0;
	ssize_t n;

	path = ikt_pr_path(e);
	if (!path)
		return NULL;
	f = filp_open(path, O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(f))
		goto out;
	size = i_size_read(file_inode(f));
	if (size > 0 && size <= IKT_PR_FILE_MAX)
		buf = kvmalloc(size, GFP_KERNEL);
	if (buf) {
		n = kernel_read(f, buf, size, &pos);
		if (n != size || ikt_pr_state_parse(buf, n, &st))
			pr_warn("extent %s: %s is not a reservation file; ignored\n",
				e->name, path);
	} else if (size) {
		pr_warn("extent %s: %s is too large; ignored\n", e->name,
			path);
	}
	filp_close(f, NULL);
	kvfree(buf);
out:
	kfree(path);
	return st;
}

int ikt_pr_init(struct ikt_extent *e)
{
	struct ikt_pr *pr;

	pr = kzalloc(sizeof(*pr), GFP_KERNEL);
	if (!pr)
		return -ENOMEM;
	spin_lock_init(&pr->lock);
	mutex_init(&pr->mutex);
	pr->st = ikt_pr_load(e);
	if (!pr->st)
		pr->st = ikt_pr_state_alloc(0);
	if (!pr->st) {
		kfree(pr);
		return -ENOMEM;
	}
	pr->active = ikt_pr_state_active(pr->st);
	e->pr = pr;
	return 0;
}

void ikt_pr_free(struct ikt_extent *e)
{
	struct ikt_pr *pr = e->pr;

	if (!pr)
		return;
	if (pr->st->spc2)
		atomic_dec(&ikt_pr_nr_spc2);
	kfree(pr->st);
	kfree(pr);
	e->pr = NULL;
}

static void ikt_pr_nexus_of(const struct ikt_session *s, u16 tpgt,
			    struct ikt_pr_nexus *it)
{
	it->initiator = s->initiator;
	memcpy(it->isid, s->isid, sizeof(it->isid));
	it->tpgt = tpgt;
}

bool __ikt_pr_blocked(struct ikt_pr *pr, const struct ikt_session *s,
		      u16 tpgt, const u8 *cdb)
{
	struct ikt_pr_nexus it;
	bool blocked;

	ikt_pr_nexus_of(s, tpgt, &it);
	spin_lock(&pr->lock);
	blocked = ikt_pr_conflict(pr->st, &it, cdb);
	spin_unlock(&pr->lock);
	return blocked;
}

/* Under pr->mutex and pr->lock, after an in-place change of pr->st. */
static void ikt_pr_changed(struct ikt_pr *pr, bool had_spc2)
{
	if (had_spc2 != pr->st->spc2) {
		if (pr->st->spc2)
			atomic_inc(&ikt_pr_nr_spc2);
		else
			atomic_dec(&ikt_pr_nr_spc2);
	}
	WRITE_ONCE(pr->active, ikt_pr_state_active(pr->st));
}

static bool ikt_pr_session_is(const struct ikt_session *s, const void *arg)
{
	struct ikt_pr_nexus it;

	ikt_pr_nexus_of(s, s->conn->portal_tag, &it);
	return ikt_pr_reg_matches(arg, &it);
}

static void ikt_task_pr_in(struct ikt_task *t, struct ikt_pr *pr)
{
	u32 len = min_t(u32, get_unaligned_be16(t->cdb + 7), IKT_PR_IN_MAX);
	struct ikt_scsi_result *res = t->res;
	u8 *buf = NULL;
	int ret;

	if (len) {
		buf = kvzalloc(len, GFP_KERNEL);
		if (!buf)
			goto fail;
	}
	mutex_lock(&pr->mutex);
	ret = ikt_pr_in(pr->st, t->cdb, ikt_pr_aptpl_ok(), buf, len, res);
	mutex_unlock(&pr->mutex);
	if (ret)
		goto fail;
	if (res->status == IKT_SAM_GOOD) {
		res->data_len = min(res->data_full, len);
		if (res->data_len) {
			if (ikt_buf_alloc(&t->data_in, res->data_len))
				goto fail;
			ikt_buf_copy_in(&t->data_in, 0, buf, res->data_len);
		}
	}
	kvfree(buf);
	return;
fail:
	kvfree(buf);
	res->data_len = 0;
	ikt_scsi_set_sense(res, IKT_SK_HARDWARE_ERROR,
			   IKT_ASC_INTERNAL_TARGET_FAILURE);
}

/* PERSISTENT RESERVE OUT service action PREEMPT AND ABORT */
#define IKT_PRO_PREEMPT_ABORT	0x05

static void ikt_task_pr_out(struct ikt_task *t, struct ikt_pr *pr)
{
	bool abort = (t->cdb[1] & 0x1f) == IKT_PRO_PREEMPT_ABORT;
	struct ikt_scsi_result *res = t->res;
	LIST_HEAD(victims);
	struct ikt_pr_state *old;
	struct ikt_pr_change *ch;
	struct ikt_pr_nexus it;
	unsigned int i;
	u8 *param;

	ch = kmalloc(sizeof(*ch), GFP_KERNEL);
	param = kvmalloc(max(t->param_len, 1U), GFP_KERNEL);
	if (!ch || !param) {
		ikt_scsi_set_sense(res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		goto out;
	}
	ikt_buf_copy_out(t->param, 0, param, t->param_len);
	ikt_pr_nexus_of(t->sess, t->conn->portal_tag, &it);

	mutex_lock(&pr->mutex);
	if (ikt_pr_out(pr->st, &it, t->cdb, param, t->param_len,
		       ikt_pr_aptpl_ok(), ch, res)) {
		ikt_scsi_set_sense(res, IKT_SK_HARDWARE_ERROR,
				   IKT_ASC_INTERNAL_TARGET_FAILURE);
		goto unlock;
	}
	if (!ch->next)
		goto unlock;
	/* What APTPL keeps must be on disk before the initiator hears GOOD. */
	if ((ch->next->aptpl || pr->st->aptpl) &&
	    ikt_pr_save(t->ext, ch->next) && ch->next->aptpl) {
		kfree(ch->next);
		ikt_scsi_invalid_param_field(res,
					     (t->cdb[1] & 0x1f) == 7 ? 17 : 20, 0);
		goto unlock;
	}
	old = pr->st;
	spin_lock(&pr->lock);
	pr->st = ch->next;
	ikt_pr_changed(pr, old->spc2);
	spin_unlock(&pr->lock);
	for (i = 0; i < old->nregs && i < IKT_PR_REGS_MAX; i++) {
		if (!ch->ua[i])
			continue;
		ikt_sessions_raise_ua_if(t->sess->target, t->lun, ch->ua[i],
					 ikt_pr_session_is, &old->regs[i]);
		/*
		 * SPC-4 5.13.11: the preempted nexuses' tasks for this LU
		 * end as an ABORT TASK SET would end them; TAS is 0, so they
		 * end without status.
		 */
		if (abort && ch->ua[i] == IKT_ASC_REGISTRATIONS_PREEMPTED)
			ikt_sessions_take_tasks_if(t->sess->target, t->ext,
						   ikt_pr_session_is,
						   &old->regs[i], t->sess,
						   &victims);
	}
	kfree(old);
unlock:
	mutex_unlock(&pr->mutex);
	/* Not before GOOD: none of their writes may land after it. */
	ikt_cmd_end_taken(&victims);
out:
	kvfree(param);
	kfree(ch);
}

static void ikt_task_pr_spc2(struct ikt_task *t, struct ikt_pr *pr,
			     bool reserve)
{
	struct ikt_pr_nexus it;
	bool had;

	ikt_pr_nexus_of(t->sess, t->conn->portal_tag, &it);
	mutex_lock(&pr->mutex);
	spin_lock(&pr->lock);
	had = pr->st->spc2;
	ikt_pr_spc2(pr->st, &it, reserve, t->res);
	ikt_pr_changed(pr, had);
	spin_unlock(&pr->lock);
	mutex_unlock(&pr->mutex);
}

void ikt_task_pr(struct ikt_task *t)
{
	struct ikt_pr *pr = t->ext->pr;

	switch (t->cdb[0]) {
	case 0x5e:
		ikt_task_pr_in(t, pr);
		break;
	case 0x5f:
		ikt_task_pr_out(t, pr);
		break;
	default:	/* RESERVE(6)/(10) are even, RELEASE(6)/(10) odd */
		ikt_task_pr_spc2(t, pr, !(t->cdb[0] & 1));
		break;
	}
}

/* Drop the SPC-2 reservation of @it (NULL: anyone's) on @e. */
static void ikt_pr_drop_spc2(struct ikt_extent *e,
			     const struct ikt_pr_nexus *it)
{
	struct ikt_pr *pr = e->pr;

	if (!pr || !READ_ONCE(pr->active))
		return;
	mutex_lock(&pr->mutex);
	spin_lock(&pr->lock);
	if (ikt_pr_spc2_drop(pr->st, it))
		ikt_pr_changed(pr, true);
	spin_unlock(&pr->lock);
	mutex_unlock(&pr->mutex);
}

/*
 * Every LU of @t, or only @lun; a disabled extent's too, or a reservation
 * whose nexus is gone would still be there when the extent is enabled.
 */
static void ikt_pr_drop_spc2_lus(struct ikt_target *t, const u64 *lun,
				 const struct ikt_pr_nexus *it)
{
	struct ikt_extent *e;
	u64 *ids;
	int i, n;

	if (!t || !atomic_read(&ikt_pr_nr_spc2))
		return;
	if (lun) {
		e = ikt_target_lun_get_mapped(t, *lun);
		if (e) {
			ikt_pr_drop_spc2(e, it);
			ikt_extent_put(e);
		}
		return;
	}
	ids = kmalloc_array(ISCSIKT_MAX_LUN + 1, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return;
	n = min(ikt_target_lun_ids_mapped(t, ids, ISCSIKT_MAX_LUN + 1),
		ISCSIKT_MAX_LUN + 1);
	for (i = 0; i < n; i++) {
		e = ikt_target_lun_get_mapped(t, ids[i]);
		if (e) {
			ikt_pr_drop_spc2(e, it);
			ikt_extent_put(e);
		}
	}
	kfree(ids);
}

void ikt_pr_nexus_loss(struct ikt_session *s, u16 tpgt)
{
	struct ikt_pr_nexus it;

	ikt_pr_nexus_of(s, tpgt, &it);
	ikt_pr_drop_spc2_lus(s->target, NULL, &it);
}

void ikt_pr_reset(struct ikt_target *t, const u8 *lun_raw)
{
	u64 lun;

	if (!lun_raw)
		ikt_pr_drop_spc2_lus(t, NULL, NULL);
	else if (ikt_scsi_lun_decode(lun_raw, &lun))
		ikt_pr_drop_spc2_lus(t, &lun, NULL);
}
