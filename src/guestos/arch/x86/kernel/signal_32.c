/* signal_32.c - signal frames for 32-bit programs (compatibility mode). Not written yet: a
 * handler in an i386 program cannot be run, so the signal's delivery fails and the process gets
 * SIGSEGV, as Linux does when it cannot build a frame. Default actions work as for 64-bit. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <asm/sigframe.h>

int setup_rt_frame_ia32(struct ksignal *ksig, struct pt_regs *regs)
{
	(void)ksig;
	(void)regs;
	return -EFAULT;
}
