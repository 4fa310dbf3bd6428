/* mem.c - /dev/null, /dev/zero, /dev/urandom and /dev/random; /dev/console and /dev/tty are
 * the serial console. Registered in the root file system before the initramfs is unpacked. */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/time.h>
#include <linux/uaccess.h>

static ssize_t read_null(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	(void)f, (void)buf, (void)count, (void)pos;
	return 0;
}

static ssize_t write_null(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	(void)f, (void)buf, (void)pos;
	return (ssize_t)count;
}

static loff_t null_lseek(struct file *f, loff_t offset, int whence)
{
	(void)whence, (void)offset;
	return f->f_pos = 0;
}

static ssize_t read_zero(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	(void)f, (void)pos;
	size_t done = count - clear_user(buf, count);
	return done || !count ? (ssize_t)done : -EFAULT; /* short at a bad page, as in Linux */
}

static ssize_t read_random(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	u8 chunk[256];
	size_t done = 0;
	(void)f, (void)pos;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));
		get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return -EFAULT;
		done += n;
	}
	return (ssize_t)done;
}

static const struct file_operations null_fops = {
	.read = read_null, .write = write_null, .llseek = null_lseek,
};
static const struct file_operations zero_fops = {
	.read = read_zero, .write = write_null, .llseek = null_lseek,
};
static const struct file_operations random_fops = {
	.read = read_random, .write = write_null,
};

/* Linux's numbers: mem is major 1, the tty layer major 5. */
void chr_dev_init(void)
{
	rootfs_add_device("dev/null", S_IFCHR | 0666, MKDEV(1, 3), &null_fops);
	rootfs_add_device("dev/zero", S_IFCHR | 0666, MKDEV(1, 5), &zero_fops);
	rootfs_add_device("dev/random", S_IFCHR | 0666, MKDEV(1, 8), &random_fops);
	rootfs_add_device("dev/urandom", S_IFCHR | 0666, MKDEV(1, 9), &random_fops);
	rootfs_add_device("dev/tty", S_IFCHR | 0666, MKDEV(5, 0), &tty_fops);
	rootfs_add_device("dev/console", S_IFCHR | 0600, MKDEV(5, 1), &tty_fops);
}
