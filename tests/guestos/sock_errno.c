/* sock_errno.c - every error case of the socket calls, and a bad pointer for each of them,
 * through every path into the kernel:
 *   built -m64: the `syscall` instruction (x86-64 numbers);
 *   built -m32: `int $0x80` socketcall(2) (eax = 102, ebx = SYS_*, ecx = the argument array)
 *               and `int $0x80` with the direct i386 numbers (359 socket ... 373 shutdown).
 * Each case sets up its own sockets through the path it tests, so the paths do not disturb
 * each other, and prints "[path] what = result". Freestanding (no C library) so that one
 * source gives both programs; the transcript is compared with the program's native run.
 * Where Linux 5.0 differs from the host's newer kernel the test script edits the native line
 * (see docs/syscall-path.md, "Where Linux versions differ"). */

typedef unsigned long ulong;
typedef unsigned int u32;

#ifdef __x86_64__
#define KERNEL_PTR 0xffffffff80000000UL
#else
#define KERNEL_PTR 0xfffff000UL
#endif
#define LOW_PTR 8UL

enum { AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2 };
enum { SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RDM = 4, SOCK_NONBLOCK = 04000,
       SOCK_CLOEXEC = 02000000 };
enum { IPPROTO_TCP = 6, IPPROTO_UDP = 17 };
enum { SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_RCVTIMEO = 20,
       SO_SNDTIMEO = 21 };
enum { MSG_DONTWAIT = 0x40 };

/* socketcall numbers; also the index of each call in the tables below */
enum { SYS_SOCKET = 1, SYS_BIND, SYS_CONNECT, SYS_LISTEN, SYS_ACCEPT, SYS_GETSOCKNAME,
       SYS_GETPEERNAME, SYS_SOCKETPAIR, SYS_SEND, SYS_RECV, SYS_SENDTO, SYS_RECVFROM,
       SYS_SHUTDOWN, SYS_SETSOCKOPT, SYS_GETSOCKOPT, SYS_SENDMSG, SYS_RECVMSG, SYS_ACCEPT4,
       SYS_RECVMMSG, SYS_SENDMMSG, SYS_NCALLS };

static const char *const call_name[SYS_NCALLS] = {
	0, "socket", "bind", "connect", "listen", "accept", "getsockname", "getpeername",
	"socketpair", "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt",
	"getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg",
};
static const unsigned char nargs[SYS_NCALLS] = {
	0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4,
};

/* ---- the raw system calls ---- */

#ifdef __x86_64__
static long raw_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define NR_write 1
#define NR_close 3
#define NR_exit_group 231
/* x86-64 numbers; send and recv are sendto and recvfrom without an address */
static const short nr_native[SYS_NCALLS] = {
	0, 41, 49, 42, 50, 43, 51, 52, 53, 44, 45, 44, 45, 48, 54, 55, 46, 47, 288, 299, 307,
};
__asm__(".globl _start\n_start:\n xor %ebp, %ebp\n and $-16, %rsp\n call main\n"
	" mov %eax, %edi\n mov $231, %eax\n syscall\n hlt\n");
#else
static long raw_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	/* ebp is the sixth argument; save it by hand since it may be the frame pointer */
	__asm__ volatile("push %%ebp\n mov %7, %%ebp\n int $0x80\n pop %%ebp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(f)
			 : "memory");
	return ret;
}
#define NR_write 4
#define NR_close 6
#define NR_exit_group 252
#define NR_socketcall 102
/* The direct i386 calls of Linux 4.3+ (0: there is none: accept, send and recv exist only
 * through socketcall) */
static const short nr_native[SYS_NCALLS] = {
	0, 359, 361, 362, 363, 0, 367, 368, 360, 0, 0, 369, 371, 373, 366, 365, 370, 372, 364,
	337, 345,
};
__asm__(".globl _start\n_start:\n xorl %ebp, %ebp\n andl $-16, %esp\n call main\n"
	" movl %eax, %ebx\n movl $252, %eax\n int $0x80\n hlt\n");
#endif

void *memset(void *dst, int c, ulong n)
{
	unsigned char *p = dst;
	while (n--)
		*p++ = (unsigned char)c;
	return dst;
}
void *memcpy(void *dst, const void *src, ulong n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

/* ---- output ---- */

static char line[256];
static unsigned line_len;

static void put_char(char c)
{
	if (line_len < sizeof line)
		line[line_len++] = c;
	if (c == '\n') {
		raw_syscall(NR_write, 1, (long)line, line_len, 0, 0, 0);
		line_len = 0;
	}
}
static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}
static void put_int(long v)
{
	char buf[24];
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
	switch (e) {
	case 1: return "EPERM";
	case 2: return "ENOENT";
	case 9: return "EBADF";
	case 11: return "EAGAIN";
	case 14: return "EFAULT";
	case 22: return "EINVAL";
	case 32: return "EPIPE";
	case 33: return "EDOM";
	case 38: return "ENOSYS";
	case 88: return "ENOTSOCK";
	case 89: return "EDESTADDRREQ";
	case 90: return "EMSGSIZE";
	case 91: return "EPROTOTYPE";
	case 92: return "ENOPROTOOPT";
	case 93: return "EPROTONOSUPPORT";
	case 94: return "ESOCKTNOSUPPORT";
	case 95: return "EOPNOTSUPP";
	case 97: return "EAFNOSUPPORT";
	case 98: return "EADDRINUSE";
	case 99: return "EADDRNOTAVAIL";
	case 103: return "ECONNABORTED";
	case 106: return "EISCONN";
	case 107: return "ENOTCONN";
	case 111: return "ECONNREFUSED";
	case 115: return "EINPROGRESS";
	default: return "E?";
	}
}

/* ---- the paths ---- */

enum path { PATH_SYSCALL, PATH_SOCKETCALL, PATH_DIRECT };
static enum path path;
static const char *const path_name[] = { "syscall", "socketcall", "i386" };

/* One socket call through the current path. */
static long sc(int call, long a0, long a1, long a2, long a3, long a4, long a5)
{
#ifdef __x86_64__
	if (call == SYS_SEND || call == SYS_RECV) {
		a4 = 0;
		a5 = 0;
	}
	return raw_syscall(nr_native[call], a0, a1, a2, a3, a4, a5);
#else
	if (path == PATH_SOCKETCALL) {
		u32 args[6] = { (u32)a0, (u32)a1, (u32)a2, (u32)a3, (u32)a4, (u32)a5 };
		return raw_syscall(NR_socketcall, call, (long)args, 0, 0, 0, 0);
	}
	if (call == SYS_ACCEPT)
		return raw_syscall(nr_native[SYS_ACCEPT4], a0, a1, a2, 0, 0, 0);
	if (call == SYS_SEND)
		return raw_syscall(nr_native[SYS_SENDTO], a0, a1, a2, a3, 0, 0);
	if (call == SYS_RECV)
		return raw_syscall(nr_native[SYS_RECVFROM], a0, a1, a2, a3, 0, 0);
	return raw_syscall(nr_native[call], a0, a1, a2, a3, a4, a5);
#endif
}

/* Show one call: "[path] what = result"; a non-negative result prints as itself unless
 * `hide` (an ephemeral port, a length that differs between kinds of result). */
static long show(const char *what, long r)
{
	put_char('[');
	put_str(path_name[path]);
	put_str("] ");
	put_str(what);
	put_str(" = ");
	if (r < 0 && r > -4096) {
		put_str("-1 ");
		put_str(errno_name(-r));
	} else {
		put_int(r);
	}
	put_char('\n');
	return r;
}

#define S(call, ...) sc_args(call, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define sc_args(call, a0, a1, a2, a3, a4, a5, ...) \
	sc(call, (long)(a0), (long)(a1), (long)(a2), (long)(a3), (long)(a4), (long)(a5))

static void close_fd(long fd)
{
	if (fd >= 0)
		raw_syscall(NR_close, fd, 0, 0, 0, 0, 0);
}

/* ---- addresses ---- */

struct sockaddr_in {
	unsigned short sin_family;
	unsigned short sin_port;
	u32 sin_addr;
	unsigned char sin_zero[8];
};
struct sockaddr_un {
	unsigned short sun_family;
	char sun_path[108];
};

static unsigned short htons(unsigned short x)
{
	return (unsigned short)(x << 8 | x >> 8);
}

static struct sockaddr_in in4(unsigned a, unsigned b, unsigned c, unsigned d, unsigned short port)
{
	struct sockaddr_in s;
	memset(&s, 0, sizeof s);
	s.sin_family = AF_INET;
	s.sin_port = port;
	s.sin_addr = a | b << 8 | c << 16 | d << 24;
	return s;
}

static unsigned short port_of(long fd)
{
	struct sockaddr_in a;
	int len = sizeof a;
	S(SYS_GETSOCKNAME, fd, &a, &len);
	return a.sin_port;
}

/* A TCP listener on 127.0.0.1 and a client connected to it (the handshake is immediate on
 * loopback, in Linux as here); *srv is the accepted end unless srv is NULL. */
static long tcp_pair(long *client, long *srv)
{
	struct sockaddr_in a = in4(127, 0, 0, 1, 0);
	long l = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	S(SYS_BIND, l, &a, sizeof a);
	S(SYS_LISTEN, l, 4);
	a.sin_port = port_of(l);
	*client = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	S(SYS_CONNECT, *client, &a, sizeof a);
	if (srv)
		*srv = S(SYS_ACCEPT, l, 0, 0);
	return l;
}

/* ---- the cases ---- */

static void socket_cases(void)
{
	static const struct { const char *what; long family, type, protocol; } c[] = {
		{ "socket(AF_INET, SOCK_STREAM, 0)", AF_INET, SOCK_STREAM, 0 },
		{ "socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)", AF_INET, SOCK_DGRAM, IPPROTO_UDP },
		{ "socket(AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0)", AF_UNIX,
		  SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0 },
		{ "socket(AF_INET, SOCK_STREAM|0x100, 0)", AF_INET, SOCK_STREAM | 0x100, 0 },
		{ "socket(AF_INET, 11, 0)", AF_INET, 11, 0 },
		{ "socket(AF_INET, -1, 0)", AF_INET, -1, 0 },
		{ "socket(AF_INET, 0, 0)", AF_INET, 0, 0 },
		{ "socket(12345, SOCK_STREAM, 0)", 12345, SOCK_STREAM, 0 },
		{ "socket(-1, SOCK_STREAM, 0)", -1, SOCK_STREAM, 0 },
		{ "socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)", AF_INET, SOCK_STREAM, IPPROTO_UDP },
		{ "socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)", AF_INET, SOCK_DGRAM, IPPROTO_TCP },
		{ "socket(AF_INET, SOCK_RDM, 0)", AF_INET, SOCK_RDM, 0 },
		{ "socket(AF_INET, SOCK_STREAM, 256)", AF_INET, SOCK_STREAM, 256 },
		{ "socket(AF_INET, SOCK_STREAM, -1)", AF_INET, SOCK_STREAM, -1 },
		{ "socket(AF_UNIX, SOCK_STREAM, 2)", AF_UNIX, SOCK_STREAM, 2 },
		{ "socket(AF_UNIX, SOCK_RDM, 0)", AF_UNIX, SOCK_RDM, 0 },
	};
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++)
		close_fd(show(c[i].what, S(SYS_SOCKET, c[i].family, c[i].type, c[i].protocol)));
}

static void bind_cases(void)
{
	struct sockaddr_in lo = in4(127, 0, 0, 1, 0);
	long s = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	long t = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	long u = S(SYS_SOCKET, AF_INET, SOCK_DGRAM, 0);

	show("bind(-1, 127.0.0.1:0, 16)", S(SYS_BIND, -1, &lo, 16));
	show("bind(200, 127.0.0.1:0, 16)", S(SYS_BIND, 200, &lo, 16));
	show("bind(1 (not a socket), 127.0.0.1:0, 16)", S(SYS_BIND, 1, &lo, 16));
	show("bind(s, 127.0.0.1:0, 8)", S(SYS_BIND, s, &lo, 8));
	show("bind(s, 127.0.0.1:0, -1)", S(SYS_BIND, s, &lo, -1));
	show("bind(s, 127.0.0.1:0, 129)", S(SYS_BIND, s, &lo, 129));
	show("bind(s, NULL, 16)", S(SYS_BIND, s, 0, 16));
	show("bind(s, low pointer, 16)", S(SYS_BIND, s, LOW_PTR, 16));
	show("bind(s, kernel pointer, 16)", S(SYS_BIND, s, KERNEL_PTR, 16));
	struct sockaddr_in x = lo;
	x.sin_family = AF_UNIX;
	show("bind(s, {AF_UNIX ...}, 16)", S(SYS_BIND, s, &x, 16));
	x.sin_family = AF_UNSPEC;
	show("bind(s, {AF_UNSPEC, 127.0.0.1}, 16)", S(SYS_BIND, s, &x, 16));
	x = in4(192, 0, 2, 1, 0);
	show("bind(s, 192.0.2.1:0, 16)", S(SYS_BIND, s, &x, 16));
	show("bind(s, 127.0.0.1:0, 16)", S(SYS_BIND, s, &lo, 16));
	put_str(port_of(s) ? "port 0 gave an ephemeral port\n" : "port 0 gave port 0\n");
	show("bind(s, 127.0.0.1:0, 16) again", S(SYS_BIND, s, &lo, 16));
	struct sockaddr_in taken = lo;
	taken.sin_port = port_of(s);
	show("bind(t, 127.0.0.1:<port of s>, 16)", S(SYS_BIND, t, &taken, 16));
	x = in4(0, 0, 0, 0, taken.sin_port);
	show("bind(t, 0.0.0.0:<port of s>, 16)", S(SYS_BIND, t, &x, 16));
	show("bind(udp, 127.0.0.1:<port of s>, 16)", S(SYS_BIND, u, &taken, 16));
	x = in4(127, 0, 0, 2, 0);
	show("bind(t, 127.0.0.2:0, 16)", S(SYS_BIND, t, &x, 16));
	close_fd(s);
	close_fd(t);
	close_fd(u);

	struct sockaddr_un un;
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, "\0lstar-sock-errno", 17);
	s = S(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0);
	t = S(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0);
	show("bind(unix, {AF_UNIX}, 1)", S(SYS_BIND, s, &un, 1));
	show("bind(unix, {AF_UNIX, @name}, 111)", S(SYS_BIND, s, &un, 111));
	un.sun_family = AF_INET;
	show("bind(unix, {AF_INET, @name}, 19)", S(SYS_BIND, s, &un, 19));
	un.sun_family = AF_UNIX;
	show("bind(unix, {AF_UNIX, @name}, 19)", S(SYS_BIND, s, &un, 19));
	show("bind(unix, {AF_UNIX, @name}, 19) again", S(SYS_BIND, s, &un, 19));
	show("bind(unix2, {AF_UNIX, @name}, 19)", S(SYS_BIND, t, &un, 19));
	close_fd(s);
	close_fd(t);
}

static void listen_cases(void)
{
	long s = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	long u = S(SYS_SOCKET, AF_INET, SOCK_DGRAM, 0);
	long x = S(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0);
	long y = S(SYS_SOCKET, AF_UNIX, SOCK_DGRAM, 0);

	show("listen(-1, 5)", S(SYS_LISTEN, -1, 5));
	show("listen(1 (not a socket), 5)", S(SYS_LISTEN, 1, 5));
	show("listen(udp, 5)", S(SYS_LISTEN, u, 5));
	show("listen(unix dgram, 5)", S(SYS_LISTEN, y, 5));
	show("listen(unbound unix stream, 5)", S(SYS_LISTEN, x, 5));
	show("listen(unbound tcp, -1)", S(SYS_LISTEN, s, -1));
	put_str(port_of(s) ? "listen bound it to an ephemeral port\n" : "listen left it unbound\n");
	show("listen(tcp, 100000) again", S(SYS_LISTEN, s, 100000));
	close_fd(s);
	close_fd(u);
	close_fd(x);
	close_fd(y);

	long c, srv;
	long l = tcp_pair(&c, &srv);
	show("listen(connected tcp, 5)", S(SYS_LISTEN, c, 5));
	close_fd(c);
	close_fd(srv);
	close_fd(l);
}

/* The listen backlog: connections that fit into an AF_UNIX accept queue (backlog + 1) before
 * a non-blocking connect gets EAGAIN, up to 300. listen(fd, 1000) is clamped to somaxconn. */
static void backlog_case(void)
{
	struct sockaddr_un un;
	long fds[301];
	int n = 0;

	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, "\0lstar-backlog", 14);
	long l = S(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0);
	S(SYS_BIND, l, &un, 16);
	S(SYS_LISTEN, l, 1000);
	while (n < 300) {
		fds[n] = S(SYS_SOCKET, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		long r = S(SYS_CONNECT, fds[n], &un, 16);
		n++;
		if (r < 0)
			break;
	}
	put_char('[');
	put_str(path_name[path]);
	put_str("] listen(unix, 1000): connections queued before EAGAIN: ");
	if (n == 300)
		put_str("300 or more");
	else
		put_int(n - 1);
	put_char('\n');
	while (n)
		close_fd(fds[--n]);
	close_fd(l);
}

static void name_and_option_cases(void)
{
	struct sockaddr_in a;
	int len = sizeof a, v = 1, neg = -1;
	long s = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);

	show("getsockname(-1, &a, &len)", S(SYS_GETSOCKNAME, -1, &a, &len));
	show("getsockname(1, &a, &len)", S(SYS_GETSOCKNAME, 1, &a, &len));
	show("getsockname(s, &a, &-1)", S(SYS_GETSOCKNAME, s, &a, &neg));
	show("getsockname(s, &a, low pointer)", S(SYS_GETSOCKNAME, s, &a, LOW_PTR));
	show("getsockname(s, low pointer, &len)", S(SYS_GETSOCKNAME, s, LOW_PTR, &len));
	show("getsockname(s, kernel pointer, &len)", S(SYS_GETSOCKNAME, s, KERNEL_PTR, &len));
	show("getpeername(s unconnected, &a, &len)", S(SYS_GETPEERNAME, s, &a, &len));
	show("getpeername(1, &a, &len)", S(SYS_GETPEERNAME, 1, &a, &len));
	show("setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &1, 4)",
	     S(SYS_SETSOCKOPT, s, SOL_SOCKET, SO_REUSEADDR, &v, 4));
	show("setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &1, 2)",
	     S(SYS_SETSOCKOPT, s, SOL_SOCKET, SO_REUSEADDR, &v, 2));
	show("setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &1, -1)",
	     S(SYS_SETSOCKOPT, s, SOL_SOCKET, SO_REUSEADDR, &v, -1));
	show("setsockopt(s, SOL_SOCKET, SO_REUSEADDR, low pointer, 4)",
	     S(SYS_SETSOCKOPT, s, SOL_SOCKET, SO_REUSEADDR, LOW_PTR, 4));
	show("setsockopt(s, SOL_SOCKET, 12345, &1, 4)", S(SYS_SETSOCKOPT, s, SOL_SOCKET, 12345, &v, 4));
	show("setsockopt(s, SOL_SOCKET, SO_TYPE, &1, 4)", S(SYS_SETSOCKOPT, s, SOL_SOCKET, SO_TYPE, &v, 4));
	show("setsockopt(1, SOL_SOCKET, SO_REUSEADDR, &1, 4)",
	     S(SYS_SETSOCKOPT, 1, SOL_SOCKET, SO_REUSEADDR, &v, 4));
	len = 4;
	show("getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &4)", S(SYS_GETSOCKOPT, s, SOL_SOCKET, SO_TYPE, &v, &len));
	show("getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &-1)",
	     S(SYS_GETSOCKOPT, s, SOL_SOCKET, SO_TYPE, &v, &neg));
	show("getsockopt(s, SOL_SOCKET, SO_TYPE, &v, low pointer)",
	     S(SYS_GETSOCKOPT, s, SOL_SOCKET, SO_TYPE, &v, LOW_PTR));
	len = 4;
	show("getsockopt(s, SOL_SOCKET, SO_TYPE, low pointer, &4)",
	     S(SYS_GETSOCKOPT, s, SOL_SOCKET, SO_TYPE, LOW_PTR, &len));
	show("getsockopt(s, SOL_SOCKET, 12345, &v, &4)", S(SYS_GETSOCKOPT, s, SOL_SOCKET, 12345, &v, &len));
	close_fd(s);

	/* SO_RCVTIMEO/SO_SNDTIMEO take the caller's struct timeval (long, long) */
	long tv[2] = { 0, 20000 }, back[2] = { -1, -1 };
	int sv[2];
	S(SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM, 0, sv);
	show("setsockopt(SO_RCVTIMEO, {0, 20000})",
	     S(SYS_SETSOCKOPT, sv[0], SOL_SOCKET, SO_RCVTIMEO, tv, sizeof tv));
	len = sizeof back;
	show("getsockopt(SO_RCVTIMEO)", S(SYS_GETSOCKOPT, sv[0], SOL_SOCKET, SO_RCVTIMEO, back, &len));
	put_str("timeval ");
	put_int(back[0]);
	put_char(' ');
	put_int(back[1]);
	put_str(", length ");
	put_int(len == (int)sizeof back);
	put_char('\n');
	char buf[4];
	show("recv with SO_RCVTIMEO and no data", S(SYS_RECV, sv[0], buf, sizeof buf, 0));
	show("setsockopt(SO_SNDTIMEO, short length)",
	     S(SYS_SETSOCKOPT, sv[0], SOL_SOCKET, SO_SNDTIMEO, tv, sizeof tv - 1));
	tv[1] = 1000000;
	show("setsockopt(SO_SNDTIMEO, {0, 1000000})",
	     S(SYS_SETSOCKOPT, sv[0], SOL_SOCKET, SO_SNDTIMEO, tv, sizeof tv));
	show("setsockopt(SO_SNDTIMEO, low pointer)",
	     S(SYS_SETSOCKOPT, sv[0], SOL_SOCKET, SO_SNDTIMEO, LOW_PTR, sizeof tv));
	tv[0] = -5;
	tv[1] = 0;
	show("setsockopt(SO_RCVTIMEO, {-5, 0})",
	     S(SYS_SETSOCKOPT, sv[0], SOL_SOCKET, SO_RCVTIMEO, tv, sizeof tv));
	show("recv with a zero timeout", S(SYS_RECV, sv[0], buf, sizeof buf, 0));
	close_fd(sv[0]);
	close_fd(sv[1]);
}

struct msghdr_native {
	void *name;
	u32 namelen;
	void *iov;
	ulong iovlen;
	void *control;
	ulong controllen;
	int flags;
};
struct iovec_native {
	void *base;
	ulong len;
};

/* EFAULT for every pointer argument of the data-path calls (and a few other errors). */
static void data_path_cases(void)
{
	char buf[16];
	struct sockaddr_in a;
	int len = sizeof a;
	long c, srv, sv[2];
	int isv[2];
	long l = tcp_pair(&c, &srv);
	(void)sv;

	show("send(c, \"ab\", 2, 0)", S(SYS_SEND, c, "ab", 2, 0));
	show("send(c, low pointer, 2, 0)", S(SYS_SEND, c, LOW_PTR, 2, 0));
	show("send(c, kernel pointer, 2, 0)", S(SYS_SEND, c, KERNEL_PTR, 2, 0));
	show("sendto(c, \"x\", 1, 0, low pointer, 16)", S(SYS_SENDTO, c, "x", 1, 0, LOW_PTR, 16));
	show("sendto(-1, \"x\", 1, 0, NULL, 0)", S(SYS_SENDTO, -1, "x", 1, 0, 0, 0));
#ifdef __x86_64__
	/* the buffer is checked before the descriptor (import_single_range). For a 32-bit
	 * program Linux 5.0 accepts any address below the 64-bit limit here, lstar only the
	 * 32-bit range (include/linux/uaccess.h): not compared. */
	show("sendto(-1, kernel pointer, 1, 0, NULL, 0)", S(SYS_SENDTO, -1, KERNEL_PTR, 1, 0, 0, 0));
#endif
	show("recv(srv, low pointer, 2, 0)", S(SYS_RECV, srv, LOW_PTR, 2, 0));
	show("recv(srv, read-only text, 2, 0)", S(SYS_RECV, srv, (long)&data_path_cases, 2, 0));
	show("recvfrom(srv, buf, 1, 0, &a, low pointer)", S(SYS_RECVFROM, srv, buf, 1, 0, &a, LOW_PTR));
	show("recv(srv, buf, 16, 0)", S(SYS_RECV, srv, buf, 16, 0));
	show("recv(srv, buf, 16, MSG_DONTWAIT)", S(SYS_RECV, srv, buf, 16, MSG_DONTWAIT));
	show("recv(1, buf, 16, 0)", S(SYS_RECV, 1, buf, 16, 0));

	show("sendmsg(c, low pointer, 0)", S(SYS_SENDMSG, c, LOW_PTR, 0));
	show("recvmsg(srv, kernel pointer, 0)", S(SYS_RECVMSG, srv, KERNEL_PTR, 0));
#ifdef __x86_64__
	/* (the 32-bit msghdr has another layout; its pointer cases are the two above) */
	struct iovec_native iov = { (void *)LOW_PTR, 4 };
	struct msghdr_native m;
	memset(&m, 0, sizeof m);
	m.iov = &iov;
	m.iovlen = 1;
	show("sendmsg(c, {iov base low pointer}, 0)", S(SYS_SENDMSG, c, &m, 0));
	m.iov = (void *)LOW_PTR;
	show("sendmsg(c, {iov low pointer}, 0)", S(SYS_SENDMSG, c, &m, 0));
	m.iovlen = 2000;
	show("sendmsg(c, {iovlen 2000}, 0)", S(SYS_SENDMSG, c, &m, 0));
#endif

	show("sendmmsg(-1, NULL, 1, 0)", S(SYS_SENDMMSG, -1, 0, 1, 0));
	show("sendmmsg(c, low pointer, 1, 0)", S(SYS_SENDMMSG, c, LOW_PTR, 1, 0));
	show("sendmmsg(c, low pointer, 0, 0)", S(SYS_SENDMMSG, c, LOW_PTR, 0, 0));
	show("recvmmsg(srv, kernel pointer, 1, MSG_DONTWAIT, NULL)",
	     S(SYS_RECVMMSG, srv, KERNEL_PTR, 1, MSG_DONTWAIT, 0));
	show("recvmmsg(srv, buf, 1, 0, low pointer)", S(SYS_RECVMMSG, srv, buf, 1, 0, LOW_PTR));
	show("recvmmsg(1, buf, 1, 0, NULL)", S(SYS_RECVMMSG, 1, buf, 1, 0, 0));
	show("getpeername(c, low pointer, &len)", S(SYS_GETPEERNAME, c, LOW_PTR, &len));
	show("getpeername(c, &a, kernel pointer)", S(SYS_GETPEERNAME, c, &a, KERNEL_PTR));
	len = sizeof a;
	show("getpeername(c, &a, &len)", S(SYS_GETPEERNAME, c, &a, &len));
	show("connect(c, low pointer, 16)", S(SYS_CONNECT, c, LOW_PTR, 16));
	show("connect(c, &a, 129)", S(SYS_CONNECT, c, &a, 129));
	show("connect(c, &a, 16) (connected)", S(SYS_CONNECT, c, &a, 16));
	show("shutdown(c, 3)", S(SYS_SHUTDOWN, c, 3));
	show("shutdown(-1, SHUT_RD)", S(SYS_SHUTDOWN, -1, 0));
	show("shutdown(1, SHUT_RD)", S(SYS_SHUTDOWN, 1, 0));
	close_fd(c);
	close_fd(srv);

	/* accept copies the peer's address after taking the connection: EFAULT loses it */
	struct sockaddr_in la;
	int lalen = sizeof la;
	S(SYS_GETSOCKNAME, l, &la, &lalen);
	c = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	S(SYS_CONNECT, c, &la, sizeof la);
	show("accept(l, low pointer, &len)", S(SYS_ACCEPT, l, LOW_PTR, &len));
	close_fd(c);
	c = S(SYS_SOCKET, AF_INET, SOCK_STREAM, 0);
	S(SYS_CONNECT, c, &la, sizeof la);
	show("accept4(l, &a, kernel pointer, 0)", S(SYS_ACCEPT4, l, &a, KERNEL_PTR, 0));
	show("accept4(l, NULL, NULL, 0x1)", S(SYS_ACCEPT4, l, 0, 0, 1));
	show("accept(-1, NULL, NULL)", S(SYS_ACCEPT, -1, 0, 0));
	show("accept(1, NULL, NULL)", S(SYS_ACCEPT, 1, 0, 0));
	close_fd(c);
	close_fd(l);

	show("socketpair(AF_UNIX, SOCK_STREAM, 0, low pointer)", S(SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM, 0, LOW_PTR));
	show("socketpair(AF_UNIX, SOCK_STREAM, 0, kernel pointer)",
	     S(SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM, 0, KERNEL_PTR));
	show("socketpair(AF_INET, SOCK_STREAM, 0, sv)", S(SYS_SOCKETPAIR, AF_INET, SOCK_STREAM, 0, isv));
	show("socketpair(AF_UNIX, SOCK_STREAM|0x100, 0, sv)",
	     S(SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM | 0x100, 0, isv));
	show("socketpair(AF_UNIX, SOCK_STREAM, 0, sv)", S(SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM, 0, isv));
	close_fd(isv[0]);
	close_fd(isv[1]);
}

#ifndef __x86_64__
static void socketcall_cases(void)
{
	u32 args[6] = { AF_INET, SOCK_STREAM, 0, 0, 0, 0 };
	path = PATH_SOCKETCALL;
	show("socketcall(0, args)", raw_syscall(NR_socketcall, 0, (long)args, 0, 0, 0, 0));
	show("socketcall(21, args)", raw_syscall(NR_socketcall, 21, (long)args, 0, 0, 0, 0));
	show("socketcall(-1, args)", raw_syscall(NR_socketcall, -1, (long)args, 0, 0, 0, 0));
	show("socketcall(SYS_SOCKET, NULL)", raw_syscall(NR_socketcall, SYS_SOCKET, 0, 0, 0, 0, 0));
	show("socketcall(SYS_SOCKET, low pointer)", raw_syscall(NR_socketcall, SYS_SOCKET, LOW_PTR, 0, 0, 0, 0));
	show("socketcall(SYS_SOCKET, kernel pointer)",
	     raw_syscall(NR_socketcall, SYS_SOCKET, KERNEL_PTR, 0, 0, 0, 0));
}
#endif

int main(void)
{
#ifdef __x86_64__
	const enum path paths[] = { PATH_SYSCALL };
#else
	const enum path paths[] = { PATH_SOCKETCALL, PATH_DIRECT };
#endif
	for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		path = paths[i];
		socket_cases();
		bind_cases();
		listen_cases();
		backlog_case();
		name_and_option_cases();
		data_path_cases();
	}
#ifndef __x86_64__
	socketcall_cases();
#endif
	(void)nargs;
	(void)call_name;
	(void)htons;
	put_str("done\n");
	return 0;
}
