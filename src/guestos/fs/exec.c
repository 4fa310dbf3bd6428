/* exec.c - replacing a process's program. Everything that can fail happens before the point of
 * no return, so a failed exec leaves the caller as it was. */
#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/processor.h>

static int count_strings(const char *const *v)
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* The new program takes over: its address space, a clean register state, default signal
 * handling, and the descriptors without close-on-exec. */
static void begin_new_exec(struct linux_binprm *bprm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old = tsk->mm;
	tsk->mm = bprm->mm;
	switch_mm(tsk->mm);
	mmput(old);
	do_close_on_exec(tsk->files);
	set_task_comm(tsk, bprm->filename);
	for (int i = 0; i < _NSIG; i++)
		if (tsk->sighand[i].sa_handler != 1 /* SIG_IGN stays */)
			tsk->sighand[i] = (struct k_sigaction){0};
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
	err = load_elf_binary(&bprm);
	*reason = bprm.reason;
	if (err)
		return err;
	begin_new_exec(&bprm);
	return 0;
}
