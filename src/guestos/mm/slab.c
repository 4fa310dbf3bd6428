/* slab.c - the kernel's object caches (Linux's kmem_cache API) and kmalloc on top of them.
 *
 * A cache hands out objects of one size. It cuts whole pages (one slab each) into equal slots
 * and keeps the free ones on a list threaded through their first word, so an allocation or a
 * free is a few instructions and touches only the object: nothing is zeroed unless the caller
 * asks (kmem_cache_zalloc, kzalloc), and then only the object's own bytes. Slabs are never given
 * back to the page allocator: a cache keeps what its busiest moment needed.
 *
 * kmalloc(size) takes the smallest of the caches kmalloc-16 ... kmalloc-2048 that fits, the
 * index computed at compile time when the size is a constant (linux/mm.h); anything larger
 * gets whole pages. Frequent objects have caches of their own, made at boot with
 * kmem_cache_create: filp (struct file), inode_cache, sock_inode_cache (a socket and its
 * inode in one object), sock (struct sock). The page map remembers which cache a slab page
 * belongs to, so kfree() works on any object without a header. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

struct free_object {
	struct free_object *next;
};

#define KMALLOC_CACHE(shift) { .name = "kmalloc-" #shift, .size = 1U << (shift), \
			       .object_size = 1U << (shift), .index = (shift) - KMALLOC_SHIFT_LOW }
struct kmem_cache kmalloc_caches[KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 1] = {
	KMALLOC_CACHE(4), KMALLOC_CACHE(5), KMALLOC_CACHE(6), KMALLOC_CACHE(7),
	KMALLOC_CACHE(8), KMALLOC_CACHE(9), KMALLOC_CACHE(10), KMALLOC_CACHE(11),
};

/* Every cache, by the index that struct page's slab_cache holds (a u16 keeps the page map at
 * 8 bytes a frame, where Linux stores a pointer). The kmalloc caches come first. */
#define MAX_SLAB_CACHES 32
static struct kmem_cache *slab_caches[MAX_SLAB_CACHES] = {
	&kmalloc_caches[0], &kmalloc_caches[1], &kmalloc_caches[2], &kmalloc_caches[3],
	&kmalloc_caches[4], &kmalloc_caches[5], &kmalloc_caches[6], &kmalloc_caches[7],
};
static unsigned int nr_slab_caches = ARRAY_SIZE(kmalloc_caches);

/* A new cache for objects of `size` bytes on `align`-byte boundaries (0: the size of a word).
 * NULL when it cannot be made, or a panic with SLAB_PANIC. No cache here needs a ctor. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	if (!ctor && size && ALIGN(size, align) <= PAGE_SIZE / 2 &&
	    nr_slab_caches < MAX_SLAB_CACHES)
		s = kzalloc(sizeof(*s));
	if (!s) {
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create: cannot make cache %s", name);
		return NULL;
	}
	s->name = name;
	s->object_size = size;
	s->size = ALIGN(size, align);
	s->index = nr_slab_caches;
	slab_caches[nr_slab_caches++] = s;
	return s;
}

/* One more page of free objects. */
static bool cache_grow(struct kmem_cache *s)
{
	char *page = alloc_pages(0);
	if (!page)
		return false;
	struct page *pg = virt_to_page(page);
	pg->flags |= PG_slab;
	pg->slab_cache = (u16)s->index;
	for (unsigned int off = 0; off + s->size <= PAGE_SIZE; off += s->size) {
		struct free_object *o = (void *)(page + off);
		o->next = s->freelist;
		s->freelist = o;
	}
	return true;
}

void *kmem_cache_alloc(struct kmem_cache *s)
{
	struct free_object *o = s->freelist;
	if (unlikely(!o)) {
		if (!cache_grow(s))
			return NULL;
		o = s->freelist;
	}
	s->freelist = o->next;
	return o;
}

void *kmem_cache_zalloc(struct kmem_cache *s)
{
	void *p = kmem_cache_alloc(s);
	if (p)
		memset(p, 0, s->object_size);
	return p;
}

void kmem_cache_free(struct kmem_cache *s, void *p)
{
	struct free_object *o = p;
	o->next = s->freelist;
	s->freelist = o;
}

/* kmalloc with a size known only at run time. */
void *__kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size > KMALLOC_MAX_CACHE_SIZE) {
		unsigned int order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		return alloc_pages(order);
	}
	return kmem_cache_alloc(&kmalloc_caches[kmalloc_index(size)]);
}

void *__kzalloc(size_t size)
{
	void *p = __kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(const void *p)
{
	if (!p)
		return;
	struct page *pg = virt_to_page(p);
	if (likely(pg->flags & PG_slab)) {
		kmem_cache_free(slab_caches[pg->slab_cache], (void *)p);
		return;
	}
	BUG_ON(!(pg->flags & PG_head) || !IS_ALIGNED((unsigned long)p, PAGE_SIZE));
	free_pages((void *)p, pg->order);
}

char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}
