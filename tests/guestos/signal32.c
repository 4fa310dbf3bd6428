/* signal32.c - signals in a freestanding 32-bit program (compatibility mode), through int $0x80
 * only: rt_sigaction with SA_SIGINFO and a restorer, kill, the i386 rt_sigframe (the handler's
 * arguments, siginfo, registers restored by rt_sigreturn), and a SIGSEGV handler that resumes
 * elsewhere by changing EIP in the ucontext. Its transcript is the same natively. */

#define __NR_exit_group  252
#define __NR_write         4
#define __NR_getpid       20
#define __NR_kill         37
#define __NR_rt_sigaction 174
#define __NR_times        43
#define __NR_setitimer   104
#define __NR_getitimer   105
#define __NR_sigaltstack 186
#define SIGUSR1 10
#define SIGSEGV 11
#define SA_SIGINFO  0x00000004
#define SA_RESTORER 0x04000000
#define REG_EIP 14 /* uc_mcontext.gregs index: gs fs es ds edi esi ebp esp ebx edx ecx eax trapno err eip */

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask[2];
};

struct siginfo32 {
	int si_signo, si_errno, si_code;
	union { struct { int pid; unsigned uid; } kill; void *addr; };
	int pad[26];
};

struct ucontext32 {
	unsigned long uc_flags;
	void *uc_link;
	void *ss_sp;
	int ss_flags;
	unsigned long ss_size;
	unsigned long gregs[22];
};

static long syscall4(long nr, long a, long b, long c, long d)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory");
	return ret;
}

static unsigned long str_len(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static void puts_(const char *s) { syscall4(__NR_write, 1, (long)s, (long)str_len(s), 0); }

static void put_num(const char *label, long v)
{
	char buf[32], *p = buf + sizeof(buf);
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	*--p = 0;
	*--p = '\n';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	puts_(label);
	puts_(p);
}

void restorer(void);
__asm__(".text\n.globl restorer\nrestorer:\n\tmovl $173, %eax\n\tint $0x80\n");
void resume_here(void);

static volatile int got_sig, got_signo, got_code, got_pid_ok, segv_addr_ok;

static void on_usr1(int sig, struct siginfo32 *si, struct ucontext32 *uc)
{
	(void)uc;
	got_sig = sig;
	got_signo = si->si_signo;
	got_code = si->si_code;
	got_pid_ok = si->kill.pid == syscall4(__NR_getpid, 0, 0, 0, 0);
}

static void on_segv(int sig, struct siginfo32 *si, struct ucontext32 *uc)
{
	(void)sig;
	segv_addr_ok = si->addr == (void *)12;
	uc->gregs[REG_EIP] = (unsigned long)resume_here;
}

static void install(int sig, void *fn)
{
	struct k_sigaction sa = {fn, SA_SIGINFO | SA_RESTORER, restorer, {0, 0}};
	put_num("rt_sigaction: ", syscall4(__NR_rt_sigaction, sig, (long)&sa, 0, 8));
}

void _start(void)
{
	install(SIGUSR1, on_usr1);
	install(SIGSEGV, on_segv);

	/* kill(getpid(), SIGUSR1) with known values in the registers the handler may clobber. */
	long pid = syscall4(__NR_getpid, 0, 0, 0, 0), ret;
	unsigned long si_out, di_out, bp_out;
	__asm__ volatile("push %%ebp\n\t"
			 "movl $0x5151, %%esi\n\tmovl $0xd1d1, %%edi\n\tmovl $0xb9b9, %%ebp\n\t"
			 "int $0x80\n\t"
			 "movl %%ebp, %%edx\n\t"
			 "pop %%ebp"
			 : "=a"(ret), "=S"(si_out), "=D"(di_out), "=d"(bp_out)
			 : "a"(__NR_kill), "b"(pid), "c"(SIGUSR1)
			 : "memory");
	put_num("kill: ", ret);
	put_num("handler's signal: ", got_sig);
	put_num("si_signo: ", got_signo);
	put_num("si_code: ", got_code);
	put_num("si_pid is ours: ", got_pid_ok);
	put_num("esi, edi, ebp restored: ",
		si_out == 0x5151 && di_out == 0xd1d1 && bp_out == 0xb9b9);

	__asm__ volatile("movl $1, 12\n\t"       /* a fault at address 12 */
			 ".globl resume_here\nresume_here:" ::: "memory");
	put_num("SIGSEGV handler resumed us, si_addr right: ", segv_addr_ok);

	/* The i386 layouts of stack_t, itimerval and tms. */
	static char altstack[8192];
	struct { void *sp; int flags; unsigned long size; } ss = {altstack, 0, sizeof(altstack)}, old;
	put_num("sigaltstack: ", syscall4(__NR_sigaltstack, (long)&ss, 0, 0, 0));
	syscall4(__NR_sigaltstack, 0, (long)&old, 0, 0);
	put_num("sigaltstack reads back the same: ",
		old.sp == altstack && old.size == sizeof(altstack) && old.flags == 0);
	long it[4] = {0, 0, 5, 0}, got_it[4];
	put_num("setitimer: ", syscall4(__NR_setitimer, 0, (long)it, 0, 0));
	syscall4(__NR_getitimer, 0, (long)got_it, 0, 0);
	put_num("getitimer: no interval, 4-5 s left: ", got_it[0] == 0 && got_it[1] == 0 &&
		(got_it[2] == 4 || (got_it[2] == 5 && got_it[3] == 0)) && got_it[3] < 1000000);
	it[2] = 0;
	syscall4(__NR_setitimer, 0, (long)it, 0, 0);
	long tms[5] = {-1, -1, -1, -1, 12345};
	syscall4(__NR_times, (long)tms, 0, 0, 0);
	put_num("times fills four 32-bit fields: ", tms[0] >= 0 && tms[1] >= 0 && tms[2] == 0 &&
		tms[3] == 0 && tms[4] == 12345);
	syscall4(__NR_exit_group, 9, 0, 0, 0);
}
