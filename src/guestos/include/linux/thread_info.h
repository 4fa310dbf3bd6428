/* linux/thread_info.h - setting and testing the TIF_* bits of a task's thread_info (the bits are
 * in asm/thread_info.h). One CPU, and the kernel runs with interrupts off except in HLT, so a
 * plain read-modify-write cannot race with the tick; the reads are READ_ONCE because the idle
 * loop polls the word across HLT. */
#ifndef _LINUX_THREAD_INFO_H
#define _LINUX_THREAD_INFO_H

#include <linux/compiler.h>
#include <asm/thread_info.h>

static inline void set_ti_thread_flag(struct thread_info *ti, int flag)
{
	ti->flags |= 1UL << flag;
}

static inline void clear_ti_thread_flag(struct thread_info *ti, int flag)
{
	ti->flags &= ~(1UL << flag);
}

static inline bool test_ti_thread_flag(struct thread_info *ti, int flag)
{
	return READ_ONCE(ti->flags) & (1UL << flag);
}

#endif
