/* utimes.c - utimensat(2), futimesat's modern form: set a file's access and change times. */
#include <linux/file.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include "internal.h"

#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

static int utimes_common(struct inode *inode, struct timespec64 *times)
{
	struct timespec64 now = current_time();
	if (!times) {
		inode->i_atime = inode->i_mtime = now;
	} else {
		for (int i = 0; i < 2; i++) {
			if (times[i].tv_nsec == UTIME_OMIT)
				continue;
			struct timespec64 t = times[i].tv_nsec == UTIME_NOW ? now : times[i];
			if (i == 0)
				inode->i_atime = t;
			else
				inode->i_mtime = t;
		}
	}
	inode->i_ctime = now;
	return 0;
}

static long do_utimes(int dfd, const char __user *filename, struct timespec64 *times, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	for (int i = 0; times && i < 2; i++)
		if (times[i].tv_nsec != UTIME_NOW && times[i].tv_nsec != UTIME_OMIT &&
		    (times[i].tv_nsec < 0 || times[i].tv_nsec >= NSEC_PER_SEC))
			return -EINVAL;
	if (!filename) { /* futimens(fd, times) */
		struct fd f = fdget((unsigned int)dfd);
		return f.file ? utimes_common(f.file->f_inode, times) : -EBADF;
	}
	struct dentry *d;
	long err = user_path_at(dfd, filename, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
				(flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &d);
	if (err)
		return err;
	err = utimes_common(d->d_inode, times);
	dput(d);
	return err;
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		struct timespec64 __user *, utimes, int, flags)
{
	struct timespec64 t[2];
	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	return do_utimes(dfd, filename, utimes ? t : NULL, flags);
}

struct old_timespec32 {
	s32 tv_sec, tv_nsec;
};

COMPAT_SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		       struct old_timespec32 __user *, utimes, int, flags)
{
	struct old_timespec32 c[2] = {{0, 0}, {0, 0}};
	struct timespec64 t[2];
	if (utimes && copy_from_user(c, utimes, sizeof(c)))
		return -EFAULT;
	for (int i = 0; i < 2; i++)
		t[i] = (struct timespec64){c[i].tv_sec, c[i].tv_nsec};
	return do_utimes(dfd, filename, utimes ? t : NULL, flags);
}
