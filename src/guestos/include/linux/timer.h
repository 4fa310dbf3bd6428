/* linux/timer.h - kernel timers: a function that runs from the timer interrupt once jiffies
 * reaches `expires` (kernel/time/timer.c). One list, checked every tick: there are few. */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/list.h>

struct timer_list {
	struct list_head entry;   /* empty when not pending */
	unsigned long expires;    /* in jiffies */
	void (*function)(struct timer_list *);
};

static inline void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *))
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->expires = 0;
}
static inline bool timer_pending(const struct timer_list *t) { return !list_empty(&t->entry); }
void add_timer(struct timer_list *t);
int mod_timer(struct timer_list *t, unsigned long expires);
int del_timer(struct timer_list *t);
void run_timers(void);

/* Conversions for HZ = 100 (linux/time.h). */
unsigned long nsecs_to_jiffies_ceil(u64 ns);

#endif
