/* net/socket.c - the BSD-socket layer: socket(2), socketpair(2), bind(2), listen(2),
 * accept(2)/accept4(2), connect(2), getsockname(2), getpeername(2), send/sendto/sendmsg,
 * recv/recvfrom/recvmsg, shutdown(2), setsockopt(2), getsockopt(2); read, write, poll and
 * close through socket_file_ops; and the 32-bit socketcall(2). The names follow Linux 5.0's
 * net/socket.c. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/socket.h>
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

/* ---- the socket file ---- */

static void __sock_release(struct socket *sock, struct inode *inode);

/* The file's last fput: the socket is released here, and its inode (the same object) freed by
 * fput's iput. */
static int sock_close(struct inode *inode, struct file *file)
{
	(void)file;
	__sock_release(SOCKET_I(inode), inode);
	return 0;
}

static ssize_t sock_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
static ssize_t sock_write(struct file *file, const char __user *buf, size_t count, loff_t *pos);
static unsigned int sock_poll(struct file *file, struct poll_table_struct *wait);

static const struct file_operations socket_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.release = sock_close,
};

/* ---- sockfs: the inodes of sockets ---- */

static struct kmem_cache *sock_inode_cachep;

static struct inode *sock_alloc_inode(struct super_block *sb)
{
	(void)sb;
	struct socket_alloc *ei = kmem_cache_zalloc(sock_inode_cachep);
	return ei ? &ei->vfs_inode : NULL;
}

static void sock_destroy_inode(struct inode *inode)
{
	kmem_cache_free(sock_inode_cachep, container_of(inode, struct socket_alloc, vfs_inode));
}

static const struct super_operations sockfs_ops = {
	.alloc_inode = sock_alloc_inode,
	.destroy_inode = sock_destroy_inode,
};

static struct super_block sockfs_sb = {.s_op = &sockfs_ops};

/* The caches of the socket layer (Linux: sock_init and proto_register's per-protocol slab;
 * every family here has the same struct sock, so one cache serves them). */
void sock_init(void)
{
	sock_inode_cachep = kmem_cache_create("sock_inode_cache", sizeof(struct socket_alloc), 0,
					      SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	sk_init();
}

/* A new socket with its inode (one reference, which the file takes over). */
static struct socket *sock_alloc(void)
{
	struct inode *inode = new_inode_pseudo(&sockfs_sb);
	if (!inode)
		return NULL;
	struct socket *sock = SOCKET_I(inode);
	inode->i_mode = S_IFSOCK | 0777;
	inode->i_private = sock;
	sock->state = SS_UNCONNECTED;
	return sock;
}

static void __sock_release(struct socket *sock, struct inode *inode)
{
	if (sock->ops && sock->ops->release)
		sock->ops->release(sock);
	if (sock->sk)
		sk_free(sock->sk);
	sock->ops = NULL;
	if (!inode) /* no file yet: the socket's own reference goes */
		iput(SOCK_INODE(sock));
	else
		sock->file = NULL;
}

/* Releases a socket that has no file (a failed socket(), accept() or socketpair()). */
void sock_release(struct socket *sock)
{
	__sock_release(sock, NULL);
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
		sock->ops = NULL; /* the family's release must not see a half-made socket */
		sock_release(sock);
		return err;
	}
	*res = sock;
	return 0;
}

/* The file for a socket. It takes over the inode's reference and owns the socket from here on
 * (its last fput releases it). The name "socket:[ino]" is made only when asked for
 * (/proc/self/fd), as Linux's sockfs_dname. On failure the caller still owns the socket. */
static struct file *sock_alloc_file(struct socket *sock, int flags)
{
	struct file *file = alloc_file_pseudo(SOCK_INODE(sock), "", O_RDWR | (flags & O_NONBLOCK),
					      &socket_file_ops);
	if (IS_ERR_OR_NULL(file))
		return file ? file : ERR_PTR(-ENFILE);
	file->private_data = sock;
	sock->file = file;
	return file;
}

int sock_map_fd(struct socket *sock, int flags)
{
	struct file *file;
	int fd = get_unused_fd_flags(flags & O_CLOEXEC);

	if (fd < 0) {
		sock_release(sock);
		return fd;
	}
	file = sock_alloc_file(sock, flags);
	if (IS_ERR(file)) {
		put_unused_fd((unsigned int)fd);
		sock_release(sock);
		return (int)PTR_ERR(file);
	}
	fd_install((unsigned int)fd, file);
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

/* ---- the workers ----
 * The three the seed notes follow stay out of line (gcc would inline them into their
 * SYSCALL_DEFINE wrappers), so that --trace=syscall-path's call tree and gdb's backtrace show
 * them as frames of their own. */

noinline int __sys_socket(int family, int type, int protocol)
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

noinline int __sys_bind(int fd, struct sockaddr __user *umyaddr, int addrlen)
{
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		/* Not zeroed, as in Linux: each family's bind reads only within addrlen. */
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

noinline int __sys_listen(int fd, int backlog)
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

/* ---- the data path ---- */

/* MAX_RW_COUNT: the most one read or write moves */
#define MAX_RW_COUNT (0x7ffff000UL)

/* import_single_range: one user buffer as an iov_iter. EFAULT when it is not user memory. */
static int import_single_range(void __user *buf, size_t len, struct iovec *iov,
			       struct iov_iter *i)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!access_ok(buf, len))
		return -EFAULT;
	iov->iov_base = buf;
	iov->iov_len = len;
	i->iov = iov;
	i->nr_segs = 1;
	i->iov_offset = 0;
	i->count = len;
	return 0;
}

/* The file's O_NONBLOCK reaches the protocol as MSG_DONTWAIT. */
static int sock_msg_flags(struct socket *sock, unsigned int flags)
{
	if (sock->file && (sock->file->f_flags & O_NONBLOCK))
		flags |= MSG_DONTWAIT;
	return (int)flags;
}

int sock_sendmsg(struct socket *sock, struct msghdr *msg, unsigned int flags)
{
	if (!sock->ops->sendmsg)
		return -EOPNOTSUPP;
	return sock->ops->sendmsg(sock, msg, msg->msg_iter.count, sock_msg_flags(sock, flags));
}

int sock_recvmsg(struct socket *sock, struct msghdr *msg, unsigned int flags)
{
	if (!sock->ops->recvmsg)
		return -EOPNOTSUPP;
	return sock->ops->recvmsg(sock, msg, msg->msg_iter.count, sock_msg_flags(sock, flags));
}

/* read(2) and write(2) on a socket are recv and send without flags. */
static ssize_t sock_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct socket *sock = file->private_data;
	struct msghdr msg = { 0 };
	struct iovec iov;
	int err;
	(void)pos;

	if (!count)
		return 0;
	err = import_single_range(buf, count, &iov, &msg.msg_iter);
	if (err)
		return err;
	return sock_recvmsg(sock, &msg, 0);
}

static ssize_t sock_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	struct socket *sock = file->private_data;
	struct msghdr msg = { 0 };
	struct iovec iov;
	int err;
	(void)pos;

	err = import_single_range((void __user *)buf, count, &iov, &msg.msg_iter);
	if (err)
		return err;
	return sock_sendmsg(sock, &msg, 0);
}

static unsigned int sock_poll(struct file *file, struct poll_table_struct *wait)
{
	struct socket *sock = file->private_data;
	if (!sock->ops->poll)
		return 0;
	return sock->ops->poll(file, sock, wait);
}

int __sys_connect(int fd, struct sockaddr __user *uservaddr, int addrlen)
{
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	memset(&address, 0, sizeof address);
	err = move_addr_to_kernel(uservaddr, addrlen, &address);
	if (!err)
		err = sock->ops->connect(sock, (struct sockaddr *)&address, addrlen,
					 (int)sock->file->f_flags);
	fput_light(sock, fput_needed);
	return err;
}

int __sys_accept4(int fd, struct sockaddr __user *upeer_sockaddr, int __user *upeer_addrlen,
		  int flags)
{
	struct socket *sock, *newsock;
	struct file *newfile;
	struct sockaddr_storage address;
	int err, len, newfd, fput_needed;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	err = -ENFILE;
	newsock = sock_alloc();
	if (!newsock)
		goto out_put;
	newsock->type = sock->type;
	newsock->ops = sock->ops;

	newfd = get_unused_fd_flags((unsigned int)flags & O_CLOEXEC);
	if (newfd < 0) {
		err = newfd;
		sock_release(newsock);
		goto out_put;
	}
	newfile = sock_alloc_file(newsock, flags);
	if (IS_ERR(newfile)) {
		err = (int)PTR_ERR(newfile);
		put_unused_fd((unsigned int)newfd);
		sock_release(newsock);
		goto out_put;
	}
	err = sock->ops->accept(sock, newsock, (int)sock->file->f_flags);
	if (err < 0)
		goto out_fd;
	if (upeer_sockaddr) {
		memset(&address, 0, sizeof address);
		len = newsock->ops->getname(newsock, (struct sockaddr *)&address, 2);
		if (len < 0) {
			err = -ECONNABORTED;
			goto out_fd;
		}
		err = move_addr_to_user(&address, len, upeer_sockaddr, upeer_addrlen);
		if (err < 0)
			goto out_fd;
	}
	fd_install((unsigned int)newfd, newfile);
	err = newfd;
out_put:
	fput_light(sock, fput_needed);
	return err;
out_fd:
	fput(newfile); /* releases newsock and, once accepted, the connection */
	put_unused_fd((unsigned int)newfd);
	goto out_put;
}

int __sys_getpeername(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len)
{
	struct socket *sock;
	struct sockaddr_storage address;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	memset(&address, 0, sizeof address);
	err = sock->ops->getname(sock, (struct sockaddr *)&address, 1);
	if (err >= 0)
		err = move_addr_to_user(&address, err, usockaddr, usockaddr_len);
	fput_light(sock, fput_needed);
	return err;
}

int __sys_socketpair(int family, int type, int protocol, int __user *usockvec)
{
	struct socket *sock1, *sock2;
	struct file *newfile1, *newfile2;
	int fd1, fd2, err, flags;

	flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;

	/* Linux 5.0 reserves both numbers and stores them before it makes the sockets. */
	fd1 = get_unused_fd_flags((unsigned int)flags & O_CLOEXEC);
	if (fd1 < 0)
		return fd1;
	fd2 = get_unused_fd_flags((unsigned int)flags & O_CLOEXEC);
	if (fd2 < 0) {
		put_unused_fd((unsigned int)fd1);
		return fd2;
	}
	err = put_user(fd1, &usockvec[0]);
	if (!err)
		err = put_user(fd2, &usockvec[1]);
	if (err)
		goto out_fds;
	err = sock_create(family, type, protocol, &sock1);
	if (err < 0)
		goto out_fds;
	err = sock_create(family, type, protocol, &sock2);
	if (err < 0) {
		sock_release(sock1);
		goto out_fds;
	}
	err = sock1->ops->socketpair(sock1, sock2);
	if (err < 0) {
		sock_release(sock2);
		sock_release(sock1);
		goto out_fds;
	}
	newfile1 = sock_alloc_file(sock1, flags);
	if (IS_ERR(newfile1)) {
		err = (int)PTR_ERR(newfile1);
		sock_release(sock2);
		sock_release(sock1);
		goto out_fds;
	}
	newfile2 = sock_alloc_file(sock2, flags);
	if (IS_ERR(newfile2)) {
		err = (int)PTR_ERR(newfile2);
		sock_release(sock2);
		fput(newfile1);
		goto out_fds;
	}
	fd_install((unsigned int)fd1, newfile1);
	fd_install((unsigned int)fd2, newfile2);
	return 0;
out_fds:
	put_unused_fd((unsigned int)fd2);
	put_unused_fd((unsigned int)fd1);
	return err;
}

int __sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags,
		 struct sockaddr __user *addr, int addr_len)
{
	struct socket *sock;
	struct sockaddr_storage address;
	struct msghdr msg = { 0 };
	struct iovec iov;
	int err, fput_needed;

	err = import_single_range(buff, len, &iov, &msg.msg_iter);
	if (err)
		return err;
	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	if (addr) {
		memset(&address, 0, sizeof address);
		err = move_addr_to_kernel(addr, addr_len, &address);
		if (err < 0)
			goto out_put;
		msg.msg_name = &address;
		msg.msg_namelen = addr_len;
	}
	err = sock_sendmsg(sock, &msg, flags);
out_put:
	fput_light(sock, fput_needed);
	return err;
}

int __sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags,
		   struct sockaddr __user *addr, int __user *addr_len)
{
	struct socket *sock;
	struct sockaddr_storage address;
	struct msghdr msg = { 0 };
	struct iovec iov;
	int err, err2, fput_needed;

	err = import_single_range(ubuf, size, &iov, &msg.msg_iter);
	if (err)
		return err;
	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	memset(&address, 0, sizeof address);
	msg.msg_name = addr ? &address : NULL;
	msg.msg_namelen = 0;
	err = sock_recvmsg(sock, &msg, flags);
	if (err >= 0 && addr) {
		err2 = move_addr_to_user(&address, msg.msg_namelen, addr, addr_len);
		if (err2 < 0)
			err = err2;
	}
	fput_light(sock, fput_needed);
	return err;
}

int __sys_shutdown(int fd, int how)
{
	struct socket *sock;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (sock) {
		err = sock->ops->shutdown(sock, how);
		fput_light(sock, fput_needed);
	}
	return err;
}

/* ---- sendmsg(2) and recvmsg(2): the user's msghdr, 64-bit or compat ---- */

struct user_msg {
	void __user *name;
	int namelen;
	u64 iov;         /* user address of the iovec array */
	size_t iovlen;
	size_t controllen;
	int __user *unamelen;         /* where recvmsg writes the name length back */
	void __user *ucontrollen;     /* and the control length (0: none is passed) */
	unsigned int __user *uflags;  /* and msg_flags */
};

/* copy_msghdr_from_user / get_compat_msghdr, then the iovec array into iov (kmalloc'd when
 * long). Fills msg (name buffer: addr) and returns 0 or an error. */
static int copy_msghdr_from_user(void __user *umsg, bool compat, struct msghdr *msg,
				 struct sockaddr_storage *addr, struct iovec **iov,
				 struct user_msg *um, bool save_addr)
{
	size_t total = 0;
	struct iovec *v;

	memset(um, 0, sizeof(*um));
	if (compat) {
		struct compat_msghdr m;
		struct compat_msghdr __user *u = umsg;
		if (copy_from_user(&m, umsg, sizeof m))
			return -EFAULT;
		um->name = (void __user *)(unsigned long)m.msg_name;
		um->namelen = m.msg_namelen;
		um->iov = m.msg_iov;
		um->iovlen = m.msg_iovlen;
		um->controllen = m.msg_controllen;
		um->unamelen = &u->msg_namelen;
		um->ucontrollen = &u->msg_controllen;
		um->uflags = &u->msg_flags;
	} else {
		struct user_msghdr m;
		struct user_msghdr __user *u = umsg;
		if (copy_from_user(&m, umsg, sizeof m))
			return -EFAULT;
		um->name = m.msg_name;
		um->namelen = m.msg_namelen;
		um->iov = (u64)(unsigned long)m.msg_iov;
		um->iovlen = m.msg_iovlen;
		um->controllen = m.msg_controllen;
		um->unamelen = &u->msg_namelen;
		um->ucontrollen = &u->msg_controllen;
		um->uflags = &u->msg_flags;
	}
	if (!um->name)
		um->namelen = 0;
	if (um->namelen < 0)
		return -EINVAL;
	if (um->namelen > (int)sizeof(struct sockaddr_storage))
		um->namelen = sizeof(struct sockaddr_storage);
	memset(msg, 0, sizeof(*msg));
	memset(addr, 0, sizeof(*addr));
	if (um->name) {
		msg->msg_name = addr;
		msg->msg_namelen = um->namelen;
		if (!save_addr && um->namelen &&
		    copy_from_user(addr, um->name, (unsigned long)um->namelen))
			return -EFAULT;
		if (!save_addr && !um->namelen)
			msg->msg_name = NULL;
	}
	if (um->iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	v = kmalloc(sizeof(*v) * (um->iovlen ? um->iovlen : 1));
	if (!v)
		return -ENOMEM;
	*iov = v;
	for (size_t i = 0; i < um->iovlen; i++) {
		if (compat) {
			struct compat_iovec c;
			if (copy_from_user(&c, (void __user *)(unsigned long)(um->iov + i * sizeof c),
					   sizeof c))
				return -EFAULT;
			v[i].iov_base = (void __user *)(unsigned long)c.iov_base;
			v[i].iov_len = c.iov_len;
			if ((s32)c.iov_len < 0)
				return -EINVAL;
		} else {
			if (copy_from_user(&v[i], (void __user *)(unsigned long)(um->iov + i * sizeof *v),
					   sizeof *v))
				return -EFAULT;
			if ((ssize_t)v[i].iov_len < 0)
				return -EINVAL;
		}
		/* rw_copy_check_uvector: each piece must be user memory; the total is capped */
		if (v[i].iov_len > MAX_RW_COUNT - total)
			v[i].iov_len = MAX_RW_COUNT - total;
		if (!access_ok(v[i].iov_base, v[i].iov_len))
			return -EFAULT;
		total += v[i].iov_len;
	}
	msg->msg_iter.iov = v;
	msg->msg_iter.nr_segs = um->iovlen;
	msg->msg_iter.count = total;
	return 0;
}

long __sys_sendmsg(int fd, void __user *umsg, unsigned int flags, bool compat)
{
	struct socket *sock;
	struct sockaddr_storage address;
	struct msghdr msg;
	struct user_msg um;
	struct iovec *iov = NULL;
	int err, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	err = copy_msghdr_from_user(umsg, compat, &msg, &address, &iov, &um, false);
	if (!err) {
		/* control messages (SCM_RIGHTS, SCM_CREDENTIALS) are not carried */
		err = sock_sendmsg(sock, &msg, flags);
	}
	kfree(iov);
	fput_light(sock, fput_needed);
	return err;
}

long __sys_recvmsg(int fd, void __user *umsg, unsigned int flags, bool compat)
{
	struct socket *sock;
	struct sockaddr_storage address;
	struct msghdr msg;
	struct user_msg um;
	struct iovec *iov = NULL;
	int err, len, fput_needed;

	sock = sockfd_lookup_light(fd, &err, &fput_needed);
	if (!sock)
		return err;
	err = copy_msghdr_from_user(umsg, compat, &msg, &address, &iov, &um, true);
	if (err)
		goto out;
	msg.msg_namelen = 0;
	msg.msg_flags = 0;
	err = sock_recvmsg(sock, &msg, flags);
	if (err < 0)
		goto out;
	len = err;
	if (um.name) {
		err = move_addr_to_user(&address, msg.msg_namelen, um.name, um.unamelen);
		if (err)
			goto out;
	}
	err = put_user(msg.msg_flags, um.uflags);
	if (err)
		goto out;
	/* no control data comes back: msg_controllen becomes 0 */
	if (compat)
		err = put_user((u32)0, (u32 __user *)um.ucontrollen);
	else
		err = put_user((u64)0, (u64 __user *)um.ucontrollen);
	if (!err)
		err = len;
out:
	kfree(iov);
	fput_light(sock, fput_needed);
	return err;
}

/* ---- sendmmsg(2) and recvmmsg(2): a vector of msghdrs, each with its msg_len ---- */

#define MMSG_SIZE(compat) ((compat) ? 32UL : 64UL)       /* sizeof(struct [compat_]mmsghdr) */
#define MMSG_LEN_OFF(compat) ((compat) ? 28UL : 56UL)    /* offsetof(..., msg_len) */

/* Linux's __sys_sendmmsg: as many messages as go, then the count, or the first error. */
static long __sys_sendmmsg(int fd, void __user *mmsg, unsigned int vlen, unsigned int flags,
			   bool compat)
{
	unsigned int datagrams = 0;
	long err = 0;

	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	while (datagrams < vlen) {
		char __user *entry = (char __user *)mmsg + datagrams * MMSG_SIZE(compat);
		err = __sys_sendmsg(fd, entry, flags, compat);
		if (err < 0)
			break;
		if (put_user((u32)err, (u32 __user *)(entry + MMSG_LEN_OFF(compat)))) {
			err = -EFAULT;
			break;
		}
		datagrams++;
	}
	return datagrams ? (long)datagrams : err;
}

struct __kernel_timespec {
	s64 tv_sec;
	long tv_nsec;
};

/* __sys_recvmmsg. The timeout is checked (EFAULT, EINVAL) but not kept: each receive blocks as
 * recvmsg would. MSG_WAITFORONE makes every receive after the first non-blocking. */
static long __sys_recvmmsg(int fd, void __user *mmsg, unsigned int vlen, unsigned int flags,
			   void __user *timeout, bool compat)
{
	unsigned int datagrams = 0;
	long err = 0;

	if (timeout) {
		s64 sec;
		long nsec;
		if (compat) {
			s32 t[2];
			if (copy_from_user(t, timeout, sizeof t))
				return -EFAULT;
			sec = t[0];
			nsec = t[1];
		} else {
			struct __kernel_timespec t;
			if (copy_from_user(&t, timeout, sizeof t))
				return -EFAULT;
			sec = t.tv_sec;
			nsec = t.tv_nsec;
		}
		if (sec < 0 || nsec < 0 || nsec >= 1000000000L)
			return -EINVAL;
	}
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	while (datagrams < vlen) {
		char __user *entry = (char __user *)mmsg + datagrams * MMSG_SIZE(compat);
		err = __sys_recvmsg(fd, entry, flags & ~MSG_WAITFORONE, compat);
		if (err < 0)
			break;
		if (put_user((u32)err, (u32 __user *)(entry + MMSG_LEN_OFF(compat)))) {
			err = -EFAULT;
			break;
		}
		datagrams++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
	}
	return datagrams ? (long)datagrams : err;
}

/* ---- SOL_SOCKET options (net/core/sock.c) ---- */

/* struct timeval as the caller's ABI has it: 16 bytes, or 8 from a 32-bit program. */
static int timeval_size(void)
{
	return in_ia32_syscall() ? 8 : 16;
}

/* sock_set_timeout: SO_RCVTIMEO and SO_SNDTIMEO, kept in jiffies (0 0: no timeout). */
static int sock_set_timeout(long *timeo_p, char __user *optval, unsigned int optlen)
{
	s64 sec, usec;

	if (optlen < (unsigned int)timeval_size())
		return -EINVAL;
	if (in_ia32_syscall()) {
		s32 tv[2];
		if (copy_from_user(tv, optval, sizeof tv))
			return -EFAULT;
		sec = tv[0];
		usec = tv[1];
	} else {
		s64 tv[2];
		if (copy_from_user(tv, optval, sizeof tv))
			return -EFAULT;
		sec = tv[0];
		usec = tv[1];
	}
	if (usec < 0 || usec >= 1000000)
		return -EDOM;
	if (sec < 0) {
		*timeo_p = 0;
		return 0;
	}
	*timeo_p = (long)MAX_SCHEDULE_TIMEOUT;
	if (sec == 0 && usec == 0)
		return 0;
	if (sec < (s64)(MAX_SCHEDULE_TIMEOUT / HZ - 1))
		*timeo_p = (long)(sec * HZ + DIV_ROUND_UP(usec, 1000000 / HZ));
	return 0;
}

static int sock_get_timeout(long timeo, void *buf)
{
	s64 sec = 0, usec = 0;
	if (timeo != (long)MAX_SCHEDULE_TIMEOUT) {
		sec = timeo / HZ;
		usec = (timeo % HZ) * 1000000 / HZ;
	}
	if (in_ia32_syscall()) {
		s32 tv[2] = { (s32)sec, (s32)usec };
		memcpy(buf, tv, sizeof tv);
	} else {
		s64 tv[2] = { sec, usec };
		memcpy(buf, tv, sizeof tv);
	}
	return timeval_size();
}

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
	case SO_RCVTIMEO:
		return sock_set_timeout(&sk->sk_rcvtimeo, optval, optlen);
	case SO_SNDTIMEO:
		return sock_set_timeout(&sk->sk_sndtimeo, optval, optlen);
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
	case SO_SNDBUF:
	case SO_RCVBUF:
		/* Linux doubles the value (for its bookkeeping) within net.core.[rw]mem_max */
		if (val > SK_RCVBUF_DEFAULT)
			val = SK_RCVBUF_DEFAULT;
		val = max(val * 2, optname == SO_SNDBUF ? 4608 : 2304);
		if (optname == SO_SNDBUF)
			sk->sk_sndbuf = val;
		else
			sk->sk_rcvbuf = val;
		return 0;
	case SO_DEBUG:
	case SO_DONTROUTE:
	case SO_BROADCAST:
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
	int len, v, lv = sizeof(int);
	u64 tv[2];
	void *value = &v;
	(void)level;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case SO_RCVTIMEO:
		lv = sock_get_timeout(sk->sk_rcvtimeo, tv);
		value = tv;
		break;
	case SO_SNDTIMEO:
		lv = sock_get_timeout(sk->sk_sndtimeo, tv);
		value = tv;
		break;
	case SO_REUSEADDR: v = sk->sk_reuse; break;
	case SO_REUSEPORT: v = sk->sk_reuseport; break;
	case SO_TYPE: v = sock->type; break;
	case SO_ERROR: v = -sock_error(sk); break;
	case SO_SNDBUF: v = sk->sk_sndbuf; break;
	case SO_RCVBUF: v = sk->sk_rcvbuf; break;
	case SO_PROTOCOL: v = sk->sk_protocol; break;
	case SO_DOMAIN: v = sk->sk_family; break;
	case SO_ACCEPTCONN: v = sk->sk_state == TCP_LISTEN; break;
	default: return -ENOPROTOOPT;
	}
	if (len > lv)
		len = lv;
	if (copy_to_user(optval, value, (unsigned long)len))
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

int sock_no_socketpair(struct socket *sock1, struct socket *sock2)
{
	(void)sock1; (void)sock2;
	return -EOPNOTSUPP;
}

int sock_no_accept(struct socket *sock, struct socket *newsock, int flags)
{
	(void)sock; (void)newsock; (void)flags;
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

SYSCALL_DEFINE3(connect, int, fd, struct sockaddr __user *, uservaddr, int, addrlen)
{
	return __sys_connect(fd, uservaddr, addrlen);
}

SYSCALL_DEFINE3(accept, int, fd, struct sockaddr __user *, upeer_sockaddr,
		int __user *, upeer_addrlen)
{
	return __sys_accept4(fd, upeer_sockaddr, upeer_addrlen, 0);
}

SYSCALL_DEFINE4(accept4, int, fd, struct sockaddr __user *, upeer_sockaddr,
		int __user *, upeer_addrlen, int, flags)
{
	return __sys_accept4(fd, upeer_sockaddr, upeer_addrlen, flags);
}

SYSCALL_DEFINE3(getpeername, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return __sys_getpeername(fd, usockaddr, usockaddr_len);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, int __user *, usockvec)
{
	return __sys_socketpair(family, type, protocol, usockvec);
}

SYSCALL_DEFINE6(sendto, int, fd, void __user *, buff, size_t, len, unsigned int, flags,
		struct sockaddr __user *, addr, int, addr_len)
{
	return __sys_sendto(fd, buff, len, flags, addr, addr_len);
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, ubuf, size_t, size, unsigned int, flags,
		struct sockaddr __user *, addr, int __user *, addr_len)
{
	return __sys_recvfrom(fd, ubuf, size, flags, addr, addr_len);
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	return __sys_shutdown(fd, how);
}

SYSCALL_DEFINE3(sendmsg, int, fd, void __user *, msg, unsigned int, flags)
{
	return __sys_sendmsg(fd, msg, flags, false);
}

SYSCALL_DEFINE3(recvmsg, int, fd, void __user *, msg, unsigned int, flags)
{
	return __sys_recvmsg(fd, msg, flags, false);
}

/* The 32-bit forms: msghdr and iovec have 32-bit layouts; recvfrom only marks the call
 * (MSG_CMSG_COMPAT, which matters for control messages). */
COMPAT_SYSCALL_DEFINE3(sendmsg, int, fd, void __user *, msg, unsigned int, flags)
{
	return __sys_sendmsg(fd, msg, flags, true);
}

COMPAT_SYSCALL_DEFINE3(recvmsg, int, fd, void __user *, msg, unsigned int, flags)
{
	return __sys_recvmsg(fd, msg, flags, true);
}

COMPAT_SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, ubuf, u32, size, unsigned int, flags,
		       struct sockaddr __user *, addr, int __user *, addr_len)
{
	return __sys_recvfrom(fd, ubuf, size, flags, addr, addr_len);
}

SYSCALL_DEFINE4(sendmmsg, int, fd, void __user *, mmsg, unsigned int, vlen, unsigned int, flags)
{
	return __sys_sendmmsg(fd, mmsg, vlen, flags, false);
}

SYSCALL_DEFINE5(recvmmsg, int, fd, void __user *, mmsg, unsigned int, vlen, unsigned int, flags,
		void __user *, timeout)
{
	return __sys_recvmmsg(fd, mmsg, vlen, flags, timeout, false);
}

COMPAT_SYSCALL_DEFINE4(sendmmsg, int, fd, void __user *, mmsg, unsigned int, vlen,
		       unsigned int, flags)
{
	return __sys_sendmmsg(fd, mmsg, vlen, flags, true);
}

COMPAT_SYSCALL_DEFINE5(recvmmsg, int, fd, void __user *, mmsg, unsigned int, vlen,
		       unsigned int, flags, void __user *, timeout)
{
	return __sys_recvmmsg(fd, mmsg, vlen, flags, timeout, true);
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
	case SYS_CONNECT:
		return __sys_connect((int)a[0], compat_ptr(a[1]), (int)a[2]);
	case SYS_ACCEPT:
		return __sys_accept4((int)a[0], compat_ptr(a[1]), compat_ptr(a[2]), 0);
	case SYS_ACCEPT4:
		return __sys_accept4((int)a[0], compat_ptr(a[1]), compat_ptr(a[2]), (int)a[3]);
	case SYS_GETPEERNAME:
		return __sys_getpeername((int)a[0], compat_ptr(a[1]), compat_ptr(a[2]));
	case SYS_SOCKETPAIR:
		return __sys_socketpair((int)a[0], (int)a[1], (int)a[2], compat_ptr(a[3]));
	case SYS_SEND:
		return __sys_sendto((int)a[0], compat_ptr(a[1]), a[2], a[3], NULL, 0);
	case SYS_SENDTO:
		return __sys_sendto((int)a[0], compat_ptr(a[1]), a[2], a[3], compat_ptr(a[4]),
				    (int)a[5]);
	case SYS_RECV:
		return __sys_recvfrom((int)a[0], compat_ptr(a[1]), a[2], a[3], NULL, NULL);
	case SYS_RECVFROM:
		return __sys_recvfrom((int)a[0], compat_ptr(a[1]), a[2], a[3], compat_ptr(a[4]),
				      compat_ptr(a[5]));
	case SYS_SHUTDOWN:
		return __sys_shutdown((int)a[0], (int)a[1]);
	case SYS_SENDMSG:
		return __sys_sendmsg((int)a[0], compat_ptr(a[1]), a[2], true);
	case SYS_RECVMSG:
		return __sys_recvmsg((int)a[0], compat_ptr(a[1]), a[2], true);
	case SYS_RECVMMSG:
		return __sys_recvmmsg((int)a[0], compat_ptr(a[1]), a[2], a[3], compat_ptr(a[4]), true);
	case SYS_SENDMMSG:
		return __sys_sendmmsg((int)a[0], compat_ptr(a[1]), a[2], a[3], true);
	default:
		return -EINVAL; /* not reached: call was checked above */
	}
}
