/* fs/proc/internal.h - what the /proc files share. Every entry is made when it is looked up
 * (for the current process only: /proc/self and /proc/<its pid>) or, for the fixed files
 * (cpuinfo, meminfo, uptime, mounts), at boot; a fixed file's text is made at open. */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include "../internal.h"

/* Writes the file's text into buf (size bytes); returns its length. */
typedef size_t (*proc_show_t)(char *buf, size_t size);

/* generic.c */
struct inode *proc_new_inode(umode_t mode, const struct inode_operations *iop,
			     const struct file_operations *fop, void *priv);
void proc_create_single(const char *name, proc_show_t show);
struct dentry *proc_pid_lookup(struct dentry *dir, const char *name, size_t len);
int proc_emit(struct dir_context *ctx, loff_t index, const char *name, unsigned long ino,
	      unsigned int type);

/* base.c */
extern const struct inode_operations proc_self_inode_operations;

/* cpuinfo.c, meminfo.c, uptime.c */
size_t cpuinfo_show(char *buf, size_t size);
size_t meminfo_show(char *buf, size_t size);
size_t uptime_show(char *buf, size_t size);
size_t mounts_show(char *buf, size_t size);

#endif
