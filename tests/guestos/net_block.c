/* net_block.c - blocking socket calls between two processes (fork): accept waits for a
 * connect, recv and MSG_WAITALL wait for data, send waits for room, poll waits for readiness,
 * connect to a full AF_UNIX backlog waits for accept, and a write to a closed peer raises
 * SIGPIPE. Each step prints only after the event it waits for, so the order of lines is fixed. */
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "net_common.h"

static void wait_child(pid_t pid)
{
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("child killed by signal %d\n", WTERMSIG(status));
	else
		printf("child exited with %d\n", WEXITSTATUS(status));
}

static void tcp_blocking(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	char buf[64];

	printf("-- TCP: accept, recv and MSG_WAITALL wait\n");
	int l = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &len);
	pid_t pid = fork();
	if (pid == 0) {
		close(l);
		int c = socket(AF_INET, SOCK_STREAM, 0);
		connect(c, (struct sockaddr *)&a, sizeof a);
		/* pieces that MSG_WAITALL puts together */
		for (int i = 0; i < 4; i++) {
			send(c, "abcd", 4, 0);
			sched_yield();
		}
		recv(c, buf, 1, 0); /* the parent's go */
		send(c, "last", 4, 0);
		close(c);
		_exit(3);
	}
	int s = accept(l, NULL, NULL);
	printf("accept: %s\n", s >= 0 ? "a socket" : errno_name(errno));
	long n = show("recv MSG_WAITALL 16", recv(s, buf, 16, MSG_WAITALL));
	printf("got: %.*s\n", (int)n, buf);
	send(s, "g", 1, 0);
	n = show("recv", recv(s, buf, sizeof buf, 0));
	printf("got: %.*s\n", (int)n, buf);
	show("recv at EOF", recv(s, buf, sizeof buf, 0));
	wait_child(pid);
	close(s);
	close(l);
}

static void send_waits_for_room(void)
{
	int sv[2];
	static char chunk[65536];

	printf("-- send waits for room\n");
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		long total = 0, r;
		sched_yield();
		while ((r = read(sv[1], chunk, sizeof chunk)) > 0)
			total += r;
		printf("child read %ld bytes\n", total);
		_exit(0);
	}
	close(sv[1]);
	long sent = 0;
	for (int i = 0; i < 32; i++) /* 2 MiB: more than any socket buffer holds */
		sent += write(sv[0], chunk, sizeof chunk);
	printf("parent sent %ld bytes\n", sent);
	close(sv[0]);
	wait_child(pid);
}

static void poll_waits(void)
{
	int sv[2];
	char buf[8];

	printf("-- poll waits\n");
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pid_t pid = fork();
	if (pid == 0) {
		sched_yield();
		send(sv[1], "wake", 4, 0);
		_exit(0);
	}
	struct pollfd p = { sv[0], POLLIN, 0 };
	show("poll", poll(&p, 1, -1));
	printf("revents %#x\n", p.revents);
	long n = show("recv", recv(sv[0], buf, sizeof buf, 0));
	printf("got: %.*s\n", (int)n, buf);
	wait_child(pid);
	close(sv[0]);
	close(sv[1]);
}

static void unix_connect_waits(void)
{
	struct sockaddr_un addr;
	char buf[8];

	printf("-- AF_UNIX connect waits for room in the backlog\n");
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path + 1, "lstar-net-block");
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 16;
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&addr, alen);
	listen(l, 0);
	int first = socket(AF_UNIX, SOCK_STREAM, 0);
	show("first connect", connect(first, (struct sockaddr *)&addr, alen));
	pid_t pid = fork();
	if (pid == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		int r = connect(c, (struct sockaddr *)&addr, alen); /* waits: the queue is full */
		send(c, r == 0 ? "ok" : "no", 2, 0);
		_exit(0);
	}
	sched_yield();
	int s1 = accept(l, NULL, NULL);
	int s2 = accept(l, NULL, NULL);
	long n = show("recv from the second", recv(s2, buf, sizeof buf, 0));
	printf("got: %.*s\n", (int)n, buf);
	wait_child(pid);
	close(s1);
	close(s2);
	close(first);
	close(l);
}

static void sigpipe(void)
{
	int sv[2];

	printf("-- SIGPIPE\n");
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	pid_t pid = fork();
	if (pid == 0) {
		send(sv[0], "x", 1, 0); /* no MSG_NOSIGNAL: the default action ends the process */
		_exit(0);
	}
	wait_child(pid);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		show("ignored: send", send(sv[0], "x", 1, 0));
		show("MSG_NOSIGNAL: send", send(sv[0], "x", 1, MSG_NOSIGNAL));
		_exit(0);
	}
	wait_child(pid);
	close(sv[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	tcp_blocking();
	send_waits_for_room();
	poll_waits();
	unix_connect_waits();
	sigpipe();
	printf("done\n");
	return 0;
}
