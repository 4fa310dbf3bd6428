/* linux/dcache.h - directory entries: the names of the file system's tree.
 *
 * Every name in the in-memory file system is a dentry that holds a reference to its inode and
 * to its parent, and sits on its parent's d_subdirs list. There is no separate on-disk form:
 * the dcache is the file system (as ramfs). An unlinked dentry leaves the list (d_unhashed)
 * but lives on while an open file or a working directory refers to it. */
#ifndef _LINUX_DCACHE_H
#define _LINUX_DCACHE_H

#include <linux/fs.h>
#include <linux/list.h>

struct dentry {
	struct inode *d_inode;
	struct dentry *d_parent;    /* the root is its own parent */
	struct list_head d_child;   /* on d_parent->d_subdirs */
	struct list_head d_subdirs; /* the entries of a directory, newest first */
	loff_t d_off;               /* getdents position: decreases along d_subdirs */
	loff_t d_next_off;          /* a directory's next d_off */
	int d_count;
	bool d_unhashed;            /* removed from its directory */
	char *d_name;
};

/* fs/dcache.c */
extern struct dentry *root_dentry;
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len, struct inode *inode);
void d_add(struct dentry *d);              /* link into the parent's list (+1 reference) */
void d_delete(struct dentry *d);           /* unlink from it (-1 reference) */
struct dentry *d_lookup(struct dentry *dir, const char *name, size_t len); /* no reference */
int d_move(struct dentry *d, struct dentry *new_parent, const char *name, size_t len);
bool d_is_ancestor(const struct dentry *ancestor, const struct dentry *d);
/* The absolute path of d into buf (size bytes), right-aligned: returns where it starts, or an
 * ERR_PTR(-ENAMETOOLONG). */
char *d_path(const struct dentry *d, char *buf, size_t size);

/* linux/fs_struct.h: a process's root, working directory and umask. */
struct fs_struct {
	int users;
	umode_t umask;
	struct dentry *root, *pwd;
};

/* fs/fs_struct.c. fork() gives the child copy_fs_struct(parent's) (or the same one, with
 * users + 1, for CLONE_FS); exit calls exit_fs(). */
extern struct fs_struct init_fs;
struct fs_struct *current_fs(void);
struct fs_struct *copy_fs_struct(struct fs_struct *old);
void put_fs_struct(struct fs_struct *fs);
void set_fs_pwd(struct fs_struct *fs, struct dentry *d);
void init_fs_pwd(void); /* init_cwd=, once the root file system is there */

#endif
