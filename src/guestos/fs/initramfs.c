/* initramfs.c - the root file system: the cpio archive (the "newc" format, as Linux's
 * initramfs) that the loader passed as Multiboot module 0. Files stay where the loader put
 * them; each entry gets an inode whose i_data points at its bytes. The file system is
 * read-only. */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/bootparam.h>

#define CPIO_HEADER_SIZE 110

struct rootfs_entry {
	char *path; /* normalised: no leading '/', no "." or ".." components; "" is the root */
	struct inode inode;
	struct rootfs_entry *next;
};

static struct rootfs_entry *entries;
static struct rootfs_entry root_entry = {"", {.i_mode = S_IFDIR | 0755, .i_ino = 1,
					      .i_nlink = 2, .i_count = 1}, NULL};

static struct rootfs_entry *add_entry(char *path, umode_t mode, const void *data, loff_t size,
				      unsigned long ino, long mtime);

static ssize_t ramfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (*pos >= inode->i_size)
		return 0;
	size_t n = min(count, (size_t)(inode->i_size - *pos));
	n -= copy_to_user(buf, (const char *)inode->i_data + *pos, n);
	if (!n)
		return -EFAULT;
	*pos += n;
	return (ssize_t)n; /* short when the buffer ran into a bad page, as in Linux */
}

static const struct file_operations ramfs_file_operations = {
	.read = ramfs_read,
	.llseek = generic_file_llseek,
};

const char *rootfs_path(const struct inode *inode)
{
	return container_of(inode, struct rootfs_entry, inode)->path;
}

/* A character device node, such as /dev/null (drivers/char/mem.c). */
void rootfs_add_device(const char *path, const struct file_operations *fops)
{
	static unsigned long ino = 0x9000;
	char *p = kstrdup(path);
	struct rootfs_entry *e = p ? add_entry(p, S_IFCHR | 0666, NULL, 0, ino++, 0) : NULL;
	if (e)
		e->inode.i_fop = fops;
}

struct inode *rootfs_lookup(const char *path)
{
	if (!*path)
		return &root_entry.inode;
	for (struct rootfs_entry *e = entries; e; e = e->next)
		if (strcmp(e->path, path) == 0)
			return &e->inode;
	return NULL;
}

static unsigned long parse_hex8(const char *s, bool *ok)
{
	unsigned long v = 0;
	for (int i = 0; i < 8; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			     c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
		if (d == 16)
			*ok = false;
		v = v << 4 | (d & 15);
	}
	return v;
}

/* "./bin//sh" -> "bin/sh"; "." -> "". */
static char *normalise(const char *name, size_t len)
{
	char *out = kmalloc(len + 1), *o = out;
	if (!out)
		return NULL;
	size_t i = 0;
	while (i < len) {
		while (i < len && name[i] == '/')
			i++;
		size_t start = i;
		while (i < len && name[i] != '/')
			i++;
		size_t n = i - start;
		if (n == 0 || (n == 1 && name[start] == '.'))
			continue;
		if (o != out)
			*o++ = '/';
		memcpy(o, name + start, n);
		o += n;
	}
	*o = 0;
	return out;
}

static struct rootfs_entry *add_entry(char *path, umode_t mode, const void *data, loff_t size,
				      unsigned long ino, long mtime)
{
	struct rootfs_entry *e = kzalloc(sizeof(*e));
	if (!e)
		return NULL;
	e->path = path;
	e->inode = (struct inode){.i_mode = mode, .i_ino = ino, .i_size = size,
				  .i_nlink = S_ISDIR(mode) ? 2 : 1, .i_mtime = mtime,
				  .i_count = 1, .i_data = data, .i_fop = &ramfs_file_operations};
	e->next = entries;
	entries = e;
	return e;
}

/* Archives often leave out the directories: add each missing parent. */
static void add_parent_dirs(void)
{
	unsigned long ino = 0x8000;
	for (struct rootfs_entry *e = entries; e; e = e->next) {
		for (char *slash = strchr(e->path, '/'); slash; slash = strchr(slash + 1, '/')) {
			size_t n = slash - e->path;
			char *dir = kmalloc(n + 1);
			if (!dir)
				return;
			memcpy(dir, e->path, n);
			dir[n] = 0;
			if (rootfs_lookup(dir))
				kfree(dir);
			else
				add_entry(dir, S_IFDIR | 0755, NULL, 0, ino++, 0);
		}
	}
}

static void unpack_to_rootfs(const char *buf, size_t len)
{
	size_t off = 0;
	unsigned int files = 0;
	while (off + CPIO_HEADER_SIZE <= len) {
		const char *h = buf + off;
		bool ok = memcmp(h, "070701", 6) == 0 || memcmp(h, "070702", 6) == 0;
		unsigned long ino = parse_hex8(h + 6, &ok), mode = parse_hex8(h + 14, &ok);
		unsigned long mtime = parse_hex8(h + 46, &ok), size = parse_hex8(h + 54, &ok);
		unsigned long namesize = parse_hex8(h + 94, &ok);
		size_t name_off = off + CPIO_HEADER_SIZE;
		size_t data_off = ALIGN(name_off + namesize, 4);
		if (!ok || namesize == 0 || namesize > PATH_MAX || data_off > len ||
		    size > len - data_off || buf[name_off + namesize - 1] != 0) {
			pr_err("initramfs: malformed cpio (newc) header at offset %zu\n", off);
			return;
		}
		const char *name = buf + name_off;
		if (strcmp(name, "TRAILER!!!") == 0)
			break;
		char *path = normalise(name, namesize - 1);
		if (path && !rootfs_lookup(path) && *path) {
			add_entry(path, (umode_t)mode, buf + data_off, (loff_t)size, ino, (long)mtime);
			files++;
		} else {
			kfree(path); /* the root, or a second entry for a path: the first wins */
		}
		off = ALIGN(data_off + size, 4);
	}
	add_parent_dirs();
	pr_info("initramfs: %u entries\n", files);
}

void populate_rootfs(void)
{
	root_entry.inode.i_fop = &ramfs_file_operations;
	if (!boot_params.have_initrd) {
		pr_info("initramfs: none (no Multiboot module)\n");
		add_parent_dirs();
		return;
	}
	pr_info("initramfs: %lu bytes\n", (unsigned long)boot_params.initrd_size);
	unpack_to_rootfs(__va(boot_params.initrd_start), boot_params.initrd_size);
}
