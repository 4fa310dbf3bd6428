/* wait.c - wait queues (linux/wait.h).
 *
 * FIRST VERSION, one task: nothing else can run, so schedule() idles in HLT until an interrupt
 * and the waiter tests its condition again. The scheduler (kernel/sched/core.c) replaces this
 * with real sleeping and waking. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <asm/processor.h>

void prepare_to_wait(wait_queue_head_t *q, struct wait_queue_entry *w, int state)
{
	if (list_empty(&w->entry) || !w->entry.next)
		list_add_tail(&w->entry, &q->head);
}

void finish_wait(wait_queue_head_t *q, struct wait_queue_entry *w)
{
	if (w->entry.next && !list_empty(&w->entry))
		list_del_init(&w->entry);
}

void __wake_up(wait_queue_head_t *q)
{
}

void schedule(void)
{
	safe_halt();
}

bool signal_pending(struct task_struct *t)
{
	return false;
}
