/* socket - the seed notes' path, repeated: socket, bind (port 0: any free port), listen,
 * close, for AF_INET stream sockets on 127.0.0.1. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
	long n = iterations(argc, argv, 100000);
	unsigned long long ok = 0;
	for (long i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0) {
			perror("socket");
			return 1;
		}
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0,
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, 16) == 0)
			ok++;
		close(fd);
	}
	report("socket", ok == (unsigned long long)n);
	return 0;
}
