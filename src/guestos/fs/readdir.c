/* readdir.c - getdents64(2), and getdents(2) with the old layout (i386 and x86-64). The
 * directory's ->iterate hands entries to a filldir actor that packs them into the user's
 * buffer until it is full; the file position remembers where to go on. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct getdents_callback {
	struct dir_context ctx;
	char __user *buf;
	size_t left;
	long error;       /* -EINVAL when not even one entry fits, -EFAULT */
	bool compat;      /* i386's struct linux_dirent (32-bit fields) */
	bool old;         /* struct linux_dirent: d_type after the name */
};

/* One entry: returns false to stop when it does not fit. */
static bool filldir(struct dir_context *ctx, const char *name, int namlen, loff_t next,
		    unsigned long ino, unsigned int type)
{
	struct getdents_callback *cb = container_of(ctx, struct getdents_callback, ctx);
	char rec[NAME_MAX + 32];
	size_t head, reclen;
	memset(rec, 0, sizeof(rec));
	if (!cb->old) {
		struct linux_dirent64 d = {ino, next, 0, (unsigned char)type};
		head = offsetof(struct linux_dirent64, d_name);
		reclen = ALIGN(head + (size_t)namlen + 1, 8);
		d.d_reclen = (unsigned short)reclen;
		memcpy(rec, &d, head);
	} else {
		/* d_ino, d_off (long), d_reclen, name, NUL, d_type in the last byte */
		size_t w = cb->compat ? 4 : 8;
		head = 2 * w + 2;
		reclen = ALIGN(head + (size_t)namlen + 2, w);
		u64 fields[2] = {ino, (u64)next};
		for (int i = 0; i < 2; i++)
			memcpy(rec + i * w, &fields[i], w);
		memcpy(rec + 2 * w, &(unsigned short){(unsigned short)reclen}, 2);
		rec[reclen - 1] = (char)type;
	}
	memcpy(rec + head, name, (size_t)namlen);
	if (reclen > cb->left) {
		cb->error = -EINVAL;
		return false;
	}
	if (copy_to_user(cb->buf, rec, reclen)) {
		cb->error = -EFAULT;
		return false;
	}
	cb->buf += reclen;
	cb->left -= reclen;
	cb->error = 0;
	return true;
}

static long do_getdents(unsigned int fd, void __user *dirent, unsigned int count, bool old,
			bool compat)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (!f.file->f_op || !f.file->f_op->iterate)
		return -ENOTDIR;
	if (!access_ok(dirent, count))
		return -EFAULT;
	struct getdents_callback cb = {
		.ctx = {.actor = filldir, .pos = f.file->f_pos},
		.buf = dirent, .left = count, .compat = compat, .old = old,
	};
	long err = f.file->f_op->iterate(f.file, &cb.ctx);
	f.file->f_pos = cb.ctx.pos;
	if (err)
		return err;
	if (cb.left == count) /* nothing written: end of directory, or too small a buffer */
		return cb.error == -EINVAL || cb.error == -EFAULT ? cb.error : 0;
	return (long)(count - cb.left);
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent, unsigned int, count)
{
	return do_getdents(fd, dirent, count, false, false);
}

SYSCALL_DEFINE3(getdents, unsigned int, fd, void __user *, dirent, unsigned int, count)
{
	return do_getdents(fd, dirent, count, true, in_ia32_syscall());
}
