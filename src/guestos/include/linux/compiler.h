/* linux/compiler.h - attributes and the __user annotation. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

/* A pointer into user space: never dereference it, pass it to copy_from_user() & co. */
#define __user
#define __init
#define __noreturn   __attribute__((noreturn))
#define __packed     __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __section(s) __attribute__((section(s)))
#define __used       __attribute__((used))
#define __weak       __attribute__((weak))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x)    __builtin_expect(!!(x), 1)
#define unlikely(x)  __builtin_expect(!!(x), 0)
#define barrier()    __asm__ volatile("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define noinline __attribute__((__noinline__))

#endif
