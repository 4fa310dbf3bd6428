/* wait.c - wait queues (linux/wait.h): a list of sleeping tasks that a wake-up makes runnable. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>

void prepare_to_wait(wait_queue_head_t *q, struct wait_queue_entry *w, int state)
{
	if (!w->entry.next || list_empty(&w->entry))
		list_add_tail(&w->entry, &q->head);
	set_current_state(state);
}

void finish_wait(wait_queue_head_t *q, struct wait_queue_entry *w)
{
	(void)q;
	set_current_state(TASK_RUNNING);
	if (w->entry.next && !list_empty(&w->entry))
		list_del_init(&w->entry);
}

/* Every waiter becomes runnable; each one tests its condition again and may sleep again. */
void __wake_up(wait_queue_head_t *q)
{
	struct wait_queue_entry *w;
	list_for_each_entry(w, &q->head, entry)
		wake_up_process(w->task);
}
