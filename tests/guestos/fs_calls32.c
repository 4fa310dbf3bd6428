/* fs_calls32.c - the i386 forms of the file system calls through int $0x80, each printed with
 * its result: stat64/lstat64/fstat64/fstatat64 (struct stat64), getdents and getdents64,
 * _llseek, pread64/pwrite64 and ftruncate64 (64-bit values in two registers), fcntl64,
 * _newselect and poll, pipe, the *at calls. Run natively (IA-32 emulation) and under
 * `lstar run` (compatibility mode) by tests.cmake (guestos_fs_calls32); the outputs must be
 * the same. Freestanding: no 32-bit C library is needed. */
typedef unsigned int u32;
typedef unsigned long long u64;

enum {
	NR_exit = 1, NR_read = 3, NR_write = 4, NR_open = 5, NR_close = 6, NR_unlink = 10,
	NR_chdir = 12, NR_rename = 38, NR_mkdir = 39, NR_rmdir = 40, NR_pipe = 42,
	NR_symlink = 83, NR_readlink = 85, NR_getdents = 141, NR_newselect = 142, NR_poll = 168,
	NR_pread64 = 180, NR_pwrite64 = 181, NR_getcwd = 183, NR_ftruncate64 = 194,
	NR_stat64 = 195, NR_lstat64 = 196, NR_fstat64 = 197, NR_getdents64 = 220,
	NR_fcntl64 = 221, NR_llseek = 140, NR_mkdirat = 296, NR_fstatat64 = 300,
	NR_unlinkat = 301, NR_renameat = 302, NR_readlinkat = 305, NR_pipe2 = 331,
};

__asm__(".globl _start\n"
	"_start:\n"
	"  xorl %ebp, %ebp\n"
	"  andl $-16, %esp\n"
	"  call main\n"
	"  movl %eax, %ebx\n"
	"  movl $252, %eax\n"
	"  int $0x80\n"
	"  hlt\n");

static long sys5(long nr, long a, long b, long c, long d, long e)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}
/* sys(nr, a[, b[, c]]): the missing arguments are 0. */
#define SYS3(nr, a, b, c, ...) sys5(nr, (long)(a), (long)(b), (long)(c), 0, 0)
#define sys(...) SYS3(__VA_ARGS__, 0, 0)

void *memset(void *dst, int c, unsigned n)
{
	unsigned char *p = dst;
	while (n--)
		*p++ = (unsigned char)c;
	return dst;
}

static char out[256];
static unsigned out_len;

static void flush(void)
{
	sys(NR_write, 1, out, out_len);
	out_len = 0;
}

static void put(const char *s)
{
	while (*s) {
		out[out_len++] = *s;
		if (*s++ == '\n' || out_len == sizeof(out))
			flush();
	}
}

static void put_num(long long v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	*p = 0;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	put(p);
}

static long show(const char *what, long ret)
{
	put(what);
	put(" = ");
	put_num(ret);
	put("\n");
	return ret;
}
#define T(...) show(#__VA_ARGS__, sys(__VA_ARGS__))

struct stat64 {
	u64 st_dev;
	unsigned char pad0[4];
	u32 st_ino32, st_mode, st_nlink, st_uid, st_gid;
	u64 st_rdev;
	unsigned char pad3[4];
	long long st_size;
	u32 st_blksize;
	u64 st_blocks;
	u32 st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	u64 st_ino;
} __attribute__((packed));

static void show_stat64(const char *what, long ret, const struct stat64 *st)
{
	show(what, ret);
	if (ret)
		return;
	put("  mode ");
	put_num(st->st_mode);
	put(" nlink ");
	put_num(st->st_nlink);
	put(" size ");
	put_num((st->st_mode & 0170000) == 0040000 ? -1 : st->st_size);
	put(" ino matches ");
	put_num(st->st_ino32 == (u32)st->st_ino);
	put("\n");
}

/* The names a getdents buffer holds, in a fixed order: counted, and whether each expected
 * name is there (the order itself is the file system's). */
static int has_name(const char *buf, long n, int old, const char *name)
{
	for (long off = 0; off < n;) {
		const char *rec = buf + off;
		unsigned short reclen = *(const unsigned short *)(rec + (old ? 8 : 16));
		const char *d_name = rec + (old ? 10 : 19);
		const char *a = d_name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (!*a && !*b)
			return 1;
		if (!reclen)
			return 0;
		off += reclen;
	}
	return 0;
}

int main(void)
{
	static struct stat64 st;
	static char buf[512];
	long fd, p[2];
	int pfd[2];

	T(NR_mkdir, "fs32.dir", 0755);
	T(NR_chdir, "fs32.dir", 0);
	fd = T(NR_open, "f", 0101 /* O_WRONLY|O_CREAT */, 0644);
	T(NR_write, fd, "0123456789", 10);
	show("pwrite64 at 2^32+1 - 2^32", sys5(NR_pwrite64, fd, (long)"ab", 2, 1, 0));
	show("ftruncate64 to 20", sys5(NR_ftruncate64, fd, 20, 0, 0, 0));
	show_stat64("fstat64 f", sys(NR_fstat64, fd, &st, 0), &st);
	T(NR_close, fd, 0);
	fd = T(NR_open, "f", 0, 0);
	long long pos = 0;
	show("_llseek 0:5 SEEK_SET", sys5(NR_llseek, fd, 0, 5, (long)&pos, 0));
	show("  pos", (long)pos);
	show("_llseek 1:0 SEEK_SET", sys5(NR_llseek, fd, 1, 0, (long)&pos, 0));
	show("  pos high", (long)(pos >> 32));
	show("pread64 at 0", sys5(NR_pread64, fd, (long)buf, 4, 0, 0));
	buf[4] = '\n';
	buf[5] = 0;
	put(buf);
	show("fcntl64 F_GETFL", sys(NR_fcntl64, fd, 3, 0));
	show("fcntl64 F_DUPFD 30", sys(NR_fcntl64, fd, 0, 30));
	T(NR_close, 30, 0);
	T(NR_close, fd, 0);
	T(NR_symlink, "f", "link");
	show_stat64("stat64 link", sys(NR_stat64, "link", &st, 0), &st);
	show_stat64("lstat64 link", sys(NR_lstat64, "link", &st, 0), &st);
	show_stat64("fstatat64 . link NOFOLLOW", sys5(NR_fstatat64, -100, (long)"link", (long)&st,
						      0x100, 0), &st);
	show("readlink", sys(NR_readlink, "link", buf, sizeof(buf)));
	show("readlinkat", sys5(NR_readlinkat, -100, (long)"link", (long)buf, 3, 0));
	show("mkdirat d", sys(NR_mkdirat, -100, "d", 0700));
	show("renameat f d/g", sys5(NR_renameat, -100, (long)"f", -100, (long)"d/g", 0));
	show_stat64("stat64 d", sys(NR_stat64, "d", &st, 0), &st);
	fd = T(NR_open, ".", 0200000 /* O_DIRECTORY */, 0);
	long n = show("getdents64 .", sys(NR_getdents64, fd, buf, sizeof(buf)));
	show("  has d", has_name(buf, n, 0, "d"));
	show("  has link", has_name(buf, n, 0, "link"));
	show("  has ..", has_name(buf, n, 0, ".."));
	show("getdents64 again", sys(NR_getdents64, fd, buf, sizeof(buf)));
	show("_llseek 0", sys5(NR_llseek, fd, 0, 0, (long)&pos, 0));
	n = show("getdents .", sys(NR_getdents, fd, buf, sizeof(buf)));
	show("  has link", has_name(buf, n, 1, "link"));
	show("  has d", has_name(buf, n, 1, "d"));
	T(NR_close, fd, 0);
	show("getcwd small", sys(NR_getcwd, buf, 2, 0));
	show("unlinkat d AT_REMOVEDIR", sys(NR_unlinkat, -100, "d", 0x200));
	T(NR_unlink, "d/g", 0);
	show("unlinkat d AT_REMOVEDIR", sys(NR_unlinkat, -100, "d", 0x200));
	T(NR_unlink, "link", 0);
	T(NR_pipe, pfd, 0);
	T(NR_write, pfd[1], "xyz", 3);
	struct { int fd; short events, revents; } pollfd = {pfd[0], 1, 0};
	T(NR_poll, &pollfd, 1, 0);
	show("  revents", pollfd.revents);
	u32 rd = 1u << pfd[0];
	struct { int sec, usec; } tv = {0, 0};
	show("_newselect", sys5(NR_newselect, pfd[0] + 1, (long)&rd, 0, 0, (long)&tv));
	show("  bit", (rd >> pfd[0]) & 1);
	T(NR_read, pfd[0], buf, 10);
	T(NR_close, pfd[0], 0);
	T(NR_close, pfd[1], 0);
	show("pipe2 O_CLOEXEC", sys(NR_pipe2, p, 02000000, 0));
	show("  FD_CLOEXEC", sys(NR_fcntl64, (int)p[0], 1, 0));
	T(NR_chdir, "..", 0);
	T(NR_rmdir, "fs32.dir", 0);
	return 0;
}
