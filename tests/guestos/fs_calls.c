/* fs_calls.c - the file system calls, one after another, each printed with its result (the
 * value, or -errno). Run natively and under `lstar run` (tests.cmake: guestos_fs_calls), both
 * outputs must be the same. It works in a directory of its own below the working directory,
 * which it removes at the end, and prints nothing that depends on the host's file system
 * (inode numbers, times other than the ones it sets, directory sizes). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static long show(const char *what, long ret)
{
	printf("%-28s %ld\n", what, ret < 0 ? -(long)errno : ret);
	return ret;
}
#define T(call) show(#call, (long)(call))

/* The mtime only when the test set it: otherwise it is the host's or the guest's clock. */
static void show_stat(const char *path, int flags)
{
	struct stat st;
	if (show(path, fstatat(AT_FDCWD, path, &st, flags)) == 0)
		printf("  mode %o nlink %lu size %lld mtime %lld.%ld\n", st.st_mode,
		       (unsigned long)st.st_nlink,
		       S_ISDIR(st.st_mode) ? -1LL : (long long)st.st_size,
		       st.st_mtime < 1e9 ? (long long)st.st_mtime : 0LL,
		       st.st_mtime < 1e9 ? st.st_mtim.tv_nsec : 0L);
}

/* The names in a directory, sorted (the order is the file system's). */
static void list_dir(const char *path)
{
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	printf("ls %s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]->d_name);
		free(names[i]);
	}
	printf(" (%d)\n", n);
	free(n >= 0 ? names : NULL);
}

static void files(void)
{
	char buf[64] = {0};
	int fd = T(open("f", O_WRONLY | O_CREAT | O_EXCL, 0640));
	T(open("f", O_WRONLY | O_CREAT | O_EXCL, 0640));
	T(write(fd, "hello world\n", 12));
	T(lseek(fd, 20, SEEK_SET));
	T(write(fd, "X", 1)); /* a hole of zeros from 12 to 20 */
	T(pwrite(fd, "HE", 2, 0));
	T(close(fd));
	T(close(fd));
	fd = T(open("f", O_RDONLY));
	T(read(fd, buf, sizeof(buf)));
	for (int i = 0; i < 21; i++)
		printf("%02x", (unsigned char)buf[i]);
	printf("\n");
	T(pread(fd, buf, 5, 6));
	printf("  %.5s\n", buf);
	T(lseek(fd, 0, SEEK_END));
	T(lseek(fd, -30, SEEK_END));
	T(write(fd, "x", 1));
	T(close(fd));
	fd = T(open("f", O_WRONLY | O_APPEND));
	T(lseek(fd, 0, SEEK_SET));
	T(write(fd, "+", 1));
	T(lseek(fd, 0, SEEK_CUR));
	struct iovec iov[3] = {{"a", 1}, {"bc", 2}, {"def", 3}};
	T(writev(fd, iov, 3));
	T(close(fd));
	fd = T(open("f", O_RDWR | O_TRUNC));
	T(lseek(fd, 0, SEEK_END));
	T(ftruncate(fd, 5000));
	T(lseek(fd, 0, SEEK_END));
	T(truncate("f", 3));
	T(close(fd));
	show_stat("f", 0);
	T(chmod("f", 0604));
	T(umask(077));
	T(umask(022));
	T(access("f", R_OK | W_OK));
	T(access("f", X_OK));
	T(access("nope", F_OK));
	struct timespec times[2] = {{1000000000, 0}, {981173106, 500}};
	T(utimensat(AT_FDCWD, "f", times, 0));
	show_stat("f", 0);
	T(open("f/x", O_RDONLY));
	T(open("f", O_RDONLY | O_DIRECTORY));
	T(open(".", O_WRONLY));
	T(open("", O_RDONLY));
	T(open("nope", O_RDONLY));
}

static void tree(void)
{
	char buf[256];
	T(mkdir("d", 0755));
	T(mkdir("d", 0755));
	T(mkdir("d/e/f", 0755));
	T(mkdir("d/e", 0700));
	T(mkdir("d/e/", 0700));
	T(symlink("e", "d/link"));
	T(symlink("../f", "d/up"));
	T(symlink("loop", "loop"));
	T(readlink("d/link", buf, sizeof(buf)));
	T(readlink("d/e", buf, sizeof(buf)));
	T(open("loop", O_RDONLY));
	T(open("d/up", O_RDONLY | O_NOFOLLOW));
	int fd = T(open("d/up", O_RDONLY));
	T(close(fd));
	show_stat("d/up", AT_SYMLINK_NOFOLLOW);
	show_stat("d/up", 0);
	show_stat("d/link/", 0);
	T(link("f", "d/hard"));
	show_stat("f", 0);
	T(link("d", "d2"));
	T(rename("d/hard", "d/e/moved"));
	T(rename("d", "d/e/inside"));
	T(rename("f", "d"));
	T(rename("d/e", "d"));
	T(rmdir("d"));
	T(rmdir("d/e/moved"));
	T(unlink("d/e"));
	T(unlink("d/e/moved"));
	show_stat("f", 0);
	list_dir("d");
	list_dir(".");
	T(chdir("d/link"));
	T(getcwd(buf, sizeof(buf)) ? 0 : -1);
	printf("  cwd ends in %s\n", strrchr(buf, '/'));
	T(chdir(".."));
	int dfd = T(open("e", O_RDONLY | O_DIRECTORY));
	T(mkdirat(dfd, "sub", 0755));
	T(openat(dfd, "sub/file", O_CREAT | O_WRONLY, 0644) >= 0);
	T(fchdir(dfd));
	list_dir(".");
	T(unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR));
	T(unlinkat(AT_FDCWD, "sub/file", 0));
	T(unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR));
	T(close(dfd));
	T(chdir("../.."));
	T(getcwd(buf, 1));
	T(unlink("loop"));
	T(unlink("d/link"));
	T(unlink("d/up"));
	T(rmdir("d/e"));
	T(rmdir("d"));
	T(rmdir("d"));
	T(unlink("f"));
}

static void descriptors(void)
{
	int fd = T(dup(1));
	T(dup2(fd, 10));
	T(fcntl(10, F_GETFD));
	T(dup3(fd, 11, O_CLOEXEC));
	T(fcntl(11, F_GETFD));
	T(dup3(fd, fd, 0));
	T(fcntl(fd, F_DUPFD, 20));
	T(fcntl(fd, F_DUPFD_CLOEXEC, 20));
	T(fcntl(21, F_GETFD));
	T(fcntl(fd, F_SETFD, FD_CLOEXEC));
	T(fcntl(fd, F_GETFD));
	T(fcntl(99, F_GETFD));
	for (int i = 10; i <= 21; i++)
		close(i);
	T(close(fd));
}

static void pipes(void)
{
	int p[2];
	char buf[16];
	T(pipe2(p, O_NONBLOCK));
	T(read(p[0], buf, sizeof(buf)));
	T(write(p[1], "abc", 3));
	T(fcntl(p[0], F_GETFL) & O_ACCMODE);
	T(fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
	T(poll(pf, 2, 0));
	printf("  revents %x %x\n", pf[0].revents, pf[1].revents);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = {0, 0};
	T(select(p[0] + 1, &rd, NULL, NULL, &tv));
	T(FD_ISSET(p[0], &rd));
	T(read(p[0], buf, 2));
	T(read(p[0], buf, 10));
	T(close(p[1]));
	T(poll(pf, 1, 100));
	printf("  revents %x\n", pf[0].revents);
	T(read(p[0], buf, 10));
	T(close(p[0]));
	T(pipe(p));
	T(close(p[0]));
	signal(SIGPIPE, SIG_IGN);
	T(write(p[1], "x", 1));
	T(close(p[1]));
	/* fill a pipe: 64 KiB, then EAGAIN */
	T(pipe2(p, O_NONBLOCK));
	static char big[70000];
	T(write(p[1], big, sizeof(big)));
	T(write(p[1], big, 1));
	T(read(p[0], big, sizeof(big)));
	T(close(p[0]));
	T(close(p[1]));
	struct stat st;
	T(pipe(p));
	T(fstat(p[0], &st));
	printf("  fifo %d\n", S_ISFIFO(st.st_mode));
	T(lseek(p[0], 0, SEEK_SET));
	T(close(p[0]));
	T(close(p[1]));
}

static void devices(void)
{
	char buf[8] = "zzzzzzz";
	int fd = T(open("/dev/null", O_RDWR));
	T(write(fd, "x", 1));
	T(read(fd, buf, 8));
	T(close(fd));
	fd = T(open("/dev/zero", O_RDONLY));
	T(read(fd, buf, 4));
	printf("  %d %d %c\n", buf[0], buf[3], buf[4]);
	T(close(fd));
	fd = T(open("/dev/urandom", O_RDONLY));
	T(read(fd, buf, 8));
	T(close(fd));
	struct stat st;
	T(stat("/dev/null", &st));
	printf("  chr %d rdev %u:%u\n", S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
	T(readlink("/proc/self/fd/1", buf, 0));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	T(mkdir("fs_calls.dir", 0755));
	T(chdir("fs_calls.dir"));
	files();
	tree();
	descriptors();
	pipes();
	devices();
	T(chdir(".."));
	T(rmdir("fs_calls.dir"));
	return 0;
}
