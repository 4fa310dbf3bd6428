/* base.c - /proc/self and /proc/<pid>: the current process's exe, cwd and fd/ links. Other
 * processes' directories are not shown. Each name is looked up fresh, so the links always
 * say what is true now. */
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "internal.h"

void set_mm_exe_file(struct mm_struct *mm, const char *path)
{
	struct dentry *d = NULL;
	if (path && kern_path_at(AT_FDCWD, path, LOOKUP_FOLLOW, &d))
		d = NULL;
	dput(mm->exe_file);
	mm->exe_file = d;
}

void dup_mm_exe_file(struct mm_struct *mm, struct mm_struct *old_mm)
{
	mm->exe_file = dget(old_mm->exe_file);
}

static int path_link(const struct dentry *d, char *buf)
{
	char *p = d_path(d, buf, PATH_MAX);
	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	size_t n = strlen(p);
	memmove(buf, p, n + 1);
	return (int)n;
}

static int proc_self_get_link(struct dentry *dentry, char *buf)
{
	(void)dentry;
	return snprintf(buf, PATH_MAX, "%d", current->tgid);
}

const struct inode_operations proc_self_inode_operations = {
	.get_link = proc_self_get_link,
};

static int proc_exe_link(struct dentry *dentry, char *buf)
{
	(void)dentry;
	if (!current->mm || !current->mm->exe_file)
		return -ENOENT;
	return path_link(current->mm->exe_file, buf);
}

static int proc_cwd_link(struct dentry *dentry, char *buf)
{
	(void)dentry;
	return path_link(current_fs()->pwd, buf);
}

/* fd/N: the file's path, or "pipe:[ino]" / "socket:[ino]" for the nameless ones. A socket's
 * name is made here, when asked for, not at socket() (Linux's sockfs_dname). */
static int proc_fd_link(struct dentry *dentry, char *buf)
{
	struct fd f = fdget((unsigned int)(unsigned long)dentry->d_inode->i_private);
	if (!f.file)
		return -ENOENT;
	if (f.file->f_dentry)
		return path_link(f.file->f_dentry, buf);
	if (!f.file->f_name[0] && S_ISSOCK(f.file->f_inode->i_mode))
		return snprintf(buf, PATH_MAX, "socket:[%lu]", f.file->f_inode->i_ino);
	return (int)strlcpy(buf, f.file->f_name, PATH_MAX);
}

static const struct inode_operations proc_exe_iops = {.get_link = proc_exe_link};
static const struct inode_operations proc_cwd_iops = {.get_link = proc_cwd_link};
static const struct inode_operations proc_fd_link_iops = {.get_link = proc_fd_link};

static struct dentry *proc_new_dentry(struct dentry *dir, const char *name, size_t len,
				      umode_t mode, const struct inode_operations *iop,
				      const struct file_operations *fop, void *priv)
{
	struct inode *inode = proc_new_inode(mode, iop, fop, priv);
	struct dentry *d = inode ? d_alloc(dir, name, len, inode) : NULL;
	if (!d)
		iput(inode);
	return d;
}

static bool parse_uint(const char *name, size_t len, unsigned long *v)
{
	*v = 0;
	if (!len || len > 9 || (len > 1 && name[0] == '0'))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return false;
		*v = *v * 10 + (unsigned long)(name[i] - '0');
	}
	return true;
}

/* /proc/<pid>/fd */
static struct dentry *proc_fd_lookup(struct dentry *dir, const char *name, size_t len)
{
	unsigned long fd;
	if (!parse_uint(name, len, &fd) || !fdget((unsigned int)fd).file)
		return NULL;
	return proc_new_dentry(dir, name, len, S_IFLNK | 0700, &proc_fd_link_iops, NULL,
			       (void *)fd);
}

static int proc_fd_readdir(struct file *file, struct dir_context *ctx)
{
	if (!dir_emit_dots(file, ctx))
		return 0;
	for (unsigned int fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		char name[12];
		if (!current->files->fd_array[fd])
			continue;
		snprintf(name, sizeof(name), "%u", fd);
		if (!proc_emit(ctx, fd, name, 0x200000UL + fd, 10))
			break;
	}
	return 0;
}

static const struct inode_operations proc_fd_iops = {.lookup = proc_fd_lookup};
static const struct file_operations proc_fd_operations = {.iterate = proc_fd_readdir};

/* /proc/<pid> */
static const struct {
	const char *name;
	umode_t mode;
	const struct inode_operations *iop;
	const struct file_operations *fop;
} pid_entries[] = {
	{"cwd", S_IFLNK | 0777, &proc_cwd_iops, NULL},
	{"exe", S_IFLNK | 0777, &proc_exe_iops, NULL},
	{"fd", S_IFDIR | 0500, &proc_fd_iops, &proc_fd_operations},
};

static struct dentry *proc_tgid_lookup(struct dentry *dir, const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(pid_entries); i++)
		if (strlen(pid_entries[i].name) == len && !memcmp(pid_entries[i].name, name, len))
			return proc_new_dentry(dir, name, len, pid_entries[i].mode,
					       pid_entries[i].iop, pid_entries[i].fop, NULL);
	return NULL;
}

static int proc_tgid_readdir(struct file *file, struct dir_context *ctx)
{
	if (!dir_emit_dots(file, ctx))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(pid_entries); i++)
		if (!proc_emit(ctx, (loff_t)i, pid_entries[i].name, 0x300000UL + i,
			       (pid_entries[i].mode & S_IFMT) >> 12))
			break;
	return 0;
}

static const struct inode_operations proc_tgid_iops = {.lookup = proc_tgid_lookup};
static const struct file_operations proc_tgid_operations = {.iterate = proc_tgid_readdir};

struct dentry *proc_pid_lookup(struct dentry *dir, const char *name, size_t len)
{
	unsigned long pid;
	if (!parse_uint(name, len, &pid) || pid != (unsigned long)current->tgid)
		return NULL;
	return proc_new_dentry(dir, name, len, S_IFDIR | 0555, &proc_tgid_iops,
			       &proc_tgid_operations, NULL);
}
