/* time.c - clock_gettime(2), gettimeofday(2), time(2), nanosleep(2) and clock_nanosleep(2). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define TIMER_ABSTIME 1

struct old_timespec32 {
	s32 tv_sec, tv_nsec;
};
struct __kernel_old_timeval {
	long tv_sec, tv_usec;
};

static int posix_get(int which, struct timespec64 *ts)
{
	u64 ns = ktime_get_ns();
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ts->tv_sec = boot_time_sec + (s64)(ns / NSEC_PER_SEC);
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID: /* one process runs, from boot on */
	case CLOCK_THREAD_CPUTIME_ID:
		ts->tv_sec = (s64)(ns / NSEC_PER_SEC);
		break;
	default:
		return -EINVAL;
	}
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct timespec64 __user *, tp)
{
	struct timespec64 ts;
	int err = posix_get(which_clock, &ts);
	if (err)
		return err;
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

COMPAT_SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct old_timespec32 __user *, tp)
{
	struct timespec64 ts;
	int err = posix_get(which_clock, &ts);
	if (err)
		return err;
	struct old_timespec32 t32 = {(s32)ts.tv_sec, (s32)ts.tv_nsec};
	return copy_to_user(tp, &t32, sizeof(t32)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_getres, int, which_clock, struct timespec64 __user *, tp)
{
	struct timespec64 ts;
	int err = posix_get(which_clock, &ts);
	if (err)
		return err;
	ts = (struct timespec64){0, 1};
	if (tp && copy_to_user(tp, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv, void __user *, tz)
{
	struct timespec64 ts;
	posix_get(CLOCK_REALTIME, &ts);
	struct __kernel_old_timeval v = {ts.tv_sec, ts.tv_nsec / 1000};
	if (tv && copy_to_user(tv, &v, sizeof(v)))
		return -EFAULT;
	if (tz && clear_user(tz, 8)) /* struct timezone: UTC */
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(time, long __user *, tloc)
{
	struct timespec64 ts;
	posix_get(CLOCK_REALTIME, &ts);
	if (tloc && put_user((long)ts.tv_sec, tloc))
		return -EFAULT;
	return ts.tv_sec;
}

COMPAT_SYSCALL_DEFINE1(time, s32 __user *, tloc)
{
	struct timespec64 ts;
	posix_get(CLOCK_REALTIME, &ts);
	if (tloc && put_user((s32)ts.tv_sec, tloc))
		return -EFAULT;
	return (s32)ts.tv_sec;
}

/* Sleeps until CLOCK_MONOTONIC reaches `until` ns: 0, or -ERESTARTNOHAND when a signal comes
 * first (EINTR if a handler runs; restarted otherwise). The timer wakes it at a tick, so the
 * sleep lasts at least the time asked, rounded up to the 10 ms tick. */
static long sleep_until(u64 until)
{
	for (;;) {
		u64 now = ktime_get_ns();
		if (now >= until)
			return 0;
		if (signal_pending(current))
			return -ERESTARTNOHAND;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout((long)nsecs_to_jiffies_ceil(until - now));
	}
}

static bool timespec64_valid(const struct timespec64 *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < NSEC_PER_SEC;
}

/* The deadline in CLOCK_MONOTONIC ns. */
static u64 sleep_deadline(const struct timespec64 *t, bool abs_realtime, bool abs)
{
	s64 sec = t->tv_sec;
	if (abs_realtime)
		sec -= boot_time_sec;
	if (abs)
		return sec < 0 ? 0 : (u64)sec * NSEC_PER_SEC + (u64)t->tv_nsec;
	return ktime_get_ns() + (u64)sec * NSEC_PER_SEC + (u64)t->tv_nsec;
}

/* What is left of a relative sleep that a signal cut short. */
static struct timespec64 time_left(u64 until)
{
	u64 now = ktime_get_ns(), left = until > now ? until - now : 0;
	return (struct timespec64){(s64)(left / NSEC_PER_SEC), (long)(left % NSEC_PER_SEC)};
}

SYSCALL_DEFINE2(nanosleep, struct timespec64 __user *, rqtp, struct timespec64 __user *, rmtp)
{
	struct timespec64 t;
	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	if (!timespec64_valid(&t))
		return -EINVAL;
	u64 until = sleep_deadline(&t, false, false);
	long ret = sleep_until(until);
	if (ret && rmtp) {
		struct timespec64 left = time_left(until);
		if (copy_to_user(rmtp, &left, sizeof(left)))
			return -EFAULT;
	}
	return ret;
}

COMPAT_SYSCALL_DEFINE2(nanosleep, struct old_timespec32 __user *, rqtp,
		       struct old_timespec32 __user *, rmtp)
{
	struct old_timespec32 t32;
	if (copy_from_user(&t32, rqtp, sizeof(t32)))
		return -EFAULT;
	struct timespec64 t = {t32.tv_sec, t32.tv_nsec};
	if (!timespec64_valid(&t))
		return -EINVAL;
	u64 until = sleep_deadline(&t, false, false);
	long ret = sleep_until(until);
	if (ret && rmtp) {
		struct timespec64 left = time_left(until);
		struct old_timespec32 l32 = {(s32)left.tv_sec, (s32)left.tv_nsec};
		if (copy_to_user(rmtp, &l32, sizeof(l32)))
			return -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags,
		struct timespec64 __user *, rqtp, struct timespec64 __user *, rmtp)
{
	struct timespec64 t;
	if (which_clock != CLOCK_REALTIME && which_clock != CLOCK_MONOTONIC &&
	    which_clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	if (!timespec64_valid(&t))
		return -EINVAL;
	bool abs = flags & TIMER_ABSTIME;
	u64 until = sleep_deadline(&t, abs && which_clock == CLOCK_REALTIME, abs);
	long ret = sleep_until(until);
	if (ret && !abs && rmtp) {
		struct timespec64 left = time_left(until);
		if (copy_to_user(rmtp, &left, sizeof(left)))
			return -EFAULT;
	}
	return ret;
}

/* times(2): clock ticks (USER_HZ = HZ = 100) since boot; the process's and its reaped
 * children's user and system times. */
struct tms {
	long tms_utime, tms_stime, tms_cutime, tms_cstime;
};

static void thread_group_times(struct task_struct *p, u64 *ut, u64 *st)
{
	struct task_struct *t;
	*ut = p->signal->utime;
	*st = p->signal->stime;
	for_each_thread(p, t) {
		*ut += t->utime;
		*st += t->stime;
	}
}

SYSCALL_DEFINE1(times, struct tms __user *, tbuf)
{
	if (tbuf) {
		u64 ut, st;
		thread_group_times(current, &ut, &st);
		struct tms t = {(long)ut, (long)st, (long)current->signal->cutime,
				(long)current->signal->cstime};
		if (copy_to_user(tbuf, &t, sizeof(t)))
			return -EFAULT;
	}
	return (long)jiffies;
}

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1
struct rusage;
int fill_rusage(struct rusage __user *ru, u64 utime, u64 stime);

SYSCALL_DEFINE2(getrusage, int, who, struct rusage __user *, ru)
{
	u64 ut, st;
	switch (who) {
	case RUSAGE_SELF:
		thread_group_times(current, &ut, &st);
		break;
	case RUSAGE_CHILDREN:
		ut = current->signal->cutime;
		st = current->signal->cstime;
		break;
	case RUSAGE_THREAD:
		ut = current->utime;
		st = current->stime;
		break;
	default:
		return -EINVAL;
	}
	return fill_rusage(ru, ut, st);
}
