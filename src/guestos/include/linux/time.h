/* linux/time.h - the clocks. The PIT interrupts HZ times a second (jiffies); the current tick's
 * progress comes from the PIT's counter, so time has microsecond resolution. Wall-clock time
 * is the CMOS clock read at boot plus the time since. Under lstar all of it follows the
 * instruction count, so a run reads the same times every time. */
#ifndef _LINUX_TIME_H
#define _LINUX_TIME_H

#include <linux/types.h>

#define HZ 100
#define NSEC_PER_SEC 1000000000L

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

extern volatile unsigned long jiffies;

/* arch/x86/kernel/time.c */
void time_init(void);
struct pt_regs;
void timer_interrupt(struct pt_regs *regs);
u64 ktime_get_ns(void);          /* CLOCK_MONOTONIC, in ns since boot */
struct timespec64;
void ktime_get_coarse_real_ts64(struct timespec64 *ts); /* CLOCK_REALTIME at the last tick */
extern time64_t boot_time_sec;   /* the CMOS clock at boot, seconds since 1970 (UTC) */

/* arch/x86/kernel/irq.c */
void init_8259A(void);
bool timer_irq_pending(void);

/* drivers/char/random.c */
void rand_initialize(void);
void get_random_bytes(void *buf, size_t n);

#endif
