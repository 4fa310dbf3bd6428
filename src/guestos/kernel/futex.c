/* futex.c - fast user-space locking (futex(2)): a thread sleeps on a user word while it holds
 * an expected value, and another wakes it after changing the word. Enough for musl's and
 * glibc's pthreads: FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP,
 * FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET, with or without FUTEX_PRIVATE_FLAG and
 * FUTEX_CLOCK_REALTIME. The key of a word is its physical address, so a futex in MAP_SHARED
 * memory works between processes as well as between threads. Waiters are on one list. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#define FUTEX_WAIT          0
#define FUTEX_WAKE          1
#define FUTEX_REQUEUE       3
#define FUTEX_CMP_REQUEUE   4
#define FUTEX_WAKE_OP       5
#define FUTEX_WAIT_BITSET   9
#define FUTEX_WAKE_BITSET  10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

struct futex_q {
	struct list_head list;
	phys_addr_t key;
	struct task_struct *task;
	u32 bitset;
	bool woken;
};

static LIST_HEAD(futex_queue);

/* The physical address of the word (faulting the page in); -EFAULT, -EINVAL. */
static int get_futex_key(u32 __user *uaddr, phys_addr_t *key)
{
	unsigned long a = (unsigned long)uaddr;
	if (a & 3)
		return -EINVAL;
	u32 v;
	if (get_user(v, uaddr)) /* checks access and faults the page in */
		return -EFAULT;
	(void)v;
	u64 *pte = lookup_pte(current->mm->pgd, a, false);
	if (!pte || !(*pte & _PAGE_PRESENT))
		return -EFAULT;
	*key = (*pte & PTE_PFN_MASK) + (a & (PAGE_SIZE - 1));
	return 0;
}

static int wake_key(phys_addr_t key, int nr_wake, u32 bitset)
{
	struct futex_q *q, *n;
	int woken = 0;
	list_for_each_entry_safe(q, n, &futex_queue, list) {
		if (woken >= nr_wake)
			break;
		if (q->key != key || !(q->bitset & bitset))
			continue;
		list_del_init(&q->list);
		q->woken = true;
		wake_up_process(q->task);
		woken++;
	}
	return woken;
}

int futex_wake(u32 __user *uaddr, unsigned int flags, int nr_wake, u32 bitset)
{
	phys_addr_t key;
	(void)flags;
	if (!bitset)
		return -EINVAL;
	int err = get_futex_key(uaddr, &key);
	if (err)
		return err;
	return wake_key(key, nr_wake, bitset);
}

/* abs_ns: the absolute CLOCK_MONOTONIC deadline, or 0 for none. */
static int futex_wait(u32 __user *uaddr, u32 val, u64 abs_ns, u32 bitset)
{
	struct futex_q q = {.task = current, .bitset = bitset};
	u32 cur;
	if (!bitset)
		return -EINVAL;
	int err = get_futex_key(uaddr, &q.key);
	if (err)
		return err;
	if (get_user(cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	list_add_tail(&q.list, &futex_queue);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (q.woken)
			break;
		if (signal_pending(current)) {
			err = abs_ns ? -EINTR : -ERESTARTSYS;
			break;
		}
		if (abs_ns) {
			u64 now = ktime_get_ns();
			if (now >= abs_ns) {
				err = -ETIMEDOUT;
				break;
			}
			schedule_timeout((long)nsecs_to_jiffies_ceil(abs_ns - now));
		} else {
			schedule();
		}
	}
	set_current_state(TASK_RUNNING);
	if (!q.woken)
		list_del(&q.list);
	return q.woken ? 0 : err;
}

static int futex_requeue(u32 __user *uaddr1, u32 __user *uaddr2, int nr_wake, int nr_requeue,
			 const u32 *cmpval)
{
	phys_addr_t key1, key2;
	int err = get_futex_key(uaddr1, &key1);
	if (!err)
		err = get_futex_key(uaddr2, &key2);
	if (err)
		return err;
	if (cmpval) {
		u32 cur;
		if (get_user(cur, uaddr1))
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}
	int woken = wake_key(key1, nr_wake, FUTEX_BITSET_MATCH_ANY), moved = 0;
	struct futex_q *q;
	list_for_each_entry(q, &futex_queue, list) {
		if (moved >= nr_requeue)
			break;
		if (q->key == key1) {
			q->key = key2;
			moved++;
		}
	}
	return woken + moved;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake on uaddr1, and on uaddr2 if the old value
 * passes the comparison. */
static int futex_wake_op(u32 __user *uaddr1, u32 __user *uaddr2, int nr_wake, int nr_wake2,
			 u32 encoded)
{
	unsigned int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	if (encoded & (8U << 28))
		oparg = oparg < 0 || oparg > 31 ? 0 : 1 << oparg;
	u32 old, val;
	if (get_user(old, uaddr2))
		return -EFAULT;
	switch (op) {
	case 0: val = (u32)oparg; break;
	case 1: val = old + (u32)oparg; break;
	case 2: val = old | (u32)oparg; break;
	case 3: val = old & ~(u32)oparg; break;
	case 4: val = old ^ (u32)oparg; break;
	default: return -ENOSYS;
	}
	if (put_user(val, uaddr2))
		return -EFAULT;
	bool hit;
	int o = (int)old;
	switch (cmp) {
	case 0: hit = o == cmparg; break;
	case 1: hit = o != cmparg; break;
	case 2: hit = o < cmparg; break;
	case 3: hit = o <= cmparg; break;
	case 4: hit = o > cmparg; break;
	case 5: hit = o >= cmparg; break;
	default: return -ENOSYS;
	}
	phys_addr_t key1, key2;
	int err = get_futex_key(uaddr1, &key1);
	if (!err)
		err = get_futex_key(uaddr2, &key2);
	if (err)
		return err;
	int ret = wake_key(key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (hit)
		ret += wake_key(key2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return ret;
}

static long do_futex(u32 __user *uaddr, int op, u32 val, const struct timespec64 *ts,
		     u32 __user *uaddr2, u32 val2, u32 val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	u64 abs_ns = 0;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if (ts && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET)) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		s64 sec = ts->tv_sec;
		u64 ns = (u64)ts->tv_nsec;
		if (cmd == FUTEX_WAIT) { /* relative */
			abs_ns = ktime_get_ns() + (u64)sec * NSEC_PER_SEC + ns;
		} else { /* absolute, CLOCK_MONOTONIC or CLOCK_REALTIME */
			if (op & FUTEX_CLOCK_REALTIME)
				sec -= boot_time_sec;
			abs_ns = sec < 0 ? 1 : (u64)sec * NSEC_PER_SEC + ns;
			if (!abs_ns)
				abs_ns = 1;
		}
	}
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, val, abs_ns, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, val, abs_ns, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, 0, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, 0, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, (int)val, (int)val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, (int)val, (int)val2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, (int)val, (int)val2, val3);
	default:
		return -ENOSYS;
	}
}

/* The fourth argument is a timeout for the waits and a count (val2) for the others. */
static bool futex_has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const struct timespec64 __user *, utime, u32 __user *, uaddr2, u32, val3)
{
	struct timespec64 ts;
	int cmd = op & FUTEX_CMD_MASK;
	if (utime && futex_has_timeout(cmd)) {
		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		return do_futex(uaddr, op, val, &ts, uaddr2, 0, val3);
	}
	return do_futex(uaddr, op, val, NULL, uaddr2, (u32)(unsigned long)utime, val3);
}

struct old_timespec32 {
	s32 tv_sec, tv_nsec;
};

COMPAT_SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		       const struct old_timespec32 __user *, utime, u32 __user *, uaddr2, u32, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	if (utime && futex_has_timeout(cmd)) {
		struct old_timespec32 t32;
		if (copy_from_user(&t32, utime, sizeof(t32)))
			return -EFAULT;
		struct timespec64 ts = {t32.tv_sec, t32.tv_nsec};
		return do_futex(uaddr, op, val, &ts, uaddr2, 0, val3);
	}
	return do_futex(uaddr, op, val, NULL, uaddr2, (u32)(unsigned long)utime, val3);
}

/* Recorded only: robust mutexes of a dying thread are not released. */
SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != 24 && len != 12)
		return -EINVAL;
	current->robust_list = (unsigned long)head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, unsigned long __user *, head_ptr,
		size_t __user *, len_ptr)
{
	struct task_struct *t = pid ? find_task_by_vpid(pid) : current;
	if (!t)
		return -ESRCH;
	if (put_user(t->robust_list, head_ptr) || put_user(t->robust_list_len, len_ptr))
		return -EFAULT;
	return 0;
}
