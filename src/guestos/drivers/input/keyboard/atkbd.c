/* atkbd.c - the PS/2 keyboard behind the 8042 on IRQ 1. The controller translates to scan code
 * set 1 (as firmware leaves it), which this driver turns into what Linux's console keyboard
 * sends with the US keymap: ASCII with Shift, Ctrl and Caps Lock applied, \r for Enter, DEL
 * for Backspace, ESC before a character typed with Alt, and "ESC [ A" and the like for the
 * cursor and editing keys. Each byte goes to tty_insert_key() (linux/console.h). */
#include <linux/console.h>
#include <linux/kernel.h>
#include <asm/io.h>

#define I8042_DATA_REG		0x60
#define I8042_STATUS_REG	0x64
#define I8042_STR_OBF		0x01	/* output buffer full */
#define I8042_STR_AUXDATA	0x20	/* the byte is from the mouse port */

#define SC_RELEASE	0x80
#define SC_E0		0xe0	/* the next code is an extended key */
#define SC_E1		0xe1	/* Pause: five more bytes follow */
#define SC_LCTRL	0x1d
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_LALT		0x38
#define SC_CAPSLOCK	0x3a

/* Keyboard replies that are no key: acknowledge, resend, echo, errors. */
#define ATKBD_RET_ACK		0xfa
#define ATKBD_RET_NAK		0xfe
#define ATKBD_RET_ECHO		0xee
#define ATKBD_RET_ERR		0xff
#define ATKBD_RET_ERR0		0x00

/* Set-1 make codes 0x00-0x39 (and the keypad, 0x47-0x53) on a US keyboard: unshifted and
 * shifted. 0 means the key types nothing by itself. */
static const char keymap_plain[0x54] =
	"\0\033" "1234567890-=" "\177\t"
	"qwertyuiop[]" "\r\0" "asdfghjkl;'`" "\0\\" "zxcvbnm,./" "\0*\0 \0"
	"\0\0\0\0\0\0\0\0\0\0" "\0\0" "789-456+1230.";
static const char keymap_shift[0x54] =
	"\0\033" "!@#$%^&*()_+" "\177\t"
	"QWERTYUIOP{}" "\r\0" "ASDFGHJKL:\"~" "\0|" "ZXCVBNM<>?" "\0*\0 \0"
	"\0\0\0\0\0\0\0\0\0\0" "\0\0" "789-456+1230.";

struct atkbd {
	bool shift_l, shift_r, ctrl, alt, caps_lock;
	bool emul;		/* an 0xE0 prefix came */
	unsigned int skip;	/* bytes of a Pause sequence still to come */
};

static struct atkbd kbd;

static void put_string(const char *s)
{
	while (*s)
		tty_insert_key((unsigned char)*s++);
}

/* Extended keys: the cursor and editing block, keypad Enter and /, right Ctrl and Alt. */
static void atkbd_extended(u8 code, bool down)
{
	static const struct { u8 code; const char *seq; } keys[] = {
		{0x48, "\033[A"}, {0x50, "\033[B"}, {0x4d, "\033[C"}, {0x4b, "\033[D"},
		{0x47, "\033[1~"}, {0x52, "\033[2~"}, {0x53, "\033[3~"}, {0x4f, "\033[4~"},
		{0x49, "\033[5~"}, {0x51, "\033[6~"}, {0x1c, "\r"}, {0x35, "/"},
	};
	if (code == SC_LCTRL) {
		kbd.ctrl = down;
		return;
	}
	if (code == SC_LALT) {
		kbd.alt = down;
		return;
	}
	if (!down)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].code == code)
			put_string(keys[i].seq);
}

static void atkbd_key(u8 code, bool down)
{
	switch (code) {
	case SC_LSHIFT: kbd.shift_l = down; return;
	case SC_RSHIFT: kbd.shift_r = down; return;
	case SC_LCTRL: kbd.ctrl = down; return;
	case SC_LALT: kbd.alt = down; return;
	case SC_CAPSLOCK:
		if (down)
			kbd.caps_lock = !kbd.caps_lock;
		return;
	}
	if (!down || code >= sizeof(keymap_plain))
		return;
	bool shift = kbd.shift_l || kbd.shift_r;
	char c = shift ? keymap_shift[code] : keymap_plain[code];
	if (!c)
		return;
	if (kbd.caps_lock && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c ^= 0x20;
	if (kbd.ctrl && c >= '@' && c <= '~')
		c &= 0x1f;
	if (kbd.alt)
		tty_insert_key('\033');
	tty_insert_key((unsigned char)c);
}

/* One byte from the keyboard. */
static void atkbd_receive(u8 data)
{
	if (kbd.skip) {
		kbd.skip--;
		return;
	}
	switch (data) {
	case SC_E0:
		kbd.emul = true;
		return;
	case SC_E1:
		kbd.skip = 5;
		return;
	case ATKBD_RET_ACK: case ATKBD_RET_NAK: case ATKBD_RET_ECHO:
	case ATKBD_RET_ERR: case ATKBD_RET_ERR0:
		return;
	}
	bool down = !(data & SC_RELEASE);
	u8 code = data & (u8)~SC_RELEASE;
	if (kbd.emul) {
		kbd.emul = false;
		if (code != SC_LSHIFT && code != SC_RSHIFT)	/* fake shifts around PrtSc */
			atkbd_extended(code, down);
		return;
	}
	atkbd_key(code, down);
}

/* IRQ 1: take every byte the controller holds. */
void atkbd_interrupt(void)
{
	u8 status;
	while ((status = inb(I8042_STATUS_REG)) & I8042_STR_OBF) {
		u8 data = inb(I8042_DATA_REG);
		if (!(status & I8042_STR_AUXDATA))
			atkbd_receive(data);
	}
}

/* Before IRQ 1 is unmasked: drop what firmware left in the output buffer. */
void atkbd_init(void)
{
	for (int i = 0; i < 16 && (inb(I8042_STATUS_REG) & I8042_STR_OBF); i++)
		(void)inb(I8042_DATA_REG);
}
