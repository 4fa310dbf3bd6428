/* main.c - the bare benchmark kernel: the integer loop of bench/workloads/intloop.c with no
 * operating system underneath, its iteration count the last number on the Multiboot command
 * line. Prints the checksum on COM1 and stops the machine through the debug-exit port. */
#include <stdint.h>

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_serial(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

static void puts_serial(const char *s)
{
	while (*s)
		putc_serial(*s++);
}

/* The last run of decimal digits in the command line, or dflt. */
static long iterations(const uint32_t *info, long dflt)
{
	if (!(info[0] & 4))
		return dflt;
	const char *s = (const char *)(uintptr_t)info[4];
	long n = -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		n = 0;
		while (*s >= '0' && *s <= '9')
			n = n * 10 + (*s++ - '0');
		if (!*s)
			break;
	}
	return n < 0 ? dflt : n;
}

static uint32_t table[1024];

void bench_main(const uint32_t *info)
{
	long n = iterations(info, 20000000);
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
	char line[] = "intloop 0000000000000000\n";
	for (int d = 0; d < 16; d++)
		line[8 + d] = "0123456789abcdef"[(sum >> (60 - 4 * d)) & 15];
	puts_serial(line);
	__asm__ volatile("outl %0, %1" : : "a"(0u), "Nd"((uint16_t)DEBUG_EXIT_PORT));
}
