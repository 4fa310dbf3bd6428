/* net_common.h - printing helpers for the socket tests (tests/guestos/net_*.c, sock_*.c).
 * Each result prints as the value or as -1 and the errno's name, so the transcript can be
 * compared byte for byte with the program's native run. */
#ifndef NET_COMMON_H
#define NET_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static inline const char *errno_name(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOSPC: return "ENOSPC";
	case EPIPE: return "EPIPE";
	case ENOSYS: return "ENOSYS";
	case ENOTSOCK: return "ENOTSOCK";
	case EDESTADDRREQ: return "EDESTADDRREQ";
	case EMSGSIZE: return "EMSGSIZE";
	case EPROTOTYPE: return "EPROTOTYPE";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ENETUNREACH: return "ENETUNREACH";
	case ECONNABORTED: return "ECONNABORTED";
	case ECONNRESET: return "ECONNRESET";
	case ENOBUFS: return "ENOBUFS";
	case EISCONN: return "EISCONN";
	case ENOTCONN: return "ENOTCONN";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EALREADY: return "EALREADY";
	case EINPROGRESS: return "EINPROGRESS";
	default: return "E?";
	}
}

/* show("what", call): prints "what = value" or "what = -1 ENAME"; returns the value. */
static inline long show_result(const char *what, long r)
{
	if (r < 0)
		printf("%s = -1 %s\n", what, errno_name(errno));
	else
		printf("%s = %ld\n", what, r);
	fflush(stdout);
	return r;
}
#define show(what, call) (errno = 0, show_result(what, (long)(call)))

/* The same for raw system calls that return -errno. */
static inline long show_raw(const char *what, long r)
{
	if (r < 0 && r > -4096)
		printf("%s = -1 %s\n", what, errno_name((int)-r));
	else
		printf("%s = %ld\n", what, r);
	fflush(stdout);
	return r;
}

#endif
