/* rusage - runs a command and reports its peak resident set size.
 *
 * bench/run cannot take ru_maxrss from its own children: a child forked from the Python
 * interpreter starts with the interpreter's resident set, and the high-water mark survives
 * exec, so every figure would read at least Python's size. This small program forks the
 * command from a process a few hundred KiB large and prints, on stderr after the command's own
 * output, "rusage: maxrss_kb N". Its exit status is the command's (128+N after signal N). */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: rusage COMMAND [ARGS...]\n");
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("rusage: exec");
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("rusage: wait4");
		return 2;
	}
	fprintf(stderr, "rusage: maxrss_kb %ld\n", ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
