/* head.S - the bare benchmark kernel's Multiboot header and entry: build identity page tables
 * for the first GiB (2 MiB pages), enable PAE, EFER.LME and paging (SDM Vol. 3 §10.8.5), and
 * call bench_main in 64-bit mode with the Multiboot information pointer. */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003			/* page-aligned modules, memory info */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text
	.code32
/*
 * Registers on entry (Multiboot 1 §3.2): eax = 0x2badb002, ebx = the information structure;
 * flat 32-bit protected mode, paging and interrupts off, esp undefined.
 */
	.globl _start
_start:
	cli
	movl $stack_top, %esp
	movl %ebx, %esi				/* the information pointer, for bench_main */

	/* PML4[0] -> PDPT, PDPT[0] -> PD, PD: 512 present, writable 2 MiB pages. */
	movl $pdpt, %eax
	orl $3, %eax
	movl %eax, pml4
	movl $pd, %eax
	orl $3, %eax
	movl %eax, pdpt
	movl $pd, %edi
	movl $0x83, %eax			/* P | RW | PS */
	movl $512, %ecx
1:	movl %eax, (%edi)
	movl $0, 4(%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 1b

	movl %cr4, %eax
	orl $0x20, %eax				/* CR4.PAE */
	movl %eax, %cr4
	movl $pml4, %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx			/* IA32_EFER.LME */
	rdmsr
	orl $0x100, %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80000001, %eax			/* CR0.PG | PE */
	movl %eax, %cr0
	lgdt gdt_descr
	ljmp $0x08, $long_mode

	.code64
long_mode:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %esi, %edi				/* bench_main(info) */
	call bench_main
2:	hlt
	jmp 2b

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: data */
gdt_descr:
	.word gdt_descr - gdt - 1
	.long gdt

	.section .bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
