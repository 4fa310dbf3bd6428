#!/bin/sh
# render_test.sh - screenshots of known guest screens, checked by render_check.py.
#
# usage: render_test.sh kernel LSTAR VGA_KERNEL_ELF FONT...
#        render_test.sh vgacon LSTAR COLORS_PROGRAM FONT...
set -u
mode=$1 lstar=$2 guest=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# check NAME MODE PNG: render_check.py must accept PNG as MODE's screen.
fonts="$*"
check() {
	# shellcheck disable=SC2086
	if ! python3 "$here/render_check.py" "$3" "$2" $fonts >"$work/out" 2>&1; then
		echo "FAIL $1:"; cat "$work/out"; fail=1; return
	fi
	echo "ok   $1: $(cat "$work/out")"
}
# The tEXt chunk lstar-icount of a PNG.
icount_of() {
	python3 -c 'import sys, re; d = open(sys.argv[1], "rb").read(); print(re.search(rb"lstar-icount\0(\d+)", d).group(1).decode())' "$1"
}

case $mode in
kernel)
	"$lstar" boot "$guest" --screenshot "$work/a.png" 2>/dev/null
	check "boot: every character and attribute, blink shown, cursor shown" kernel "$work/a.png"
	"$lstar" boot "$guest" --append noblink --screenshot "$work/b.png" 2>/dev/null
	check "boot: blink off (bright backgrounds)" kernel-noblink "$work/b.png"
	# 300M instructions are 300 ms of virtual time: VGA frame 21, where blinking characters
	# are hidden and the cursor shows.
	"$lstar" boot "$guest" --append spin=60000000 --screenshot "$work/c.png" --screenshot-at 300000000 2>/dev/null
	check "boot: --screenshot-at 300000000, blink hidden" kernel "$work/c.png"
	at=$(icount_of "$work/c.png")
	if [ "$at" = 300000000 ]; then echo "ok   the screenshot was taken at instruction $at"
	else echo "FAIL the screenshot was taken at instruction $at, not 300000000"; fail=1; fi
	# The same image on the window's path: SDL must not change the pixels.
	SDL_VIDEODRIVER=dummy "$lstar" boot "$guest" --display=sdl --screenshot "$work/d.png" 2>/dev/null
	check "boot --display=sdl (dummy driver)" kernel "$work/d.png"
	;;
vgacon)
	"$guest" > "$work/native.txt"
	"$lstar" run --screenshot "$work/a.png" "$guest" > "$work/serial.txt" </dev/null
	check "run: the guest kernel's VGA console" colors "$work/a.png"
	if cmp -s "$work/native.txt" "$work/serial.txt"; then echo "ok   COM1 carries exactly the native output"
	else echo "FAIL COM1 differs from the native output:"; diff "$work/native.txt" "$work/serial.txt"; fail=1; fi
	SDL_VIDEODRIVER=offscreen "$lstar" run --display=sdl --screenshot "$work/b.png" "$guest" > /dev/null </dev/null
	check "run --display=sdl (offscreen driver)" colors "$work/b.png"
	;;
*)
	echo "render_test.sh: unknown mode $mode"; exit 2 ;;
esac
exit $fail
