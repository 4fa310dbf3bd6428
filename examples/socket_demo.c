// socket_demo: socket(2), bind(2) and listen(2) with their error cases, one line per call in the
// style of strace: `bind(3, 127.0.0.1:0, 16) = 0`, `bind(4, ...) = -1 EADDRINUSE`.
//
// It must print the same lines natively on a Linux host and under `lstar run`, so it never prints
// anything that depends on the host: an ephemeral port is shown as "nonzero" or by the fd it
// belongs to, and an abstract AF_UNIX name carries the pid but is printed with "PID".
// Built with `musl-gcc -static` (examples/README.md).
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SOCK_RDM
#define SOCK_RDM 4
#endif

static const char *errno_name(int err) {
    switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    case ENOTSOCK: return "ENOTSOCK";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    default: {
        static char buf[32];
        snprintf(buf, sizeof buf, "errno %d", err);
        return buf;
    }
    }
}

// Prints the call described by `fmt` and its result; returns the result. `ret` is evaluated
// before this runs, so errno still belongs to the call.
static int show(int ret, const char *fmt, ...) {
    const int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (ret < 0)
        printf(" = -1 %s\n", errno_name(err));
    else
        printf(" = %d\n", ret);
    return ret;
}

static struct sockaddr_in inet_addr4(unsigned a, unsigned b, unsigned c, unsigned d, unsigned port) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)port);
    sin.sin_addr.s_addr = htonl(a << 24 | b << 16 | c << 8 | d);
    return sin;
}

// getsockname() for an AF_INET socket, printed without the port number itself.
static unsigned show_inet_name(int fd) {
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    memset(&sin, 0, sizeof sin);
    const int r = getsockname(fd, (struct sockaddr *)&sin, &len);
    const int err = errno;
    printf("getsockname(%d)", fd);
    if (r < 0) {
        printf(" = -1 %s\n", errno_name(err));
        return 0;
    }
    const unsigned ip = ntohl(sin.sin_addr.s_addr), port = ntohs(sin.sin_port);
    printf(" = 0: family %s, address %u.%u.%u.%u, port %s, length %u\n",
           sin.sin_family == AF_INET ? "AF_INET" : "other", ip >> 24, ip >> 16 & 255, ip >> 8 & 255,
           ip & 255, port ? "nonzero" : "0", (unsigned)len);
    return port;
}

static int bind4(int fd, struct sockaddr_in sin, socklen_t len, const char *shown) {
    return show(bind(fd, (struct sockaddr *)&sin, len), "bind(%d, %s, %u)", fd, shown, (unsigned)len);
}

static void sockets(void) {
    puts("# socket(2)");
    int fd = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show(close(fd), "close(%d)", fd);
    show(close(fd), "close(%d)", fd);
    fd = show(socket(AF_INET, SOCK_DGRAM, 0), "socket(AF_INET, SOCK_DGRAM, 0)");
    close(fd);
    fd = show(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)");
    close(fd);
    fd = show(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
              "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)");
    close(fd);
    fd = show(socket(AF_UNIX, SOCK_STREAM, 0), "socket(AF_UNIX, SOCK_STREAM, 0)");
    close(fd);
    show(socket(AF_INET, SOCK_STREAM | 0x100, 0), "socket(AF_INET, SOCK_STREAM|0x100, 0)");
    show(socket(AF_INET, 11, 0), "socket(AF_INET, 11, 0)");
    show(socket(AF_INET, -1, 0), "socket(AF_INET, -1, 0)");
    show(socket(12345, SOCK_STREAM, 0), "socket(12345, SOCK_STREAM, 0)");
    show(socket(-1, SOCK_STREAM, 0), "socket(-1, SOCK_STREAM, 0)");
    show(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), "socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)");
    show(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), "socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)");
    show(socket(AF_INET, SOCK_RDM, 0), "socket(AF_INET, SOCK_RDM, 0)");
    show(socket(AF_UNIX, SOCK_STREAM, 2), "socket(AF_UNIX, SOCK_STREAM, 2)");
    show(socket(AF_UNIX, SOCK_RDM, 0), "socket(AF_UNIX, SOCK_RDM, 0)");
}

static void binds(void) {
    puts("# bind(2)");
    const int s = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    bind4(s, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");
    const unsigned port = show_inet_name(s);
    bind4(s, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");

    const int t = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    char shown[64];
    snprintf(shown, sizeof shown, "127.0.0.1:<port of %d>", s);
    bind4(t, inet_addr4(127, 0, 0, 1, port), sizeof(struct sockaddr_in), shown);
    bind4(t, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in) - 1, "127.0.0.1:0");
    bind4(t, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_storage) + 1, "127.0.0.1:0");
    struct sockaddr_in wrong = inet_addr4(127, 0, 0, 1, 0);
    wrong.sin_family = AF_UNIX;
    bind4(t, wrong, sizeof wrong, "{AF_UNIX, 127.0.0.1:0}");
    bind4(t, inet_addr4(192, 0, 2, 1, 0), sizeof(struct sockaddr_in), "192.0.2.1:0");
    show(bind(t, (struct sockaddr *)8, sizeof(struct sockaddr_in)), "bind(%d, 0x8, 16)", t);
    bind4(-1, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");
    bind4(1, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");
    bind4(t, inet_addr4(0, 0, 0, 0, 0), sizeof(struct sockaddr_in), "0.0.0.0:0");
    show_inet_name(t);

    const int d = show(socket(AF_INET, SOCK_DGRAM, 0), "socket(AF_INET, SOCK_DGRAM, 0)");
    bind4(d, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");
    show_inet_name(d);
    close(d);
    close(t);
    close(s);
}

static void listens(void) {
    puts("# listen(2)");
    const int s = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    bind4(s, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");
    show(listen(s, 5), "listen(%d, 5)", s);
    show(listen(s, 100000), "listen(%d, 100000)", s);
    show(listen(s, -1), "listen(%d, -1)", s);

    const int a = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show_inet_name(a);
    show(listen(a, 5), "listen(%d, 5)", a);
    show_inet_name(a);

    const int d = show(socket(AF_INET, SOCK_DGRAM, 0), "socket(AF_INET, SOCK_DGRAM, 0)");
    show(listen(d, 5), "listen(%d, 5)", d);
    show(listen(-1, 5), "listen(-1, 5)");
    show(listen(1, 5), "listen(1, 5)");
    close(d);
    close(a);
    close(s);
}

static void reuseaddr(void) {
    puts("# SO_REUSEADDR");
    const int one = 1;
    const int a = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show(setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
         "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 4)", a);
    show(setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &one, 2), "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 2)", a);
    bind4(a, inet_addr4(127, 0, 0, 1, 0), sizeof(struct sockaddr_in), "127.0.0.1:0");
    const unsigned port = show_inet_name(a);
    char shown[64];
    snprintf(shown, sizeof shown, "127.0.0.1:<port of %d>", a);

    const int b = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    show(setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
         "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 4)", b);
    bind4(b, inet_addr4(127, 0, 0, 1, port), sizeof(struct sockaddr_in), shown);
    const int c = show(socket(AF_INET, SOCK_STREAM, 0), "socket(AF_INET, SOCK_STREAM, 0)");
    bind4(c, inet_addr4(127, 0, 0, 1, port), sizeof(struct sockaddr_in), shown);
    show(listen(a, 5), "listen(%d, 5)", a);
    show(listen(b, 5), "listen(%d, 5)", b);
    close(c);
    close(b);
    close(a);
}

static void unix_sockets(void) {
    puts("# AF_UNIX");
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    // An abstract name (leading NUL), unique to this process so that parallel runs on one host
    // do not collide; printed with "PID" in place of the number, which has a fixed width so that
    // the length is the same everywhere.
    const int n = snprintf(sun.sun_path + 1, sizeof sun.sun_path - 1, "lstar-socket-demo.%010d", (int)getpid());
    const socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
    const char *shown = "@lstar-socket-demo.PID";

    const int u = show(socket(AF_UNIX, SOCK_STREAM, 0), "socket(AF_UNIX, SOCK_STREAM, 0)");
    show(listen(u, 5), "listen(%d, 5)", u);
    show(bind(u, (struct sockaddr *)&sun, len), "bind(%d, %s, %u)", u, shown, (unsigned)len);
    const int v = show(socket(AF_UNIX, SOCK_STREAM, 0), "socket(AF_UNIX, SOCK_STREAM, 0)");
    show(bind(v, (struct sockaddr *)&sun, len), "bind(%d, %s, %u)", v, shown, (unsigned)len);
    show(listen(u, 5), "listen(%d, 5)", u);

    struct sockaddr_un got;
    socklen_t got_len = sizeof got;
    memset(&got, 0, sizeof got);
    const int r = getsockname(u, (struct sockaddr *)&got, &got_len);
    printf("getsockname(%d) = %d: %s\n", u, r,
           r == 0 && got_len == len && memcmp(&got, &sun, len) == 0 ? "the name it was bound to" : "a different name");

    const int d = show(socket(AF_UNIX, SOCK_DGRAM, 0), "socket(AF_UNIX, SOCK_DGRAM, 0)");
    show(listen(d, 5), "listen(%d, 5)", d);
    close(d);
    close(v);
    close(u);
}

int main(void) {
    sockets();
    binds();
    listens();
    reuseaddr();
    unix_sockets();
    return 0;
}
