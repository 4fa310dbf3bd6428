/* console.c - console output to every console device, and a stand-in for the tty layer's
 * receive path (linux/console.h). */
#include <linux/console.h>
#include <linux/serial.h>

/* The VGA text console, when it is built in (drivers/video/console/vgacon.c). */
__attribute__((weak)) void vgacon_write(const char *s, size_t n)
{
	(void)s, (void)n;
}

void console_write(const char *s, size_t n)
{
	serial_write(s, n);
	vgacon_write(s, n);
}

/*
 * Until the tty layer has a receive path of its own (a strong tty_insert_flip_char in
 * drivers/tty), keyboard input waits here, and serial_getc() hands it out before COM1's.
 * One producer (IRQ 1) and one consumer on one CPU: the indexes need no lock. When the
 * buffer is full, new bytes are dropped, as a full tty flip buffer drops them.
 */
#define FALLBACK_SIZE 256
static unsigned char fallback_buf[FALLBACK_SIZE];
static volatile unsigned int fallback_head, fallback_tail;

__attribute__((weak)) void tty_insert_flip_char(unsigned char c)
{
	if (fallback_head - fallback_tail == FALLBACK_SIZE)
		return;
	fallback_buf[fallback_head % FALLBACK_SIZE] = c;
	fallback_head++;
}

int console_fallback_getc(void)
{
	if (fallback_tail == fallback_head)
		return -1;
	int c = fallback_buf[fallback_tail % FALLBACK_SIZE];
	fallback_tail++;
	return c;
}
