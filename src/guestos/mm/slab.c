/* slab.c - kmalloc: objects of 16 to 2048 bytes come from pages cut into equal slots, one page
 * per size class at a time, with a free list per class; anything larger gets whole pages. The
 * page map (struct page) remembers which, so kfree() needs no header. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

#define KMALLOC_MIN_SHIFT 4
#define KMALLOC_MAX_SHIFT 11
#define NR_CLASSES (KMALLOC_MAX_SHIFT - KMALLOC_MIN_SHIFT + 1)

struct free_object {
	struct free_object *next;
};
static struct free_object *free_lists[NR_CLASSES];

static bool refill(unsigned int cls)
{
	size_t size = 1UL << (cls + KMALLOC_MIN_SHIFT);
	char *page = alloc_pages(0);
	if (!page)
		return false;
	struct page *pg = virt_to_page(page);
	pg->flags |= PG_slab;
	pg->slab_size = (u16)size;
	for (size_t off = 0; off < PAGE_SIZE; off += size) {
		struct free_object *o = (void *)(page + off);
		o->next = free_lists[cls];
		free_lists[cls] = o;
	}
	return true;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size > (1UL << KMALLOC_MAX_SHIFT)) {
		unsigned int order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		return alloc_pages(order);
	}
	unsigned int cls = 0;
	while ((1UL << (cls + KMALLOC_MIN_SHIFT)) < size)
		cls++;
	if (!free_lists[cls] && !refill(cls))
		return NULL;
	struct free_object *o = free_lists[cls];
	free_lists[cls] = o->next;
	return o;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(const void *p)
{
	if (!p)
		return;
	struct page *pg = virt_to_page((void *)ALIGN_DOWN((unsigned long)p, PAGE_SIZE));
	if (!(pg->flags & PG_slab)) {
		BUG_ON(!(pg->flags & PG_head) || !IS_ALIGNED((unsigned long)p, PAGE_SIZE));
		free_pages((void *)p, pg->order);
		return;
	}
	unsigned int cls = 0;
	while ((1UL << (cls + KMALLOC_MIN_SHIFT)) < pg->slab_size)
		cls++;
	struct free_object *o = (void *)p;
	o->next = free_lists[cls];
	free_lists[cls] = o;
}

char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}
