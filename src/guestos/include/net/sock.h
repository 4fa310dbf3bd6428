/* net/sock.h - struct sock, the protocol half of a socket. */
#ifndef _NET_SOCK_H
#define _NET_SOCK_H

#include <linux/net.h>

struct sockaddr {
	unsigned short sa_family;
	char sa_data[14];
};

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
#define INADDR_ANY 0u

/* TCP states as sk_state uses them */
#define TCP_CLOSE  7
#define TCP_LISTEN 10

#define SK_NO_REUSE  0
#define SK_CAN_REUSE 1

struct sock {
	unsigned short sk_family;
	unsigned short sk_type;
	int sk_protocol;
	int sk_state;              /* TCP_CLOSE or TCP_LISTEN */
	unsigned char sk_reuse;    /* SO_REUSEADDR */
	unsigned char sk_reuseport;
	int sk_max_ack_backlog;
	struct socket *sk_socket;
	struct sock *sk_next;      /* the family's list of sockets */
	/* AF_INET */
	u32 inet_rcv_saddr;        /* bound address, network order */
	u16 inet_num;              /* bound port, host order (0: not bound) */
	/* AF_UNIX */
	struct sockaddr_un *unix_addr; /* the bound name (NULL: not bound) */
	int unix_addr_len;
};

static inline u16 htons(u16 x) { return (u16)(x << 8 | x >> 8); }
static inline u16 ntohs(u16 x) { return htons(x); }
static inline u32 htonl(u32 x) { return __builtin_bswap32(x); }
static inline u32 ntohl(u32 x) { return __builtin_bswap32(x); }

struct sock *sk_alloc(int family, struct socket *sock, int protocol);
void sk_free(struct sock *sk);
int sock_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
		    unsigned int optlen);
int sock_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
		    int __user *optlen);


#endif
