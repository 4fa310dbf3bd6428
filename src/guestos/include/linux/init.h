/* linux/init.h - kernel command-line parameters.
 *
 *   static int __init set_somaxconn(char *val) { ...; return 1; }
 *   __setup("net.core.somaxconn=", set_somaxconn);
 *
 * registers a handler: for each word of the command line (before `--`) that starts with the
 * string, the handler gets the rest of the word. A string without '=' must match the whole
 * word (and the handler gets ""). The handler returns 1 when it took the word; an unclaimed
 * NAME=VALUE word goes to init's environment, as in Linux. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
};

#define __setup(str, fn)							\
	static const struct obs_kernel_param __setup_##fn			\
	__used __section(".init.setup") __aligned(8) = { str, fn }

/* kernel/params.c */
#define MAX_INIT_ARGS 64
#define MAX_INIT_ENVS 64
extern const char *execute_command;            /* init=, or argv[0] after `--`, or "/init" */
extern const char *argv_init[MAX_INIT_ARGS + 2];
extern const char *envp_init[MAX_INIT_ENVS + 2];
void parse_command_line(char *cmdline);

#endif
