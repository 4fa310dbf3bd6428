#!/bin/sh
# keys_test.sh - keys typed with --type reach a guest program's read() through the PS/2
# keyboard (set-1 scan codes on IRQ 1) and the guest kernel's atkbd driver.
#
# usage: keys_test.sh LSTAR ECHO_KEYS
#
# echo_keys prints each read's bytes in hex until a '.' arrives. The expected bytes are the
# typed text itself, with Enter arriving as \r (what a Linux console keyboard sends; a tty with
# ICRNL makes it \n, so either is accepted). The keys go straight to the keyboard
# (--display=none) and through SDL's own event queue under the dummy and offscreen drivers.
# COM1 input is a FIFO this script holds open, so the program never sees end of input.
set -u
lstar=$1 prog=$2
work=$(mktemp -d)
trap 'exec 3>&-; rm -rf "$work"' EXIT
mkfifo "$work/in"
exec 3<>"$work/in"
fail=0
ctrl_a=$(printf '\001')
typed="Hi there,\tA${ctrl_a}~!|{ \"QUOTE\" <tab>\e_+=\n."
# The bytes of the typed text (with the escapes resolved by printf), in hex.
want=$(printf "Hi there,\tA${ctrl_a}~!|{ \"QUOTE\" <tab>\033_+=\r." | od -An -tx1 | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')

for display in none sdl:dummy sdl:offscreen; do
	case $display in
	none) set -- --display=none ;;
	sdl:*) set -- --display=sdl; export SDL_VIDEODRIVER=${display#sdl:} ;;
	esac
	timeout 120 "$lstar" run "$@" --type "$typed" "$prog" <&3 >"$work/out" 2>&1
	status=$?
	got=$(sed -n 's/^got: //p' "$work/out" | tr '\n' ' ' | sed 's/ $//; s/0a/0d/g')
	if [ $status -eq 0 ] && [ "$got" = "$want" ]; then
		echo "ok   --display=$display: the guest read $got"
	else
		echo "FAIL --display=$display (exit status $status):"
		echo "  want: $want"
		echo "  got:  $got"
		cat "$work/out"
		fail=1
	fi
done
exit $fail
