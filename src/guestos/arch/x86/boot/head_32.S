/* head_32.S - the Multiboot header and the 32-bit entry: build boot page tables and switch to
 * long mode (SDM vol. 3, 10.8.5: PAE, then EFER.LME, then CR0.PG), then jump to startup_64 in
 * the higher half.
 *
 * The kernel is linked at __START_KERNEL_map + 1 MiB and loaded at 1 MiB. Until paging is on,
 * every address is physical: pa(x) turns a link-time address into its load address. */
#include <asm/asm.h>
#include <asm/bootparam.h>
#include <asm/msr-index.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>

#define pa(x) ((x) - __START_KERNEL_map)
#define BOOT_CR4 (X86_CR4_PAE | X86_CR4_PGE)
#define BOOT_CR0 (X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | X86_CR0_MP | X86_CR0_PE)

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)
	/* The a.out kludge (Multiboot 1, section 3.1.3): physical addresses. The file holds the
	 * image contiguously from the header on (vmlinux.lds keeps file offsets and load
	 * addresses in step), so [load_addr, load_end_addr) is read from the file and the rest up
	 * to bss_end_addr is zeroed. */
	.long pa(multiboot_header)		/* header_addr */
	.long pa(_text)				/* load_addr */
	.long pa(_edata)			/* load_end_addr */
	.long pa(_end)				/* bss_end_addr */
	.long startup_32_phys			/* entry_addr */

	.section .head.text, "ax"
	.code32
/*
 * startup_32 - the Multiboot entry point (its physical address is the ELF entry).
 * Registers on entry (Multiboot 1, section 3.2):
 *   eax  0x2BADB002
 *   ebx  physical address of the Multiboot information structure
 *   Protected mode, flat 4 GiB CS and DS, paging off, interrupts off; esp undefined.
 */
ENTRY(startup_32)
	cli
	cld
	movl %eax, %ebp				/* the magic; ebx survives until it is saved */
	lgdt pa(boot_gdt_descr)
	ljmp $__KERNEL32_CS, $pa(1f)
1:	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs

	/* .bss holds the page tables: clear it even though the loader should have. */
	movl $pa(__bss_start), %edi
	movl $pa(__bss_stop), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl %ebx, pa(boot_mbi_phys)
	cmpl $MULTIBOOT_BOOTLOADER_MAGIC, %ebp
	jne no_multiboot

	/*
	 * One page directory of 2 MiB pages maps physical 0..1 GiB twice: at 0 (the identity map
	 * this code and the far jump below run on, removed in paging_init()) and at
	 * __START_KERNEL_map (PML4 slot 511, PDPT slot 510), where the kernel is linked.
	 */
	movl $pa(level3_ident_pgt) + _KERNPG_TABLE, pa(init_top_pgt)
	movl $pa(level3_kernel_pgt) + _KERNPG_TABLE, pa(init_top_pgt) + 511 * 8
	movl $pa(level2_kernel_pgt) + _KERNPG_TABLE, pa(level3_ident_pgt)
	movl $pa(level2_kernel_pgt) + _KERNPG_TABLE, pa(level3_kernel_pgt) + 510 * 8
	movl $pa(level2_kernel_pgt), %edi
	movl $__PAGE_KERNEL_LARGE_EXEC, %eax
	movl $512, %ecx
2:	movl %eax, (%edi)
	addl $PMD_SIZE, %eax
	addl $8, %edi
	loop 2b

	movl $BOOT_CR4, %eax
	movl %eax, %cr4
	movl $pa(init_top_pgt), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_SCE | EFER_NX), %eax
	wrmsr
	movl $BOOT_CR0, %eax			/* paging on: EFER.LMA becomes 1 */
	movl %eax, %cr0
	ljmp $__KERNEL_CS, $pa(1f)		/* CS.L = 1: 64-bit mode, still at low addresses */
	.code64
1:	movabsq $startup_64, %rax
	jmp *%rax

	.code32
/* Not loaded by a Multiboot loader: say so on COM1 and stop through the debug-exit port. */
no_multiboot:
	movl $pa(msg_no_multiboot), %esi
	movw $COM1, %dx
3:	lodsb
	testb %al, %al
	jz 4f
	outb %al, %dx
	jmp 3b
4:	movl $0x1ff, %eax			/* MACHINE_EXIT_PANIC */
	outl %eax, $DEBUG_EXIT_PORT
5:	hlt
	jmp 5b

msg_no_multiboot:
	.asciz "guestos: not started by a Multiboot loader (bad magic in eax)\n"

	.balign 8
boot_gdt_descr:
	.word GDT_ENTRIES * 8 - 1
	.long pa(gdt_page)			/* the real GDT, in arch/x86/kernel/cpu/common.c */

/* The boot page tables; init_top_pgt stays the kernel's reference PML4 (arch/x86/mm/init.c). */
	.section .bss..page_aligned, "aw", @nobits
	.balign PAGE_SIZE
	.globl init_top_pgt, level3_ident_pgt, level3_kernel_pgt, level2_kernel_pgt
init_top_pgt:		.skip PAGE_SIZE
level3_ident_pgt:	.skip PAGE_SIZE
level3_kernel_pgt:	.skip PAGE_SIZE
level2_kernel_pgt:	.skip PAGE_SIZE

	.section .bss
	.balign 4
	.globl boot_mbi_phys
boot_mbi_phys:		.skip 4
