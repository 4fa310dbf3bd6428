/* asm/smap.h - STAC/CLAC around every user access. With CR4.SMAP a supervisor access to a user
 * page faults unless RFLAGS.AC is set (SDM vol. 3, 4.6). CPUs without SMAP raise #UD for both
 * instructions, so each one is recorded in .smap_sites and turned into a 3-byte NOP at boot
 * (apply_smap_alternatives(), the small part of Linux's alternatives this kernel needs). */
#ifndef _ASM_X86_SMAP_H
#define _ASM_X86_SMAP_H

#ifdef __ASSEMBLER__
#define __ASM_SMAP_SITE(insn)		\
	771: insn;			\
	.pushsection .smap_sites, "a";	\
	.balign 8;			\
	.quad 771b;			\
	.popsection
#define ASM_STAC __ASM_SMAP_SITE(stac)
#define ASM_CLAC __ASM_SMAP_SITE(clac)
#else
void apply_smap_alternatives(bool have_smap);
#endif

#endif
