/* efault.c - every implemented system call that takes a pointer, given bad pointers: each call
 * must fail with EFAULT, and the kernel must go on. Runs natively too: Linux gives the same
 * results, so the transcript is compared with the host's (run_tests.sh). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static int checks, failures;
static const char *what_ptr;

/* One call: it must return -1 with errno EFAULT. */
static void expect_efault(const char *call, long ret)
{
	int e = errno;
	checks++;
	if (ret == -1 && e == EFAULT)
		return;
	failures++;
	printf("FAIL: %s with %s pointer: got %ld (%s)\n", call, what_ptr, ret,
	       ret == -1 ? strerror(e) : "no error");
}

#define CHECK(call, ...) expect_efault(call, syscall(__VA_ARGS__))
/* For arguments where NULL means "none" rather than a bad pointer. */
#define CHECK_NONNULL(call, ...) do { if (p) CHECK(call, __VA_ARGS__); } while (0)

int main(void)
{
	/* A mapping whose second page is PROT_NONE: a buffer that starts in the first runs into it.
	 * (An unmapped hole could be refilled by malloc's own mmap.) */
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(two + 4096, 4096, PROT_NONE);
	memset(two, 'x', 4096); /* a string with no NUL before the hole */
	static const char rodata[64] = "read-only";

	struct { const char *name; void *p; int writable_only; } bad[] = {
		{"NULL", (void *)0, 0},
		{"low", (void *)1, 0},
		{"unmapped", (void *)0x100000000UL, 0},
		{"kernel-text", (void *)0xffffffff81000000UL, 0},
		{"direct-map", (void *)0xffff888000000000UL, 0},
		{"non-canonical", (void *)0x0000800000000000UL, 0},
		{"top-bit", (void *)0x8000000000000000UL, 0},
		{"read-only", (void *)rodata, 1}, /* only for calls that write to user memory */
	};
	int zero = open("/dev/zero", O_RDONLY);
	if (zero < 0) {
		perror("/dev/zero");
		return 1;
	}

	/* Under the guest kernel stdout is the console, a tty; natively it may be a pipe. */
	int tty = isatty(1);

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *p = bad[i].p;
		what_ptr = bad[i].name;
		/* Calls that write to user memory. */
		CHECK("read", SYS_read, zero, p, 64);
		CHECK("pread64", SYS_pread64, zero, p, 64, 0);
		CHECK("fstat", SYS_fstat, 1, p);
		CHECK("uname", SYS_uname, p);
		CHECK_NONNULL("rt_sigaction oact", SYS_rt_sigaction, SIGUSR1, NULL, p, 8);
		CHECK_NONNULL("rt_sigprocmask oset", SYS_rt_sigprocmask, SIG_BLOCK, NULL, p, 8);
		if (tty) {
			CHECK("ioctl TCGETS", SYS_ioctl, 1, 0x5401, p);
			CHECK("ioctl TIOCGWINSZ", SYS_ioctl, 1, 0x5413, p);
		}
		CHECK("clock_gettime", SYS_clock_gettime, 0, p);
		CHECK_NONNULL("clock_getres", SYS_clock_getres, 1, p);
		CHECK_NONNULL("gettimeofday", SYS_gettimeofday, p, NULL);
		CHECK("getrlimit", SYS_getrlimit, 7, p);
		CHECK_NONNULL("prlimit64 old", SYS_prlimit64, 0, 7, NULL, p);
		CHECK("getrandom", SYS_getrandom, p, 64, 0);
		CHECK("arch_prctl ARCH_GET_FS", SYS_arch_prctl, 0x1003, p);
		CHECK("getcwd", SYS_getcwd, p, 64);
		CHECK("readlink buf", SYS_readlink, "efault.lnk", p, 64);
		if (bad[i].writable_only)
			continue;
		/* Calls that read user memory. */
		CHECK("write", SYS_write, 1, p, 16);
		CHECK("open", SYS_open, p, O_RDONLY);
		CHECK("openat", SYS_openat, AT_FDCWD, p, O_RDONLY);
		CHECK("access", SYS_access, p, 0);
		CHECK("stat", SYS_stat, p, two);
		CHECK("lstat", SYS_lstat, p, two);
		CHECK("newfstatat", SYS_newfstatat, AT_FDCWD, p, two, 0);
		CHECK("readlink path", SYS_readlink, p, two, 64);
		CHECK_NONNULL("rt_sigaction act", SYS_rt_sigaction, SIGUSR1, p, NULL, 8);
		CHECK_NONNULL("rt_sigprocmask set", SYS_rt_sigprocmask, SIG_BLOCK, p, NULL, 8);
		if (tty)
			CHECK("ioctl TCSETS", SYS_ioctl, 1, 0x5402, p);
		CHECK("nanosleep", SYS_nanosleep, p, NULL);
		CHECK("clock_nanosleep", SYS_clock_nanosleep, 1, 0, p, NULL);
		CHECK("writev iov", SYS_writev, 1, p, 1);
		CHECK("readv iov", SYS_readv, zero, p, 1);
		struct iovec iov = {p, 16};
		CHECK("writev iov_base", SYS_writev, 1, &iov, 1);
		CHECK("readv iov_base", SYS_readv, zero, &iov, 1);
	}
	/* A structure or string that starts in a mapping and runs into the hole after it. */
	void *p = two + 4096 - 8;
	what_ptr = "straddling";
	CHECK("uname", SYS_uname, p);
	CHECK("fstat", SYS_fstat, 1, p);
	CHECK("clock_gettime", SYS_clock_gettime, 0, two + 4096 - 4);
	CHECK("rt_sigaction oact", SYS_rt_sigaction, SIGUSR1, NULL, p, 8);
	memset(two, 'x', 4096); /* the copies above may have left a NUL before the end */
	CHECK("open", SYS_open, two + 4096 - 100, O_RDONLY);
	CHECK("stat", SYS_stat, two + 4096 - 100, two);

	if (failures)
		printf("efault: %d of the checks failed\n", failures);
	else
		printf("efault: every call returned EFAULT; the kernel is still running\n");
	return failures != 0;
}
