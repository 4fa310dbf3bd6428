/* linux/nospec.h - bound an index so that even a mispredicted bounds check cannot read past an
 * array (Spectre variant 1): the index becomes 0 when it is out of range, without a branch. */
#ifndef _LINUX_NOSPEC_H
#define _LINUX_NOSPEC_H

#include <asm/barrier.h>

#ifndef array_index_mask_nospec
/* ~0UL when index < size, 0 otherwise; both must be below LONG_MAX. */
static inline unsigned long array_index_mask_nospec(unsigned long index, unsigned long size)
{
	return ~(long)(index | (size - 1UL - index)) >> (sizeof(long) * 8 - 1);
}
#endif

#define array_index_nospec(index, size) ((index) & array_index_mask_nospec((index), (size)))

#endif
