/* asm/segment.h - the GDT, laid out like Linux's 64-bit one so that SYSCALL and SYSRET find
 * their selectors at the offsets MSR_STAR names (SDM vol. 2, SYSRET: CS = STAR[63:48] + 16,
 * SS = STAR[63:48] + 8). */
#ifndef _ASM_X86_SEGMENT_H
#define _ASM_X86_SEGMENT_H

#define GDT_ENTRY_KERNEL32_CS 1
#define GDT_ENTRY_KERNEL_CS   2
#define GDT_ENTRY_KERNEL_DS   3
#define GDT_ENTRY_DEFAULT_USER32_CS 4
#define GDT_ENTRY_DEFAULT_USER_DS   5
#define GDT_ENTRY_DEFAULT_USER_CS   6
#define GDT_ENTRY_TSS         8 /* 16 bytes: entries 8 and 9 */
#define GDT_ENTRIES           16

#define __KERNEL32_CS 0x08
#define __KERNEL_CS   0x10
#define __KERNEL_DS   0x18
#define __USER32_CS   0x23 /* compatibility mode, RPL 3 */
#define __USER32_DS   __USER_DS
#define __USER_DS     0x2b
#define __USER_CS     0x33 /* 64-bit, RPL 3 */
#define __TSS         (GDT_ENTRY_TSS * 8)

#endif
