/* net_data.c - the loopback data path in one process: TCP, UDP, AF_UNIX stream and datagram,
 * socketpair, shutdown and end of file, non-blocking calls, the listen backlog, EPIPE,
 * ECONNREFUSED, MSG_PEEK/MSG_TRUNC/MSG_WAITALL, sendmsg/recvmsg with several iovecs.
 *
 * Everything it waits for is already there (one process, and connect completes at once on
 * loopback), so it runs before fork and a scheduler exist. Ephemeral ports and inode numbers
 * are never printed, only compared, so the transcript matches the native run. */
#define _GNU_SOURCE /* sendmmsg, recvmmsg */
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include "net_common.h"

static struct sockaddr_in loopback(unsigned short port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = port;
	return a;
}

static unsigned short port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return a.sin_port;
}

/* A TCP listener on 127.0.0.1 and an ephemeral port. */
static int tcp_listener(int backlog, struct sockaddr_in *addr)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	*addr = loopback(0);
	bind(fd, (struct sockaddr *)addr, sizeof *addr);
	listen(fd, backlog);
	addr->sin_port = port_of(fd);
	return fd;
}

static void print_data(const char *what, const char *buf, long n)
{
	printf("%s: \"", what);
	for (long i = 0; i < n; i++)
		putchar(buf[i] >= ' ' && buf[i] < 127 ? buf[i] : '.');
	printf("\"\n");
}

static void tcp_stream(void)
{
	struct sockaddr_in addr, peer, me;
	socklen_t len;
	char buf[64];
	int l, c, s;

	printf("-- TCP stream\n");
	l = tcp_listener(4, &addr);
	c = socket(AF_INET, SOCK_STREAM, 0);
	show("connect", connect(c, (struct sockaddr *)&addr, sizeof addr));
	show("connect again", connect(c, (struct sockaddr *)&addr, sizeof addr));
	len = sizeof peer;
	s = accept(l, (struct sockaddr *)&peer, &len);
	printf("accept: %s, addrlen %d\n", s >= 0 ? "a socket" : errno_name(errno), (int)len);
	printf("peer is the client: %s\n",
	       peer.sin_port == port_of(c) && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ?
	       "yes" : "no");
	len = sizeof me;
	getpeername(c, (struct sockaddr *)&me, &len);
	printf("client's peer is the listener's port: %s\n", me.sin_port == addr.sin_port ? "yes" : "no");
	len = sizeof me;
	getsockname(s, (struct sockaddr *)&me, &len);
	printf("accepted socket's port is the listener's: %s\n",
	       me.sin_port == addr.sin_port ? "yes" : "no");

	show("send hello", send(c, "hello", 5, 0));
	show("send world", send(c, " world", 6, 0));
	long n = show("recv MSG_PEEK 4", recv(s, buf, 4, MSG_PEEK));
	print_data("peeked", buf, n);
	n = show("recv 64", recv(s, buf, sizeof buf, 0));
	print_data("got", buf, n);
	show("recv MSG_DONTWAIT", recv(s, buf, sizeof buf, MSG_DONTWAIT));

	/* several iovecs each way */
	struct iovec out[3] = { { "ab", 2 }, { "", 0 }, { "cdefg", 5 } };
	struct msghdr m;
	memset(&m, 0, sizeof m);
	m.msg_iov = out;
	m.msg_iovlen = 3;
	show("sendmsg 3 iovecs", sendmsg(s, &m, 0));
	char p1[3], p2[10];
	struct iovec in[2] = { { p1, 3 }, { p2, 10 } };
	memset(&m, 0, sizeof m);
	m.msg_iov = in;
	m.msg_iovlen = 2;
	n = show("recvmsg 2 iovecs", recvmsg(c, &m, 0));
	print_data("first iovec", p1, 3);
	print_data("second iovec", p2, n - 3);
	printf("msg_flags %d\n", m.msg_flags);

	/* read(2) and write(2) */
	show("write", write(c, "xyz", 3));
	n = show("read", read(s, buf, sizeof buf));
	print_data("read", buf, n);

	/* MSG_WAITALL with everything there */
	send(c, "12345678", 8, 0);
	n = show("recv MSG_WAITALL 8", recv(s, buf, 8, MSG_WAITALL));
	print_data("all", buf, n);

	/* half close: the server reads end of file, and can still answer */
	show("shutdown SHUT_WR", shutdown(c, SHUT_WR));
	show("recv after the peer's SHUT_WR", recv(s, buf, sizeof buf, 0));
	show("send after own SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL));
	show("server send", send(s, "bye", 3, 0));
	n = show("client recv", recv(c, buf, sizeof buf, 0));
	print_data("client got", buf, n);

	/* the server goes away: the first send meets the reset, the next one EPIPE */
	show("close server", close(s));
	show("client recv at EOF", recv(c, buf, sizeof buf, 0));
	close(c);

	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&addr, sizeof addr);
	s = accept(l, NULL, NULL);
	close(s);
	show("send to a closed peer", send(c, "x", 1, MSG_NOSIGNAL));
	show("send again", send(c, "x", 1, MSG_NOSIGNAL));
	close(c);

	/* a peer that closes with unread data resets the connection */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&addr, sizeof addr);
	s = accept(l, NULL, NULL);
	send(c, "unread", 6, 0);
	close(s);
	show("recv after a reset", recv(c, buf, sizeof buf, 0));
	show("recv after that", recv(c, buf, sizeof buf, 0));
	close(c);

	/* connect(AF_UNSPEC) drops the connection (a reset for the peer); the socket can connect
	 * again */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&addr, sizeof addr);
	s = accept(l, NULL, NULL);
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	show("connect AF_UNSPEC", connect(c, &unspec, sizeof unspec));
	show("peer recv", recv(s, buf, sizeof buf, 0));
	show("recv after AF_UNSPEC", recv(c, buf, sizeof buf, MSG_DONTWAIT));
	close(s);
	show("connect again", connect(c, (struct sockaddr *)&addr, sizeof addr));
	s = accept(l, NULL, NULL);
	show("send", send(c, "again", 5, 0));
	show("peer recv", recv(s, buf, sizeof buf, 0));
	close(s);
	close(c);
	close(l);
}

static void tcp_errors(void)
{
	struct sockaddr_in addr, gone;
	char buf[8];
	int l, c, u, opt;
	socklen_t len;

	printf("-- TCP errors\n");
	/* a port nobody listens on: one that was just closed */
	u = socket(AF_INET, SOCK_STREAM, 0);
	gone = loopback(0);
	bind(u, (struct sockaddr *)&gone, sizeof gone);
	gone.sin_port = port_of(u);
	close(u);

	c = socket(AF_INET, SOCK_STREAM, 0);
	show("connect to a closed port", connect(c, (struct sockaddr *)&gone, sizeof gone));
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	show("non-blocking connect to a closed port", connect(c, (struct sockaddr *)&gone, sizeof gone));
	len = sizeof opt;
	show("getsockopt SO_ERROR", getsockopt(c, SOL_SOCKET, SO_ERROR, &opt, &len));
	printf("SO_ERROR %s\n", opt ? errno_name(opt) : "0");
	show("connect again", connect(c, (struct sockaddr *)&gone, sizeof gone));
	close(c);

	l = tcp_listener(4, &addr);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	show("non-blocking connect", connect(c, (struct sockaddr *)&addr, sizeof addr));
	len = sizeof opt;
	getsockopt(c, SOL_SOCKET, SO_ERROR, &opt, &len);
	printf("SO_ERROR %d\n", opt);
	show("connect again (completes)", connect(c, (struct sockaddr *)&addr, sizeof addr));
	show("connect again (EISCONN)", connect(c, (struct sockaddr *)&addr, sizeof addr));
	int s = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	printf("accept4: O_NONBLOCK %s, FD_CLOEXEC %s\n",
	       fcntl(s, F_GETFL) & O_NONBLOCK ? "set" : "clear",
	       fcntl(s, F_GETFD) & FD_CLOEXEC ? "set" : "clear");
	show("recv on a non-blocking socket", recv(s, buf, sizeof buf, 0));
	show("read on a non-blocking socket", read(s, buf, sizeof buf));
	/* (musl's accept4 would retry a bad flag as accept: call the kernel directly) */
	show("accept4 bad flags", syscall(SYS_accept4, l, NULL, NULL, 1));
	fcntl(l, F_SETFL, O_NONBLOCK);
	show("accept on an O_NONBLOCK listener", accept(l, NULL, NULL));
	show("listen on a connected socket", listen(c, 1));
	close(s);
	close(c);

	u = socket(AF_INET, SOCK_STREAM, 0);
	show("send unconnected", send(u, "x", 1, MSG_NOSIGNAL));
	show("recv unconnected", recv(u, buf, sizeof buf, 0));
	show("accept unconnected", accept(u, NULL, NULL));
	struct sockaddr_in peer;
	len = sizeof peer;
	show("getpeername unconnected", getpeername(u, (struct sockaddr *)&peer, &len));
	show("shutdown unconnected", shutdown(u, SHUT_RDWR));
	show("shutdown bad how", shutdown(u, 3));
	show("connect to a listening socket", connect(l, (struct sockaddr *)&addr, sizeof addr));
	show("connect short address", connect(u, (struct sockaddr *)&addr, 8));
	addr.sin_family = AF_UNIX;
	show("connect AF_UNIX address", connect(u, (struct sockaddr *)&addr, sizeof addr));
	close(u);
	close(l);

	/* the accept queue holds backlog + 1 connections; later ones wait (SYN_SENT) */
	l = tcp_listener(1, &addr);
	int cs[4];
	for (int i = 0; i < 4; i++) {
		cs[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		char what[32];
		snprintf(what, sizeof what, "backlog connect %d", i);
		show(what, connect(cs[i], (struct sockaddr *)&addr, sizeof addr));
	}
	for (int i = 0; i < 4; i++) {
		char what[40];
		len = sizeof peer;
		snprintf(what, sizeof what, "getpeername of connector %d", i);
		show(what, getpeername(cs[i], (struct sockaddr *)&peer, &len));
	}
	for (int i = 0; i < 4; i++)
		close(cs[i]);
	close(l);
}

static void udp(void)
{
	struct sockaddr_in a, b, from;
	socklen_t len;
	char buf[16];
	int sa, sb;

	printf("-- UDP\n");
	sa = socket(AF_INET, SOCK_DGRAM, 0);
	sb = socket(AF_INET, SOCK_DGRAM, 0);
	a = loopback(0);
	b = loopback(0);
	bind(sa, (struct sockaddr *)&a, sizeof a);
	bind(sb, (struct sockaddr *)&b, sizeof b);
	a.sin_port = port_of(sa);
	b.sin_port = port_of(sb);

	show("sendto one", sendto(sa, "one", 3, 0, (struct sockaddr *)&b, sizeof b));
	show("sendto second", sendto(sa, "second", 6, 0, (struct sockaddr *)&b, sizeof b));
	show("sendto empty", sendto(sa, "", 0, 0, (struct sockaddr *)&b, sizeof b));
	len = sizeof from;
	long n = show("recvfrom", recvfrom(sb, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	print_data("datagram", buf, n);
	printf("from the sender: %s, addrlen %d\n",
	       from.sin_port == a.sin_port && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? "yes" : "no",
	       (int)len);
	struct iovec iov = { buf, 3 };
	struct msghdr m;
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	n = show("recvmsg 3 of 6", recvmsg(sb, &m, MSG_PEEK));
	printf("msg_flags MSG_TRUNC: %s\n", m.msg_flags & MSG_TRUNC ? "yes" : "no");
	show("recv MSG_TRUNC", recv(sb, buf, 2, MSG_TRUNC));
	show("recv the empty datagram", recv(sb, buf, sizeof buf, 0));
	show("recv MSG_DONTWAIT", recv(sb, buf, sizeof buf, MSG_DONTWAIT));

	/* several datagrams in one call each way */
	struct mmsghdr mm[3];
	struct iovec mio[3] = { { "m1", 2 }, { "mm2", 3 }, { "mmm3", 4 } };
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_name = &b;
		mm[i].msg_hdr.msg_namelen = sizeof b;
		mm[i].msg_hdr.msg_iov = &mio[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	show("sendmmsg 3", sendmmsg(sa, mm, 3, 0));
	printf("msg_len %u %u %u\n", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
	char rb[4][8];
	struct iovec rio[4];
	memset(mm, 0, sizeof mm);
	struct mmsghdr rm[4];
	memset(rm, 0, sizeof rm);
	for (int i = 0; i < 4; i++) {
		rio[i].iov_base = rb[i];
		rio[i].iov_len = sizeof rb[i];
		rm[i].msg_hdr.msg_iov = &rio[i];
		rm[i].msg_hdr.msg_iovlen = 1;
	}
	show("recvmmsg 4 MSG_WAITFORONE", recvmmsg(sb, rm, 4, MSG_WAITFORONE, NULL));
	printf("got %.*s %.*s %.*s\n", (int)rm[0].msg_len, rb[0], (int)rm[1].msg_len, rb[1],
	       (int)rm[2].msg_len, rb[2]);

	show("send unconnected", send(sa, "x", 1, 0));
	struct sockaddr_in zero = loopback(0);
	show("sendto port 0", sendto(sa, "x", 1, 0, (struct sockaddr *)&zero, sizeof zero));
	show("sendto short address", sendto(sa, "x", 1, 0, (struct sockaddr *)&b, 4));
	show("getpeername unconnected", getpeername(sa, (struct sockaddr *)&from, &len));
	show("connect", connect(sa, (struct sockaddr *)&b, sizeof b));
	len = sizeof from;
	getpeername(sa, (struct sockaddr *)&from, &len);
	printf("peer is b: %s\n", from.sin_port == b.sin_port ? "yes" : "no");
	show("send connected", send(sa, "hi", 2, 0));
	n = show("recv", recv(sb, buf, sizeof buf, 0));
	print_data("got", buf, n);
	show("accept on UDP", accept(sa, NULL, NULL));
	show("listen on UDP", listen(sa, 1));
	show("shutdown unconnected UDP", shutdown(sb, SHUT_RD));

	/* connected to a port with nobody: the ICMP error comes back as ECONNREFUSED */
	close(sb);
	show("send to a closed port", send(sa, "x", 1, 0));
	show("recv after the port unreachable", recv(sa, buf, sizeof buf, MSG_DONTWAIT));
	close(sa);
}

static void unix_stream(void)
{
	struct sockaddr_un addr, name;
	socklen_t len;
	char buf[32];
	int l, c, s;

	printf("-- AF_UNIX stream\n");
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path + 1, "lstar-net-data");
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 1 + strlen("lstar-net-data");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind abstract", bind(l, (struct sockaddr *)&addr, alen));
	show("listen", listen(l, 0));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect", connect(c, (struct sockaddr *)&addr, alen));
	int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	show("connect to a full backlog", connect(c2, (struct sockaddr *)&addr, alen));
	len = sizeof name;
	s = accept(l, (struct sockaddr *)&name, &len);
	printf("accept: %s, addrlen %d\n", s >= 0 ? "a socket" : errno_name(errno), (int)len);
	show("connect after accept", connect(c2, (struct sockaddr *)&addr, alen));
	/* (before the accept, with the queue full, Linux would make this wait for room) */
	int s2 = accept(l, NULL, NULL);
	show("connect again", connect(c, (struct sockaddr *)&addr, alen));
	close(s2);
	len = sizeof name;
	getpeername(c, (struct sockaddr *)&name, &len);
	printf("client's peer: len %d, name %s\n", (int)len,
	       len == alen && !memcmp(name.sun_path, addr.sun_path, alen - 2) ? "the listener's" : "?");
	len = sizeof name;
	getsockname(s, (struct sockaddr *)&name, &len);
	printf("accepted socket's name: len %d\n", (int)len);

	show("send", send(c, "over unix", 9, 0));
	long n = show("recv", recv(s, buf, sizeof buf, 0));
	print_data("got", buf, n);
	show("sendto with an address", sendto(c, "x", 1, 0, (struct sockaddr *)&addr, alen));
	show("shutdown SHUT_RD on the server", shutdown(s, SHUT_RD));
	show("client send after that", send(c, "x", 1, MSG_NOSIGNAL));
	show("server send", send(s, "reply", 5, 0));
	show("close server", close(s));
	n = show("client recv the reply", recv(c, buf, sizeof buf, 0));
	print_data("got", buf, n);
	show("client recv at EOF", recv(c, buf, sizeof buf, 0));
	show("client send to a closed peer", send(c, "x", 1, MSG_NOSIGNAL));
	signal(SIGPIPE, SIG_IGN);
	show("client write to a closed peer (SIGPIPE ignored)", write(c, "x", 1));
	close(c);
	close(c2);

	/* a peer that closes with unread data: EPIPE for the writer, ECONNRESET for the reader */
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&addr, alen);
	s = accept(l, NULL, NULL);
	send(c, "unread", 6, 0);
	close(s);
	show("send after a reset", send(c, "x", 1, MSG_NOSIGNAL));
	show("recv after a reset", recv(c, buf, sizeof buf, 0));
	show("recv after that", recv(c, buf, sizeof buf, 0));
	close(c);

	show("recv unconnected", recv(l, buf, sizeof buf, 0));
	show("send unconnected", send(socket(AF_UNIX, SOCK_STREAM, 0), "x", 1, 0));
	close(l);

	/* path names */
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path, "net_data.sock");
	unlink(addr.sun_path);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect to a missing path", connect(c, (struct sockaddr *)&addr, sizeof addr));
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	show("bind path", bind(l, (struct sockaddr *)&addr, sizeof addr));
	show("connect to a path nobody listens on", connect(c, (struct sockaddr *)&addr, sizeof addr));
	listen(l, 5);
	show("connect to the path", connect(c, (struct sockaddr *)&addr, sizeof addr));
	s = accept(l, NULL, NULL);
	show("write", write(s, "path", 4));
	n = show("read", read(c, buf, sizeof buf));
	print_data("got", buf, n);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	show("dgram connect to a stream socket", connect(d, (struct sockaddr *)&addr, sizeof addr));
	close(d);
	close(s);
	close(c);
	close(l);
	unlink(addr.sun_path);
	addr.sun_path[0] = 0;
	strcpy(addr.sun_path + 1, "nobody-here");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	show("connect to a missing abstract name", connect(c, (struct sockaddr *)&addr,
		offsetof(struct sockaddr_un, sun_path) + 12));
	close(c);
}

static void unix_dgram_and_pairs(void)
{
	int sv[2];
	char buf[32];
	long n;

	printf("-- socketpair\n");
	show("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	show("write", write(sv[0], "ping", 4));
	n = show("read", read(sv[1], buf, sizeof buf));
	print_data("got", buf, n);
	struct sockaddr_un name;
	socklen_t len = sizeof name;
	show("getpeername", getpeername(sv[0], (struct sockaddr *)&name, &len));
	printf("addrlen %d\n", (int)len);
	show("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
	show("read EOF", read(sv[1], buf, sizeof buf));
	show("write after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL));
	show("the other way still works", write(sv[1], "pong", 4));
	n = show("read", read(sv[0], buf, sizeof buf));
	print_data("got", buf, n);
	close(sv[0]);
	close(sv[1]);

	/* fill a non-blocking pair until EAGAIN, then read it all back */
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	static char chunk[4096];
	long total = 0, r;
	int chunks = 0;
	while ((r = write(sv[0], chunk, sizeof chunk)) > 0 && chunks < 10000) {
		total += r;
		chunks++;
	}
	printf("filled: %s\n", r < 0 && errno == EAGAIN ? "EAGAIN" : "no EAGAIN");
	long back = 0;
	while ((r = read(sv[1], chunk, sizeof chunk)) > 0)
		back += r;
	printf("read back all: %s, then %s\n", back == total ? "yes" : "no",
	       r < 0 ? errno_name(errno) : "EOF");
	close(sv[0]);
	close(sv[1]);

	show("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	send(sv[0], "first", 5, 0);
	send(sv[0], "second!", 7, 0);
	send(sv[0], "", 0, 0);
	n = show("recv 3 of first", recv(sv[1], buf, 3, 0));
	print_data("got", buf, n);
	n = show("recv second", recv(sv[1], buf, sizeof buf, 0));
	print_data("got", buf, n);
	show("recv empty", recv(sv[1], buf, sizeof buf, 0));
	show("recv nothing", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	close(sv[1]);
	show("send to a closed pair", send(sv[0], "x", 1, 0));
	show("send again", send(sv[0], "x", 1, 0));
	close(sv[0]);

	show("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, sv));
	show("socketpair bad flags", socketpair(AF_UNIX, SOCK_STREAM | 0x10000, 0, sv));

	printf("-- AF_UNIX datagram\n");
	struct sockaddr_un a, b, from;
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	strcpy(a.sun_path + 1, "lstar-dgram-a");
	b = a;
	b.sun_path[13] = 'b';
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 14;
	int da = socket(AF_UNIX, SOCK_DGRAM, 0), db = socket(AF_UNIX, SOCK_DGRAM, 0);
	int dc = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(da, (struct sockaddr *)&a, alen);
	bind(db, (struct sockaddr *)&b, alen);
	show("sendto b", sendto(da, "to b", 4, 0, (struct sockaddr *)&b, alen));
	show("sendto b unnamed", sendto(dc, "anon", 4, 0, (struct sockaddr *)&b, alen));
	len = sizeof from;
	n = show("recvfrom", recvfrom(db, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	print_data("got", buf, n);
	printf("from a: %s\n", len == alen && !memcmp(&from, &a, alen) ? "yes" : "no");
	len = sizeof from;
	n = show("recvfrom", recvfrom(db, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	printf("unnamed sender's addrlen %d\n", (int)len);
	show("send unconnected", send(da, "x", 1, 0));
	show("connect a to b", connect(da, (struct sockaddr *)&b, alen));
	show("connect b to a", connect(db, (struct sockaddr *)&a, alen));
	show("c sends to b (connected elsewhere)", sendto(dc, "x", 1, 0, (struct sockaddr *)&b, alen));
	show("send a to b", send(da, "hey", 3, 0));
	n = show("recv", recv(db, buf, sizeof buf, 0));
	print_data("got", buf, n);
	close(da);
	close(db);
	close(dc);
}

static void sockopts(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), v;
	socklen_t len;

	printf("-- options\n");
	len = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len);
	printf("SO_TYPE %d\n", v);
	len = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len);
	printf("SO_ERROR %d\n", v);
	v = 1;
	show("SO_REUSEADDR", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
	len = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &len);
	printf("SO_REUSEADDR %d\n", v);
	len = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	printf("SO_ACCEPTCONN %d\n", v);
	listen(s, 1);
	len = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	printf("SO_ACCEPTCONN after listen %d\n", v);
	close(s);

	/* SO_REUSEADDR: two sockets may bind one port while neither listens */
	struct sockaddr_in addr = loopback(0);
	int r1 = socket(AF_INET, SOCK_STREAM, 0), r2 = socket(AF_INET, SOCK_STREAM, 0);
	int r3 = socket(AF_INET, SOCK_STREAM, 0);
	v = 1;
	setsockopt(r1, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v);
	setsockopt(r2, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v);
	bind(r1, (struct sockaddr *)&addr, sizeof addr);
	addr.sin_port = port_of(r1);
	show("second bind with SO_REUSEADDR", bind(r2, (struct sockaddr *)&addr, sizeof addr));
	show("third bind without it", bind(r3, (struct sockaddr *)&addr, sizeof addr));
	show("listen on the first", listen(r1, 1));
	show("listen on the second", listen(r2, 1));
	close(r1);
	close(r2);
	close(r3);
}

/* A socket is an S_IFSOCK inode, and /proc/self/fd names it "socket:[its inode number]". */
static void socket_inodes(void)
{
	int fds[3];
	fds[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds + 1))
		fds[1] = fds[2] = -1;
	for (int i = 0; i < 3; i++) {
		struct stat st;
		char path[64], link[64], want[64];
		snprintf(path, sizeof path, "/proc/self/fd/%d", fds[i]);
		ssize_t n = readlink(path, link, sizeof link - 1);
		link[n > 0 ? n : 0] = 0;
		int ok = fstat(fds[i], &st) == 0;
		snprintf(want, sizeof want, "socket:[%lu]", (unsigned long)st.st_ino);
		printf("socket %d: fstat %s, S_ISSOCK=%d, fd link names its inode: %d\n", i,
		       ok ? "ok" : "failed", ok && S_ISSOCK(st.st_mode), strcmp(link, want) == 0);
	}
	for (int i = 0; i < 3; i++)
		close(fds[i]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	tcp_stream();
	tcp_errors();
	udp();
	unix_stream();
	unix_dgram_and_pairs();
	sockopts();
	socket_inodes();
	printf("done\n");
	return 0;
}
