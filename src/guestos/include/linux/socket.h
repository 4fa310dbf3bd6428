/* linux/socket.h - the socket structures user space passes in: sockaddr, msghdr, iovec, the
 * MSG_* flags and shutdown's SHUT_* (uapi/linux/socket.h, linux/socket.h, linux/uio.h). */
#ifndef _LINUX_SOCKET_H
#define _LINUX_SOCKET_H

#include <linux/types.h>
#include <linux/compiler.h>

struct sockaddr {
	unsigned short sa_family;
	char sa_data[14];
};

/* What user space gives sendmsg(2) and recvmsg(2) (64-bit layout). */
struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

struct user_msghdr {
	void __user *msg_name;
	int msg_namelen;
	struct iovec __user *msg_iov;
	size_t msg_iovlen;
	void __user *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

/* The 32-bit layouts (compat_msghdr, compat_iovec). */
struct compat_iovec {
	u32 iov_base;
	u32 iov_len;
};

struct compat_msghdr {
	u32 msg_name;
	s32 msg_namelen;
	u32 msg_iov;
	u32 msg_iovlen;
	u32 msg_control;
	u32 msg_controllen;
	u32 msg_flags;
};

#define UIO_MAXIOV 1024

/* The kernel's view of the user's buffers: a copied iovec array and how far the copy got. */
struct iov_iter {
	const struct iovec *iov;
	unsigned long nr_segs;
	size_t iov_offset; /* within iov[0] */
	size_t count;      /* bytes left in all segments */
};

/* The kernel's msghdr: the address in kernel memory, the data in user memory. */
struct msghdr {
	void *msg_name;          /* struct sockaddr_storage, or NULL */
	int msg_namelen;
	struct iov_iter msg_iter;
	unsigned int msg_flags;  /* recvmsg: MSG_TRUNC, MSG_CTRUNC back to the user */
};

size_t copy_to_iter(const void *from, size_t bytes, struct iov_iter *i);   /* bytes copied */
size_t copy_from_iter(void *to, size_t bytes, struct iov_iter *i);
void iov_iter_advance(struct iov_iter *i, size_t bytes);

/* Flags for send and recv */
#define MSG_OOB          0x1
#define MSG_PEEK         0x2
#define MSG_DONTROUTE    0x4
#define MSG_CTRUNC       0x8
#define MSG_TRUNC        0x20
#define MSG_DONTWAIT     0x40
#define MSG_EOR          0x80
#define MSG_WAITALL      0x100
#define MSG_NOSIGNAL     0x4000
#define MSG_MORE         0x8000
#define MSG_WAITFORONE   0x10000
#define MSG_CMSG_CLOEXEC 0x40000000
#define MSG_CMSG_COMPAT  0x80000000

/* shutdown(2) */
#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

#endif
