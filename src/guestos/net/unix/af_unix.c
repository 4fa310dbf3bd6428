/* net/unix/af_unix.c - PF_UNIX sockets: unix_create, unix_bind (path names in a simple name
 * table, since the root file system is read-only; abstract names with a leading NUL),
 * unix_listen, unix_getname, autobind, and the data path: unix_stream_connect, unix_accept,
 * unix_socketpair, unix_stream_sendmsg/recvmsg (net/core/sock.c's byte stream),
 * unix_dgram_connect, unix_dgram_sendmsg/recvmsg, unix_shutdown and unix_poll. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/net.h>
#include <net/sock.h>

static struct sock *unix_bound;   /* every bound AF_UNIX socket */
static struct sock *unix_sockets; /* every AF_UNIX socket with a struct socket */
static unsigned int unix_autobind_ordernum;

/* net.unix.max_dgram_qlen: datagrams a receiver holds before senders wait */
#define UNIX_MAX_DGRAM_QLEN 10

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

#define SUN_FAMILY_LEN ((int)sizeof(unsigned short))

/* unix_mkname: check the length; a path name is cut at its NUL and gets one. */
static int unix_mkname(struct sockaddr_un *sunaddr, int len)
{
	if (len <= SUN_FAMILY_LEN || len > (int)sizeof(*sunaddr))
		return -EINVAL;
	if (sunaddr->sun_family != AF_UNIX)
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

/* A path name that names a file of the root file system (which is not a socket). */
static bool unix_path_exists(const struct sockaddr_un *sunaddr)
{
	struct inode *inode;
	if (!sunaddr->sun_path[0])
		return false;
	return kern_path(sunaddr->sun_path, &inode, true) == 0;
}

/* unix_find_other: the socket bound to the name. A path that names nothing is ENOENT; an
 * abstract name nobody holds, or a file that is not a socket, is ECONNREFUSED; a socket of
 * another type is EPROTOTYPE. */
static struct sock *unix_find_other(struct sockaddr_un *sunaddr, int len, int type, int *err)
{
	struct sock *other = unix_find_socket_byname(sunaddr, len);
	if (!other) {
		*err = sunaddr->sun_path[0] && !unix_path_exists(sunaddr) ? -ENOENT
									   : -ECONNREFUSED;
		return NULL;
	}
	if (other->sk_type != type) {
		*err = -EPROTOTYPE;
		return NULL;
	}
	return other;
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

/* What getsockname/getpeername/recvfrom report for sk: its name, or only the family. */
static int unix_copy_name(const struct sock *sk, struct sockaddr_storage *to)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)to;
	if (!sk->unix_addr) {
		sunaddr->sun_family = AF_UNIX;
		sunaddr->sun_path[0] = 0;
		return SUN_FAMILY_LEN;
	}
	memcpy(sunaddr, sk->unix_addr, (size_t)sk->unix_addr_len);
	return sk->unix_addr_len;
}

static int unix_create(struct socket *sock, int protocol, int kern)
{
	struct sock *sk;
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
	sk = sk_alloc(PF_UNIX, sock, 0);
	if (!sk)
		return -ENOMEM;
	sk->sk_all_next = unix_sockets;
	unix_sockets = sk;
	return 0;
}

static void unix_unlink(struct sock **list, struct sock *sk, bool all)
{
	for (struct sock **p = list; *p; p = all ? &(*p)->sk_all_next : &(*p)->sk_next) {
		if (*p == sk) {
			*p = all ? sk->sk_all_next : sk->sk_next;
			return;
		}
	}
}

/* Connectors sleeping until the listener has room (a list through sk_accept_next, as the TCP
 * SYN queue): each waits on its own queue, so the listener may go away meanwhile. */
static void unix_wake_connectors(struct sock *listener)
{
	while (listener->sk_syn_head) {
		struct sock *c = listener->sk_syn_head;
		listener->sk_syn_head = c->sk_accept_next;
		c->sk_accept_next = NULL;
		c->sk_listener = NULL;
		sk_wake(c);
	}
}

static void unix_stop_waiting(struct sock *sk)
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

/* Datagram senders connected to sk: wake them (room, or sk went away). */
static void unix_wake_senders(struct sock *sk, bool closing)
{
	for (struct sock *s = unix_sockets; s; s = s->sk_all_next) {
		if (s->sk_peer != sk || s == sk)
			continue;
		if (closing) {
			s->sk_peer = NULL;
			s->sk_peer_closed = true; /* the next send reports ECONNREFUSED */
		}
		sk_wake(s);
	}
}

static int unix_release(struct socket *sock)
{
	struct sock *sk = sock->sk, *child;
	if (!sk)
		return 0;
	if (sk->sk_state == TCP_LISTEN) {
		/* connections nobody accepted: their clients see a reset */
		while ((child = sk_acceptq_remove(sk))) {
			if (child->sk_peer)
				child->sk_peer->sk_err = ECONNRESET;
			sk_stream_disconnect(child);
			skb_queue_purge(&child->sk_receive_queue);
			kfree(child->unix_addr);
			kfree(child);
		}
		sk->sk_state = TCP_CLOSE;
		unix_wake_connectors(sk);
	}
	unix_stop_waiting(sk);
	if (sk->sk_type == SOCK_DGRAM) {
		unix_wake_senders(sk, true);
		if (sk->sk_peer && sk->sk_peer->sk_peer == sk) { /* socketpair */
			sk->sk_peer->sk_peer = NULL;
			sk->sk_peer->sk_peer_closed = true;
			sk_wake(sk->sk_peer);
		}
		sk->sk_peer = NULL;
	} else {
		sk_stream_disconnect(sk);
	}
	if (sk->unix_addr)
		unix_unlink(&unix_bound, sk, false);
	unix_unlink(&unix_sockets, sk, true);
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
	if (unix_find_socket_byname(sunaddr, len) || unix_path_exists(sunaddr))
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
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	sk->sk_max_ack_backlog = backlog;
	sk->sk_state = TCP_LISTEN;
	unix_wake_connectors(sk); /* a larger backlog may have room now */
	return 0;
}

static int unix_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sock *sk = sock->sk;

	if (peer) {
		if (sk->sk_type == SOCK_DGRAM) {
			if (!sk->sk_peer)
				return -ENOTCONN;
			return unix_copy_name(sk->sk_peer, (struct sockaddr_storage *)uaddr);
		}
		if (!sk->sk_peer_addr_len)
			return -ENOTCONN;
		memcpy(uaddr, &sk->sk_peer_addr, (size_t)sk->sk_peer_addr_len);
		return sk->sk_peer_addr_len;
	}
	return unix_copy_name(sk, (struct sockaddr_storage *)uaddr);
}

/* ---- stream connections ---- */

/* The listener's end of a new connection: a socket with the listener's name, which accept()
 * hands out. */
static struct sock *unix_create_child(struct sock *listener, struct sock *sk)
{
	struct sock *child = sk_prot_alloc();
	if (!child)
		return NULL;
	child->sk_family = PF_UNIX;
	child->sk_type = listener->sk_type;
	child->sk_rcvbuf = SK_RCVBUF_DEFAULT;
	child->sk_sndbuf = SK_SNDBUF_DEFAULT;
	child->sk_rcvtimeo = listener->sk_rcvtimeo;
	child->sk_sndtimeo = listener->sk_sndtimeo;
	init_waitqueue_head(&child->sk_wq);
	if (listener->unix_addr) {
		child->unix_addr = kzalloc(sizeof(*child->unix_addr));
		if (!child->unix_addr) {
			kfree(child);
			return NULL;
		}
		memcpy(child->unix_addr, listener->unix_addr, (size_t)listener->unix_addr_len);
		child->unix_addr_len = listener->unix_addr_len;
	}
	child->sk_peer_addr_len = unix_copy_name(sk, &child->sk_peer_addr);
	sk->sk_peer_addr_len = unix_copy_name(listener, &sk->sk_peer_addr);
	sk_stream_pair(sk, child);
	return child;
}

static int unix_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len,
			       int flags)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk, *other, *child;
	long timeo = sk->sk_sndtimeo;
	int len, err;

	len = unix_mkname(sunaddr, addr_len);
	if (len < 0)
		return len;
	for (;;) {
		other = unix_find_other(sunaddr, len, sock->type, &err);
		if (!other)
			return err;
		if (other->sk_state != TCP_LISTEN || (other->sk_shutdown & RCV_SHUTDOWN))
			return -ECONNREFUSED;
		if (!sk_acceptq_is_full(other))
			break;
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		/* unix_wait_for_peer: sleep until accept() or close() of the listener */
		sk->sk_listener = other;
		sk->sk_accept_next = other->sk_syn_head;
		other->sk_syn_head = sk;
		err = sk_wait_event(sk, &timeo, !sk->sk_listener);
		unix_stop_waiting(sk);
		if (err)
			return err; /* -ERESTARTSYS */
	}
	if (sk->sk_state == TCP_ESTABLISHED)
		return -EISCONN;
	if (sk->sk_state != TCP_CLOSE)
		return -EINVAL;
	child = unix_create_child(other, sk);
	if (!child)
		return -ENOMEM;
	sk->sk_shutdown = 0;
	sock->state = SS_CONNECTED;
	sk_acceptq_add(other, child);
	return 0;
}

static int unix_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct sock *listener = sock->sk, *child;
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (listener->sk_state != TCP_LISTEN)
		return -EINVAL;
	err = sk_wait_accept(listener, flags, &child);
	if (err)
		return err;
	child->sk_socket = newsock;
	newsock->sk = child;
	newsock->state = SS_CONNECTED;
	child->sk_all_next = unix_sockets;
	unix_sockets = child;
	unix_wake_connectors(listener);
	return 0;
}

static int unix_socketpair(struct socket *socka, struct socket *sockb)
{
	struct sock *ska = socka->sk, *skb = sockb->sk;

	ska->sk_peer = skb;
	skb->sk_peer = ska;
	if (ska->sk_type != SOCK_DGRAM) {
		sk_stream_pair(ska, skb);
		ska->sk_peer_addr_len = unix_copy_name(skb, &ska->sk_peer_addr);
		skb->sk_peer_addr_len = unix_copy_name(ska, &skb->sk_peer_addr);
	}
	socka->state = SS_CONNECTED;
	sockb->state = SS_CONNECTED;
	return 0;
}

static int unix_stream_sendmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;

	if (msg->msg_name)
		return sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	return sk_stream_sendmsg(sk, msg, len, flags);
}

static int unix_stream_recvmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;
	int ret;

	if (sk->sk_state != TCP_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	ret = sk_stream_recvmsg(sk, msg, len, flags);
	/* recvfrom on a stream names the sender when it has a name */
	if (ret > 0 && msg->msg_name) {
		msg->msg_namelen = 0;
		if (sk->sk_peer && sk->sk_peer->unix_addr)
			msg->msg_namelen = unix_copy_name(sk->sk_peer, msg->msg_name);
	}
	return ret;
}

/* ---- datagrams ---- */

static int unix_dgram_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len,
			      int flags)
{
	struct sockaddr_un *sunaddr = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk, *other;
	int len, err;
	(void)flags;

	if (addr_len < SUN_FAMILY_LEN)
		return -EINVAL;
	if (sunaddr->sun_family == AF_UNSPEC) {
		sk->sk_peer = NULL; /* unix_dgram_disconnected */
		sk->sk_peer_closed = false;
		return 0;
	}
	len = unix_mkname(sunaddr, addr_len);
	if (len < 0)
		return len;
	other = unix_find_other(sunaddr, len, sock->type, &err);
	if (!other)
		return err;
	if (other->sk_peer && other->sk_peer != sk) /* unix_may_send */
		return -EPERM;
	sk->sk_peer = other;
	sk->sk_peer_closed = false;
	return 0;
}

static bool unix_dgram_room(struct sock *sk)
{
	struct sock *other = sk->sk_peer;
	return !other || other->sk_receive_queue.qlen <= UNIX_MAX_DGRAM_QLEN;
}

static int unix_dgram_sendmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk, *other;
	struct sockaddr_storage from;
	long timeo = sk->sk_sndtimeo;
	int fromlen = 0, err, namelen = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_name) {
		namelen = unix_mkname(msg->msg_name, msg->msg_namelen);
		if (namelen < 0)
			return namelen;
	} else if (!sk->sk_peer) {
		if (sk->sk_peer_closed) {
			sk->sk_peer_closed = false;
			return -ECONNREFUSED;
		}
		return -ENOTCONN;
	}
	if (len > (size_t)sk->sk_sndbuf - 32)
		return -EMSGSIZE;
	if (sk->unix_addr)
		fromlen = unix_copy_name(sk, &from);

	for (;;) {
		if (msg->msg_name) {
			other = unix_find_other(msg->msg_name, namelen, sock->type, &err);
			if (!other)
				return err;
		} else {
			other = sk->sk_peer;
			if (!other) {
				sk->sk_peer_closed = false;
				return -ECONNREFUSED;
			}
		}
		if (other->sk_peer && other->sk_peer != sk)
			return -EPERM;
		if (other->sk_shutdown & RCV_SHUTDOWN)
			return -EPIPE;
		if (other->sk_receive_queue.qlen <= UNIX_MAX_DGRAM_QLEN &&
		    sk_dgram_deliver(other, msg, len, &from, fromlen, &err))
			return (int)len;
		if (other->sk_receive_queue.qlen <= UNIX_MAX_DGRAM_QLEN && err != -EAGAIN)
			return err;
		if (sock_nonblock(sk, flags))
			return -EAGAIN;
		if (other != sk->sk_peer)
			return -EAGAIN; /* only a connected sender can wait for room */
		err = sk_wait_event(sk, &timeo, unix_dgram_room(sk));
		if (err)
			return err; /* -ERESTARTSYS */
	}
}

static int unix_dgram_recvmsg(struct socket *sock, struct msghdr *msg, size_t len, int flags)
{
	struct sock *sk = sock->sk;
	int ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	ret = sk_dgram_recvmsg(sk, msg, len, flags);
	if (ret >= 0 && !(flags & MSG_PEEK))
		unix_wake_senders(sk, false);
	return ret;
}

/* ---- shutdown and poll ---- */

static int unix_shutdown(struct socket *sock, int mode)
{
	struct sock *sk = sock->sk, *other;

	if (mode < SHUT_RD || mode > SHUT_RDWR)
		return -EINVAL;
	mode++; /* SHUT_RD -> RCV_SHUTDOWN ... */
	sk->sk_shutdown |= (unsigned char)mode;
	other = sk->sk_peer;
	sk_wake(sk);
	if (other && sk->sk_type != SOCK_DGRAM) {
		int peer_mode = 0;
		if (mode & RCV_SHUTDOWN)
			peer_mode |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			peer_mode |= RCV_SHUTDOWN;
		other->sk_shutdown |= (unsigned char)peer_mode;
		sk_wake(other);
	}
	return 0;
}

static unsigned int unix_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	unsigned int mask = 0;

	poll_wait(file, &sk->sk_wq, wait);
	if (sk->sk_err)
		mask |= EPOLLERR;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_receive_queue.head || sk->sk_accept_head)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (sk->sk_state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_state != TCP_LISTEN) {
		struct sock *peer = sk->sk_peer;
		if (!peer || peer->sk_rmem_alloc < (unsigned int)peer->sk_rcvbuf)
			mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	}
	return mask;
}

static unsigned int unix_dgram_poll(struct file *file, struct socket *sock, poll_table *wait)
{
	struct sock *sk = sock->sk;
	unsigned int mask = datagram_poll_mask(file, sk, wait);

	if (unix_dgram_room(sk))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	return mask;
}

#define UNIX_STREAM_OPS(name)						\
	static const struct proto_ops name = {				\
		.family = PF_UNIX,					\
		.release = unix_release,				\
		.bind = unix_bind,					\
		.connect = unix_stream_connect,				\
		.socketpair = unix_socketpair,				\
		.accept = unix_accept,					\
		.getname = unix_getname,				\
		.poll = unix_poll,					\
		.listen = unix_listen,					\
		.shutdown = unix_shutdown,				\
		.setsockopt = sock_no_setsockopt,			\
		.getsockopt = sock_no_getsockopt,			\
		.sendmsg = unix_stream_sendmsg,				\
		.recvmsg = unix_stream_recvmsg,				\
	}
UNIX_STREAM_OPS(unix_stream_ops);
/* SOCK_SEQPACKET keeps no record boundaries here (a byte stream) */
UNIX_STREAM_OPS(unix_seqpacket_ops);

static const struct proto_ops unix_dgram_ops = {
	.family = PF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_dgram_connect,
	.socketpair = unix_socketpair,
	.accept = sock_no_accept,
	.getname = unix_getname,
	.poll = unix_dgram_poll,
	.listen = sock_no_listen,
	.shutdown = unix_shutdown,
	.setsockopt = sock_no_setsockopt,
	.getsockopt = sock_no_getsockopt,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
};

const struct net_proto_family unix_family_ops = {
	.family = PF_UNIX,
	.create = unix_create,
};
