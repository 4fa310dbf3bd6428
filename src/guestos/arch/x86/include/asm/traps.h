/* asm/traps.h - exception vectors and the C handlers entry_64.S calls. */
#ifndef _ASM_X86_TRAPS_H
#define _ASM_X86_TRAPS_H

#include <asm/ptrace.h>

#define FIRST_EXTERNAL_VECTOR 0x20
#define IA32_SYSCALL_VECTOR   0x80

#ifndef __ASSEMBLER__
enum {
	X86_TRAP_DE = 0, X86_TRAP_DB, X86_TRAP_NMI, X86_TRAP_BP, X86_TRAP_OF, X86_TRAP_BR,
	X86_TRAP_UD, X86_TRAP_NM, X86_TRAP_DF, X86_TRAP_OLD_MF, X86_TRAP_TS, X86_TRAP_NP,
	X86_TRAP_SS, X86_TRAP_GP, X86_TRAP_PF, X86_TRAP_SPURIOUS, X86_TRAP_MF, X86_TRAP_AC,
	X86_TRAP_MC, X86_TRAP_XF,
};
/* Page-fault error code bits (SDM vol. 3, 4.7). */
#define X86_PF_PROT  0x01
#define X86_PF_WRITE 0x02
#define X86_PF_USER  0x04
#define X86_PF_RSVD  0x08
#define X86_PF_INSTR 0x10

/* arch/x86/kernel/traps.c, arch/x86/kernel/irq.c, arch/x86/mm/fault.c */
void do_exception(struct pt_regs *regs, unsigned long vector);
void do_IRQ(struct pt_regs *regs, unsigned long vector);
void do_page_fault(struct pt_regs *regs, unsigned long error_code);
void die(const char *str, struct pt_regs *regs, unsigned long err) __attribute__((noreturn));
void show_regs(const struct pt_regs *regs);
bool fixup_exception(struct pt_regs *regs);
void idt_setup(void);

/* arch/x86/entry/entry_64.S */
extern const char idt_stubs[];
extern const char entry_SYSCALL_64[], entry_SYSCALL_compat[], entry_SYSENTER_compat[];
extern const char entry_INT80_compat[];
void ret_to_user(struct pt_regs *regs) __attribute__((noreturn));
void call_on_stack(unsigned long stack_top, void (*fn)(void)) __attribute__((noreturn));
#endif

#endif
