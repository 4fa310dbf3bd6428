/* efault.c - every pointer argument of every system call in the 64-bit table
 * (src/guestos/arch/x86/entry/syscall_64.tbl), given bad pointers through `syscall`: NULL, a
 * low address, an unmapped one, kernel text, the direct map, non-canonical ones, a buffer that
 * runs into a PROT_NONE page, and read-only memory for the buffers the kernel writes. Each
 * case prints "name.argument pointer = result"; the transcript is compared with the host's
 * own run (run_tests.sh), so where Linux legitimately answers something other than EFAULT
 * (a NULL that means "none", a check made before the copy) the guest must answer the same.
 * The "name.argument" labels are what efault_coverage.py looks for. The socket calls are in
 * sock_errno.c, wait4 and waitid in proc_efault.c, except those that copy out only after taking
 * a connection, a datagram or a child (taking_cases). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int efaults, calls;
static const char *what_ptr;

static const char *errno_name(int e)
{
	static const char *const names[] = {
		[EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
		[EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
		[EACCES] = "EACCES", [EFAULT] = "EFAULT", [EEXIST] = "EEXIST",
		[ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR", [EINVAL] = "EINVAL",
		[ENOTTY] = "ENOTTY", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS", [EPIPE] = "EPIPE",
		[ERANGE] = "ERANGE", [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS",
		[ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP", [ENOEXEC] = "ENOEXEC",
		[ETIMEDOUT] = "ETIMEDOUT", [EOPNOTSUPP] = "EOPNOTSUPP",
	};
	return e > 0 && e < (int)(sizeof(names) / sizeof(names[0])) && names[e] ? names[e] : "E?";
}

static void show(const char *label, long ret)
{
	int e = errno;
	calls++;
	if (ret == -1 && e == EFAULT)
		efaults++;
	if (ret >= 0)
		printf("%-32s %-14s = ok\n", label, what_ptr);
	else
		printf("%-32s %-14s = -1 %s\n", label, what_ptr, errno_name(e));
}

#define T(label, ...) show(label, syscall(__VA_ARGS__))

static char *two;	/* two pages, the second PROT_NONE */
static int zero_fd;	/* /dev/zero */
static int pipe_w;	/* the write end of a pipe nobody reads */
static int file_fd;	/* efault.tmp, a regular file */

/* A string that runs into the PROT_NONE page with no NUL before it. */
static char *straddling_string(void)
{
	memset(two, 'x', 4096);
	return two + 4096 - 100;
}

/* The calls that read user memory (paths, structures, arrays): p is never read-only here. */
static void input_cases(void *path, void *p)
{
	struct iovec iov = {p, 16};
	T("write.buf", SYS_write, pipe_w, p, 16);
	T("pwrite64.buf", SYS_pwrite64, file_fd, p, 16, 0);
	T("writev.vec", SYS_writev, pipe_w, p, 1);
	T("writev.iov_base", SYS_writev, pipe_w, &iov, 1);
	T("readv.vec", SYS_readv, zero_fd, p, 1);
	T("open.filename", SYS_open, path, O_RDONLY);
	T("openat.filename", SYS_openat, AT_FDCWD, path, O_RDONLY);
	T("creat.pathname", SYS_creat, path, 0644);
	T("access.filename", SYS_access, path, 0);
	T("faccessat.filename", SYS_faccessat, AT_FDCWD, path, 0);
	T("stat.filename", SYS_stat, path, two);
	T("lstat.filename", SYS_lstat, path, two);
	T("newfstatat.filename", SYS_newfstatat, AT_FDCWD, path, two, 0);
	T("statx.filename", SYS_statx, AT_FDCWD, path, 0, 0x7ff, two);
	T("readlink.path", SYS_readlink, path, two, 64);
	T("readlinkat.pathname", SYS_readlinkat, AT_FDCWD, path, two, 64);
	T("truncate.path", SYS_truncate, path, 0);
	T("chdir.filename", SYS_chdir, path);
	T("rename.oldname", SYS_rename, path, "nonexistent.new");
	T("rename.newname", SYS_rename, "nonexistent.old", path);
	T("renameat.oldname", SYS_renameat, AT_FDCWD, path, AT_FDCWD, "nonexistent.new");
	T("renameat.newname", SYS_renameat, AT_FDCWD, "nonexistent.old", AT_FDCWD, path);
	T("renameat2.oldname", SYS_renameat2, AT_FDCWD, path, AT_FDCWD, "nonexistent.new", 0);
	T("renameat2.newname", SYS_renameat2, AT_FDCWD, "nonexistent.old", AT_FDCWD, path, 0);
	T("mkdir.pathname", SYS_mkdir, path, 0755);
	T("mkdirat.pathname", SYS_mkdirat, AT_FDCWD, path, 0755);
	T("rmdir.pathname", SYS_rmdir, path);
	T("link.oldname", SYS_link, path, "nonexistent.new");
	T("link.newname", SYS_link, "efault", path);
	T("linkat.oldname", SYS_linkat, AT_FDCWD, path, AT_FDCWD, "nonexistent.new", 0);
	T("linkat.newname", SYS_linkat, AT_FDCWD, "efault", AT_FDCWD, path, 0);
	T("unlink.pathname", SYS_unlink, path);
	T("unlinkat.pathname", SYS_unlinkat, AT_FDCWD, path, 0);
	T("symlink.oldname", SYS_symlink, path, "nonexistent.new");
	T("symlink.newname", SYS_symlink, "nonexistent.old", path);
	T("symlinkat.oldname", SYS_symlinkat, path, AT_FDCWD, "nonexistent.new");
	T("symlinkat.newname", SYS_symlinkat, "nonexistent.old", AT_FDCWD, path);
	T("chmod.filename", SYS_chmod, path, 0644);
	T("fchmodat.filename", SYS_fchmodat, AT_FDCWD, path, 0644);
	T("chown.filename", SYS_chown, path, -1, -1);
	T("lchown.filename", SYS_lchown, path, -1, -1);
	T("fchownat.filename", SYS_fchownat, AT_FDCWD, path, -1, -1, 0);
	T("mknod.filename", SYS_mknod, path, 0100644, 0);
	T("mknodat.filename", SYS_mknodat, AT_FDCWD, path, 0100644, 0);
	T("execve.filename", SYS_execve, path, NULL, NULL);
	if (path) {	/* a NULL argv or envp is an empty list (newer hosts): it would run */
		T("execve.argv", SYS_execve, "./efault", path, NULL);
		char *argv[] = {"./efault", NULL};
		T("execve.envp", SYS_execve, "./efault", argv, path);
	}
	T("poll.ufds", SYS_poll, p, 1, 0);
	T("ppoll.ufds", SYS_ppoll, p, 1, NULL, NULL, 8);
	struct timespec now = {0, 0};
	if (p)	/* NULL: no timeout, it would wait for ever */
		T("ppoll.tsp", SYS_ppoll, NULL, 0, p, NULL, 8);
	T("ppoll.sigmask", SYS_ppoll, NULL, 0, &now, p, 8);
	struct timeval tv = {0, 0};
	T("select.inp", SYS_select, 64, p, NULL, NULL, &tv);
	T("select.outp", SYS_select, 64, NULL, p, NULL, &tv);
	T("select.exp", SYS_select, 64, NULL, NULL, p, &tv);
	if (p)
		T("select.tvp", SYS_select, 0, NULL, NULL, NULL, p);
	T("pselect6.inp", SYS_pselect6, 64, p, NULL, NULL, &now, NULL);
	T("pselect6.outp", SYS_pselect6, 64, NULL, p, NULL, &now, NULL);
	T("pselect6.exp", SYS_pselect6, 64, NULL, NULL, p, &now, NULL);
	if (p)
		T("pselect6.tsp", SYS_pselect6, 0, NULL, NULL, NULL, p, NULL);
	T("pselect6.sig", SYS_pselect6, 0, NULL, NULL, NULL, &now, p);
	T("rt_sigaction.act", SYS_rt_sigaction, SIGUSR1, p, NULL, 8);
	T("rt_sigprocmask.set", SYS_rt_sigprocmask, SIG_BLOCK, p, NULL, 8);
	T("rt_sigsuspend.unewset", SYS_rt_sigsuspend, p, 8);
	T("rt_sigtimedwait.uthese", SYS_rt_sigtimedwait, p, NULL, NULL, 8);
	T("sigaltstack.uss", SYS_sigaltstack, p, NULL);
	T("nanosleep.rqtp", SYS_nanosleep, p, NULL);
	T("clock_nanosleep.rqtp", SYS_clock_nanosleep, 1, 0, p, NULL);
	T("setitimer.value", SYS_setitimer, 0, p, NULL);
	T("setrlimit.rlim", SYS_setrlimit, 7, p);
	T("prlimit64.new_rlim", SYS_prlimit64, 0, 7, p, NULL);
	T("setgroups.grouplist", SYS_setgroups, 2, p);
	T("sched_setaffinity.user_mask_ptr", SYS_sched_setaffinity, 0, 8, p);
	T("futex.uaddr", SYS_futex, p, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0);
	int word2 = 0;
	T("futex.uaddr2", SYS_futex, &word2, 4 /* FUTEX_CMP_REQUEUE */, 1, 1, p, 0);
	if (p) {	/* NULL: no timeout; nothing is pending, it would wait for ever */
		sigset_t usr2;
		sigemptyset(&usr2);
		sigaddset(&usr2, SIGUSR2);
		T("rt_sigtimedwait.uts", SYS_rt_sigtimedwait, &usr2, NULL, p, 8);
	}
	int word = 0;
	if (p)
		T("futex.utime", SYS_futex, &word, 0 /* FUTEX_WAIT */, 0, p, NULL, 0);
	T("utimensat.filename", SYS_utimensat, AT_FDCWD, path, NULL, 0);
	T("utimensat.utimes", SYS_utimensat, AT_FDCWD, "efault", p, 0);
	T("ioctl.arg TCSETS", SYS_ioctl, 0, 0x5402, p);
}

/* The calls that copy out only after taking something (a connection, a datagram, a child):
 * each case makes a fresh one, since the EFAULT loses it as on Linux. */
static int listener, udp;
static struct sockaddr_in listen_addr, udp_addr;

static void sockets_setup(void)
{
	socklen_t len = sizeof(listen_addr);
	listen_addr.sin_family = AF_INET;
	listen_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	udp_addr = listen_addr;
	listener = socket(AF_INET, SOCK_STREAM, 0);
	bind(listener, (struct sockaddr *)&listen_addr, sizeof(listen_addr));
	listen(listener, 8);
	getsockname(listener, (struct sockaddr *)&listen_addr, &len);
	udp = socket(AF_INET, SOCK_DGRAM, 0);
	bind(udp, (struct sockaddr *)&udp_addr, sizeof(udp_addr));
	len = sizeof(udp_addr);
	getsockname(udp, (struct sockaddr *)&udp_addr, &len);
}

/* accept4 with a connection waiting: the address is copied out after it is taken. */
static void accept_case(const char *label, long nr, void *addr, void *addrlen)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&listen_addr, sizeof(listen_addr));
	long fd = syscall(nr, listener, addr, addrlen, 0);
	show(label, fd);
	if (fd >= 0)
		close(fd);
	close(c);
}

static pid_t zombie(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	return c;
}

static void taking_cases(void *p)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	accept_case("accept.upeer_sockaddr", SYS_accept, p, &len);
	len = sizeof(a);
	accept_case("accept.upeer_addrlen", SYS_accept, &a, p);
	len = sizeof(a);
	accept_case("accept4.upeer_sockaddr", SYS_accept4, p, &len);
	len = sizeof(a);
	accept_case("accept4.upeer_addrlen", SYS_accept4, &a, p);
	char byte;
	sendto(udp, "d", 1, 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr));
	len = sizeof(a);
	T("recvfrom.addr", SYS_recvfrom, udp, &byte, 1, MSG_DONTWAIT, p, &len);
	sendto(udp, "d", 1, 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr));
	T("recvfrom.addr_len", SYS_recvfrom, udp, &byte, 1, MSG_DONTWAIT, &a, p);
	recv(udp, &byte, 1, MSG_DONTWAIT);	/* what a non-EFAULT answer left */
	recv(udp, &byte, 1, MSG_DONTWAIT);
	siginfo_t si;
	pid_t c = zombie();
	T("waitid.ru", SYS_waitid, P_PID, c, &si, WEXITED, p);
	waitpid(c, NULL, WNOHANG);	/* if a NULL rusage let it be reaped, this finds none */
}

/* The calls that write to user memory. */
static void output_cases(void *p)
{
	struct iovec iov = {p, 16};
	T("read.buf", SYS_read, zero_fd, p, 64);
	T("pread64.buf", SYS_pread64, zero_fd, p, 64, 0);
	T("readv.iov_base", SYS_readv, zero_fd, &iov, 1);
	T("fstat.statbuf", SYS_fstat, 1, p);
	T("stat.statbuf", SYS_stat, "efault", p);
	T("lstat.statbuf", SYS_lstat, "efault", p);
	T("newfstatat.statbuf", SYS_newfstatat, AT_FDCWD, "efault", p, 0);
	T("statx.buffer", SYS_statx, AT_FDCWD, "efault", 0, 0x7ff, p);
	T("uname.name", SYS_uname, p);
	T("getcwd.buf", SYS_getcwd, p, 64);
	T("readlink.buf", SYS_readlink, "efault.lnk", p, 64);
	T("readlinkat.buf", SYS_readlinkat, AT_FDCWD, "efault.lnk", p, 64);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	T("getdents.dirent", SYS_getdents, dir, p, 4096);
	lseek(dir, 0, SEEK_SET);
	T("getdents64.dirent", SYS_getdents64, dir, p, 4096);
	close(dir);
	T("pipe.fildes", SYS_pipe, p);
	T("pipe2.fildes", SYS_pipe2, p, 0);
	T("rt_sigaction.oact", SYS_rt_sigaction, SIGUSR1, NULL, p, 8);
	T("rt_sigprocmask.oset", SYS_rt_sigprocmask, SIG_BLOCK, NULL, p, 8);
	T("rt_sigpending.set", SYS_rt_sigpending, p, 8);
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	raise(SIGUSR2);	/* pending, so the wait takes it and copies its siginfo out */
	T("rt_sigtimedwait.uinfo", SYS_rt_sigtimedwait, &usr2, p, NULL, 8);
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);
	T("sigaltstack.uoss", SYS_sigaltstack, NULL, p);
	T("ioctl.arg FIONREAD", SYS_ioctl, 0, 0x541B, p);
	T("ioctl.arg TCGETS", SYS_ioctl, 0, 0x5401, p);
	T("ioctl.arg TIOCGWINSZ", SYS_ioctl, 0, 0x5413, p);
	T("getitimer.value", SYS_getitimer, 0, p);
	struct { long a, b, c, d; } off = {0, 0, 0, 0};
	T("setitimer.ovalue", SYS_setitimer, 0, &off, p);
	T("time.tloc", SYS_time, p);
	T("gettimeofday.tv", SYS_gettimeofday, p, NULL);
	T("gettimeofday.tz", SYS_gettimeofday, NULL, p);
	T("clock_gettime.tp", SYS_clock_gettime, 0, p);
	T("clock_getres.tp", SYS_clock_getres, 1, p);
	T("getrlimit.rlim", SYS_getrlimit, 7, p);
	T("prlimit64.old_rlim", SYS_prlimit64, 0, 7, NULL, p);
	T("getrusage.ru", SYS_getrusage, 0, p);
	T("sysinfo.info", SYS_sysinfo, p);
	T("times.tbuf", SYS_times, p);
	T("getgroups.grouplist", SYS_getgroups, 4, p);
	T("getresuid.ruid", SYS_getresuid, p, two, two);
	T("getresuid.euid", SYS_getresuid, two, p, two);
	T("getresuid.suid", SYS_getresuid, two, two, p);
	T("getresgid.rgid", SYS_getresgid, p, two, two);
	T("getresgid.egid", SYS_getresgid, two, p, two);
	T("getresgid.sgid", SYS_getresgid, two, two, p);
	T("sched_getaffinity.user_mask_ptr", SYS_sched_getaffinity, 0, 128, p);
	T("get_robust_list.head_ptr", SYS_get_robust_list, 0, p, two);
	T("get_robust_list.len_ptr", SYS_get_robust_list, 0, two, p);
	/* Known difference: a buffer that runs into a hole gets Linux's partial count, the
	 * guest's EFAULT; only wholly bad buffers are compared. */
	if (strcmp(what_ptr, "straddling") != 0)
		T("getrandom.buf", SYS_getrandom, p, 64, 0);
	T("arch_prctl.addr ARCH_GET_FS", SYS_arch_prctl, 0x1003, p);
	T("arch_prctl.addr ARCH_GET_GS", SYS_arch_prctl, 0x1004, p);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(two + 4096, 4096, PROT_NONE);
	static const char rodata[256] = "read-only";
	zero_fd = open("/dev/zero", O_RDWR);
	if (zero_fd < 0) {
		perror("/dev/zero");
		return 1;
	}
	/* Descriptor 0 is a pipe both natively and in the guest, so the ioctls agree. */
	sockets_setup();
	int fds[2];
	pipe(fds);
	dup2(fds[0], 0);
	pipe_w = fds[1];
	/* No supplementary groups (the guest keeps none): getgroups copies nothing out. */
	syscall(SYS_setgroups, 0, NULL);
	file_fd = open("efault.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);

	static const struct { const char *name; unsigned long p; } bad[] = {
		{"NULL", 0},
		{"low", 1},
		{"unmapped", 0x100000000UL},
		{"kernel-text", 0xffffffff81000000UL},
		{"direct-map", 0xffff888000000000UL},
		{"non-canonical", 0x0000800000000000UL},
		{"top-bit", 0x8000000000000000UL},
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		what_ptr = bad[i].name;
		input_cases((void *)bad[i].p, (void *)bad[i].p);
		output_cases((void *)bad[i].p);
		taking_cases((void *)bad[i].p);
	}
	what_ptr = "read-only";
	output_cases((void *)rodata);
	taking_cases((void *)rodata);
	/* Strings and structures that start in a mapping and run into the PROT_NONE page. */
	what_ptr = "straddling";
	input_cases(straddling_string(), two + 4096 - 4);
	output_cases(two + 4096 - 1);
	taking_cases(two + 4096 - 1);

	unlink("efault.tmp");
	printf("efault: %d calls, %d returned EFAULT; the kernel is still running\n", calls,
	       efaults);
	return 0;
}
