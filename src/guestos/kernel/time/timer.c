/* timer.c - kernel timers and sleeping with a timeout. The PIT interrupts HZ times a second
 * (linux/time.h: HZ = 100); each tick runs the timers whose time has come. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/timer.h>

static LIST_HEAD(timer_head); /* pending timers, in no particular order */

void add_timer(struct timer_list *t)
{
	if (!timer_pending(t))
		list_add_tail(&t->entry, &timer_head);
}

/* Sets the expiry and queues it; 1 if it was pending already. */
int mod_timer(struct timer_list *t, unsigned long expires)
{
	int was = timer_pending(t);
	t->expires = expires;
	add_timer(t);
	return was;
}

int del_timer(struct timer_list *t)
{
	if (!timer_pending(t))
		return 0;
	list_del_init(&t->entry);
	return 1;
}

/* From the timer interrupt. A function may re-arm its own timer. */
void run_timers(void)
{
	struct timer_list *t, *n;
	list_for_each_entry_safe(t, n, &timer_head, entry) {
		if ((long)(jiffies - t->expires) < 0)
			continue;
		list_del_init(&t->entry);
		t->function(t);
	}
}

unsigned long nsecs_to_jiffies_ceil(u64 ns)
{
	const u64 tick = NSEC_PER_SEC / HZ;
	u64 j = (ns + tick - 1) / tick;
	return j > MAX_SCHEDULE_TIMEOUT ? MAX_SCHEDULE_TIMEOUT : (unsigned long)j;
}

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	wake_up_process(container_of(t, struct process_timer, timer)->task);
}

/* Sleeps in the current state (set it first) for up to `timeout` jiffies; returns the jiffies
 * left when woken early, 0 when the time ran out. */
long schedule_timeout(long timeout)
{
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		set_current_state(TASK_RUNNING);
		return 0;
	}
	unsigned long expire = jiffies + (unsigned long)timeout;
	struct process_timer timer = {.task = current};
	timer_setup(&timer.timer, process_timeout);
	mod_timer(&timer.timer, expire);
	schedule();
	del_timer(&timer.timer);
	long left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}

long schedule_timeout_interruptible(long timeout)
{
	set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}
