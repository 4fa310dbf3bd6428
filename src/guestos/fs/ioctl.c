/* ioctl.c - ioctl(2): the descriptor-level requests here, everything else to the file. */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>

#define FIONCLEX 0x5450
#define FIOCLEX  0x5451

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct fd f = fdget(fd);
	if (!f.file)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
		set_close_on_exec(fd, true);
		return 0;
	case FIONCLEX:
		set_close_on_exec(fd, false);
		return 0;
	}
	if (!f.file->f_op || !f.file->f_op->unlocked_ioctl)
		return -ENOTTY;
	return f.file->f_op->unlocked_ioctl(f.file, cmd, arg);
}
