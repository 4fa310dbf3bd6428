/* net/sock.h - struct sock, the protocol half of a socket, and the loopback data path.
 *
 * There is no network device: a connected stream socket (TCP or AF_UNIX) is one struct sock at
 * each end, and sending appends an sk_buff to the peer's sk_receive_queue. A datagram is one
 * sk_buff carrying its sender's address. What user space sees (errors, blocking, EOF, poll
 * bits) follows Linux 5.0; there are no packets and no TCP state machine beyond that. */
#ifndef _NET_SOCK_H
#define _NET_SOCK_H

#include <linux/net.h>
#include <linux/socket.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/sched.h>

struct in_addr {
	u32 s_addr; /* network byte order */
};

struct sockaddr_in {
	unsigned short sin_family;
	u16 sin_port;           /* network byte order */
	struct in_addr sin_addr;
	unsigned char __pad[8];
};

#define UNIX_PATH_MAX 108
struct sockaddr_un {
	unsigned short sun_family;
	char sun_path[UNIX_PATH_MAX];
};

#define IPPROTO_IP   0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP  6
#define IPPROTO_UDP  17
#define IPPROTO_RAW  255
#define IPPROTO_MAX  256
#define SOL_IP  0
#define SOL_TCP 6
#define SOL_UDP 17
#define INADDR_ANY       0u
#define INADDR_LOOPBACK  0x7f000001u

/* TCP states as sk_state uses them (include/net/tcp_states.h) */
#define TCP_ESTABLISHED 1
#define TCP_SYN_SENT    2
#define TCP_CLOSE       7
#define TCP_CLOSE_WAIT  8
#define TCP_LISTEN      10

#define SK_NO_REUSE  0
#define SK_CAN_REUSE 1

/* sk_shutdown */
#define RCV_SHUTDOWN  1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* Default buffer limits (net.core.rmem_default / wmem_default). */
#define SK_RCVBUF_DEFAULT 212992
#define SK_SNDBUF_DEFAULT 212992

/* One message or piece of a byte stream. */
struct sk_buff {
	struct sk_buff *next;
	unsigned int len;           /* bytes in data[] */
	unsigned int consumed;      /* stream: bytes already read from the front */
	int addr_len;               /* datagram: the sender's address (0: none) */
	struct sockaddr_storage addr;
	unsigned char data[];
};

struct sk_buff_head {
	struct sk_buff *head, *tail;
	unsigned int qlen;
};

struct sock {
	unsigned short sk_family;
	unsigned short sk_type;
	int sk_protocol;
	int sk_state;              /* TCP_* */
	unsigned char sk_reuse;    /* SO_REUSEADDR */
	unsigned char sk_reuseport;
	unsigned char sk_shutdown; /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	bool sk_peer_closed;       /* TCP: the peer closed; the next send meets its RST */
	int sk_err;                /* pending error (positive), reported once by sock_error() */
	int sk_max_ack_backlog;
	int sk_ack_backlog;        /* connections waiting in sk_accept_queue */
	int sk_rcvbuf, sk_sndbuf;
	long sk_rcvtimeo, sk_sndtimeo; /* SO_RCVTIMEO, SO_SNDTIMEO in jiffies (MAX: none) */
	unsigned int sk_rmem_alloc; /* bytes in sk_receive_queue */
	struct socket *sk_socket;  /* NULL while in a listener's accept queue */
	struct sock *sk_next;      /* the family's list of bound sockets */
	struct sock *sk_all_next;  /* AF_UNIX: every socket, to clear pointers at close */
	wait_queue_head_t sk_wq;   /* readers, writers, accept, connect and poll sleep here */
	struct sk_buff_head sk_receive_queue;

	/* Connection: the other end (stream, or a connected datagram socket). */
	struct sock *sk_peer;
	struct sock *sk_accept_next;  /* link in a listener's accept or SYN queue */
	struct sock *sk_accept_head, *sk_accept_tail; /* listener: established, not accepted */
	struct sock *sk_syn_head;     /* TCP listener: connectors waiting for room */
	struct sock *sk_listener;     /* TCP connector waiting in a listener's SYN queue */
	struct sockaddr_storage sk_peer_addr; /* getpeername */
	int sk_peer_addr_len;

	/* AF_INET */
	u32 inet_rcv_saddr;        /* bound address, network order */
	u16 inet_num;              /* bound port, host order (0: not bound) */
	u32 inet_daddr;            /* connected UDP: the destination, network order */
	u16 inet_dport;            /* host order */
	/* AF_UNIX */
	struct sockaddr_un *unix_addr; /* the bound name (NULL: not bound) */
	int unix_addr_len;
};

static inline u16 htons(u16 x) { return (u16)(x << 8 | x >> 8); }
static inline u16 ntohs(u16 x) { return htons(x); }
static inline u32 htonl(u32 x) { return __builtin_bswap32(x); }
static inline u32 ntohl(u32 x) { return __builtin_bswap32(x); }

void sk_init(void);              /* the sock cache (sock_init) */
struct sock *sk_prot_alloc(void); /* zeroed, from the sock cache; kfree() or sk_free() */
struct sock *sk_alloc(int family, struct socket *sock, int protocol);
void sk_free(struct sock *sk);
int sock_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
		    unsigned int optlen);
int sock_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
		    int __user *optlen);

/* net/core/sock.c: queues, errors, waiting and the shared stream data path. */
struct sk_buff *alloc_skb(unsigned int len);
void kfree_skb(struct sk_buff *skb);
void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *skb);
struct sk_buff *skb_dequeue(struct sk_buff_head *list);
void skb_queue_purge(struct sk_buff_head *list);

/* sk_wait_event: sleep on sk->sk_wq until `condition`, for at most *timeo jiffies (what is
 * left is written back). 0 when the condition holds; -EAGAIN when the time ran out (at once
 * for *timeo == 0); -ERESTARTSYS (no timeout) or -EINTR (a timeout) on a signal, as Linux's
 * sock_intr_errno. */
#define sk_wait_event(sk, timeo, condition)                                          \
	({                                                                            \
		int __err = 0;                                                        \
		if (!*(timeo)) {                                                      \
			__err = -EAGAIN;                                              \
		} else {                                                              \
			long __t0 = *(timeo);                                         \
			long __r = wait_event_interruptible_timeout((sk)->sk_wq, condition, __t0); \
			if (__r < 0)                                                  \
				__err = __t0 == (long)MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR; \
			else if (__r == 0)                                            \
				__err = -EAGAIN, *(timeo) = 0;                        \
			else                                                          \
				*(timeo) = __t0 == (long)MAX_SCHEDULE_TIMEOUT ? __t0 : __r; \
		}                                                                     \
		__err;                                                                \
	})

static inline int sock_error(struct sock *sk)
{
	int err = sk->sk_err;
	sk->sk_err = 0;
	return -err;
}

/* The socket is non-blocking for this call: O_NONBLOCK on the file or MSG_DONTWAIT. */
bool sock_nonblock(struct sock *sk, int msg_flags);
void sk_wake(struct sock *sk);         /* wake everything sleeping on sk (and its poll) */
int sk_stream_error(int msg_flags, int err); /* -EPIPE also raises SIGPIPE */

/* Listener queues (net/core/request_sock.c in Linux). */
void sk_acceptq_add(struct sock *listener, struct sock *child);
struct sock *sk_acceptq_remove(struct sock *listener);
static inline bool sk_acceptq_is_full(const struct sock *sk)
{
	return sk->sk_ack_backlog > sk->sk_max_ack_backlog;
}
int sk_wait_accept(struct sock *listener, int flags, struct sock **child);

/* The connected byte stream both TCP and AF_UNIX stream sockets use. */
void sk_stream_pair(struct sock *a, struct sock *b);
int sk_stream_sendmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags);
int sk_stream_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags);
void sk_stream_disconnect(struct sock *sk); /* close(): the peer sees EOF or a reset */

/* Datagrams: queue one on sk (false with *err = -EAGAIN when its receive buffer is full,
 * or another error), receive one. */
bool sk_dgram_deliver(struct sock *sk, struct msghdr *msg, size_t len,
		      const struct sockaddr_storage *from, int fromlen, int *err);
int sk_dgram_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags);
/* A datagram socket's poll bits other than the writable ones (EPOLLOUT, EPOLLWRNORM,
 * EPOLLWRBAND), which each family decides: always for UDP, when there is room for AF_UNIX. */
unsigned int datagram_poll_mask(struct file *file, struct sock *sk, poll_table *wait);

#endif
