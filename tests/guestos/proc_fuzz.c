/* proc_fuzz - random calls into the process, signal, futex and time system calls: 40 child
 * processes make 3000 calls each (120,000 in all) with random numbers from the list below and
 * random arguments (small numbers, pointers into a buffer, kernel addresses, unmapped and
 * non-canonical values). Children that fork, vfork or clone exit at once on the child side;
 * clone's exit signal is always SIGCHLD (another one may kill init, as Linux would too without
 * its init protection). After up to a second, everything but init gets SIGKILL. The kernel
 * must survive all of it: the transcript is one line, whatever the children did. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 40
#define CALLS  3000

static unsigned long long seed = 88172645463325252ULL;
static char buf[65536];

static unsigned long long rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static long arg(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return (long)(rnd() % 64);
	case 2: return (long)(buf + rnd() % 60000);
	case 3: return (long)(0xffff888000000000ULL + (rnd() & 0xffff));
	case 4: return -(long)(rnd() % 100);
	case 5: return (long)rnd();
	case 6: return 8;
	default: return (long)(rnd() & 0xffffffff);
	}
}

static const int calls[] = {
	SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_sched_yield, SYS_mremap,
	SYS_madvise, SYS_pause, SYS_nanosleep, SYS_getitimer, SYS_alarm, SYS_setitimer,
	SYS_getpid, SYS_clone, SYS_fork, SYS_vfork, SYS_wait4, SYS_kill, SYS_getrusage,
	SYS_sysinfo, SYS_times, SYS_setpgid, SYS_getppid, SYS_getpgrp, SYS_setsid, SYS_getpgid,
	SYS_getsid, SYS_rt_sigpending, SYS_rt_sigtimedwait, SYS_rt_sigsuspend, SYS_sigaltstack,
	SYS_setrlimit, SYS_getrlimit, SYS_tkill, SYS_futex, SYS_sched_setaffinity,
	SYS_sched_getaffinity, SYS_set_tid_address, SYS_clock_nanosleep, SYS_tgkill, SYS_waitid,
	SYS_set_robust_list, SYS_get_robust_list, SYS_prlimit64, SYS_setuid, SYS_setgid,
	SYS_setreuid, SYS_setregid, SYS_getgroups, SYS_setgroups, SYS_setresuid, SYS_getresuid,
	SYS_setresgid, SYS_getresgid, SYS_setfsuid, SYS_setfsgid,
};

static void fuzz(void)
{
	alarm(2);
	for (int i = 0; i < CALLS; i++) {
		long nr = calls[rnd() % (sizeof(calls) / sizeof(calls[0]))];
		long a = arg(), b = arg(), c = arg(), d = arg(), e = arg(), f = arg();
		if ((nr == SYS_kill || nr == SYS_tkill || nr == SYS_tgkill) && a >= -1 && a <= 1)
			a = 0x7ffffff0; /* not init, not everyone */
		if (nr == SYS_clone)
			a = (a & ~0xffL) | SIGCHLD;
		long ret = syscall(nr, a, b, c, d, e, f);
		if ((nr == SYS_clone || nr == SYS_fork || nr == SYS_vfork) && ret == 0)
			_exit(0);
	}
	_exit(0);
}

int main(void)
{
	for (int r = 0; r < ROUNDS; r++) {
		seed += (unsigned long long)r * 7919;
		pid_t c = fork();
		if (c == 0)
			fuzz();
		int st;
		for (int t = 0; t < 100; t++) {
			struct timespec ts = {0, 10 * 1000 * 1000};
			while (waitpid(-1, &st, WNOHANG) > 0)
				;
			if (kill(c, 0) < 0)
				break;
			nanosleep(&ts, NULL);
		}
		kill(-1, SIGKILL);
		while (waitpid(-1, &st, 0) > 0)
			;
	}
	printf("%d rounds of %d random calls: the kernel is still here\n", ROUNDS, CALLS);
	return 0;
}
