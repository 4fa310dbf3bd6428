/* libfs.c - the in-memory file system (Linux's ramfs and libfs): a file's bytes live in one
 * kmalloc'ed buffer at i_data, a directory is its dentry's list of children. Files unpacked
 * from the initramfs keep pointing into the module until their first change. */
#include <linux/dcache.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "internal.h"

static ssize_t ramfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	if (*pos >= inode->i_size)
		return 0;
	size_t n = min(count, (size_t)(inode->i_size - *pos));
	n -= copy_to_user(buf, (const char *)inode->i_data + *pos, n);
	if (!n)
		return -EFAULT;
	*pos += n;
	return (ssize_t)n; /* short when the buffer ran into a bad page, as in Linux */
}

static ssize_t ramfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	if (file->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (!count)
		return 0;
	int err = inode_prepare_write(inode, *pos + (loff_t)count);
	if (err)
		return err;
	size_t n = count - copy_from_user((char *)inode->i_data + *pos, buf, count);
	if (!n)
		return -EFAULT;
	*pos += n;
	if (*pos > inode->i_size)
		inode->i_size = *pos;
	inode->i_mtime = inode->i_ctime = current_time();
	return (ssize_t)n;
}

const struct file_operations ramfs_file_operations = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
};

unsigned int dt_type(umode_t mode)
{
	return (mode & S_IFMT) >> 12; /* DT_REG 8, DT_DIR 4, DT_LNK 10, ... */
}

/* "." and "..", then the children, newest first. Position 2 is the first child; after a
 * child the position is its d_off, and the walk goes on with the older ones (smaller d_off). A
 * child's d_off never changes, so entries removed or added between calls shift no others. */
bool dir_emit_dots(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry;
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 1, dir->d_inode->i_ino, 4))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 2, dir->d_parent->d_inode->i_ino, 4))
			return false;
		ctx->pos = 2;
	}
	return true;
}

int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *d;
	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(d, &file->f_dentry->d_subdirs, d_child) {
		if (ctx->pos > 2 && d->d_off >= ctx->pos)
			continue;
		if (!ctx->actor(ctx, d->d_name, (int)strlen(d->d_name), d->d_off, d->d_inode->i_ino,
				dt_type(d->d_inode->i_mode)))
			return 0;
		ctx->pos = d->d_off;
	}
	return 0;
}

static loff_t dcache_dir_lseek(struct file *file, loff_t offset, int whence)
{
	if (whence == SEEK_CUR)
		offset += file->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (offset < 0)
		return -EINVAL;
	return file->f_pos = offset;
}

static ssize_t dir_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	(void)file, (void)buf, (void)count, (void)pos;
	return -EISDIR;
}

const struct file_operations simple_dir_operations = {
	.read = dir_read,
	.llseek = dcache_dir_lseek,
	.iterate = dcache_readdir,
};

/* A new inode of the given kind; its data (a file's bytes, a link's target) is borrowed. */
static struct inode *ramfs_get_inode(umode_t mode, const void *data, loff_t size, dev_t rdev)
{
	struct inode *inode = new_inode();
	if (!inode)
		return NULL;
	inode->i_mode = mode;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_fop = &ramfs_file_operations;
		inode->i_data = data;
		inode->i_size = size;
		break;
	case S_IFDIR:
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;
		break;
	case S_IFLNK: {
		char *target = kmalloc((size_t)size + 1);
		if (!target) {
			iput(inode);
			return NULL;
		}
		memcpy(target, data, (size_t)size);
		target[size] = 0;
		inode->i_data = target;
		inode->i_alloc = (size_t)size + 1;
		inode->i_size = size;
		break;
	}
	case S_IFCHR:
		inode->i_rdev = rdev;
		inode->i_fop = chrdev_fops(rdev); /* NULL: open gives ENXIO */
		break;
	default: /* FIFOs, sockets, block devices: names only */
		inode->i_rdev = rdev;
		break;
	}
	return inode;
}

int vfs_create_node(struct dentry *dir, const char *name, size_t len, umode_t mode,
		    const void *data, loff_t size, dev_t rdev, struct dentry **res)
{
	if (dir->d_unhashed && dir != root_dentry)
		return -ENOENT; /* a removed directory takes no new entries */
	if (dir->d_inode->i_op)
		return -EACCES; /* /proc */
	struct inode *inode = ramfs_get_inode(mode, data, size, rdev);
	if (!inode)
		return -ENOSPC;
	struct dentry *d = d_alloc(dir, name, len, inode);
	if (!d) {
		iput(inode);
		return -ENOSPC;
	}
	d_add(d);
	if (S_ISDIR(mode))
		dir->d_inode->i_nlink++;
	dir->d_inode->i_mtime = dir->d_inode->i_ctime = current_time();
	*res = d;
	return 0;
}

/* Kernel-made nodes (the initramfs, /dev): the path from the root, its missing parents made
 * as directories (0755). An existing name is left alone (-EEXIST). */
int vfs_mknod_path(const char *path, umode_t mode, const void *data, loff_t size, dev_t rdev,
		   const struct file_operations *fops, struct inode **res)
{
	struct dentry *dir = dget(root_dentry), *d;
	int err = 0;
	for (;;) {
		while (*path == '/')
			path++;
		const char *end = path;
		while (*end && *end != '/')
			end++;
		size_t len = (size_t)(end - path);
		const char *rest = end;
		while (*rest == '/')
			rest++;
		if (!len) {
			err = -EEXIST; /* the root */
			break;
		}
		d = dget(d_lookup(dir, path, len));
		if (!*rest) {
			if (d) {
				err = -EEXIST;
				dput(d);
			} else if (!(err = vfs_create_node(dir, path, len, mode, data, size, rdev, &d))) {
				if (fops)
					d->d_inode->i_fop = fops;
				if (res)
					*res = d->d_inode;
				dput(d);
			}
			break;
		}
		if (!d && (err = vfs_create_node(dir, path, len, S_IFDIR | 0755, NULL, 0, 0, &d)))
			break;
		dput(dir);
		dir = d;
		if (!S_ISDIR(dir->d_inode->i_mode)) {
			err = -ENOTDIR;
			break;
		}
		path = rest;
	}
	dput(dir);
	return err;
}
