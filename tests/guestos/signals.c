/* signals - handlers, rt_sigreturn, SA_RESTART, sigprocmask, kill between processes, SIGCHLD,
 * alarm, a SIGSEGV handler on a fault, the default actions' wait statuses, a blocking read that
 * a stop and continue restart, and ppoll's temporary mask. */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got, got_sig, chld;
static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_usr1(int sig) { got++; got_sig = sig; }
static void on_chld(int sig) { (void)sig; chld++; }
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* The handler runs between two instructions that expect every callee-saved register and the
 * SSE registers intact: rt_sigreturn must restore them. */
long sr_out[6];

static void sigreturn_restores_registers(void)
{
	static const double x = 1.5;
	got = 0;
	__asm__ volatile(
		"movq $0x1212, %%r12\n\tmovq $0x1313, %%r13\n\tmovq $0x1414, %%r14\n\t"
		"movq $0x1515, %%r15\n\tmovq $0xb0b0, %%rbx\n\tmovsd %[x], %%xmm7\n\t"
		"movl $39, %%eax\n\tsyscall\n\t"          /* getpid */
		"movq %%rax, %%rdi\n\tmovl $10, %%esi\n\tmovl $62, %%eax\n\tsyscall\n\t" /* kill */
		"movq %%r12, sr_out(%%rip)\n\tmovq %%r13, sr_out+8(%%rip)\n\tmovq %%r14, sr_out+16(%%rip)\n\t"
		"movq %%r15, sr_out+24(%%rip)\n\tmovq %%rbx, sr_out+32(%%rip)\n\tmovsd %%xmm7, sr_out+40(%%rip)\n\t"
		:
		: [x] "m"(x)
		: "rax", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
		  "rbx", "xmm7", "memory");
	double xo;
	memcpy(&xo, &sr_out[5], sizeof(xo));
	long *out = sr_out;
	printf("handler ran %d time(s) for signal %d; registers after: %s\n", got, got_sig,
	       out[0] == 0x1212 && out[1] == 0x1313 && out[2] == 0x1414 && out[3] == 0x1515 &&
	       out[4] == 0xb0b0 && xo == 1.5 ? "intact" : "CHANGED");
}

static void mask_and_pending(void)
{
	sigset_t set, old, pend;
	got = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	printf("blocked: handler ran %d time(s), pending=%d\n", got, sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: handler ran %d time(s)\n", got);
}

/* The parent sleeps in wait4 while the child signals it: with SA_RESTART wait4 goes on and
 * returns the child; without, it fails with EINTR. */
static void restart(int flags)
{
	set_handler(SIGUSR1, on_usr1, flags);
	got = 0;
	pid_t parent = getpid(), c = fork();
	if (c == 0) {
		struct timespec t = {0, 50 * 1000 * 1000};
		nanosleep(&t, NULL);
		kill(parent, SIGUSR1);
		nanosleep(&t, NULL);
		_exit(0);
	}
	int st;
	pid_t r = waitpid(c, &st, 0);
	int e = errno;
	if (r < 0)
		waitpid(c, &st, 0);
	printf("%s: waitpid %s, handler ran %d time(s)\n", flags ? "SA_RESTART" : "no SA_RESTART",
	       r == c ? "returned the child" : e == EINTR ? "failed with EINTR" : "failed otherwise",
	       got);
}

static void default_actions(void)
{
	int sigs[] = {SIGTERM, SIGKILL, SIGSEGV, SIGABRT, SIGUSR2, SIGALRM};
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t c = fork();
		if (c == 0) {
			signal(sigs[i], SIG_DFL);
			if (sigs[i] == SIGSEGV)
				*(volatile int *)0 = 1; /* a real fault */
			if (sigs[i] == SIGALRM)
				alarm(1);
			else
				kill(getpid(), sigs[i]);
			for (;;)
				pause();
		}
		int st;
		waitpid(c, &st, 0);
		printf("%-8s -> signaled=%d termsig=%d\n", strsignal(sigs[i]), WIFSIGNALED(st),
		       WTERMSIG(st));
	}
	pid_t c = fork();
	if (c == 0) {
		signal(SIGTERM, SIG_IGN);
		kill(getpid(), SIGTERM);
		_exit(5);
	}
	int st;
	waitpid(c, &st, 0);
	printf("ignored SIGTERM -> exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));
}

static void sigchld(void)
{
	set_handler(SIGCHLD, on_chld, 0);
	chld = 0;
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	sigset_t none;
	sigemptyset(&none);
	while (!chld)
		sigsuspend(&none);
	int st;
	printf("SIGCHLD: %d, then waitpid %s\n", chld, waitpid(c, &st, 0) == c ? "reaped it" : "failed");
	signal(SIGCHLD, SIG_DFL);
}

static void segv_handler(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sigsetjmp(env, 1) == 0)
		p[8] = 1; /* a write to a read-only page */
	printf("SIGSEGV handler: si_addr %s, si_code %s\n", fault_addr == p + 8 ? "right" : "wrong",
	       fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other");
	if (sigsetjmp(env, 1) == 0)
		*(volatile int *)16 = 1;
	printf("SIGSEGV handler: si_addr %s, si_code %s\n", fault_addr == (void *)16 ? "right" : "wrong",
	       fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other");
	signal(SIGSEGV, SIG_DFL);
}

static void alarm_handler(void)
{
	set_handler(SIGALRM, on_usr1, 0);
	got = 0;
	alarm(1);
	unsigned left = alarm(1);
	pause();
	printf("alarm: previous had %u s left; handler ran %d time(s) for signal %d\n", left, got,
	       got_sig);
}

static void kill_between(void)
{
	set_handler(SIGUSR1, on_usr1, 0);
	got = 0;
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t c = fork();
	if (c == 0) {
		sigset_t none;
		sigemptyset(&none);
		while (!got)
			sigsuspend(&none);
		kill(getppid(), SIGUSR1);
		_exit(got);
	}
	kill(c, SIGUSR1);
	while (!got)
		sigsuspend(&old);
	int st;
	waitpid(c, &st, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("kill between processes: child got %d, parent got %d\n", WEXITSTATUS(st), got);
}

/* CPU exceptions other than page faults: the signal, si_code and si_addr Linux gives. */
static volatile int trap_sig, trap_code;
static volatile void *trap_addr;
static void on_trap(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	trap_sig = sig;
	trap_code = si->si_code;
	trap_addr = si->si_addr;
	siglongjmp(env, 1);
}

extern char ud2_insn[], div_insn[], int3_after[], divsd_insn[]; /* labels in the asm below */
static void cpu_faults(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_trap;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(env, 1) == 0)
		__asm__ volatile("ud2_insn: ud2");
	printf("ud2: signal %d, si_code %d, si_addr %s\n", trap_sig, trap_code,
	       trap_addr == ud2_insn ? "at the instruction" : "elsewhere");
	if (sigsetjmp(env, 1) == 0)
		__asm__ volatile("xorl %%ecx, %%ecx\n\tdiv_insn: divl %%ecx" ::: "eax", "ecx", "edx");
	printf("div by 0: signal %d, si_code %d, si_addr %s\n", trap_sig, trap_code,
	       trap_addr == div_insn ? "at the instruction" : "elsewhere");
	if (sigsetjmp(env, 1) == 0)
		__asm__ volatile("int3\n\tint3_after:");
	printf("int3: signal %d, si_code %d\n", trap_sig, trap_code);
	/* x87 1/0 with the zero-divide exception unmasked: #MF at the next FPU instruction (the
	 * fwait). (QEMU's TCG does not raise SSE's #XF, so the SSE case is not compared.) */
	if (sigsetjmp(env, 1) == 0) {
		unsigned short cw = 0x037f & ~0x4; /* unmask ZM */
		__asm__ volatile("fldcw %0\n\tfld1\n\tfldz\n\tfdivrp\n\t"
				 "divsd_insn: fwait\n\tfstp %%st(0)"
				 : : "m"(cw));
	}
	printf("x87 1/0 unmasked: signal %d, si_code %d (FPE_FLTDIV is %d), si_addr %s\n",
	       trap_sig, trap_code, FPE_FLTDIV, trap_addr == divsd_insn ? "at the fwait" :
	       "elsewhere");
	if (sigsetjmp(env, 1) == 0) /* a non-canonical address: #GP, not #PF */
		*(volatile long *)0x8000000000000000UL = 1;
	printf("non-canonical write: signal %d, si_code %d, si_addr %p\n", trap_sig, trap_code,
	       trap_addr);
	signal(SIGILL, SIG_DFL);
	signal(SIGFPE, SIG_DFL);
	signal(SIGTRAP, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
}

/* A handler that cannot run because the stack is bad: SIGSEGV, whose own handler cannot run
 * either, so the process dies of it (instead of looping for ever). */
static void bad_stack(void)
{
	pid_t c = fork();
	if (c == 0) {
		set_handler(SIGSEGV, on_usr1, 0);
		set_handler(SIGUSR1, on_usr1, 0);
		__asm__ volatile("movq $8, %%rsp\n\tmovl $39, %%eax\n\tsyscall\n\t"
				 "movq %%rax, %%rdi\n\tmovl $10, %%esi\n\tmovl $62, %%eax\n\t"
				 "syscall\n\tud2" ::: "memory");
	}
	int st;
	waitpid(c, &st, 0);
	printf("handlers on a bad stack: signaled=%d termsig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
}

/* A periodic ITIMER_REAL: three SIGALRMs 50 ms apart, then disarmed. */
static void interval_timer(void)
{
	set_handler(SIGALRM, on_usr1, 0);
	got = 0;
	struct itimerval it = {{0, 50000}, {0, 50000}}, old;
	setitimer(ITIMER_REAL, &it, NULL);
	while (got < 3)
		pause();
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, &old);
	printf("setitimer: %d SIGALRMs, interval was %ld us\n", got, old.it_interval.tv_usec);
	signal(SIGALRM, SIG_DFL);
}

/* A read that sleeps on an empty pipe through a stop and a continue: no handler runs, so the
 * kernel restarts it, and it returns the byte written afterwards. */
static void stopped_read_restarts(void)
{
	int p[2];
	if (pipe(p))
		return;
	pid_t c = fork();
	if (c == 0) {
		char b = 0;
		close(p[1]);
		ssize_t n = read(p[0], &b, 1);
		_exit(n == 1 && b == 'x' ? 0 : n < 0 ? 10 + (errno == EINTR) : 20);
	}
	close(p[0]);
	struct timespec t = {0, 50 * 1000 * 1000};
	nanosleep(&t, NULL); /* the child is asleep in read */
	int st;
	kill(c, SIGSTOP);
	waitpid(c, &st, WUNTRACED);
	int stopped = WIFSTOPPED(st);
	kill(c, SIGCONT);
	nanosleep(&t, NULL);
	if (write(p[1], "x", 1) != 1)
		return;
	waitpid(c, &st, 0);
	close(p[1]);
	printf("read through SIGSTOP/SIGCONT: stopped=%d, then exit status %d (0: got the byte)\n",
	       stopped, WEXITSTATUS(st));
}

/* ppoll with a mask that unblocks a signal already pending: EINTR at once, the handler runs
 * (with ppoll's mask), and afterwards the caller's mask blocks the signal again. */
static void ppoll_mask(void)
{
	set_handler(SIGUSR1, on_usr1, 0);
	got = 0;
	sigset_t set, old, none, now;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR1);
	struct timespec ts = {5, 0};
	int r = ppoll(NULL, 0, &ts, &none);
	int e = errno, ran = got;
	sigprocmask(SIG_SETMASK, &old, &now);
	printf("ppoll unblocking a pending signal: %s, handler ran %d time(s), blocked after: %d\n",
	       r < 0 && e == EINTR ? "EINTR" : "no EINTR", ran, sigismember(&now, SIGUSR1));
}

/* SIGSTOP and SIGCONT as a shell's job control sees them through waitpid. */
static void stop_continue(void)
{
	pid_t c = fork();
	if (c == 0) {
		for (;;)
			pause();
	}
	int st;
	kill(c, SIGSTOP);
	waitpid(c, &st, WUNTRACED);
	printf("SIGSTOP: stopped=%d stopsig=%d\n", WIFSTOPPED(st), WSTOPSIG(st));
	kill(c, SIGCONT);
	waitpid(c, &st, WCONTINUED);
	printf("SIGCONT: continued=%d\n", WIFCONTINUED(st));
	kill(c, SIGTERM);
	waitpid(c, &st, 0);
	printf("then SIGTERM: signaled=%d termsig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	set_handler(SIGUSR1, on_usr1, 0);
	sigreturn_restores_registers();
	mask_and_pending();
	restart(SA_RESTART);
	restart(0);
	kill_between();
	sigchld();
	alarm_handler();
	segv_handler();
	default_actions();
	stop_continue();
	stopped_read_restarts();
	ppoll_mask();
	cpu_faults();
	bad_stack();
	interval_timer();
	return 0;
}
