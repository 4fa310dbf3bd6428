/* d_path.c - getcwd(2): the working directory's path, walked up from its dentry. */
#include <linux/dcache.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct dentry *pwd = current_fs()->pwd;
	char *page = kmalloc(PATH_MAX);
	if (!page)
		return -ENOMEM;
	long err = -ENOENT; /* the directory was removed */
	if (!pwd->d_unhashed || pwd == root_dentry) {
		char *path = d_path(pwd, page, PATH_MAX);
		if (IS_ERR(path))
			err = PTR_ERR(path);
		else if ((size_t)(page + PATH_MAX - path) > size)
			err = -ERANGE;
		else {
			size_t len = (size_t)(page + PATH_MAX - path);
			err = copy_to_user(buf, path, len) ? -EFAULT : (long)len;
		}
	}
	kfree(page);
	return err;
}
