/* stat.c - the stat family: stat, lstat, fstat, newfstatat and statx with x86-64's structures,
 * stat64 and friends for i386; readlink and readlinkat. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/dcache.h>
#include "internal.h"

#define ROOTFS_DEV 0x13 /* what a tmpfs usually gets: 0:19 */

/* The fields every form takes from: Linux's struct kstat. */
struct kstat {
	unsigned long ino;
	dev_t dev, rdev;
	umode_t mode;
	unsigned int nlink;
	uid_t uid;
	gid_t gid;
	loff_t size;
	u64 blocks;
	struct timespec64 atime, mtime, ctime;
};

static void generic_fillattr(const struct dentry *d, const struct inode *inode, struct kstat *st)
{
	*st = (struct kstat){
		.ino = inode->i_ino, .dev = ROOTFS_DEV, .rdev = inode->i_rdev,
		.mode = inode->i_mode, .nlink = inode->i_nlink,
		.uid = inode->i_uid, .gid = inode->i_gid, .size = inode->i_size,
		/* in 512-byte units of whole pages, as tmpfs counts them */
		.blocks = S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) ?
			  (u64)(ALIGN(inode->i_size, 4096) / 512) : 0,
		.atime = inode->i_atime, .mtime = inode->i_mtime, .ctime = inode->i_ctime,
	};
	if (S_ISDIR(inode->i_mode) && d && !inode->i_op) {
		/* tmpfs's nominal size: 20 bytes per entry, "." and ".." included */
		const struct list_head *pos;
		st->size = 40;
		list_for_each(pos, &d->d_subdirs)
			st->size += 20;
		st->blocks = 0;
	}
}

/* The inode a *at() call names: the path, or with AT_EMPTY_PATH and "" the descriptor itself
 * (which may be a pipe or socket, with no name). */
static int vfs_statx(int dfd, const char __user *filename, int flags, struct kstat *st)
{
	struct dentry *d;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	int err = user_path_at(dfd, filename, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
			       (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &d);
	if (err == -ENOENT && (flags & AT_EMPTY_PATH) && dfd != AT_FDCWD) {
		char c;
		struct fd f = fdget((unsigned int)dfd);
		if (f.file && !f.file->f_dentry && !get_user(c, (char __user *)filename) && !c) {
			generic_fillattr(f.file->f_dentry, f.file->f_inode, st);
			return 0;
		}
	}
	if (err)
		return err;
	generic_fillattr(d, d->d_inode, st);
	dput(d);
	return 0;
}

static int vfs_fstat(unsigned int fd, struct kstat *st)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	generic_fillattr(f.file->f_dentry, f.file->f_inode, st);
	return 0;
}

struct stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, __pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	long __unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "x86-64 struct stat");

static long cp_new_stat(const struct kstat *k, struct stat __user *statbuf)
{
	struct stat st = {
		.st_dev = k->dev, .st_ino = k->ino, .st_nlink = k->nlink, .st_mode = k->mode,
		.st_uid = k->uid, .st_gid = k->gid, .st_rdev = k->rdev, .st_size = k->size,
		.st_blksize = 4096, .st_blocks = (long)k->blocks,
		.st_atime = (unsigned long)k->atime.tv_sec, .st_atime_nsec = k->atime.tv_nsec,
		.st_mtime = (unsigned long)k->mtime.tv_sec, .st_mtime_nsec = k->mtime.tv_nsec,
		.st_ctime = (unsigned long)k->ctime.tv_sec, .st_ctime_nsec = k->ctime.tv_nsec,
	};
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, statbuf, int, flag)
{
	struct kstat st;
	int err = vfs_statx(dfd, filename, flag, &st);
	return err ? err : cp_new_stat(&st, statbuf);
}

SYSCALL_DEFINE2(newstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return __do_sys_newfstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(newlstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return __do_sys_newfstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE2(newfstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct kstat st;
	int err = vfs_fstat(fd, &st);
	return err ? err : cp_new_stat(&st, statbuf);
}

/* i386's struct stat64 (packed: its long longs are 4-byte aligned). */
struct stat64 {
	u64 st_dev;
	u8 __pad0[4];
	u32 __st_ino, st_mode, st_nlink, st_uid, st_gid;
	u64 st_rdev;
	u8 __pad3[4];
	s64 st_size;
	u32 st_blksize;
	u64 st_blocks;
	u32 st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	u64 st_ino;
} __attribute__((packed));
_Static_assert(sizeof(struct stat64) == 96, "i386 struct stat64");

static long cp_new_stat64(const struct kstat *k, struct stat64 __user *statbuf)
{
	struct stat64 st = {
		.st_dev = k->dev, .__st_ino = (u32)k->ino, .st_mode = k->mode,
		.st_nlink = k->nlink, .st_uid = k->uid, .st_gid = k->gid, .st_rdev = k->rdev,
		.st_size = k->size, .st_blksize = 4096, .st_blocks = k->blocks,
		.st_atime = (u32)k->atime.tv_sec, .st_atime_nsec = (u32)k->atime.tv_nsec,
		.st_mtime = (u32)k->mtime.tv_sec, .st_mtime_nsec = (u32)k->mtime.tv_nsec,
		.st_ctime = (u32)k->ctime.tv_sec, .st_ctime_nsec = (u32)k->ctime.tv_nsec,
		.st_ino = k->ino,
	};
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(fstatat64, int, dfd, const char __user *, filename,
		struct stat64 __user *, statbuf, int, flag)
{
	struct kstat st;
	int err = vfs_statx(dfd, filename, flag, &st);
	return err ? err : cp_new_stat64(&st, statbuf);
}

SYSCALL_DEFINE2(stat64, const char __user *, filename, struct stat64 __user *, statbuf)
{
	return __do_sys_fstatat64(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(lstat64, const char __user *, filename, struct stat64 __user *, statbuf)
{
	return __do_sys_fstatat64(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE2(fstat64, unsigned long, fd, struct stat64 __user *, statbuf)
{
	struct kstat st;
	int err = vfs_fstat((unsigned int)fd, &st);
	return err ? err : cp_new_stat64(&st, statbuf);
}

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, __spare0;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 __spare2[14];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx");

#define STATX_BASIC_STATS 0x7ff
#define STATX__RESERVED   0x80000000U

static struct statx_timestamp statx_time(struct timespec64 t)
{
	return (struct statx_timestamp){t.tv_sec, (u32)t.tv_nsec, 0};
}

SYSCALL_DEFINE5(statx, int, dfd, const char __user *, filename, unsigned int, flags,
		unsigned int, mask, struct statx __user *, buffer)
{
	struct kstat st;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	int err = vfs_statx(dfd, filename, (int)flags, &st);
	if (err)
		return err;
	struct statx tmp = {
		.stx_mask = STATX_BASIC_STATS, .stx_blksize = 4096, .stx_nlink = st.nlink,
		.stx_uid = st.uid, .stx_gid = st.gid, .stx_mode = st.mode, .stx_ino = st.ino,
		.stx_size = (u64)st.size, .stx_blocks = st.blocks,
		.stx_atime = statx_time(st.atime), .stx_ctime = statx_time(st.ctime),
		.stx_mtime = statx_time(st.mtime),
		.stx_rdev_major = MAJOR(st.rdev), .stx_rdev_minor = MINOR(st.rdev),
		.stx_dev_major = MAJOR(st.dev), .stx_dev_minor = MINOR(st.dev),
	};
	return copy_to_user(buffer, &tmp, sizeof(tmp)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname, char __user *, buf,
		int, bufsiz)
{
	struct dentry *d;
	if (bufsiz <= 0)
		return -EINVAL;
	long err = user_path_at(dfd, pathname, LOOKUP_EMPTY, &d);
	if (err)
		return err;
	char *target = NULL;
	if (!S_ISLNK(d->d_inode->i_mode))
		err = -EINVAL;
	else if (!(target = kmalloc(PATH_MAX)))
		err = -ENOMEM;
	else if ((err = vfs_readlink_buf(d, target)) >= 0) {
		size_t n = min((size_t)bufsiz, (size_t)err);
		err = copy_to_user(buf, target, n) ? -EFAULT : (long)n;
	}
	kfree(target);
	dput(d);
	return err;
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, bufsiz)
{
	return __do_sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}
