/* linux/net.h - struct socket and struct proto_ops, the BSD-socket layer (net/socket.c).
 *
 * A socket is a struct socket and its S_IFSOCK inode in one object (struct socket_alloc; the
 * inode's i_private and the file's private_data point at the socket); sock->ops are the family's methods (inet_stream_ops, unix_stream_ops, ...)
 * and sock->sk the protocol state (<net/sock.h>). */
#ifndef _LINUX_NET_H
#define _LINUX_NET_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/kernel.h>

struct file;
struct sock;
struct sockaddr;
struct msghdr;
struct poll_table_struct;
struct task_struct;

/* Address families (uapi/linux/socket.h) */
#define AF_UNSPEC 0
#define AF_UNIX   1
#define AF_LOCAL  AF_UNIX
#define AF_INET   2
#define AF_INET6  10
#define AF_MAX    45
#define NPROTO    AF_MAX
#define PF_UNIX   AF_UNIX
#define PF_INET   AF_INET

/* Socket types */
#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_RDM       4
#define SOCK_SEQPACKET 5
#define SOCK_DCCP      6
#define SOCK_PACKET    10
#define SOCK_MAX       (SOCK_PACKET + 1)
#define SOCK_TYPE_MASK 0xf
#define SOCK_CLOEXEC   02000000 /* O_CLOEXEC */
#define SOCK_NONBLOCK  00004000 /* O_NONBLOCK */

/* socketcall(2) call numbers (uapi/linux/net.h) */
#define SYS_SOCKET      1
#define SYS_BIND        2
#define SYS_CONNECT     3
#define SYS_LISTEN      4
#define SYS_ACCEPT      5
#define SYS_GETSOCKNAME 6
#define SYS_GETPEERNAME 7
#define SYS_SOCKETPAIR  8
#define SYS_SEND        9
#define SYS_RECV        10
#define SYS_SENDTO      11
#define SYS_RECVFROM    12
#define SYS_SHUTDOWN    13
#define SYS_SETSOCKOPT  14
#define SYS_GETSOCKOPT  15
#define SYS_SENDMSG     16
#define SYS_RECVMSG     17
#define SYS_ACCEPT4     18
#define SYS_RECVMMSG    19
#define SYS_SENDMMSG    20

/* setsockopt levels and SOL_SOCKET options */
#define SOL_SOCKET    1
#define SO_DEBUG      1
#define SO_REUSEADDR  2
#define SO_TYPE       3
#define SO_ERROR      4
#define SO_DONTROUTE  5
#define SO_BROADCAST  6
#define SO_SNDBUF     7
#define SO_RCVBUF     8
#define SO_KEEPALIVE  9
#define SO_OOBINLINE  10
#define SO_NO_CHECK   11
#define SO_PRIORITY   12
#define SO_LINGER     13
#define SO_BSDCOMPAT  14
#define SO_REUSEPORT  15
#define SO_RCVLOWAT   18
#define SO_SNDLOWAT   19
#define SO_RCVTIMEO   20
#define SO_SNDTIMEO   21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL   38
#define SO_DOMAIN     39

typedef enum {
	SS_FREE = 0,     /* not allocated */
	SS_UNCONNECTED,  /* unconnected to any socket */
	SS_CONNECTING,
	SS_CONNECTED,
	SS_DISCONNECTING
} socket_state;

struct __kernel_sockaddr_storage {
	unsigned short ss_family;
	char __data[128 - sizeof(unsigned short)];
} __attribute__((aligned(8)));
#define sockaddr_storage __kernel_sockaddr_storage

struct socket {
	socket_state state;
	short type;
	unsigned long flags;
	struct file *file;
	struct sock *sk;
	const struct proto_ops *ops;
};

/* sockfs (net/socket.c): a socket and its inode are one object from sock_inode_cache. */
struct socket_alloc {
	struct socket socket;
	struct inode vfs_inode;
};

static inline struct socket *SOCKET_I(struct inode *inode)
{
	return &container_of(inode, struct socket_alloc, vfs_inode)->socket;
}

static inline struct inode *SOCK_INODE(struct socket *socket)
{
	return &container_of(socket, struct socket_alloc, socket)->vfs_inode;
}

void sock_init(void); /* sock_inode_cache and the sock cache, at boot */

struct proto_ops {
	int family;
	int (*release)(struct socket *sock);
	int (*bind)(struct socket *sock, struct sockaddr *addr, int addr_len);
	int (*connect)(struct socket *sock, struct sockaddr *addr, int addr_len, int flags);
	int (*socketpair)(struct socket *sock1, struct socket *sock2);
	int (*accept)(struct socket *sock, struct socket *newsock, int flags);
	int (*getname)(struct socket *sock, struct sockaddr *addr, int peer); /* returns the length */
	unsigned int (*poll)(struct file *file, struct socket *sock,
			     struct poll_table_struct *wait);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);
	/* flags are MSG_*, with MSG_DONTWAIT added when the file is O_NONBLOCK */
	int (*sendmsg)(struct socket *sock, struct msghdr *m, size_t total_len, int flags);
	int (*recvmsg)(struct socket *sock, struct msghdr *m, size_t total_len, int flags);
	int (*setsockopt)(struct socket *sock, int level, int optname, char __user *optval,
			  unsigned int optlen);
	int (*getsockopt)(struct socket *sock, int level, int optname, char __user *optval,
			  int __user *optlen);
};

struct net_proto_family {
	int family;
	int (*create)(struct socket *sock, int protocol, int kern);
};

extern const struct net_proto_family inet_family_ops, unix_family_ops;
int sock_no_listen(struct socket *sock, int backlog);
int sock_no_socketpair(struct socket *sock1, struct socket *sock2);
int sock_no_accept(struct socket *sock, struct socket *newsock, int flags);
int sock_no_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
		       unsigned int optlen);
int sock_no_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
		       int __user *optlen);

/* net/socket.c: the workers behind the system calls and socketcall(2). */
int sock_create(int family, int type, int protocol, struct socket **res);
void sock_release(struct socket *sock);
int sock_map_fd(struct socket *sock, int flags);
struct socket *sockfd_lookup_light(int fd, int *err, int *fput_needed);
int move_addr_to_kernel(void __user *uaddr, int ulen, struct sockaddr_storage *kaddr);
int __sys_socket(int family, int type, int protocol);
int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen);
int __sys_listen(int fd, int backlog);
int __sys_getsockname(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len);
int __sys_setsockopt(int fd, int level, int optname, char __user *optval, int optlen);
int __sys_getsockopt(int fd, int level, int optname, char __user *optval, int __user *optlen);
int __sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen);
int __sys_accept4(int fd, struct sockaddr __user *upeer_sockaddr, int __user *upeer_addrlen,
		  int flags);
int __sys_getpeername(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len);
int __sys_socketpair(int family, int type, int protocol, int __user *usockvec);
int __sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		 struct sockaddr __user *addr, int addr_len);
int __sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		   struct sockaddr __user *addr, int __user *addr_len);
int __sys_shutdown(int fd, int how);
int sock_sendmsg(struct socket *sock, struct msghdr *msg, unsigned int flags);
int sock_recvmsg(struct socket *sock, struct msghdr *msg, unsigned int flags);
long __sys_sendmsg(int fd, void __user *msg, unsigned int flags, bool compat);
long __sys_recvmsg(int fd, void __user *msg, unsigned int flags, bool compat);

extern int sysctl_somaxconn; /* net.core.somaxconn, 128 as in Linux 5.0 */

/* security hooks (no LSM: everything is allowed) */
static inline int security_socket_create(int family, int type, int protocol, int kern)
{
	(void)family; (void)type; (void)protocol; (void)kern;
	return 0;
}
static inline int security_socket_bind(struct socket *sock, struct sockaddr *address, int addrlen)
{
	(void)sock; (void)address; (void)addrlen;
	return 0;
}
static inline int security_socket_listen(struct socket *sock, int backlog)
{
	(void)sock; (void)backlog;
	return 0;
}
static inline int security_socket_getsockname(struct socket *sock)
{
	(void)sock;
	return 0;
}
static inline int security_socket_setsockopt(struct socket *sock, int level, int optname)
{
	(void)sock; (void)level; (void)optname;
	return 0;
}

#endif
