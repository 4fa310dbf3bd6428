/* linux/fs.h - inodes, open files and their operations.
 *
 * A struct file is one open file description: the operations, the flags and the position.
 * Descriptors in a process's fd table (linux/file.h) point at it and hold references (f_count).
 * The inode says what the file is: an initramfs file, the console, or a socket (net/socket.c
 * allocates an inode with S_IFSOCK and hangs its struct socket on i_private, then wraps it
 * with alloc_file_pseudo() and installs it with fd_install()). */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/kernel.h>

/* File types and open(2) flags (Linux's values). */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000
#define AT_FDCWD    -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH 0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define FMODE_READ  0x1
#define FMODE_WRITE 0x2

struct file;
struct inode;
struct socket;
struct poll_table_struct;

/* What a kind of file does. A NULL method means the call fails: read/write with -EINVAL,
 * ioctl with -ENOTTY, llseek with -ESPIPE. Buffers are user pointers. */
struct file_operations {
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	int (*release)(struct inode *inode, struct file *file); /* the last fput() */
	/* linux/poll.h: the EPOLL* bits true now; NULL means always readable and writable */
	unsigned int (*poll)(struct file *file, struct poll_table_struct *pt);
};

struct inode {
	umode_t i_mode;
	unsigned long i_ino;
	loff_t i_size;
	unsigned int i_nlink;
	long i_mtime;
	int i_count;                 /* references: iput() frees at zero */
	const void *i_data;          /* initramfs: the contents, in the module's memory */
	void *i_private;             /* the owner's (a socket's struct socket) */
	const struct file_operations *i_fop; /* default operations for open() */
};

struct file {
	const struct file_operations *f_op;
	struct inode *f_inode;
	unsigned int f_flags;        /* O_* as given to open(), O_NONBLOCK settable */
	unsigned int f_mode;         /* FMODE_READ | FMODE_WRITE */
	loff_t f_pos;
	int f_count;                 /* descriptors and fget() references */
	void *private_data;          /* the owner's (a socket's struct socket) */
	char f_name[64];             /* for messages: the path, or "socket:[ino]" */
};

/* fs/inode.c and fs/file_table.c */
struct inode *new_inode(void);       /* zeroed, one reference, a fresh i_ino */
void iput(struct inode *inode);
struct file *alloc_file_pseudo(struct inode *inode, const char *name, int flags,
			       const struct file_operations *fops); /* takes the inode's ref */
struct file *get_file(struct file *f);  /* one more reference */
void fput(struct file *f);              /* drop one; the last calls ->release */

/* fs/read_write.c: the workers behind read(2), write(2) and friends. */
ssize_t ksys_read(unsigned int fd, char __user *buf, size_t count);
ssize_t ksys_write(unsigned int fd, const char __user *buf, size_t count);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);

/* fs/open.c and fs/namei.c */
long do_sys_open(int dfd, const char __user *filename, int flags, umode_t mode);
struct file *filp_open(const char *path, int flags); /* a kernel path */
int kern_path(const char *path, struct inode **inode, bool follow);

/* fs/initramfs.c */
void populate_rootfs(void);
/* The root file system: initramfs entries by normalised path ("bin/sh", "" for the root). */
struct inode *rootfs_lookup(const char *path);
const char *rootfs_path(const struct inode *inode); /* the inverse, for a rootfs inode */
void rootfs_add_device(const char *path, const struct file_operations *fops);

/* drivers/tty/tty_io.c: the console, COM1 */
extern const struct file_operations tty_fops;
struct file *console_file(void);

#endif
