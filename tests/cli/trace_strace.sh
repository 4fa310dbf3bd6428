#!/bin/sh
# trace_strace.sh LSTAR PROG CALLS - the syscall trace of PROG under `lstar run --trace=syscall`
# against what `strace -f` prints for PROG run natively on the host, for the calls CALLS (an
# strace -e trace= list, e.g. network,close), line for line.
#
# Normalisation (only what must differ between a host process and the guest):
#   - lstar's "[pid N] " prefix, strace's "PID " prefix (strace -f -o FILE) and lstar's
#     " <N insns>" duration are removed (the pids differ, and strace -T is in seconds);
#   - the spaces strace and lstar pad before " = " are squeezed to one;
#   - nonzero port numbers, htons(N): ephemeral ports are chosen by each kernel;
#   - the pid in socket_demo's abstract AF_UNIX name (lstar-socket-demo.PID);
#   - 64-bit stack addresses 0x7f... (the stacks differ: strace shows an address where it
#     cannot decode the argument, as for setsockopt's optval with optlen 2);
#   - strace's "[ Process PID=N runs in 32 bit mode. ]" note.
set -u
if [ $# -ne 3 ]; then
	echo "usage: trace_strace.sh LSTAR PROG CALLS" >&2
	exit 2
fi
lstar=$1 prog=$2 calls=$3
command -v strace >/dev/null || { echo "FAIL: strace is not installed (make setup installs it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-

normalise() {
	sed -e 's/^\[pid  *[0-9]*\] //' -e 's/^[0-9][0-9]* //' -e 's/ <[0-9]* insns>$//' -e 's/  *= / = /' \
	    -e 's/htons([1-9][0-9]*)/htons(PORT)/g' -e 's/lstar-socket-demo\.[0-9]*/lstar-socket-demo.PID/g' \
	    -e 's/0x7f[0-9a-f]\{8,\}/ADDR/g' \
	    -e '/^\[ Process PID=[0-9]* runs in 32 bit mode. \]$/d'
}

timeout 60 strace -f -o "$work/native.raw" -e trace="$calls" "$prog" </dev/null >/dev/null 2>&1
timeout 300 "$lstar" run --trace=syscall --trace-syscalls="$calls" --trace-out "$work/lstar.raw" "$prog" \
	</dev/null >/dev/null 2>"$work/lstar.err"
normalise <"$work/native.raw" >"$work/native"
normalise <"$work/lstar.raw" >"$work/lstar"
if ! grep -q '(' "$work/lstar"; then
	echo "FAIL: lstar traced no calls"; cat "$work/lstar.err"; exit 1
fi
if ! cmp -s "$work/native" "$work/lstar"; then
	echo "FAIL: the syscall traces differ (strace natively, then lstar):"
	diff -u "$work/native" "$work/lstar" | head -80
	exit 1
fi
echo "PASS: $prog: $(wc -l <"$work/lstar") lines of -e trace=$calls match strace -f"
