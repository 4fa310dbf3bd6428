/* linux/signal.h - signal numbers, sigaction, siginfo and the pending sets (kernel/signal.c
 * queues and delivers; arch/x86/kernel/signal.c builds the handler's frame). */
#ifndef _LINUX_SIGNAL_H
#define _LINUX_SIGNAL_H

#include <linux/types.h>
#include <linux/list.h>

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGSTKFLT 16
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGTSTP  20
#define SIGTTIN  21
#define SIGTTOU  22
#define SIGURG   23
#define SIGXCPU  24
#define SIGXFSZ  25
#define SIGVTALRM 26
#define SIGPROF  27
#define SIGWINCH 28
#define SIGIO    29
#define SIGPWR   30
#define SIGSYS   31
#define SIGRTMIN 32
#define _NSIG    64

typedef u64 sigset_t;
#define sigmask(sig) (1ULL << ((sig) - 1))

#define SIG_DFL 0UL
#define SIG_IGN 1UL

/* sa_flags */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* sigaltstack */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* si_code values */
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_TKILL   (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define ILL_ILLOPN  2
#define FPE_INTDIV  1
#define FPE_FLTDIV  3
#define FPE_FLTOVF  4
#define FPE_FLTUND  5
#define FPE_FLTRES  6
#define FPE_FLTINV  7
#define TRAP_BRKPT  1
#define TRAP_TRACE  2
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

/* The kernel's struct sigaction on x86-64 (what rt_sigaction(2) passes). */
struct k_sigaction {
	unsigned long sa_handler;
	unsigned long sa_flags;
	unsigned long sa_restorer;
	sigset_t sa_mask;
};

/* siginfo_t as user space sees it on x86-64: 128 bytes, the union at offset 16. */
typedef struct kernel_siginfo {
	int si_signo, si_errno, si_code;
	int _pad0;
	union {
		struct { pid_t pid; uid_t uid; } kill;                    /* kill, tgkill */
		struct { pid_t pid; uid_t uid; int status; int _pad; long utime, stime; } chld;
		struct { unsigned long addr; } fault;                     /* SIGSEGV, SIGILL, ... */
		struct { int tid, overrun; unsigned long sigval; } timer; /* SIGALRM */
		int _pad[28];
	};
} siginfo_t;
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t");

/* One queued signal (Linux's struct sigqueue). Standard signals queue at most once. */
struct sigqueue {
	struct list_head list;
	siginfo_t info;
};

struct sigpending {
	struct list_head list;
	sigset_t signal;
};

/* stack_t of sigaltstack(2) */
typedef struct {
	unsigned long ss_sp;
	int ss_flags;
	unsigned long ss_size;
} stack_t;

struct task_struct;

/* kernel/signal.c: send, force and deliver. `priv` is 1 for a signal the kernel sends on its
 * own account (SEND_SIG_PRIV: si_code SI_KERNEL), 0 for one in the name of the current task. */
int send_sig(int sig, struct task_struct *p, int priv);
int send_sig_info(int sig, siginfo_t *info, struct task_struct *p);
int group_send_sig_info(int sig, siginfo_t *info, struct task_struct *p);
int kill_pgrp(pid_t pgrp, int sig, int priv);
void force_sig_fault(int sig, int code, unsigned long addr);
void force_sig(int sig);
bool fatal_signal_pending(struct task_struct *t);
void flush_signals(struct task_struct *t);
void flush_signal_handlers(struct task_struct *t);
void do_notify_parent(struct task_struct *tsk, int sig);
bool sig_handler_default(struct task_struct *t, int sig);
bool sig_unhandled(struct task_struct *t, int sig);

/* What get_signal() hands the arch code: a signal with a handler to run. */
struct ksignal {
	struct k_sigaction ka;
	siginfo_t info;
	int sig;
};
bool get_signal(struct ksignal *ksig);
void signal_setup_done(int failed, struct ksignal *ksig, int stepping);
void restore_saved_sigmask(void);
void set_current_blocked(sigset_t newset);

#endif
