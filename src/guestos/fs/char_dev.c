/* char_dev.c - character device numbers and their drivers (register_chrdev). A device node
 * made by mknod or unpacked from the initramfs opens the driver registered for its number. */
#include "internal.h"

#define MAX_CHRDEVS 16

static struct {
	dev_t dev;
	const struct file_operations *fops;
} chrdevs[MAX_CHRDEVS];

void register_chrdev(dev_t dev, const struct file_operations *fops)
{
	for (int i = 0; i < MAX_CHRDEVS; i++) {
		if (!chrdevs[i].fops || chrdevs[i].dev == dev) {
			chrdevs[i].dev = dev;
			chrdevs[i].fops = fops;
			return;
		}
	}
}

const struct file_operations *chrdev_fops(dev_t dev)
{
	for (int i = 0; i < MAX_CHRDEVS && chrdevs[i].fops; i++)
		if (chrdevs[i].dev == dev)
			return chrdevs[i].fops;
	return NULL;
}
