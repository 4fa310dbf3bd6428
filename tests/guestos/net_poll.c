/* net_poll.c - socket readiness through poll(2) and select(2): the bits each kind of socket
 * shows when fresh, listening, connected, with data, after shutdown, after the peer's close,
 * and after a refused non-blocking connect. One process; every poll has timeout 0. */
#include <poll.h>
#include <stddef.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "net_common.h"

#define ALL (POLLIN | POLLPRI | POLLOUT | POLLRDHUP | POLLRDNORM | POLLWRNORM)

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { fd, ALL, 0 };
	int n = poll(&p, 1, 0);
	printf("%-40s poll %d revents", what, n);
	static const struct { short bit; const char *name; } bits[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" }, { POLLERR, "ERR" },
		{ POLLHUP, "HUP" }, { POLLNVAL, "NVAL" }, { POLLRDNORM, "RDNORM" },
		{ POLLRDBAND, "RDBAND" }, { POLLWRNORM, "WRNORM" }, { POLLWRBAND, "WRBAND" },
		{ POLLRDHUP, "RDHUP" },
	};
	if (!p.revents)
		printf(" 0");
	for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (p.revents & bits[i].bit)
			printf(" %s", bits[i].name);
	printf("\n");
}

static void show_select(const char *what, int fd)
{
	fd_set r, w, e;
	struct timeval tv = { 0, 0 };
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	FD_SET(fd, &e);
	int n = select(fd + 1, &r, &w, &e, &tv);
	printf("%-40s select %d:%s%s%s\n", what, n, FD_ISSET(fd, &r) ? " read" : "",
	       FD_ISSET(fd, &w) ? " write" : "", FD_ISSET(fd, &e) ? " except" : "");
}

static void both(const char *what, int fd)
{
	show_poll(what, fd);
	show_select(what, fd);
}

static struct sockaddr_in tcp_listener(int *fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	bind(*fd, (struct sockaddr *)&a, sizeof a);
	listen(*fd, 4);
	getsockname(*fd, (struct sockaddr *)&a, &len);
	return a;
}

static void tcp(void)
{
	int l, c, s;
	char buf[16];

	printf("-- TCP\n");
	c = socket(AF_INET, SOCK_STREAM, 0);
	both("fresh", c);
	struct sockaddr_in a = tcp_listener(&l);
	both("listening", l);
	connect(c, (struct sockaddr *)&a, sizeof a);
	both("listening, a connection queued", l);
	both("connected client", c);
	s = accept(l, NULL, NULL);
	both("listening, queue empty", l);
	both("accepted", s);
	send(c, "data", 4, 0);
	both("accepted, data waiting", s);
	recv(s, buf, sizeof buf, 0);
	shutdown(c, SHUT_WR);
	both("client after its SHUT_WR", c);
	both("server after the client's SHUT_WR", s);
	shutdown(s, SHUT_RD);
	both("server after SHUT_RD too", s);
	close(s);
	both("client after the server's close", c);
	close(c);

	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof a);
	s = accept(l, NULL, NULL);
	send(c, "unread", 6, 0);
	close(s);
	both("client after a reset", c);
	close(c);

	/* a refused non-blocking connect */
	close(l);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(c, (struct sockaddr *)&a, sizeof a);
	both("refused non-blocking connect", c);
	close(c);
}

static void udp(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	char buf[8];

	printf("-- UDP\n");
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	both("fresh", u);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(u, (struct sockaddr *)&a, sizeof a);
	getsockname(u, (struct sockaddr *)&a, &len);
	sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a);
	both("a datagram to itself", u);
	recv(u, buf, sizeof buf, 0);
	both("read", u);
	shutdown(u, SHUT_RDWR);
	both("after shutdown", u);
	close(u);
}

static void unix_sockets(void)
{
	int sv[2];
	char buf[8];

	printf("-- AF_UNIX\n");
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	both("socketpair", sv[0]);
	write(sv[1], "x", 1);
	both("socketpair, data waiting", sv[0]);
	read(sv[0], buf, sizeof buf);
	shutdown(sv[1], SHUT_WR);
	both("after the peer's SHUT_WR", sv[0]);
	close(sv[1]);
	both("after the peer's close", sv[0]);
	close(sv[0]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	both("dgram socketpair", sv[0]);
	send(sv[1], "x", 1, 0);
	both("dgram socketpair, a datagram", sv[0]);
	close(sv[1]);
	close(sv[0]);

	struct sockaddr_un addr;
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path + 1, "lstar-net-poll");
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 15;
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	both("fresh stream", c);
	bind(l, (struct sockaddr *)&addr, alen);
	listen(l, 2);
	both("listening", l);
	connect(c, (struct sockaddr *)&addr, alen);
	both("listening, a connection queued", l);
	both("connected client", c);
	close(l);
	both("client after the listener's close", c);
	close(c);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	tcp();
	udp();
	unix_sockets();
	printf("done\n");
	return 0;
}
