/* fork.c - making tasks. For now only the first one, init: pid 1, a kernel stack with a guard
 * page, an empty descriptor table that exec fills with the console. */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>

struct task_struct *create_init_task(void)
{
	struct task_struct *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->stack = vmalloc_stack(THREAD_SIZE);
	t->files = files_alloc();
	if (!t->stack || !t->files)
		return NULL;
	t->pid = t->tgid = 1;
	t->thread.sp0 = (unsigned long)t->stack + THREAD_SIZE;
	strlcpy(t->comm, "swapper", sizeof(t->comm));
	return t;
}

/* comm is the last component of the path, cut to 15 characters, as Linux's __set_task_comm. */
void set_task_comm(struct task_struct *t, const char *path)
{
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->comm, base, sizeof(t->comm));
	char *slash = strchr(t->comm, '/');
	if (slash)
		*slash = 0;
}
