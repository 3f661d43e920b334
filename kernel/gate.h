/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The extent's I/O gate: COMPARE AND WRITE, ORWRITE and WRITE ATOMIC
 * (exclusive) against every other command that reads or writes the same
 * bytes (plain).  See gate.c.
 */
#ifndef ISCSIKT_GATE_H
#define ISCSIKT_GATE_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

struct ikt_gate {
	spinlock_t lock;		/* the lists; bio completions take it */
	struct list_head plain;		/* ranges being read or written */
	struct list_head excl;		/* ranges held exclusively */
	wait_queue_head_t wait;
};

/* The bytes [start, end) of the extent one command is using. */
struct ikt_range {
	struct list_head node;
	u64 start, end;
};

void ikt_gate_init(struct ikt_gate *g);
bool ikt_gate_try_plain(struct ikt_gate *g, struct ikt_range *r, u64 pos,
			u64 len);
void ikt_gate_plain(struct ikt_gate *g, struct ikt_range *r, u64 pos, u64 len);
void ikt_gate_plain_end(struct ikt_gate *g, struct ikt_range *r);
void ikt_gate_excl(struct ikt_gate *g, struct ikt_range *r, u64 pos, u64 len);
void ikt_gate_excl_end(struct ikt_gate *g, struct ikt_range *r);

#endif /* ISCSIKT_GATE_H */
