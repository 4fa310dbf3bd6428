/* console.c - console output to every console device (linux/console.h). */
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
