/* getppid - the cheapest system call, in a loop: the cost of one round trip through the
 * kernel's syscall entry and exit. It calls libc's getppid(), a few instructions around the
 * syscall instruction (musl's variadic syscall() adds about 35 of its own). */
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
	long n = iterations(argc, argv, 1000000);
	unsigned long long sum = 0;
	for (long i = 0; i < n; i++)
		sum += (unsigned long long)getppid();
	report("getppid", sum == (unsigned long long)n * (unsigned long long)getppid());
	return 0;
}
