/* open.c - open(2), openat(2). The root file system is read-only: creating or writing a file
 * fails with EROFS. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

int path_lookupat(const char *dir, const char *path, struct inode **inode, bool follow);

static struct file *do_filp_open(const char *dir, const char *path, int flags)
{
	struct inode *inode;
	int acc = flags & O_ACCMODE;
	int err = path_lookupat(dir, path, &inode, !(flags & O_NOFOLLOW));
	if (err == -ENOENT && (flags & O_CREAT))
		return ERR_PTR(-EROFS);
	if (err)
		return ERR_PTR(err);
	if ((flags & O_CREAT) && (flags & O_EXCL))
		return ERR_PTR(-EEXIST);
	if (S_ISLNK(inode->i_mode))
		return ERR_PTR(-ELOOP); /* O_NOFOLLOW on a symbolic link */
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (S_ISDIR(inode->i_mode) && (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		return ERR_PTR(-EISDIR);
	if (S_ISREG(inode->i_mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return ERR_PTR(-EROFS);
	if (acc == 3)
		return ERR_PTR(-EINVAL);
	if (!inode->i_fop)
		return ERR_PTR(-ENXIO);
	inode->i_count++;
	struct file *f = alloc_file_pseudo(inode, path, flags, inode->i_fop);
	if (IS_ERR(f))
		inode->i_count--;
	return f;
}

struct file *filp_open(const char *path, int flags)
{
	return do_filp_open("", path, flags);
}

long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode)
{
	(void)mode;
	char *name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	const char *dir = "";
	long ret = 0;
	if (name[0] != '/' && dfd != AT_FDCWD) {
		struct fd f = fdget((unsigned int)dfd);
		if (!f.file)
			ret = -EBADF;
		else if (!S_ISDIR(f.file->f_inode->i_mode))
			ret = -ENOTDIR;
		else
			dir = rootfs_path(f.file->f_inode);
	}
	if (!ret) {
		ret = get_unused_fd_flags((unsigned int)flags);
		if (ret >= 0) {
			struct file *f = do_filp_open(dir, name, flags);
			if (IS_ERR(f)) {
				put_unused_fd((unsigned int)ret);
				ret = PTR_ERR(f);
			} else {
				fd_install((unsigned int)ret, f);
			}
		}
	}
	putname(name);
	return ret;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(dfd, filename, flags, mode);
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	char *name = getname(filename);
	struct inode *inode;
	if (IS_ERR(name))
		return PTR_ERR(name);
	long ret = kern_path(name, &inode, true);
	if (!ret && (mode & 2) && !S_ISCHR(inode->i_mode))
		ret = -EROFS;
	putname(name);
	return ret;
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	if (size < 2)
		return -ERANGE;
	return copy_to_user(buf, "/", 2) ? -EFAULT : 2;
}
