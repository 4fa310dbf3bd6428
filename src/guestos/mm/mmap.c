/* mmap.c - a process's mappings (a sorted list of vm_area_struct) and the calls that change
 * them: mmap, munmap, mprotect, brk, mremap and madvise; and dup_mm for fork. Memory is
 * anonymous; a private mapping of an initramfs file gets a copy of the file's bytes. fork
 * copies private pages at once (no copy-on-write) and shares MAP_SHARED ones. */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

int copy_to_user_mm(struct mm_struct *mm, unsigned long addr, const void *src, size_t len);
void *get_user_page(struct mm_struct *mm, unsigned long addr);

#define MIN_GAP (128UL << 20) /* between the stack top and mmap_base, as Linux's mmap_base() */

struct mm_struct *mm_alloc(bool ia32)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm->mm_users = 1;
	mm->task_size = ia32 ? IA32_PAGE_OFFSET : TASK_SIZE_MAX;
	mm->mmap_base = mm->task_size - MIN_GAP;
	return mm;
}

void mmput(struct mm_struct *mm)
{
	if (!mm || --mm->mm_users > 0)
		return;
	for (struct vm_area_struct *v = mm->mmap, *next; v; v = next) {
		next = v->vm_next;
		kfree(v);
	}
	pgd_free(mm->pgd);
	set_mm_exe_file(mm, NULL);
	kfree(mm);
}

/* The first mapping that ends above addr (it may start above addr too), as in Linux. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (addr < v->vm_end)
			return v;
	return NULL;
}

static bool range_is_free(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v = find_vma(mm, start);
	return !v || v->vm_start >= end;
}

/* Adds [start, end), which must be free. */
int insert_vm_area(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long vm_flags)
{
	struct vm_area_struct *vma = kmalloc(sizeof(*vma)), **link = &mm->mmap;
	if (!vma)
		return -ENOMEM;
	*vma = (struct vm_area_struct){start, end, vm_flags, NULL};
	while (*link && (*link)->vm_start < start)
		link = &(*link)->vm_next;
	vma->vm_next = *link;
	*link = vma;
	return 0;
}

/* Splits vma at addr (inside it): vma keeps the lower part. */
static int split_vma(struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *upper = kmalloc(sizeof(*upper));
	if (!upper)
		return -ENOMEM;
	*upper = (struct vm_area_struct){addr, vma->vm_end, vma->vm_flags, vma->vm_next};
	vma->vm_end = addr;
	vma->vm_next = upper;
	return 0;
}

/* Splits the mappings at start and end so that each lies wholly inside or outside. */
static int split_at(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		int err = 0;
		if (v->vm_start < start && start < v->vm_end)
			err = split_vma(v, start);
		else if (v->vm_start < end && end < v->vm_end)
			err = split_vma(v, end);
		if (err)
			return err;
	}
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end = start + len;
	int err = split_at(mm, start, end);
	if (err)
		return err;
	for (struct vm_area_struct **link = &mm->mmap; *link;) {
		struct vm_area_struct *v = *link;
		if (v->vm_start >= start && v->vm_end <= end) {
			*link = v->vm_next;
			kfree(v);
		} else {
			link = &v->vm_next;
		}
	}
	unmap_range(mm, start, end);
	return 0;
}

/* The hint if [addr, addr+len) is free, else the highest free range below mmap_base. */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	if (len > mm->task_size - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (addr >= MMAP_MIN_ADDR && addr <= mm->task_size - len &&
		    range_is_free(mm, addr, addr + len))
			return addr;
	}
	if (len > mm->mmap_base - MMAP_MIN_ADDR)
		return -ENOMEM;
	addr = mm->mmap_base - len;
again:
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		if (v->vm_start < addr + len && addr < v->vm_end) {
			if (v->vm_start < MMAP_MIN_ADDR + len)
				return -ENOMEM;
			addr = v->vm_start - len;
			goto again;
		}
	}
	return addr;
}

static unsigned long prot_to_vm_flags(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* mmap's checks, then the mapping; len is not yet page-aligned. */
static long do_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		    unsigned long flags, struct file *file, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long type = flags & MAP_TYPE;

	if (!len)
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != 3 /* MAP_SHARED_VALIDATE */)
		return -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > mm->task_size)
		return -ENOMEM;
	if (file) {
		if (!S_ISREG(file->f_inode->i_mode) || !file->f_inode->i_data)
			return -ENODEV;
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (type != MAP_PRIVATE && (prot & PROT_WRITE))
			return -EACCES; /* the initramfs is read-only */
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > mm->task_size - len)
			return -ENOMEM;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
		if (!range_is_free(mm, addr, addr + len)) {
			if (flags & MAP_FIXED_NOREPLACE)
				return -EEXIST;
			int err = do_munmap(mm, addr, len);
			if (err)
				return err;
		}
	} else {
		addr = get_unmapped_area(mm, addr, len);
		if (IS_ERR_VALUE(addr))
			return (long)addr;
	}
	unsigned long vm_flags = prot_to_vm_flags(prot);
	if (type != MAP_PRIVATE && !file)
		vm_flags |= VM_SHARED;
	int err = insert_vm_area(mm, addr, addr + len, vm_flags);
	if (err)
		return err;
	if (file) {
		loff_t off = (loff_t)pgoff << PAGE_SHIFT, size = file->f_inode->i_size;
		if (off < size) {
			size_t n = min((loff_t)len, size - off);
			err = copy_to_user_mm(mm, addr, (const u8 *)file->f_inode->i_data + off, n);
			if (err) {
				do_munmap(mm, addr, len);
				return err;
			}
		}
	}
	return (long)addr;
}

long ksys_mmap_pgoff(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	struct fd f = {NULL, 0};
	if (!(flags & MAP_ANONYMOUS)) {
		f = fdget((unsigned int)fd);
		if (!f.file)
			return -EBADF;
	}
	long ret = do_mmap(addr, len, prot, flags, f.file, pgoff);
	if (f.file)
		fdput(f);
	return ret;
}

long vm_mmap_anon(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags)
{
	return do_mmap(addr, len, prot, flags | MAP_ANONYMOUS, NULL, 0);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}

/* i386 mmap2: the offset is in pages. */
SYSCALL_DEFINE6(mmap_pgoff, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, pgoff)
{
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, pgoff);
}

/* i386 old mmap (90): the six arguments in a structure. */
struct mmap_arg_struct32 {
	u32 addr, len, prot, flags, fd, offset;
};

COMPAT_SYSCALL_DEFINE1(x86_mmap, struct mmap_arg_struct32 __user *, arg)
{
	struct mmap_arg_struct32 a;
	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.offset & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(a.addr, a.len, a.prot, a.flags, a.fd, a.offset >> PAGE_SHIFT);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	struct mm_struct *mm = current->mm;
	if ((addr & ~PAGE_MASK) || !len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || addr > mm->task_size || len > mm->task_size - addr)
		return -EINVAL;
	return do_munmap(mm, addr, len);
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	struct mm_struct *mm = current->mm;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 | 0x02000000))
		return -EINVAL; /* PROT_GROWSDOWN and PROT_GROWSUP are accepted and ignored */
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	unsigned long end = start + len;
	if (!len || end <= start || end > mm->task_size)
		return -ENOMEM;
	/* Every page of the range must be mapped. */
	for (unsigned long a = start; a < end;) {
		struct vm_area_struct *v = find_vma(mm, a);
		if (!v || v->vm_start > a)
			return -ENOMEM;
		a = v->vm_end;
	}
	int err = split_at(mm, start, end);
	if (err)
		return err;
	unsigned long vm_flags = prot_to_vm_flags(prot);
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (v->vm_start >= start && v->vm_end <= end)
			v->vm_flags = vm_flags | (v->vm_flags & VM_SHARED);
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		u64 *pte = lookup_pte(mm->pgd, a, false);
		if (!pte || !pte_has_page(*pte))
			continue;
		/* PROT_NONE keeps the page but not the present bit (asm/page.h _PAGE_PROTNONE). */
		*pte = (*pte & PTE_PFN_MASK) |
		       (vm_flags ? vm_flags_to_pte(vm_flags) : _PAGE_PROTNONE);
		__flush_tlb_one(a);
	}
	return 0;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);

	if (brk < mm->start_brk || brk > mm->task_size)
		return mm->brk;
	if (new_end < old_end) {
		if (do_munmap(mm, new_end, old_end - new_end))
			return mm->brk;
	} else if (new_end > old_end) {
		if (!range_is_free(mm, old_end, new_end))
			return mm->brk;
		struct vm_area_struct *v = find_vma(mm, old_end - 1);
		if (v && v->vm_end == old_end && v->vm_start >= PAGE_ALIGN(mm->start_brk) &&
		    old_end > PAGE_ALIGN(mm->start_brk))
			v->vm_end = new_end; /* grow the heap mapping */
		else if (insert_vm_area(mm, old_end, new_end, VM_READ | VM_WRITE))
			return mm->brk;
	}
	mm->brk = brk;
	return brk;
}

/* fork: every page of a private mapping is copied now; the pages of a shared one are faulted in
 * (so that both sides see the same frames) and mapped in the child too. */
static int dup_range(struct mm_struct *mm, struct mm_struct *old, struct vm_area_struct *v)
{
	for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
		if ((v->vm_flags & VM_SHARED) && (v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) &&
		    !get_user_page(old, a))
			return -ENOMEM;
		u64 *pte = lookup_pte(old->pgd, a, false);
		if (!pte || !pte_has_page(*pte))
			continue;
		void *src = __va(*pte & PTE_PFN_MASK), *page = src;
		u64 flags = *pte & ~PTE_PFN_MASK;
		if (v->vm_flags & VM_SHARED) {
			get_page(src);
		} else {
			page = alloc_pages(0);
			if (!page)
				return -ENOMEM;
			memcpy(page, src, PAGE_SIZE);
		}
		if (map_page(mm->pgd, a, __pa(page), flags)) {
			put_page(page);
			return -ENOMEM;
		}
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc(old->task_size == IA32_PAGE_OFFSET);
	if (!mm)
		return NULL;
	u64 *pgd = mm->pgd;
	struct vm_area_struct **link = &mm->mmap;
	*mm = *old;
	mm->pgd = pgd;
	mm->mm_users = 1;
	mm->mmap = NULL;
	for (struct vm_area_struct *v = old->mmap; v; v = v->vm_next) {
		struct vm_area_struct *n = kmalloc(sizeof(*n));
		if (!n) {
			mmput(mm);
			return NULL;
		}
		*n = (struct vm_area_struct){v->vm_start, v->vm_end, v->vm_flags, NULL};
		*link = n;
		link = &n->vm_next;
		if (dup_range(mm, old, v)) {
			mmput(mm);
			return NULL;
		}
	}
	return mm;
}

#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_FREE       8

/* MADV_DONTNEED and MADV_FREE drop the pages of private mappings (they come back zeroed);
 * the other advice is accepted and ignored. */
SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior)
{
	struct mm_struct *mm = current->mm;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	size_t len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	unsigned long end = start + len;
	if (end < start)
		return -EINVAL;
	if (behavior < 0 || (behavior > 25 && behavior != 100 && behavior != 101))
		return -EINVAL;
	if (end == start)
		return 0;
	/* Every page of the range must be mapped. */
	for (unsigned long a = start; a < end;) {
		struct vm_area_struct *v = find_vma(mm, a);
		if (!v || v->vm_start > a)
			return -ENOMEM;
		if ((behavior == MADV_DONTNEED || behavior == MADV_FREE) &&
		    !(v->vm_flags & VM_SHARED))
			unmap_range(mm, a, min(end, v->vm_end));
		a = v->vm_end;
	}
	return 0;
}

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2

/* Moves the pages of [old, old+len) to new (a free range) without copying them. */
static int move_page_tables(struct mm_struct *mm, unsigned long old, unsigned long new,
			    unsigned long len)
{
	bool flush = __pa(mm->pgd) == (read_cr3() & PTE_PFN_MASK);
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		u64 *src = lookup_pte(mm->pgd, old + off, false);
		if (!src || !pte_has_page(*src))
			continue;
		u64 *dst = lookup_pte(mm->pgd, new + off, true);
		if (!dst)
			return -ENOMEM;
		src = lookup_pte(mm->pgd, old + off, false); /* the tables may have grown */
		*dst = *src;
		*src = 0;
		if (flush) {
			__flush_tlb_one(old + off);
			__flush_tlb_one(new + off);
		}
	}
	return 0;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len, unsigned long, new_len,
		unsigned long, flags, unsigned long, new_addr)
{
	struct mm_struct *mm = current->mm;
	if (flags & ~(unsigned long)(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || new_len > mm->task_size)
		return -EINVAL;
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr)
		return -EFAULT;
	if (!old_len || old_len > vma->vm_end - addr)
		return -EFAULT; /* must lie within one mapping (no MAP_SHARED duplication) */
	unsigned long vm_flags = vma->vm_flags;

	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr < MMAP_MIN_ADDR ||
		    new_addr > mm->task_size - new_len)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;
		int err = do_munmap(mm, new_addr, new_len);
		if (err)
			return err;
		goto move;
	}
	if (new_len <= old_len) {
		if (new_len < old_len) {
			int err = do_munmap(mm, addr + new_len, old_len - new_len);
			if (err)
				return err;
		}
		return (long)addr;
	}
	/* Grow in place when the pages after it are free. */
	if (addr + old_len == vma->vm_end && addr + new_len <= mm->task_size &&
	    range_is_free(mm, vma->vm_end, addr + new_len)) {
		vma->vm_end = addr + new_len;
		return (long)addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	new_addr = get_unmapped_area(mm, 0, new_len);
	if (IS_ERR_VALUE(new_addr))
		return (long)new_addr;
move:;
	int err = insert_vm_area(mm, new_addr, new_addr + new_len, vm_flags);
	if (err)
		return err;
	err = move_page_tables(mm, addr, new_addr, min(old_len, new_len));
	if (err) {
		do_munmap(mm, new_addr, new_len);
		return err;
	}
	do_munmap(mm, addr, old_len);
	return (long)new_addr;
}
