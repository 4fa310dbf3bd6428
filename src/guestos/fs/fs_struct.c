/* fs_struct.c - a process's root, working directory and umask (struct fs_struct). */
#include <linux/dcache.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "internal.h"

/* init's, and the one a task without its own uses (until fork gives each child a copy). */
struct fs_struct init_fs = {.users = 1, .umask = 0022};

struct fs_struct *current_fs(void)
{
	struct task_struct *tsk = current; /* NULL while the kernel boots */
	struct fs_struct *fs = tsk && tsk->fs ? tsk->fs : &init_fs;
	if (!fs->root) {
		fs->root = dget(root_dentry);
		fs->pwd = dget(root_dentry);
	}
	return fs;
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->users = 1;
	fs->umask = old->umask;
	fs->root = dget(old->root ? old->root : root_dentry);
	fs->pwd = dget(old->pwd ? old->pwd : root_dentry);
	return fs;
}

void put_fs_struct(struct fs_struct *fs)
{
	if (!fs || fs == &init_fs || --fs->users > 0)
		return;
	dput(fs->root);
	dput(fs->pwd);
	kfree(fs);
}

void set_fs_pwd(struct fs_struct *fs, struct dentry *d)
{
	struct dentry *old = fs->pwd;
	fs->pwd = dget(d);
	dput(old);
}

/* init_cwd=PATH: init's working directory (lstar run passes the program's guest directory). */
static char init_cwd[256];

static int __init set_init_cwd(char *val)
{
	strlcpy(init_cwd, val, sizeof(init_cwd));
	return 1;
}
__setup("init_cwd=", set_init_cwd);

/* After the initramfs is unpacked: a path that is not a directory leaves "/" and says why. */
void init_fs_pwd(void)
{
	struct dentry *d;
	if (!*init_cwd)
		return;
	int err = kern_path_at(AT_FDCWD, init_cwd, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &d);
	if (err) {
		pr_err("init_cwd=%s: %s; staying in /\n", init_cwd, errname(err));
		return;
	}
	set_fs_pwd(current_fs(), d);
	dput(d);
}
