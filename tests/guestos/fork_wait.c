/* fork_wait - fork, exit statuses and wait: a small process tree. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	pid_t me = getpid();
	pid_t kids[3];
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] < 0) { perror("fork"); return 1; }
		if (kids[i] == 0) {
			if (getppid() != me) { printf("child %d: wrong parent\n", i); _exit(100); }
			if (i == 2) { /* a grandchild too */
				pid_t g = fork();
				if (g == 0) _exit(7);
				int st;
				if (waitpid(g, &st, 0) != g) _exit(101);
				_exit(WEXITSTATUS(st) + 20);
			}
			_exit(10 + i);
		}
	}
	for (int i = 2; i >= 0; i--) {
		int st;
		pid_t r = waitpid(kids[i], &st, 0);
		printf("child %d: %s, exited=%d status=%d\n", i, r == kids[i] ? "reaped" : "wrong pid",
		       WIFEXITED(st), WEXITSTATUS(st));
	}
	int st;
	printf("no more children: %s\n", wait(&st) < 0 ? "yes" : "no");

	/* An orphan goes to init (here: to us, as init in the guest and as a subreaper on the
	 * host, where PR_SET_CHILD_SUBREAPER does it). */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t mid = fork();
	if (mid == 0) {
		if (fork() == 0) {
			struct timespec t = {0, 100 * 1000 * 1000};
			nanosleep(&t, NULL); /* until its parent has gone */
			_exit(getppid() == me ? 55 : 66);
		}
		_exit(0);
	}
	waitpid(mid, &st, 0);
	pid_t orphan = wait(&st);
	printf("orphan: %s, reparented %s\n", orphan > 0 ? "reaped" : "not found",
	       WEXITSTATUS(st) == 55 ? "to us" : "elsewhere");
	fflush(stdout);
	return 3;
}
