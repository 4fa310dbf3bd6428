/* proc_efault - the process, signal and time calls with bad pointers and bad arguments: each
 * fails with the errno Linux gives (EFAULT for a pointer the kernel cannot use), and the
 * kernel keeps running. The transcript is the host's own. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD ((long)8)                        /* unmapped */
#define KERNEL ((long)0xffff888000000000UL)   /* the kernel's direct map */

static void show(const char *what, long r)
{
	printf("%-40s %s\n", what, r >= 0 ? "ok" : strerror(errno));
}

#define TRY(...) show(#__VA_ARGS__, syscall(__VA_ARGS__))

static pid_t zombie(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	siginfo_t si;
	syscall(SYS_waitid, P_PID, c, &si, WEXITED | WNOWAIT, NULL); /* until it is a zombie */
	return c;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t c = zombie();
	show("wait4(child, BAD)", syscall(SYS_wait4, c, BAD, 0, 0));
	show("wait4(child) again: it was reaped", syscall(SYS_wait4, c, 0, 0, 0));
	c = zombie();
	show("waitid(child, KERNEL)", syscall(SYS_waitid, P_PID, c, KERNEL, WEXITED, 0));
	show("waitid(child) again", syscall(SYS_waitid, P_PID, c, 0, WEXITED, 0));
	c = zombie();
	show("wait4(child, rusage BAD)", syscall(SYS_wait4, c, 0, 0, BAD));
	TRY(SYS_wait4, -1, 0, 0x4000, 0);
	TRY(SYS_waitid, P_ALL, 0, 0, 0, 0);
	TRY(SYS_waitid, 7, 0, 0, WEXITED, 0);

	TRY(SYS_rt_sigaction, SIGUSR1, BAD, 0, 8);
	TRY(SYS_rt_sigaction, SIGUSR1, 0, KERNEL, 8);
	TRY(SYS_rt_sigaction, SIGKILL, 0, 0, 8);
	TRY(SYS_rt_sigaction, 65, 0, 0, 8);
	TRY(SYS_rt_sigprocmask, SIG_BLOCK, BAD, 0, 8);
	TRY(SYS_rt_sigprocmask, 7, 0, 0, 8);
	TRY(SYS_rt_sigpending, BAD, 8);
	TRY(SYS_rt_sigsuspend, BAD, 8);
	TRY(SYS_rt_sigsuspend, 0, 4);
	TRY(SYS_rt_sigtimedwait, BAD, 0, 0, 8);
	TRY(SYS_sigaltstack, BAD, 0);
	TRY(SYS_sigaltstack, 0, KERNEL);
	stack_t ss = {0, 5, 4096};
	TRY(SYS_sigaltstack, &ss, 0);
	ss.ss_flags = 0;
	ss.ss_size = 100;
	TRY(SYS_sigaltstack, &ss, 0);
	TRY(SYS_kill, 0x7ffffff0, 0);
	TRY(SYS_kill, getpid(), 65);
	TRY(SYS_tgkill, 0x7ffffff0, getpid(), 0);
	TRY(SYS_tgkill, getpid(), getpid(), 0);
	TRY(SYS_tgkill, 0, getpid(), 0);
	TRY(SYS_tkill, -5, 0);

	TRY(SYS_nanosleep, BAD, 0);
	struct timespec neg = {-1, 0};
	TRY(SYS_nanosleep, &neg, 0);
	TRY(SYS_clock_nanosleep, 1, 0, KERNEL, 0);
	TRY(SYS_clock_nanosleep, 99, 0, &neg, 0);
	TRY(SYS_futex, BAD, 0, 0, 0, 0, 0);
	TRY(SYS_futex, KERNEL, 1, 1, 0, 0, 0);
	TRY(SYS_futex, 9, 0, 0, 0, 0, 0);
	int word = 0;
	TRY(SYS_futex, &word, 0, 1, 0, 0, 0);
	TRY(SYS_futex, &word, 0, 0, BAD, 0, 0);
	TRY(SYS_futex, &word, 9, 0, 0, 0, 0);
	TRY(SYS_futex, &word, 42, 0, 0, 0, 0);
	TRY(SYS_set_robust_list, 0, 1);
	TRY(SYS_getitimer, 0, BAD);
	TRY(SYS_getitimer, 5, 0);
	TRY(SYS_setitimer, 0, BAD, 0);
	TRY(SYS_times, BAD);
	TRY(SYS_getrusage, 0, BAD);
	TRY(SYS_getrusage, 7, 0);
	TRY(SYS_sysinfo, KERNEL);
	TRY(SYS_prlimit64, 0, 7, 0, BAD);
	TRY(SYS_prlimit64, 0, 7, BAD, 0);
	TRY(SYS_prlimit64, 0, 99, 0, 0);
	TRY(SYS_getrlimit, 7, BAD);
	TRY(SYS_setrlimit, 7, BAD);
	TRY(SYS_getresuid, BAD, BAD, BAD);
	TRY(SYS_getresgid, KERNEL, KERNEL, KERNEL);
	TRY(SYS_sched_getaffinity, 0, 128, BAD);
	TRY(SYS_sched_getaffinity, 0, 3, 0);
	TRY(SYS_setpgid, 0, -1);
	TRY(SYS_setpgid, 0x7ffffff0, 0);
	TRY(SYS_getpgid, 0x7ffffff0);
	TRY(SYS_getsid, 0x7ffffff0);
	TRY(SYS_clone, 0x10000 /* CLONE_THREAD */, 0, 0, 0, 0);
	TRY(SYS_clone, 0x800 /* CLONE_SIGHAND */, 0, 0, 0, 0);
	TRY(SYS_mremap, 4097, 4096, 8192, 0, 0);
	TRY(SYS_mremap, 0x10000, 4096, 8192, 9, 0);
	TRY(SYS_madvise, 4097, 4096, 4);
	TRY(SYS_execve, "./hello", BAD, 0);
	TRY(SYS_execve, BAD, 0, 0);
	printf("still here\n");
	return 0;
}
