/* asm/page.h - the kernel's address space, as in Linux 5.0 with 4-level paging
 * (Documentation/x86/x86_64/mm.txt):
 *   0000000000000000 - 00007fffffffefff  user space, one address space per process
 *   ffff888000000000 -                   direct map of all physical memory (PAGE_OFFSET)
 *   ffffc90000000000 -                   kernel stacks with guard pages (VMALLOC_START)
 *   ffffffff80000000 -                   the kernel image; physical 0 maps here
 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))
#define PMD_SIZE   (1UL << 21)

#define __START_KERNEL_map 0xffffffff80000000
#define PAGE_OFFSET        0xffff888000000000
#define VMALLOC_START      0xffffc90000000000
#define VMALLOC_END        0xffffe8ffffffffff
#define LOAD_PHYSICAL_ADDR 0x100000

/* The highest user address + 1. The last page below 2^47 stays unmapped, as in Linux, so that
 * SYSRET never returns to a non-canonical address (an Intel SYSRET #GP happens in ring 0). */
#define TASK_SIZE_MAX   0x00007ffffffff000
#define IA32_PAGE_OFFSET 0xffffe000 /* TASK_SIZE of a 32-bit process */
#define MMAP_MIN_ADDR   0x10000     /* vm.mmap_min_addr */

/* Page-table entry bits (SDM vol. 3, 4.5). */
#define _PAGE_PRESENT  0x001
#define _PAGE_RW       0x002
#define _PAGE_USER     0x004
#define _PAGE_PWT      0x008
#define _PAGE_PCD      0x010
#define _PAGE_ACCESSED 0x020
#define _PAGE_DIRTY    0x040
#define _PAGE_PSE      0x080
#define _PAGE_GLOBAL   0x100
#define _PAGE_NX       (1UL << 63)
#define _PAGE_TABLE    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define _KERNPG_TABLE  (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define __PAGE_KERNEL_LARGE_EXEC (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PSE | _PAGE_GLOBAL)
#define PTE_PFN_MASK   0x000ffffffffff000UL
/* A user page under PROT_NONE: not present, so every access faults, but the frame is kept.
 * Hardware ignores the other bits of a non-present entry; Linux uses the same bit. */
#define _PAGE_PROTNONE _PAGE_GLOBAL
#define pte_has_page(pte) (((pte) & (_PAGE_PRESENT | _PAGE_PROTNONE)) != 0)

#ifndef __ASSEMBLER__
#include <linux/types.h>

static inline void *__va(phys_addr_t pa) { return (void *)(pa + PAGE_OFFSET); }
/* The physical address of a direct-map or kernel-image address. */
static inline phys_addr_t __pa(const void *va)
{
	unsigned long x = (unsigned long)va;
	return x >= __START_KERNEL_map ? x - __START_KERNEL_map : x - PAGE_OFFSET;
}
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_UP(x)   (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PAGE_ALIGN(x) ALIGN((x), PAGE_SIZE)
#endif

#endif
