/* sys.c - identity and system information: getpid and friends, process groups and sessions,
 * the uid/gid family (everything runs as root, uid 0, as Linux's init does; the set* calls
 * succeed and change nothing), uname, sysinfo, set_tid_address, resource limits. */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
SYSCALL_DEFINE0(getppid)
{
	struct task_struct *p = current->group_leader->real_parent;
	return p ? p->tgid : 0;
}
SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }
SYSCALL_DEFINE1(setuid, uid_t, uid) { (void)uid; return 0; }
SYSCALL_DEFINE1(setgid, gid_t, gid) { (void)gid; return 0; }
SYSCALL_DEFINE2(setreuid, uid_t, ruid, uid_t, euid) { (void)ruid; (void)euid; return 0; }
SYSCALL_DEFINE2(setregid, gid_t, rgid, gid_t, egid) { (void)rgid; (void)egid; return 0; }
SYSCALL_DEFINE3(setresuid, uid_t, r, uid_t, e, uid_t, s) { (void)r; (void)e; (void)s; return 0; }
SYSCALL_DEFINE3(setresgid, gid_t, r, gid_t, e, gid_t, s) { (void)r; (void)e; (void)s; return 0; }
SYSCALL_DEFINE1(setfsuid, uid_t, uid) { (void)uid; return 0; }
SYSCALL_DEFINE1(setfsgid, gid_t, gid) { (void)gid; return 0; }

static long put_three_zeros(u32 __user *a, u32 __user *b, u32 __user *c)
{
	if (put_user(0u, a) || put_user(0u, b) || put_user(0u, c))
		return -EFAULT;
	return 0;
}
SYSCALL_DEFINE3(getresuid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	return put_three_zeros(r, e, s);
}
SYSCALL_DEFINE3(getresgid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	return put_three_zeros(r, e, s);
}

/* No supplementary groups. */
SYSCALL_DEFINE2(getgroups, int, size, gid_t __user *, list)
{
	(void)list;
	return size < 0 ? -EINVAL : 0;
}
SYSCALL_DEFINE2(setgroups, int, size, gid_t __user *, list)
{
	(void)list;
	return size < 0 || size > 65536 ? -EINVAL : 0;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* Process groups and sessions (what a shell's job control needs). */
static struct task_struct *process_or_self(pid_t pid)
{
	return pid ? find_process(pid) : current->group_leader;
}

static bool pgrp_in_session(pid_t pgrp, pid_t sid)
{
	struct task_struct *p;
	for_each_process_thread(p)
		if (thread_group_leader(p) && p->signal->pgrp == pgrp && p->signal->session == sid)
			return true;
	return false;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *leader = current->group_leader;
	if (!pid)
		pid = leader->tgid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	struct task_struct *p = find_process(pid);
	if (!p || p->exit_state)
		return -ESRCH;
	if (p != leader) { /* only ourselves or a child of ours */
		if (p->real_parent != leader)
			return -ESRCH;
		if (p->signal->session != leader->signal->session)
			return -EPERM;
		if (p->signal->did_exec)
			return -EACCES;
	}
	if (p->signal->session == p->tgid) /* a session leader */
		return -EPERM;
	if (pgid != pid && !pgrp_in_session(pgid, leader->signal->session))
		return -EPERM;
	p->signal->pgrp = pgid;
	return 0;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	struct task_struct *p = process_or_self(pid);
	return p ? p->signal->pgrp : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp) { return current->signal->pgrp; }

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	struct task_struct *p = process_or_self(pid);
	return p ? p->signal->session : -ESRCH;
}

/* A new session and process group, led by the caller, unless it leads a group already. */
SYSCALL_DEFINE0(setsid)
{
	struct task_struct *leader = current->group_leader;
	pid_t sid = leader->tgid;
	if (leader->signal->pgrp == sid || pgrp_in_session(sid, leader->signal->session))
		return -EPERM;
	struct task_struct *p;
	for_each_process_thread(p) /* someone else's process group has our number */
		if (p->signal->pgrp == sid)
			return -EPERM;
	leader->signal->pgrp = sid;
	leader->signal->session = sid;
	return sid;
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

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	unsigned long totalhigh, freehigh;
	u32 mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo v = {0};
	v.uptime = (long)(jiffies / HZ);
	v.totalram = totalram_pages() * PAGE_SIZE;
	v.freeram = nr_free_pages() * PAGE_SIZE;
	v.procs = (u16)nr_threads;
	v.mem_unit = 1;
	return copy_to_user(info, &v, sizeof(v)) ? -EFAULT : 0;
}

/* Resource limits: kept per process and inherited; RLIMIT_CORE > 0 makes a core-dumping signal
 * set the 0x80 bit of the wait status (kernel/signal.c); the others are recorded. */
static int do_prlimit(struct task_struct *p, unsigned int resource, const struct rlimit64 *new,
		      struct rlimit64 *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit64 *r = &p->signal->rlim[resource];
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_DEFAULT)
			return -EPERM;
	}
	if (old)
		*old = *r;
	if (new)
		*r = *new;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit64 __user *, rlim)
{
	struct rlimit64 r;
	int err = do_prlimit(current, resource, NULL, &r);
	if (err)
		return err;
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, struct rlimit64 __user *, rlim)
{
	struct rlimit64 r;
	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	return do_prlimit(current, resource, &r, NULL);
}

/* i386 getrlimit/setrlimit: 32-bit values, RLIM_INFINITY as 0xffffffff. */
struct compat_rlimit {
	u32 rlim_cur, rlim_max;
};

static u32 rlim_to_compat(u64 v) { return v > 0xffffffffULL ? 0xffffffffU : (u32)v; }
static u64 rlim_from_compat(u32 v) { return v == 0xffffffffU ? RLIM_INFINITY : v; }

COMPAT_SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct compat_rlimit __user *, rlim)
{
	struct rlimit64 r;
	int err = do_prlimit(current, resource, NULL, &r);
	if (err)
		return err;
	struct compat_rlimit c = {rlim_to_compat(r.rlim_cur), rlim_to_compat(r.rlim_max)};
	return copy_to_user(rlim, &c, sizeof(c)) ? -EFAULT : 0;
}

COMPAT_SYSCALL_DEFINE2(setrlimit, unsigned int, resource, struct compat_rlimit __user *, rlim)
{
	struct compat_rlimit c;
	if (copy_from_user(&c, rlim, sizeof(c)))
		return -EFAULT;
	struct rlimit64 r = {rlim_from_compat(c.rlim_cur), rlim_from_compat(c.rlim_max)};
	return do_prlimit(current, resource, &r, NULL);
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim, struct rlimit64 __user *, old_rlim)
{
	struct rlimit64 new, old;
	struct task_struct *p = process_or_self(pid);
	if (!p || p->exit_state)
		return -ESRCH;
	if (new_rlim && copy_from_user(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	int err = do_prlimit(p, resource, new_rlim ? &new : NULL, &old);
	if (err)
		return err;
	if (old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
