/* tty_io.c - the console terminal: /dev/console, /dev/tty and init's descriptors 0-2. Reads go
 * through the line discipline (n_tty.c), writes straight to console_write(), and the ioctls
 * are the termios and process-group requests (linux/tty.h). */
#include <linux/console.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/serial.h>
#include <linux/string.h>
#include <linux/tty.h>
#include <linux/uaccess.h>

/* Linux's tty_std_termios: ICRNL IXON; OPOST ONLCR; B38400 CS8 CREAD HUPCL; ISIG ICANON ECHO
 * ECHOE ECHOK ECHOCTL ECHOKE IEXTEN; ^C ^\ ^? ^U ^D, VTIME 0, VMIN 1, ^Q ^S ^Z ... */
struct tty_struct console_tty = {
	.termios = {
		.c_iflag = ICRNL | IXON, .c_oflag = OPOST | ONLCR, .c_cflag = 0x00bf,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0},
	},
	.winsize = {24, 80, 0, 0},
	.pgrp = 1,
	.session = 1,
	.read_wait = __WAIT_QUEUE_HEAD_INITIALIZER(console_tty.read_wait),
};

static int __init set_console_stream(char *val)
{
	(void)val;
	console_tty.stream = true;
	return 1;
}
__setup("console.stream", set_console_stream);

/* The receive path, from interrupt handlers (COM1, the keyboard). */
void tty_insert_flip_char(unsigned char c)
{
	n_tty_receive_char(&console_tty, c);
	wake_up_interruptible(&console_tty.read_wait);
}

void tty_insert_key(unsigned char c)
{
	tty_insert_flip_char(console_tty.stream && c == '\r' ? '\n' : c);
}

void tty_insert_eof(void)
{
	n_tty_receive_eof(&console_tty);
	wake_up_interruptible(&console_tty.read_wait);
}

void tty_poll_input(void)
{
	serial_irq();
}

static ssize_t tty_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	(void)pos;
	if (!count)
		return 0;
	return n_tty_read(&console_tty, file, buf, count);
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

static unsigned int tty_poll(struct file *file, poll_table *wait)
{
	(void)file;
	poll_wait(file, &console_tty.read_wait, wait);
	tty_poll_input();
	unsigned int mask = EPOLLOUT | EPOLLWRNORM;
	if (n_tty_input_available(&console_tty))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static long set_termios(struct tty_struct *tty, unsigned int cmd, const void __user *p)
{
	struct termios t;
	if (copy_from_user(&t, p, sizeof(t)))
		return -EFAULT;
	bool was_canon = tty->termios.c_lflag & ICANON;
	tty->termios = t;
	if (cmd == TCSETSF)
		n_tty_flush(tty);
	else if (was_canon && !(t.c_lflag & ICANON))
		tty->canon_head = tty->read_head; /* the partial line becomes readable */
	wake_up_interruptible(&tty->read_wait);
	return 0;
}

static long tty_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = &console_tty;
	void __user *p = (void __user *)arg;
	(void)file;
	if (cmd == FIONREAD)
		return put_user((int)n_tty_chars_in_buffer(tty), (int __user *)p);
	if (tty->stream)
		return -ENOTTY;
	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &tty->termios, sizeof(tty->termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(tty, cmd, p);
	case TCFLSH:
		if (arg == TCIFLUSH || arg == TCIOFLUSH)
			n_tty_flush(tty);
		return arg <= TCIOFLUSH ? 0 : -EINVAL;
	case TIOCGWINSZ:
		return copy_to_user(p, &tty->winsize, sizeof(tty->winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_from_user(&tty->winsize, p, sizeof(tty->winsize)) ? -EFAULT : 0;
	case TIOCGPGRP:
		return put_user(tty->pgrp, (pid_t __user *)p);
	case TIOCSPGRP: {
		pid_t pgrp;
		if (get_user(pgrp, (pid_t __user *)p))
			return -EFAULT;
		if (pgrp < 0)
			return -EINVAL;
		tty->pgrp = pgrp;
		return 0;
	}
	case TIOCGSID:
		return put_user(tty->session, (pid_t __user *)p);
	case TIOCSCTTY:
		tty->session = current->tgid;
		return 0;
	case TIOCNOTTY:
		return 0;
	case TIOCOUTQ:
		return put_user(0, (int __user *)p);
	default:
		return -ENOTTY;
	}
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.unlocked_ioctl = tty_ioctl,
	.poll = tty_poll,
};

/* /dev/console opened read-write: init's descriptors 0, 1 and 2. */
struct file *console_file(void)
{
	struct file *f = filp_open("/dev/console", O_RDWR, 0);
	if (!IS_ERR(f))
		return f;
	struct inode *inode = new_inode();
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = S_IFCHR | 0600;
	inode->i_rdev = MKDEV(5, 1);
	return alloc_file_pseudo(inode, "/dev/console", O_RDWR, &tty_fops);
}
