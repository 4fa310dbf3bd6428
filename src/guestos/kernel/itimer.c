/* itimer.c - alarm(2), setitimer(2) and getitimer(2): ITIMER_REAL, a timer per process that
 * sends SIGALRM, in jiffies (HZ = 100, so 10 ms steps). ITIMER_VIRTUAL and ITIMER_PROF are not
 * kept (EINVAL). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
#define USEC_PER_SEC   1000000L
#define TICK_USEC      (USEC_PER_SEC / HZ)

struct itimerval {
	struct { long tv_sec, tv_usec; } it_interval, it_value;
};

/* The timer fired: SIGALRM to the process, and again after the interval. */
void it_real_fn(struct timer_list *t)
{
	struct signal_struct *sig = container_of(t, struct signal_struct, real_timer);
	if (list_empty(&sig->thread_head))
		return;
	struct task_struct *p = list_first_entry(&sig->thread_head, struct task_struct, thread_node);
	siginfo_t info = {0};
	info.si_signo = SIGALRM;
	info.si_code = SI_KERNEL;
	group_send_sig_info(SIGALRM, &info, p);
	if (sig->it_real_incr)
		mod_timer(&sig->real_timer, jiffies + sig->it_real_incr);
}

static unsigned long timeval_to_jiffies(long sec, long usec)
{
	u64 us = (u64)sec * USEC_PER_SEC + (u64)usec;
	return (unsigned long)((us + TICK_USEC - 1) / TICK_USEC);
}

static void jiffies_to_timeval(unsigned long j, long *sec, long *usec)
{
	*sec = (long)(j / HZ);
	*usec = (long)(j % HZ) * TICK_USEC;
}

static void get_itimer_real(struct itimerval *v)
{
	struct signal_struct *sig = current->signal;
	unsigned long left = 0;
	if (timer_pending(&sig->real_timer)) {
		long d = (long)(sig->real_timer.expires - jiffies);
		left = d > 0 ? (unsigned long)d : 1; /* due now: report the smallest step */
	}
	jiffies_to_timeval(left, &v->it_value.tv_sec, &v->it_value.tv_usec);
	jiffies_to_timeval(sig->it_real_incr, &v->it_interval.tv_sec, &v->it_interval.tv_usec);
}

static int do_setitimer(int which, const struct itimerval *value, struct itimerval *ovalue)
{
	struct signal_struct *sig = current->signal;
	if (which != ITIMER_REAL)
		return -EINVAL;
	if (value->it_value.tv_usec < 0 || value->it_value.tv_usec >= USEC_PER_SEC ||
	    value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= USEC_PER_SEC ||
	    value->it_value.tv_sec < 0 || value->it_interval.tv_sec < 0)
		return -EINVAL;
	if (ovalue)
		get_itimer_real(ovalue);
	del_timer(&sig->real_timer);
	sig->it_real_incr = timeval_to_jiffies(value->it_interval.tv_sec,
					       value->it_interval.tv_usec);
	unsigned long j = timeval_to_jiffies(value->it_value.tv_sec, value->it_value.tv_usec);
	if (j)
		mod_timer(&sig->real_timer, jiffies + j);
	return 0;
}

SYSCALL_DEFINE2(getitimer, int, which, struct itimerval __user *, value)
{
	struct itimerval v;
	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ?
		       (clear_user(value, sizeof(v)) ? -EFAULT : 0) : -EINVAL;
	get_itimer_real(&v);
	return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(setitimer, int, which, struct itimerval __user *, value,
		struct itimerval __user *, ovalue)
{
	struct itimerval v = {0}, old;
	if (value && copy_from_user(&v, value, sizeof(v)))
		return -EFAULT;
	int err = do_setitimer(which, &v, &old);
	if (err)
		return err;
	if (ovalue && copy_to_user(ovalue, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* alarm(2): the seconds left on the previous alarm, rounded as Linux rounds them. */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct itimerval v = {{0, 0}, {(long)seconds, 0}}, old;
	do_setitimer(ITIMER_REAL, &v, &old);
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}
