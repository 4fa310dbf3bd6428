/* linux/console.h - where console output goes and where console input comes from.
 *
 * Output: every kernel message (printk) and every write to the console tty goes through
 * console_write(), which sends it to COM1 and to the VGA text screen (drivers/video/console).
 * Input: the COM1 driver and the PS/2 keyboard driver (drivers/input/keyboard) hand each
 * received byte to tty_insert_flip_char(), the tty layer's receive path (drivers/tty), which
 * applies the line discipline and wakes readers. Both may be called from interrupt handlers. */
#ifndef _LINUX_CONSOLE_H
#define _LINUX_CONSOLE_H

#include <linux/types.h>

void console_write(const char *s, size_t n);     /* drivers/tty/console.c */
void vgacon_write(const char *s, size_t n);      /* drivers/video/console/vgacon.c */
void tty_insert_flip_char(unsigned char c);      /* drivers/tty */
/* A byte from the keyboard: as tty_insert_flip_char, except that on a console.stream console
 * (no line discipline, hence no ICRNL) Enter's \r arrives as the \n that ends a line. */
void tty_insert_key(unsigned char c);            /* drivers/tty */
/* The PS/2 keyboard (drivers/input/keyboard/atkbd.c): IRQ 1, and the buffer flush before it. */
void atkbd_interrupt(void);
void atkbd_init(void);

#endif
