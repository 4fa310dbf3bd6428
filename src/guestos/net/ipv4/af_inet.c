/* net/ipv4/af_inet.c - PF_INET sockets: inet_create, inet_bind, inet_listen, inet_getname,
 * the port tables (inet_csk_get_port, udp_lib_get_port) reduced to one list of bound sockets,
 * and the data path: inet_stream_connect, inet_accept, tcp_sendmsg/tcp_recvmsg, tcp_poll,
 * inet_shutdown, udp_sendmsg/udp_recvmsg. Only the loopback network exists: 127.0.0.0/8 and
 * INADDR_ANY. A TCP connection is a pair of struct socks (net/core/sock.c); the handshake is
 * immediate, but what connect(2) returns follows Linux (EINPROGRESS for a non-blocking call). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
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

/* ---- connections (TCP) ---- */

static u32 inet_loopback(void)
{
	return htonl(INADDR_LOOPBACK);
}

/* The destination as the loopback route sees it: INADDR_ANY means this host. 0 or
 * -ENETUNREACH for an address that is not on lo. */
static int inet_route(u32 *daddr)
{
	u32 a = ntohl(*daddr);
	if (a == INADDR_ANY)
		*daddr = inet_loopback();
	else if ((a >> 24) != 127)
		return -ENETUNREACH;
	return 0;
}

/* inet_autobind + the source address choice: an unbound socket gets an ephemeral port, and
 * an INADDR_ANY one the source address of the route (127.0.0.1 on lo). */
static int inet_autobind(struct sock *sk)
{
	if (!sk->inet_num) {
		int err = inet_get_port(sk, 0);
		if (err)
			return -EAGAIN;
	}
	return 0;
}

static void inet_set_peer(struct sock *sk, u32 addr, u16 port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&sk->sk_peer_addr;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
	sin->sin_port = htons(port);
	sk->sk_peer_addr_len = sizeof(*sin);
	sk->inet_daddr = addr;
	sk->inet_dport = port;
}

static struct sock *inet_lookup_listener(u32 daddr, unsigned int port)
{
	for (struct sock *sk = inet_bound; sk; sk = sk->sk_next)
		if (sk->sk_protocol == IPPROTO_TCP && sk->sk_state == TCP_LISTEN &&
		    sk->inet_num == port && (!sk->inet_rcv_saddr || sk->inet_rcv_saddr == daddr))
			return sk;
	return NULL;
}

/* The listener's half of the handshake (tcp_check_req + inet_csk_complete_hashdance): a new
 * socket, without a struct socket until accept(), paired with the connector. */
static int tcp_create_child(struct sock *listener, struct sock *sk)
{
	struct sock *child = sk_prot_alloc();
	if (!child)
		return -ENOBUFS;
	child->sk_family = PF_INET;
	child->sk_type = SOCK_STREAM;
	child->sk_protocol = IPPROTO_TCP;
	child->sk_rcvbuf = SK_RCVBUF_DEFAULT;
	child->sk_sndbuf = SK_SNDBUF_DEFAULT;
	child->sk_rcvtimeo = listener->sk_rcvtimeo;
	child->sk_sndtimeo = listener->sk_sndtimeo;
	init_waitqueue_head(&child->sk_wq);
	child->inet_num = listener->inet_num;
	child->inet_rcv_saddr = sk->inet_daddr;
	inet_set_peer(child, sk->inet_rcv_saddr, sk->inet_num);
	sk_stream_pair(sk, child);
	sk_acceptq_add(listener, child);
	sk_wake(sk);
	return 0;
}

/* The peer of sk gets a reset (tcp_reset): ECONNRESET, both directions shut, and the
 * connection between them is gone. */
static void tcp_reset_peer(struct sock *sk)
{
	struct sock *peer = sk->sk_peer;
	if (!peer)
		return;
	peer->sk_err = ECONNRESET;
	peer->sk_shutdown = SHUTDOWN_MASK;
	peer->sk_state = TCP_CLOSE;
	peer->sk_peer = NULL;
	sk->sk_peer = NULL;
	sk_wake(peer);
}

static void inet_csk_listen_stop(struct sock *sk);

static void tcp_syn_queue_remove(struct sock *sk)
{
	struct sock *listener = sk->sk_listener;
	if (!listener)
		return;
	for (struct sock **p = &listener->sk_syn_head; *p; p = &(*p)->sk_accept_next) {
		if (*p == sk) {
			*p = sk->sk_accept_next;
			break;
		}
	}
	sk->sk_accept_next = NULL;
	sk->sk_listener = NULL;
}

/* accept() made room: the oldest connector waiting in the SYN queue gets its connection. */
static void tcp_syn_queue_promote(struct sock *listener)
{
	while (listener->sk_syn_head && !sk_acceptq_is_full(listener)) {
		struct sock *sk = listener->sk_syn_head;
		tcp_syn_queue_remove(sk);
		if (tcp_create_child(listener, sk)) {
			sk->sk_err = ENOBUFS;
			sk->sk_state = TCP_CLOSE;
			sk_wake(sk);
		}
	}
}

/* tcp_v4_connect: route, autobind, and the SYN: to a listener (an established connection, or
 * a place in its SYN queue while the accept queue is full) or to a closed port (a reset). */
static int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct sock *listener;
	u32 daddr;
	int err;

	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	daddr = usin->sin_addr.s_addr;
	err = inet_route(&daddr);
	if (err)
		return err;
	if (!sk->inet_rcv_saddr)
		sk->inet_rcv_saddr = inet_loopback();
	err = inet_autobind(sk);
	if (err)
		return err;
	inet_set_peer(sk, daddr, ntohs(usin->sin_port));
	sk->sk_err = 0;
	sk->sk_shutdown = 0;
	sk->sk_peer_closed = false;

	listener = inet_lookup_listener(daddr, sk->inet_dport);
	if (!listener) {
		sk->sk_err = ECONNREFUSED;
		sk->sk_state = TCP_CLOSE;
		sk->sk_shutdown = SHUTDOWN_MASK;
		return 0;
	}
	if (sk_acceptq_is_full(listener)) {
		sk->sk_state = TCP_SYN_SENT;
		sk->sk_listener = listener;
		sk->sk_accept_next = NULL;
		struct sock **p = &listener->sk_syn_head;
		while (*p)
			p = &(*p)->sk_accept_next;
		*p = sk;
		return 0;
	}
	return tcp_create_child(listener, sk);
}

static int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len,
			       int flags)
{
	struct sock *sk = sock->sk;
	int err;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC) {
		/* tcp_disconnect: the peer sees a reset, and sk starts afresh */
		tcp_syn_queue_remove(sk);
		if (sk->sk_peer) {
			tcp_reset_peer(sk);
			sk->sk_err = ECONNRESET; /* reported once to this socket too */
		}
		if (sk->sk_state == TCP_LISTEN)
			inet_csk_listen_stop(sk);
		skb_queue_purge(&sk->sk_receive_queue);
		sk->sk_rmem_alloc = 0;
		sk->sk_state = TCP_CLOSE;
		sk->sk_shutdown = 0;
		sk->sk_peer_closed = false;
		sk->sk_peer_addr_len = 0;
		sock->state = SS_UNCONNECTED;
		return 0;
	}

	switch (sock->state) {
	default:
		return -EINVAL;
	case SS_CONNECTED:
		return -EISCONN;
	case SS_CONNECTING:
		err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		if (sk->sk_state != TCP_CLOSE)
			return -EISCONN;
		err = tcp_v4_connect(sk, uaddr, addr_len);
		if (err < 0)
			return err;
		sock->state = SS_CONNECTING;
		/* Linux answers the SYN after this call returns: a non-blocking connect always
		 * reports EINPROGRESS, and the result shows through poll and SO_ERROR. */
		if (flags & O_NONBLOCK)
			return -EINPROGRESS;
		err = -EINPROGRESS;
		break;
	}

	if (sk->sk_state == TCP_SYN_SENT) {
		/* inet_wait_for_connect; when SO_SNDTIMEO runs out the call still reports
		 * EINPROGRESS (or EALREADY) */
		long timeo = sk->sk_sndtimeo;
		int werr;
		if (flags & O_NONBLOCK)
			return err;
		werr = sk_wait_event(sk, &timeo, sk->sk_state != TCP_SYN_SENT);
		if (werr == -EAGAIN)
			return err;
		if (werr)
			return werr;
	}
	if (sk->sk_state == TCP_CLOSE) {
		err = sock_error(sk);
		sock->state = SS_UNCONNECTED;
		return err ? err : -ECONNABORTED;
	}
	sock->state = SS_CONNECTED;
	return 0;
}

static int inet_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct sock *listener = sock->sk;
	struct sock *child;
	int err;

	err = sk_wait_accept(listener, flags, &child);
	if (err)
		return err;
	child->sk_socket = newsock;
	newsock->sk = child;
	newsock->state = SS_CONNECTED;
	tcp_syn_queue_promote(listener);
	return 0;
}

/* Stop listening: queued connections are reset, connectors still in the SYN queue refused. */
static void inet_csk_listen_stop(struct sock *sk)
{
	struct sock *child;
	while ((child = sk_acceptq_remove(sk))) {
		tcp_reset_peer(child);
		skb_queue_purge(&child->sk_receive_queue);
		kfree(child);
	}
	while (sk->sk_syn_head) {
		struct sock *c = sk->sk_syn_head;
		tcp_syn_queue_remove(c);
		c->sk_err = ECONNREFUSED;
		c->sk_state = TCP_CLOSE;
		c->sk_shutdown = SHUTDOWN_MASK;
		sk_wake(c);
	}
	sk->sk_state = TCP_CLOSE;
	sk_wake(sk);
}

static int inet_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	if (!sk)
		return 0;
	if (sk->sk_state == TCP_LISTEN)
		inet_csk_listen_stop(sk);
	tcp_syn_queue_remove(sk);
	if (sk->sk_protocol == IPPROTO_TCP)
		sk_stream_disconnect(sk);
	if (sk->inet_num)
		inet_unhash(sk);
	return 0;
}

static int inet_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;

	memset(sin, 0, sizeof(*sin));
	if (peer) {
		if (!sk->sk_peer_addr_len || sk->sk_state == TCP_CLOSE ||
		    sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_LISTEN)
			return -ENOTCONN;
		memcpy(sin, &sk->sk_peer_addr, sizeof(*sin));
		return (int)sizeof(*sin);
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(sock->type == SOCK_RAW ? 0 : sk->inet_num);
	sin->sin_addr.s_addr = sk->inet_rcv_saddr;
	return (int)sizeof(*sin);
}

static int tcp_sendmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;
	int err;

	if (sk->sk_state == TCP_SYN_SENT) {
		/* sk_stream_wait_connect */
		long timeo = sock_nonblock(sk, flags) ? 0 : sk->sk_sndtimeo;
		err = sk_wait_event(sk, &timeo, sk->sk_state != TCP_SYN_SENT);
		if (err)
			return err;
	}
	if (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_CLOSE_WAIT &&
	    !(sk->sk_state == TCP_CLOSE && sk->sk_peer_closed)) {
		if (sk->sk_err)
			return sock_error(sk);
		if (sk->sk_state != TCP_CLOSE || !(sk->sk_shutdown & SEND_SHUTDOWN) ||
		    sock->state != SS_CONNECTED)
			return sk_stream_error(flags, -EPIPE);
	}
	return sk_stream_sendmsg(sk, msg, len, flags);
}

static int tcp_recvmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;

	if (sk->sk_state == TCP_LISTEN)
		return -ENOTCONN;
	if (sk->sk_state == TCP_CLOSE && sock->state != SS_CONNECTED &&
	    !sk->sk_receive_queue.head && !sk->sk_err)
		return -ENOTCONN;
	msg->msg_namelen = 0;
	return sk_stream_recvmsg(sk, msg, len, flags);
}

static unsigned int tcp_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	unsigned int mask = 0;
	int state = sk->sk_state;

	poll_wait(file, &sk->sk_wq, wait);
	if (state == TCP_LISTEN)
		return sk->sk_accept_head ? EPOLLIN | EPOLLRDNORM : 0;
	if (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (state != TCP_SYN_SENT) {
		if (sk->sk_receive_queue.head)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			struct sock *peer = sk->sk_peer;
			if (!peer || peer->sk_rmem_alloc < (unsigned int)peer->sk_rcvbuf)
				mask |= EPOLLOUT | EPOLLWRNORM;
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}
	if (sk->sk_err)
		mask |= EPOLLERR;
	return mask;
}

static int inet_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++; /* SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN, SHUT_RDWR -> both */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	if (sock->state == SS_CONNECTING) {
		if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_CLOSE)
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}
	switch (sk->sk_state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		/* the bits are set anyway, which wakes pollers (Linux does this) */
		/* fall through */
	default:
		sk->sk_shutdown |= (unsigned char)how;
		if ((how & SEND_SHUTDOWN) && sk->sk_protocol == IPPROTO_TCP && sk->sk_peer) {
			/* tcp_shutdown sends a FIN: end of file for the peer */
			sk->sk_peer->sk_shutdown |= RCV_SHUTDOWN;
			sk_wake(sk->sk_peer);
		}
		break;
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		inet_csk_listen_stop(sk);
		sock->state = SS_UNCONNECTED;
		break;
	case TCP_SYN_SENT:
		tcp_syn_queue_remove(sk);
		sk->sk_state = TCP_CLOSE;
		sock->state = SS_UNCONNECTED;
		break;
	}
	sk_wake(sk);
	return err;
}

/* ---- UDP ---- */

static struct sock *udp_lookup(u32 saddr, u16 sport, u32 daddr, unsigned int dport)
{
	for (struct sock *sk = inet_bound; sk; sk = sk->sk_next) {
		if (sk->sk_protocol != IPPROTO_UDP || sk->inet_num != dport)
			continue;
		if (sk->inet_rcv_saddr && sk->inet_rcv_saddr != daddr)
			continue;
		if (sk->sk_state == TCP_ESTABLISHED &&
		    (sk->inet_daddr != saddr || sk->inet_dport != sport))
			continue;
		return sk;
	}
	return NULL;
}

/* ip4_datagram_connect (and AF_UNSPEC: udp_disconnect) */
static int inet_dgram_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len,
			      int flags)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	u32 daddr;
	int err;
	(void)flags;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	if (uaddr->sa_family == AF_UNSPEC) {
		sk->sk_state = TCP_CLOSE;
		sk->inet_daddr = 0;
		sk->inet_dport = 0;
		sk->sk_peer_addr_len = 0;
		sock->state = SS_UNCONNECTED;
		return 0;
	}
	if (addr_len < (int)sizeof(*usin))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	daddr = usin->sin_addr.s_addr;
	err = inet_route(&daddr);
	if (err)
		return err;
	err = inet_autobind(sk);
	if (err)
		return err;
	if (!sk->inet_rcv_saddr)
		sk->inet_rcv_saddr = inet_loopback();
	inet_set_peer(sk, daddr, ntohs(usin->sin_port));
	sk->sk_state = TCP_ESTABLISHED;
	sock->state = SS_CONNECTED;
	return 0;
}

static int udp_sendmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;
	struct sockaddr_storage from;
	struct sockaddr_in *fsin = (struct sockaddr_in *)&from;
	struct sock *rcv;
	u32 daddr;
	u16 dport;
	int err;
	(void)flags;

	if (len > 65507)
		return -EMSGSIZE;
	if (msg->msg_name) {
		struct sockaddr_in *usin = msg->msg_name;
		if (msg->msg_namelen < (int)sizeof(*usin))
			return -EINVAL;
		if (usin->sin_family != AF_INET && usin->sin_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
		daddr = usin->sin_addr.s_addr;
		dport = ntohs(usin->sin_port);
		if (!dport)
			return -EINVAL;
	} else {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = sk->inet_daddr;
		dport = sk->inet_dport;
	}
	err = inet_route(&daddr);
	if (err)
		return err;
	err = inet_autobind(sk);
	if (err)
		return err;

	memset(&from, 0, sizeof from);
	fsin->sin_family = AF_INET;
	fsin->sin_port = htons(sk->inet_num);
	fsin->sin_addr.s_addr = sk->inet_rcv_saddr ? sk->inet_rcv_saddr : inet_loopback();
	rcv = udp_lookup(fsin->sin_addr.s_addr, sk->inet_num, daddr, dport);
	if (!rcv) {
		/* ICMP port unreachable: a connected socket hears about it (ECONNREFUSED). */
		if (sk->sk_state == TCP_ESTABLISHED) {
			sk->sk_err = ECONNREFUSED;
			sk_wake(sk);
		}
		iov_iter_advance(&msg->msg_iter, len);
		return (int)len;
	}
	if (!sk_dgram_deliver(rcv, msg, len, &from, sizeof(*fsin), &err)) {
		if (err == -EFAULT)
			return err;
		/* a full receive buffer drops the datagram, as UDP does */
	}
	return (int)len;
}

static int udp_recvmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	return sk_dgram_recvmsg(sock->sk, msg, len, flags);
}

static unsigned int datagram_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	return datagram_poll_mask(file, sock->sk, wait) | EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
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
	.connect = inet_stream_connect,
	.socketpair = sock_no_socketpair,
	.accept = inet_accept,
	.getname = inet_getname,
	.poll = tcp_poll,
	.listen = inet_listen,
	.shutdown = inet_shutdown,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.sendmsg = tcp_sendmsg,
	.recvmsg = tcp_recvmsg,
};

static const struct proto_ops inet_dgram_ops = {
	.family = PF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = inet_getname,
	.poll = datagram_poll,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
};

/* Raw sockets: bound and named, but no packets reach them on this loopback-only host. */
static const struct proto_ops inet_sockraw_ops = {
	.family = PF_INET,
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = inet_getname,
	.poll = datagram_poll,
	.listen = sock_no_listen,
	.shutdown = inet_shutdown,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
};

const struct net_proto_family inet_family_ops = {
	.family = PF_INET,
	.create = inet_create,
};
