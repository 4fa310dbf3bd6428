/* linux/errno.h - error numbers, and error codes carried in pointers (ERR_PTR). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <uapi/errno.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE(ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR_VALUE(ptr); }

/* kernel/panic.c: "ENOENT" for 2, for kernel messages. */
const char *errname(int err);

#endif
