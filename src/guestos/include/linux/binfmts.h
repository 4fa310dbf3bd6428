/* linux/binfmts.h - what exec hands to a binary loader. */
#ifndef _LINUX_BINFMTS_H
#define _LINUX_BINFMTS_H

#include <linux/mm.h>
#include <linux/types.h>

struct linux_binprm {
	const char *filename;      /* as given: AT_EXECFN, and comm */
	const u8 *data;            /* the whole file, in the initramfs */
	size_t size;
	int argc, envc;
	const char *const *argv;   /* kernel copies */
	const char *const *envp;
	struct mm_struct *mm;      /* the new address space, filled by the loader */
	bool ia32;
	unsigned long entry, sp;   /* where the program starts */
	const char *reason;        /* why the loader refused the file, for the console */
};

/* fs/binfmt_elf.c */
int load_elf_binary(struct linux_binprm *bprm);

/* fs/exec.c */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp,
		  const char **reason);

/* mm/memory.c */
int copy_to_user_mm(struct mm_struct *mm, unsigned long addr, const void *src, size_t len);

#endif
