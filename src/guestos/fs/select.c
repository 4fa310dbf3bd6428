/* select.c - poll(2), ppoll(2), select(2), pselect6(2). Each round asks every file's ->poll
 * which events are true, registering on the file's wait queues (poll_wait); when none is, the
 * task sleeps until a queue is woken or the timeout passes, and asks again. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>

#define POLL_TABLE_ENTRIES 64 /* queues one round registers on; more files still get polled */
#define DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)
#define POLLIN_SET  (EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR)
#define POLLOUT_SET (EPOLLWRBAND | EPOLLWRNORM | EPOLLOUT | EPOLLERR)
#define POLLEX_SET  EPOLLPRI
#define NSEC_PER_JIFFY (NSEC_PER_SEC / HZ)

struct poll_table_entry {
	struct wait_queue_entry wait;
	wait_queue_head_t *wait_address;
};

struct poll_table_struct {
	int nr;
	struct poll_table_entry entries[POLL_TABLE_ENTRIES];
};

void poll_wait(struct file *filp, wait_queue_head_t *q, poll_table *p)
{
	(void)filp;
	if (!p || p->nr >= POLL_TABLE_ENTRIES)
		return;
	struct poll_table_entry *e = &p->entries[p->nr++];
	memset(e, 0, sizeof(*e));
	e->wait.task = current;
	e->wait_address = q;
	prepare_to_wait(q, &e->wait, TASK_INTERRUPTIBLE);
}

static void poll_freewait(poll_table *p)
{
	for (int i = 0; i < p->nr; i++)
		finish_wait(p->entries[i].wait_address, &p->entries[i].wait);
	p->nr = 0;
}

static __poll_t vfs_poll(struct file *file, poll_table *pt)
{
	if (!file->f_op || !file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* A deadline in ns of CLOCK_MONOTONIC; U64_MAX for none, 0 for "do not wait". */
#define NO_TIMEOUT (~0ULL)

static bool timed_out(u64 deadline)
{
	return deadline != NO_TIMEOUT && ktime_get_ns() >= deadline;
}

/* Sleeps until a registered queue is woken or the deadline; false when the wait should end
 * (a signal, or the time is up). */
static int poll_schedule(u64 deadline)
{
	if (signal_pending(current))
		return -EINTR;
	if (timed_out(deadline))
		return 0;
	long timeout = INT64_MAX;
	if (deadline != NO_TIMEOUT)
		timeout = (long)DIV_ROUND_UP(deadline - ktime_get_ns(), NSEC_PER_JIFFY);
	schedule_timeout(timeout);
	return 1;
}

struct pollfd {
	int fd;
	short events, revents;
};

static int do_poll(struct pollfd *fds, unsigned int nfds, u64 deadline, poll_table *pt)
{
	for (;;) {
		int count = 0;
		for (unsigned int i = 0; i < nfds; i++) {
			struct pollfd *p = &fds[i];
			p->revents = 0;
			if (p->fd < 0)
				continue;
			struct fd f = fdget((unsigned int)p->fd);
			if (!f.file) {
				p->revents = EPOLLNVAL;
			} else {
				__poll_t mask = vfs_poll(f.file, pt);
				p->revents = (short)(mask & ((u16)p->events | EPOLLERR | EPOLLHUP));
			}
			if (p->revents)
				count++;
		}
		if (count || !deadline)
			return count;
		int r = poll_schedule(deadline);
		poll_freewait(pt);
		if (r <= 0)
			return r;
	}
}

static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds, u64 deadline)
{
	if (nfds > NR_OPEN_DEFAULT * 4)
		return -EINVAL;
	struct pollfd *fds = nfds ? kmalloc(nfds * sizeof(*fds)) : NULL;
	poll_table *pt = kzalloc(sizeof(*pt));
	long ret = -ENOMEM;
	if ((nfds && !fds) || !pt)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds)))
		goto out;
	ret = do_poll(fds, nfds, deadline, pt);
	poll_freewait(pt);
	for (unsigned int i = 0; ret >= 0 && i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			ret = -EFAULT;
out:
	kfree(fds);
	kfree(pt);
	return ret;
}

static u64 deadline_after(s64 sec, long nsec)
{
	if (sec < 0)
		return NO_TIMEOUT;
	if (!sec && !nsec)
		return 0;
	return ktime_get_ns() + (u64)sec * NSEC_PER_SEC + (u64)nsec;
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds, int, timeout_msecs)
{
	u64 deadline = timeout_msecs < 0 ? NO_TIMEOUT :
		       deadline_after(timeout_msecs / 1000, (timeout_msecs % 1000) * 1000000L);
	return do_sys_poll(ufds, nfds, deadline);
}

/* ppoll/pselect6: the signal mask while waiting, restored afterwards (restore_user_sigmask). */
static int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize, sigset_t *saved)
{
	sigset_t m;
	*saved = current->blocked;
	if (!umask)
		return 0;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof(m)))
		return -EFAULT;
	set_current_blocked(m);
	return 0;
}

/* Back to the caller's mask, unless a signal is pending: then it is delivered with the waiting
 * mask still in place (a handler's frame saves the caller's, as after rt_sigsuspend), or the
 * signal the caller blocks would be left pending and the call would fail with EINTR for nothing
 * it can see. */
static void restore_user_sigmask(const sigset_t __user *umask, sigset_t *saved)
{
	if (!umask)
		return;
	if (signal_pending(current)) {
		current->saved_sigmask = *saved;
		set_restore_sigmask();
		return;
	}
	set_current_blocked(*saved);
}

static int get_timespec_deadline(const struct timespec64 __user *tsp, u64 *deadline)
{
	struct timespec64 ts;
	*deadline = NO_TIMEOUT;
	if (!tsp)
		return 0;
	if (copy_from_user(&ts, tsp, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*deadline = deadline_after(ts.tv_sec, ts.tv_nsec);
	return 0;
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct timespec64 __user *, tsp, const sigset_t __user *, sigmask,
		size_t, sigsetsize)
{
	u64 deadline;
	sigset_t saved;
	long ret = get_timespec_deadline(tsp, &deadline);
	if (!ret)
		ret = set_user_sigmask(sigmask, sigsetsize, &saved);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, deadline);
	restore_user_sigmask(sigmask, &saved);
	return ret;
}

/* select: three bitmaps of n bits (u64 words: the same bytes as i386's u32 words). */
#define FDS_BYTES(n) (DIV_ROUND_UP(n, 64) * 8)

static int do_select(int n, u64 *in, u64 *out, u64 *ex, u64 *res, u64 deadline,
		     poll_table *pt)
{
	size_t words = DIV_ROUND_UP((size_t)n, 64);
	for (int fd = 0; fd < n; fd++) /* every fd named must be open */
		if ((in[fd / 64] | out[fd / 64] | ex[fd / 64]) >> (fd % 64) & 1)
			if (!fdget((unsigned int)fd).file)
				return -EBADF;
	for (;;) {
		int count = 0;
		memset(res, 0, 3 * words * 8);
		for (int fd = 0; fd < n; fd++) {
			u64 bit = 1ULL << (fd % 64);
			size_t w = (size_t)fd / 64;
			if (!((in[w] | out[w] | ex[w]) & bit))
				continue;
			__poll_t mask = vfs_poll(fdget((unsigned int)fd).file, pt);
			if ((in[w] & bit) && (mask & POLLIN_SET))
				res[w] |= bit, count++;
			if ((out[w] & bit) && (mask & POLLOUT_SET))
				res[words + w] |= bit, count++;
			if ((ex[w] & bit) && (mask & POLLEX_SET))
				res[2 * words + w] |= bit, count++;
		}
		if (count || !deadline)
			return count;
		int r = poll_schedule(deadline);
		poll_freewait(pt);
		if (r <= 0)
			return r;
	}
}

static long core_sys_select(int n, void __user *inp, void __user *outp, void __user *exp,
			    u64 deadline)
{
	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN_DEFAULT)
		n = NR_OPEN_DEFAULT;
	size_t bytes = FDS_BYTES((size_t)n), words = bytes / 8;
	/* in, out, ex, then the three results */
	u64 *bits = kzalloc(6 * bytes + 8);
	poll_table *pt = kzalloc(sizeof(*pt));
	void __user *user[3] = {inp, outp, exp};
	size_t ubytes = DIV_ROUND_UP((size_t)n, 8);
	long ret = -ENOMEM;
	if (!bits || !pt)
		goto out;
	ret = -EFAULT;
	for (int i = 0; i < 3; i++)
		if (user[i] && copy_from_user(bits + i * words, user[i], ubytes))
			goto out;
	for (int i = 0; i < 3; i++) /* bits past n are not looked at */
		if (n % 64)
			bits[i * words + words - 1] &= (1ULL << (n % 64)) - 1;
	ret = do_select(n, bits, bits + words, bits + 2 * words, bits + 3 * words, deadline, pt);
	poll_freewait(pt);
	for (int i = 0; ret >= 0 && i < 3; i++)
		if (user[i] && copy_to_user(user[i], bits + (3 + i) * words, ubytes))
			ret = -EFAULT;
out:
	kfree(bits);
	kfree(pt);
	return ret;
}

struct timeval64 {
	long tv_sec, tv_usec;
};

/* select(2) writes back the time left, as Linux does. */
static long select_timeval(int n, void __user *inp, void __user *outp, void __user *exp,
			   void __user *tvp, bool compat)
{
	u64 deadline = NO_TIMEOUT;
	s64 sec = 0, usec = 0;
	if (tvp) {
		if (compat) {
			s32 tv[2];
			if (copy_from_user(tv, tvp, sizeof(tv)))
				return -EFAULT;
			sec = tv[0], usec = tv[1];
		} else {
			struct timeval64 tv;
			if (copy_from_user(&tv, tvp, sizeof(tv)))
				return -EFAULT;
			sec = tv.tv_sec, usec = tv.tv_usec;
		}
		if (sec < 0 || usec < 0)
			return -EINVAL;
		sec += usec / 1000000;
		usec %= 1000000;
		deadline = deadline_after(sec, (long)usec * 1000);
	}
	long ret = core_sys_select(n, inp, outp, exp, deadline);
	if (tvp && deadline && deadline != NO_TIMEOUT) {
		u64 now = ktime_get_ns(), left = now < deadline ? deadline - now : 0;
		s64 rest[2] = {(s64)(left / NSEC_PER_SEC), (s64)(left % NSEC_PER_SEC / 1000)};
		if (compat) {
			s32 r32[2] = {(s32)rest[0], (s32)rest[1]};
			(void)copy_to_user(tvp, r32, sizeof(r32));
		} else {
			(void)copy_to_user(tvp, rest, sizeof(rest));
		}
	}
	return ret;
}

SYSCALL_DEFINE5(select, int, n, void __user *, inp, void __user *, outp, void __user *, exp,
		void __user *, tvp)
{
	return select_timeval(n, inp, outp, exp, tvp, false);
}

COMPAT_SYSCALL_DEFINE5(select, int, n, void __user *, inp, void __user *, outp,
		       void __user *, exp, void __user *, tvp)
{
	return select_timeval(n, inp, outp, exp, tvp, true);
}

/* pselect6's sixth argument points at {const sigset_t *ss; size_t ss_len}. */
SYSCALL_DEFINE6(pselect6, int, n, void __user *, inp, void __user *, outp, void __user *, exp,
		struct timespec64 __user *, tsp, void __user *, sig)
{
	u64 deadline;
	sigset_t saved;
	struct {
		const sigset_t __user *p;
		size_t size;
	} data = {NULL, 0};
	long ret = get_timespec_deadline(tsp, &deadline);
	if (!ret && sig && copy_from_user(&data, sig, sizeof(data)))
		ret = -EFAULT;
	if (!ret)
		ret = set_user_sigmask(data.p, data.size, &saved);
	if (ret)
		return ret;
	ret = core_sys_select(n, inp, outp, exp, deadline);
	restore_user_sigmask(data.p, &saved);
	return ret;
}
