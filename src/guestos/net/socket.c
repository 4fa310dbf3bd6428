/* net/socket.c - the BSD-socket layer: socket(2), bind(2), listen(2), getsockname(2),
 * setsockopt(2), getsockopt(2), close through socket_file_ops, and the 32-bit socketcall(2).
 * The names follow Linux 5.0's net/socket.c. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/net.h>
#include <net/sock.h>

/* net.core.somaxconn: 128 in Linux 5.0 (4096 from 5.4 on). */
int sysctl_somaxconn = 128;

static int __init set_somaxconn(char *val)
{
	int v = 0;
	bool neg = false;
	if (*val == '-') {
		neg = true;
		val++;
	}
	if (*val < '0' || *val > '9')
		return 1;
	while (*val >= '0' && *val <= '9')
		v = v * 10 + (*val++ - '0');
	sysctl_somaxconn = neg ? -v : v;
	return 1;
}
__setup("net.core.somaxconn=", set_somaxconn);

static const struct net_proto_family *net_families[NPROTO] = {
	[AF_UNIX] = &unix_family_ops,
	[AF_INET] = &inet_family_ops,
};

/* ---- struct sock ---- */

struct sock *sk_alloc(int family, struct socket *sock, int protocol)
{
	struct sock *sk = kzalloc(sizeof(*sk));
	if (!sk)
		return NULL;
	sk->sk_family = (unsigned short)family;
	sk->sk_type = (unsigned short)sock->type;
	sk->sk_protocol = protocol;
	sk->sk_state = TCP_CLOSE;
	sk->sk_socket = sock;
	sock->sk = sk;
	return sk;
}

void sk_free(struct sock *sk)
{
	if (sk->sk_socket)
		sk->sk_socket->sk = NULL;
	kfree(sk->unix_addr);
	kfree(sk);
}

/* ---- the socket file ---- */

static int sock_close(struct inode *inode, struct file *file)
{
	struct socket *sock = file->private_data;
	(void)inode;
	if (sock) {
		sock->file = NULL;
		sock_release(sock);
	}
	return 0;
}

static const struct file_operations socket_file_ops = {
	.release = sock_close,
};

static struct socket *sock_alloc(void)
{
	struct socket *sock = kzalloc(sizeof(*sock));
	if (!sock)
		return NULL;
	sock->state = SS_UNCONNECTED;
	return sock;
}

void sock_release(struct socket *sock)
{
	if (sock->ops && sock->ops->release)
		sock->ops->release(sock);
	if (sock->sk)
		sk_free(sock->sk);
	sock->ops = NULL;
	kfree(sock);
}

int sock_create(int family, int type, int protocol, struct socket **res)
{
	const struct net_proto_family *pf;
	struct socket *sock;
	int err;

	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	err = security_socket_create(family, type, protocol, 0);
	if (err)
		return err;
	pf = net_families[family];
	if (!pf)
		return -EAFNOSUPPORT;
	sock = sock_alloc();
	if (!sock)
		return -ENFILE;
	sock->type = (short)type;
	err = pf->create(sock, protocol, 0);
	if (err < 0) {
		sock->ops = NULL;
		if (sock->sk)
			sk_free(sock->sk);
		kfree(sock);
		return err;
	}
	*res = sock;
	return 0;
}

int sock_map_fd(struct socket *sock, int flags)
{
	struct inode *inode = new_inode();
	struct file *file;
	char name[32];
	int fd;

	if (!inode)
		return -ENFILE;
	inode->i_mode = S_IFSOCK | 0777;
	inode->i_private = sock;
	snprintf(name, sizeof name, "socket:[%lu]", inode->i_ino);
	file = alloc_file_pseudo(inode, name, O_RDWR | (flags & O_NONBLOCK), &socket_file_ops);
	if (IS_ERR_OR_NULL(file)) {
		iput(inode);
		return file ? (int)PTR_ERR(file) : -ENFILE;
	}
	file->private_data = sock;
	sock->file = file;
	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		fput(file); /* releases the socket */
		return fd;
	}
	fd_install(fd, file);
	return fd;
}

static struct socket *sock_from_file(struct file *file, int *err)
{
	if (file->f_op == &socket_file_ops)
		return file->private_data;
	*err = -ENOTSOCK;
	return NULL;
}

struct socket *sockfd_lookup_light(int fd, int *err, int *fput_needed)
{
	struct fd f = fdget((unsigned int)fd);
	struct socket *sock;

	*err = -EBADF;
	if (fd < 0 || !f.file)
		return NULL;
	sock = sock_from_file(f.file, err);
	if (sock) {
		*fput_needed = (int)f.flags;
		return sock;
	}
	fdput(f);
	return NULL;
}

static void fput_light(struct socket *sock, int fput_needed)
{
	struct fd f = { sock->file, (unsigned int)fput_needed };
	fdput(f);
}

int move_addr_to_kernel(void __user *uaddr, int ulen, struct sockaddr_storage *kaddr)
{
	if (ulen < 0 || ulen > (int)sizeof(struct sockaddr_storage))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	if (copy_from_user(kaddr, uaddr, (unsigned long)ulen))
		return -EFAULT;
	return 0;
}

static int move_addr_to_user(struct sockaddr_storage *kaddr, int klen, void __user *uaddr,
			     int __user *ulen)
{
	int len;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, kaddr, (unsigned long)len))
		return -EFAULT;
	return put_user(klen, ulen);
}

/* ---- the workers ---- */

int __sys_socket(int family, int type, int protocol)
{
	struct socket *sock;
	int retval, flags;

	flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;

	retval = sock_create(family, type, protocol, &sock);
	if (retval < 0)
		return retval;
	return sock_map_fd(sock, flags & (O_CLOEXEC | O_NONBLOCK));
}

int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen)
{
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		memset(&address, 0, sizeof address);
		err = move_addr_to_kernel(umyaddr, addrlen, &address);
		if (!err) {
			err = security_socket_bind(sock, (struct sockaddr *)&address, addrlen);
			if (!err)
				err = sock->ops->bind(sock, (struct sockaddr *)&address, addrlen);
		}
		fput_light(sock, fput_needed);
	}
	return err;
}

int __sys_listen(int fd, int backlog)
{
	struct socket *sock;
	int err, fput_needed;
	int somaxconn;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		somaxconn = sysctl_somaxconn;
		if ((unsigned int)backlog > (unsigned int)somaxconn)
			backlog = somaxconn;
		err = security_socket_listen(sock, backlog);
		if (!err)
			err = sock->ops->listen(sock, backlog);
		fput_light(sock, fput_needed);
	}
	return err;
}

int __sys_getsockname(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len)
{
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	err = security_socket_getsockname(sock);
	if (!err) {
		memset(&address, 0, sizeof address);
		err = sock->ops->getname(sock, (struct sockaddr *)&address, 0);
		if (err >= 0)
			err = move_addr_to_user(&address, err, usockaddr, usockaddr_len);
	}
	fput_light(sock, fput_needed);
	return err;
}

int __sys_setsockopt(int fd, int level, int optname, char __user *optval, int optlen)
{
	struct socket *sock;
	int err, fput_needed;

	if (optlen < 0)
		return -EINVAL;
	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		err = security_socket_setsockopt(sock, level, optname);
		if (!err) {
			if (level == SOL_SOCKET)
				err = sock_setsockopt(sock, level, optname, optval, (unsigned int)optlen);
			else
				err = sock->ops->setsockopt(sock, level, optname, optval,
							    (unsigned int)optlen);
		}
		fput_light(sock, fput_needed);
	}
	return err;
}

int __sys_getsockopt(int fd, int level, int optname, char __user *optval, int __user *optlen)
{
	struct socket *sock;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		if (level == SOL_SOCKET)
			err = sock_getsockopt(sock, level, optname, optval, optlen);
		else
			err = sock->ops->getsockopt(sock, level, optname, optval, optlen);
		fput_light(sock, fput_needed);
	}
	return err;
}

/* ---- SOL_SOCKET options (net/core/sock.c) ---- */

int sock_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
		    unsigned int optlen)
{
	struct sock *sk = sock->sk;
	int val;
	(void)level;

	if (optlen < sizeof(int))
		return -EINVAL;
	if (get_user(val, (int __user *)optval))
		return -EFAULT;

	switch (optname) {
	case SO_REUSEADDR:
		sk->sk_reuse = val ? SK_CAN_REUSE : SK_NO_REUSE;
		return 0;
	case SO_REUSEPORT:
		sk->sk_reuseport = val ? 1 : 0;
		return 0;
	case SO_TYPE:
	case SO_PROTOCOL:
	case SO_DOMAIN:
	case SO_ERROR:
		return -ENOPROTOOPT;
	case SO_LINGER:
		if (optlen < 8) /* sizeof(struct linger) */
			return -EINVAL;
		return 0;
	case SO_DEBUG:
	case SO_DONTROUTE:
	case SO_BROADCAST:
	case SO_SNDBUF:
	case SO_RCVBUF:
	case SO_KEEPALIVE:
	case SO_OOBINLINE:
	case SO_NO_CHECK:
	case SO_PRIORITY:
	case SO_BSDCOMPAT:
	case SO_RCVLOWAT:
		return 0; /* accepted and not used: nothing is sent yet */
	default:
		return -ENOPROTOOPT;
	}
}

int sock_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
		    int __user *optlen)
{
	struct sock *sk = sock->sk;
	int len, v;
	(void)level;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case SO_REUSEADDR: v = sk->sk_reuse; break;
	case SO_REUSEPORT: v = sk->sk_reuseport; break;
	case SO_TYPE: v = sock->type; break;
	case SO_ERROR: v = 0; break;
	case SO_PROTOCOL: v = sk->sk_protocol; break;
	case SO_DOMAIN: v = sk->sk_family; break;
	case SO_ACCEPTCONN: v = sk->sk_state == TCP_LISTEN; break;
	default: return -ENOPROTOOPT;
	}
	if (len > (int)sizeof(int))
		len = sizeof(int);
	if (copy_to_user(optval, &v, (unsigned long)len))
		return -EFAULT;
	if (put_user(len, optlen))
		return -EFAULT;
	return 0;
}

int sock_no_listen(struct socket *sock, int backlog)
{
	(void)sock; (void)backlog;
	return -EOPNOTSUPP;
}

int sock_no_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
		       unsigned int optlen)
{
	(void)sock; (void)level; (void)optname; (void)optval; (void)optlen;
	return -EOPNOTSUPP;
}

int sock_no_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
		       int __user *optlen)
{
	(void)sock; (void)level; (void)optname; (void)optval; (void)optlen;
	return -EOPNOTSUPP;
}

/* ---- the system calls ---- */

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	return __sys_socket(family, type, protocol);
}

SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)
{
	return __sys_bind(fd, umyaddr, addrlen);
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	return __sys_listen(fd, backlog);
}

SYSCALL_DEFINE3(getsockname, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return __sys_getsockname(fd, usockaddr, usockaddr_len);
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname, char __user *, optval,
		int, optlen)
{
	return __sys_setsockopt(fd, level, optname, optval, optlen);
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, char __user *, optval,
		int __user *, optlen)
{
	return __sys_getsockopt(fd, level, optname, optval, optlen);
}

/* The SOL_SOCKET options that exist are the same for 32-bit programs. */
COMPAT_SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname, char __user *, optval,
		       int, optlen)
{
	return __sys_setsockopt(fd, level, optname, optval, optlen);
}

COMPAT_SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, char __user *, optval,
			int __user *, optlen)
{
	return __sys_getsockopt(fd, level, optname, optval, optlen);
}

/* ---- socketcall(2): one entry for every socket call, 32-bit only ---- */

#define AL(x) ((x) * sizeof(u32))
static const unsigned char nas[SYS_SENDMMSG + 1] = {
	AL(0), AL(3), AL(3), AL(3), AL(2), AL(3),
	AL(3), AL(3), AL(4), AL(4), AL(4), AL(6),
	AL(6), AL(2), AL(5), AL(5), AL(3), AL(3),
	AL(4), AL(5), AL(4)
};
#undef AL

static inline void __user *compat_ptr(u32 uptr)
{
	return (void __user *)(unsigned long)uptr;
}

COMPAT_SYSCALL_DEFINE2(socketcall, int, call, u32 __user *, args)
{
	u32 a[6];
	unsigned int len;

	if (call < SYS_SOCKET || call > SYS_SENDMMSG)
		return -EINVAL;
	len = nas[call];
	if (len > sizeof(a))
		return -EINVAL;
	if (copy_from_user(a, args, len))
		return -EFAULT;

	switch (call) {
	case SYS_SOCKET:
		return __sys_socket((int)a[0], (int)a[1], (int)a[2]);
	case SYS_BIND:
		return __sys_bind((int)a[0], compat_ptr(a[1]), (int)a[2]);
	case SYS_LISTEN:
		return __sys_listen((int)a[0], (int)a[1]);
	case SYS_GETSOCKNAME:
		return __sys_getsockname((int)a[0], compat_ptr(a[1]), compat_ptr(a[2]));
	case SYS_SETSOCKOPT:
		return __sys_setsockopt((int)a[0], (int)a[1], (int)a[2], compat_ptr(a[3]), (int)a[4]);
	case SYS_GETSOCKOPT:
		return __sys_getsockopt((int)a[0], (int)a[1], (int)a[2], compat_ptr(a[3]),
					compat_ptr(a[4]));
	default:
		/* connect, accept, send/recv, socketpair, shutdown, msg calls: no data path yet */
		return -ENOSYS;
	}
}
