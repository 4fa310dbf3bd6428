/* stat.c - stat(2), lstat(2), fstat(2), newfstatat(2), with x86-64's struct stat. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

int path_lookupat(const char *dir, const char *path, struct inode **inode, bool follow);

struct stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, __pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	long __unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "x86-64 struct stat");

#define ROOTFS_DEV 1
#define TTYS0_RDEV 0x440 /* major 4, minor 64 */

static long cp_new_stat(const struct inode *inode, struct stat __user *statbuf)
{
	struct stat st = {
		.st_dev = ROOTFS_DEV,
		.st_ino = inode->i_ino,
		.st_nlink = inode->i_nlink,
		.st_mode = inode->i_mode,
		.st_rdev = S_ISCHR(inode->i_mode) ? TTYS0_RDEV : 0,
		.st_size = inode->i_size,
		.st_blksize = 4096,
		.st_blocks = (inode->i_size + 511) / 512,
		.st_atime = (unsigned long)inode->i_mtime,
		.st_mtime = (unsigned long)inode->i_mtime,
		.st_ctime = (unsigned long)inode->i_mtime,
	};
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static long stat_path(int dfd, const char __user *filename, struct stat __user *statbuf,
		      int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *name = getname(filename);
	if (IS_ERR(name)) {
		if (PTR_ERR(name) == -ENOENT && (flags & AT_EMPTY_PATH)) {
			struct fd f = fdget((unsigned int)dfd);
			return f.file ? cp_new_stat(f.file->f_inode, statbuf) : -EBADF;
		}
		return PTR_ERR(name);
	}
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
	struct inode *inode;
	if (!ret)
		ret = path_lookupat(dir, name, &inode, !(flags & AT_SYMLINK_NOFOLLOW));
	putname(name);
	return ret ? ret : cp_new_stat(inode, statbuf);
}

SYSCALL_DEFINE2(newstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return stat_path(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(newlstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return stat_path(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, statbuf, int, flag)
{
	return stat_path(dfd, filename, statbuf, flag);
}

SYSCALL_DEFINE2(newfstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	return cp_new_stat(f.file->f_inode, statbuf);
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, bufsiz)
{
	if (bufsiz <= 0)
		return -EINVAL;
	char *name = getname(path);
	if (IS_ERR(name))
		return PTR_ERR(name);
	struct inode *inode;
	long ret = kern_path(name, &inode, false);
	putname(name);
	if (ret)
		return ret;
	if (!S_ISLNK(inode->i_mode))
		return -EINVAL;
	size_t n = min((size_t)bufsiz, (size_t)inode->i_size);
	return copy_to_user(buf, inode->i_data, n) ? -EFAULT : (long)n;
}
