/* time.c - the 8254 PIT as the tick (mode 2, HZ per second, IRQ 0) and the clock between ticks;
 * the MC146818 CMOS clock for the date at boot. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <asm/io.h>
#include <asm/processor.h>

#define PIT_TICK_RATE 1193182UL /* Hz */
#define LATCH ((PIT_TICK_RATE + HZ / 2) / HZ)
#define PIT_CH0  0x40
#define PIT_MODE 0x43
#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

volatile unsigned long jiffies;
time64_t boot_time_sec;

static struct timespec64 xtime_coarse; /* CLOCK_REALTIME at the last tick */

/* The wall clock now, at a tick: ktime_get_ns() at the tick, plus the boot time. */
static void update_wall_time(void)
{
	u64 counts = (u64)jiffies * LATCH;
	u64 ns = counts / PIT_TICK_RATE * NSEC_PER_SEC +
		 counts % PIT_TICK_RATE * NSEC_PER_SEC / PIT_TICK_RATE;
	xtime_coarse.tv_sec = boot_time_sec + (s64)(ns / NSEC_PER_SEC);
	xtime_coarse.tv_nsec = (long)(ns % NSEC_PER_SEC);
}

/* IRQ 0: the tick. Timers that are due run, and the scheduler may end the time slice. */
void timer_interrupt(struct pt_regs *regs)
{
	jiffies++;
	update_wall_time();
	run_timers();
	scheduler_tick(user_mode(regs));
}

static unsigned int pit_read_count(void)
{
	outb(0x00, PIT_MODE); /* latch channel 0 */
	unsigned int lo = inb(PIT_CH0);
	unsigned int hi = inb(PIT_CH0);
	return hi << 8 | lo;
}

/* Nanoseconds since the PIT started, never going backwards. */
u64 ktime_get_ns(void)
{
	static u64 last;
	unsigned long flags = native_save_fl();
	local_irq_disable();
	bool wrapped = timer_irq_pending();
	unsigned int count = pit_read_count();
	u64 counts = (u64)jiffies * LATCH + (LATCH - min(count, (unsigned int)LATCH));
	if (wrapped)
		counts += LATCH; /* the tick has happened, its interrupt not yet */
	u64 ns = counts / PIT_TICK_RATE * NSEC_PER_SEC +
		 counts % PIT_TICK_RATE * NSEC_PER_SEC / PIT_TICK_RATE;
	if (ns < last)
		ns = last;
	last = ns;
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
	return ns;
}

/* The wall clock at the last tick (Linux's coarse clock): no PIT read, so cheap enough for
 * every inode timestamp. Never ahead of ktime_get_ns(), whose count starts at the tick. */
void ktime_get_coarse_real_ts64(struct timespec64 *ts)
{
	*ts = xtime_coarse;
}

static unsigned int cmos_read(unsigned int reg)
{
	outb((u8)reg, CMOS_INDEX);
	return inb(CMOS_DATA);
}

static unsigned int bcd2bin(unsigned int v) { return (v & 15) + (v >> 4) * 10; }

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar. */
static s64 days_from_civil(s64 y, unsigned int m, unsigned int d)
{
	y -= m <= 2;
	s64 era = (y >= 0 ? y : y - 399) / 400;
	unsigned int yoe = (unsigned int)(y - era * 400);
	unsigned int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (s64)doe - 719468;
}

static time64_t read_persistent_clock(void)
{
	unsigned int sec, min, hour, day, mon, year, century, status_b;
	for (int i = 0; i < 1000000 && (cmos_read(0x0a) & 0x80); i++)
		cpu_relax(); /* an update is in progress */
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	century = cmos_read(0x32);
	status_b = cmos_read(0x0b);
	bool pm = !(status_b & 0x02) && (hour & 0x80);
	hour &= 0x7f;
	if (!(status_b & 0x04)) { /* BCD */
		sec = bcd2bin(sec), min = bcd2bin(min), hour = bcd2bin(hour);
		day = bcd2bin(day), mon = bcd2bin(mon), year = bcd2bin(year);
		century = bcd2bin(century);
	}
	if (pm)
		hour = (hour % 12) + 12;
	year += (century >= 19 && century <= 30 ? century : (year < 70 ? 20 : 19)) * 100;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	return days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}

void time_init(void)
{
	boot_time_sec = read_persistent_clock();
	update_wall_time();
	outb(0x34, PIT_MODE); /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
	outb(LATCH & 0xff, PIT_CH0);
	outb(LATCH >> 8, PIT_CH0);
}
