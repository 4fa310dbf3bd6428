/* int80_32.c - a freestanding 32-bit program (gcc -m32 -ffreestanding -nostdlib -static) that
 * talks to the kernel only through int $0x80 with i386 numbers, as the seed notes' 32-bit path
 * does: eax = number, ebx, ecx, edx, esi, edi, ebp = arguments, the result in eax. Under the
 * guest kernel it runs in compatibility mode. Its transcript is the same natively. */

#define __NR_exit          1
#define __NR_write         4
#define __NR_getpid       20
#define __NR_brk          45
#define __NR_munmap       91
#define __NR_uname       122
#define __NR_mmap2       192
#define __NR_exit_group  252
#define __NR_clock_gettime 265

static long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	__asm__ volatile("push %%ebp\n\t"
			 "mov %7, %%ebp\n\t"
			 "int $0x80\n\t"
			 "pop %%ebp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(f)
			 : "memory");
	return ret;
}
#define syscall3(nr, a, b, c) syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static unsigned long str_len(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static void puts_(const char *s)
{
	syscall3(__NR_write, 1, s, str_len(s));
}

static void put_num(const char *label, long v)
{
	char buf[32], *p = buf + sizeof(buf);
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	*--p = 0;
	*--p = '\n';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	puts_(label);
	puts_(p);
}

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

int main(int argc, char **argv)
{
	static struct utsname u;
	puts_("int80_32: hello from a 32-bit program\n");
	put_num("argc = ", argc);
	for (int i = 0; i < argc; i++) {
		puts_("argv: ");
		puts_(argv[i]);
		puts_("\n");
	}
	put_num("sizeof(long) = ", sizeof(long));
	put_num("getpid > 0: ", syscall3(__NR_getpid, 0, 0, 0) > 0);
	put_num("uname = ", syscall3(__NR_uname, &u, 0, 0));
	puts_("sysname: ");
	puts_(u.sysname);
	puts_("\nmachine: ");
	puts_(u.machine);
	puts_("\n");

	long brk0 = syscall3(__NR_brk, 0, 0, 0);
	put_num("brk grows by 8192: ", syscall3(__NR_brk, brk0 + 8192, 0, 0) - brk0);
	((volatile char *)brk0)[8000] = 1; /* the new heap page is usable */

	unsigned long m = (unsigned long)syscall6(__NR_mmap2, 0, 8192, 3 /* RW */, 0x22 /* PRIVATE|ANON */, -1, 0);
	put_num("mmap2 gives an address: ", m < 0xfffff000ul);
	((volatile int *)m)[1000] = 42;
	put_num("munmap = ", syscall3(__NR_munmap, m, 8192, 0));

	int ts[2];
	put_num("clock_gettime = ", syscall3(__NR_clock_gettime, 1, ts, 0));
	put_num("write from a bad pointer = ", syscall3(__NR_write, 1, 0x10, 4));
	put_num("clock_gettime to a bad pointer = ", syscall3(__NR_clock_gettime, 1, 0xfffff000, 0));
	put_num("unknown system call 1000 = ", syscall3(1000, 0, 0, 0));
	syscall3(__NR_exit_group, 7, 0, 0);
	return 0;
}

/* The entry: the stack holds argc, then argv[]; call main and exit with its value. */
__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	xorl %ebp, %ebp\n"
	"	movl (%esp), %eax\n"
	"	leal 4(%esp), %edx\n"
	"	andl $-16, %esp\n"
	"	subl $8, %esp\n"
	"	pushl %edx\n"
	"	pushl %eax\n"
	"	call main\n"
	"	movl %eax, %ebx\n"
	"	movl $1, %eax\n"
	"	int $0x80\n");
