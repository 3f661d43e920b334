/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reservations of a logical unit: the glue around kernel/proto/scsi_pr.c.
 *
 * Each extent owns one struct ikt_pr.  Every change (PERSISTENT RESERVE
 * OUT, RESERVE/RELEASE, a session ending, a reset) holds ->mutex; the
 * state pointer and the in-place SPC-2 changes are also under ->lock, the
 * spinlock the conflict check takes.  The check looks at ->active first,
 * so a LU without a reservation costs one READ_ONCE() per command.
 */
#ifndef ISCSIKT_PR_H
#define ISCSIKT_PR_H

#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "scsi.h"

struct ikt_extent;
struct ikt_session;
struct ikt_target;

struct ikt_pr {
	bool active;			/* ikt_pr_state_active(st) */
	spinlock_t lock;		/* st, and the check reading it */
	struct mutex mutex;		/* every change, PR IN */
	struct ikt_pr_state *st;
};

/* A new extent: empty state, or the APTPL file's.  0 or -ENOMEM. */
int ikt_pr_init(struct ikt_extent *e);
void ikt_pr_free(struct ikt_extent *e);

bool __ikt_pr_blocked(struct ikt_pr *pr, const struct ikt_session *s,
		      u16 tpgt, const u8 *cdb);

/* Must @cdb from session @s through portal group @tpgt be refused? */
static inline bool ikt_pr_blocked(struct ikt_pr *pr,
				  const struct ikt_session *s, u16 tpgt,
				  const u8 *cdb)
{
	return pr && READ_ONCE(pr->active) &&
	       __ikt_pr_blocked(pr, s, tpgt, cdb);
}

/* Session @s (through portal group @tpgt) ends: its SPC-2 reservations go. */
void ikt_pr_nexus_loss(struct ikt_session *s, u16 tpgt);
/* LOGICAL UNIT RESET of @lun_raw, or a target reset (NULL), of @t. */
void ikt_pr_reset(struct ikt_target *t, const u8 *lun_raw);

/*
 * session.c: raise unit attention @asc on @lun for the sessions of @t that
 * @match(session, @arg) accepts.
 */
void ikt_sessions_raise_ua_if(struct ikt_target *t, u64 lun, u16 asc,
			      bool (*match)(const struct ikt_session *s,
					    const void *arg),
			      const void *arg);

#endif /* ISCSIKT_PR_H */
