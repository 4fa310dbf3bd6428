/* net/unix/af_unix.c - PF_UNIX sockets: unix_create, unix_bind (path names in a simple name
 * table, since the root file system is read-only; abstract names with a leading NUL),
 * unix_listen, unix_getname and autobind. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/net.h>
#include <net/sock.h>

static struct sock *unix_bound; /* every bound AF_UNIX socket */
static unsigned int unix_autobind_ordernum;

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

#define SUN_FAMILY_LEN ((int)sizeof(unsigned short))

/* unix_mkname: check the length; a path name is cut at its NUL and gets one. */
static int unix_mkname(struct sockaddr_un *sunaddr, int len)
{
	if (len <= SUN_FAMILY_LEN || len > (int)sizeof(*sunaddr))
		return -EINVAL;
	if (sunaddr->sun_path[0]) {
		/* The address sits in a sockaddr_storage (128 bytes), so index len exists. */
		((char *)sunaddr)[len] = 0;
		len = (int)strlen(sunaddr->sun_path) + 1 + SUN_FAMILY_LEN;
	}
	return len;
}

static struct sock *unix_find_socket_byname(const struct sockaddr_un *sunname, int len)
{
	for (struct sock *s = unix_bound; s; s = s->sk_next)
		if (s->unix_addr_len == len && !memcmp(s->unix_addr, sunname, (size_t)len))
			return s;
	return NULL;
}

static int unix_set_addr(struct sock *sk, const struct sockaddr_un *sunaddr, int len)
{
	struct sockaddr_un *a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	memcpy(a, sunaddr, (size_t)len);
	sk->unix_addr = a;
	sk->unix_addr_len = len;
	sk->sk_next = unix_bound;
	unix_bound = sk;
	return 0;
}

/* An abstract name of five hex digits, as Linux's unix_autobind. */
static int unix_autobind(struct sock *sk)
{
	struct sockaddr_un a;
	int len = SUN_FAMILY_LEN + 1 + 5;

	if (sk->unix_addr)
		return 0;
	for (unsigned int tries = 0; tries < 0x100000; tries++) {
		memset(&a, 0, sizeof a);
		a.sun_family = AF_UNIX;
		snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "%05x",
			 (unix_autobind_ordernum++) & 0xfffff);
		if (!unix_find_socket_byname(&a, len))
			return unix_set_addr(sk, &a, len);
	}
	return -ENOSPC;
}

static int unix_create(struct socket *sock, int protocol, int kern)
{
	(void)kern;
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	sock->state = SS_UNCONNECTED;
	switch (sock->type) {
	case SOCK_STREAM:
		sock->ops = &unix_stream_ops;
		break;
	case SOCK_RAW: /* believed to be the same as SOCK_DGRAM */
		sock->type = SOCK_DGRAM;
		/* fall through */
	case SOCK_DGRAM:
		sock->ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		sock->ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (!sk_alloc(PF_UNIX, sock, 0))
		return -ENOMEM;
	return 0;
}

static int unix_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	if (sk && sk->unix_addr) {
		for (struct sock **p = &unix_bound; *p; p = &(*p)->sk_next) {
			if (*p == sk) {
				*p = sk->sk_next;
				break;
			}
		}
	}
	return 0;
}

static int unix_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk;
	int len;

	if (addr_len < SUN_FAMILY_LEN || sunaddr->sun_family != AF_UNIX)
		return -EINVAL;
	if (addr_len == SUN_FAMILY_LEN)
		return unix_autobind(sk);
	len = unix_mkname(sunaddr, addr_len);
	if (len < 0)
		return len;
	if (sk->unix_addr)
		return -EINVAL;
	if (unix_find_socket_byname(sunaddr, len))
		return -EADDRINUSE; /* a path name: the node exists (EEXIST) */
	return unix_set_addr(sk, sunaddr, len);
}

static int unix_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (!sk->unix_addr)
		return -EINVAL; /* no listen on an unbound socket */
	sk->sk_max_ack_backlog = backlog;
	sk->sk_state = TCP_LISTEN;
	return 0;
}

static int unix_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sock *sk = sock->sk;
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;

	if (peer)
		return -ENOTCONN;
	if (!sk->unix_addr) {
		sunaddr->sun_family = AF_UNIX;
		sunaddr->sun_path[0] = 0;
		return SUN_FAMILY_LEN;
	}
	memcpy(sunaddr, sk->unix_addr, (size_t)sk->unix_addr_len);
	return sk->unix_addr_len;
}

#define UNIX_OPS(name)							\
	static const struct proto_ops name = {				\
		.family = PF_UNIX,					\
		.release = unix_release,				\
		.bind = unix_bind,					\
		.listen = unix_listen,					\
		.getname = unix_getname,				\
		.setsockopt = sock_no_setsockopt,			\
		.getsockopt = sock_no_getsockopt,			\
	}
UNIX_OPS(unix_stream_ops);
UNIX_OPS(unix_seqpacket_ops);

static const struct proto_ops unix_dgram_ops = {
	.family = PF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.listen = sock_no_listen,
	.getname = unix_getname,
	.setsockopt = sock_no_setsockopt,
	.getsockopt = sock_no_getsockopt,
};

const struct net_proto_family unix_family_ops = {
	.family = PF_UNIX,
	.create = unix_create,
};
