/* string - musl's memcpy, memset, memmove, strlen, strcmp and strchr over buffers of mixed
 * sizes (REP MOVS/STOS and byte loops). */
#include <stdint.h>
#include <string.h>
#include "common.h"

static char src[65536], dst[65536];

int main(int argc, char **argv)
{
	long n = iterations(argc, argv, 20000);
	uint64_t sum = 0;
	for (size_t k = 0; k < sizeof src - 1; k++)
		src[k] = (char)('a' + k % 23);
	for (long i = 0; i < n; i++) {
		size_t len = 256 + (size_t)(i * 7919) % 16384;
		memcpy(dst, src + (i & 63), len);
		memmove(dst + 3, dst, len / 2);
		dst[len] = 0;
		sum += strlen(dst);
		sum += strcmp(dst, src) > 0;
		const char *p = strchr(dst + 64, 'w');
		sum += p ? (uint64_t)(p - dst) : 0;
		memset(dst, (int)(i & 0x7f), len / 4);
		sum += (unsigned char)dst[len / 8];
	}
	report("string", sum);
	return 0;
}
