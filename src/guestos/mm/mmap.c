/* mmap.c - a process's mappings (a sorted list of vm_area_struct) and the calls that change
 * them: mmap, munmap, mprotect and brk. Memory is anonymous and private; a private mapping of
 * an initramfs file gets a copy of the file's bytes. */
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
	mm->task_size = ia32 ? IA32_PAGE_OFFSET : TASK_SIZE_MAX;
	mm->mmap_base = mm->task_size - MIN_GAP;
	return mm;
}

void mmput(struct mm_struct *mm)
{
	if (!mm)
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
	int err = insert_vm_area(mm, addr, addr + len, prot_to_vm_flags(prot));
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
			v->vm_flags = vm_flags;
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
