/* printk.c - kernel messages, to COM1. A message may start with a KERN_* level; it reaches the
 * console when its level is below console_loglevel (7, or 4 with `quiet` on the command line,
 * as in Linux: then only errors show). There is no log buffer (no dmesg), so a message the
 * console does not take is not even formatted: with `quiet` that is every boot message. */
#include <linux/kernel.h>
#include <linux/console.h>

int console_loglevel = 7;
#define DEFAULT_MESSAGE_LOGLEVEL 4

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int level = DEFAULT_MESSAGE_LOGLEVEL;
	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	if (level >= console_loglevel)
		return 0; /* nothing was printed */
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
