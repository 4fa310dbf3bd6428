/* execve.c - execve(2) from user space: the failures return an error and the program goes on;
 * the success replaces it (and returns to the new program through IRET, since its RCX no
 * longer matches RIP). Paths are relative, so that it runs natively from the same directory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try_exec(const char *what, const char *path, char **argv, char **envp)
{
	int r = execve(path, argv, envp);
	printf("execve %s: %d %s\n", what, r, strerror(errno));
}

int main(int argc, char **argv, char **envp)
{
	printf("execve: argc=%d argv[0]=%s", argc, argv[0]);
	for (char **e = envp; *e; e++)
		if (strncmp(*e, "EXECVE_TEST=", 12) == 0)
			printf(" %s", *e);
	printf("\n");
	if (argc > 1)
		return 5;
	char *nargv[] = {"second", "x", NULL}, *nenv[] = {"EXECVE_TEST=1", NULL};
	try_exec("a missing file", "nonexistent", nargv, nenv);
	try_exec("a file that is not ELF", "notelf", nargv, nenv);
	try_exec("a bad path pointer", (char *)1, nargv, nenv);
	try_exec("a bad argv pointer", "execve", (char **)(unsigned long)argc, nenv);
	fflush(stdout);
	execve("execve", nargv, nenv);
	return 99;
}
