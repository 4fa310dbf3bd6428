/* file_table.c - open files, with reference counts. */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/string.h>

static struct kmem_cache *filp_cachep;

void files_init(void)
{
	filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0, SLAB_PANIC, NULL);
}

/* A new open file on inode, named `name` ("" for a socket). */
struct file *alloc_file_pseudo(struct inode *inode, const char *name, int flags,
			       const struct file_operations *fops)
{
	struct file *f = kmem_cache_zalloc(filp_cachep);
	if (!f)
		return ERR_PTR(-ENFILE);
	f->f_op = fops;
	f->f_inode = inode;
	f->f_flags = (unsigned int)flags & ~(unsigned int)O_CLOEXEC;
	unsigned int acc = flags & O_ACCMODE;
	f->f_mode = (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
		    (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
	f->f_count = 1;
	if (*name)
		strlcpy(f->f_name, name, sizeof(f->f_name));
	return f;
}

struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}

void fput(struct file *f)
{
	if (!f || --f->f_count > 0)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	iput(f->f_inode);
	dput(f->f_dentry);
	kmem_cache_free(filp_cachep, f);
}
