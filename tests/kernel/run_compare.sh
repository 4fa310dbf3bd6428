#!/bin/sh
# run_compare.sh LSTAR TESTKERNEL - boot the Multiboot test kernel under QEMU (the reference
# machine) and under `lstar boot`. Passes when
#   1. QEMU's serial transcript equals tests/kernel/expected.txt (the golden file),
#   2. lstar's transcript equals QEMU's, and
#   3. both exit with the same status, the kernel's "all tests passed" status 33.
# run_compare.sh --update-expected TESTKERNEL  rewrites expected.txt from QEMU.
#
# Both machines get the same relative kernel and module names, because QEMU puts the kernel's
# file name at the front of the Multiboot command line and the module's name in its string.
set -u

here=$(cd "$(dirname "$0")" && pwd)
expected="$here/expected.txt"
append="console=ttyS0 lstar.test=1"
pass_status=33 # the kernel writes 0x10 to isa-debug-exit: (0x10 << 1) | 1

update=0
if [ "${1:-}" = "--update-expected" ]; then
	update=1
	shift
	set -- unused "$@"
fi
if [ $# -ne 2 ]; then
	echo "usage: run_compare.sh LSTAR TESTKERNEL | run_compare.sh --update-expected TESTKERNEL" >&2
	exit 2
fi
lstar=$1
kernel=$2

if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	echo "machine_vs_qemu: qemu-system-x86_64 is missing; 'make test' installs it (Debian package qemu-system-x86)"
	exit 1
fi
if [ ! -f "$kernel" ]; then
	echo "machine_vs_qemu: no test kernel at $kernel (build the 'testkernel' target)"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$kernel" "$work/testkernel.elf"
cp "$here/module.txt" "$work/module.txt"
cd "$work" || exit 1

timeout 60 qemu-system-x86_64 -kernel testkernel.elf -append "$append" -initrd module.txt \
	-m 128M -serial stdio -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >qemu.out 2>qemu.err
qemu_status=$?

if [ $update -eq 1 ]; then
	if [ $qemu_status -ne $pass_status ]; then
		echo "machine_vs_qemu: QEMU exited with $qemu_status, not $pass_status; expected.txt left alone"
		cat qemu.out qemu.err
		exit 1
	fi
	cp qemu.out "$expected"
	echo "machine_vs_qemu: wrote $expected ($(qemu-system-x86_64 --version | head -n 1))"
	exit 0
fi

fail=0
if [ $qemu_status -ne $pass_status ]; then
	echo "machine_vs_qemu: QEMU exited with status $qemu_status, expected $pass_status"
	cat qemu.err
	fail=1
fi
if ! diff -u "$expected" qemu.out >golden.diff; then
	echo "machine_vs_qemu: QEMU's transcript differs from tests/kernel/expected.txt"
	echo "  ($(qemu-system-x86_64 --version | head -n 1); if the kernel changed on purpose, run"
	echo "   tests/kernel/run_compare.sh --update-expected build/testkernel.elf)"
	cat golden.diff
	fail=1
fi

timeout 120 "$lstar" boot testkernel.elf --append "$append" --initrd module.txt --mem 128M \
	</dev/null >lstar.out 2>lstar.err
lstar_status=$?

if ! diff -u qemu.out lstar.out >machine.diff; then
	echo "machine_vs_qemu: lstar's serial output differs from QEMU's (--- qemu, +++ lstar)"
	cat machine.diff
	fail=1
fi
if [ $lstar_status -ne $qemu_status ]; then
	echo "machine_vs_qemu: lstar exited with status $lstar_status, QEMU with $qemu_status"
	fail=1
fi
if [ $fail -ne 0 ] && [ -s lstar.err ]; then
	echo "machine_vs_qemu: lstar's stderr (last 20 lines):"
	tail -n 20 lstar.err
fi
[ $fail -eq 0 ] && echo "machine_vs_qemu: lstar and QEMU agree ($(wc -l <qemu.out) lines, status $qemu_status)"
exit $fail
