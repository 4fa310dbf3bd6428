/* asm/syscall.h - the system call tables, generated from syscall_64.tbl and syscall_32.tbl by
 * scripts/syscalltbl.sh (see arch/x86/entry/). */
#ifndef _ASM_X86_SYSCALL_H
#define _ASM_X86_SYSCALL_H

#include <asm/ptrace.h>

#include <generated/unistd_32.h>
#include <generated/unistd_64.h>

/* Constants, so that the bounds check in do_syscall_64 is one compare with an immediate. */
#define NR_syscalls      (__NR_syscall_max + 1)      /* entries in sys_call_table */
#define IA32_NR_syscalls (__NR_ia32_syscall_max + 1) /* entries in ia32_sys_call_table */

typedef long (*sys_call_ptr_t)(const struct pt_regs *);
extern const sys_call_ptr_t sys_call_table[];
extern const sys_call_ptr_t ia32_sys_call_table[];

/* arch/x86/entry/common.c, called from entry_64.S and entry_64_compat.S */
void do_syscall_64(unsigned long nr, struct pt_regs *regs);
void do_int80_syscall_32(struct pt_regs *regs);

#endif
