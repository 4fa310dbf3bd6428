/* asm/syscall.h - the system call tables, generated from syscall_64.tbl and syscall_32.tbl by
 * scripts/syscalltbl.sh (see arch/x86/entry/). */
#ifndef _ASM_X86_SYSCALL_H
#define _ASM_X86_SYSCALL_H

#include <asm/ptrace.h>

typedef long (*sys_call_ptr_t)(const struct pt_regs *);
extern const sys_call_ptr_t sys_call_table[];
extern const unsigned long NR_syscalls;      /* entries in sys_call_table */
extern const sys_call_ptr_t ia32_sys_call_table[];
extern const unsigned long IA32_NR_syscalls; /* entries in ia32_sys_call_table */

/* arch/x86/entry/common.c, called from entry_64.S and entry_64_compat.S */
void do_syscall_64(unsigned long nr, struct pt_regs *regs);
void do_int80_syscall_32(struct pt_regs *regs);

#endif
