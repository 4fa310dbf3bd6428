// socketcall32: a freestanding 32-bit (i386) program that makes the same socket, bind, listen
// and getsockname calls twice through `int $0x80`:
//   1. through socketcall(2): eax = 102, ebx = SYS_SOCKET/SYS_BIND/..., ecx = the argument array;
//   2. through the direct i386 system calls: socket 359, bind 361, listen 363, getsockname 367.
// It prints every call and its result, then whether both paths gave the same results. Exit status
// 0 when they did, 1 when they did not.
//
// No C library: built with gcc -m32 -ffreestanding -nostdlib and linked with ld -m elf_i386, so it
// needs no 32-bit libc. It prints the same natively on an x86-64 Linux host with IA-32 emulation
// and under `lstar run`, where it runs in compatibility mode.

typedef unsigned int u32;

enum {
    NR_exit_group = 252, NR_write = 4, NR_close = 6, NR_socketcall = 102,
    NR_socket = 359, NR_bind = 361, NR_listen = 363, NR_getsockname = 367,
};
enum { SYS_SOCKET = 1, SYS_BIND = 2, SYS_LISTEN = 4, SYS_GETSOCKNAME = 6 };
enum { AF_UNIX = 1, AF_INET = 2, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RDM = 4, IPPROTO_UDP = 17 };
enum { EBADF = 9, EFAULT = 14, EINVAL = 22, ENOSYS = 38, ENOTSOCK = 88, EPROTONOSUPPORT = 93,
       ESOCKTNOSUPPORT = 94, EOPNOTSUPP = 95, EAFNOSUPPORT = 97, EADDRINUSE = 98 };

struct sockaddr_in {
    unsigned short sin_family;
    unsigned short sin_port;  // network byte order
    u32 sin_addr;             // network byte order
    unsigned char sin_zero[8];
};

// Program entry: the i386 ABI leaves argc at (%esp); main's result goes to exit_group.
__asm__(".globl _start\n"
        "_start:\n"
        "  xorl %ebp, %ebp\n"
        "  andl $-16, %esp\n"
        "  call main\n"
        "  movl %eax, %ebx\n"
        "  movl $252, %eax\n"
        "  int $0x80\n"
        "  hlt\n");

static long syscall3(long nr, long a, long b, long c) {
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

// gcc may emit calls to these even in freestanding code.
void *memset(void *dst, int c, unsigned n) {
    unsigned char *p = dst;
    while (n--) *p++ = (unsigned char)c;
    return dst;
}
void *memcpy(void *dst, const void *src, unsigned n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

// ---- output: a line buffer written with write(1, ...) at each newline ----
static char line[256];
static unsigned line_len;

static void put_char(char c) {
    if (line_len < sizeof line) line[line_len++] = c;
    if (c == '\n') {
        syscall3(NR_write, 1, (long)line, line_len);
        line_len = 0;
    }
}
static void put_str(const char *s) {
    while (*s) put_char(*s++);
}
static void put_int(long v) {
    char buf[12];
    int n = 0;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do buf[n++] = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) put_char('-');
    while (n) put_char(buf[--n]);
}

static const char *errno_name(long err) {
    switch (err) {
    case EBADF: return "EBADF";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    case ENOTSOCK: return "ENOTSOCK";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EADDRINUSE: return "EADDRINUSE";
    default: return "E?";
    }
}
static void put_result(long ret) {
    put_str(" = ");
    if (ret < 0 && ret > -4096) {
        put_str("-1 ");
        put_str(errno_name(-ret));
    } else {
        put_int(ret);
    }
    put_char('\n');
}

// ---- the two paths ----
struct path {
    const char *title;
    int via_socketcall;
};

// One socket call through `p`: nr is the direct syscall, call the socketcall number.
static long sock_call(const struct path *p, long nr, long call, long a, long b, long c) {
    if (p->via_socketcall) {
        u32 args[3] = {(u32)a, (u32)b, (u32)c};
        return syscall3(NR_socketcall, call, (long)args, 0);
    }
    return syscall3(nr, a, b, c);
}

// Prints "socket(ARGS)" or "socketcall(SYS_SOCKET, [ARGS])"; the caller then prints the result.
static void put_call(const struct path *p, const char *name, const char *sys_name) {
    if (p->via_socketcall) {
        put_str("socketcall(");
        put_str(sys_name);
        put_str(", [");
    } else {
        put_str(name);
        put_char('(');
    }
}
static void put_close(const struct path *p) { put_str(p->via_socketcall ? "])" : ")"); }

static long do_socket(const struct path *p, long family, const char *family_s, long type,
                      const char *type_s, long protocol, const char *protocol_s) {
    const long r = sock_call(p, NR_socket, SYS_SOCKET, family, type, protocol);
    put_call(p, "socket", "SYS_SOCKET");
    put_str(family_s), put_str(", "), put_str(type_s), put_str(", "), put_str(protocol_s);
    put_close(p);
    put_result(r);
    return r;
}

static struct sockaddr_in loopback(unsigned port) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = (unsigned short)(port >> 8 | (port & 0xff) << 8);
    sin.sin_addr = 0x0100007f;  // 127.0.0.1
    return sin;
}

static long do_bind(const struct path *p, long fd, const void *addr, const char *addr_s, long len) {
    const long r = sock_call(p, NR_bind, SYS_BIND, fd, (long)addr, len);
    put_call(p, "bind", "SYS_BIND");
    put_int(fd), put_str(", "), put_str(addr_s), put_str(", "), put_int(len);
    put_close(p);
    put_result(r);
    return r;
}

static long do_listen(const struct path *p, long fd, long backlog) {
    const long r = sock_call(p, NR_listen, SYS_LISTEN, fd, backlog, 0);
    put_call(p, "listen", "SYS_LISTEN");
    put_int(fd), put_str(", "), put_int(backlog);
    put_close(p);
    put_result(r);
    return r;
}

// getsockname; returns the port (host order), or the error as a negative number.
static long do_getsockname(const struct path *p, long fd) {
    struct sockaddr_in sin;
    u32 len = sizeof sin;
    memset(&sin, 0, sizeof sin);
    const long r = sock_call(p, NR_getsockname, SYS_GETSOCKNAME, fd, (long)&sin, (long)&len);
    put_call(p, "getsockname", "SYS_GETSOCKNAME");
    put_int(fd);
    put_close(p);
    if (r < 0) {
        put_result(r);
        return r;
    }
    const long port = (sin.sin_port >> 8) | (sin.sin_port & 0xff) << 8;
    put_str(" = 0: port ");
    put_str(port ? "nonzero" : "0");
    put_str(sin.sin_addr == 0x0100007f ? ", 127.0.0.1" : sin.sin_addr == 0 ? ", 0.0.0.0" : ", other address");
    put_char('\n');
    return port;
}

enum { MAX_RESULTS = 32 };
struct results {
    long v[MAX_RESULTS];
    int n;
};
static void record(struct results *res, long v) {
    if (res->n < MAX_RESULTS) res->v[res->n++] = v;
}

// The same calls through either path; every result goes into `res` (ports as 0/1, so that
// the two runs compare equal). Closes its sockets, so both runs see the same fd numbers.
static void scenario(const struct path *p, struct results *res) {
    put_str("# ");
    put_str(p->title);
    put_char('\n');
    const long s = do_socket(p, AF_INET, "AF_INET", SOCK_STREAM, "SOCK_STREAM", 0, "0");
    record(res, s);
    record(res, do_socket(p, AF_INET, "AF_INET", SOCK_STREAM | 0x100, "SOCK_STREAM|0x100", 0, "0"));
    record(res, do_socket(p, 12345, "12345", SOCK_STREAM, "SOCK_STREAM", 0, "0"));
    record(res, do_socket(p, AF_INET, "AF_INET", SOCK_STREAM, "SOCK_STREAM", IPPROTO_UDP, "IPPROTO_UDP"));
    record(res, do_socket(p, AF_INET, "AF_INET", SOCK_RDM, "SOCK_RDM", 0, "0"));

    struct sockaddr_in any = loopback(0);
    record(res, do_bind(p, s, &any, "127.0.0.1:0", sizeof any));
    const long port = do_getsockname(p, s);
    record(res, port > 0 ? 1 : port);
    record(res, do_bind(p, s, &any, "127.0.0.1:0", sizeof any));

    const long t = do_socket(p, AF_INET, "AF_INET", SOCK_STREAM, "SOCK_STREAM", 0, "0");
    record(res, t);
    struct sockaddr_in taken = loopback(port > 0 ? (unsigned)port : 0);
    record(res, do_bind(p, t, &taken, "127.0.0.1:<port of the first socket>", sizeof taken));
    record(res, do_bind(p, t, &any, "127.0.0.1:0", sizeof any - 1));
    record(res, do_bind(p, -1, &any, "127.0.0.1:0", sizeof any));
    record(res, do_bind(p, 1, &any, "127.0.0.1:0", sizeof any));
    record(res, do_bind(p, t, (const void *)8, "0x8", sizeof any));
    struct sockaddr_in wrong = loopback(0);
    wrong.sin_family = AF_UNIX;
    record(res, do_bind(p, t, &wrong, "{AF_UNIX, 127.0.0.1:0}", sizeof wrong));

    record(res, do_listen(p, s, 5));
    record(res, do_listen(p, t, 5));
    const long auto_port = do_getsockname(p, t);
    record(res, auto_port > 0 ? 1 : auto_port);
    const long d = do_socket(p, AF_INET, "AF_INET", SOCK_DGRAM, "SOCK_DGRAM", 0, "0");
    record(res, d);
    record(res, do_listen(p, d, 5));
    record(res, do_listen(p, -1, 5));
    record(res, do_listen(p, 1, 5));

    syscall3(NR_close, d, 0, 0);
    syscall3(NR_close, t, 0, 0);
    syscall3(NR_close, s, 0, 0);
}

// What only socketcall can get wrong: a bad call number and an unreadable argument array.
static void socketcall_only(void) {
    put_str("# socketcall(2) itself\n");
    put_str("socketcall(0, [])");
    put_result(syscall3(NR_socketcall, 0, 0, 0));
    put_str("socketcall(21, [])");
    put_result(syscall3(NR_socketcall, 21, 0, 0));
    put_str("socketcall(SYS_SOCKET, 0x8)");
    put_result(syscall3(NR_socketcall, SYS_SOCKET, 8, 0));
    put_str("syscall 1000");
    put_result(syscall3(1000, 0, 0, 0));
}

int main(void) {
    static const struct path via_socketcall = {"through socketcall(2): int $0x80, eax=102, ebx=SYS_*, ecx=args", 1};
    static const struct path direct = {"through the direct i386 syscalls: socket 359, bind 361, listen 363, getsockname 367", 0};
    static struct results a, b;
    scenario(&via_socketcall, &a);
    scenario(&direct, &b);
    socketcall_only();

    int same = a.n == b.n;
    for (int i = 0; same && i < a.n; i++) same = a.v[i] == b.v[i];
    put_str("# socketcall and the direct syscalls gave ");
    put_str(same ? "the same results" : "DIFFERENT results");
    put_str(" for ");
    put_int(a.n);
    put_str(" calls\n");
    return same ? 0 : 1;
}
