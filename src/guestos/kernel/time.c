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

/* Waits in HLT until CLOCK_MONOTONIC reaches `until` ns; each timer tick wakes it. */
static void sleep_until(u64 until)
{
	while (ktime_get_ns() < until)
		safe_halt();
}

static long do_nanosleep(const struct timespec64 *t, bool abs_realtime, bool abs)
{
	if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	u64 now = ktime_get_ns();
	s64 sec = t->tv_sec;
	if (abs_realtime)
		sec -= boot_time_sec;
	u64 until;
	if (abs)
		until = sec < 0 ? 0 : (u64)sec * NSEC_PER_SEC + (u64)t->tv_nsec;
	else
		until = now + (u64)sec * NSEC_PER_SEC + (u64)t->tv_nsec;
	sleep_until(until);
	return 0;
}

SYSCALL_DEFINE2(nanosleep, struct timespec64 __user *, rqtp, struct timespec64 __user *, rmtp)
{
	struct timespec64 t;
	(void)rmtp; /* never interrupted: nothing remains */
	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	return do_nanosleep(&t, false, false);
}

COMPAT_SYSCALL_DEFINE2(nanosleep, struct old_timespec32 __user *, rqtp,
		       struct old_timespec32 __user *, rmtp)
{
	struct old_timespec32 t32;
	(void)rmtp;
	if (copy_from_user(&t32, rqtp, sizeof(t32)))
		return -EFAULT;
	struct timespec64 t = {t32.tv_sec, t32.tv_nsec};
	return do_nanosleep(&t, false, false);
}

SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags,
		struct timespec64 __user *, rqtp, struct timespec64 __user *, rmtp)
{
	struct timespec64 t;
	(void)rmtp;
	if (which_clock != CLOCK_REALTIME && which_clock != CLOCK_MONOTONIC &&
	    which_clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	bool abs = flags & TIMER_ABSTIME;
	return do_nanosleep(&t, abs && which_clock == CLOCK_REALTIME, abs);
}
