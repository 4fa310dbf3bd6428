/* net/core/sock.c - what every family shares: struct sock, sk_buff queues, the iovec walker,
 * waiting and waking, listener queues, and the loopback data path.
 *
 * A connected stream (TCP or AF_UNIX SOCK_STREAM) is two struct socks pointing at each other
 * through sk_peer. send() appends sk_buffs to the peer's sk_receive_queue, recv() takes bytes
 * from the front of its own. Whatever changes one end's readiness wakes that end's sk_wq, which
 * is where blocking calls and poll(2) wait. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/net.h>
#include <net/sock.h>

/* The largest piece one send puts into one sk_buff. */
#define SKB_MAX_CHUNK 16384

/* ---- struct sock ---- */

static struct kmem_cache *sk_cachep;

void sk_init(void)
{
	sk_cachep = kmem_cache_create("sock", sizeof(struct sock), 0, SLAB_PANIC, NULL);
}

/* A zeroed struct sock: for sk_alloc, and for the listener's end of a new connection. */
struct sock *sk_prot_alloc(void)
{
	return kmem_cache_zalloc(sk_cachep);
}

struct sock *sk_alloc(int family, struct socket *sock, int protocol)
{
	struct sock *sk = sk_prot_alloc();
	if (!sk)
		return NULL;
	sk->sk_family = (unsigned short)family;
	sk->sk_type = (unsigned short)sock->type;
	sk->sk_protocol = protocol;
	sk->sk_state = TCP_CLOSE;
	sk->sk_rcvbuf = SK_RCVBUF_DEFAULT;
	sk->sk_sndbuf = SK_SNDBUF_DEFAULT;
	sk->sk_rcvtimeo = (long)MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo = (long)MAX_SCHEDULE_TIMEOUT;
	init_waitqueue_head(&sk->sk_wq);
	sk->sk_socket = sock;
	sock->sk = sk;
	return sk;
}

void sk_free(struct sock *sk)
{
	if (sk->sk_socket)
		sk->sk_socket->sk = NULL;
	skb_queue_purge(&sk->sk_receive_queue);
	kfree(sk->unix_addr);
	kmem_cache_free(sk_cachep, sk);
}

/* ---- sk_buff queues ---- */

struct sk_buff *alloc_skb(unsigned int len)
{
	struct sk_buff *skb = kmalloc(sizeof(*skb) + len);
	if (!skb)
		return NULL;
	memset(skb, 0, sizeof(*skb));
	skb->len = len;
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	kfree(skb);
}

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *skb)
{
	skb->next = NULL;
	if (list->tail)
		list->tail->next = skb;
	else
		list->head = skb;
	list->tail = skb;
	list->qlen++;
}

struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb = list->head;
	if (!skb)
		return NULL;
	list->head = skb->next;
	if (!list->head)
		list->tail = NULL;
	list->qlen--;
	skb->next = NULL;
	return skb;
}

void skb_queue_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;
	while ((skb = skb_dequeue(list)))
		kfree_skb(skb);
}

/* ---- the user's iovecs (lib/iov_iter.c) ---- */

void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	while (bytes && i->count) {
		size_t left = i->iov->iov_len - i->iov_offset;
		size_t n = min(left, bytes);
		i->iov_offset += n;
		i->count -= n;
		bytes -= n;
		if (i->iov_offset == i->iov->iov_len) {
			i->iov++;
			i->nr_segs--;
			i->iov_offset = 0;
		}
	}
}

/* Skip empty segments so that iov points at the next byte. */
static void iov_iter_skip_empty(struct iov_iter *i)
{
	while (i->count && i->iov_offset == i->iov->iov_len) {
		i->iov++;
		i->nr_segs--;
		i->iov_offset = 0;
	}
}

size_t copy_to_iter(const void *from, size_t bytes, struct iov_iter *i)
{
	size_t done = 0;
	while (done < bytes && i->count) {
		iov_iter_skip_empty(i);
		size_t n = min(bytes - done, i->iov->iov_len - i->iov_offset);
		char __user *to = (char __user *)i->iov->iov_base + i->iov_offset;
		unsigned long left = copy_to_user(to, (const char *)from + done, n);
		iov_iter_advance(i, n - left);
		done += n - left;
		if (left)
			break;
	}
	return done;
}

size_t copy_from_iter(void *to, size_t bytes, struct iov_iter *i)
{
	size_t done = 0;
	while (done < bytes && i->count) {
		iov_iter_skip_empty(i);
		size_t n = min(bytes - done, i->iov->iov_len - i->iov_offset);
		const char __user *from = (const char __user *)i->iov->iov_base + i->iov_offset;
		unsigned long left = copy_from_user((char *)to + done, from, n);
		iov_iter_advance(i, n - left);
		done += n - left;
		if (left)
			break;
	}
	return done;
}

/* ---- waiting ---- */

bool sock_nonblock(struct sock *sk, int msg_flags)
{
	(void)sk;
	return (msg_flags & MSG_DONTWAIT) != 0;
}

void sk_wake(struct sock *sk)
{
	wake_up_interruptible(&sk->sk_wq);
}

int sk_stream_error(int msg_flags, int err)
{
	if (err == -EPIPE && !(msg_flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, 0);
	return err;
}

/* ---- listener queues ---- */

void sk_acceptq_add(struct sock *listener, struct sock *child)
{
	child->sk_accept_next = NULL;
	if (listener->sk_accept_tail)
		listener->sk_accept_tail->sk_accept_next = child;
	else
		listener->sk_accept_head = child;
	listener->sk_accept_tail = child;
	listener->sk_ack_backlog++;
	sk_wake(listener);
}

struct sock *sk_acceptq_remove(struct sock *listener)
{
	struct sock *child = listener->sk_accept_head;
	if (!child)
		return NULL;
	listener->sk_accept_head = child->sk_accept_next;
	if (!listener->sk_accept_head)
		listener->sk_accept_tail = NULL;
	listener->sk_ack_backlog--;
	child->sk_accept_next = NULL;
	return child;
}

/* inet_csk_wait_for_connect / unix_accept: a connection from the queue, or -EAGAIN, -EINVAL
 * (no longer listening, or SO_RCVTIMEO ran out) or a signal's error. */
int sk_wait_accept(struct sock *listener, int flags, struct sock **child)
{
	long timeo = listener->sk_rcvtimeo;
	int err;
	while (!listener->sk_accept_head) {
		if (listener->sk_state != TCP_LISTEN)
			return -EINVAL;
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		err = sk_wait_event(listener, &timeo, listener->sk_accept_head ||
				    listener->sk_state != TCP_LISTEN);
		if (err)
			return err;
	}
	*child = sk_acceptq_remove(listener);
	return 0;
}

/* ---- the connected byte stream ---- */

void sk_stream_pair(struct sock *a, struct sock *b)
{
	a->sk_peer = b;
	b->sk_peer = a;
	a->sk_state = TCP_ESTABLISHED;
	b->sk_state = TCP_ESTABLISHED;
}

/* Why a send cannot go on now (0: it can, or it must wait for room). */
static int sk_stream_send_blocked(struct sock *sk)
{
	/* TCP reports a pending error (a reset) first; unix_stream_sendmsg does not look */
	if (sk->sk_err && sk->sk_family == AF_INET)
		return sock_error(sk);
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		return -EPIPE;
	if (!sk->sk_peer)
		return -EPIPE;
	if (sk->sk_family == AF_UNIX && (sk->sk_peer->sk_shutdown & RCV_SHUTDOWN))
		return -EPIPE;
	return 0;
}

static bool sk_stream_writable(struct sock *sk)
{
	struct sock *peer = sk->sk_peer;
	return !peer || sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
	       peer->sk_rmem_alloc < (unsigned int)peer->sk_rcvbuf;
}

/* tcp_sendmsg / unix_stream_sendmsg after the family's own checks: copies all of len (blocking)
 * or what fits (non-blocking), in pieces of at most SKB_MAX_CHUNK bytes. */
int sk_stream_sendmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	size_t sent = 0;
	long timeo = sk->sk_sndtimeo;
	int err;

	if (sk->sk_family == AF_INET && !sk->sk_peer && sk->sk_peer_closed &&
	    !(sk->sk_shutdown & SEND_SHUTDOWN) && !sk->sk_err) {
		/* The peer has closed: this segment is answered by a reset, which the next
		 * call reports (tcp_reset in CLOSE_WAIT sets EPIPE). */
		sk->sk_peer_closed = false;
		sk->sk_err = EPIPE;
		sk->sk_shutdown = SHUTDOWN_MASK;
		sk->sk_state = TCP_CLOSE;
		return (int)len;
	}
	while (sent < len) {
		struct sock *peer;
		struct sk_buff *skb;
		size_t room, n;

		err = sk_stream_send_blocked(sk);
		if (err)
			goto error;
		peer = sk->sk_peer;
		if (peer->sk_rmem_alloc >= (unsigned int)peer->sk_rcvbuf) {
			if (sock_nonblock(sk, flags)) {
				err = -EAGAIN;
				goto error;
			}
			err = sk_wait_event(sk, &timeo, sk_stream_writable(sk));
			if (err)
				goto error;
			continue;
		}
		room = (size_t)peer->sk_rcvbuf - peer->sk_rmem_alloc;
		n = min(min(len - sent, room), (size_t)SKB_MAX_CHUNK);
		skb = alloc_skb((unsigned int)n);
		if (!skb) {
			err = -ENOBUFS;
			goto error;
		}
		if (copy_from_iter(skb->data, n, &msg->msg_iter) != n) {
			kfree_skb(skb);
			err = -EFAULT;
			goto error;
		}
		skb_queue_tail(&peer->sk_receive_queue, skb);
		peer->sk_rmem_alloc += (unsigned int)n;
		sent += n;
		sk_wake(peer);
	}
	return (int)sent;
error:
	if (sent)
		return (int)sent;
	return sk_stream_error(flags, err);
}

static bool sk_stream_readable(struct sock *sk)
{
	return sk->sk_receive_queue.head || sk->sk_err || (sk->sk_shutdown & RCV_SHUTDOWN);
}

/* Copy up to len bytes from the front of the queue (MSG_PEEK: without taking them). */
static int sk_stream_copy(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			  size_t *copied)
{
	struct sk_buff *skb = sk->sk_receive_queue.head;
	size_t skip = (flags & MSG_PEEK) ? *copied : 0;

	while (skb && *copied < len) {
		size_t avail = skb->len - skb->consumed;
		if (skip >= avail) {
			skip -= avail;
			skb = skb->next;
			continue;
		}
		size_t n = min(avail - skip, len - *copied);
		size_t done = copy_to_iter(skb->data + skb->consumed + skip, n, &msg->msg_iter);
		*copied += done;
		if (!(flags & MSG_PEEK)) {
			skb->consumed += (unsigned int)done;
			sk->sk_rmem_alloc -= (unsigned int)done;
			if (skb->consumed == skb->len) {
				skb_dequeue(&sk->sk_receive_queue);
				kfree_skb(skb);
			}
			skb = sk->sk_receive_queue.head;
		} else {
			skip = 0;
			skb = skb->next;
		}
		if (done < n)
			return -EFAULT;
	}
	if (!(flags & MSG_PEEK) && sk->sk_peer)
		sk_wake(sk->sk_peer); /* room for its writer */
	return 0;
}

/* tcp_recvmsg / unix_stream_recvmsg after the family's own checks. Returns the bytes read,
 * 0 at end of file, or an error. MSG_WAITALL waits for all of len unless EOF, an error or a
 * signal comes first. */
int sk_stream_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	size_t copied = 0;
	size_t target = (flags & MSG_WAITALL) && !(flags & MSG_PEEK) ? len : 1;
	long timeo = sk->sk_rcvtimeo;
	int err;

	if (!len)
		return 0;
	for (;;) {
		if (flags & MSG_PEEK)
			copied = 0;
		err = sk_stream_copy(sk, msg, len, flags, &copied);
		if (err)
			return copied ? (int)copied : err;
		if (copied >= target)
			break;
		if (sk->sk_err)
			return copied ? (int)copied : sock_error(sk);
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			break;
		if (sock_nonblock(sk, flags))
			return copied ? (int)copied : -EAGAIN;
		err = sk_wait_event(sk, &timeo, sk_stream_readable(sk));
		if (err)
			return copied ? (int)copied : err;
	}
	return (int)copied;
}

/* close() of one end. The other end sees end of file after the data already sent; if this
 * end leaves unread data behind, it sees a reset (ECONNRESET) instead, as both TCP and
 * AF_UNIX report. */
void sk_stream_disconnect(struct sock *sk)
{
	struct sock *peer = sk->sk_peer;
	bool unread = sk->sk_receive_queue.head != NULL;

	sk->sk_peer = NULL;
	if (!peer)
		return;
	peer->sk_peer = NULL;
	if (peer->sk_family == AF_INET) {
		if (unread) {
			peer->sk_err = ECONNRESET;
			peer->sk_shutdown = SHUTDOWN_MASK;
			peer->sk_state = TCP_CLOSE;
		} else {
			peer->sk_shutdown |= RCV_SHUTDOWN;
			peer->sk_peer_closed = true;
			if (peer->sk_state == TCP_ESTABLISHED)
				peer->sk_state = TCP_CLOSE_WAIT;
		}
	} else {
		if (unread)
			peer->sk_err = ECONNRESET;
		peer->sk_shutdown = SHUTDOWN_MASK;
	}
	sk_wake(peer);
}

/* ---- datagrams ---- */

/* Queue a copy of the message for sk. -EAGAIN when sk's receive buffer is full. */
bool sk_dgram_deliver(struct sock *sk, struct msghdr *msg, size_t len,
		      const struct sockaddr_storage *from, int fromlen, int *err)
{
	struct sk_buff *skb;

	if (sk->sk_rmem_alloc + len > (size_t)sk->sk_rcvbuf && sk->sk_receive_queue.qlen) {
		*err = -EAGAIN;
		return false;
	}
	skb = alloc_skb((unsigned int)len);
	if (!skb) {
		*err = -ENOBUFS;
		return false;
	}
	if (copy_from_iter(skb->data, len, &msg->msg_iter) != len) {
		kfree_skb(skb);
		*err = -EFAULT;
		return false;
	}
	if (from && fromlen) {
		memcpy(&skb->addr, from, (size_t)fromlen);
		skb->addr_len = fromlen;
	}
	skb_queue_tail(&sk->sk_receive_queue, skb);
	sk->sk_rmem_alloc += (unsigned int)len;
	sk_wake(sk);
	return true;
}

static bool sk_dgram_readable(struct sock *sk)
{
	return sk->sk_receive_queue.head || sk->sk_err || (sk->sk_shutdown & RCV_SHUTDOWN);
}

/* skb_recv_datagram + the copy: one message per call; a longer one is cut (MSG_TRUNC in
 * msg_flags, and with MSG_TRUNC in flags the call returns its real length). */
int sk_dgram_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	struct sk_buff *skb;
	long timeo = sk->sk_rcvtimeo;
	size_t n;
	int err;

	while (!(skb = sk->sk_receive_queue.head)) {
		if (sk->sk_err)
			return sock_error(sk);
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			return 0;
		if (sock_nonblock(sk, flags))
			return -EAGAIN;
		err = sk_wait_event(sk, &timeo, sk_dgram_readable(sk));
		if (err)
			return err;
	}
	n = min(len, (size_t)skb->len);
	if (copy_to_iter(skb->data, n, &msg->msg_iter) != n)
		return -EFAULT;
	if (n < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	if (msg->msg_name) {
		msg->msg_namelen = skb->addr_len;
		if (skb->addr_len)
			memcpy(msg->msg_name, &skb->addr, (size_t)skb->addr_len);
	}
	err = (flags & MSG_TRUNC) ? (int)skb->len : (int)n;
	if (!(flags & MSG_PEEK)) {
		skb_dequeue(&sk->sk_receive_queue);
		sk->sk_rmem_alloc -= skb->len;
		kfree_skb(skb);
		if (sk->sk_peer)
			sk_wake(sk->sk_peer);
	}
	return err;
}

unsigned int datagram_poll_mask(struct file *file, struct sock *sk, poll_table *wait)
{
	unsigned int mask = 0;

	poll_wait(file, &sk->sk_wq, wait);
	if (sk->sk_err)
		mask |= EPOLLERR;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (sk->sk_receive_queue.head)
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}
