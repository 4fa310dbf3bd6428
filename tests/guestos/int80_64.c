/* int80_64.c - a 64-bit program that uses int $0x80: as in Linux, it gets the 32-bit table
 * (i386 numbers, arguments in ebx, ecx, edx...), and r8-r11 come back zero. */
#include <stdio.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	static const char msg[] = "int80_64: write through int $0x80 (i386 number 4)\n";
	long n = int80(4, 1, (long)msg, sizeof(msg) - 1);
	printf("int80_64: write returned %ld\n", n);
	printf("int80_64: i386 getpid (20) == getpid(): %d\n", int80(20, 0, 0, 0) == getpid());
	printf("int80_64: i386 number 1000 gives %ld\n", int80(1000, 0, 0, 0));
	return 0;
}
