/* compat_call.S - CALL and RET in compatibility mode push and pop 4 bytes. A 32-bit program;
 * exits with the number of bytes CALL pushed (4). */
	.code32
	.text
report:
	subl %esp, %esi			/* esi: esp before the call */
	movl %esi, %ebx
	movl $1, %eax			/* exit(bytes pushed) */
	int $0x80

	.globl _start
_start:
	movl %esp, %esi
	call report
