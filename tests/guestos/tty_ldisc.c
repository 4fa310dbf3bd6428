/* tty_ldisc.c - the console's line discipline as a program sees it: canonical reads with
 * erase, kill and end of file, then raw mode (ICANON and ECHO off, VMIN 1) set with TCSETS.
 * tty_compare.py types the same keys to it on a pseudo-terminal natively (Linux's n_tty) and
 * under `lstar run` (the guest's), and the two transcripts must be the same. Before each read
 * it prints "> ", which tells the driver when to type. */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void say(const char *s)
{
	write(1, s, strlen(s));
}

static void read_and_show(void)
{
	char buf[64], line[256];
	say("> ");
	ssize_t n = read(0, buf, sizeof(buf));
	int len = snprintf(line, sizeof(line), "got %zd:", n);
	for (ssize_t i = 0; i < n; i++)
		len += snprintf(line + len, sizeof(line) - len, " %02x", (unsigned char)buf[i]);
	snprintf(line + len, sizeof(line) - len, "\n");
	say(line);
}

int main(void)
{
	struct termios saved, raw;
	if (tcgetattr(0, &saved) != 0) {
		say("stdin is not a terminal\n");
		return 1;
	}
	say("canonical\n");
	for (int i = 0; i < 5; i++)
		read_and_show();
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	say("raw\n");
	for (int i = 0; i < 3; i++)
		read_and_show();
	tcsetattr(0, TCSANOW, &saved);
	say("done\n");
	return 0;
}
