/* namei.c - from a path to a dentry. A path is absolute, or relative to the working directory
 * or to a directory descriptor (the *at() calls). "." and ".." work (".." stops at the root),
 * symbolic links are followed in every component but the last, and in the last one when the
 * caller asks (LOOKUP_FOLLOW), at most MAXSYMLINKS of them in one lookup. */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "internal.h"

struct nameidata {
	struct dentry *dentry; /* where the walk is: referenced */
	struct dentry *root;
	int total_links;
};

char *getname(const char __user *filename)
{
	char *name = kmalloc(PATH_MAX);
	if (!name)
		return ERR_PTR(-ENOMEM);
	long n = strncpy_from_user(name, filename, PATH_MAX);
	int err = n < 0 ? (int)n : n == PATH_MAX ? -ENAMETOOLONG : n == 0 ? -ENOENT : 0;
	if (err) {
		kfree(name);
		return ERR_PTR(err);
	}
	return name;
}

void putname(char *name)
{
	kfree(name);
}

static void nd_set(struct nameidata *nd, struct dentry *d)
{
	struct dentry *old = nd->dentry;
	nd->dentry = dget(d);
	dput(old);
}

struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len)
{
	struct inode *inode = dir->d_inode;
	if (inode->i_op && inode->i_op->lookup)
		return inode->i_op->lookup(dir, name, len);
	return dget(d_lookup(dir, name, len));
}

int vfs_readlink_buf(struct dentry *d, char *buf)
{
	struct inode *inode = d->d_inode;
	if (inode->i_op && inode->i_op->get_link)
		return inode->i_op->get_link(d, buf);
	size_t n = min((size_t)inode->i_size, (size_t)PATH_MAX - 1);
	memcpy(buf, inode->i_data, n);
	buf[n] = 0;
	return (int)n;
}

static int link_path_walk(struct nameidata *nd, const char *name, bool follow_last);

/* Continues the walk at a symbolic link's target, from the link's directory. */
static int follow_link(struct nameidata *nd, struct dentry *link)
{
	if (++nd->total_links > MAXSYMLINKS)
		return -ELOOP;
	char *target = kmalloc(PATH_MAX);
	if (!target)
		return -ENOMEM;
	int err = vfs_readlink_buf(link, target);
	if (err >= 0)
		err = *target ? link_path_walk(nd, target, true) : -ENOENT;
	kfree(target);
	return err;
}

/* One step from the directory nd->dentry. */
static int walk_component(struct nameidata *nd, const char *name, size_t len, bool follow)
{
	struct dentry *dir = nd->dentry;
	if (!S_ISDIR(dir->d_inode->i_mode))
		return -ENOTDIR;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (dir != nd->root)
			nd_set(nd, dir->d_parent);
		return 0;
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	struct dentry *child = lookup_one(dir, name, len);
	if (!child)
		return -ENOENT;
	int err = 0;
	if (S_ISLNK(child->d_inode->i_mode) && follow)
		err = follow_link(nd, child); /* nd->dentry is still the link's directory */
	else
		nd_set(nd, child);
	dput(child);
	return err;
}

/* The next component of *p: its start and length; *p moves past it and its slashes. Returns
 * false at the end. *last says whether nothing but slashes follows. */
static bool next_component(const char **p, const char **comp, size_t *len, bool *slash,
			   bool *last)
{
	const char *s = *p;
	while (*s == '/')
		s++;
	if (!*s)
		return false;
	const char *e = s;
	while (*e && *e != '/')
		e++;
	*comp = s;
	*len = (size_t)(e - s);
	*slash = *e == '/';
	while (*e == '/')
		e++;
	*last = !*e;
	*p = e;
	return true;
}

/* Walks all of `name`; the last component is followed if it is a link and follow_last. */
static int link_path_walk(struct nameidata *nd, const char *name, bool follow_last)
{
	const char *comp;
	size_t len;
	bool slash, last;
	if (*name == '/')
		nd_set(nd, nd->root);
	while (next_component(&name, &comp, &len, &slash, &last)) {
		int err = walk_component(nd, comp, len, !last || follow_last || slash);
		if (err)
			return err;
		if (slash && !S_ISDIR(nd->dentry->d_inode->i_mode))
			return -ENOTDIR;
	}
	return 0;
}

/* Where a walk starts: the root for an absolute path, else the working directory or dfd. */
static int path_init(struct nameidata *nd, int dfd, const char *name)
{
	struct fs_struct *fs = current_fs();
	nd->root = fs->root;
	nd->total_links = 0;
	if (*name == '/' || dfd == AT_FDCWD) {
		nd->dentry = dget(*name == '/' ? fs->root : fs->pwd);
		return 0;
	}
	struct fd f = fdget((unsigned int)dfd);
	if (!f.file)
		return -EBADF;
	if (!f.file->f_dentry || !S_ISDIR(f.file->f_inode->i_mode))
		return -ENOTDIR;
	nd->dentry = dget(f.file->f_dentry);
	return 0;
}

int kern_path_at(int dfd, const char *name, unsigned int flags, struct dentry **res)
{
	struct nameidata nd;
	if (!*name) {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		if (dfd == AT_FDCWD) {
			*res = dget(current_fs()->pwd);
			return 0;
		}
		struct fd f = fdget((unsigned int)dfd);
		if (!f.file)
			return -EBADF;
		if (!f.file->f_dentry)
			return -ENOENT; /* a pipe or socket: the callers look at the file */
		*res = dget(f.file->f_dentry);
		return 0;
	}
	int err = path_init(&nd, dfd, name);
	if (err)
		return err;
	err = link_path_walk(&nd, name, flags & LOOKUP_FOLLOW);
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(nd.dentry->d_inode->i_mode))
		err = -ENOTDIR;
	if (err) {
		dput(nd.dentry);
		return err;
	}
	*res = nd.dentry;
	return 0;
}

int user_path_at(int dfd, const char __user *filename, unsigned int flags, struct dentry **res)
{
	char *name = getname(filename);
	if (IS_ERR(name)) {
		if (PTR_ERR(name) != -ENOENT || !(flags & LOOKUP_EMPTY))
			return PTR_ERR(name);
		return kern_path_at(dfd, "", flags, res);
	}
	int err = kern_path_at(dfd, name, flags, res);
	putname(name);
	return err;
}

int kern_parent_at(int dfd, const char *name, struct dentry **parent, struct qstr *last)
{
	struct nameidata nd;
	int err = path_init(&nd, dfd, name);
	if (err)
		return err;
	const char *p = name, *comp;
	size_t len;
	bool slash, is_last;
	*last = (struct qstr){"", 0, false};
	if (*p == '/')
		nd_set(&nd, nd.root);
	while (next_component(&p, &comp, &len, &slash, &is_last)) {
		if (is_last) {
			*last = (struct qstr){comp, len, slash};
			break;
		}
		err = walk_component(&nd, comp, len, true);
		if (err) {
			dput(nd.dentry);
			return err;
		}
	}
	if (last->len > NAME_MAX)
		err = -ENAMETOOLONG;
	else if (!S_ISDIR(nd.dentry->d_inode->i_mode))
		err = -ENOTDIR;
	if (err) {
		dput(nd.dentry);
		return err;
	}
	*parent = nd.dentry;
	return 0;
}

/* The inode at a kernel path, relative to the working directory. The name keeps the inode
 * alive (no reference is passed to the caller), as exec and mmap expect. */
int kern_path(const char *path, struct inode **inode, bool follow)
{
	struct dentry *d;
	int err = kern_path_at(AT_FDCWD, path, follow ? LOOKUP_FOLLOW : 0, &d);
	if (err)
		return err;
	*inode = d->d_inode;
	dput(d);
	return 0;
}

/* The calls that change the tree: each finds the parent directory and the last name, then
 * hands off to a vfs_* worker. */

#include <linux/syscalls.h>

/* The parent and last component of a user path; the name buffer is freed by the caller. */
static int user_parent(int dfd, const char __user *pathname, char **name, struct dentry **dir,
		       struct qstr *last)
{
	*name = getname(pathname);
	if (IS_ERR(*name))
		return (int)PTR_ERR(*name);
	int err = kern_parent_at(dfd, *name, dir, last);
	if (err)
		putname(*name);
	return err;
}

static long do_mknodat(int dfd, const char __user *filename, umode_t mode, dev_t dev)
{
	char *name;
	struct dentry *dir, *d;
	struct qstr last;
	umode_t type = mode & S_IFMT;
	if (!type)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFDIR && type != S_IFCHR && type != S_IFBLK &&
	    type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	long err = user_parent(dfd, filename, &name, &dir, &last);
	if (err)
		return err;
	if (!last.len || qstr_is_dot(&last))
		err = -EEXIST;
	else if ((d = lookup_one(dir, last.name, last.len))) {
		dput(d);
		err = -EEXIST;
	} else if (last.trailing_slash && type != S_IFDIR)
		err = -ENOENT;
	else {
		umode_t perm = mode & S_IALLUGO & ~current_fs()->umask;
		err = vfs_create_node(dir, last.name, last.len, type | perm, NULL, 0, dev, &d);
		if (!err)
			dput(d);
	}
	dput(dir);
	putname(name);
	return err;
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, filename, umode_t, mode, unsigned int,
		dev)
{
	if (S_ISDIR(mode))
		return -EINVAL;
	return do_mknodat(dfd, filename, mode, (dev_t)dev);
}

SYSCALL_DEFINE3(mknod, const char __user *, filename, umode_t, mode, unsigned int, dev)
{
	return __do_sys_mknodat(AT_FDCWD, filename, mode, dev);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, umode_t, mode)
{
	return do_mknodat(dfd, pathname, S_IFDIR | (mode & 01777), 0);
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)
{
	return do_mknodat(AT_FDCWD, pathname, S_IFDIR | (mode & 01777), 0);
}

/* Takes d out of dir: its name goes, the inode lives while files or links hold it. */
static void vfs_unlink_dentry(struct dentry *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	struct timespec64 now = current_time();
	if (S_ISDIR(inode->i_mode)) {
		inode->i_nlink = 0;
		dir->d_inode->i_nlink--;
	} else {
		inode->i_nlink--;
	}
	inode->i_ctime = dir->d_inode->i_mtime = dir->d_inode->i_ctime = now;
	d_delete(d);
}

static long do_rmdir(int dfd, const char __user *pathname)
{
	char *name;
	struct dentry *dir, *d = NULL;
	struct qstr last;
	long err = user_parent(dfd, pathname, &name, &dir, &last);
	if (err)
		return err;
	if (!last.len)
		err = -EBUSY;
	else if (last.len == 1 && last.name[0] == '.')
		err = -EINVAL;
	else if (qstr_is_dot(&last))
		err = -ENOTEMPTY;
	else if (!(d = lookup_one(dir, last.name, last.len)))
		err = -ENOENT;
	else if (!S_ISDIR(d->d_inode->i_mode))
		err = -ENOTDIR;
	else if (!list_empty(&d->d_subdirs) || d->d_inode->i_op)
		err = d->d_inode->i_op ? -EBUSY : -ENOTEMPTY;
	else if (d == current_fs()->root)
		err = -EBUSY;
	else
		vfs_unlink_dentry(dir, d);
	dput(d);
	dput(dir);
	putname(name);
	return err;
}

static long do_unlinkat(int dfd, const char __user *pathname)
{
	char *name;
	struct dentry *dir, *d = NULL;
	struct qstr last;
	long err = user_parent(dfd, pathname, &name, &dir, &last);
	if (err)
		return err;
	if (!last.len || qstr_is_dot(&last))
		err = -EISDIR;
	else if (!(d = lookup_one(dir, last.name, last.len)))
		err = -ENOENT;
	else if (S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (last.trailing_slash)
		err = -ENOTDIR;
	else if (dir->d_inode->i_op)
		err = -EACCES;
	else
		vfs_unlink_dentry(dir, d);
	dput(d);
	dput(dir);
	putname(name);
	return err;
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	return flag & AT_REMOVEDIR ? do_rmdir(dfd, pathname) : do_unlinkat(dfd, pathname);
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	return do_unlinkat(AT_FDCWD, pathname);
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	return do_rmdir(AT_FDCWD, pathname);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	char *target = getname(oldname), *name;
	struct dentry *dir, *d;
	struct qstr last;
	if (IS_ERR(target))
		return PTR_ERR(target);
	long err = user_parent(newdfd, newname, &name, &dir, &last);
	if (err) {
		putname(target);
		return err;
	}
	if (!last.len || qstr_is_dot(&last) || last.trailing_slash)
		err = -EEXIST;
	else if ((d = lookup_one(dir, last.name, last.len))) {
		dput(d);
		err = -EEXIST;
	} else if (!(err = vfs_create_node(dir, last.name, last.len, S_IFLNK | 0777, target,
					   (loff_t)strlen(target), 0, &d)))
		dput(d);
	dput(dir);
	putname(name);
	putname(target);
	return err;
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname, const char __user *, newname)
{
	return __do_sys_symlinkat(oldname, AT_FDCWD, newname);
}

/* A hard link: a second dentry on the same inode. */
SYSCALL_DEFINE5(linkat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, int, flags)
{
	struct dentry *old, *dir, *d;
	struct qstr last;
	char *name;
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long err = user_path_at(olddfd, oldname, (flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0) |
				(flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &old);
	if (err)
		return err;
	if (S_ISDIR(old->d_inode->i_mode) || old->d_inode->i_op) {
		dput(old);
		return -EPERM;
	}
	err = user_parent(newdfd, newname, &name, &dir, &last);
	if (err) {
		dput(old);
		return err;
	}
	if (!last.len || qstr_is_dot(&last) || last.trailing_slash)
		err = -EEXIST;
	else if ((d = lookup_one(dir, last.name, last.len))) {
		dput(d);
		err = -EEXIST;
	} else if (dir->d_inode->i_op)
		err = -EACCES;
	else if (!(d = d_alloc(dir, last.name, last.len, igrab(old->d_inode)))) {
		iput(old->d_inode);
		err = -ENOSPC;
	} else {
		d_add(d);
		dput(d);
		old->d_inode->i_nlink++;
		old->d_inode->i_ctime = dir->d_inode->i_mtime = current_time();
	}
	dput(dir);
	putname(name);
	dput(old);
	return err;
}

SYSCALL_DEFINE2(link, const char __user *, oldname, const char __user *, newname)
{
	return __do_sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* The checks of rename(2) once both names are known; 0 means go ahead. */
static int may_rename(struct dentry *old, struct dentry *new_dir, struct dentry *target,
		      const struct qstr *old_last, const struct qstr *new_last)
{
	bool dir = S_ISDIR(old->d_inode->i_mode);
	if (!dir && (old_last->trailing_slash || new_last->trailing_slash))
		return -ENOTDIR;
	if (dir && d_is_ancestor(old, new_dir))
		return -EINVAL; /* into itself */
	if (old->d_parent->d_inode->i_op || new_dir->d_inode->i_op)
		return -EXDEV; /* /proc */
	if (!target)
		return 0;
	if (dir && !S_ISDIR(target->d_inode->i_mode))
		return -ENOTDIR;
	if (!dir && S_ISDIR(target->d_inode->i_mode))
		return -EISDIR;
	if (dir && !list_empty(&target->d_subdirs))
		return -ENOTEMPTY;
	return 0;
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, unsigned int, flags)
{
	char *oname, *nname;
	struct dentry *odir, *ndir, *old = NULL, *target = NULL;
	struct qstr olast, nlast;
	if (flags & ~RENAME_NOREPLACE)
		return flags & RENAME_EXCHANGE ? -EOPNOTSUPP : -EINVAL;
	long err = user_parent(olddfd, oldname, &oname, &odir, &olast);
	if (err)
		return err;
	err = user_parent(newdfd, newname, &nname, &ndir, &nlast);
	if (err) {
		dput(odir);
		putname(oname);
		return err;
	}
	if (!olast.len || qstr_is_dot(&olast) || !nlast.len || qstr_is_dot(&nlast))
		err = -EBUSY;
	else if (!(old = lookup_one(odir, olast.name, olast.len)))
		err = -ENOENT;
	else if ((target = lookup_one(ndir, nlast.name, nlast.len)) && (flags & RENAME_NOREPLACE))
		err = -EEXIST;
	else if (target && target->d_inode == old->d_inode)
		err = 0; /* the same file: nothing to do */
	else if (!(err = may_rename(old, ndir, target, &olast, &nlast))) {
		if (target)
			vfs_unlink_dentry(ndir, target);
		err = d_move(old, ndir, nlast.name, nlast.len);
		if (!err && S_ISDIR(old->d_inode->i_mode)) {
			odir->d_inode->i_nlink--;
			ndir->d_inode->i_nlink++;
		}
		odir->d_inode->i_mtime = ndir->d_inode->i_mtime = current_time();
	}
	dput(old);
	dput(target);
	dput(odir);
	dput(ndir);
	putname(oname);
	putname(nname);
	return err;
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return __do_sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *, newname)
{
	return __do_sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
