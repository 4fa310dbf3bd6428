/* net_fuzz.c - random socket calls: every socket system call with random descriptors, flags,
 * lengths and pointers (good buffers, NULL, unmapped, kernel, read-only, straddling the end
 * of a mapping). Every descriptor is made non-blocking before each call, so nothing waits.
 * The check is that the kernel survives: the program prints one line at the end and exits 0.
 * The same seed (argv[1], or a fixed one) gives the same calls; the results are not compared with the host (they depend
 * on ephemeral ports and timing there). */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static unsigned char good[4096] __attribute__((aligned(64)));
static char *edge; /* the last bytes of a mapping followed by an unmapped page */

/* A pointer argument: mostly usable memory, sometimes anything but. */
static long pointer(void)
{
	switch (next() % 10) {
	case 0: return 0;
	case 1: return 8;
	case 2: return (long)0xffffffff80000000UL;
	case 3: return (long)0x0000800000000000UL; /* non-canonical */
	case 4: return (long)&pointer;             /* read-only text */
	case 5: return (long)(edge + 4096 - (long)(next() % 64));
	default: return (long)(good + next() % 2048);
	}
}

static long number(void)
{
	switch (next() % 8) {
	case 0: return -1;
	case 1: return (long)next();
	case 2: return 0;
	case 3: return (long)(next() % 16);
	case 4: return (long)(next() % 300);
	default: return (long)(next() % 4096);
	}
}

static long descriptor(void)
{
	return next() % 8 == 0 ? (long)number() : (long)(next() % 24);
}

static const long calls[] = {
	SYS_socket, SYS_socket, SYS_socket, SYS_connect, SYS_accept, SYS_sendto, SYS_recvfrom,
	SYS_sendmsg, SYS_recvmsg, SYS_shutdown, SYS_bind, SYS_listen, SYS_getsockname,
	SYS_getpeername, SYS_socketpair, SYS_setsockopt, SYS_getsockopt, SYS_accept4,
	SYS_recvmmsg, SYS_sendmmsg, SYS_close, SYS_read, SYS_write,
};

/* Plausible values for the first arguments so that calls get past the first checks. */
static long family(void)
{
	static const long f[] = { 1, 2, 2, 2, 10, 0, 16 };
	return next() % 6 ? f[next() % 7] : number();
}

int main(int argc, char **argv)
{
	const int rounds = 20000;
	if (argc > 1) /* another seed */
		state = strtoull(argv[1], NULL, 0) | 1;
	signal(SIGPIPE, SIG_IGN); /* a send to a closed peer would end the run */
	edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(edge + 4096, 4096);

	for (int i = 0; i < rounds; i++) {
		long nr = calls[next() % (sizeof calls / sizeof calls[0])];
		long a[6];
		for (int k = 0; k < 6; k++)
			a[k] = next() % 3 ? pointer() : number();
		a[0] = descriptor();
		switch (nr) {
		case SYS_socket:
		case SYS_socketpair:
			a[0] = family();
			a[1] = next() % 4 ? (long)(next() % 6) | (next() % 2 ? 04000 : 0) : number();
			a[2] = next() % 3 ? 0 : number();
			break;
		case SYS_bind:
		case SYS_connect:
			/* an address in good[], of a plausible family and length */
			memset(good, 0, 16);
			good[0] = (unsigned char)family();
			good[2] = (unsigned char)(next() % 4);
			good[3] = (unsigned char)next();
			good[4] = 127;
			good[7] = (unsigned char)(next() % 3);
			if (good[0] == 1)
				good[2] = 0; /* abstract AF_UNIX names */
			a[1] = next() % 4 ? (long)good : pointer();
			a[2] = next() % 4 ? (long)(next() % 3 ? 16 : 2 + next() % 110) : number();
			break;
		case SYS_sendto:
		case SYS_recvfrom:
			a[2] = (long)(next() % 4096);
			a[3] = (long)(next() % 2 ? 0x40 : next() & 0x4f4f);
			break;
		case SYS_listen:
		case SYS_shutdown:
			a[1] = number();
			break;
		default:
			break;
		}
		for (int fd = 3; fd < 24; fd++)
			fcntl(fd, F_SETFL, O_NONBLOCK);
		if (nr == SYS_close && a[0] < 3)
			continue;
		if ((nr == SYS_read || nr == SYS_write) && a[0] < 3)
			continue; /* not the console */
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	printf("net_fuzz: %d calls, the kernel kept running\n", rounds);
	return 0;
}
