/* linux/tty.h - the console terminal (drivers/tty): one tty, COM1 and the keyboard feeding it
 * through tty_insert_flip_char(), its output going to console_write().
 *
 * The n_tty line discipline (drivers/tty/n_tty.c) turns received bytes into what read(2)
 * returns: in canonical mode (ICANON) whole lines, with erase (VERASE), kill (VKILL) and end of
 * file (VEOF, ^D) applied and the input echoed (ECHO); otherwise bytes as they come, by VMIN
 * and VTIME. With ISIG, VINTR (^C) and VQUIT send SIGINT and SIGQUIT to the foreground process
 * group. Output is written as it is: no OPOST processing (the host's terminal does that).
 *
 * With the kernel parameter `console.stream` the console is no terminal at all but a byte
 * stream, as a pipe is: no line discipline, and the terminal ioctls fail with ENOTTY, so that
 * programs behave as they do natively with stdin and stdout redirected. */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

#include <linux/termios.h>
#include <linux/types.h>
#include <linux/wait.h>

#define N_TTY_BUF_SIZE 4096

struct file;

struct tty_struct {
	struct termios termios;
	struct winsize winsize;
	pid_t pgrp;                 /* the foreground process group (TIOCSPGRP) */
	pid_t session;              /* the session it controls (TIOCSCTTY) */
	bool stream;                /* console.stream: no terminal semantics */
	wait_queue_head_t read_wait;

	/* n_tty: a ring of received bytes. [read_tail, canon_head) are finished lines; a set
	 * read_flags[] entry marks a VEOF that ends a line without being data. */
	unsigned char read_buf[N_TTY_BUF_SIZE];
	bool read_flags[N_TTY_BUF_SIZE];
	size_t read_head, read_tail, canon_head; /* counters: index = counter % size */
	bool eof;                   /* the host's input ended (a serial break) */
};

extern struct tty_struct console_tty;

/* drivers/tty/n_tty.c */
void n_tty_receive_char(struct tty_struct *tty, unsigned char c);
void n_tty_receive_eof(struct tty_struct *tty);
ssize_t n_tty_read(struct tty_struct *tty, struct file *file, char __user *buf, size_t nr);
bool n_tty_input_available(struct tty_struct *tty);
size_t n_tty_chars_in_buffer(struct tty_struct *tty);
void n_tty_flush(struct tty_struct *tty);

/* drivers/tty/tty_io.c: the end of the host's input (a break on COM1), and a look at the
 * UART for bytes that arrived without an interrupt (before the driver enabled it). */
void tty_insert_eof(void);
void tty_poll_input(void);

/* kernel/signal.c: a signal to every process in a group (weak until signals are delivered). */
int kill_pgrp(pid_t pgrp, int sig, int priv);

#endif
