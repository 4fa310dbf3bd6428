/* linux/kernel.h - printk, panic and the small helpers every file uses. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/errno.h>

#define BITS_PER_LONG     64
#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)       (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)  ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)  (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define min(a, b)         ((a) < (b) ? (a) : (b))
#define max(a, b)         ((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Log levels, as in Linux: a message starts with KERN_SOH and a digit. */
#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"

/* kernel/printk.c: messages below console_loglevel reach COM1; `quiet` lowers it to 4, so
 * that only errors (KERN_ERR and worse) show. */
extern int console_loglevel;
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)   printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)  printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  printk(KERN_INFO fmt, ##__VA_ARGS__)

/* lib/vsprintf.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);

/* kernel/panic.c */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
#define BUG_ON(cond) do { if (unlikely(cond)) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); } while (0)

/* kernel/exit.c: end the machine through the debug-exit port (README: "Exit status"). */
#define MACHINE_EXIT_EXEC_FAILED 0x100 /* + errno: the kernel could not start init */
#define MACHINE_EXIT_PANIC       0x1ff /* a kernel panic or oops */
void machine_exit(u32 value) __noreturn;

#endif
