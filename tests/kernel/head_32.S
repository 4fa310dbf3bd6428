/* head_32.S - the Multiboot header and the 32-bit entry: check the magic, build the identity
 * page tables, and switch to long mode (SDM vol. 3, 10.8.5: PAE, then EFER.LME, then CR0.PG). */
#include "defs.h"

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)

	.section .head.text, "ax"
	.code32
/*
 * startup_32 - Multiboot entry.
 * Registers on entry (Multiboot 1, section 3.2):
 *   eax  0x2BADB002
 *   ebx  physical address of the Multiboot information structure
 *   Protected mode, flat 4 GiB CS and DS, paging off, interrupts off; esp undefined.
 */
	.globl startup_32
startup_32:
	cli
	cld
	movl %eax, %ebp				/* keep the magic; ebx survives the code below */

	lgdt gdt_descr
	ljmp $__KERNEL32_CS, $1f		/* our own flat 32-bit code segment */
1:	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs

	/* The loader zero-fills .bss too; clear it anyway, it holds the page tables. */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl $boot_stack_top, %esp
	movl %ebp, boot_magic
	movl %ebx, boot_mbi

	call early_serial_init
	movl $msg_banner, %esi
	call early_puts
	cmpl $MULTIBOOT_BOOTLOADER_MAGIC, %ebp
	jne bad_magic
	movl $msg_magic_ok, %esi
	call early_puts

	/* PML4[0] -> PDPT; PDPT[0] -> PD; PD maps 0..1 GiB with 2 MiB global pages. */
	movl $(level3_ident_pgt + _PAGE_TABLE), init_top_pgt
	movl $(level2_ident_pgt + _KERNPG_TABLE), level3_ident_pgt
	movl $level2_ident_pgt, %edi
	movl $__PAGE_KERNEL_LARGE, %eax
	movl $512, %ecx
2:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 2b

	movl $BOOT_CR4, %eax
	movl %eax, %cr4
	movl $init_top_pgt, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_SCE | EFER_NX), %eax
	wrmsr
	movl $BOOT_CR0, %eax			/* PG: EFER.LMA becomes 1 */
	movl %eax, %cr0
	ljmp $__KERNEL_CS, $startup_64		/* CS.L=1: 64-bit mode */

bad_magic:
	movl $msg_bad_magic, %esi
	call early_puts
	movl $DEBUG_EXIT_FAIL, %eax
	outl %eax, $DEBUG_EXIT_PORT
3:	hlt
	jmp 3b

/* early_serial_init - 115200 8N1 on COM1, no FIFO, no interrupts: any 16550 does this. */
early_serial_init:
	movw $(COM1 + 1), %dx			/* IER: no interrupts */
	xorb %al, %al
	outb %al, %dx
	movw $(COM1 + 3), %dx			/* LCR: DLAB */
	movb $0x80, %al
	outb %al, %dx
	movw $(COM1 + 0), %dx			/* DLL: divisor 1 */
	movb $1, %al
	outb %al, %dx
	movw $(COM1 + 1), %dx			/* DLM */
	xorb %al, %al
	outb %al, %dx
	movw $(COM1 + 3), %dx			/* LCR: 8 bits, no parity, 1 stop */
	movb $0x03, %al
	outb %al, %dx
	movw $(COM1 + 2), %dx			/* FCR: FIFO off */
	xorb %al, %al
	outb %al, %dx
	movw $(COM1 + 4), %dx			/* MCR: DTR, RTS */
	movb $0x03, %al
	outb %al, %dx
	ret

/* early_puts - write the NUL-terminated string at esi; polls LSR.THRE before each byte. */
early_puts:
	movb (%esi), %ah
	testb %ah, %ah
	jz 2f
	movw $(COM1 + 5), %dx
1:	inb %dx, %al
	testb $0x20, %al
	jz 1b
	movw $COM1, %dx
	movb %ah, %al
	outb %al, %dx
	incl %esi
	jmp early_puts
2:	ret

	.section .head.data, "aw"
msg_banner:	.asciz "lstar test kernel\n"
msg_magic_ok:	.asciz "startup_32: multiboot magic ok, switching to long mode\n"
msg_bad_magic:	.asciz "startup_32: bad multiboot magic in eax\n"

/* The GDT, in Linux's 64-bit order. Accessed bits are preset so the CPU never writes it. */
	.balign 16
	.globl gdt_page
gdt_page:
	.quad 0				/* 0x00 null */
	.quad 0x00cf9b000000ffff	/* 0x08 __KERNEL32_CS: 32-bit, DPL 0 */
	.quad 0x00af9b000000ffff	/* 0x10 __KERNEL_CS: 64-bit (L=1), DPL 0 */
	.quad 0x00cf93000000ffff	/* 0x18 __KERNEL_DS */
	.quad 0x00cffb000000ffff	/* 0x23 __USER32_CS: 32-bit, DPL 3 (compatibility mode) */
	.quad 0x00cff3000000ffff	/* 0x2b __USER_DS */
	.quad 0x00affb000000ffff	/* 0x33 __USER_CS: 64-bit, DPL 3 */
	.quad 0x00cf73000000ffff	/* 0x3b data, DPL 3, not present */
	.quad 0, 0			/* 0x40 the 64-bit TSS, filled by cpu_init_tss() */
gdt_end:
	.globl gdt_descr
gdt_descr:
	.word gdt_end - gdt_page - 1
	.quad gdt_page

/* Page tables, the IDT, the TSS and all stacks sit at fixed addresses (KERNEL_BSS_ADDR). */
	.section .bss..page_aligned, "aw", @nobits
	.balign 4096
	.globl init_top_pgt, level3_ident_pgt, level2_ident_pgt, level2_user_pgt, level1_user_pgt
init_top_pgt:		.skip 4096	/* PML4 */
level3_ident_pgt:	.skip 4096	/* PDPT for 0..512 GiB */
level2_ident_pgt:	.skip 4096	/* PD: 0..1 GiB in 2 MiB pages */
level2_user_pgt:	.skip 4096	/* PD for 1..2 GiB */
level1_user_pgt:	.skip 4096	/* PT: the user pages, 4 KiB each */
	.globl idt_table
idt_table:		.skip 4096	/* 256 gates of 16 bytes */
	.globl user_stack_frames, user_demand_frame, kernel_only_frame
user_stack_frames:	.skip 2 * 4096
user_demand_frame:	.skip 4096
kernel_only_frame:	.skip 4096
	.globl boot_stack_top, entry_stack, entry_stack_top, df_stack, df_stack_top
boot_stack:		.skip 16384
boot_stack_top:
entry_stack:		.skip 16384	/* TSS.RSP0 and the SYSCALL stack */
entry_stack_top:
df_stack:		.skip 4096	/* TSS.IST1, for #DF */
df_stack_top:
	.globl cpu_tss, pcpu, boot_magic, boot_mbi
	.balign 64
cpu_tss:		.skip 128
pcpu:			.skip 64
boot_magic:		.skip 4
boot_mbi:		.skip 4
