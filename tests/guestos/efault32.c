/* efault32.c - every pointer argument of every system call in the i386 table
 * (src/guestos/arch/x86/entry/syscall_32.tbl), given bad pointers through int $0x80 from a
 * freestanding 32-bit program (gcc -m32 -ffreestanding -nostdlib): NULL, a low address, an
 * unmapped one, one above the 32-bit task size, a buffer that runs into a PROT_NONE page, and
 * read-only memory for the buffers the kernel writes. Each case prints
 * "name.argument pointer = result"; the transcript is compared with the host's own run
 * (run_tests.sh), so where Linux answers something other than EFAULT the guest must answer
 * the same. The "name.argument" labels are what efault_coverage.py looks for; the socket
 * calls and socketcall are in sock_errno.c (built -m32 too), except those that copy out only
 * after taking a connection or a datagram (taking_cases). */

typedef unsigned long ulong;

enum {
	NR_exit = 1, NR_fork = 2, NR_read = 3, NR_write = 4, NR_open = 5, NR_close = 6,
	NR_waitpid = 7, NR_creat = 8, NR_link = 9, NR_unlink = 10, NR_execve = 11, NR_chdir = 12,
	NR_time = 13, NR_mknod = 14, NR_chmod = 15, NR_access = 33, NR_rename = 38,
	NR_mkdir = 39, NR_rmdir = 40, NR_pipe = 42, NR_times = 43, NR_ioctl = 54,
	NR_dup2 = 63, NR_setrlimit = 75, NR_getrlimit = 76, NR_getrusage = 77, NR_symlink = 83,
	NR_readlink = 85, NR_old_mmap = 90, NR_truncate = 92, NR_setitimer = 104,
	NR_getitimer = 105, NR_wait4 = 114, NR_sysinfo = 116, NR_uname = 122, NR_llseek = 140,
	NR_getdents = 141, NR_newselect = 142, NR_readv = 145, NR_writev = 146,
	NR_nanosleep = 162, NR_poll = 168, NR_rt_sigaction = 174, NR_rt_sigprocmask = 175,
	NR_rt_sigpending = 176, NR_rt_sigsuspend = 179, NR_pread64 = 180, NR_pwrite64 = 181,
	NR_getcwd = 183, NR_sigaltstack = 186, NR_ugetrlimit = 191, NR_mmap2 = 192,
	NR_stat64 = 195, NR_lstat64 = 196, NR_fstat64 = 197, NR_lchown32 = 198,
	NR_getgroups32 = 205, NR_setgroups32 = 206, NR_getresuid32 = 209, NR_getresgid32 = 211,
	NR_chown32 = 212, NR_getdents64 = 220, NR_futex = 240, NR_sched_setaffinity = 241,
	NR_sched_getaffinity = 242, NR_exit_group = 252,
	NR_clock_gettime = 265, NR_waitid = 284, NR_openat = 295, NR_mkdirat = 296,
	NR_mknodat = 297, NR_fchownat = 298, NR_fstatat64 = 300, NR_unlinkat = 301,
	NR_renameat = 302, NR_linkat = 303, NR_symlinkat = 304, NR_readlinkat = 305,
	NR_fchmodat = 306, NR_faccessat = 307, NR_utimensat = 320, NR_pipe2 = 331,
	NR_prlimit64 = 340, NR_renameat2 = 353, NR_getrandom = 355, NR_socket = 359,
	NR_bind = 361, NR_connect = 362, NR_listen = 363, NR_accept4 = 364,
	NR_getsockname = 367, NR_sendto = 369, NR_recvfrom = 371, NR_mprotect = 125, NR_statx = 383,
};
#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_RDWR 2
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_DIRECTORY 0200000
#define P_PID 1
#define WEXITED 4
#define WNOWAIT 0x01000000
#define SIGUSR1 10
#define EFAULT 14

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	/* ebp is the sixth argument; save it by hand since it may be the frame pointer */
	__asm__ volatile("push %%ebp\n mov %7, %%ebp\n int $0x80\n pop %%ebp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(f)
			 : "memory");
	return ret;
}
#define ARG6(a, b, c, d, e, f, ...) sys6((long)(a), (long)(b), (long)(c), (long)(d), \
					  (long)(e), (long)(f), 0)
/* sys(nr, up to five arguments) */
#define sys(...) ARG6(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define sys7(nr, a, b, c, d, e, f) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), \
					(long)(e), (long)(f))

__asm__(".globl _start\n_start:\n xorl %ebp, %ebp\n andl $-16, %esp\n call main\n"
	" movl %eax, %ebx\n movl $252, %eax\n int $0x80\n hlt\n");

void *memset(void *dst, int c, ulong n)
{
	unsigned char *p = dst;
	while (n--)
		*p++ = (unsigned char)c;
	return dst;
}

/* ---- output, a line at a time ---- */

static char line[256];
static unsigned line_len;

static void put_char(char ch)
{
	if (line_len < sizeof line)
		line[line_len++] = ch;
	if (ch == '\n') {
		sys(NR_write, 1, line, line_len);
		line_len = 0;
	}
}
static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}
static void put_padded(const char *s, unsigned width)
{
	unsigned n = 0;
	for (; s[n]; n++)
		put_char(s[n]);
	while (n++ < width)
		put_char(' ');
}
static void put_int(long v)
{
	char buf[16];
	int n = 0;
	ulong u = v < 0 ? -(ulong)v : (ulong)v;
	do
		buf[n++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		put_char('-');
	while (n)
		put_char(buf[--n]);
}

static const char *errno_name(long e)
{
	static const char *const names[] = {
		[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [9] = "EBADF",
		[10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
		[17] = "EEXIST", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL", [25] = "ENOTTY",
		[29] = "ESPIPE", [36] = "ENAMETOOLONG", [38] = "ENOSYS", [40] = "ELOOP",
		[95] = "EOPNOTSUPP", [110] = "ETIMEDOUT",
	};
	return e > 0 && e < (long)(sizeof(names) / sizeof(names[0])) && names[e] ? names[e] : 0;
}

static int calls, efaults;
static const char *what_ptr;

static void show(const char *label, long ret)
{
	calls++;
	put_padded(label, 32);
	put_char(' ');
	put_padded(what_ptr, 14);
	put_str(" = ");
	if (ret >= 0) {
		put_str("ok\n");
		return;
	}
	if (ret == -EFAULT)
		efaults++;
	put_str("-1 ");
	if (errno_name(-ret))
		put_str(errno_name(-ret));
	else
		put_int(ret);
	put_char('\n');
}

#define T(label, ...) show(label, sys(__VA_ARGS__))
#define T6(label, nr, a, b, c, d, e, f) show(label, sys7(nr, a, b, c, d, e, f))

/* ---- the cases ---- */

static char *two;	/* two pages, the second PROT_NONE */
static long zero_fd, pipe_w, file_fd;
static char scratch[4096];	/* a good buffer for the arguments that are not under test */

/* The calls that read user memory: path is a bad string, p a bad structure or array. */
static void input_cases(char *path, char *p)
{
	ulong iov[2] = {(ulong)p, 16};
	T("write.buf", NR_write, pipe_w, p, 16);
	T("pwrite64.buf", NR_pwrite64, file_fd, p, 16, 0, 0);
	T("writev.vec", NR_writev, pipe_w, p, 1);
	T("writev.iov_base", NR_writev, pipe_w, iov, 1);
	T("readv.vec", NR_readv, zero_fd, p, 1);
	T("open.filename", NR_open, path, O_RDONLY);
	T("openat.filename", NR_openat, AT_FDCWD, path, O_RDONLY);
	T("creat.pathname", NR_creat, path, 0644);
	T("access.filename", NR_access, path, 0);
	T("faccessat.filename", NR_faccessat, AT_FDCWD, path, 0);
	T("stat64.filename", NR_stat64, path, scratch);
	T("lstat64.filename", NR_lstat64, path, scratch);
	T("fstatat64.filename", NR_fstatat64, AT_FDCWD, path, scratch, 0);
	T("statx.filename", NR_statx, AT_FDCWD, path, 0, 0x7ff, scratch);
	T("readlink.path", NR_readlink, path, scratch, 64);
	T("readlinkat.pathname", NR_readlinkat, AT_FDCWD, path, scratch, 64);
	T("truncate.path", NR_truncate, path, 0);
	T("chdir.filename", NR_chdir, path);
	T("rename.oldname", NR_rename, path, "nonexistent.new");
	T("rename.newname", NR_rename, "nonexistent.old", path);
	T("renameat.oldname", NR_renameat, AT_FDCWD, path, AT_FDCWD, "nonexistent.new");
	T("renameat.newname", NR_renameat, AT_FDCWD, "nonexistent.old", AT_FDCWD, path);
	T("renameat2.oldname", NR_renameat2, AT_FDCWD, path, AT_FDCWD, "nonexistent.new", 0);
	T("renameat2.newname", NR_renameat2, AT_FDCWD, "nonexistent.old", AT_FDCWD, path, 0);
	T("mkdir.pathname", NR_mkdir, path, 0755);
	T("mkdirat.pathname", NR_mkdirat, AT_FDCWD, path, 0755);
	T("rmdir.pathname", NR_rmdir, path);
	T("link.oldname", NR_link, path, "nonexistent.new");
	T("link.newname", NR_link, "efault32", path);
	T("linkat.oldname", NR_linkat, AT_FDCWD, path, AT_FDCWD, "nonexistent.new", 0);
	T("linkat.newname", NR_linkat, AT_FDCWD, "efault32", AT_FDCWD, path, 0);
	T("unlink.pathname", NR_unlink, path);
	T("unlinkat.pathname", NR_unlinkat, AT_FDCWD, path, 0);
	T("symlink.oldname", NR_symlink, path, "nonexistent.new");
	T("symlink.newname", NR_symlink, "nonexistent.old", path);
	T("symlinkat.oldname", NR_symlinkat, path, AT_FDCWD, "nonexistent.new");
	T("symlinkat.newname", NR_symlinkat, "nonexistent.old", AT_FDCWD, path);
	T("chmod.filename", NR_chmod, path, 0644);
	T("fchmodat.filename", NR_fchmodat, AT_FDCWD, path, 0644);
	T("chown32.filename", NR_chown32, path, -1, -1);
	T("lchown32.filename", NR_lchown32, path, -1, -1);
	T("fchownat.filename", NR_fchownat, AT_FDCWD, path, -1, -1, 0);
	T("mknod.filename", NR_mknod, path, 0100644, 0);
	T("mknodat.filename", NR_mknodat, AT_FDCWD, path, 0100644, 0);
	T("utimensat.filename", NR_utimensat, AT_FDCWD, path, 0, 0);
	T("utimensat.utimes", NR_utimensat, AT_FDCWD, "efault32", p, 0);
	T("execve.filename", NR_execve, path, 0, 0);
	if (path) {	/* a NULL argv or envp is an empty list (newer hosts): it would run */
		const char *argv[] = {"./efault32", 0};
		T("execve.argv", NR_execve, "./efault32", path, 0);
		T("execve.envp", NR_execve, "./efault32", argv, path);
	}
	int zero_time[2] = {0, 0};
	T("poll.ufds", NR_poll, p, 1, 0);
	T("_newselect.inp", NR_newselect, 64, p, 0, 0, zero_time);
	T("_newselect.outp", NR_newselect, 64, 0, p, 0, zero_time);
	T("_newselect.exp", NR_newselect, 64, 0, 0, p, zero_time);
	if (p)	/* NULL: no timeout, it would wait for ever */
		T("_newselect.tvp", NR_newselect, 0, 0, 0, 0, p);
	T("rt_sigaction.act", NR_rt_sigaction, SIGUSR1, p, 0, 8);
	T("rt_sigprocmask.set", NR_rt_sigprocmask, 0 /* SIG_BLOCK */, p, 0, 8);
	T("rt_sigsuspend.unewset", NR_rt_sigsuspend, p, 8);
	T("sigaltstack.uss", NR_sigaltstack, p, 0);
	T("nanosleep.rqtp", NR_nanosleep, p, 0);
	T("setitimer.value", NR_setitimer, 0, p, 0);
	T("setrlimit.rlim", NR_setrlimit, 7, p);
	T("prlimit64.new_rlim", NR_prlimit64, 0, 7, p, 0);
	T("setgroups32.grouplist", NR_setgroups32, 2, p);
	T("sched_setaffinity.user_mask_ptr", NR_sched_setaffinity, 0, 8, p);
	T("futex.uaddr", NR_futex, p, 0 /* FUTEX_WAIT */, 0, 0, 0);
	int word = 0, word2 = 0;
	if (p)	/* NULL: no timeout, it would wait for ever */
		T("futex.utime", NR_futex, &word, 0 /* FUTEX_WAIT */, 0, p, 0);
	T("futex.uaddr2", NR_futex, &word2, 4 /* FUTEX_CMP_REQUEUE */, 1, 1, p);
	T("mmap.arg", NR_old_mmap, p);
	T("ioctl.arg TCSETS", NR_ioctl, 0, 0x5402, p);
}

/* The calls that write to user memory. */
static void output_cases(char *p)
{
	ulong iov[2] = {(ulong)p, 16};
	T("read.buf", NR_read, zero_fd, p, 64);
	T("pread64.buf", NR_pread64, zero_fd, p, 64, 0, 0);
	T("readv.iov_base", NR_readv, zero_fd, iov, 1);
	T("fstat64.statbuf", NR_fstat64, 1, p);
	T("stat64.statbuf", NR_stat64, "efault32", p);
	T("lstat64.statbuf", NR_lstat64, "efault32", p);
	T("fstatat64.statbuf", NR_fstatat64, AT_FDCWD, "efault32", p, 0);
	T("statx.buffer", NR_statx, AT_FDCWD, "efault32", 0, 0x7ff, p);
	T("uname.name", NR_uname, p);
	T("getcwd.buf", NR_getcwd, p, 64);
	T("readlink.buf", NR_readlink, "efault32.lnk", p, 64);
	T("readlinkat.buf", NR_readlinkat, AT_FDCWD, "efault32.lnk", p, 64);
	long dir = sys(NR_open, ".", O_RDONLY | O_DIRECTORY);
	T("getdents.dirent", NR_getdents, dir, p, 4096);
	sys(NR_close, dir);
	dir = sys(NR_open, ".", O_RDONLY | O_DIRECTORY);
	T("getdents64.dirent", NR_getdents64, dir, p, 4096);
	sys(NR_close, dir);
	T("_llseek.result", NR_llseek, zero_fd, 0, 0, p, 0);
	T("pipe.fildes", NR_pipe, p);
	T("pipe2.fildes", NR_pipe2, p, 0);
	T("rt_sigaction.oact", NR_rt_sigaction, SIGUSR1, 0, p, 8);
	T("rt_sigprocmask.oset", NR_rt_sigprocmask, 0, 0, p, 8);
	T("rt_sigpending.set", NR_rt_sigpending, p, 8);
	T("sigaltstack.uoss", NR_sigaltstack, 0, p);
	T("ioctl.arg FIONREAD", NR_ioctl, 0, 0x541B, p);
	T("getitimer.value", NR_getitimer, 0, p);
	int off[4] = {0, 0, 0, 0};
	T("setitimer.ovalue", NR_setitimer, 0, off, p);
	T("time.tloc", NR_time, p);
	T("clock_gettime.tp", NR_clock_gettime, 0, p);
	T("getrlimit.rlim", NR_getrlimit, 7, p);
	T("ugetrlimit.rlim", NR_ugetrlimit, 7, p);
	T("prlimit64.old_rlim", NR_prlimit64, 0, 7, 0, p);
	T("getrusage.ru", NR_getrusage, 0, p);
	T("sysinfo.info", NR_sysinfo, p);
	T("times.tbuf", NR_times, p);
	T("getgroups32.grouplist", NR_getgroups32, 4, p);
	T("getresuid32.ruid", NR_getresuid32, p, scratch, scratch);
	T("getresuid32.euid", NR_getresuid32, scratch, p, scratch);
	T("getresuid32.suid", NR_getresuid32, scratch, scratch, p);
	T("getresgid32.rgid", NR_getresgid32, p, scratch, scratch);
	T("getresgid32.egid", NR_getresgid32, scratch, p, scratch);
	T("getresgid32.sgid", NR_getresgid32, scratch, scratch, p);
	T("sched_getaffinity.user_mask_ptr", NR_sched_getaffinity, 0, 128, p);
	/* Known difference: a buffer that runs into a hole gets Linux's partial count, the
	 * guest's EFAULT; only wholly bad buffers are compared. */
	if (what_ptr[0] != 's')
		T("getrandom.buf", NR_getrandom, p, 64, 0);
}

/* A child that has exited and not been reaped yet. */
static long zombie(void)
{
	long c = sys(NR_fork);
	if (c == 0)
		sys(NR_exit, 0);
	sys(NR_waitid, P_PID, c, scratch, WEXITED | WNOWAIT, 0);
	return c;
}

/* The calls that copy out only after taking something (a child, a connection): each case
 * makes a fresh one, since the EFAULT loses it as on Linux. */
static long listener;
static char listen_addr[16];

static long udp;
static char udp_addr[16];

/* accept4 with a connection waiting: the address is copied out after it is taken. */
static void accept_case(const char *label, void *addr, void *addrlen)
{
	long s = sys(NR_socket, 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
	sys(NR_connect, s, listen_addr, 16);
	long fd = sys(NR_accept4, listener, addr, addrlen, 0);
	show(label, fd);
	if (fd >= 0)
		sys(NR_close, fd);
	sys(NR_close, s);
}

static void taking_cases(char *p)
{
	long c = zombie();
	T("waitpid.stat_addr", NR_waitpid, c, p, 0);
	sys(NR_waitpid, c, 0, 1 /* WNOHANG */);	/* if a NULL let it be reaped, this finds none */
	c = zombie();
	T("wait4.stat_addr", NR_wait4, c, p, 0, 0);
	sys(NR_waitpid, c, 0, 1);
	c = zombie();
	T("wait4.ru", NR_wait4, c, 0, 0, p);
	sys(NR_waitpid, c, 0, 1);
	c = zombie();
	T("waitid.infop", NR_waitid, P_PID, c, p, WEXITED, 0);
	sys(NR_waitpid, c, 0, 1);
	c = zombie();
	T("waitid.ru", NR_waitid, P_PID, c, scratch, WEXITED, p);
	sys(NR_waitpid, c, 0, 1);
	int len = 16;
	accept_case("accept4.upeer_sockaddr", p, &len);
	accept_case("accept4.upeer_addrlen", scratch, p);
	/* a datagram to itself, then its source address copied out */
	char byte;
	sys7(NR_sendto, udp, "d", 1, 0, udp_addr, 16);
	T6("recvfrom.addr", NR_recvfrom, udp, &byte, 1, 0x40 /* MSG_DONTWAIT */, p, &len);
	sys7(NR_sendto, udp, "d", 1, 0, udp_addr, 16);
	T6("recvfrom.addr_len", NR_recvfrom, udp, &byte, 1, 0x40, scratch, p);
	sys7(NR_recvfrom, udp, &byte, 1, 0x40, 0, 0);	/* what a non-EFAULT answer left */
	sys7(NR_recvfrom, udp, &byte, 1, 0x40, 0, 0);
}

static void setup(void)
{
	two = (char *)sys7(NR_mmap2, 0, 8192, 3 /* PROT_READ|PROT_WRITE */,
			   0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
	sys(NR_mprotect, two + 4096, 4096, 0);
	zero_fd = sys(NR_open, "/dev/zero", O_RDWR);
	/* Descriptor 0 is a pipe both natively and in the guest, so the ioctls agree. */
	int fds[2];
	sys(NR_pipe, fds);
	sys(NR_dup2, fds[0], 0);
	pipe_w = fds[1];
	sys(NR_setgroups32, 0, 0);	/* the guest keeps no supplementary groups */
	file_fd = sys(NR_open, "efault32.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
	/* a TCP listener on 127.0.0.1, any port */
	unsigned char *a = (unsigned char *)listen_addr;
	a[0] = 2;	/* AF_INET, little-endian */
	a[4] = 127;
	a[7] = 1;
	int len = 16;
	listener = sys(NR_socket, 2, 1, 0);
	sys(NR_bind, listener, listen_addr, 16);
	sys(NR_listen, listener, 8);
	sys(NR_getsockname, listener, listen_addr, &len);
	udp = sys(NR_socket, 2, 2 /* SOCK_DGRAM */, 0);
	a = (unsigned char *)udp_addr;
	a[0] = 2;
	a[4] = 127;
	a[7] = 1;
	sys(NR_bind, udp, udp_addr, 16);
	len = 16;
	sys(NR_getsockname, udp, udp_addr, &len);
}

int main(void)
{
	static const char rodata[256] = "read-only";
	static const struct { const char *name; ulong p; } bad[] = {
		{"NULL", 0},
		{"low", 1},
		{"unmapped", 0x20000000UL},
		{"above-task", 0xfffff000UL},
	};
	setup();
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		what_ptr = bad[i].name;
		input_cases((char *)bad[i].p, (char *)bad[i].p);
		output_cases((char *)bad[i].p);
		taking_cases((char *)bad[i].p);
	}
	what_ptr = "read-only";
	output_cases((char *)rodata);
	taking_cases((char *)rodata);
	/* Strings and structures that start in a mapping and run into the PROT_NONE page. */
	what_ptr = "straddling";
	memset(two, 'x', 4096);
	input_cases(two + 4096 - 100, two + 4096 - 4);
	output_cases(two + 4096 - 1);
	taking_cases(two + 4096 - 1);

	sys(NR_unlink, "efault32.tmp");
	put_str("efault32: ");
	put_int(calls);
	put_str(" calls, ");
	put_int(efaults);
	put_str(" returned EFAULT; the kernel is still running\n");
	return 0;
}
