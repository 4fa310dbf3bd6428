#!/bin/sh
# gdb_session.sh SCENARIO LSTAR GDB PYTHON3 - the gdb stub against Debian's gdb (tests/debug/
# gdb.cmake lists the scenarios). Run in the build directory: it uses guestos64.elf,
# socket_demo and gdb_spin from there. Expected values come from outside the stub: the
# program's own output when run natively, nm and readelf on the kernel image.
set -u
scenario=$1 lstar=$2 gdb=$3 py=$4
if [ ! -x "$gdb" ]; then
	echo "FAIL: gdb is needed (Debian package gdb; make setup installs it)"
	exit 1
fi
if [ ! -x "$py" ]; then
	echo "FAIL: python3 is needed"
	exit 1
fi

# Close what a test driver may have left open, so the guest's fd numbers match a native run.
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
tmp=$(mktemp -d)
lstar_pid=
cleanup() {
	if [ -n "$lstar_pid" ] && kill -0 "$lstar_pid" 2>/dev/null; then kill "$lstar_pid"; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "FAIL [$scenario]: $*"
	for f in gdb err; do
		[ -f "$tmp/$f" ] && { echo "--- $f:"; tail -60 "$tmp/$f" | cut -c1-200; }
	done
	exit 1
}

# lstar run --gdb=PORT ARGS... in the background, once its "waiting for gdb" line is out.
start_lstar() {
	port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$lstar" run --gdb="$port" "$@" </dev/null >"$tmp/out" 2>"$tmp/err" &
	lstar_pid=$!
	n=0
	until grep -q "waiting for gdb on 127.0.0.1:$port (target remote :$port)" "$tmp/err"; do
		n=$((n + 1))
		[ $n -gt 200 ] && fail "lstar is not waiting for gdb on port $port"
		kill -0 "$lstar_pid" 2>/dev/null || fail "lstar exited before gdb came"
		sleep 0.05
	done
}
# Waits for lstar (at most 60 s) and sets rc to its exit status.
wait_lstar() {
	n=0
	while kill -0 "$lstar_pid" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 600 ] && fail "lstar is still running after gdb finished"
		sleep 0.1
	done
	wait "$lstar_pid"
	rc=$?
	lstar_pid=
}
run_gdb() { timeout 240 "$gdb" -nx -batch "$@" >"$tmp/gdb" 2>&1; }
expect() { grep -qE -- "$1" "$tmp/gdb" || fail "gdb did not print /$1/"; }
expect_rc() { [ "$rc" = "$1" ] || fail "lstar exited with $rc, not $1"; }
# The first line of the native run of socket_demo that starts with $1, e.g. "bind(3, ".
native_line() { grep -m1 "^$1" "$tmp/native"; }
symbol() { nm guestos64.elf | awk -v s="$1" '$3 == s { print $1 }'; }

case $scenario in
seed_session)
	./socket_demo >"$tmp/native" </dev/null 2>&1
	start_lstar ./socket_demo
	run_gdb guestos64.elf -ex "target remote :$port" \
		-ex 'break __sys_socket' -ex 'break __sys_bind' -ex 'break __sys_listen' \
		-ex c -ex 'delete 1' -ex c -ex bt -ex 'info registers rdi rsi rdx' \
		-ex 'delete 2' -ex c -ex bt -ex 'info registers rdi rsi' -ex kill
	wait_lstar
	order=$(grep -oE '^Breakpoint [0-9.]+, __sys_[a-z]+' "$tmp/gdb" | awk '{ print $3 }' | tr '\n' ' ')
	[ "$order" = "__sys_socket __sys_bind __sys_listen " ] || fail "breakpoints hit in the order '$order'"
	# Each backtrace: the worker, then do_syscall_64, then entry_SYSCALL_64.
	for fn in __sys_bind __sys_listen; do
		awk -v fn="$fn" '/^#0 / { on = index($0, fn) > 0 } on && /^#/ { print }' "$tmp/gdb" >"$tmp/bt"
		grep -qE '^#[1-9]+ .* in do_syscall_64 \(' "$tmp/bt" || fail "the backtrace of $fn lacks do_syscall_64"
		grep -qE '^#[1-9]+ .* in entry_SYSCALL_64 \(' "$tmp/bt" || fail "the backtrace of $fn lacks entry_SYSCALL_64"
		grep -qE "^#[1-9]+ .* __x64_sys_${fn#__sys_} \(" "$tmp/bt" || fail "the backtrace of $fn lacks __x64_sys_${fn#__sys_}"
	done
	# The registers hold the first bind's and listen's arguments, as the program prints them natively.
	bind=$(native_line "bind(") listen=$(native_line "listen(")
	fd=$(echo "$bind" | sed -E 's/^bind\(([0-9]+), .*, ([0-9]+)\) = .*/\1/')
	len=$(echo "$bind" | sed -E 's/^bind\(([0-9]+), .*, ([0-9]+)\) = .*/\2/')
	backlog=$(echo "$listen" | sed -E 's/^listen\(([0-9]+), ([0-9]+)\) = .*/\2/')
	expect "^Breakpoint 2, __sys_bind \\(fd=$fd, umyaddr=0x[0-9a-f]+, addrlen=$len\\)"
	expect "^rdi +0x[0-9a-f]+ +$fd\$"
	expect "^rdx +0x[0-9a-f]+ +$len\$"
	expect "^Breakpoint 3, __sys_listen \\(fd=$fd, backlog=$backlog\\)"
	expect "^rsi +0x[0-9a-f]+ +$backlog\$"
	expect_rc 137
	grep -q "killed by gdb" "$tmp/err" || fail "lstar did not say it was killed"
	;;
views)
	"$lstar" run ./socket_demo </dev/null >"$tmp/plain" 2>/dev/null
	./socket_demo >"$tmp/native" </dev/null 2>&1
	bind=$(symbol __sys_bind) lstar_msr=$(symbol entry_SYSCALL_64)
	# The physical address of __sys_bind from the kernel's first program header (vaddr -> paddr).
	phys=$(readelf -lW guestos64.elf | awk '$1 == "LOAD" { print $3, $4; exit }' |
		"$py" -c "import sys; v, p = (int(x, 16) for x in sys.stdin.read().split()); print(hex(0x$bind - v + p))")
	backlog=$(native_line "listen(" | sed -E 's/^listen\(([0-9]+), ([0-9]+)\) = .*/\2/')
	start_lstar ./socket_demo
	run_gdb guestos64.elf -ex "target remote :$port" \
		-ex 'break __sys_socket' -ex c -ex delete -ex 'watch inet_bound' -ex c -ex 'bt 2' -ex delete \
		-ex 'hbreak __sys_listen' -ex c -ex delete -ex 'info registers rsi' \
		-ex stepi -ex 'info registers rip' \
		-ex 'rwatch sysctl_somaxconn' -ex c -ex delete \
		-ex 'awatch sysctl_somaxconn' -ex c -ex delete \
		-ex "monitor pt 0x$bind" -ex 'monitor msr 0xc0000082' -ex 'monitor icount' -ex 'monitor regs' \
		-ex 'monitor nonsense' -ex 'p/x $efer' -ex 'x/2xg 0' -ex 'x/2xg 0x0000800000000000' -ex detach
	wait_lstar
	expect '^Hardware watchpoint 2: inet_bound'
	expect '^Old value = \(struct sock \*\) 0x0$'
	expect '^New value = \(struct sock \*\) 0xffff'
	expect '^#1 .* in inet_bind \('
	expect "^Breakpoint 3, __sys_listen \\(fd=[0-9]+, backlog=$backlog\\)"
	expect "^rsi +0x[0-9a-f]+ +$backlog\$"
	expect '^rip +0xffffffff[0-9a-f]+ +0xffffffff[0-9a-f]+ <__sys_listen\+[1-9][0-9]*>'
	expect '^Hardware read watchpoint 4: sysctl_somaxconn'
	expect '^Hardware access \(read/write\) watchpoint 5: sysctl_somaxconn'
	expect '^Value = 128$'
	expect "^0x$bind: 4-level paging"
	expect '^  PML4E \[511\]'
	expect "^  -> physical $phys \\("
	expect "^IA32_LSTAR \\(0xc0000082\\) = 0x$lstar_msr\$"
	expect '^[1-9][0-9]* instructions retired$'
	expect '^rip ffffffff'
	expect "^unknown monitor command 'nonsense'"
	expect '^\$1 = 0xd01$'   # SCE | LME | LMA | NXE, what the kernel's head code sets
	expect '^0x0:	Cannot access memory at address 0x0$'
	expect '^0x800000000000:	Cannot access memory at address 0x800000000000$'
	expect '^\[Inferior 1 \(Remote target\) detached\]'
	expect_rc 0
	cmp -s "$tmp/out" "$tmp/plain" || fail "after detach the program's output differs from a run without gdb"
	;;
user_step)
	ubind=$(nm socket_demo | awk '$3 == "bind" { print $1 }' | sed 's/^0*//')
	start_lstar ./socket_demo
	cat >"$tmp/script" <<-EOF
		target remote :$port
		add-symbol-file socket_demo
		break bind
		continue
		info symbol \$pc
		set \$n = 0
		while \$pc < 0xffff800000000000 && \$n < 1000
		  stepi
		  set \$n = \$n + 1
		end
		info symbol \$pc
		while \$pc >= 0xffff800000000000 && \$n < 100000
		  stepi
		  set \$n = \$n + 1
		end
		info symbol \$pc
		kill
	EOF
	run_gdb guestos64.elf -x "$tmp/script"
	wait_lstar
	expect "^Breakpoint 1 at 0x$ubind\$"
	expect '^Breakpoint 1, 0x0+[0-9a-f]+ in bind \(\)'
	expect '^bind in section \.text of '
	expect '^entry_SYSCALL_64 in section \.text of .*guestos64\.elf$'
	expect '^bind \+ [0-9]+ in section \.text of '
	expect_rc 137
	;;
interrupt)
	start_lstar ./gdb_spin
	"$gdb" -nx -batch guestos64.elf -ex "target remote :$port" -ex 'add-symbol-file gdb_spin' -ex c \
		-ex 'p spins' -ex 'info symbol $pc' -ex 'set var release = 1' -ex c >"$tmp/gdb" 2>&1 &
	gdb_pid=$!
	n=0
	until grep -q "add symbol table" "$tmp/gdb"; do
		n=$((n + 1))
		[ $n -gt 300 ] && { kill "$gdb_pid"; fail "gdb did not connect"; }
		sleep 0.1
	done
	sleep 1
	kill -INT "$gdb_pid"  # gdb passes Ctrl-C on as 0x03
	n=0
	while kill -0 "$gdb_pid" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 600 ] && { kill "$gdb_pid"; fail "gdb did not finish"; }
		sleep 0.1
	done
	wait_lstar
	expect '^Program received signal SIGINT, Interrupt\.'
	expect '^\$1 = [1-9][0-9]*$'
	expect '^main \+ [0-9]+ in section \.text of '
	expect '^\[Inferior 1 \(Remote target\) exited with code 07\]'
	expect_rc 7
	;;
protocol)
	start_lstar ./socket_demo
	"$py" "$(dirname "$0")/gdb_protocol.py" "$port" >"$tmp/gdb" 2>&1 || fail "the protocol checks failed"
	wait_lstar
	expect_rc 137
	;;
signal)
	start_lstar ./gdb_segv
	run_gdb guestos64.elf -ex "target remote :$port" -ex c
	wait_lstar
	expect '^Program terminated with signal SIGSEGV, Segmentation fault\.'
	expect_rc 139
	;;
*)
	echo "usage: gdb_session.sh seed_session|views|user_step|interrupt|protocol|signal LSTAR GDB PYTHON3"
	exit 2
	;;
esac
echo "PASS: gdb $scenario"
