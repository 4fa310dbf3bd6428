/* threads - pthread_create and join, a mutex, a condition variable and a raw futex. */
#include <limits.h>
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sched.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define NTHREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int queue[8], head, tail, done;
static int word;

static void *adder(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		long v = counter;
		if ((i & 1023) == 0)
			sched_yield(); /* let another thread find the mutex taken */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return (void *)((long)arg * 10);
}

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= 100; i++) {
		pthread_mutex_lock(&lock);
		while (tail - head == 8)
			pthread_cond_wait(&cond, &lock);
		queue[tail++ % 8] = i;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	done = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *futex_waker(void *arg)
{
	(void)arg;
	usleep(20000);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	long n = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	return (void *)n;
}

static void *exec_hello(void *arg)
{
	(void)arg;
	char *argv[] = {"./hello", "from", "a thread", NULL};
	execve("./hello", argv, (char *[]){NULL});
	return NULL;
}

/* execve from a second thread: the other threads go, the program is replaced. */
static void exec_from_thread(void)
{
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		pthread_create(&t, NULL, exec_hello, NULL);
		for (;;)
			pause();
	}
	int st;
	waitpid(c, &st, 0);
	printf("execve from a thread: exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pthread_t t[NTHREADS];
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, adder, (void *)i);
	long sum = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("mutex: counter %ld (expected %d), join results sum %ld\n", counter,
	       NTHREADS * ROUNDS, sum);

	pthread_t p;
	pthread_create(&p, NULL, producer, NULL);
	long total = 0;
	int items = 0;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (head == tail && !done)
			pthread_cond_wait(&cond, &lock);
		if (head == tail && done)
			break;
		total += queue[head++ % 8];
		items++;
		pthread_cond_broadcast(&cond);
	}
	pthread_mutex_unlock(&lock);
	pthread_join(p, NULL);
	printf("condition variable: %d items, sum %ld\n", items, total);

	pthread_t w;
	pthread_create(&w, NULL, futex_waker, NULL);
	while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	void *woken;
	pthread_join(w, &woken);
	printf("futex: word %d, the waker's FUTEX_WAKE returned %s\n", word,
	       (long)woken <= 1 ? "0 or 1" : "more");
	struct timespec ts = {0, 30 * 1000 * 1000};
	long r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0);
	printf("futex wait with timeout: %ld (%s)\n", r, r < 0 ? "timed out" : "?");
	printf("threads of this process: pid %s tid\n", getpid() == syscall(SYS_gettid) ? "==" : "!=");
	exec_from_thread();
	return 0;
}
