/* linux/serial.h - the 16550 UART on COM1 (drivers/tty/serial.c): the console. */
#ifndef _LINUX_SERIAL_H
#define _LINUX_SERIAL_H

#include <linux/types.h>

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);
/* A received byte (0-255), -1 when none is waiting, or SERIAL_EOF when the line reports a
 * break with no data: the host's end of input (README: "Console"). */
#define SERIAL_EOF (-2)
int serial_getc(void);
void serial_irq(void); /* IRQ 4: received bytes to the tty layer */

#endif
