/* intloop - integer work: an xorshift64 generator updating a 4 KiB table (loads, stores,
 * shifts, xors, adds, a data-dependent index and a loop branch). */
#include <stdint.h>
#include "common.h"

static uint32_t table[1024];

int main(int argc, char **argv)
{
	long n = iterations(argc, argv, 20000000);
	uint64_t x = 88172645463325252ull;
	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint32_t k = (uint32_t)x & 1023;
		table[k] += (uint32_t)(x >> 32) ^ (uint32_t)i;
	}
	uint64_t sum = x;
	for (int k = 0; k < 1024; k++)
		sum = sum * 31 + table[k];
	report("intloop", sum);
	return 0;
}
