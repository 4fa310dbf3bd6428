/* auxv.c - the initial stack as the kernel built it: the auxiliary vector, argv and envp, the
 * alignment of the stack pointer. Values that differ between machines are printed as checks. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char _start[];
extern const Elf64_Ehdr __ehdr_start;

int main(int argc, char **argv, char **envp)
{
	uintptr_t phdr = (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff;
	printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
	printf("AT_CLKTCK = %lu\n", getauxval(AT_CLKTCK));
	printf("AT_PHENT = %lu\n", getauxval(AT_PHENT));
	printf("AT_PHNUM = e_phnum: %d\n", getauxval(AT_PHNUM) == __ehdr_start.e_phnum);
	printf("AT_PHDR = the program headers: %d\n", getauxval(AT_PHDR) == phdr);
	printf("AT_ENTRY = _start: %d\n", getauxval(AT_ENTRY) == (uintptr_t)_start);
	printf("AT_BASE = %lu\n", getauxval(AT_BASE));
	printf("AT_SECURE = %lu\n", getauxval(AT_SECURE));
	printf("AT_UID/EUID/GID/EGID match: %d\n",
	       getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
	       getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid());
	printf("AT_HWCAP has FPU, TSC, CX8, SSE2: %d\n",
	       (getauxval(AT_HWCAP) & 0x04000111) == 0x04000111);
	printf("AT_PLATFORM = %s\n", (const char *)getauxval(AT_PLATFORM));
	printf("AT_EXECFN = %s\n", (const char *)getauxval(AT_EXECFN));
	const unsigned char *r = (const void *)getauxval(AT_RANDOM);
	printf("AT_RANDOM: 16 bytes on the stack, above argv's strings: %d\n",
	       r && (uintptr_t)r > (uintptr_t)argv[argc - 1]);
	printf("argv[argc] = NULL: %d, envp follows argv: %d\n", argv[argc] == NULL,
	       envp == argv + argc + 1);
	printf("argv strings are contiguous: %d\n",
	       argc < 2 || argv[1] == argv[0] + strlen(argv[0]) + 1);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
