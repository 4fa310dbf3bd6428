/* pagefault - demand paging: map 64 anonymous pages, touch each (one page fault apiece), and
 * unmap them, in a loop. */
#include <stdint.h>
#include <sys/mman.h>
#include "common.h"

#define PAGES 64

int main(int argc, char **argv)
{
	long n = iterations(argc, argv, 2000);
	unsigned long long sum = 0;
	for (long i = 0; i < n; i++) {
		volatile uint8_t *p = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (int k = 0; k < PAGES; k++)
			p[k * 4096 + (i & 4095)] = (uint8_t)(k + i);
		for (int k = 0; k < PAGES; k++)
			sum += p[k * 4096 + (i & 4095)];
		munmap((void *)p, PAGES * 4096);
	}
	report("pagefault", sum);
	return 0;
}
