/* meminfo.c, cpuinfo, uptime and mounts - the fixed /proc files' text. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/time.h>
#include <asm/processor.h>
#include "internal.h"

size_t meminfo_show(char *buf, size_t size)
{
	unsigned long total = totalram_pages() * 4, free = nr_free_pages() * 4;
	int n = snprintf(buf, size,
			 "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
			 "MemAvailable:   %8lu kB\nBuffers:               0 kB\n"
			 "Cached:                0 kB\nSwapTotal:             0 kB\n"
			 "SwapFree:              0 kB\n", total, free, free);
	return min((size_t)n, size - 1);
}

/* The CPU as CPUID describes it: vendor, family/model/stepping, the brand string. */
size_t cpuinfo_show(char *buf, size_t size)
{
	u32 a, b, c, d, sig, brand[13] = {0};
	char vendor[13] = {0};
	cpuid_count(0, 0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4), memcpy(vendor + 4, &d, 4), memcpy(vendor + 8, &c, 4);
	cpuid_count(1, 0, &sig, &b, &c, &d);
	cpuid_count(0x80000000, 0, &a, &b, &c, &d);
	for (u32 i = 0; a >= 0x80000004 && i < 3; i++)
		cpuid_count(0x80000002 + i, 0, &brand[4 * i], &brand[4 * i + 1], &brand[4 * i + 2],
			    &brand[4 * i + 3]);
	unsigned family = (sig >> 8) & 15, model = (sig >> 4) & 15;
	if (family == 15)
		family += (sig >> 20) & 0xff;
	if (family >= 6)
		model += ((sig >> 16) & 15) << 4;
	int n = snprintf(buf, size,
			 "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
			 "model name\t: %s\nstepping\t: %u\ncpu cores\t: 1\n\n",
			 vendor, family, model, (const char *)brand, sig & 15);
	return min((size_t)n, size - 1);
}

size_t uptime_show(char *buf, size_t size)
{
	u64 cs = ktime_get_ns() / (NSEC_PER_SEC / 100);
	int n = snprintf(buf, size, "%lu.%02lu %lu.%02lu\n", (unsigned long)(cs / 100),
			 (unsigned long)(cs % 100), (unsigned long)(cs / 100),
			 (unsigned long)(cs % 100));
	return min((size_t)n, size - 1);
}

size_t mounts_show(char *buf, size_t size)
{
	int n = snprintf(buf, size, "rootfs / rootfs rw 0 0\nproc /proc proc rw 0 0\n");
	return min((size_t)n, size - 1);
}
