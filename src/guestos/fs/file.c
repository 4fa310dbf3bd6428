/* file.c - the descriptor table of a process (linux/file.h) and close(2), dup(2), dup2(2),
 * dup3(2), fcntl(2). */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/syscalls.h>

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

static bool test_bit(const unsigned long *map, unsigned int n) { return map[n / 64] >> (n % 64) & 1; }
static void set_bit(unsigned long *map, unsigned int n) { map[n / 64] |= 1UL << (n % 64); }
static void clear_bit(unsigned long *map, unsigned int n) { map[n / 64] &= ~(1UL << (n % 64)); }

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(struct files_struct));
	if (files)
		files->count = 1;
	return files;
}

/* fork without CLONE_FILES: the same open files under the same numbers (a reserved but not
 * yet installed number is not copied). */
struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = files_alloc();
	if (!files)
		return NULL;
	for (unsigned int fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		struct file *f = old->fd_array[fd];
		if (!f)
			continue;
		files->fd_array[fd] = get_file(f);
		set_bit(files->open_fds, fd);
		if (test_bit(old->close_on_exec, fd))
			set_bit(files->close_on_exec, fd);
	}
	return files;
}

void put_files_struct(struct files_struct *files)
{
	if (!files || --files->count > 0)
		return;
	for (unsigned int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (files->fd_array[fd])
			fput(files->fd_array[fd]);
	kfree(files);
}

/* The lowest number at or above start that is not open: a word of the bitmap at a time. */
static unsigned int find_next_fd(const struct files_struct *files, unsigned int start)
{
	for (unsigned int i = start / BITS_PER_LONG; i < NR_OPEN_DEFAULT / BITS_PER_LONG; i++) {
		unsigned long free = ~files->open_fds[i];
		if (i == start / BITS_PER_LONG)
			free &= ~0UL << (start % BITS_PER_LONG);
		if (free)
			return i * BITS_PER_LONG + (unsigned int)__builtin_ctzl(free);
	}
	return NR_OPEN_DEFAULT;
}

/* files->next_fd is where the search starts: every number below it is open. */
static int alloc_fd(unsigned int start, unsigned int flags)
{
	struct files_struct *files = current->files;
	if (start < files->next_fd)
		start = files->next_fd;
	unsigned int fd = find_next_fd(files, start);
	if (fd >= NR_OPEN_DEFAULT)
		return -EMFILE;
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	set_bit(files->open_fds, fd);
	if (flags & O_CLOEXEC)
		set_bit(files->close_on_exec, fd);
	else
		clear_bit(files->close_on_exec, fd);
	return (int)fd;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	clear_bit(files->open_fds, fd);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void put_unused_fd(unsigned int fd)
{
	__put_unused_fd(current->files, fd);
}

void fd_install(unsigned int fd, struct file *file)
{
	BUG_ON(current->files->fd_array[fd]);
	current->files->fd_array[fd] = file;
}

struct file *fget(unsigned int fd)
{
	struct file *f = fdget(fd).file;
	return f ? get_file(f) : NULL;
}

int __close_fd(struct files_struct *files, unsigned int fd)
{
	if (fd >= NR_OPEN_DEFAULT || !files->fd_array[fd])
		return -EBADF;
	struct file *f = files->fd_array[fd];
	files->fd_array[fd] = NULL;
	__put_unused_fd(files, fd);
	clear_bit(files->close_on_exec, fd);
	fput(f);
	return 0;
}

void set_close_on_exec(unsigned int fd, bool on)
{
	if (on)
		set_bit(current->files->close_on_exec, fd);
	else
		clear_bit(current->files->close_on_exec, fd);
}

bool get_close_on_exec(unsigned int fd)
{
	return test_bit(current->files->close_on_exec, fd);
}

void do_close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (files->fd_array[fd] && test_bit(files->close_on_exec, fd))
			__close_fd(files, fd);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return __close_fd(current->files, fd);
}

static long do_dup(struct file *file, unsigned int start, unsigned int flags)
{
	int fd = alloc_fd(start, flags);
	if (fd < 0)
		return fd;
	fd_install(fd, get_file(file));
	return fd;
}

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	struct fd f = fdget(fildes);
	if (!f.file)
		return -EBADF;
	return do_dup(f.file, 0, 0);
}

static long do_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct fd f = fdget(oldfd);
	if (!f.file)
		return -EBADF;
	if (newfd >= NR_OPEN_DEFAULT)
		return -EBADF;
	struct files_struct *files = current->files;
	if (files->fd_array[newfd])
		__close_fd(files, newfd);
	else if (test_bit(files->open_fds, newfd))
		return -EBUSY; /* reserved by a call in progress */
	set_bit(files->open_fds, newfd);
	set_close_on_exec(newfd, flags & O_CLOEXEC);
	fd_install(newfd, get_file(f.file));
	return newfd;
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd)
		return fdget(oldfd).file ? (long)newfd : -EBADF;
	return do_dup3(oldfd, newfd, 0);
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags);
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN_DEFAULT)
			return -EINVAL;
		return do_dup(f.file, (unsigned int)arg, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
	case F_GETFD:
		return get_close_on_exec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f.file->f_flags;
	case F_SETFL: /* only O_NONBLOCK and O_APPEND change */
		f.file->f_flags = (f.file->f_flags & ~(unsigned int)(O_NONBLOCK | O_APPEND)) |
				  ((unsigned int)arg & (O_NONBLOCK | O_APPEND));
		return 0;
	default:
		return -EINVAL;
	}
}
