/* generic.c - the /proc directory and its fixed files, whose text is made when they are
 * opened and read from that snapshot (as Linux's single_open seq files). */
#include <linux/dcache.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "internal.h"

#define PROC_TEXT_MAX 4096
#define PROC_ROOT_FIXED (1LL << 40) /* getdents position: the fixed entries from here on */

struct proc_text {
	size_t len;
	char data[PROC_TEXT_MAX];
};

struct inode *proc_new_inode(umode_t mode, const struct inode_operations *iop,
			     const struct file_operations *fop, void *priv)
{
	struct inode *inode = new_inode();
	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_nlink = S_ISDIR(mode) ? 2 : 1;
	inode->i_op = iop;
	inode->i_fop = fop;
	inode->i_private = priv;
	return inode;
}

static int proc_single_open(struct inode *inode, struct file *file)
{
	struct proc_text *t = kmalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->len = ((proc_show_t)inode->i_private)(t->data, sizeof(t->data));
	file->private_data = t;
	return 0;
}

static ssize_t proc_single_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct proc_text *t = file->private_data;
	if (*pos >= (loff_t)t->len)
		return 0;
	size_t n = min(count, t->len - (size_t)*pos);
	if (copy_to_user(buf, t->data + *pos, n))
		return -EFAULT;
	*pos += n;
	return (ssize_t)n;
}

static int proc_single_release(struct inode *inode, struct file *file)
{
	(void)inode;
	kfree(file->private_data);
	return 0;
}

static const struct file_operations proc_single_file_operations = {
	.open = proc_single_open,
	.read = proc_single_read,
	.llseek = generic_file_llseek,
	.release = proc_single_release,
};

static struct dentry *proc_root;

void proc_create_single(const char *name, proc_show_t show)
{
	struct inode *inode = proc_new_inode(S_IFREG | 0444, NULL, &proc_single_file_operations,
					     (void *)show);
	struct dentry *d = inode ? d_alloc(proc_root, name, strlen(name), inode) : NULL;
	if (!d) {
		iput(inode);
		return;
	}
	d_add(d);
	dput(d);
}

/* A directory entry for getdents, at position index + 2 (after "." and ".."). */
int proc_emit(struct dir_context *ctx, loff_t index, const char *name, unsigned long ino,
	      unsigned int type)
{
	if (ctx->pos > index + 2)
		return 1;
	if (!ctx->actor(ctx, name, (int)strlen(name), index + 3, ino, type))
		return 0;
	ctx->pos = index + 3;
	return 1;
}

/* /proc: the fixed entries, then the current process as its pid. */
static struct dentry *proc_root_lookup(struct dentry *dir, const char *name, size_t len)
{
	struct dentry *d = d_lookup(dir, name, len);
	if (d)
		return dget(d);
	return proc_pid_lookup(dir, name, len);
}

/* The current process's directory first (position 2), then the fixed entries. */
static int proc_root_readdir(struct file *file, struct dir_context *ctx)
{
	if (!dir_emit_dots(file, ctx))
		return 0;
	if (ctx->pos == 2) {
		char pid[16];
		snprintf(pid, sizeof(pid), "%d", current->tgid);
		if (!ctx->actor(ctx, pid, (int)strlen(pid), PROC_ROOT_FIXED,
				0x100000UL + (unsigned long)current->tgid, 4))
			return 0;
		ctx->pos = PROC_ROOT_FIXED;
	}
	return dcache_readdir(file, ctx);
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.llseek = generic_file_llseek,
	.iterate = proc_root_readdir,
};

void proc_root_init(void)
{
	struct inode *dir;
	if (vfs_mknod_path("proc", S_IFDIR | 0555, NULL, 0, 0, NULL, &dir))
		return;
	if (kern_path_at(AT_FDCWD, "/proc", 0, &proc_root))
		return;
	proc_create_single("cpuinfo", cpuinfo_show);
	proc_create_single("meminfo", meminfo_show);
	proc_create_single("uptime", uptime_show);
	proc_create_single("mounts", mounts_show);
	struct inode *self = proc_new_inode(S_IFLNK | 0777, &proc_self_inode_operations, NULL,
					    NULL);
	struct dentry *d = self ? d_alloc(proc_root, "self", 4, self) : NULL;
	if (d) {
		d_add(d);
		dput(d);
	}
	/* from now on the directory is made on demand: nothing new can be created in it */
	dir->i_op = &proc_root_inode_operations;
	dir->i_fop = &proc_root_operations;
}
