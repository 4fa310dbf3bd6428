/* copy_user_64.S - the instructions that touch user memory for the kernel. Each access has an
 * exception-table entry (asm/asm.h): when do_page_fault() finds no page to map, it resumes at
 * the fixup, and the caller sees how much was left undone. STAC/CLAC open and close the SMAP
 * window (asm/smap.h). Callers have checked the range with access_ok() (linux/uaccess.h). */
#include <asm/asm.h>
#include <asm/smap.h>
#include <uapi/errno.h>

	.text

/*
 * copy_user_generic(to, from, len) - copy len bytes in either direction.
 * Registers: rdi = to, rsi = from, rdx = len. Returns in rax the bytes not copied.
 * REP MOVSB is restartable: at a fault RCX holds the count still to copy.
 */
ENTRY(copy_user_generic)
	ASM_STAC
	movq %rdx, %rcx
1:	rep movsb
2:	ASM_CLAC
	movq %rcx, %rax
	ret
	_ASM_EXTABLE(1b, 2b)
END(copy_user_generic)

/*
 * __clear_user(to, len) - zero len user bytes.
 * Registers: rdi = to, rsi = len. Returns in rax the bytes not cleared.
 */
ENTRY(__clear_user)
	ASM_STAC
	movq %rsi, %rcx
	xorl %eax, %eax
1:	rep stosb
2:	ASM_CLAC
	movq %rcx, %rax
	ret
	_ASM_EXTABLE(1b, 2b)
END(__clear_user)

/*
 * __strncpy_from_user(dst, src, count) - copy a NUL-terminated string of at most count bytes.
 * Registers: rdi = dst (kernel), rsi = src (user), rdx = count > 0.
 * Returns in rax the length without the NUL, count if there was no NUL, or -EFAULT.
 */
ENTRY(__strncpy_from_user)
	ASM_STAC
	xorl %eax, %eax
1:	cmpq %rdx, %rax
	jae 3f
2:	movb (%rsi,%rax), %cl			/* the user access */
	movb %cl, (%rdi,%rax)
	testb %cl, %cl
	jz 3f
	incq %rax
	jmp 1b
3:	ASM_CLAC
	ret
4:	ASM_CLAC
	movq $-EFAULT, %rax
	ret
	_ASM_EXTABLE(2b, 4b)
END(__strncpy_from_user)
