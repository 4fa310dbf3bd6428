/* initramfs.c - the root file system: an empty in-memory tree (fs/libfs.c) into which the cpio
 * archive that the loader passed as Multiboot module 0 is unpacked, in the "newc" format as
 * Linux's initramfs. Directories, regular files, symbolic links, device nodes and FIFOs are
 * made with the archive's modes, owners and times; a regular file's bytes stay in the module
 * until the file is first changed. */
#include <linux/dcache.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/bootparam.h>
#include "internal.h"

#define CPIO_HEADER_SIZE 110

/* The root directory, made the first time it is needed (devices register before unpacking). */
static void init_rootfs(void)
{
	if (root_dentry)
		return;
	struct inode *inode = new_inode();
	if (!inode || !(root_dentry = d_alloc(NULL, "/", 1, inode)))
		panic("out of memory for the root directory");
	inode->i_mode = S_IFDIR | 0755;
	inode->i_nlink = 2;
	inode->i_fop = &simple_dir_operations;
	root_dentry->d_unhashed = false;
}

void rootfs_add_device(const char *path, umode_t mode, dev_t rdev,
		       const struct file_operations *fops)
{
	init_rootfs();
	register_chrdev(rdev, fops);
	vfs_mknod_path(path, mode, NULL, 0, rdev, fops, NULL);
}

/* The newc header: magic, then 13 fields of 8 hex digits. */
enum { C_INO, C_MODE, C_UID, C_GID, C_NLINK, C_MTIME, C_FILESIZE, C_MAJ, C_MIN, C_RMAJ,
       C_RMIN, C_NAMESIZE, C_CHKSUM, C_FIELDS };

static bool parse_header(const char *h, unsigned long *f)
{
	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0)
		return false;
	for (int i = 0; i < C_FIELDS; i++) {
		unsigned long v = 0;
		for (int j = 0; j < 8; j++) {
			char c = h[6 + 8 * i + j];
			unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
				     c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
			if (d == 16)
				return false;
			v = v << 4 | d;
		}
		f[i] = v;
	}
	return true;
}

/* Directories get their times after everything is unpacked, since adding their entries
 * changes them (Linux's initramfs defers them the same way). */
struct dir_time {
	struct inode *inode;
	struct timespec64 mtime;
	struct dir_time *next;
};
static struct dir_time *dir_times;

static void defer_dir_time(struct inode *inode, struct timespec64 mtime)
{
	struct dir_time *t = kmalloc(sizeof(*t));
	if (!t)
		return;
	*t = (struct dir_time){igrab(inode), mtime, dir_times};
	dir_times = t;
}

static void apply_dir_times(void)
{
	while (dir_times) {
		struct dir_time *t = dir_times;
		dir_times = t->next;
		t->inode->i_atime = t->inode->i_mtime = t->inode->i_ctime = t->mtime;
		iput(t->inode);
		kfree(t);
	}
}

/* One archive entry. A directory that exists already (a parent made up earlier) takes the
 * entry's mode, owner and time; any other existing path keeps its first entry. */
static bool do_entry(const char *name, const unsigned long *f, const void *data)
{
	umode_t mode = (umode_t)f[C_MODE];
	struct inode *inode;
	int err = vfs_mknod_path(name, mode, data, (loff_t)f[C_FILESIZE],
				 MKDEV(f[C_RMAJ], f[C_RMIN]), NULL, &inode);
	if (err == -EEXIST && S_ISDIR(mode)) {
		struct dentry *d;
		if (kern_path_at(AT_FDCWD, name, 0, &d))
			return false;
		inode = d->d_inode;
		dput(d);
		if (!S_ISDIR(inode->i_mode))
			return false;
	} else if (err) {
		return false;
	}
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & S_IALLUGO);
	inode->i_uid = (uid_t)f[C_UID];
	inode->i_gid = (gid_t)f[C_GID];
	struct timespec64 mtime = {(s64)f[C_MTIME], 0};
	inode->i_atime = inode->i_mtime = inode->i_ctime = mtime;
	if (S_ISDIR(mode))
		defer_dir_time(inode, mtime);
	return true;
}

static void unpack_to_rootfs(const char *buf, size_t len)
{
	size_t off = 0;
	unsigned int files = 0;
	unsigned long f[C_FIELDS];
	while (off + CPIO_HEADER_SIZE <= len) {
		const char *h = buf + off;
		bool ok = parse_header(h, f);
		size_t name_off = off + CPIO_HEADER_SIZE;
		size_t data_off = ALIGN(name_off + f[C_NAMESIZE], 4);
		if (!ok || f[C_NAMESIZE] == 0 || f[C_NAMESIZE] > PATH_MAX || data_off > len ||
		    f[C_FILESIZE] > len - data_off || buf[name_off + f[C_NAMESIZE] - 1] != 0) {
			pr_err("initramfs: malformed cpio (newc) header at offset %zu\n", off);
			return;
		}
		const char *name = buf + name_off;
		if (strcmp(name, "TRAILER!!!") == 0)
			break;
		if (strcmp(name, ".") && strcmp(name, "./") && do_entry(name, f, buf + data_off))
			files++;
		off = ALIGN(data_off + f[C_FILESIZE], 4);
	}
	apply_dir_times();
	pr_info("initramfs: %u entries\n", files);
}

void populate_rootfs(void)
{
	init_rootfs();
	if (!boot_params.have_initrd)
		pr_info("initramfs: none (no Multiboot module)\n");
	else {
		pr_info("initramfs: %lu bytes\n", (unsigned long)boot_params.initrd_size);
		unpack_to_rootfs(__va(boot_params.initrd_start), boot_params.initrd_size);
	}
	proc_root_init();
	init_fs_pwd();
}
