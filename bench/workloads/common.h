/* common.h - shared by the benchmark workloads: the iteration count from argv[1] and a checksum
 * line on stdout, so every system's run can be checked to have done the same work. */
#pragma once
#include <stdio.h>
#include <stdlib.h>

static inline long iterations(int argc, char **argv, long dflt)
{
	return argc > 1 ? strtol(argv[1], NULL, 0) : dflt;
}

static inline void report(const char *name, unsigned long long sum)
{
	printf("%s %016llx\n", name, sum);
}
