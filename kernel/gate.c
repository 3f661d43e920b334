// SPDX-License-Identifier: GPL-2.0
/*
 * The extent's I/O gate.  COMPARE AND WRITE must be atomic against every
 * other writer of its blocks (SBC-3 5.2), WRITE ATOMIC against every
 * reader and writer (SBC-4 4.29), and a device's partial-sector write is a
 * read-modify-write of that sector.  Those take their range exclusively:
 * they wait for the plain commands using any of its bytes to end, and
 * plain commands arriving meanwhile wait for them.  Plain commands do not
 * wait for each other; their only cost is a spinlock and a list entry,
 * and the receive path never sleeps here (ikt_gate_try_plain).
 *
 * Exclusive holders are serialized among themselves by the extent's
 * rmw_lock, so they never wait for each other here.  A plain command
 * already admitted waits for nothing in the gate, so an exclusive holder
 * waiting for it always gets its turn.
 */
#include <linux/sched.h>
#include <linux/wait.h>

#include "gate.h"

void ikt_gate_init(struct ikt_gate *g)
{
	spin_lock_init(&g->lock);
	INIT_LIST_HEAD(&g->plain);
	INIT_LIST_HEAD(&g->excl);
	init_waitqueue_head(&g->wait);
}

static void ikt_range_set(struct ikt_range *r, u64 pos, u64 len)
{
	r->start = pos;
	r->end = pos + len;
}

static bool ikt_range_overlaps(const struct list_head *list,
			       const struct ikt_range *r)
{
	const struct ikt_range *o;

	list_for_each_entry(o, list, node)
		if (o->start < r->end && r->start < o->end)
			return true;
	return false;
}

/*
 * Admit a plain command on [@pos, @pos + @len) unless an exclusive holder
 * has some of it; never sleeps (bios are submitted from the receive path).
 */
bool ikt_gate_try_plain(struct ikt_gate *g, struct ikt_range *r, u64 pos,
			u64 len)
{
	unsigned long flags;
	bool ok;

	ikt_range_set(r, pos, len);
	spin_lock_irqsave(&g->lock, flags);
	ok = list_empty(&g->excl) || !ikt_range_overlaps(&g->excl, r);
	if (ok)
		list_add_tail(&r->node, &g->plain);
	spin_unlock_irqrestore(&g->lock, flags);
	return ok;
}

/* Admit a plain command, waiting for exclusive holders of its bytes. */
void ikt_gate_plain(struct ikt_gate *g, struct ikt_range *r, u64 pos, u64 len)
{
	wait_event(g->wait, ikt_gate_try_plain(g, r, pos, len));
}

/* May run in a bio's completion, in interrupt context. */
void ikt_gate_plain_end(struct ikt_gate *g, struct ikt_range *r)
{
	unsigned long flags;
	bool waiters;

	spin_lock_irqsave(&g->lock, flags);
	list_del(&r->node);
	waiters = !list_empty(&g->excl);
	spin_unlock_irqrestore(&g->lock, flags);
	if (waiters)
		wake_up_all(&g->wait);
}

static bool ikt_gate_plain_overlaps(struct ikt_gate *g,
				    const struct ikt_range *r)
{
	bool busy;

	spin_lock_irq(&g->lock);
	busy = ikt_range_overlaps(&g->plain, r);
	spin_unlock_irq(&g->lock);
	return busy;
}

/*
 * Hold [@pos, @pos + @len) exclusively: new plain commands on it wait from
 * now on, and this returns once those already admitted have ended.  The
 * caller holds the extent's rmw_lock.
 */
void ikt_gate_excl(struct ikt_gate *g, struct ikt_range *r, u64 pos, u64 len)
{
	ikt_range_set(r, pos, len);
	spin_lock_irq(&g->lock);
	list_add_tail(&r->node, &g->excl);
	spin_unlock_irq(&g->lock);
	wait_event(g->wait, !ikt_gate_plain_overlaps(g, r));
}

void ikt_gate_excl_end(struct ikt_gate *g, struct ikt_range *r)
{
	spin_lock_irq(&g->lock);
	list_del(&r->node);
	spin_unlock_irq(&g->lock);
	wake_up_all(&g->wait);
}
