/* linux/wait.h - wait queues: how a task sleeps until something happens (data in a pipe or
 * socket, a child's exit, a futex wake, a timer) and how the code that makes it happen wakes it.
 *
 * The sleeper:
 *	err = wait_event_interruptible(q->wait, q->count > 0);  // 0, or -ERESTARTSYS on a signal
 * The waker, after changing the condition:
 *	wake_up_interruptible(&q->wait);
 *
 * The implementation (kernel/sched/wait.c) follows Linux: prepare_to_wait() queues the entry and
 * sets the task state, the condition is tested again, schedule() runs other tasks (or the idle
 * task, which HLTs) until a wake-up makes the task runnable again. The kernel runs with
 * interrupts off except in the idle loop, so nothing can slip in between the test and the
 * sleep. Interrupt handlers may call wake_up(). */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>

struct task_struct;

#define TASK_RUNNING         0
#define TASK_INTERRUPTIBLE   1
#define TASK_UNINTERRUPTIBLE 2

/* Kernel-internal results of an interrupted system call (never seen by user space):
 * restart it, or fail with EINTR, depending on the signal's handler (arch/x86/kernel/signal.c). */
#define ERESTARTSYS           512 /* restart if the handler has SA_RESTART (or there is none) */
#define ERESTARTNOINTR        513 /* always restart */
#define ERESTARTNOHAND        514 /* restart only if no handler ran */
#define ERESTART_RESTARTBLOCK 516 /* as ERESTARTNOHAND here */

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
};

typedef struct wait_queue_head {
	struct list_head head;
} wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
static inline void init_waitqueue_head(wait_queue_head_t *q) { INIT_LIST_HEAD(&q->head); }
static inline bool waitqueue_active(wait_queue_head_t *q) { return !list_empty(&q->head); }

void prepare_to_wait(wait_queue_head_t *q, struct wait_queue_entry *w, int state);
void finish_wait(wait_queue_head_t *q, struct wait_queue_entry *w);
void __wake_up(wait_queue_head_t *q);  /* makes every waiter runnable */
#define wake_up(q)               __wake_up(q)
#define wake_up_interruptible(q) __wake_up(q)
#define wake_up_all(q)           __wake_up(q)

/* kernel/sched/core.c: give up the CPU until this task is runnable again (it returns at once
 * when the task is TASK_RUNNING). With nothing else to run, the idle task HLTs. */
void schedule(void);
/* kernel/signal.c: a signal is pending and not blocked. */
bool signal_pending(struct task_struct *t);

#define DEFINE_WAIT(name) \
	struct wait_queue_entry name = { .task = current, .entry = LIST_HEAD_INIT((name).entry) }

/* Sleeps until `condition` is true: 0, or -ERESTARTSYS when a signal arrives first. */
#define wait_event_interruptible(wq, condition)                                \
	({                                                                      \
		int __ret = 0;                                                  \
		DEFINE_WAIT(__wait);                                            \
		for (;;) {                                                      \
			prepare_to_wait(&(wq), &__wait, TASK_INTERRUPTIBLE);    \
			if (condition)                                          \
				break;                                          \
			if (signal_pending(current)) {                          \
				__ret = -ERESTARTSYS;                           \
				break;                                          \
			}                                                       \
			schedule();                                             \
		}                                                               \
		finish_wait(&(wq), &__wait);                                    \
		__ret;                                                          \
	})

/* Sleeps until `condition` is true or `timeout` jiffies have passed: the jiffies left (at
 * least 1) when the condition became true, 0 on timeout, -ERESTARTSYS on a signal. */
#define wait_event_interruptible_timeout(wq, condition, timeout)               \
	({                                                                      \
		long __ret = (timeout);                                         \
		DEFINE_WAIT(__wait);                                            \
		for (;;) {                                                      \
			prepare_to_wait(&(wq), &__wait, TASK_INTERRUPTIBLE);    \
			if (condition) {                                        \
				if (!__ret)                                     \
					__ret = 1;                              \
				break;                                          \
			}                                                       \
			if (!__ret)                                             \
				break;                                          \
			if (signal_pending(current)) {                          \
				__ret = -ERESTARTSYS;                           \
				break;                                          \
			}                                                       \
			__ret = schedule_timeout(__ret);                        \
		}                                                               \
		finish_wait(&(wq), &__wait);                                    \
		__ret;                                                          \
	})

/* Sleeps until `condition` is true, signals or not. */
#define wait_event(wq, condition)                                              \
	do {                                                                    \
		DEFINE_WAIT(__wait);                                            \
		for (;;) {                                                      \
			prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);  \
			if (condition)                                          \
				break;                                          \
			schedule();                                             \
		}                                                               \
		finish_wait(&(wq), &__wait);                                    \
	} while (0)

long schedule_timeout(long timeout);

#endif
