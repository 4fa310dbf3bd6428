/* signal.c - rt_sigaction(2) and rt_sigprocmask(2) record what the program asks; nothing
 * delivers signals yet (a fault ends the process as an uncaught signal would). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define sigmask(sig) (1ULL << ((sig) - 1))

/* The order of the checks is Linux's: size, then reading act, then the signal number; the old
 * action is written last. */
SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction new_ka, old_ka, *k;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new_ka, act, sizeof(new_ka)))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	k = &current->sighand[sig - 1];
	old_ka = *k;
	if (act) {
		new_ka.sa_mask &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		*k = new_ka;
	}
	if (oact && copy_to_user(oact, &old_ka, sizeof(old_ka)))
		return -EFAULT;
	return 0;
}

/* The i386 struct sigaction: 32-bit handler, flags and restorer, then the 64-bit mask. */
struct compat_sigaction {
	u32 sa_handler, sa_flags, sa_restorer;
	u32 sa_mask[2];
};

COMPAT_SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct compat_sigaction __user *, act,
		       struct compat_sigaction __user *, oact, compat_size_t, sigsetsize)
{
	struct compat_sigaction c;
	struct k_sigaction *k, old_ka;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&c, act, sizeof(c)))
		return -EFAULT;
	if (sig < 1 || sig > _NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	k = &current->sighand[sig - 1];
	old_ka = *k;
	if (act)
		*k = (struct k_sigaction){c.sa_handler, c.sa_flags, c.sa_restorer,
					  ((u64)c.sa_mask[1] << 32 | c.sa_mask[0]) &
					  ~(sigmask(SIGKILL) | sigmask(SIGSTOP))};
	if (oact) {
		struct compat_sigaction o = {(u32)old_ka.sa_handler, (u32)old_ka.sa_flags,
					     (u32)old_ka.sa_restorer,
					     {(u32)old_ka.sa_mask, (u32)(old_ka.sa_mask >> 32)}};
		if (copy_to_user(oact, &o, sizeof(o)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, sigset_t __user *, nset, sigset_t __user *, oset,
		size_t, sigsetsize)
{
	sigset_t new_set, old_set = current->blocked, *blocked = &current->blocked;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&new_set, nset, sizeof(new_set)))
			return -EFAULT;
		new_set &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		switch (how) {
		case SIG_BLOCK: *blocked |= new_set; break;
		case SIG_UNBLOCK: *blocked &= ~new_set; break;
		case SIG_SETMASK: *blocked = new_set; break;
		default: return -EINVAL;
		}
	}
	if (oset && copy_to_user(oset, &old_set, sizeof(old_set)))
		return -EFAULT;
	return 0;
}
