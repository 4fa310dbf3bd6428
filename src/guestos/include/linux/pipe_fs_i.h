/* linux/pipe_fs_i.h - pipes (fs/pipe.c): a ring buffer shared by the read end and the write
 * end, and one wait queue on which readers wait for data and writers for room. */
#ifndef _LINUX_PIPE_FS_I_H
#define _LINUX_PIPE_FS_I_H

#include <linux/wait.h>
#include <linux/types.h>

#define PIPE_BUF  4096          /* writes up to this size are atomic (POSIX) */
#define PIPE_SIZE (64 * 1024)   /* Linux's default capacity */

struct pipe_inode_info {
	wait_queue_head_t wait;
	char *buf;               /* PIPE_SIZE bytes */
	size_t head, len;        /* the oldest byte, and how many there are */
	unsigned int readers, writers; /* open files on each end */
};

void free_pipe_info(struct pipe_inode_info *pipe);
long do_pipe_flags(int __user *fildes, int flags);

#endif
