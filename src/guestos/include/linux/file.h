/* linux/file.h - the per-process descriptor table.
 *
 *   int fd = get_unused_fd_flags(O_CLOEXEC);   reserve the lowest free number (or -EMFILE)
 *   fd_install(fd, file);                      publish: the table now owns that reference
 *   put_unused_fd(fd);                         give a reserved number back unused
 *
 *   struct fd f = fdget(fd);                   borrow the file behind a descriptor
 *   if (!f.file) return -EBADF;
 *   ...
 *   fdput(f);
 *
 * fget()/fput() do the same with an explicit reference. __close_fd() is close(2). */
#ifndef _LINUX_FILE_H
#define _LINUX_FILE_H

#include <linux/fs.h>
#include <linux/sched.h>

#define NR_OPEN_DEFAULT 256 /* descriptors per process (RLIMIT_NOFILE) */

struct files_struct {
	int count;                                         /* tasks sharing it (CLONE_FILES) */
	unsigned int next_fd;                              /* every number below is open */
	struct file *fd_array[NR_OPEN_DEFAULT];
	unsigned long open_fds[NR_OPEN_DEFAULT / 64];      /* reserved or installed */
	unsigned long close_on_exec[NR_OPEN_DEFAULT / 64];
};

struct fd {
	struct file *file;
	unsigned int flags; /* FDPUT_FPUT: fdput() must drop a reference */
};
#define FDPUT_FPUT 1

struct files_struct *files_alloc(void);
struct files_struct *dup_fd(struct files_struct *old); /* fork: a copy sharing the files */
void put_files_struct(struct files_struct *files); /* drops a user; the last closes all */
int get_unused_fd_flags(unsigned int flags);       /* O_CLOEXEC is the only flag used */
void put_unused_fd(unsigned int fd);
void fd_install(unsigned int fd, struct file *file);
struct file *fget(unsigned int fd);                 /* NULL if not open */

/* One process, one thread: the table's reference keeps the file alive while it is borrowed, so
 * fdget takes none (Linux's fdget does the same for a single-threaded process). */
static inline struct fd fdget(unsigned int fd)
{
	struct files_struct *files = current->files;
	if (fd >= NR_OPEN_DEFAULT)
		return (struct fd){NULL, 0};
	return (struct fd){files->fd_array[fd], 0};
}

static inline void fdput(struct fd f)
{
	if (f.flags & FDPUT_FPUT)
		fput(f.file);
}
int __close_fd(struct files_struct *files, unsigned int fd);
void set_close_on_exec(unsigned int fd, bool on);
bool get_close_on_exec(unsigned int fd);
void do_close_on_exec(struct files_struct *files);

#endif
