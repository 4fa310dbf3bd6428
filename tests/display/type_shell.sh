#!/bin/sh
# Keys typed into busybox sh reach it as lines: with stdin and stdout not terminals the guest
# console is a byte stream (console.stream), and Enter must still end the line. The shell runs
# the typed `echo`, then the typed `exit 7`; stdin stays open (sleep) so only the keys can end it.
# usage: type_shell.sh LSTAR BUSYBOX
lstar=$1 busybox=$2
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
sleep 5 | "$lstar" run --type 'echo typed line\nexit 7\n' "$busybox" sh > "$work/out" 2>&1
status=$?
if [ "$status" != 7 ] || ! grep -qx 'typed line' "$work/out"; then
	echo "FAIL: status $status (want 7), output:"; cat "$work/out"; exit 1
fi
echo "PASS: the typed lines ran (exit 7)"
