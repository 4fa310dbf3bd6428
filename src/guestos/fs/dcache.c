/* dcache.c - the tree of names (linux/dcache.h). Lookups scan a directory's list: directories
 * are small. As in Linux 5.0, a new name goes to the head of its directory's list, so getdents
 * on the in-memory file system lists the newest entry first, as tmpfs does. */
#include <linux/dcache.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

struct dentry *root_dentry;

struct dentry *dget(struct dentry *d)
{
	if (d)
		d->d_count++;
	return d;
}

void dput(struct dentry *d)
{
	while (d && --d->d_count == 0) {
		struct dentry *parent = d->d_parent;
		iput(d->d_inode);
		kfree(d->d_name);
		kfree(d);
		d = parent == d ? NULL : parent;
	}
}

/* A new, unlinked dentry with one reference, holding `inode`'s reference and one on parent. */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len, struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d));
	char *n = kmalloc(len + 1);
	if (!d || !n) {
		kfree(d);
		kfree(n);
		return NULL;
	}
	memcpy(n, name, len);
	n[len] = 0;
	d->d_name = n;
	d->d_inode = inode;
	d->d_parent = parent ? dget(parent) : d;
	d->d_count = 1;
	d->d_unhashed = true;
	d->d_next_off = 3; /* getdents positions: 0 ".", 1 "..", 2 the first entry */
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	return d;
}

void d_add(struct dentry *d)
{
	struct dentry *dir = d->d_parent;
	d->d_off = dir->d_next_off++;
	list_add(&d->d_child, &dir->d_subdirs);
	d->d_unhashed = false;
	dget(d);
}

void d_delete(struct dentry *d)
{
	if (d->d_unhashed)
		return;
	list_del_init(&d->d_child);
	d->d_unhashed = true;
	dput(d);
}

struct dentry *d_lookup(struct dentry *dir, const char *name, size_t len)
{
	struct dentry *d;
	list_for_each_entry(d, &dir->d_subdirs, d_child)
		if (strlen(d->d_name) == len && memcmp(d->d_name, name, len) == 0)
			return d;
	return NULL;
}

/* rename: d leaves its directory and joins new_parent under a new name. */
int d_move(struct dentry *d, struct dentry *new_parent, const char *name, size_t len)
{
	char *n = kmalloc(len + 1);
	if (!n)
		return -ENOMEM;
	memcpy(n, name, len);
	n[len] = 0;
	dget(d); /* d_delete drops the list's reference */
	d_delete(d);
	struct dentry *old_parent = d->d_parent;
	d->d_parent = dget(new_parent);
	dput(old_parent);
	kfree(d->d_name);
	d->d_name = n;
	d_add(d);
	dput(d);
	return 0;
}

bool d_is_ancestor(const struct dentry *ancestor, const struct dentry *d)
{
	for (;; d = d->d_parent) {
		if (d == ancestor)
			return true;
		if (d->d_parent == d)
			return false;
	}
}

char *d_path(const struct dentry *d, char *buf, size_t size)
{
	char *p = buf + size;
	*--p = 0;
	if (d->d_parent == d) {
		*--p = '/';
		return p;
	}
	for (; d->d_parent != d; d = d->d_parent) {
		size_t n = strlen(d->d_name);
		if ((size_t)(p - buf) < n + 1)
			return ERR_PTR(-ENAMETOOLONG);
		p -= n;
		memcpy(p, d->d_name, n);
		*--p = '/';
	}
	return p;
}

/* The file system's object caches, at boot (before the initramfs is unpacked). */
void vfs_caches_init(void)
{
	inode_init();
	files_init();
}
