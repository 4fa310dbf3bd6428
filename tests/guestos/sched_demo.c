/* sched_demo - nanosleep ordering, preemption of CPU-bound processes, vfork and execve from a
 * child, process groups and sessions. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
	nanosleep(&t, NULL);
}

/* Children sleep 300, 200 and 100 ms: they end in the opposite order of their creation. */
static void sleep_order(void)
{
	pid_t kids[3];
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			sleep_ms(300 - 100 * i);
			_exit(i);
		}
	}
	printf("nanosleep order:");
	for (int i = 0; i < 3; i++) {
		int st;
		pid_t r = wait(&st);
		printf(" %d%s", WEXITSTATUS(st), r == kids[WEXITSTATUS(st)] ? "" : "?");
	}
	printf("\n");
}

/* Two processes spin, each until it has seen the other one make progress: without preemption
 * the first one to run would spin for ever. */
static void preemption(void)
{
	volatile long *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				     -1, 0);
	pid_t c = fork();
	if (c == 0) {
		while (shared[0] < 1000000 || shared[1] < 1000000)
			if (shared[0] < 1000000)
				shared[0]++;
		_exit(0);
	}
	while (shared[0] < 1000000 || shared[1] < 1000000)
		if (shared[1] < 1000000)
			shared[1]++;
	int st;
	waitpid(c, &st, 0);
	printf("preemption: both processes made progress (child exited %d)\n", WEXITSTATUS(st));
}

static void vfork_exec(void)
{
	pid_t c = vfork();
	if (c == 0) {
		char *argv[] = {"./hello", "from", "a child", NULL};
		execve("./hello", argv, (char *[]){NULL});
		_exit(127);
	}
	int st;
	waitpid(c, &st, 0);
	printf("vfork+execve: hello exited with %d\n", WEXITSTATUS(st));
	c = fork();
	if (c == 0) {
		execve("./missing", (char *[]){"./missing", NULL}, (char *[]){NULL});
		_exit(99);
	}
	waitpid(c, &st, 0);
	printf("fork+execve of a missing file: the child went on and exited with %d\n",
	       WEXITSTATUS(st));
}

static void groups(void)
{
	pid_t c = fork();
	if (c == 0) {
		pid_t me = getpid();
		int ok = getpgrp() != me;
		ok &= setpgid(0, 0) == 0 && getpgrp() == me;
		ok &= setsid() < 0;                       /* leads a group already */
		_exit(ok);
	}
	int st;
	waitpid(c, &st, 0);
	printf("setpgid in a child: %s\n", WEXITSTATUS(st) ? "ok" : "wrong");
	c = fork();
	if (c == 0) {
		pid_t me = getpid();
		_exit(setsid() == me && getsid(0) == me && getpgrp() == me);
	}
	waitpid(c, &st, 0);
	printf("setsid in a child: %s\n", WEXITSTATUS(st) ? "ok" : "wrong");

	/* kill(0, sig) reaches the whole process group, and only it. */
	c = fork();
	if (c == 0) {
		setpgid(0, 0);
		pid_t g = fork();
		if (g == 0) {
			for (;;)
				pause();
		}
		sleep_ms(50);
		signal(SIGTERM, SIG_IGN);
		kill(0, SIGTERM);
		int gst;
		waitpid(g, &gst, 0);
		_exit(WIFSIGNALED(gst) ? WTERMSIG(gst) : 0);
	}
	waitpid(c, &st, 0);
	printf("kill(0, SIGTERM) in a new group: the grandchild got signal %d\n", WEXITSTATUS(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	sleep_order();
	preemption();
	vfork_exec();
	groups();
	return 0;
}
