/* params.c - the kernel command line (README: "Command line").
 *
 *   KERNEL_IMAGE [PARAM ...] [-- ARGV0 [ARG ...]]
 *
 * The first word is the kernel's own file name, which Multiboot loaders (QEMU, GRUB, lstar)
 * put there. Words are separated by spaces; double quotes group a word with spaces in it, and
 * a backslash takes the next character literally. Words after `--` are init's argv, argv[0]
 * included. */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

extern const struct obs_kernel_param __setup_start[], __setup_end[];

const char *execute_command;
const char *argv_init[MAX_INIT_ARGS + 2];
const char *envp_init[MAX_INIT_ENVS + 2] = {"HOME=/", "TERM=linux"};
static unsigned int argc_init, envc_init = 2;

/* Cuts the next word out of *p in place (quotes and backslashes removed); NULL at the end. */
static char *next_word(char **p)
{
	char *s = *p, *out, *word;
	bool quoted = false;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return NULL;
	word = out = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			*out++ = *++s;
		} else if (*s == '"') {
			quoted = !quoted;
		} else if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n')) {
			s++;
			break;
		} else {
			*out++ = *s;
		}
	}
	*p = s;
	*out = 0;
	return word;
}

static bool do_setup(char *word)
{
	for (const struct obs_kernel_param *p = __setup_start; p < __setup_end; p++) {
		size_t n = strlen(p->str);
		bool prefix = n && p->str[n - 1] == '=';
		if (prefix ? strncmp(word, p->str, n) == 0 : strcmp(word, p->str) == 0) {
			if (p->setup_func(word + n))
				return true;
		}
	}
	return false;
}

void parse_command_line(char *cmdline)
{
	char *p = cmdline, *word;
	bool after_dashes = false;

	next_word(&p); /* the kernel image's name */
	while ((word = next_word(&p))) {
		if (after_dashes) {
			if (argc_init < MAX_INIT_ARGS)
				argv_init[argc_init++] = word;
			else
				pr_warn("Too many init arguments; ignoring \"%s\"\n", word);
		} else if (strcmp(word, "--") == 0) {
			after_dashes = true;
		} else if (!do_setup(word) && strchr(word, '=')) {
			if (envc_init < MAX_INIT_ENVS)
				envp_init[envc_init++] = word;
		}
	}
	if (!execute_command)
		execute_command = argc_init ? argv_init[0] : "/init";
	if (!argc_init)
		argv_init[argc_init++] = execute_command;
}

static int __init init_setup(char *str)
{
	execute_command = str;
	return 1;
}
__setup("init=", init_setup);

static int __init quiet_kernel(char *str)
{
	(void)str;
	console_loglevel = 4;
	return 1;
}
__setup("quiet", quiet_kernel);

static int __init debug_kernel(char *str)
{
	(void)str;
	console_loglevel = 10;
	return 1;
}
__setup("debug", debug_kernel);

static int __init loglevel(char *str)
{
	unsigned long v;
	if (kstrtoul(str, 0, &v) == 0)
		console_loglevel = (int)v;
	return 1;
}
__setup("loglevel=", loglevel);

/* COM1 is the only console; accept the usual spelling. */
static int __init console_setup(char *str)
{
	(void)str;
	return 1;
}
__setup("console=", console_setup);
