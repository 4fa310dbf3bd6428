/* exec.c - replacing a process's program. Everything that can fail happens before the point of
 * no return, so a failed exec leaves the caller as it was. */
#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

static int count_strings(const char *const *v)
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* The other threads of the process die first (as Linux's de_thread): the new program starts
 * with one thread. SIGKILL reaches them at their next return to user mode or interruptible
 * sleep; we wait until they are gone. */
static void de_thread(struct task_struct *tsk)
{
	struct signal_struct *sig = tsk->signal;
	if (sig->live == 1)
		return;
	zap_other_threads(tsk);
	while (sig->live > 1) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_timeout(1);
	}
}

/* Tables shared with another process (clone without CLONE_THREAD) get a private copy. */
static int unshare_for_exec(struct task_struct *tsk)
{
	if (tsk->files && tsk->files->count > 1) {
		struct files_struct *copy = dup_fd(tsk->files);
		if (!copy)
			return -ENOMEM;
		put_files_struct(tsk->files);
		tsk->files = copy;
	}
	if (tsk->sighand->count > 1) {
		struct sighand_struct *copy = kmalloc(sizeof(*copy));
		if (!copy)
			return -ENOMEM;
		*copy = *tsk->sighand;
		copy->count = 1;
		tsk->sighand->count--;
		tsk->sighand = copy;
	}
	return 0;
}

/* The new program takes over: its address space, a clean register state, default signal
 * handling, and the descriptors without close-on-exec. A vfork parent may go on now. */
static void begin_new_exec(struct linux_binprm *bprm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old = tsk->mm;
	de_thread(tsk);
	mm_release(tsk);
	tsk->mm = bprm->mm;
	switch_mm(tsk->mm);
	mmput(old);
	do_close_on_exec(tsk->files);
	set_task_comm(tsk, bprm->filename);
	flush_signal_handlers(tsk);
	tsk->sas_ss_sp = tsk->sas_ss_size = 0;
	tsk->sas_ss_flags = 0;
	tsk->signal->did_exec = true;
	tsk->robust_list = 0;
	start_thread(task_pt_regs(tsk), bprm->entry, bprm->sp, bprm->ia32);
}

/* Runs `filename` in the current task. On failure returns -errno and, when the loader refused
 * the file, sets *reason. */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp,
		  const char **reason)
{
	struct linux_binprm bprm = {.filename = filename, .argv = argv, .envp = envp};
	struct inode *inode;
	*reason = NULL;
	int err = kern_path(filename, &inode, true);
	if (err)
		return err;
	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & 0111) || !inode->i_data)
		return -EACCES;
	bprm.data = inode->i_data;
	bprm.size = (size_t)inode->i_size;
	bprm.argc = count_strings(argv);
	bprm.envc = count_strings(envp);
	err = unshare_for_exec(current);
	if (err)
		return err;
	err = load_elf_binary(&bprm);
	*reason = bprm.reason;
	if (err)
		return err;
	set_mm_exe_file(bprm.mm, filename);
	begin_new_exec(&bprm);
	return 0;
}

#define MAX_ARG_BYTES (256 * 1024) /* argument and environment strings together */
#define MAX_ARG_STRINGS 4096

/* Copies a user array of string pointers (8 or 4 bytes each) into `strings`, which points into
 * *pool; returns the count, or -EFAULT / -E2BIG. */
static int copy_strings(const void __user *uvec, bool compat, const char **strings, char **pool,
			size_t *left)
{
	int n = 0;
	if (!uvec)
		return 0; /* Linux accepts a NULL argv or envp as empty */
	for (;; n++) {
		unsigned long p;
		if (compat) {
			u32 p32;
			if (get_user(p32, (u32 __user *)uvec + n))
				return -EFAULT;
			p = p32;
		} else if (get_user(p, (unsigned long __user *)uvec + n)) {
			return -EFAULT;
		}
		if (!p)
			break;
		if (n >= MAX_ARG_STRINGS)
			return -E2BIG;
		long len = strncpy_from_user(*pool, (const char __user *)p, (long)*left);
		if (len < 0)
			return -EFAULT;
		if ((size_t)len >= *left)
			return -E2BIG;
		strings[n] = *pool;
		*pool += len + 1;
		*left -= len + 1;
	}
	strings[n] = NULL;
	return n;
}

static long do_execve(const char __user *filename, const void __user *argv,
		      const void __user *envp, bool compat)
{
	char *name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	char *pool = kmalloc(MAX_ARG_BYTES), *p = pool;
	const char **vec = kmalloc(2 * (MAX_ARG_STRINGS + 1) * sizeof(char *));
	size_t left = MAX_ARG_BYTES;
	long ret = -ENOMEM;
	if (pool && vec) {
		const char **kargv = vec, **kenvp = vec + MAX_ARG_STRINGS + 1;
		ret = copy_strings(argv, compat, kargv, &p, &left);
		if (ret >= 0)
			ret = copy_strings(envp, compat, kenvp, &p, &left);
		if (ret >= 0) {
			const char *reason;
			ret = kernel_execve(name, kargv, kenvp, &reason);
		}
	}
	kfree(vec);
	kfree(pool);
	putname(name);
	return ret;
}

/* On success the registers are the new program's (start_thread), and the system call returns
 * through IRET, since RCX no longer matches RIP. */
SYSCALL_DEFINE3(execve, const char __user *, filename, const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	return do_execve(filename, argv, envp, false);
}

COMPAT_SYSCALL_DEFINE3(execve, const char __user *, filename, const compat_uptr_t __user *, argv,
		       const compat_uptr_t __user *, envp)
{
	return do_execve(filename, argv, envp, true);
}
