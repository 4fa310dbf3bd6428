/* n_tty.c - the line discipline: what received bytes become (linux/tty.h). Input arrives from
 * interrupt handlers (tty_insert_flip_char) and from the reader's own polling of the UART; the
 * kernel runs with interrupts off, so neither side can interrupt the other. */
#include <linux/console.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/tty.h>
#include <linux/uaccess.h>

#define L_FLAG(tty, f) ((tty)->termios.c_lflag & (f))
#define I_FLAG(tty, f) ((tty)->termios.c_iflag & (f))
#define CC(tty, i)     ((tty)->termios.c_cc[i])

/* Until kernel/signal.c delivers signals, ^C has nobody to tell. */
__attribute__((weak)) int kill_pgrp(pid_t pgrp, int sig, int priv)
{
	(void)pgrp, (void)sig, (void)priv;
	return -ESRCH;
}

static bool is_canon(const struct tty_struct *tty)
{
	return !tty->stream && L_FLAG(tty, ICANON);
}

size_t n_tty_chars_in_buffer(struct tty_struct *tty)
{
	return tty->read_head - tty->read_tail;
}

void n_tty_flush(struct tty_struct *tty)
{
	tty->read_tail = tty->canon_head = tty->read_head;
}

static void echo(struct tty_struct *tty, const char *s, size_t n)
{
	if (!tty->stream && L_FLAG(tty, ECHO))
		console_write(s, n);
}

/* A control character echoes as ^X with ECHOCTL (but tab and newline as themselves). */
static void echo_char(struct tty_struct *tty, unsigned char c)
{
	if (L_FLAG(tty, ECHOCTL) && (c < 32 || c == 127) && c != '\t' && c != '\n') {
		char s[2] = {'^', (char)(c ^ 0100)};
		echo(tty, s, 2);
	} else {
		echo(tty, (const char *)&c, 1);
	}
}

static void put_tty_queue(struct tty_struct *tty, unsigned char c, bool flag)
{
	if (n_tty_chars_in_buffer(tty) >= N_TTY_BUF_SIZE - 1)
		return; /* full: Linux drops it too */
	size_t i = tty->read_head++ % N_TTY_BUF_SIZE;
	tty->read_buf[i] = c;
	tty->read_flags[i] = flag;
}

/* VERASE removes the last character of the line, VKILL all of it. */
static void eraser(struct tty_struct *tty, bool whole_line)
{
	while (tty->read_head != tty->canon_head) {
		unsigned char c = tty->read_buf[--tty->read_head % N_TTY_BUF_SIZE];
		int cols = L_FLAG(tty, ECHOCTL) && (c < 32 || c == 127) ? 2 : 1;
		if (L_FLAG(tty, ECHOE) || whole_line)
			while (cols--)
				echo(tty, "\b \b", 3);
		if (!whole_line)
			break;
	}
}

static void isig(struct tty_struct *tty, int sig, unsigned char c)
{
	if (!L_FLAG(tty, NOFLSH))
		n_tty_flush(tty);
	echo_char(tty, c);
	kill_pgrp(tty->pgrp, sig, 1);
}

/* The end of a canonical line: readers may take it now. */
static void end_line(struct tty_struct *tty)
{
	tty->canon_head = tty->read_head;
}

void n_tty_receive_char(struct tty_struct *tty, unsigned char c)
{
	if (tty->stream) {
		put_tty_queue(tty, c, false);
		return;
	}
	if (I_FLAG(tty, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (I_FLAG(tty, IGNCR))
			return;
		if (I_FLAG(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(tty, INLCR)) {
		c = '\r';
	}
	if (L_FLAG(tty, ISIG) && c && (c == CC(tty, VINTR) || c == CC(tty, VQUIT))) {
		isig(tty, c == CC(tty, VINTR) ? SIGINT : SIGQUIT, c);
		return;
	}
	if (!L_FLAG(tty, ICANON)) {
		put_tty_queue(tty, c, false);
		echo_char(tty, c);
		return;
	}
	if (c && (c == CC(tty, VERASE) || c == CC(tty, VKILL))) {
		eraser(tty, c == CC(tty, VKILL));
		return;
	}
	if (c && c == CC(tty, VEOF)) {
		put_tty_queue(tty, 0, true); /* ends the line, and is not data */
		end_line(tty);
		return;
	}
	put_tty_queue(tty, c, false);
	if (c == '\n' || (c && (c == CC(tty, VEOL) || c == CC(tty, VEOL2)))) {
		echo(tty, (const char *)&c, 1);
		if (c == '\n' && !L_FLAG(tty, ECHO) && L_FLAG(tty, ECHONL))
			console_write("\n", 1);
		end_line(tty);
		return;
	}
	echo_char(tty, c);
}

/* The host's input ended: what is buffered becomes readable, then every read returns 0. */
void n_tty_receive_eof(struct tty_struct *tty)
{
	tty->eof = true;
	end_line(tty);
}

bool n_tty_input_available(struct tty_struct *tty)
{
	if (tty->eof)
		return true;
	if (is_canon(tty))
		return tty->canon_head != tty->read_tail;
	return tty->read_head != tty->read_tail;
}

/* Canonical: up to the end of one line (a VEOF mark ends it and is dropped). */
static size_t canon_copy(struct tty_struct *tty, char *kbuf, size_t nr)
{
	size_t n = 0;
	while (n < nr && tty->read_tail != tty->canon_head) {
		size_t i = tty->read_tail++ % N_TTY_BUF_SIZE;
		if (tty->read_flags[i])
			break;
		kbuf[n++] = (char)tty->read_buf[i];
		if (kbuf[n - 1] == '\n')
			break;
	}
	return n;
}

static size_t raw_copy(struct tty_struct *tty, char *kbuf, size_t nr)
{
	size_t n = 0;
	while (n < nr && tty->read_tail != tty->read_head)
		kbuf[n++] = (char)tty->read_buf[tty->read_tail++ % N_TTY_BUF_SIZE];
	return n;
}

/* What a non-canonical read waits for: VMIN bytes (at most nr), or VTIME tenths of a second
 * with VMIN 0; VMIN 0 and VTIME 0 take what is there. */
static bool raw_ready(struct tty_struct *tty, size_t nr, u64 deadline)
{
	size_t want = tty->stream ? 1 : min((size_t)CC(tty, VMIN), nr);
	if (tty->eof || n_tty_chars_in_buffer(tty) >= max(want, (size_t)1))
		return true;
	return want == 0 && ktime_get_ns() >= deadline;
}

ssize_t n_tty_read(struct tty_struct *tty, struct file *file, char __user *buf, size_t nr)
{
	char kbuf[256];
	bool canon = is_canon(tty);
	u64 deadline = 0;
	if (!canon && !tty->stream && !CC(tty, VMIN))
		deadline = ktime_get_ns() + (u64)CC(tty, VTIME) * (NSEC_PER_SEC / 10);
	nr = min(nr, sizeof(kbuf));
	for (;;) {
		bool ready = canon ? n_tty_input_available(tty) : raw_ready(tty, nr, deadline);
		if (ready)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending(current))
			return -ERESTARTSYS;
		DEFINE_WAIT(wait);
		prepare_to_wait(&tty->read_wait, &wait, TASK_INTERRUPTIBLE);
		tty_poll_input();
		if (!(canon ? n_tty_input_available(tty) : raw_ready(tty, nr, deadline)))
			schedule();
		finish_wait(&tty->read_wait, &wait);
	}
	size_t n = canon ? canon_copy(tty, kbuf, nr) : raw_copy(tty, kbuf, nr);
	return copy_to_user(buf, kbuf, n) ? -EFAULT : (ssize_t)n;
}
