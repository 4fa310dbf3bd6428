/* namei.c - from a path to an inode in the root file system. Paths are absolute or relative to
 * "/" (the only working directory); "." and ".." work, and symbolic links are followed, at most
 * MAX_NESTED_LINKS of them. */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define MAX_NESTED_LINKS 8

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

/* Appends a component to the normalised directory path in `cur` (PATH_MAX bytes). */
static int path_append(char *cur, const char *comp, size_t n)
{
	size_t len = strlen(cur);
	if (len + 1 + n + 1 > PATH_MAX)
		return -ENAMETOOLONG;
	if (len)
		cur[len++] = '/';
	memcpy(cur + len, comp, n);
	cur[len + n] = 0;
	return 0;
}

static void path_up(char *cur)
{
	char *slash = NULL;
	for (char *p = cur; *p; p++)
		if (*p == '/')
			slash = p;
	if (slash)
		*slash = 0;
	else
		cur[0] = 0;
}

/*
 * Walks `path` starting from the directory `cur` (normalised, modified in place). On success
 * *res is the inode and `cur` its path.
 */
static int link_path_walk(char *cur, const char *path, bool follow, int depth,
			  struct inode **res)
{
	struct inode *inode = rootfs_lookup(cur);
	if (*path == '/') {
		cur[0] = 0;
		inode = rootfs_lookup("");
	}
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		const char *end = path;
		while (*end && *end != '/')
			end++;
		size_t n = end - path;
		bool last = true;
		for (const char *p = end; *p; p++)
			if (*p != '/')
				last = false;
		if (!inode || !S_ISDIR(inode->i_mode))
			return -ENOTDIR;
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			path_up(cur);
		} else if (!(n == 1 && path[0] == '.')) {
			size_t before = strlen(cur);
			int err = path_append(cur, path, n);
			if (err)
				return err;
			inode = rootfs_lookup(cur);
			if (!inode)
				return -ENOENT;
			if (S_ISLNK(inode->i_mode) && (!last || follow)) {
				if (depth >= MAX_NESTED_LINKS)
					return -ELOOP;
				char *target = kmalloc(PATH_MAX);
				if (!target)
					return -ENOMEM;
				size_t tlen = min((size_t)inode->i_size, (size_t)PATH_MAX - 1);
				memcpy(target, inode->i_data, tlen);
				target[tlen] = 0;
				cur[before] = 0; /* the link's directory */
				err = link_path_walk(cur, target, true, depth + 1, &inode);
				kfree(target);
				if (err)
					return err;
			}
		}
		inode = rootfs_lookup(cur);
		path = end;
	}
	if (!inode)
		return -ENOENT;
	*res = inode;
	return 0;
}

/* Resolves a path relative to `dir` (a normalised rootfs path; "" for "/"). */
int path_lookupat(const char *dir, const char *path, struct inode **inode, bool follow)
{
	char *cur = kmalloc(PATH_MAX);
	if (!cur)
		return -ENOMEM;
	strlcpy(cur, dir, PATH_MAX);
	int err = link_path_walk(cur, path, follow, 0, inode);
	/* "dir/" must be a directory */
	size_t n = strlen(path);
	if (!err && n && path[n - 1] == '/' && !S_ISDIR((*inode)->i_mode))
		err = -ENOTDIR;
	kfree(cur);
	return err;
}

int kern_path(const char *path, struct inode **inode, bool follow)
{
	return path_lookupat("", path, inode, follow);
}
