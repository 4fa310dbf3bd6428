/* sys.c - identity and system information: getpid and friends, uname, set_tid_address,
 * getrlimit/prlimit64. Everything runs as root (uid 0), as Linux's init does. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
SYSCALL_DEFINE0(getppid) { return current->real_parent ? current->real_parent->tgid : 0; }
SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }
SYSCALL_DEFINE0(getpgrp) { return current->tgid; }
SYSCALL_DEFINE0(sched_yield) { return 0; }

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

#define __NEW_UTS_LEN 64
struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

static const struct new_utsname init_uts_ns = {
	.sysname = "Linux",
	.nodename = "lstar",
	.release = "5.0.0-lstar",
	.version = "#1 SMP lstar guest kernel",
	.machine = "x86_64",
	.domainname = "(none)",
};

/* A 32-bit program sees "x86_64" too, as under Linux without personality(PER_LINUX32). */
SYSCALL_DEFINE1(newuname, struct new_utsname __user *, name)
{
	return copy_to_user(name, &init_uts_ns, sizeof(init_uts_ns)) ? -EFAULT : 0;
}

struct rlimit64 {
	u64 rlim_cur, rlim_max;
};
#define RLIMIT_STACK  3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0ULL)

static struct rlimit64 rlimit(unsigned int resource)
{
	if (resource == RLIMIT_STACK)
		return (struct rlimit64){8UL << 20, RLIM_INFINITY};
	if (resource == RLIMIT_NOFILE)
		return (struct rlimit64){256, 256};
	return (struct rlimit64){RLIM_INFINITY, RLIM_INFINITY};
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit64 __user *, rlim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit64 r = rlimit(resource);
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}

/* Limits can be read, not changed (the new limit must be NULL). */
SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim, struct rlimit64 __user *, old_rlim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid && pid != current->pid)
		return -ESRCH;
	if (new_rlim)
		return -EPERM;
	struct rlimit64 r = rlimit(resource);
	if (old_rlim && copy_to_user(old_rlim, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}
