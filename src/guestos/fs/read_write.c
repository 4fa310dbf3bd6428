/* read_write.c - read(2), write(2), readv(2), writev(2), lseek(2), pread64(2) and pwrite64(2). The checks
 * come in Linux's order: a bad descriptor (EBADF), a file not open for it (EBADF), a file that
 * cannot do it (EINVAL), then the buffer (EFAULT). */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define MAX_RW_COUNT (0x7fffffffL & PAGE_MASK)
#define UIO_MAXIOV 1024

static ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!file->f_op || !file->f_op->read)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return file->f_op->read(file, buf, count, pos);
}

static ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op || !file->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	return file->f_op->write(file, buf, count, pos);
}

ssize_t ksys_read(unsigned int fd, char __user *buf, size_t count)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	ssize_t ret = vfs_read(f.file, buf, count, &f.file->f_pos);
	fdput(f);
	return ret;
}

ssize_t ksys_write(unsigned int fd, const char __user *buf, size_t count)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	ssize_t ret = vfs_write(f.file, buf, count, &f.file->f_pos);
	fdput(f);
	return ret;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return ksys_read(fd, buf, count);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	return ksys_write(fd, buf, count);
}

/* pread64/pwrite64: at an explicit position, which the file's own does not follow. */
static ssize_t do_pread(unsigned int fd, char __user *buf, size_t count, loff_t pos)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (pos < 0)
		return -EINVAL;
	if (!f.file->f_op || !f.file->f_op->llseek)
		return -ESPIPE;
	return vfs_read(f.file, buf, count, &pos);
}

static ssize_t do_pwrite(unsigned int fd, const char __user *buf, size_t count, loff_t pos)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (pos < 0)
		return -EINVAL;
	if (!f.file->f_op || !f.file->f_op->llseek)
		return -ESPIPE;
	return vfs_write(f.file, buf, count, &pos);
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, loff_t, pos)
{
	return do_pread(fd, buf, count, pos);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf, size_t, count, loff_t, pos)
{
	return do_pwrite(fd, buf, count, pos);
}

/* i386: the 64-bit position in two registers (arch/x86/ia32/sys_ia32.c). */
SYSCALL_DEFINE5(ia32_pread64, unsigned int, fd, char __user *, buf, u32, count, u32, poslo,
		u32, poshi)
{
	return do_pread(fd, buf, count, (loff_t)((u64)poshi << 32 | poslo));
}

SYSCALL_DEFINE5(ia32_pwrite64, unsigned int, fd, const char __user *, buf, u32, count,
		u32, poslo, u32, poshi)
{
	return do_pwrite(fd, buf, count, (loff_t)((u64)poshi << 32 | poslo));
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = file->f_pos; break;
	case SEEK_END: base = file->f_inode->i_size; break;
	default: return -EINVAL;
	}
	if ((offset < 0 && base + offset < 0) || (offset > 0 && base + offset < base))
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (whence > SEEK_END)
		return -EINVAL;
	if (!f.file->f_op->llseek)
		return -ESPIPE;
	return f.file->f_op->llseek(f.file, offset, (int)whence);
}

/* i386 _llseek: the 64-bit offset in two halves, the result written to *result. */
SYSCALL_DEFINE5(llseek, unsigned int, fd, unsigned long, offset_high, unsigned long, offset_low,
		loff_t __user *, result, unsigned int, whence)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (whence > SEEK_END)
		return -EINVAL;
	if (!f.file->f_op->llseek)
		return -ESPIPE;
	loff_t off = f.file->f_op->llseek(f.file, (loff_t)(offset_high << 32 | (u32)offset_low),
					  (int)whence);
	if (off < 0)
		return off;
	return put_user(off, result);
}

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};
struct compat_iovec {
	u32 iov_base, iov_len;
};

/* The segments one after the other; a short transfer or an error ends the call. */
static ssize_t do_iter(unsigned int fd, const struct iovec *iov, unsigned long vlen, bool write)
{
	struct fd f = fdget(fd);
	ssize_t total = 0;
	if (!f.file)
		return -EBADF;
	if (!(f.file->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	for (unsigned long i = 0; i < vlen; i++) {
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		if ((ssize_t)iov[i].iov_len < 0 || total + (ssize_t)iov[i].iov_len < total)
			return -EINVAL;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		if (!iov[i].iov_len)
			continue;
		ssize_t n = write ? vfs_write(f.file, iov[i].iov_base, iov[i].iov_len, &f.file->f_pos)
				  : vfs_read(f.file, iov[i].iov_base, iov[i].iov_len, &f.file->f_pos);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return total;
}

static ssize_t do_iter_user(unsigned int fd, const void __user *vec, unsigned long vlen,
			    bool write, bool compat)
{
	if (!fdget(fd).file)
		return -EBADF;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	if (!vlen)
		return 0;
	struct iovec *iov = kmalloc(vlen * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	ssize_t ret = 0;
	if (compat) {
		for (unsigned long i = 0; i < vlen && !ret; i++) {
			struct compat_iovec c;
			if (copy_from_user(&c, (const struct compat_iovec __user *)vec + i, sizeof(c))) {
				ret = -EFAULT;
				break;
			}
			iov[i] = (struct iovec){(void __user *)(unsigned long)c.iov_base, c.iov_len};
			if ((s32)c.iov_len < 0)
				ret = -EINVAL;
		}
	} else if (copy_from_user(iov, vec, vlen * sizeof(*iov))) {
		ret = -EFAULT;
	}
	if (!ret)
		ret = do_iter(fd, iov, vlen, write);
	kfree(iov);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_iter_user((unsigned int)fd, vec, vlen, false, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_iter_user((unsigned int)fd, vec, vlen, true, false);
}

COMPAT_SYSCALL_DEFINE3(readv, compat_ulong_t, fd, const struct compat_iovec __user *, vec,
		       compat_ulong_t, vlen)
{
	return do_iter_user(fd, vec, vlen, false, true);
}

COMPAT_SYSCALL_DEFINE3(writev, compat_ulong_t, fd, const struct compat_iovec __user *, vec,
		       compat_ulong_t, vlen)
{
	return do_iter_user(fd, vec, vlen, true, true);
}
