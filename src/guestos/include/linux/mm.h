/* linux/mm.h - physical pages, the kernel heap, and process address spaces. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/kernel.h>
#include <asm/page.h>

/* mm/page_alloc.c: physical frames from the Multiboot memory map, in blocks of 2^order pages.
 * Addresses returned are direct-map (__va) addresses; NULL when memory is exhausted. */
void mem_init(void);
void *alloc_pages(unsigned int order);
void free_pages(void *addr, unsigned int order);
void *get_zeroed_page(void);
static inline void free_page(void *addr) { free_pages(addr, 0); }
unsigned long nr_free_pages(void);
unsigned long totalram_pages(void);
extern unsigned long max_pfn; /* one past the highest RAM frame */

/* One struct page per frame, as Linux's mem_map: what the frame is used for, so that kfree()
 * knows an object's cache. */
struct page {
	u8 flags;       /* PG_* */
	u8 order;       /* of the block that starts here (PG_head) */
	u16 slab_cache; /* a PG_slab page: the index of its kmem_cache (mm/slab.c) */
	u16 _refcount;  /* extra mappings of a user page (MAP_SHARED after fork); 0: one owner */
};
#define PG_reserved 0x01
#define PG_slab     0x02
#define PG_head     0x04
extern struct page *mem_map;
static inline struct page *virt_to_page(const void *addr)
{
	return &mem_map[PFN_DOWN(__pa(addr))];
}
void get_page(void *addr);   /* one more mapping of a user page */
void put_page(void *addr);   /* one fewer: freed with the last */

/* mm/slab.c: the kernel heap, in object caches (see there).
 *
 *   struct kmem_cache *c = kmem_cache_create("filp", sizeof(struct file), 0, 0, NULL);
 *   struct file *f = kmem_cache_zalloc(c);  (or kmem_cache_alloc: not zeroed)
 *   kmem_cache_free(c, f);                  (kfree(f) finds the cache too)
 *
 * kmalloc(0) returns NULL; kfree(NULL) does nothing. */
struct kmem_cache {
	struct free_object *freelist; /* free slots, linked through their first word */
	unsigned int size;            /* a slot: object_size rounded up to the alignment */
	unsigned int object_size;     /* what kmem_cache_zalloc zeroes */
	unsigned int index;           /* in the page map's slab_cache */
	const char *name;
};
#define SLAB_HWCACHE_ALIGN 0x00002000UL /* accepted; objects are word-aligned */
#define SLAB_PANIC         0x00040000UL /* kmem_cache_create panics instead of NULL */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned long flags, void (*ctor)(void *));
void *kmem_cache_alloc(struct kmem_cache *s);
void *kmem_cache_zalloc(struct kmem_cache *s);
void kmem_cache_free(struct kmem_cache *s, void *p);

#define KMALLOC_SHIFT_LOW  4  /* kmalloc-16 */
#define KMALLOC_SHIFT_HIGH 11 /* kmalloc-2048 */
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
extern struct kmem_cache kmalloc_caches[KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 1];

/* The kmalloc cache for 1 <= size <= KMALLOC_MAX_CACHE_SIZE: a constant for a constant size. */
static inline unsigned int kmalloc_index(size_t size)
{
	if (size <= (1UL << KMALLOC_SHIFT_LOW))
		return 0;
	return (unsigned int)(64 - __builtin_clzl(size - 1)) - KMALLOC_SHIFT_LOW;
}

void *__kmalloc(size_t size);
void *__kzalloc(size_t size);
static inline __attribute__((always_inline)) void *kmalloc(size_t size)
{
	if (__builtin_constant_p(size) && size && size <= KMALLOC_MAX_CACHE_SIZE)
		return kmem_cache_alloc(&kmalloc_caches[kmalloc_index(size)]);
	return __kmalloc(size);
}
static inline __attribute__((always_inline)) void *kzalloc(size_t size)
{
	if (__builtin_constant_p(size) && size && size <= KMALLOC_MAX_CACHE_SIZE) {
		void *p = kmem_cache_alloc(&kmalloc_caches[kmalloc_index(size)]);
		if (p)
			__builtin_memset(p, 0, size);
		return p;
	}
	return __kzalloc(size);
}
void kfree(const void *p);
char *kstrdup(const char *s);

/* The protection bits of mmap(2) and mprotect(2), and the flags of a mapping. */
#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_TYPE      0x0f
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_32BIT     0x40
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE  0x8000
#define MAP_STACK     0x20000
#define MAP_FIXED_NOREPLACE 0x100000

#define VM_READ  0x1
#define VM_WRITE 0x2
#define VM_EXEC  0x4
#define VM_SHARED 0x8 /* MAP_SHARED: fork shares the pages instead of copying them */

/* A mapped range of a process: [vm_start, vm_end), page-aligned. Pages are allocated on the
 * first touch (handle_mm_fault) unless the ELF loader filled them. */
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	unsigned long vm_flags; /* VM_READ | VM_WRITE | VM_EXEC | VM_SHARED */
	struct vm_area_struct *vm_next; /* sorted by address */
};

struct mm_struct {
	int mm_users;                 /* tasks using it (threads, vfork); mmput frees with the last */
	u64 *pgd;                     /* the PML4, direct-map address */
	struct vm_area_struct *mmap;  /* the mappings, sorted */
	unsigned long task_size;      /* TASK_SIZE_MAX, or IA32_PAGE_OFFSET for a 32-bit process */
	unsigned long mmap_base;      /* top-down mmap() search starts below this */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	struct dentry *exe_file;      /* the program: /proc/self/exe (fs/proc/base.c) */
};

/* arch/x86/mm/init.c and pgtable.c: page tables. */
extern u64 init_top_pgt[];
void paging_init(void);
u64 *pgd_alloc(void);                /* a PML4 with the kernel half of init_top_pgt */
void pgd_free(u64 *pgd);             /* frees the user-half tables and the pages they map */
u64 *lookup_pte(u64 *pgd, unsigned long va, bool alloc); /* the 4 KiB PTE, or NULL */
int map_page(u64 *pgd, unsigned long va, phys_addr_t pa, u64 prot);
void unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end);
void switch_mm(struct mm_struct *mm);
u64 vm_flags_to_pte(unsigned long vm_flags);
void *vmalloc_stack(size_t size);    /* kernel stack below an unmapped guard page */
void vfree_stack(void *stack, size_t size); /* back to the pool for the next task */

/* mm/mmap.c */
struct mm_struct *mm_alloc(bool ia32);
void mmput(struct mm_struct *mm);    /* drops a user; the last frees everything */
struct mm_struct *dup_mm(struct mm_struct *old); /* fork: a copy of every mapping and page */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
int insert_vm_area(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long vm_flags);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len);
long vm_mmap_anon(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags);

/* mm/memory.c: the page-fault side. true: the page is now there, retry the access. */
bool handle_mm_fault(struct mm_struct *mm, unsigned long address, unsigned long error_code);

#endif
