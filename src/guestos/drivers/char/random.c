/* random.c - getrandom(2) and AT_RANDOM. Not cryptographic: a xoshiro256** generator seeded from
 * the CMOS clock at boot, or from `random.seed=N` on the command line. Under lstar the clock
 * starts at a fixed date, so runs see the same bytes; under QEMU they vary with the host time. */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM   0x0002

static u64 state[4];
static bool seed_given;
static u64 seed_value;

static u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 next(void)
{
	u64 result = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;
	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return result;
}

void rand_initialize(void)
{
	u64 x = seed_given ? seed_value : (u64)boot_time_sec;
	for (int i = 0; i < 4; i++)
		state[i] = splitmix64(&x);
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;
	while (n) {
		u64 v = next();
		size_t k = min(n, sizeof(v));
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}

static int __init random_seed_setup(char *str)
{
	unsigned long v;
	if (kstrtoul(str, 0, &v) == 0) {
		seed_given = true;
		seed_value = v;
	}
	return 1;
}
__setup("random.seed=", random_seed_setup);

SYSCALL_DEFINE3(getrandom, char __user *, buf, size_t, count, unsigned int, flags)
{
	u8 chunk[256];
	size_t done = 0;
	if (flags & ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM))
		return -EINVAL;
	if (count > 0x7fffffff)
		count = 0x7fffffff;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));
		get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return -EFAULT; /* as Linux 5.0, even after a partial copy */
		done += n;
	}
	return (long)done;
}
