/* linux/syscalls.h - SYSCALL_DEFINEn and COMPAT_SYSCALL_DEFINEn.
 *
 *   SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
 *   {
 *           return ksys_write(fd, buf, count);
 *   }
 *
 * defines the body as `static long __do_sys_write(unsigned int fd, ...)`, and two entry points
 * that the generated tables name (arch/x86/entry/syscall_*.tbl):
 *   long __x64_sys_write(const struct pt_regs *regs)   args from di, si, dx, r10, r8, r9
 *   long __ia32_sys_write(const struct pt_regs *regs)  args from bx, cx, dx, si, di, bp
 * Each argument travels as a long and is then cast to its declared type (__se_sys_write), so
 * an int argument never sees the register's upper bits. For the i386 entry, each register is
 * first cut to 32 bits and widened again: with sign extension for `long`, zero extension for
 * everything else (pointers, size_t, unsigned long). A call whose 32-bit form passes
 * different structures gets a COMPAT_SYSCALL_DEFINEn, which defines __ia32_compat_sys_NAME
 * only; syscall_32.tbl names it in its fifth column.
 */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <linux/kernel.h>
#include <linux/errno.h>
#include <asm/ptrace.h>

/* __MAPn(m, t1, a1, ..., tn, an) -> m(t1, a1), ..., m(tn, an) */
#define __MAP0(m, ...)
#define __MAP1(m, t, a, ...) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a) t a
#define __SC_LONG(t, a) long a
#define __SC_CAST(t, a) (t)a

/* The x86-64 argument registers, in order (rcx is taken by SYSCALL, so r10 replaces it). */
#define __X64_ARGS1(...) regs->di
#define __X64_ARGS2(...) __X64_ARGS1(), regs->si
#define __X64_ARGS3(...) __X64_ARGS2(), regs->dx
#define __X64_ARGS4(...) __X64_ARGS3(), regs->r10
#define __X64_ARGS5(...) __X64_ARGS4(), regs->r8
#define __X64_ARGS6(...) __X64_ARGS5(), regs->r9

/* The i386 argument registers, in order, each widened from 32 bits as its type needs. */
#define __SC_COMPAT(t, reg) \
	(__builtin_types_compatible_p(t, long) ? (long)(s32)(reg) : (long)(u32)(reg))
#define __IA32_ARGS1(t1, a1) __SC_COMPAT(t1, regs->bx)
#define __IA32_ARGS2(t1, a1, t2, a2) __IA32_ARGS1(t1, a1), __SC_COMPAT(t2, regs->cx)
#define __IA32_ARGS3(t1, a1, t2, a2, t3, a3) __IA32_ARGS2(t1, a1, t2, a2), __SC_COMPAT(t3, regs->dx)
#define __IA32_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4) \
	__IA32_ARGS3(t1, a1, t2, a2, t3, a3), __SC_COMPAT(t4, regs->si)
#define __IA32_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	__IA32_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4), __SC_COMPAT(t5, regs->di)
#define __IA32_ARGS6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	__IA32_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), __SC_COMPAT(t6, regs->bp)

#define SYSCALL_DEFINE0(name)							\
	static long __do_sys_##name(void);					\
	long __x64_sys_##name(const struct pt_regs *regs)			\
	{									\
		(void)regs;							\
		return __do_sys_##name();					\
	}									\
	long __ia32_sys_##name(const struct pt_regs *regs)			\
	{									\
		(void)regs;							\
		return __do_sys_##name();					\
	}									\
	static long __do_sys_##name(void)

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#define SYSCALL_DEFINEx(x, name, ...)						\
	static long __do_sys_##name(__MAP(x, __SC_DECL, __VA_ARGS__));		\
	static long __se_sys_##name(__MAP(x, __SC_LONG, __VA_ARGS__))		\
	{									\
		return __do_sys_##name(__MAP(x, __SC_CAST, __VA_ARGS__));	\
	}									\
	long __x64_sys_##name(const struct pt_regs *regs)			\
	{									\
		return __se_sys_##name(__X64_ARGS##x());			\
	}									\
	long __ia32_sys_##name(const struct pt_regs *regs)			\
	{									\
		return __se_sys_##name(__IA32_ARGS##x(__VA_ARGS__));		\
	}									\
	static long __do_sys_##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define COMPAT_SYSCALL_DEFINE1(name, ...) COMPAT_SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE2(name, ...) COMPAT_SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE3(name, ...) COMPAT_SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE4(name, ...) COMPAT_SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE5(name, ...) COMPAT_SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define COMPAT_SYSCALL_DEFINE6(name, ...) COMPAT_SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#define COMPAT_SYSCALL_DEFINEx(x, name, ...)					\
	static long __do_compat_sys_##name(__MAP(x, __SC_DECL, __VA_ARGS__));	\
	static long __se_compat_sys_##name(__MAP(x, __SC_LONG, __VA_ARGS__))	\
	{									\
		return __do_compat_sys_##name(__MAP(x, __SC_CAST, __VA_ARGS__));\
	}									\
	long __ia32_compat_sys_##name(const struct pt_regs *regs)		\
	{									\
		return __se_compat_sys_##name(__IA32_ARGS##x(__VA_ARGS__));	\
	}									\
	static long __do_compat_sys_##name(__MAP(x, __SC_DECL, __VA_ARGS__))

/* Is the current system call the 32-bit one (int $0x80)? Set by do_int80_syscall_32(). */
bool in_ia32_syscall(void);

#endif
