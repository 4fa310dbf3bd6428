/* binfmt_elf.c - loading a static ELF program: ELF64 (x86-64) runs in 64-bit mode, ELF32
 * (i386) in compatibility mode. Every header field is checked before anything is mapped, so a
 * malformed file fails with ENOEXEC (bprm->reason says why) and the caller's process goes on.
 * Then the segments are copied into a new address space and the stack is built as Linux's
 * create_elf_tables() does. */
#include <linux/binfmts.h>
#include <linux/elf.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/time.h>
#include <asm/processor.h>

#define MAX_PHNUM 64
#define STACK_SIZE (8UL << 20) /* RLIMIT_STACK */

/* The headers, widened to the 64-bit layout whatever the class. */
struct elf_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHNUM];
	unsigned long load_bias;
};

static int noexec(struct linux_binprm *bprm, const char *reason)
{
	bprm->reason = reason;
	return -ENOEXEC;
}

static int read_headers(struct linux_binprm *bprm, struct elf_image *img)
{
	const u8 *d = bprm->data;
	if (bprm->size < EI_NIDENT || memcmp(d, "\177ELF", 4) != 0)
		return noexec(bprm, "not an ELF file");
	if (d[EI_DATA] != ELFDATA2LSB || d[EI_VERSION] != EV_CURRENT)
		return noexec(bprm, "not a little-endian ELF version 1 file");
	if (d[EI_CLASS] == ELFCLASS64) {
		const Elf64_Ehdr *eh = (const void *)d;
		if (bprm->size < sizeof(*eh))
			return noexec(bprm, "the file is shorter than its ELF header");
		if (eh->e_machine != EM_X86_64)
			return noexec(bprm, "an ELF64 file for another machine than x86-64");
		if (eh->e_phentsize != sizeof(Elf64_Phdr))
			return noexec(bprm, "e_phentsize is not the size of an Elf64_Phdr");
		img->eh = *eh;
	} else if (d[EI_CLASS] == ELFCLASS32) {
		const Elf32_Ehdr *eh = (const void *)d;
		if (bprm->size < sizeof(*eh))
			return noexec(bprm, "the file is shorter than its ELF header");
		if (eh->e_machine != EM_386)
			return noexec(bprm, "an ELF32 file for another machine than i386");
		if (eh->e_phentsize != sizeof(Elf32_Phdr))
			return noexec(bprm, "e_phentsize is not the size of an Elf32_Phdr");
		bprm->ia32 = true;
		img->eh = (Elf64_Ehdr){.e_type = eh->e_type, .e_machine = eh->e_machine,
				       .e_entry = eh->e_entry, .e_phoff = eh->e_phoff,
				       .e_phentsize = eh->e_phentsize, .e_phnum = eh->e_phnum};
	} else {
		return noexec(bprm, "unknown ELF class");
	}
	const Elf64_Ehdr *eh = &img->eh;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return noexec(bprm, "not an executable (e_type is neither ET_EXEC nor ET_DYN)");
	if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
		return noexec(bprm, "no program headers, or more than 64");
	u64 phsize = (u64)eh->e_phnum * eh->e_phentsize;
	if (eh->e_phoff > bprm->size || phsize > bprm->size - eh->e_phoff)
		return noexec(bprm, "the program headers extend past the end of the file");
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const u8 *p = d + eh->e_phoff + (u64)i * eh->e_phentsize;
		if (!bprm->ia32) {
			memcpy(&img->ph[i], p, sizeof(Elf64_Phdr));
			continue;
		}
		Elf32_Phdr ph;
		memcpy(&ph, p, sizeof(ph));
		img->ph[i] = (Elf64_Phdr){ph.p_type, ph.p_flags, ph.p_offset, ph.p_vaddr,
					  ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_align};
	}
	return 0;
}

/* The PT_LOAD segments: inside the file, in address order, not overlapping, below the top of
 * user space and above mmap_min_addr, each with p_vaddr = p_offset modulo the page size. */
static int check_segments(struct linux_binprm *bprm, struct elf_image *img, unsigned long limit)
{
	u64 prev_end = 0;
	unsigned int loads = 0;
	bool entry_ok = false;
	for (unsigned int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->ph[i];
		if (ph->p_type == PT_INTERP)
			return noexec(bprm, "dynamically linked (PT_INTERP); only static programs run");
		if (ph->p_type != PT_LOAD)
			continue;
		loads++;
		if (ph->p_filesz > ph->p_memsz)
			return noexec(bprm, "a segment's p_filesz is larger than its p_memsz");
		if (ph->p_offset > bprm->size || ph->p_filesz > bprm->size - ph->p_offset)
			return noexec(bprm, "a segment extends past the end of the file");
		if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE)
			return noexec(bprm, "a segment's p_vaddr and p_offset differ modulo the page size");
		if (ph->p_memsz == 0)
			continue;
		u64 start = ph->p_vaddr + img->load_bias;
		if (start < img->load_bias || ph->p_memsz > limit || start > limit - ph->p_memsz)
			return noexec(bprm, "a segment lies outside the user address range");
		if (ALIGN_DOWN(start, PAGE_SIZE) < MMAP_MIN_ADDR)
			return noexec(bprm, "a segment lies below mmap_min_addr (64 KiB)");
		if (start < prev_end)
			return noexec(bprm, "segments overlap or are not in address order");
		prev_end = start + ph->p_memsz;
		u64 entry = img->eh.e_entry + img->load_bias;
		if (entry >= start && entry < prev_end)
			entry_ok = true;
	}
	if (!loads)
		return noexec(bprm, "no PT_LOAD segment");
	if (!entry_ok)
		return noexec(bprm, "the entry point is not inside a segment");
	return 0;
}

static unsigned long vm_flags_of(u32 p_flags)
{
	return (p_flags & PF_R ? VM_READ : 0) | (p_flags & PF_W ? VM_WRITE : 0) |
	       (p_flags & PF_X ? VM_EXEC : 0);
}

static int map_segments(struct linux_binprm *bprm, struct elf_image *img)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long brk = 0;
	for (unsigned int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->ph[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		unsigned long vaddr = ph->p_vaddr + img->load_bias;
		unsigned long start = ALIGN_DOWN(vaddr, PAGE_SIZE);
		unsigned long end = PAGE_ALIGN(vaddr + ph->p_memsz);
		/* A page shared with the previous segment is replaced, as MAP_FIXED would. */
		int err = do_munmap(mm, start, end - start);
		if (!err)
			err = insert_vm_area(mm, start, end, vm_flags_of(ph->p_flags));
		/* The file's bytes from the page boundary on; the rest of the memory is zero. */
		if (!err)
			err = copy_to_user_mm(mm, start, bprm->data + ph->p_offset - (vaddr - start),
					      vaddr - start + ph->p_filesz);
		if (err)
			return err;
		if (!mm->start_code)
			mm->start_code = start;
		if (ph->p_flags & PF_X)
			mm->end_code = vaddr + ph->p_filesz;
		else if (!mm->start_data)
			mm->start_data = vaddr, mm->end_data = vaddr + ph->p_filesz;
		brk = max(brk, vaddr + ph->p_memsz);
	}
	mm->start_brk = mm->brk = PAGE_ALIGN(brk);
	return 0;
}

/* Pushes n bytes below *p in the new stack. */
static int stack_push(struct linux_binprm *bprm, unsigned long *p, const void *data, size_t n)
{
	*p -= n;
	return copy_to_user_mm(bprm->mm, *p, data, n);
}

/* Where create_elf_tables() put things. */
struct stack_strings {
	unsigned long *ptrs; /* argv[0..argc) then envp[0..envc) */
	unsigned long execfn, platform, random, p;
};

/* The top of the stack: a zero word, the file name, the environment strings, the argument
 * strings (argv[0] lowest), then, 16-byte aligned, the platform string and 16 random bytes. */
static int copy_strings_to_stack(struct linux_binprm *bprm, struct stack_strings *st)
{
	struct mm_struct *mm = bprm->mm;
	size_t ps = bprm->ia32 ? 4 : 8;
	unsigned long p = mm->task_size - ps;
	int err = stack_push(bprm, &p, bprm->filename, strlen(bprm->filename) + 1);
	st->execfn = p;
	for (int i = bprm->envc - 1; i >= 0 && !err; i--) {
		err = stack_push(bprm, &p, bprm->envp[i], strlen(bprm->envp[i]) + 1);
		st->ptrs[bprm->argc + i] = p;
	}
	mm->env_start = p;
	mm->env_end = st->execfn;
	for (int i = bprm->argc - 1; i >= 0 && !err; i--) {
		err = stack_push(bprm, &p, bprm->argv[i], strlen(bprm->argv[i]) + 1);
		st->ptrs[i] = p;
	}
	mm->arg_start = p;
	mm->arg_end = mm->env_start;
	if (err)
		return err;
	p &= ~15UL;
	const char *plat = bprm->ia32 ? "i686" : "x86_64";
	u8 rand_bytes[16];
	get_random_bytes(rand_bytes, sizeof(rand_bytes));
	err = stack_push(bprm, &p, plat, strlen(plat) + 1);
	st->platform = p;
	if (!err)
		err = stack_push(bprm, &p, rand_bytes, sizeof(rand_bytes));
	st->random = p;
	st->p = p;
	return err;
}

/* AT_PHDR: where the program headers are in memory, as Linux computes it. */
static unsigned long phdr_address(const struct elf_image *img)
{
	for (unsigned int i = 0; i < img->eh.e_phnum; i++)
		if (img->ph[i].p_type == PT_PHDR)
			return img->ph[i].p_vaddr + img->load_bias;
	for (unsigned int i = 0; i < img->eh.e_phnum; i++)
		if (img->ph[i].p_type == PT_LOAD)
			return img->ph[i].p_vaddr - img->ph[i].p_offset + img->eh.e_phoff +
			       img->load_bias;
	return 0;
}

/*
 * The initial stack, as Linux's create_elf_tables(): below the strings, at the final stack
 * pointer (16-byte aligned), argc, argv[], NULL, envp[], NULL and the auxiliary vector ending
 * with AT_NULL. Words are 8 bytes, or 4 for a 32-bit program.
 */
static int create_elf_tables(struct linux_binprm *bprm, struct elf_image *img)
{
	struct stack_strings st = {0};
	size_t ps = bprm->ia32 ? 4 : 8;
	int err;

	st.ptrs = kmalloc((bprm->argc + bprm->envc + 1) * sizeof(unsigned long));
	if (!st.ptrs)
		return -ENOMEM;
	err = copy_strings_to_stack(bprm, &st);
	unsigned long auxv[] = {
		AT_HWCAP, boot_cpu_data.hwcap,
		AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, HZ,
		AT_PHDR, phdr_address(img),
		AT_PHENT, img->eh.e_phentsize,
		AT_PHNUM, img->eh.e_phnum,
		AT_BASE, 0,
		AT_FLAGS, 0,
		AT_ENTRY, img->eh.e_entry + img->load_bias,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
		AT_SECURE, 0,
		AT_RANDOM, st.random,
		AT_HWCAP2, 0,
		AT_EXECFN, st.execfn,
		AT_PLATFORM, st.platform,
		AT_NULL, 0,
	};
	size_t items = 1 + bprm->argc + 1 + bprm->envc + 1 + ARRAY_SIZE(auxv);
	unsigned long sp = (st.p - items * ps) & ~15UL, w = sp;
#define PUSH_WORD(v) do { u64 __v = (v); if (!err) err = copy_to_user_mm(bprm->mm, w, &__v, ps); w += ps; } while (0)
	PUSH_WORD(bprm->argc);
	for (int i = 0; i < bprm->argc; i++)
		PUSH_WORD(st.ptrs[i]);
	PUSH_WORD(0);
	for (int i = 0; i < bprm->envc; i++)
		PUSH_WORD(st.ptrs[bprm->argc + i]);
	PUSH_WORD(0);
	for (size_t i = 0; i < ARRAY_SIZE(auxv); i++)
		PUSH_WORD(auxv[i]);
#undef PUSH_WORD
	bprm->mm->start_stack = sp;
	bprm->sp = sp;
	kfree(st.ptrs);
	return err;
}

/* A static PIE (ET_DYN) is placed by the mmap allocator, as Linux does without an interpreter. */
static int place_dyn(struct linux_binprm *bprm, struct elf_image *img)
{
	u64 lo = ~0ULL, hi = 0;
	for (unsigned int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->ph[i];
		if (ph->p_type == PT_LOAD && ph->p_memsz && ph->p_vaddr < (1ULL << 47) &&
		    ph->p_memsz < (1ULL << 47)) {
			lo = min(lo, ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE));
			hi = max(hi, PAGE_ALIGN(ph->p_vaddr + ph->p_memsz));
		}
	}
	if (lo >= hi)
		return noexec(bprm, "no PT_LOAD segment");
	unsigned long base = get_unmapped_area(bprm->mm, 0, hi - lo);
	if (IS_ERR_VALUE(base))
		return noexec(bprm, "the segments do not fit in the address space");
	img->load_bias = base - lo;
	return 0;
}

int load_elf_binary(struct linux_binprm *bprm)
{
	struct elf_image *img = kzalloc(sizeof(*img));
	int err;
	if (!img)
		return -ENOMEM;
	err = read_headers(bprm, img);
	if (err)
		goto out;
	bprm->mm = mm_alloc(bprm->ia32);
	if (!bprm->mm) {
		err = -ENOMEM;
		goto out;
	}
	if (img->eh.e_type == ET_DYN && (err = place_dyn(bprm, img)))
		goto out;
	unsigned long stack_top = bprm->mm->task_size;
	err = check_segments(bprm, img, stack_top - STACK_SIZE);
	if (!err)
		err = insert_vm_area(bprm->mm, stack_top - STACK_SIZE, stack_top, VM_READ | VM_WRITE);
	if (!err)
		err = map_segments(bprm, img);
	if (!err)
		err = create_elf_tables(bprm, img);
	bprm->entry = img->eh.e_entry + img->load_bias;
out:
	if (err && bprm->mm) {
		mmput(bprm->mm);
		bprm->mm = NULL;
	}
	kfree(img);
	return err;
}
