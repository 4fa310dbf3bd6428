/* replyhi.c - the seed notes' socket demo: a server that answers "hi" to a client's "hello".
 *
 *   replyhi          the server and the client are two processes (fork): the server does
 *                    socket, bind, listen, accept, recv, then send "hi"; the client does
 *                    socket, connect, send "hello", recv, and prints the reply.
 *   replyhi single   the same calls in one process: the client's connect is non-blocking
 *                    (EINPROGRESS), so the server can accept it, and every recv finds its
 *                    data already there. This runs on a kernel without fork.
 *
 * The output is the same natively and under `lstar run`: the server prints what it got before
 * it answers, and the client prints only after the answer has come, so the lines of the two
 * processes always come in this order. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define PORT        5001
#define IP_ADDR     "127.0.0.1"
#define MAX_BUF_LEN 1024

static void die(const char *what)
{
	printf("replyhi: %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct sockaddr_in server_address(void)
{
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(PORT);
	addr.sin_addr.s_addr = inet_addr(IP_ADDR);
	return addr;
}

/* socket, bind, listen: the calls the seed notes follow into the kernel. */
static int server_listen(void)
{
	struct sockaddr_in addr = server_address();
	int one = 1;
	int fd = socket(PF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	/* a previous run's connection may still hold the port in TIME_WAIT on a real host */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
		die("bind");
	if (listen(fd, 5) < 0)
		die("listen");
	printf("server: listening on %s:%d\n", IP_ADDR, PORT);
	return fd;
}

/* accept, recv "hello", send "hi" */
static void server_reply(int listen_fd)
{
	char buf[MAX_BUF_LEN];
	int fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		die("accept");
	ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
	if (n < 0)
		die("recv");
	buf[n] = 0;
	printf("server: received \"%s\"\n", buf);
	if (send(fd, "hi", 2, 0) != 2)
		die("send");
	close(fd);
}

static int client_connect(int flags)
{
	struct sockaddr_in addr = server_address();
	int fd = socket(PF_INET, SOCK_STREAM | flags, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS)
		die("connect");
	return fd;
}

/* send "hello", recv the reply */
static void client_talk(int fd)
{
	char buf[MAX_BUF_LEN];
	if (send(fd, "hello", 5, 0) != 5)
		die("send");
	ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
	if (n < 0)
		die("recv");
	buf[n] = 0;
	printf("client: received \"%s\"\n", buf);
	close(fd);
}

static int two_processes(void)
{
	int listen_fd = server_listen(), status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(listen_fd);
		client_talk(client_connect(0));
		return 0;
	}
	server_reply(listen_fd);
	close(listen_fd);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	printf("server: the client exited with status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static int one_process(void)
{
	int listen_fd = server_listen();
	int fd = client_connect(SOCK_NONBLOCK);
	int flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	if (send(fd, "hello", 5, 0) != 5)
		die("send");
	server_reply(listen_fd);
	close(listen_fd);
	char buf[MAX_BUF_LEN];
	ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
	if (n < 0)
		die("recv");
	buf[n] = 0;
	printf("client: received \"%s\"\n", buf);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "single"))) {
		fprintf(stderr, "usage: replyhi [single]\n");
		return 2;
	}
	return argc == 2 ? one_process() : two_processes();
}
