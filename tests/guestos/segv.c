/* segv.c - a write through a null pointer: the kernel prints one line and the program ends
 * with status 139 (128 + SIGSEGV), as a shell would report it. */
#include <stdio.h>

int main(void)
{
	printf("segv: writing to address 0\n");
	fflush(stdout);
	*(volatile int *)0 = 1;
	printf("segv: still alive?\n");
	return 0;
}
