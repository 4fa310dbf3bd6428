#!/bin/sh
# run.sh - the busybox compatibility suite: each case of cases.txt runs under `lstar run` and
# natively on the host, from identical directories, and must print the same bytes and exit
# with the same status.
#
# usage: run.sh LSTAR [CASE_NAME_PATTERN]
#
# The fixture (fixture.sh) is made on a tmpfs, because the guest's file system reports
# directory sizes and block counts as tmpfs does; every file gets a fixed, old modification
# time, so `ls -l` prints the same dates on both sides. Natively a case runs in a copy of the
# fixture with the environment the guest kernel gives init (HOME=/ TERM=linux, plus TZ=UTC);
# under lstar the fixture is added as /work (the program's directory, hence its working
# directory), with the host's /etc/passwd and /etc/group, so owners print as names on both
# sides. Needs busybox-static (/bin/busybox).
set -u
lstar=$(realpath "$1")
pattern=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
busybox=/bin/busybox

fail() { echo "run.sh: $*"; exit 1; }
[ -x "$busybox" ] || fail "$busybox is missing (apt-get install busybox-static)"
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	fail "$busybox is not statically linked (apt-get install busybox-static)"
[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] || fail "/dev/shm is not a tmpfs"

work=$(mktemp -d /dev/shm/lstar-compat.XXXXXX) || fail "cannot make a directory in /dev/shm"
trap 'rm -rf "$work"' EXIT
sh "$here/fixture.sh" "$work/fixture" "$busybox" || fail "cannot make the fixture"

passed=0 failed=0 failed_names=
# One case: NAME STDIN ARGS (ARGS still quoted as in cases.txt).
run_case() {
	name=$1 input=$2 args=$3
	dir=$work/$name
	cp -a "$work/fixture" "$dir"
	if [ "$input" = - ]; then input=/dev/null; else input=$dir/$input; fi
	# @PORT@: a TCP port of its own for each run, as the host side binds it for real, and a
	# listener's port can stay taken (TIME_WAIT) for a while after the run before.
	args=$(printf '%s' "$args" | sed "s/@PORT@/$((20000 + $$ % 20000))/g")
	set -f
	eval "set -- $args"
	set +f
	(cd "$dir" && timeout 120 "$lstar" run --append TZ=UTC --add .:/work \
		--add /etc/passwd:/etc/passwd --add /etc/group:/etc/group \
		./busybox "$@" < "$input" > "$work/$name.lstar" 2>&1)
	echo "[exit $?]" >> "$work/$name.lstar"
	(cd "$dir" && exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &&
		timeout 60 env -i HOME=/ TERM=linux TZ=UTC ./busybox "$@" < "$input" \
		> "$work/$name.native" 2>&1)
	echo "[exit $?]" >> "$work/$name.native"
	if cmp -s "$work/$name.native" "$work/$name.lstar"; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		echo "FAIL $name: busybox $args"
		diff "$work/$name.native" "$work/$name.lstar" | head -15 | sed 's/^/     /'
	fi
	rm -rf "$dir"
}

while IFS='|' read -r name input args; do
	name=$(echo $name) input=$(echo $input)
	case $name in ''|'#'*) continue ;; esac
	[ -n "$pattern" ] && case $name in $pattern) ;; *) continue ;; esac
	run_case "$name" "$input" "$args"
done < "$here/cases.txt"

echo "compat: $passed passed, $failed failed${failed_names:+:$failed_names}"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
