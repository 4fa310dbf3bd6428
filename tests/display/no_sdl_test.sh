#!/bin/sh
# no_sdl_test.sh - lstar loads SDL2 only for --display=sdl (dlopen, src/display/sdl_window.cpp):
# when libSDL2-2.0.so.0 cannot be loaded, or is not SDL2, --display=sdl fails with one line on
# stderr and status 1, while runs without a window do not notice.
#
# usage: no_sdl_test.sh LSTAR HELLO CC
#
# The dynamic loader looks in LD_LIBRARY_PATH first, so a directory holding a broken
# libSDL2-2.0.so.0 stands in for a host without SDL2.
set -u
lstar=$1 hello=$2 cc=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# check WANT-STATUS WANT-STDERR ARGS...: that status, that stderr, nothing on stdout.
check() {
	want_status=$1 want_err=$2
	shift 2
	LD_LIBRARY_PATH=$work SDL_VIDEODRIVER=dummy "$lstar" "$@" </dev/null >"$work/out" 2>"$work/err"
	status=$?
	got_err=$(cat "$work/err")
	if [ "$status" = "$want_status" ] && [ "$got_err" = "$want_err" ] && [ ! -s "$work/out" ]; then
		echo "ok   lstar $* -> $status: $got_err"
	else
		echo "FAIL lstar $*"
		echo "  want status $want_status, stderr: $want_err"
		echo "  got  status $status, stderr: $got_err, stdout: $(head -c 200 "$work/out")"
		fail=1
	fi
}

# Not a shared object at all: dlopen itself fails.
: >"$work/libSDL2-2.0.so.0"
check 1 "lstar: --display=sdl: cannot load libSDL2-2.0.so.0: $work/libSDL2-2.0.so.0: file too short" \
	run --display=sdl "$hello"

# Without --display=sdl the library is never loaded: an empty file in its place changes nothing.
if LD_LIBRARY_PATH=$work "$lstar" run "$hello" </dev/null >"$work/out" 2>&1 &&
	grep -q '^hello from' "$work/out"; then
	echo "ok   lstar run $hello with the broken library in LD_LIBRARY_PATH"
else
	echo "FAIL lstar run $hello with the broken library in LD_LIBRARY_PATH:"
	cat "$work/out"
	fail=1
fi
# A real shared object that is not SDL2: the first function lstar looks up is missing.
echo 'int not_sdl(void) { return 0; }' >"$work/not_sdl.c"
if ! "$cc" -shared -fPIC -o "$work/libSDL2-2.0.so.0" "$work/not_sdl.c"; then
	echo "FAIL: cannot build the stand-in library with $cc"
	exit 1
fi
check 1 "lstar: --display=sdl: libSDL2-2.0.so.0 has no SDL_Init" run --display=sdl "$hello"

exit $fail
