/* page_alloc.c - physical frames. A bitmap with one bit per 4 KiB frame (set: free), filled from
 * the RAM ranges of the memory map less what is in use at boot: the first MiB, the kernel image
 * and the initramfs. Blocks of 2^order frames are found first-fit from the bottom, aligned to
 * their size. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/bootparam.h>

#define MAX_PFN ((4UL << 30) >> PAGE_SHIFT)
#define MAX_ORDER 10 /* 4 MiB */

extern char _text[], _end[];

static unsigned long free_bitmap[MAX_PFN / 64];
struct page *mem_map;
unsigned long max_pfn;
static unsigned long nr_free, nr_total, search_hint;

static bool pfn_free(unsigned long pfn) { return free_bitmap[pfn / 64] >> (pfn % 64) & 1; }
static void set_free(unsigned long pfn) { free_bitmap[pfn / 64] |= 1UL << (pfn % 64); nr_free++; }
static void set_used(unsigned long pfn) { free_bitmap[pfn / 64] &= ~(1UL << (pfn % 64)); nr_free--; }

static void reserve_range(u64 start, u64 end)
{
	for (unsigned long pfn = PFN_DOWN(start); pfn < PFN_UP(end) && pfn < MAX_PFN; pfn++)
		if (pfn_free(pfn)) {
			set_used(pfn);
			nr_total--;
		}
}

/* Marks [start, end) free and counts it as RAM. This runs for every frame of RAM at boot, so
 * the words wholly inside the range that hold no free frame yet are filled in a loop of their
 * own; the frames around them go one by one. */
static void free_range(unsigned long start, unsigned long end)
{
	for (unsigned long pfn = start; pfn < end;) {
		unsigned long word = pfn / 64, last = end / 64, n = 0;
		while (pfn % 64 == 0 && word < last && free_bitmap[word] == 0)
			free_bitmap[word++] = ~0UL, n += 64;
		if (n) {
			nr_free += n;
			nr_total += n;
			pfn += n;
			continue;
		}
		if (!pfn_free(pfn)) {
			set_free(pfn);
			nr_total++;
		}
		pfn++;
	}
}

static unsigned long find_block(unsigned int order)
{
	unsigned long n = 1UL << order;
	for (int pass = 0; pass < 2; pass++) {
		unsigned long start = pass ? 0 : ALIGN(search_hint, n);
		for (unsigned long pfn = start; pfn + n <= max_pfn; pfn += n) {
			if (n == 1 && free_bitmap[pfn / 64] == 0) {
				pfn |= 63; /* a whole word in use: skip it */
				continue;
			}
			unsigned long i = 0;
			while (i < n && pfn_free(pfn + i))
				i++;
			if (i == n)
				return pfn;
		}
	}
	return 0;
}

void *alloc_pages(unsigned int order)
{
	if (order > MAX_ORDER)
		return NULL;
	unsigned long pfn = find_block(order), n = 1UL << order;
	if (!pfn)
		return NULL;
	for (unsigned long i = 0; i < n; i++)
		set_used(pfn + i);
	search_hint = pfn + n;
	if (mem_map) {
		mem_map[pfn] = (struct page){PG_head, (u8)order, 0, 0};
	}
	return __va(PFN_PHYS(pfn));
}

void free_pages(void *addr, unsigned int order)
{
	if (!addr)
		return;
	unsigned long pfn = PFN_DOWN(__pa(addr));
	BUG_ON(pfn >= max_pfn || pfn_free(pfn));
	for (unsigned long i = 0; i < (1UL << order); i++)
		set_free(pfn + i);
	if (mem_map)
		mem_map[pfn] = (struct page){0, 0, 0, 0};
	if (pfn < search_hint)
		search_hint = pfn;
}

void *get_zeroed_page(void)
{
	void *p = alloc_pages(0);
	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

void get_page(void *addr)
{
	virt_to_page(addr)->_refcount++;
}

void put_page(void *addr)
{
	struct page *page = virt_to_page(addr);
	if (page->_refcount)
		page->_refcount--;
	else
		free_page(addr);
}

unsigned long nr_free_pages(void) { return nr_free; }
unsigned long totalram_pages(void) { return nr_total; }

void mem_init(void)
{
	for (unsigned int i = 0; i < boot_params.e820_entries; i++) {
		const struct e820_entry *e = &boot_params.e820_table[i];
		if (e->type != E820_TYPE_RAM)
			continue;
		unsigned long start = PFN_UP(e->addr), end = PFN_DOWN(e->addr + e->size);
		if (end > MAX_PFN)
			end = MAX_PFN;
		if (start < end) {
			free_range(start, end);
			if (end > max_pfn)
				max_pfn = end;
		}
	}
	reserve_range(0, 0x100000);
	reserve_range(__pa(_text), __pa(_end));
	if (boot_params.have_initrd)
		reserve_range(boot_params.initrd_start,
			      boot_params.initrd_start + boot_params.initrd_size);

	size_t map_size = max_pfn * sizeof(struct page);
	unsigned int order = 0;
	while ((PAGE_SIZE << order) < map_size)
		order++;
	mem_map = alloc_pages(order);
	if (!mem_map)
		panic("no memory for the page map");
	memset(mem_map, 0, map_size);
	pr_info("Memory: %luK/%luK available\n", nr_free << 2, nr_total << 2);
}
