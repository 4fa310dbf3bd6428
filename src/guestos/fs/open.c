/* open.c - open(2) and openat(2) with creation, truncate(2), access(2), chdir(2), chmod(2),
 * chown(2), umask(2). Everyone is root: permission bits are kept and shown, never enforced. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include "internal.h"

/* A new open file for d, after the checks that depend on what it is. */
struct file *dentry_open(struct dentry *d, int flags)
{
	struct inode *inode = d->d_inode;
	int acc = flags & O_ACCMODE;
	if (acc == 3)
		return ERR_PTR(-EINVAL);
	if (S_ISLNK(inode->i_mode))
		return ERR_PTR(-ELOOP); /* O_NOFOLLOW on a symbolic link */
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (S_ISDIR(inode->i_mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return ERR_PTR(-EISDIR);
	if (!inode->i_fop)
		return ERR_PTR(-ENXIO); /* a device without a driver, a socket */
	if (S_ISREG(inode->i_mode) && (flags & O_TRUNC) && acc != O_RDONLY) {
		int err = inode_set_size(inode, 0);
		if (err)
			return ERR_PTR(err);
	}
	char name[64];
	char *path = d_path(d, name, sizeof(name));
	struct file *f = alloc_file_pseudo(igrab(inode), IS_ERR(path) ? d->d_name : path, flags,
					   inode->i_fop);
	if (IS_ERR(f)) {
		iput(inode);
		return f;
	}
	f->f_dentry = dget(d);
	if (f->f_op->open) {
		int err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL; /* no ->release for a file that never opened */
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/* O_CREAT: the last component is made a regular file unless it exists. */
static int open_create(int dfd, const char *path, int flags, umode_t mode, struct dentry **res)
{
	struct dentry *dir;
	struct qstr last;
	int err = kern_parent_at(dfd, path, &dir, &last);
	if (err)
		return err;
	struct dentry *d = last.len && !qstr_is_dot(&last) ? lookup_one(dir, last.name, last.len)
							    : dget(dir);
	if (d && (flags & O_EXCL))
		err = -EEXIST;
	else if (d && S_ISLNK(d->d_inode->i_mode) && !(flags & O_NOFOLLOW)) {
		dput(d);
		d = NULL;
		err = kern_path_at(dfd, path, LOOKUP_FOLLOW, &d); /* a dangling link: ENOENT */
	} else if (d && S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (!d && last.trailing_slash)
		err = -EISDIR;
	else if (!d)
		err = vfs_create_node(dir, last.name, last.len,
				      S_IFREG | (mode & S_IALLUGO & ~current_fs()->umask), NULL, 0, 0,
				      &d);
	dput(dir);
	if (err) {
		dput(d);
		return err;
	}
	*res = d;
	return 0;
}

static struct file *do_filp_open(int dfd, const char *path, int flags, umode_t mode)
{
	struct dentry *d;
	int err = flags & O_CREAT ? open_create(dfd, path, flags, mode, &d) :
		  kern_path_at(dfd, path, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &d);
	if (err)
		return ERR_PTR(err);
	struct file *f = dentry_open(d, flags);
	dput(d);
	return f;
}

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode);
}

long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode)
{
	char *name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	long fd = get_unused_fd_flags((unsigned int)flags);
	if (fd >= 0) {
		struct file *f = do_filp_open(dfd, name, flags, mode);
		if (IS_ERR(f)) {
			put_unused_fd((unsigned int)fd);
			fd = PTR_ERR(f);
		} else {
			fd_install((unsigned int)fd, f);
		}
	}
	putname(name);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(dfd, filename, flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, pathname, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, pathname, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* Root may do anything, except execute a file without any x bit. */
static long do_faccessat(int dfd, const char __user *filename, int mode, int flags)
{
	struct dentry *d;
	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long err = user_path_at(dfd, filename, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
				(flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &d);
	if (err)
		return err;
	umode_t m = d->d_inode->i_mode;
	if ((mode & 1) && !S_ISDIR(m) && !(m & 0111))
		err = -EACCES;
	dput(d);
	return err;
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return do_faccessat(AT_FDCWD, filename, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	struct dentry *d;
	long err = user_path_at(AT_FDCWD, filename, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &d);
	if (err)
		return err;
	set_fs_pwd(current_fs(), d);
	dput(d);
	return 0;
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (!f.file->f_dentry || !S_ISDIR(f.file->f_inode->i_mode))
		return -ENOTDIR;
	set_fs_pwd(current_fs(), f.file->f_dentry);
	return 0;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	struct fs_struct *fs = current_fs();
	umode_t old = fs->umask;
	fs->umask = (umode_t)(mask & 0777);
	return old;
}

static long chmod_common(struct inode *inode, umode_t mode)
{
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
	inode->i_ctime = current_time();
	return 0;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename, umode_t, mode)
{
	struct dentry *d;
	long err = user_path_at(dfd, filename, LOOKUP_FOLLOW, &d);
	if (err)
		return err;
	err = chmod_common(d->d_inode, mode);
	dput(d);
	return err;
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, umode_t, mode)
{
	return __do_sys_fchmodat(AT_FDCWD, filename, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, umode_t, mode)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	return chmod_common(f.file->f_inode, mode);
}

/* -1 leaves an id as it is. */
static long chown_common(struct inode *inode, uid_t user, gid_t group)
{
	if (user != (uid_t)-1)
		inode->i_uid = user;
	if (group != (gid_t)-1)
		inode->i_gid = group;
	inode->i_ctime = current_time();
	return 0;
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char __user *, filename, uid_t, user, gid_t, group,
		int, flag)
{
	struct dentry *d;
	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long err = user_path_at(dfd, filename, (flag & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
				(flag & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &d);
	if (err)
		return err;
	err = chown_common(d->d_inode, user, group);
	dput(d);
	return err;
}

SYSCALL_DEFINE3(chown, const char __user *, filename, uid_t, user, gid_t, group)
{
	return __do_sys_fchownat(AT_FDCWD, filename, user, group, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, filename, uid_t, user, gid_t, group)
{
	return __do_sys_fchownat(AT_FDCWD, filename, user, group, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uid_t, user, gid_t, group)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	return chown_common(f.file->f_inode, user, group);
}

static long do_truncate(struct inode *inode, loff_t length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	return inode_set_size(inode, length);
}

SYSCALL_DEFINE2(truncate, const char __user *, path, long, length)
{
	struct dentry *d;
	long err = user_path_at(AT_FDCWD, path, LOOKUP_FOLLOW, &d);
	if (err)
		return err;
	err = do_truncate(d->d_inode, length);
	dput(d);
	return err;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, unsigned long, length)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (!(f.file->f_mode & FMODE_WRITE) || !S_ISREG(f.file->f_inode->i_mode))
		return -EINVAL;
	return do_truncate(f.file->f_inode, (loff_t)length);
}

/* i386: the 64-bit length in two halves. */
SYSCALL_DEFINE3(ia32_ftruncate64, unsigned int, fd, unsigned long, lo, unsigned long, hi)
{
	return __do_sys_ftruncate(fd, (u32)lo | (u64)hi << 32);
}
