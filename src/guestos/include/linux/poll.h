/* linux/poll.h - readiness for poll(2), select(2) and blocking I/O.
 *
 * A file's ->poll method (struct file_operations) returns the EPOLL* bits that are true now,
 * and calls poll_wait() on every wait queue whose wake-up may change them. poll(2) and
 * select(2) (fs/select.c) call ->poll on each file with a table, sleep until one of those
 * queues is woken or the timeout passes, and ask again. ->poll with a NULL table only asks. */
#ifndef _LINUX_POLL_H
#define _LINUX_POLL_H

#include <linux/wait.h>

typedef unsigned int __poll_t;

#define EPOLLIN     0x0001
#define EPOLLPRI    0x0002
#define EPOLLOUT    0x0004
#define EPOLLERR    0x0008
#define EPOLLHUP    0x0010
#define EPOLLNVAL   0x0020
#define EPOLLRDNORM 0x0040
#define EPOLLRDBAND 0x0080
#define EPOLLWRNORM 0x0100
#define EPOLLWRBAND 0x0200
#define EPOLLRDHUP  0x2000

struct file;
struct poll_table_struct;
typedef struct poll_table_struct poll_table;

/* fs/select.c: registers the caller of poll(2)/select(2) on `q` (no-op when p is NULL). */
void poll_wait(struct file *filp, wait_queue_head_t *q, poll_table *p);

#endif
