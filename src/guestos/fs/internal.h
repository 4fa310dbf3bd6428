/* fs/internal.h - what the files of fs/ share: path lookup (namei.c) and the in-memory file
 * system's node creation (libfs.c). */
#ifndef _FS_INTERNAL_H
#define _FS_INTERNAL_H

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/uaccess.h> /* PATH_MAX */

#define MAXSYMLINKS 40

/* lookup flags */
#define LOOKUP_FOLLOW    0x1 /* follow a symbolic link in the last component */
#define LOOKUP_DIRECTORY 0x2 /* the result must be a directory */
#define LOOKUP_EMPTY     0x4 /* "" means the directory fd itself (AT_EMPTY_PATH) */

/* The last component of a path, which the *at() calls that create or remove work on. */
struct qstr {
	const char *name;
	size_t len;            /* 0 for "/" */
	bool trailing_slash;   /* "dir/": must be (or become) a directory */
};

static inline bool qstr_is_dot(const struct qstr *q)
{
	return (q->len == 1 && q->name[0] == '.') ||
	       (q->len == 2 && q->name[0] == '.' && q->name[1] == '.');
}

/* namei.c: each returns 0 and a referenced dentry (dput() it), or -errno. */
int kern_path_at(int dfd, const char *name, unsigned int flags, struct dentry **res);
int user_path_at(int dfd, const char __user *name, unsigned int flags, struct dentry **res);
/* The directory that holds the last component, and that component (pointing into name). */
int kern_parent_at(int dfd, const char *name, struct dentry **parent, struct qstr *last);
/* One name in a directory: a referenced dentry, or NULL. */
struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len);
/* The target of a symbolic link into buf (PATH_MAX bytes); returns its length. */
int vfs_readlink_buf(struct dentry *d, char *buf);

/* libfs.c: a new node in dir (linked, referenced; the caller dputs it). */
int vfs_create_node(struct dentry *dir, const char *name, size_t len, umode_t mode,
		    const void *data, loff_t size, dev_t rdev, struct dentry **res);
int dcache_readdir(struct file *file, struct dir_context *ctx);
bool dir_emit_dots(struct file *file, struct dir_context *ctx); /* false: buffer full */
unsigned int dt_type(umode_t mode);
int inode_prepare_write(struct inode *inode, loff_t end);

/* char_dev.c: the operations behind a character device number (NULL: no such device). */
void register_chrdev(dev_t dev, const struct file_operations *fops);
const struct file_operations *chrdev_fops(dev_t dev);

/* open.c */
struct file *dentry_open(struct dentry *d, int flags);

#endif
