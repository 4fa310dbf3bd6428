/* linux/uaccess.h - the only way the kernel touches user memory.
 *
 * Each function first checks that the whole range lies below the task's address limit
 * (access_ok), then copies with STAC/CLAC around instructions that have exception-table entries
 * (arch/x86/lib/copy_user_64.S): a fault on an unmapped or protected user page ends the copy
 * instead of the kernel. Pages that are mapped but not yet touched are faulted in on the way.
 *
 *   copy_from_user(to, from, n)  copy_to_user(to, from, n)  clear_user(to, n)
 *       return the number of bytes NOT copied: 0 on success. Callers return -EFAULT.
 *   strncpy_from_user(dst, src, n)
 *       the string's length without its NUL; n if no NUL within n bytes; -EFAULT.
 *   get_user(x, ptr), put_user(x, ptr)
 *       one value of *ptr's size; 0 or -EFAULT.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/sched.h>

/* The end of user space for copy_*_user: lower for a 32-bit program. */
static inline unsigned long user_addr_max(void)
{
	struct task_struct *t = current;
	return t && t->mm ? t->mm->task_size : TASK_SIZE_MAX;
}

static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr, limit = user_addr_max();
	return size <= limit && a <= limit - size;
}

/* arch/x86/lib/copy_user_64.S: raw copies; the bytes not copied. */
unsigned long copy_user_generic(void *to, const void *from, unsigned long len);
unsigned long __clear_user(void __user *to, unsigned long len);
long __strncpy_from_user(char *dst, const char __user *src, long count);

static inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok(from, n))
		return n;
	return copy_user_generic(to, (const void *)from, n);
}

static inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_user_generic((void *)to, from, n);
}

static inline unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __clear_user(to, n);
}

static inline long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long a = (unsigned long)src, limit = user_addr_max();
	long max = count;

	if (count <= 0)
		return 0;
	if (a >= limit)
		return -EFAULT;
	if ((unsigned long)max > limit - a)
		max = limit - a;
	long n = __strncpy_from_user(dst, src, max);
	if (n == max && max < count)
		return -EFAULT; /* the string runs into the end of user space */
	return n;
}

#define get_user(x, ptr)							\
	({									\
		__typeof__(*(ptr)) __gu_val;					\
		long __gu_err = copy_from_user(&__gu_val, (ptr), sizeof(__gu_val)) ? -EFAULT : 0; \
		(x) = __gu_err ? (__typeof__(*(ptr)))0 : __gu_val;		\
		__gu_err;							\
	})

#define put_user(x, ptr)							\
	({									\
		__typeof__(*(ptr)) __pu_val = (x);				\
		copy_to_user((ptr), &__pu_val, sizeof(__pu_val)) ? -EFAULT : 0;	\
	})

/* fs/namei.c: a path from user space into a kmalloc'd buffer (PATH_MAX), or an ERR_PTR:
 * -EFAULT, -ENAMETOOLONG, -ENOENT for "". Free with putname(). */
#define PATH_MAX 4096
char *getname(const char __user *filename);
void putname(char *name);

#endif
