/* init.c - the kernel half of every address space: the direct map of physical memory and the
 * kernel stack area, set up once in init_top_pgt and shared by every process's PML4. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/processor.h>

#define DIRECT_MAP_MAX (4UL << 30) /* lstar and this kernel handle up to 4 GiB of RAM */
#define PML4_INDEX(va) (((va) >> 39) & 511)

extern u64 level3_ident_pgt[];
static u64 level3_direct_pgt[512] __aligned(PAGE_SIZE);
static u64 level2_direct_pgt[DIRECT_MAP_MAX >> 30][512] __aligned(PAGE_SIZE);

/* The end of RAM, from the memory map (capped at DIRECT_MAP_MAX). */
static u64 ram_end(void)
{
	u64 end = 0;
	for (unsigned int i = 0; i < boot_params.e820_entries; i++) {
		const struct e820_entry *e = &boot_params.e820_table[i];
		if (e->type == E820_TYPE_RAM && e->addr + e->size > end)
			end = e->addr + e->size;
	}
	return min(end, (u64)DIRECT_MAP_MAX);
}

/* PAGE_OFFSET + x -> x for all RAM, in 2 MiB pages: global, no execute. */
void init_mem_mapping(void)
{
	u64 end = ALIGN(ram_end(), PMD_SIZE);
	for (u64 pa = 0; pa < end; pa += PMD_SIZE)
		level2_direct_pgt[pa >> 30][(pa >> 21) & 511] =
			pa | __PAGE_KERNEL_LARGE_EXEC | _PAGE_NX;
	for (u64 gb = 0; gb < DIV_ROUND_UP(end, 1UL << 30); gb++)
		level3_direct_pgt[gb] = __pa(level2_direct_pgt[gb]) | _KERNPG_TABLE;
	init_top_pgt[PML4_INDEX(PAGE_OFFSET)] = __pa(level3_direct_pgt) | _KERNPG_TABLE;
	write_cr3(read_cr3());
}

/* After mem_init(): make the kernel stack area's PDPT (so that every PML4 copied from
 * init_top_pgt shares it), and drop the boot identity map, so that the lower half is all user
 * space. */
void paging_init(void)
{
	void *pdpt = get_zeroed_page();
	if (!pdpt)
		panic("out of memory for the page tables");
	init_top_pgt[PML4_INDEX(VMALLOC_START)] = __pa(pdpt) | _KERNPG_TABLE;
	init_top_pgt[0] = 0;
	write_cr3(read_cr3());
	/* The boot map used global pages: toggling CR4.PGE flushes them too. */
	unsigned long cr4 = read_cr4();
	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4);
}
