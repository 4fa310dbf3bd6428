/* echo_keys.c - a guest program for tests/display/keys_test.sh: reads its standard input (the
 * console, fed by the PS/2 keyboard) and prints every byte it gets in hex, one read per line,
 * until a '.' arrives. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	unsigned char buf[64];
	for (;;) {
		ssize_t n = read(0, buf, sizeof(buf));
		if (n <= 0) {
			printf("end of input (%zd)\n", n);
			return 1;
		}
		printf("got:");
		for (ssize_t i = 0; i < n; i++)
			printf(" %02x", buf[i]);
		printf("\n");
		fflush(stdout);
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '.')
				return 0;
	}
}
