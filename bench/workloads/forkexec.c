/* forkexec - process creation: fork, exec of this same program as a child that writes one
 * byte into a pipe, the parent reads it and waits. Exits with status 3 when the kernel has no
 * fork or pipe (bench/run then reports the workload as not available). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

#define UNSUPPORTED 3

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		char c = 'x';
		return write(1, &c, 1) == 1 ? 0 : 1;
	}
	long n = iterations(argc, argv, 1000);
	unsigned long long got = 0;
	for (long i = 0; i < n; i++) {
		int p[2];
		if (pipe(p) != 0) {
			fprintf(stderr, "forkexec: pipe: %s\n", strerror(errno));
			return UNSUPPORTED;
		}
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "forkexec: fork: %s\n", strerror(errno));
			return UNSUPPORTED;
		}
		if (pid == 0) {
			dup2(p[1], 1);
			close(p[0]);
			close(p[1]);
			char *args[] = {argv[0], "child", NULL};
			execv(argv[0], args);
			_exit(UNSUPPORTED);
		}
		close(p[1]);
		char c;
		if (read(p[0], &c, 1) == 1 && c == 'x')
			got++;
		close(p[0]);
		int status;
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "forkexec: the child failed\n");
			return UNSUPPORTED;
		}
	}
	report("forkexec", got == (unsigned long long)n);
	return 0;
}
