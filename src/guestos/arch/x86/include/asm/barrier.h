/* asm/barrier.h - the x86 form of array_index_mask_nospec (linux/nospec.h). */
#ifndef _ASM_X86_BARRIER_H
#define _ASM_X86_BARRIER_H

/* ~0UL when index < size, 0 otherwise, without a branch the CPU could mispredict: CMP sets CF
 * exactly when index < size, and SBB of a register from itself turns CF into all ones. */
static inline unsigned long array_index_mask_nospec(unsigned long index, unsigned long size)
{
	unsigned long mask;
	__asm__ volatile("cmp %1, %2; sbb %0, %0" : "=r"(mask) : "g"(size), "r"(index) : "cc");
	return mask;
}
#define array_index_mask_nospec array_index_mask_nospec

#endif
