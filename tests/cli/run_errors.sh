#!/bin/sh
# run_errors.sh LSTAR [HELLO] - `lstar run` rejects what it cannot run with one line on stderr,
# nothing on stdout, and the documented exit status (lstar --help, "run options").
# With HELLO (build/hello), also a program that only the guest kernel's loader refuses.
set -u
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: run_errors.sh LSTAR [HELLO]" >&2
	exit 2
fi
lstar=$1
hello=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

fail=0
# expect STATUS EXPECTED-STDERR-LINE ARGS...: that status and line, and nothing on stdout
# (with ALLOW_STDOUT=1, stdout may hold the guest kernel's own message).
expect() {
	want_status=$1
	want_err=$2
	shift 2
	"$lstar" "$@" </dev/null >out 2>err
	status=$?
	got_err=$(cat err)
	if [ "$status" != "$want_status" ] || [ "$got_err" != "$want_err" ] ||
		{ [ -s out ] && [ "${ALLOW_STDOUT:-0}" != 1 ]; }; then
		echo "FAIL: lstar $*"
		echo "  want status $want_status, stderr: $want_err"
		echo "  got  status $status, stderr: $got_err"
		[ -s out ] && echo "  and stdout: $(head -c 200 out)"
		fail=1
	else
		echo "ok: lstar $* -> $status: $got_err"
	fi
}

printf 'just text\n' >notelf
printf '\177ELF\002\001\001' >short
chmod +x notelf short
mkdir dir
# A 64-bit ELF header for AArch64 (e_machine 183), otherwise plausible.
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\267\000' >arm
head -c 44 /dev/zero >>arm

expect 127 "lstar: ./missing: No such file or directory" run ./missing
expect 127 "lstar: missing/prog: No such file or directory" run missing/prog a b
expect 126 "lstar: ./notelf: not an ELF executable" run ./notelf
expect 126 "lstar: ./short: a truncated ELF file (the header is incomplete)" run ./short
expect 126 "lstar: arm: an ELF file for AArch64; lstar runs x86-64 and i386 programs" run arm
expect 126 "lstar: dir: is a directory" run dir
expect 2 "lstar: unknown option '--bogus' for run (see lstar --help)" run --bogus ./notelf
expect 2 "lstar: run needs a PROG to run (see lstar --help)" run
expect 2 "lstar: --mem needs a value" run --mem
expect 2 "lstar: --mem must be between 1M and 4G, got '9G'" run --mem 9G ./notelf
expect 2 "lstar: --max-insns needs a number, got '12x'" run --max-insns 12x ./notelf
expect 2 "lstar: --append: '--' would end the kernel parameters; put the program's arguments after PROG" \
	run --append "quiet --" ./notelf

if [ -n "$hello" ]; then
	# hello with its entry point (e_entry, at offset 24) moved outside every segment: the host
	# check passes it, the kernel's ELF loader refuses it with ENOEXEC.
	cp "$hello" badentry
	printf '\020\000\000\000\000\000\000\000' | dd of=badentry bs=1 seek=24 conv=notrunc 2>/dev/null
	ALLOW_STDOUT=1
	expect 126 "lstar: ./badentry: the guest kernel cannot execute it: Exec format error" run ./badentry
	ALLOW_STDOUT=0
	grep -q "exec format error" out || { echo "FAIL: the guest kernel did not say why"; fail=1; }
	many=$(seq 1 64 | tr '\n' ' ')
	# shellcheck disable=SC2086
	expect 2 "lstar: too many arguments: the guest kernel takes at most 64 (the program included), got 65" \
		run "$hello" $many
fi
exit $fail
