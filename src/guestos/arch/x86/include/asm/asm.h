/* asm/asm.h - the exception table (Linux's __ex_table): a fault at `insn` resumes at `fixup`.
 * Every instruction that touches user memory on the kernel's behalf has an entry; see
 * arch/x86/lib/copy_user_64.S and arch/x86/mm/fault.c. */
#ifndef _ASM_X86_ASM_H
#define _ASM_X86_ASM_H

#ifdef __ASSEMBLER__
#define _ASM_EXTABLE(insn, fixup)	\
	.pushsection __ex_table, "a";	\
	.balign 8;			\
	.quad insn, fixup;		\
	.popsection
#define ENTRY(name) .globl name; .type name, @function; name:
#define END(name) .size name, . - name
#else
#include <linux/types.h>
struct exception_table_entry {
	unsigned long insn, fixup;
};
/* arch/x86/mm/extable.c */
const struct exception_table_entry *search_exception_tables(unsigned long ip);
#endif

#endif
