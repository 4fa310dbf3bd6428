/* linux/fs.h - inodes, open files and their operations.
 *
 * The root file system is a tree of dentries (linux/dcache.h) over inodes held in memory, as
 * Linux's ramfs: the initramfs is unpacked into it at boot, and it is writable. A struct file
 * is one open file description: the operations, the flags, the position, and the dentry it was
 * opened through (NULL for a pipe or a socket). Descriptors in a process's fd table
 * (linux/file.h) point at it and hold references (f_count). A socket is an inode with
 * S_IFSOCK (net/socket.c hangs its struct socket on i_private, wraps it with
 * alloc_file_pseudo() and installs it with fd_install()). */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/kernel.h>
#include <linux/time.h>

#define NAME_MAX 255

/* File types and open(2) flags (Linux's values). */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISUID  0004000
#define S_ISGID  0002000
#define S_ISVTX  0001000
#define S_IALLUGO 0007777
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
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
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_PATH      010000000
#define AT_FDCWD    -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000
#define AT_STATX_SYNC_TYPE  0x6000

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define FMODE_READ  0x1
#define FMODE_WRITE 0x2

/* Device numbers, as the kernel's dev_t (major in bits 8-19, minor in 0-7 and 20-31). */
typedef u32 dev_t;
#define MKDEV(ma, mi) ((dev_t)(((ma) & 0xfff) << 8 | ((mi) & 0xff) | ((mi) & ~0xffu) << 12))
#define MAJOR(dev) (((dev) >> 8) & 0xfff)
#define MINOR(dev) (((dev) & 0xff) | (((dev) >> 12) & 0xfff00))

struct file;
struct inode;
struct dentry;
struct socket;
struct poll_table_struct;
struct pipe_inode_info;

/* getdents: the directory's entries are handed one at a time to ->actor, which returns false
 * when the caller's buffer is full (fs/readdir.c). */
struct dir_context {
	bool (*actor)(struct dir_context *ctx, const char *name, int namelen, loff_t pos,
		      unsigned long ino, unsigned int type);
	loff_t pos;
};

/* What a kind of file does. A NULL method means the call fails: read/write with -EINVAL,
 * ioctl with -ENOTTY, llseek with -ESPIPE, iterate with -ENOTDIR. Buffers are user pointers. */
struct file_operations {
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	int (*open)(struct inode *inode, struct file *file);    /* may fail the open */
	int (*release)(struct inode *inode, struct file *file); /* the last fput() */
	int (*iterate)(struct file *file, struct dir_context *ctx); /* getdents */
	/* linux/poll.h: the EPOLL* bits true now; NULL means always readable and writable */
	unsigned int (*poll)(struct file *file, struct poll_table_struct *pt);
};

/* Inode methods for the files whose contents are made on demand (fs/proc). */
struct inode_operations {
	/* a symbolic link's target, written into buf (PATH_MAX bytes) */
	int (*get_link)(struct dentry *dentry, char *buf);
	/* a name in a directory whose entries are not kept in the dcache: a new dentry or NULL */
	struct dentry *(*lookup)(struct dentry *dir, const char *name, size_t len);
};

/* A file system's hooks for its inodes: one that embeds its inode in a bigger object (sockfs's
 * struct socket_alloc) allocates and frees the whole. Inodes with no i_sb come from
 * inode_cache. */
struct super_block;
struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
};

struct super_block {
	const struct super_operations *s_op;
};

struct inode {
	umode_t i_mode;
	unsigned long i_ino;
	loff_t i_size;
	unsigned int i_nlink;
	uid_t i_uid;
	gid_t i_gid;
	dev_t i_rdev;                /* a device node's number */
	struct timespec64 i_atime, i_mtime, i_ctime;
	int i_count;                 /* references (dentries, open files): iput() frees at zero */
	const void *i_data;          /* a regular file's bytes, a symbolic link's target */
	size_t i_alloc;              /* bytes kmalloc'ed at i_data; 0: still in the initramfs */
	void *i_private;             /* the owner's (a socket's struct socket, a proc entry) */
	struct pipe_inode_info *i_pipe; /* a FIFO or pipe (fs/pipe.c) */
	const struct file_operations *i_fop; /* default operations for open() */
	const struct inode_operations *i_op;
	struct super_block *i_sb;    /* NULL: the in-memory file system's, from inode_cache */
};

struct file {
	const struct file_operations *f_op;
	struct inode *f_inode;
	struct dentry *f_dentry;     /* the name it was opened by; NULL for pipes and sockets */
	unsigned int f_flags;        /* O_* as given to open(), O_NONBLOCK and O_APPEND settable */
	unsigned int f_mode;         /* FMODE_READ | FMODE_WRITE */
	loff_t f_pos;
	int f_count;                 /* descriptors and fget() references */
	void *private_data;          /* the owner's (a socket's struct socket, a tty) */
	char f_name[64];             /* the path, "pipe:[ino]", or "" for a socket (its name is
				      * made on demand, see fs/proc/base.c) */
};

/* fs/inode.c */
void inode_init(void);               /* the inode_cache, at boot */
struct inode *new_inode_pseudo(struct super_block *sb); /* from sb's alloc_inode */
struct inode *new_inode(void);       /* zeroed, one reference, a fresh i_ino, the time now */
unsigned long get_next_ino(void);
struct inode *igrab(struct inode *inode);
void iput(struct inode *inode);
struct timespec64 current_time(void);
int inode_set_size(struct inode *inode, loff_t size); /* truncate or extend with zeros */

/* fs/file_table.c */
void files_init(void);                  /* the filp cache, at boot */
void vfs_caches_init(void);             /* fs/dcache.c: inode_init, files_init */
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
struct file *filp_open(const char *path, int flags, umode_t mode); /* a kernel path */
/* The inode at `path` (relative to the working directory); no reference is taken. */
int kern_path(const char *path, struct inode **inode, bool follow);

/* fs/libfs.c: the in-memory file system (ramfs). */
extern const struct file_operations ramfs_file_operations;
extern const struct file_operations simple_dir_operations;
/* Makes `path` (absolute, parents created as needed) as a node of the given mode: a regular
 * file with `size` bytes at `data` (kept in place, copied on the first write), a directory, a
 * symbolic link to `data`, or a device node with `rdev` and `fops`. */
int vfs_mknod_path(const char *path, umode_t mode, const void *data, loff_t size, dev_t rdev,
		   const struct file_operations *fops, struct inode **res);

/* fs/initramfs.c */
void populate_rootfs(void);
void rootfs_add_device(const char *path, umode_t mode, dev_t rdev,
		       const struct file_operations *fops);

/* fs/proc */
struct mm_struct;
void proc_root_init(void);
/* exec: the program's path becomes the target of /proc/self/exe (NULL lets go of it). */
void set_mm_exe_file(struct mm_struct *mm, const char *path);
void dup_mm_exe_file(struct mm_struct *mm, struct mm_struct *old_mm); /* fork: one more ref */

/* drivers/tty/tty_io.c: the console, COM1 */
extern const struct file_operations tty_fops;
struct file *console_file(void);

#endif
