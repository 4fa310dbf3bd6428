/* pgtable.c - 4-level page tables (SDM vol. 3, 4.5): one PML4 per process whose upper half is
 * copied from init_top_pgt, so that the kernel is mapped the same way everywhere. User tables
 * carry U/S at every level and leave the final say to the PTE; kernel tables never have U/S. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/processor.h>

#define LEVEL_SHIFT(level) (12 + 9 * (level)) /* level 3: PML4 ... level 0: PT */
#define INDEX(va, level) (((va) >> LEVEL_SHIFT(level)) & 511)
#define KERNEL_PML4_FIRST 256

static u64 *table_of(u64 entry) { return __va(entry & PTE_PFN_MASK); }

u64 *lookup_pte(u64 *pgd, unsigned long va, bool alloc)
{
	u64 *table = pgd;
	for (int level = 3; level > 0; level--) {
		u64 *e = &table[INDEX(va, level)];
		if (!(*e & _PAGE_PRESENT)) {
			if (!alloc)
				return NULL;
			u64 *next = get_zeroed_page();
			if (!next)
				return NULL;
			*e = __pa(next) | (va < TASK_SIZE_MAX ? _PAGE_TABLE : _KERNPG_TABLE);
		} else if (*e & _PAGE_PSE) {
			return NULL; /* a large page: not something this code changes */
		}
		table = table_of(*e);
	}
	return &table[INDEX(va, 0)];
}

static bool is_current_pgd(const u64 *pgd)
{
	return __pa(pgd) == (read_cr3() & PTE_PFN_MASK);
}

int map_page(u64 *pgd, unsigned long va, phys_addr_t pa, u64 prot)
{
	u64 *pte = lookup_pte(pgd, va, true);
	if (!pte)
		return -ENOMEM;
	*pte = pa | prot;
	if (is_current_pgd(pgd))
		__flush_tlb_one(va);
	return 0;
}

/* Unmaps [start, end) of the user half and frees the pages; skips empty upper levels. */
void unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	bool flush = is_current_pgd(mm->pgd);
	unsigned long va = start;
	while (va < end) {
		u64 *table = mm->pgd;
		int level = 3;
		for (; level > 0; level--) {
			u64 e = table[INDEX(va, level)];
			if (!(e & _PAGE_PRESENT))
				break;
			table = table_of(e);
		}
		if (level > 0) { /* nothing mapped in this whole level-sized block */
			unsigned long size = 1UL << LEVEL_SHIFT(level);
			va = ALIGN_DOWN(va, size) + size;
			continue;
		}
		u64 *pte = &table[INDEX(va, 0)];
		if (pte_has_page(*pte)) {
			put_page(__va(*pte & PTE_PFN_MASK));
			*pte = 0;
			if (flush)
				__flush_tlb_one(va);
		}
		va += PAGE_SIZE;
	}
}

u64 vm_flags_to_pte(unsigned long vm_flags)
{
	u64 prot = _PAGE_PRESENT | _PAGE_USER;
	if (vm_flags & VM_WRITE)
		prot |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	return prot;
}

u64 *pgd_alloc(void)
{
	u64 *pgd = get_zeroed_page();
	if (pgd)
		memcpy(pgd + KERNEL_PML4_FIRST, init_top_pgt + KERNEL_PML4_FIRST,
		       (512 - KERNEL_PML4_FIRST) * sizeof(u64));
	return pgd;
}

static void free_table(u64 *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (level > 0 ? !(table[i] & _PAGE_PRESENT) : !pte_has_page(table[i]))
			continue;
		if (level > 0)
			free_table(table_of(table[i]), level - 1);
		else
			put_page(table_of(table[i]));
	}
	free_page(table);
}

void pgd_free(u64 *pgd)
{
	for (int i = 0; i < KERNEL_PML4_FIRST; i++)
		if (pgd[i] & _PAGE_PRESENT)
			free_table(table_of(pgd[i]), 2);
	free_page(pgd);
}

void switch_mm(struct mm_struct *mm)
{
	write_cr3(__pa(mm ? mm->pgd : init_top_pgt));
}

/* Kernel stacks: each one sits above an unmapped guard page, so that an overflow faults (and
 * ends in a double fault on the IST stack) instead of overwriting what lies below. */
/* Freed stacks, kept mapped for the next task (all stacks have the same size). */
struct free_stack {
	struct free_stack *next;
	size_t size;
};
static struct free_stack *free_stacks;

void vfree_stack(void *stack, size_t size)
{
	struct free_stack *f = stack;
	if (!stack)
		return;
	f->next = free_stacks;
	f->size = PAGE_ALIGN(size);
	free_stacks = f;
}

void *vmalloc_stack(size_t size)
{
	static unsigned long next = VMALLOC_START;
	for (struct free_stack **l = &free_stacks; *l; l = &(*l)->next) {
		if ((*l)->size == PAGE_ALIGN(size)) {
			struct free_stack *f = *l;
			*l = f->next;
			return f;
		}
	}
	unsigned long base = next + PAGE_SIZE; /* the guard page stays unmapped */
	size = PAGE_ALIGN(size);
	if (base + size > VMALLOC_END)
		return NULL;
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		void *page = alloc_pages(0);
		if (!page || map_page(init_top_pgt, base + off, __pa(page),
				      _PAGE_PRESENT | _PAGE_RW | _PAGE_NX | _PAGE_GLOBAL |
				      _PAGE_ACCESSED | _PAGE_DIRTY))
			return NULL;
	}
	next = base + size;
	return (void *)base;
}
