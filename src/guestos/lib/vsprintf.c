/* vsprintf.c - formatted output for printk and friends:
 * %[-0#][width][.prec][hh|h|l|ll|z]{d,i,u,x,X,o,s,c,p} and %%. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>

struct out {
	char *buf;
	size_t size, len; /* len counts every byte, even those that did not fit */
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

struct spec {
	bool left, zero, alt, upper;
	int width, prec, size; /* size: 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void emit_padded(struct out *o, const char *s, size_t n, const char *prefix,
			struct spec *sp)
{
	size_t plen = strlen(prefix);
	int pad = sp->width - (int)(n + plen);
	if (!sp->left && !sp->zero)
		for (; pad > 0; pad--)
			emit(o, ' ');
	while (*prefix)
		emit(o, *prefix++);
	if (!sp->left && sp->zero)
		for (; pad > 0; pad--)
			emit(o, '0');
	for (size_t i = 0; i < n; i++)
		emit(o, s[i]);
	for (; pad > 0; pad--)
		emit(o, ' ');
}

static void emit_number(struct out *o, u64 v, unsigned base, bool negative, struct spec *sp)
{
	const char *digits = sp->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = sizeof(tmp);
	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v);
	while (sp->prec > (int)sizeof(tmp) - n && n > 0)
		tmp[--n] = '0';
	const char *prefix = negative ? "-" : (sp->alt && base == 16) ? (sp->upper ? "0X" : "0x")
			   : (sp->alt && base == 8) ? "0" : "";
	emit_padded(o, tmp + n, sizeof(tmp) - n, prefix, sp);
}

static u64 arg_unsigned(va_list *ap, int size)
{
	switch (size) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static s64 arg_signed(va_list *ap, int size)
{
	switch (size) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	for (;; fmt++) {
		if (*fmt == '-') sp->left = true;
		else if (*fmt == '0') sp->zero = true;
		else if (*fmt == '#') sp->alt = true;
		else break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		sp->width = sp->width * 10 + (*fmt++ - '0');
	sp->prec = -1;
	if (*fmt == '.') {
		fmt++;
		sp->prec = 0;
		if (*fmt == '*') {
			sp->prec = va_arg(*ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp->prec = sp->prec * 10 + (*fmt++ - '0');
	}
	for (;; fmt++) {
		if (*fmt == 'l' || *fmt == 'z') sp->size++;
		else if (*fmt == 'h') sp->size--;
		else break;
	}
	return fmt;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = {buf, size, 0};
	va_list ap;
	va_copy(ap, ap_in);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(&o, *fmt);
			continue;
		}
		struct spec sp = {0};
		fmt = parse_spec(fmt + 1, &sp, &ap);
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 v = arg_signed(&ap, sp.size);
			emit_number(&o, v < 0 ? -(u64)v : (u64)v, 10, v < 0, &sp);
			break;
		}
		case 'u': emit_number(&o, arg_unsigned(&ap, sp.size), 10, false, &sp); break;
		case 'X': sp.upper = true; /* fall through */
		case 'x': emit_number(&o, arg_unsigned(&ap, sp.size), 16, false, &sp); break;
		case 'o': emit_number(&o, arg_unsigned(&ap, sp.size), 8, false, &sp); break;
		case 'p':
			sp.alt = true;
			emit_number(&o, (u64)va_arg(ap, void *), 16, false, &sp);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = sp.prec >= 0 ? strnlen(s, sp.prec) : strlen(s);
			sp.zero = false;
			emit_padded(&o, s, n, "", &sp);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			emit_padded(&o, &c, 1, "", &sp);
			break;
		}
		case '%': emit(&o, '%'); break;
		default: /* unknown: print it as it is */
			emit(&o, '%');
			if (*fmt)
				emit(&o, *fmt);
			else
				fmt--;
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Parses an unsigned number (base 0: 0x.. hex, 0.. octal, else decimal); 0 or -EINVAL. */
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long v = 0;
	if (base == 0) {
		base = 10;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			base = 16, s += 2;
		else if (s[0] == '0' && s[1])
			base = 8, s++;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
		else return -EINVAL;
		if (d >= base)
			return -EINVAL;
		v = v * base + d;
	}
	*res = v;
	return 0;
}
