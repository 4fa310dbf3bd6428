/* tty_io.c - the console: COM1 as a terminal. Output is written as it is (no \n -> \r\n), so
 * that what a program prints reaches the host byte for byte. Input blocks until at least one
 * byte has arrived, then returns what is there, up to a newline. */
#include <linux/console.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/serial.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGWINSZ 0x5413

/* The kernel's struct termios (asm-generic/termbits.h). */
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* Linux's tty_std_termios: ICRNL IXON; OPOST ONLCR; B38400 CS8 CREAD HUPCL; ISIG ICANON ECHO
 * ECHOE ECHOK ECHOCTL ECHOKE IEXTEN; ^C ^\ ^? ^U ^D ... */
static struct termios console_termios = {
	.c_iflag = 0x0500, .c_oflag = 0x0005, .c_cflag = 0x00bf, .c_lflag = 0x8a3b,
	.c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0},
};

static bool console_eof;

static ssize_t tty_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	char kbuf[256];
	size_t n = 0;
	int c;
	(void)pos;
	if (!count)
		return 0;
	while (n == 0) {
		if (console_eof)
			return 0;
		c = serial_getc();
		if (c == SERIAL_EOF) {
			console_eof = true;
			return 0;
		}
		if (c >= 0) {
			kbuf[n++] = (char)c;
		} else if (file->f_flags & O_NONBLOCK) {
			return -EAGAIN;
		} else {
			safe_halt(); /* IRQ 4 or the next tick wakes us */
		}
	}
	while (n < min(count, sizeof(kbuf)) && kbuf[n - 1] != '\n' && (c = serial_getc()) >= 0)
		kbuf[n++] = (char)c;
	return copy_to_user(buf, kbuf, n) ? -EFAULT : (ssize_t)n;
}

static ssize_t tty_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	char kbuf[256];
	size_t done = 0;
	(void)file, (void)pos;
	while (done < count) {
		size_t n = min(count - done, sizeof(kbuf));
		if (copy_from_user(kbuf, buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		console_write(kbuf, n);
		done += n;
	}
	return (ssize_t)done;
}

static long tty_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;
	(void)file;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &console_termios, sizeof(console_termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		struct termios t;
		if (copy_from_user(&t, p, sizeof(t)))
			return -EFAULT;
		console_termios = t; /* recorded; the console stays raw */
		return 0;
	}
	case TIOCGWINSZ: {
		struct winsize ws = {24, 80, 0, 0};
		return copy_to_user(p, &ws, sizeof(ws)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.unlocked_ioctl = tty_ioctl,
};

/* /dev/console opened read-write: init's descriptors 0, 1 and 2. */
struct file *console_file(void)
{
	struct inode *inode = new_inode();
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = S_IFCHR | 0620;
	return alloc_file_pseudo(inode, "/dev/console", O_RDWR, &tty_fops);
}
