/* asm/percpu.h - the per-CPU area, reached through %gs in the kernel. There is one CPU; the
 * entry code needs the area because at SYSCALL it has no free register and no stack: it saves
 * the user RSP in rsp_scratch and loads cpu_current_top_of_stack. SWAPGS makes MSR_GS_BASE point
 * here while in the kernel (MSR_KERNEL_GS_BASE holds the user's GS base meanwhile). */
#ifndef _ASM_X86_PERCPU_H
#define _ASM_X86_PERCPU_H

#define PER_CPU_VAR(field) %gs:(field)
#define PCPU_rsp_scratch             0
#define PCPU_cpu_current_top_of_stack 8
#define PCPU_current_task            16

#ifndef __ASSEMBLER__
#include <linux/types.h>
#include <linux/kernel.h>

struct task_struct;
struct pcpu {
	unsigned long rsp_scratch;              /* the user RSP during entry_SYSCALL_64 */
	unsigned long cpu_current_top_of_stack; /* the kernel stack of current; = TSS.RSP0 */
	struct task_struct *current_task;
};
_Static_assert(offsetof(struct pcpu, cpu_current_top_of_stack) == PCPU_cpu_current_top_of_stack, "pcpu");
_Static_assert(offsetof(struct pcpu, current_task) == PCPU_current_task, "pcpu");

extern struct pcpu cpu_pcpu; /* arch/x86/kernel/cpu/common.c */

static inline struct task_struct *get_current(void)
{
	struct task_struct *t;
	__asm__("movq %%gs:%c1, %0" : "=r"(t) : "i"(PCPU_current_task));
	return t;
}
#define current get_current()
#endif

#endif
