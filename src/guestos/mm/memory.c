/* memory.c - user pages on demand: a mapping gets its pages when they are first touched. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* The page at addr in mm, allocated (zeroed, with its mapping's protection) if it is not there
 * yet; returns its direct-map address, or NULL outside any mapping or without memory. */
void *get_user_page(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma || addr < vma->vm_start)
		return NULL;
	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	u64 *pte = lookup_pte(mm->pgd, addr, true);
	if (!pte)
		return NULL;
	if (*pte & _PAGE_PRESENT)
		return __va(*pte & PTE_PFN_MASK);
	if (*pte & _PAGE_PROTNONE) { /* the mapping allows access again */
		*pte = (*pte & PTE_PFN_MASK) | vm_flags_to_pte(vma->vm_flags);
		__flush_tlb_one(addr);
		return __va(*pte & PTE_PFN_MASK);
	}
	void *page = get_zeroed_page();
	if (!page)
		return NULL;
	if (map_page(mm->pgd, addr, __pa(page), vm_flags_to_pte(vma->vm_flags))) {
		free_page(page);
		return NULL;
	}
	return page;
}

/* Writes len bytes at user address addr of mm through the direct map (mm need not be the
 * current one), allocating pages as needed; -EFAULT outside the mappings, -ENOMEM. */
int copy_to_user_mm(struct mm_struct *mm, unsigned long addr, const void *src, size_t len)
{
	const u8 *s = src;
	while (len) {
		u8 *page = get_user_page(mm, addr);
		if (!page)
			return find_vma(mm, addr) ? -ENOMEM : -EFAULT;
		size_t off = addr & (PAGE_SIZE - 1), n = min(len, PAGE_SIZE - off);
		if (s) {
			memcpy(page + off, s, n);
			s += n;
		} else {
			memset(page + off, 0, n);
		}
		addr += n;
		len -= n;
	}
	return 0;
}

bool handle_mm_fault(struct mm_struct *mm, unsigned long address, unsigned long error_code)
{
	struct vm_area_struct *vma = mm ? find_vma(mm, address) : NULL;
	if (!vma || address < vma->vm_start)
		return false;
	if (error_code & X86_PF_PROT)
		return false; /* the page is there, the access is not allowed */
	if ((error_code & X86_PF_WRITE) && !(vma->vm_flags & VM_WRITE))
		return false;
	if ((error_code & X86_PF_INSTR) && !(vma->vm_flags & VM_EXEC))
		return false;
	if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return false; /* PROT_NONE */
	return get_user_page(mm, address) != NULL;
}

