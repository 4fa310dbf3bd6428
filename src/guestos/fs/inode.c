/* inode.c - inodes: allocation, references, times and the size of an in-memory file. */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/string.h>

/* An inode timestamp: the coarse clock, as Linux's current_time (so times move in ticks). */
struct timespec64 current_time(void)
{
	struct timespec64 now;
	ktime_get_coarse_real_ts64(&now);
	return now;
}

static struct kmem_cache *inode_cachep;

void inode_init(void)
{
	inode_cachep = kmem_cache_create("inode_cache", sizeof(struct inode), 0, SLAB_PANIC, NULL);
}

unsigned long get_next_ino(void)
{
	static unsigned long last_ino = 0x10000; /* below: initramfs inode numbers */
	return ++last_ino;
}

/* alloc_inode + inode_init_always: a zeroed inode with one reference, a fresh number, one
 * link and the time now. The file system's alloc_inode zeroes what it allocates. */
struct inode *new_inode_pseudo(struct super_block *sb)
{
	struct inode *inode = sb && sb->s_op->alloc_inode ? sb->s_op->alloc_inode(sb) :
							    kmem_cache_zalloc(inode_cachep);
	if (inode) {
		inode->i_sb = sb;
		inode->i_ino = get_next_ino();
		inode->i_count = 1;
		inode->i_nlink = 1;
		inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	}
	return inode;
}

struct inode *new_inode(void)
{
	return new_inode_pseudo(NULL);
}

static void destroy_inode(struct inode *inode)
{
	if (inode->i_sb && inode->i_sb->s_op->destroy_inode)
		inode->i_sb->s_op->destroy_inode(inode);
	else
		kmem_cache_free(inode_cachep, inode);
}

struct inode *igrab(struct inode *inode)
{
	inode->i_count++;
	return inode;
}

void iput(struct inode *inode)
{
	if (!inode || --inode->i_count > 0)
		return;
	if (inode->i_alloc)
		kfree(inode->i_data);
	if (inode->i_pipe)
		free_pipe_info(inode->i_pipe);
	destroy_inode(inode);
}

/* Makes room for `size` bytes at i_data, copying initramfs contents out of the (read-only)
 * module on the first change. Capacity grows by doubling so appends stay linear. */
static int inode_reserve(struct inode *inode, size_t size)
{
	if (inode->i_alloc && size <= inode->i_alloc)
		return 0;
	size_t cap = inode->i_alloc ? inode->i_alloc : 64;
	while (cap < size)
		cap *= 2;
	if (cap > (1UL << 30))
		return -EFBIG;
	char *data = kmalloc(cap);
	if (!data)
		return -ENOSPC;
	size_t keep = min((size_t)inode->i_size, cap);
	if (keep)
		memcpy(data, inode->i_data, keep);
	memset(data + keep, 0, cap - keep);
	if (inode->i_alloc)
		kfree(inode->i_data);
	inode->i_data = data;
	inode->i_alloc = cap;
	return 0;
}

/* truncate(2): bytes past the new end are forgotten, bytes added read as zeros. */
int inode_set_size(struct inode *inode, loff_t size)
{
	if (size < 0)
		return -EINVAL;
	int err = inode_reserve(inode, size ? (size_t)size : 1);
	if (err)
		return err;
	char *data = (char *)inode->i_data;
	if (size < inode->i_size)
		memset(data + size, 0, (size_t)(inode->i_size - size));
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time();
	return 0;
}

/* Room for a write ending at `end`, the gap past the old end zeroed. */
int inode_prepare_write(struct inode *inode, loff_t end)
{
	if (end < 0)
		return -EFBIG;
	return inode_reserve(inode, (size_t)max(end, inode->i_size));
}
