/* exit.c - the end of a process. When init ends, the machine ends, and its exit status leaves
 * through the debug-exit port (README: "Exit status"). */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/bootparam.h>
#include <asm/io.h>
#include <asm/processor.h>

void machine_exit(u32 value)
{
	local_irq_disable();
	outl(value, DEBUG_EXIT_PORT);
	for (;;)
		__asm__ volatile("hlt");
}

/* The status a shell would report: the exit code, or 128 + the signal. */
static u32 shell_status(long code)
{
	if (code & 0x7f)
		return 128 + (code & 0x7f);
	return (code >> 8) & 0xff;
}

void do_exit(long code)
{
	struct task_struct *tsk = current;
	tsk->exit_code = (int)code;
	put_files_struct(tsk->files);
	tsk->files = NULL;
	if (tsk->pid == 1) {
		pr_info("init (%s) exited with status %u\n", tsk->comm, shell_status(code));
		machine_exit(shell_status(code));
	}
	panic("no scheduler: pid %d exited", tsk->pid);
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/* One thread per process: exit_group is exit. */
SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}
