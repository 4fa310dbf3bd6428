/* asm/thread_info.h - the per-thread word the way back to user mode tests (Linux's x86 numbers).
 *
 * Anything that wants a task to do work before it next returns to user mode sets a bit in its
 * thread_info->flags: a signal that may be deliverable (TIF_SIGPENDING), a reschedule
 * (TIF_NEED_RESCHED). prepare_exit_to_usermode (arch/x86/entry/common.c) reads the word once and
 * leaves the fast path only when one of EXIT_TO_USERMODE_LOOP_FLAGS is set. `status` holds the
 * bits only the task itself changes (TS_COMPAT). */
#ifndef _ASM_X86_THREAD_INFO_H
#define _ASM_X86_THREAD_INFO_H

#define TIF_NOTIFY_RESUME 1 /* callback before returning to user: unused, kept for the mask */
#define TIF_SIGPENDING    2 /* a signal may be pending: do_signal() on the way out */
#define TIF_NEED_RESCHED  3 /* schedule() on the way out */

#define _TIF_NOTIFY_RESUME (1UL << TIF_NOTIFY_RESUME)
#define _TIF_SIGPENDING    (1UL << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED  (1UL << TIF_NEED_RESCHED)

/* The work prepare_exit_to_usermode hands to exit_to_usermode_loop. */
#define EXIT_TO_USERMODE_LOOP_FLAGS (_TIF_SIGPENDING | _TIF_NOTIFY_RESUME | _TIF_NEED_RESCHED)

/* thread_info::status */
#define TS_COMPAT 0x0002 /* the current system call came through int $0x80 (in_ia32_syscall) */

#ifndef __ASSEMBLER__
#include <linux/types.h>

struct thread_info {
	unsigned long flags; /* TIF_*: set by others (wake-ups, the tick), so read it once */
	u32 status;          /* TS_*: only the task itself changes these */
};
#endif

#endif
