/* main.c - start_kernel(): bring the machine up, then run init, the program named on the
 * command line, as pid 1. When it exits, the machine exits with its status. */
#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/serial.h>
#include <linux/string.h>
#include <linux/time.h>
#include <asm/bootparam.h>
#include <asm/msr.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>

void setup_arch(void);
void print_memory_map(void);
void init_mem_mapping(void);
void chr_dev_init(void);

static const char linux_banner[] =
	"Linux version 5.0.0-lstar (guestos, the lstar guest kernel) #1 SMP\n";

/* Descriptors 0, 1 and 2 of init: the console, as Linux's console_on_rootfs(). */
static void console_on_rootfs(void)
{
	struct file *f = console_file();
	if (IS_ERR(f))
		panic("cannot open the console");
	for (int fd = 0; fd < 3; fd++) {
		get_unused_fd_flags(0);
		fd_install(fd, fd ? get_file(f) : f);
	}
}

/* Runs on init's own kernel stack (the top of which holds its pt_regs). */
static void __noreturn kernel_init(void)
{
	const char *reason;
	console_on_rootfs();
	pr_info("Run %s as init process\n", execute_command);
	int err = kernel_execve(execute_command, argv_init, envp_init, &reason);
	if (err) {
		pr_err("guestos: cannot run %s: %s%s%s\n", execute_command,
		       err == -ENOEXEC ? "exec format error" : err == -ENOENT ?
		       "no such file in the initramfs" : err == -EACCES ?
		       "not an executable file" : errname(err),
		       reason ? ": " : "", reason ? reason : "");
		machine_exit(MACHINE_EXIT_EXEC_FAILED + (u32)-err);
	}
	ret_to_user(task_pt_regs(current));
}

static char saved_command_line[sizeof(boot_params.cmdline)];

void start_kernel(void)
{
	serial_init();
	setup_arch();
	strlcpy(saved_command_line, boot_params.cmdline, sizeof(saved_command_line));
	parse_command_line(boot_params.cmdline); /* cuts it into words */
	pr_info("%s", linux_banner);
	pr_info("Command line: %s\n", saved_command_line);
	print_memory_map();

	init_mem_mapping();
	mem_init();
	vfs_caches_init();
	sock_init();
	paging_init();
	cpu_init();
	init_8259A();
	time_init();
	rand_initialize();
	chr_dev_init();
	populate_rootfs();

	struct task_struct *init = create_init_task();
	if (!init)
		panic("out of memory for init");
	cpu_pcpu.current_task = init;
	sched_init(init); /* the idle task, and init on the run queue */
	load_sp0(init->thread.sp0);
	call_on_stack((unsigned long)task_pt_regs(init), kernel_init);
}
