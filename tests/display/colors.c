/* colors.c - a guest program for tests/display: prints text with ANSI colour escapes, control
 * characters and CP437 bytes, which the guest kernel's VGA console (vgacon.c) must put on the
 * screen as render_check.py's "colors" mode expects. */
#include <stdio.h>

int main(void)
{
	fputs("plain text\n", stdout);
	fputs("\033[31mred\033[0m \033[1;32mbright green\033[0m \033[33;44mbrown on blue\033[0m "
	      "\033[7mreverse\033[m\n", stdout);
	fputs("tab\tend\n", stdout);
	fputs("back\bX\n", stdout);
	fputs("\xc9\xcd\xcd\xbb\x01\xb0\xdb\n", stdout); /* 0x01: a control code, not shown */
	fputs("\033[5;97mblink\033[0m\n", stdout);
	fputs("erased tail\033[5D\033[K\n", stdout);
	return 0;
}
