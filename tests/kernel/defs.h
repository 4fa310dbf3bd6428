/* defs.h - constants shared by the test kernel's .S and .c files (plain #defines only, so that
 * the assembler can read them too). */
#ifndef TESTKERNEL_DEFS_H
#define TESTKERNEL_DEFS_H

/* Multiboot 1 (the specification's multiboot.h). */
#define MULTIBOOT_HEADER_MAGIC     0x1BADB002
#define MULTIBOOT_HEADER_FLAGS     0x00000003 /* page-align modules, ask for memory info */
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

/* GDT selectors, laid out like Linux's 64-bit arch/x86/include/asm/segment.h. */
#define __KERNEL32_CS 0x08
#define __KERNEL_CS   0x10
#define __KERNEL_DS   0x18
#define __USER32_CS   0x23
#define __USER_DS     0x2b
#define __USER_CS     0x33
#define __NOTPRESENT_DS 0x3b /* a DPL-3 data segment with P=0, for the #NP test */
#define GDT_ENTRY_TSS 8
#define __TSS         (GDT_ENTRY_TSS * 8)

/* MSRs (SDM vol. 4). */
#define MSR_IA32_APICBASE    0x0000001b
#define MSR_IA32_SYSENTER_CS  0x00000174
#define MSR_IA32_SYSENTER_ESP 0x00000175
#define MSR_IA32_SYSENTER_EIP 0x00000176
#define MSR_IA32_CR_PAT      0x00000277
#define MSR_EFER             0xc0000080
#define MSR_STAR             0xc0000081
#define MSR_LSTAR            0xc0000082
#define MSR_CSTAR            0xc0000083
#define MSR_SYSCALL_MASK     0xc0000084
#define MSR_FS_BASE          0xc0000100
#define MSR_GS_BASE          0xc0000101
#define MSR_KERNEL_GS_BASE   0xc0000102

#define EFER_SCE (1 << 0)
#define EFER_LME (1 << 8)
#define EFER_LMA (1 << 10)
#define EFER_NX  (1 << 11)

#define X86_CR0_PE (1 << 0)
#define X86_CR0_MP (1 << 1)
#define X86_CR0_ET (1 << 4)
#define X86_CR0_TS (1 << 3)
#define X86_CR0_NE (1 << 5)
#define X86_CR0_WP (1 << 16)
#define X86_CR0_PG 0x80000000
/* The whole of CR0 is written, so that nothing the loader left behind shows through. */
#define BOOT_CR0 (X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | X86_CR0_MP | X86_CR0_PE)

#define X86_CR4_PAE        (1 << 5)
#define X86_CR4_PGE        (1 << 7)
#define X86_CR4_OSFXSR     (1 << 9)
#define X86_CR4_OSXMMEXCPT (1 << 10)
#define BOOT_CR4 (X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

#define X86_EFLAGS_TF 0x00000100
#define X86_EFLAGS_IF 0x00000200
/* Linux's syscall_init(): TF|DF|IF|IOPL|AC|NT are cleared on SYSCALL. */
#define SYSCALL_MASK_VALUE 0x47700
#define USER_ENTRY_RFLAGS  0x202 /* IF and the always-one bit 1 */

/* Page-table entry bits. */
#define _PAGE_PRESENT  0x001
#define _PAGE_RW       0x002
#define _PAGE_USER     0x004
#define _PAGE_ACCESSED 0x020
#define _PAGE_DIRTY    0x040
#define _PAGE_PSE      0x080
#define _PAGE_GLOBAL   0x100
#define _PAGE_NX_BIT   63
#define _PAGE_TABLE    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define _KERNPG_TABLE  (_PAGE_PRESENT | _PAGE_RW)
#define __PAGE_KERNEL_LARGE (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | _PAGE_GLOBAL)

/* Page-fault error code bits (SDM vol. 3, 4.7). */
#define X86_PF_PROT  0x01
#define X86_PF_WRITE 0x02
#define X86_PF_USER  0x04
#define X86_PF_RSVD  0x08
#define X86_PF_INSTR 0x10

/* The address space. The kernel runs identity-mapped in 0..1 GiB (2 MiB pages); the user
 * program lives in the next GiB, mapped with one 4 KiB page table. */
#define KERNEL_LOAD_ADDR   0x100000
#define KERNEL_BSS_ADDR    0x140000 /* fixed, so that printed addresses do not move with gcc */
#define USER_BASE          0x40000000
#define USER_TEXT          (USER_BASE + 0x0000) /* user.S .user.text: r-x */
#define USER_DATA          (USER_BASE + 0x1000) /* .user.data: rw-, NX */
#define USER_RODATA        (USER_BASE + 0x2000) /* .user.rodata: r--, NX */
#define USER_STACK_LOW     (USER_BASE + 0x3000) /* two stack pages, rw-, NX */
#define USER_STACK_TOP     (USER_BASE + 0x5000)
#define USER_DEMAND        (USER_BASE + 0x8000) /* not present until the #PF handler maps it */
#define USER_KERNEL_ONLY   (USER_BASE + 0x10000) /* present, but U/S=0 */
#define USER_TLS           (USER_DATA + 0x800) /* FS_BASE of the user program */
#define UNMAPPED_ADDR      0x80000000 /* nothing maps 2 GiB: the #DF test's stack */
#define NONCANONICAL_ADDR  0x0000800000000000

/* struct pcpu, reached through %gs in the syscall entry. */
#define PCPU_USER_RSP      0
#define PCPU_TOP_OF_STACK  8
#define PCPU_ENTRY_FLAGS   16

/* 64-bit system calls: Linux numbers, plus three test calls. */
#define __NR_write    1
#define __NR_getpid   39
#define __NR_exit     60
#define __NR_report   500 /* print the six arguments */
#define __NR_sysret_noncanonical 501 /* return through SYSRET to a non-canonical RCX */
#define __NR_pte_flags 502 /* print the user PTEs' flag bits */
#define __NR_unknown  999
/* int $0x80 system calls: i386 numbers. */
#define __NR_ia32_write  4
#define __NR_ia32_getpid 20

/* What do_syscall_64() tells entry_SYSCALL_64 to do. */
#define SYSCALL_RETURN_SYSRET 0
#define SYSCALL_RETURN_SYSRET_NONCANONICAL 1

/* isa-debug-exit: QEMU exits with status (value << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_PASS 0x10 /* exit status 33 */
#define DEBUG_EXIT_FAIL 0x11 /* exit status 35 */

#define COM1 0x3f8

#ifdef __ASSEMBLER__
/* _ASM_EXTABLE(insn, fixup, what): a fault at insn resumes at fixup (Linux's exception table);
 * what names the instruction in the transcript. */
#define _ASM_EXTABLE(insn, fixup, what)		\
	.pushsection .rodata.extable_names, "a";	\
	774: .asciz what;				\
	.popsection;					\
	.pushsection __ex_table, "a";			\
	.balign 8;					\
	.quad insn, fixup, 774b;			\
	.popsection
#endif

#endif
