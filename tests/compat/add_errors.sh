#!/bin/sh
# add_errors.sh LSTAR - what `lstar run --add` refuses, each with one line on stderr and exit
# status 2, and what it accepts: a file at a chosen path, a directory whose program then runs
# in it, and the root directory itself.
set -u
lstar=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
cp /bin/busybox busybox || { echo "add_errors.sh: /bin/busybox is missing (busybox-static)"; exit 1; }
echo text > file
mkfifo fifo
mkdir -p tree/bin && cp busybox tree/bin/ && echo inside > tree/bin/note
fail=0

# refused SPEC EXPECTED_STDERR
refused() {
	"$lstar" run --add "$1" ./busybox true > out 2> err < /dev/null
	status=$?
	if [ $status != 2 ] || [ "$(cat err)" != "$2" ] || [ -s out ]; then
		echo "FAIL --add $1: status $status, stderr '$(cat err)', expected '$2'"
		fail=1
	else
		echo "ok   --add $1"
	fi
}
refused /nonexistent "lstar: --add /nonexistent: No such file or directory"
refused file:/busybox "lstar: --add file:/busybox: cannot go in the initramfs: 'busybox' is already in the archive"
refused :/x "lstar: --add :/x: no host path"
refused fifo "lstar: --add fifo: not a regular file, directory or symbolic link"

# accepted EXPECTED_OUTPUT LSTAR_RUN_ARGS...
accepted() {
	expected=$1
	shift
	got=$("$lstar" run "$@" < /dev/null 2>&1)
	if [ "$got" != "$expected" ]; then
		echo "FAIL lstar run $*: printed '$got', expected '$expected'"
		fail=1
	else
		echo "ok   lstar run $*"
	fi
}
accepted text --add file:/etc/motd ./busybox cat /etc/motd
accepted "inside" --add tree:/opt tree/bin/busybox cat note
accepted "/opt/bin" --add tree:/opt tree/bin/busybox pwd
accepted "$(printf 'bin\ndev\nproc')" --add tree:/ tree/bin/busybox ls /bin/../../bin/..
exit $fail
