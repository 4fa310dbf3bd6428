#!/bin/sh
# run_compare.sh LSTAR PROG [ARGS...] - run PROG natively and under `lstar run`, and pass when
# both print the same on stdout and exit with the same status. Both runs get the same
# arguments, the same empty stdin and only fds 0-2, so that fd numbers match the guest's.
# With STDIN=TEXT in the environment, both runs read TEXT on stdin instead.
set -u
if [ $# -lt 2 ]; then
	echo "usage: run_compare.sh LSTAR PROG [ARGS...]" >&2
	exit 2
fi
lstar=$1
shift

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s' "${STDIN:-}" >"$work/stdin"

# Close what a test driver may have left open (make's jobserver, ctest's pipes).
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-

timeout 60 "$@" <"$work/stdin" >"$work/native.out" 2>"$work/native.err"
native=$?
timeout 300 "$lstar" run "$@" <"$work/stdin" >"$work/lstar.out" 2>"$work/lstar.err"
emulated=$?

fail=0
if ! cmp -s "$work/native.out" "$work/lstar.out"; then
	echo "FAIL: stdout differs (native, then lstar run):"
	diff -u "$work/native.out" "$work/lstar.out" | head -60
	fail=1
fi
if [ "$native" != "$emulated" ]; then
	echo "FAIL: exit status $native natively, $emulated under lstar run"
	fail=1
fi
if [ $fail = 0 ]; then
	echo "PASS: $* prints the same $(wc -l <"$work/native.out") lines and exits with $native, natively and under lstar run"
else
	echo "--- lstar run stderr:"
	head -20 "$work/lstar.err"
fi
exit $fail
