/* pipe.c - pipe(2) and pipe2(2). Two open files share one inode with a ring buffer. A read
 * waits for data or the last writer's close (end of file); a write waits for room, is atomic
 * up to PIPE_BUF bytes, and with no reader left gets EPIPE and SIGPIPE. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

/* kernel/signal.c provides the real one once signals are delivered. */
__attribute__((weak)) int send_sig(int sig, struct task_struct *p, int priv)
{
	(void)sig, (void)p, (void)priv;
	return 0;
}

void free_pipe_info(struct pipe_inode_info *pipe)
{
	kfree(pipe->buf);
	kfree(pipe);
}

/* Moves up to n bytes between the ring and user memory, at most up to the ring's wrap point
 * per copy. Returns the bytes moved, or -EFAULT when none could be. */
static ssize_t pipe_copy_out(struct pipe_inode_info *pipe, char __user *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t chunk = min(n - done, PIPE_SIZE - pipe->head);
		if (copy_to_user(buf + done, pipe->buf + pipe->head, chunk))
			return done ? (ssize_t)done : -EFAULT;
		pipe->head = (pipe->head + chunk) % PIPE_SIZE;
		pipe->len -= chunk;
		done += chunk;
	}
	return (ssize_t)done;
}

static ssize_t pipe_copy_in(struct pipe_inode_info *pipe, const char __user *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t tail = (pipe->head + pipe->len) % PIPE_SIZE;
		size_t chunk = min(n - done, PIPE_SIZE - tail);
		if (copy_from_user(pipe->buf + tail, buf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		pipe->len += chunk;
		done += chunk;
	}
	return (ssize_t)done;
}

static ssize_t pipe_read(struct file *filp, char __user *buf, size_t count, loff_t *ppos)
{
	struct pipe_inode_info *pipe = filp->f_inode->i_pipe;
	(void)ppos;
	if (!count)
		return 0;
	while (!pipe->len) {
		if (!pipe->writers)
			return 0;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(pipe->wait, pipe->len || !pipe->writers))
			return -ERESTARTSYS;
	}
	ssize_t ret = pipe_copy_out(pipe, buf, min(count, pipe->len));
	if (!pipe->len)
		pipe->head = 0;
	wake_up_interruptible(&pipe->wait);
	return ret;
}

static ssize_t pipe_write(struct file *filp, const char __user *buf, size_t count, loff_t *ppos)
{
	struct pipe_inode_info *pipe = filp->f_inode->i_pipe;
	size_t done = 0;
	(void)ppos;
	while (done < count) {
		if (!pipe->readers) {
			send_sig(SIGPIPE, current, 0);
			return done ? (ssize_t)done : -EPIPE;
		}
		size_t room = PIPE_SIZE - pipe->len;
		/* A small write goes in whole or waits; a large one goes in pieces. */
		size_t need = count - done <= PIPE_BUF ? count - done : 1;
		if (room < need) {
			if (filp->f_flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			if (wait_event_interruptible(pipe->wait, PIPE_SIZE - pipe->len >= need ||
							       !pipe->readers))
				return done ? (ssize_t)done : -ERESTARTSYS;
			continue;
		}
		ssize_t n = pipe_copy_in(pipe, buf + done, min(room, count - done));
		if (n < 0)
			return done ? (ssize_t)done : n;
		done += (size_t)n;
		wake_up_interruptible(&pipe->wait);
	}
	return (ssize_t)done;
}

static unsigned int pipe_poll(struct file *filp, poll_table *wait)
{
	struct pipe_inode_info *pipe = filp->f_inode->i_pipe;
	unsigned int mask = 0;
	poll_wait(filp, &pipe->wait, wait);
	if (filp->f_mode & FMODE_READ) {
		if (pipe->len)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!pipe->writers)
			mask |= EPOLLHUP;
	}
	if (filp->f_mode & FMODE_WRITE) {
		if (PIPE_SIZE - pipe->len >= PIPE_BUF)
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (!pipe->readers)
			mask |= EPOLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	if (cmd != 0x541B /* FIONREAD */)
		return -ENOTTY;
	return put_user((int)filp->f_inode->i_pipe->len, (int __user *)arg);
}

static int pipe_release(struct inode *inode, struct file *filp)
{
	struct pipe_inode_info *pipe = inode->i_pipe;
	if (filp->f_mode & FMODE_READ)
		pipe->readers--;
	if (filp->f_mode & FMODE_WRITE)
		pipe->writers--;
	wake_up_interruptible(&pipe->wait);
	return 0;
}

const struct file_operations pipefifo_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.unlocked_ioctl = pipe_ioctl,
	.release = pipe_release,
};

static struct inode *get_pipe_inode(void)
{
	struct inode *inode = new_inode();
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe));
	char *buf = kmalloc(PIPE_SIZE);
	if (!inode || !pipe || !buf) {
		kfree(inode);
		kfree(pipe);
		kfree(buf);
		return NULL;
	}
	init_waitqueue_head(&pipe->wait);
	pipe->buf = buf;
	pipe->readers = pipe->writers = 1;
	inode->i_pipe = pipe;
	inode->i_mode = S_IFIFO | 0600;
	inode->i_fop = &pipefifo_fops;
	return inode;
}

/* The two files of a new pipe: [0] reads, [1] writes. */
static int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = get_pipe_inode();
	if (!inode)
		return -ENFILE;
	char name[32];
	snprintf(name, sizeof(name), "pipe:[%lu]", inode->i_ino);
	int fl = flags & O_NONBLOCK;
	res[0] = alloc_file_pseudo(igrab(inode), name, O_RDONLY | fl, &pipefifo_fops);
	if (IS_ERR(res[0])) {
		iput(inode);
		iput(inode);
		return PTR_ERR(res[0]);
	}
	res[1] = alloc_file_pseudo(inode, name, O_WRONLY | fl, &pipefifo_fops);
	if (IS_ERR(res[1])) {
		inode->i_pipe->writers = 0;
		fput(res[0]);
		iput(inode);
		return PTR_ERR(res[1]);
	}
	return 0;
}

long do_pipe_flags(int __user *fildes, int flags)
{
	struct file *files[2] = {NULL, NULL};
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	int err = create_pipe_files(files, flags);
	if (err)
		return err;
	int fd[2] = {get_unused_fd_flags(flags), -1};
	if (fd[0] >= 0)
		fd[1] = get_unused_fd_flags(flags);
	if (fd[1] < 0 || copy_to_user(fildes, fd, sizeof(fd))) {
		err = fd[1] < 0 ? (fd[0] < 0 ? fd[0] : fd[1]) : -EFAULT;
		if (fd[0] >= 0)
			put_unused_fd(fd[0]);
		if (fd[1] >= 0)
			put_unused_fd(fd[1]);
		fput(files[0]);
		fput(files[1]);
		return err;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe_flags(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe_flags(fildes, 0);
}
