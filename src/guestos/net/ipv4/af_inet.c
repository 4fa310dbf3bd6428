/* net/ipv4/af_inet.c - PF_INET sockets: inet_create, inet_bind, inet_listen, inet_getname,
 * and the port tables (inet_csk_get_port, udp_lib_get_port) reduced to one list of bound
 * sockets. Only the loopback network exists: 127.0.0.0/8 and INADDR_ANY. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/net.h>
#include <net/sock.h>

/* net.ipv4.ip_local_port_range */
#define EPHEMERAL_LOW  32768
#define EPHEMERAL_HIGH 60999

static struct sock *inet_bound; /* every socket that holds a port */
static unsigned int next_ephemeral;

static const struct proto_ops inet_stream_ops, inet_dgram_ops, inet_sockraw_ops;

/* inetsw: what each type offers. A protocol of IPPROTO_IP in an entry is a wildcard. */
struct inet_protosw {
	short type;
	int protocol;
	const struct proto_ops *ops;
};

static const struct inet_protosw inetsw_array[] = {
	{ SOCK_STREAM, IPPROTO_TCP, &inet_stream_ops },
	{ SOCK_DGRAM, IPPROTO_UDP, &inet_dgram_ops },
	{ SOCK_DGRAM, IPPROTO_ICMP, &inet_dgram_ops }, /* ping: refused by ping_group_range */
	{ SOCK_RAW, IPPROTO_IP, &inet_sockraw_ops },
};

static bool inet_addr_is_local(u32 addr)
{
	u32 a = ntohl(addr);
	return a == INADDR_ANY || (a >> 24) == 127 || a == 0xffffffffu || (a >> 28) == 0xe;
}

static void inet_hash_add(struct sock *sk)
{
	sk->sk_next = inet_bound;
	inet_bound = sk;
}

static void inet_unhash(struct sock *sk)
{
	for (struct sock **p = &inet_bound; *p; p = &(*p)->sk_next) {
		if (*p == sk) {
			*p = sk->sk_next;
			break;
		}
	}
	sk->sk_next = NULL;
}

static bool inet_port_used(int protocol, unsigned int port)
{
	for (struct sock *sk2 = inet_bound; sk2; sk2 = sk2->sk_next)
		if (sk2->sk_protocol == protocol && sk2->inet_num == port)
			return true;
	return false;
}

/* inet_csk_bind_conflict / udp_lib_lport_inuse */
static bool inet_bind_conflict(struct sock *sk, unsigned int port)
{
	for (struct sock *sk2 = inet_bound; sk2; sk2 = sk2->sk_next) {
		if (sk2 == sk || sk2->sk_protocol != sk->sk_protocol || sk2->inet_num != port)
			continue;
		if (sk->inet_rcv_saddr && sk2->inet_rcv_saddr &&
		    sk->inet_rcv_saddr != sk2->inet_rcv_saddr)
			continue;
		if (sk->sk_reuseport && sk2->sk_reuseport)
			continue;
		if (sk->sk_reuse && sk2->sk_reuse &&
		    (sk->sk_protocol != IPPROTO_TCP || sk2->sk_state != TCP_LISTEN))
			continue;
		return true;
	}
	return false;
}

/* Give sk the port snum (0: an ephemeral one). 0 or -EADDRINUSE. */
static int inet_get_port(struct sock *sk, unsigned int snum)
{
	if (!snum) {
		const unsigned int range = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
		unsigned int i;
		for (i = 0; i < range; i++) {
			unsigned int port = EPHEMERAL_LOW + (next_ephemeral + i) % range;
			if (!inet_port_used(sk->sk_protocol, port)) {
				next_ephemeral = (next_ephemeral + i + 1) % range;
				snum = port;
				break;
			}
		}
		if (!snum)
			return -EADDRINUSE;
	} else if (inet_bind_conflict(sk, snum)) {
		return -EADDRINUSE;
	}
	if (!sk->inet_num) {
		sk->inet_num = (u16)snum;
		inet_hash_add(sk);
	}
	return 0;
}

static int inet_create(struct socket *sock, int protocol, int kern)
{
	const struct inet_protosw *answer = NULL;
	struct sock *sk;
	int err;
	(void)kern;

	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;
	sock->state = SS_UNCONNECTED;

	/* inet_create's lookup in inetsw[sock->type] */
	err = -ESOCKTNOSUPPORT;
	for (unsigned int i = 0; i < sizeof inetsw_array / sizeof inetsw_array[0]; i++) {
		const struct inet_protosw *a = &inetsw_array[i];
		if (a->type != sock->type)
			continue;
		err = 0;
		if (protocol == a->protocol) {
			if (protocol != IPPROTO_IP) {
				answer = a;
				break;
			}
		} else {
			if (protocol == IPPROTO_IP) {
				protocol = a->protocol;
				answer = a;
				break;
			}
			if (a->protocol == IPPROTO_IP) {
				answer = a;
				break;
			}
		}
		err = -EPROTONOSUPPORT;
	}
	if (!answer)
		return err;
	if (sock->type == SOCK_DGRAM && protocol == IPPROTO_ICMP)
		return -EACCES; /* net.ipv4.ping_group_range is "1 0": nobody */

	sock->ops = answer->ops;
	sk = sk_alloc(PF_INET, sock, protocol);
	if (!sk)
		return -ENOBUFS;
	return 0;
}

static int inet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	if (sk && sk->inet_num)
		inet_unhash(sk);
	return 0;
}

static int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	unsigned int snum;
	int err;

	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (addr->sin_family != AF_INET) {
		/* AF_UNSPEC with INADDR_ANY is accepted for compatibility, as Linux does. */
		if (addr->sin_family != AF_UNSPEC || addr->sin_addr.s_addr != htonl(INADDR_ANY))
			return -EAFNOSUPPORT;
	}
	if (!inet_addr_is_local(addr->sin_addr.s_addr))
		return -EADDRNOTAVAIL;

	snum = ntohs(addr->sin_port);
	/* (ports below 1024 need CAP_NET_BIND_SERVICE; init runs as root) */
	if (sk->sk_state != TCP_CLOSE || sk->inet_num)
		return -EINVAL;
	if (sock->type == SOCK_RAW) { /* raw_bind: an address, no port */
		sk->inet_rcv_saddr = addr->sin_addr.s_addr;
		return 0;
	}
	sk->inet_rcv_saddr = addr->sin_addr.s_addr;
	err = inet_get_port(sk, snum);
	if (err) {
		sk->inet_rcv_saddr = 0;
		return err;
	}
	return 0;
}

static int inet_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;

	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		return -EINVAL;
	if (sk->sk_state != TCP_LISTEN && sk->sk_state != TCP_CLOSE)
		return -EINVAL;
	if (sk->sk_state != TCP_LISTEN) {
		/* inet_csk_listen_start: the port is checked again, now as a listener. */
		sk->sk_state = TCP_LISTEN;
		if (inet_get_port(sk, sk->inet_num)) {
			sk->sk_state = TCP_CLOSE;
			return -EADDRINUSE;
		}
	}
	sk->sk_max_ack_backlog = backlog;
	return 0;
}

static int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;

	if (peer)
		return -ENOTCONN;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(sock->type == SOCK_RAW ? 0 : sk->inet_num);
	sin->sin_addr.s_addr = sk->inet_rcv_saddr;
	return (int)sizeof(*sin);
}

/* ip_setsockopt / tcp_setsockopt / udp_setsockopt: a few harmless options are accepted. */
static int inet_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
			   unsigned int optlen)
{
	int val = 0;
	bool known = false;

	if (level == SOL_IP)
		known = optname == 1 /* IP_TOS */ || optname == 2 /* IP_TTL */;
	else if (level == SOL_TCP && sock->sk->sk_protocol == IPPROTO_TCP)
		known = optname == 1 /* TCP_NODELAY */;
	if (!known)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (get_user(val, (int __user *)optval))
		return -EFAULT;
	(void)val; /* accepted; nothing is sent yet */
	return 0;
}

static int inet_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
			   int __user *optlen)
{
	(void)sock; (void)level; (void)optname; (void)optval; (void)optlen;
	return -ENOPROTOOPT;
}

static const struct proto_ops inet_stream_ops = {
	.family = PF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.listen = inet_listen,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};

static const struct proto_ops inet_dgram_ops = {
	.family = PF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.listen = sock_no_listen,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};

static const struct proto_ops inet_sockraw_ops = {
	.family = PF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.listen = sock_no_listen,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};

const struct net_proto_family inet_family_ops = {
	.family = PF_INET,
	.create = inet_create,
};
