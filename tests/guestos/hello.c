/* hello.c - a musl static program: prints a greeting and its arguments, and exits with 42 when
 * it has any (so that the exit status is seen to pass through). */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello, world\n");
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return argc > 1 ? 42 : 0;
}
