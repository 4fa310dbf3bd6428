#!/bin/sh
# debugger_session.sh LSTAR BUILD_DIR - scripted sessions of the step debugger (lstar debug,
# lstar boot --debug), checked against references that do not come from lstar:
#   - symbol addresses from nm, instruction boundaries and bytes from objdump -d, call sites
#     (bt frames, the instruction a watchpoint blames) from objdump;
#   - register values the code must hold at the syscall entry (bind's number, its arguments);
#   - strings from socket_demo.c;
#   - stepi against native gdb stepping the same static binary on the host;
#   - the page walk against the page-table entries read back with xp;
#   - the test kernel's serial output and exit status against a plain `lstar boot`.
set -u
if [ $# -ne 2 ]; then
	echo "usage: debugger_session.sh LSTAR BUILD_DIR" >&2
	exit 2
fi
lstar=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(cd "$2" && pwd)
for tool in nm objdump readelf gdb awk; do
	command -v $tool >/dev/null || { echo "FAIL: $tool is needed (binutils, gdb)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-

fails=0
checks=0
pass() { checks=$((checks + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); checks=$((checks + 1)); }
expect_eq() {  # WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}

# The lines a command printed: what follows the Nth (default first) "(lstar) CMD" up to the
# next prompt.
after() {  # TRANSCRIPT CMD [N]
	awk -v cmd="(lstar) $2" -v n="${3:-1}" 'found && /^\(lstar\) / { exit } found { print }
	                                         $0 == cmd && ++seen == n { found = 1 }' "$1"
}
# The first 0x... number in a command's output.
value_of() {  # TRANSCRIPT CMD
	after "$1" "$2" | grep -o '0x[0-9a-f]*' | head -1
}
# Normalises a hex number: 0x0000401f02 -> 401f02 (as text: shell arithmetic is signed).
hex() { echo "$1" | tr 'A-F' 'a-f' | sed 's/^0x//; s/^0*//; s/^$/0/'; }
sym() {  # ELF NAME -> address (nm)
	nm "$1" | awk -v n="$2" '$3 == n { print $1; exit }' | sed 's/^0*//'
}
# objdump -d of ELF as lines "ADDRESS<TAB>BYTES<TAB>INSTRUCTION", ADDRESS without leading zeros.
disassemble() {  # ELF OUT
	objdump -d --insn-width=15 -M intel "$1" |
		awk -F'\t' '/^ *[0-9a-f]+:\t/ { a = $1; sub(/^ */, "", a); sub(/:$/, "", a); sub(/^0*/, "", a);
		                                b = $2; gsub(/ +$/, "", b); print a "\t" b "\t" $3 }' >"$2"
}
# The address of the instruction after the one at ADDR, and the instruction before ADDR.
next_insn() { awk -F'\t' -v a="$2" 'hit { print $1; exit } $1 == a { hit = 1 }' "$1"; }
insn_before() { awk -F'\t' -v a="$2" '$1 == a { print prev; exit } { prev = $3 }' "$1"; }

session() {  # NAME SCRIPT-FILE SUBCOMMAND ARGS... (stdout, stderr, status in $work/NAME.*)
	name=$1 script=$2 sub=$3
	shift 3
	timeout 600 "$lstar" "$sub" -x "$script" "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null
	echo $? >"$work/$name.status"
}

guestos64=$build/guestos64.elf
demo=$build/socket_demo
disassemble "$guestos64" "$work/kernel.dis"
disassemble "$demo" "$work/demo.dis"

# ---- socket_demo: the first bind(3, 127.0.0.1:0, 16), from user space into __sys_bind ----
cat >"$work/demo.cmd" <<'EOF'
break bind
continue
print $rdi
print $rdx
x/8xb $rsi
watch $rsp-16
x/gx $rsp-16
break entry_SYSCALL_64
continue
print $rax
print $rcx
print $rsi+0
regs
delete 3
break __sys_bind
continue
print $rip
bt
disas __sys_bind 12
delete 4
continue
icount
stepi 5
print $icount
break show
continue
x/s $rsi
x/s $rcx
pt $rsp
EOF
cat "$work/demo.cmd" >"$work/demo2.cmd"
cat >>"$work/demo.cmd" <<'EOF'
frobnicate
x/s 0
break no_such_symbol
x/4q $rsp
stepi 0
print 1+1
quit
stepi
EOF
( cd "$build" && session demo "$work/demo.cmd" debug ./socket_demo )
t=$work/demo.out
expect_eq "lstar debug exit status after quit" "$(cat "$work/demo.status")" 0
[ -s "$work/demo.err" ] && fail "lstar debug wrote to stderr: $(head -3 "$work/demo.err")" || pass
grep -q '^(lstar) stepi$' "$t" && fail "a command after quit ran" || pass

# At musl's bind(): the fd the program printed for its socket, the length, the sockaddr.
# The fd is the one socket_demo prints for the first socket of its bind section when it runs
# natively (lstar run matches it line for line: tests/cli); the program's own output under the
# debugger may still sit in its stdio buffer.
fd=$(cd "$build" && timeout 60 ./socket_demo </dev/null 2>/dev/null |
	awk '/^# bind/ { on = 1 } on && /^socket\(AF_INET, SOCK_STREAM, 0\) = / { print $NF; exit }')
expect_eq "bind's fd in rdi" "$(hex "$(value_of "$t" 'print $rdi')")" "$(hex "$fd")"
expect_eq "bind's addrlen in rdx" "$(value_of "$t" 'print $rdx')" 0x10
expect_eq "sockaddr_in of 127.0.0.1:0 at rsi" "$(after "$t" 'x/8xb $rsi' | cut -f2- | tr '\t' ' ')" \
	"0x02 0x00 0x00 0x00 0x7f 0x00 0x00 0x01"

# At entry_SYSCALL_64: rax = __NR_bind (49), rcx = the instruction after bind's syscall.
expect_eq "rax at entry_SYSCALL_64" "$(value_of "$t" 'print $rax')" 0x31
bind_syscall=$(awk -F'\t' '$3 ~ /^syscall/ { print $1 }' "$work/demo.dis" |
	while read -r a; do [ "$(($(printf '0x%s' "$a")))" -ge "$((0x$(sym "$demo" bind)))" ] && echo "$a" && break; done)
expect_eq "rcx (return RIP) at entry_SYSCALL_64" "$(hex "$(value_of "$t" 'print $rcx')")" \
	"$(next_insn "$work/demo.dis" "$bind_syscall")"
expect_eq "rsi unchanged by SYSCALL" "$(value_of "$t" 'print $rsi+0')" "$(after "$t" 'x/8xb $rsi' | grep -o '^0x[0-9a-f]*')"
after "$t" regs | grep -i 'rax' | grep -Eq '(0x|=|[[:space:]])0*31([^0-9a-f]|$)' && pass || fail "regs does not show rax = 0x31"

# At __sys_bind: the address nm gives, and a backtrace through the call sites objdump shows.
expect_eq "RIP at break __sys_bind" "$(hex "$(value_of "$t" 'print $rip')")" "$(sym "$guestos64" __sys_bind)"
bt=$(after "$t" bt)
frames=$(echo "$bt" | grep -c '^#')
[ "$frames" -ge 4 ] && pass || fail "bt shows $frames frames, want at least 4: $bt"
for n in 1 2 3; do
	ret=$(echo "$bt" | awk -v n="#$n" '$1 == n { print $2 }' | sed 's/^0x0*//')
	call=$(insn_before "$work/kernel.dis" "$ret")
	case $call in call*) pass ;; *) fail "bt frame $n ($ret): the instruction before it is '$call', not a call" ;; esac
done
echo "$bt" | awk '$1 == "#1"' | grep -q '__x64_sys_bind' && pass || fail "bt frame 1 is not in __x64_sys_bind: $bt"
echo "$bt" | awk '$1 == "#1" { print $2 }' | sed 's/^0x0*//' | { read -r r; insn_before "$work/kernel.dis" "$r"; } |
	grep -q '<__sys_bind>' && pass || fail "bt frame 1 does not return from a call to __sys_bind"
echo "$bt" | awk '$1 == "#2"' | grep -q 'do_syscall_64' && pass || fail "bt frame 2 is not do_syscall_64: $bt"
echo "$bt" | awk '$1 == "#3"' | grep -q 'entry_SYSCALL_64' && pass || fail "bt frame 3 is not entry_SYSCALL_64: $bt"
# Past entry_SYSCALL_64 the walk goes on in user mode from pt_regs: first the instruction after
# bind's SYSCALL, then the callers native gdb shows when bind() is called on the host.
user_frames=$(echo "$bt" | awk '/entered from user mode/ { on = 1; next } on && /^#/ { print $2 }' | sed 's/^0x0*//')
expect_eq "bt: the user frame after the entry" "$(echo "$user_frames" | head -1)" "$(next_insn "$work/demo.dis" "$bind_syscall")"
native_bt=$(cd "$build" && timeout 60 gdb -q -batch -ex 'break bind' -ex run -ex bt ./socket_demo </dev/null 2>/dev/null |
	awk '/^#[1-9]/ { print $2 }' | sed 's/^0x0*//')
[ -n "$native_bt" ] && pass || fail "native gdb gave no backtrace at bind"
expect_eq "bt: the user callers, lstar vs native gdb" \
	"$(echo "$user_frames" | sed -n "2,$(($(echo "$native_bt" | wc -l) + 1))p")" "$native_bt"

# disas against objdump: the same addresses, bytes and (for plain mnemonics) the same instruction.
after "$t" "disas __sys_bind 12" | sed 's/^=>/  /' |
	awk '{ addr = $1; sub(/^0x/, "", addr); bytes = "";
	       for (k = 2; k <= NF; ++k) { if ($k ~ /^<.*>:$/ || $k ~ /:$/) continue;
	                                   if ($k ~ /^[0-9a-f][0-9a-f]$/) bytes = bytes (bytes == "" ? "" : " ") $k; else break }
	       print addr "\t" bytes "\t" $k }' >"$work/mine.dis"
expect_eq "disas __sys_bind 12: lines" "$(wc -l <"$work/mine.dis")" 12
while IFS="$(printf '\t')" read -r addr bytes mnem; do
	ref=$(awk -F'\t' -v a="$addr" '$1 == a { print; exit }' "$work/kernel.dis")
	if [ -z "$ref" ]; then fail "disas: objdump has no instruction at $addr"; continue; fi
	expect_eq "disas bytes at $addr" "$bytes" "$(echo "$ref" | cut -f2)"
	refm=$(echo "$ref" | cut -f3 | awk '{ print $1 }')
	case $refm in push|pop|mov|lea|sub|add|call|ret|test|cmp|xor) expect_eq "disas mnemonic at $addr" "$mnem" "$refm" ;; esac
done <"$work/mine.dis"

# The watchpoint on the slot below bind's frame: the CALL to __syscall_ret writes its return
# address there.
old=$(after "$t" 'x/gx $rsp-16' | cut -f2)
call_ret=$(awk -F'\t' '$3 ~ /<__syscall_ret>/ { print $1 }' "$work/demo.dis" |
	while read -r a; do [ "$((0x$a))" -gt "$((0x$bind_syscall))" ] && echo "$a" && break; done)
w=$(after "$t" continue 4)
echo "$w" | grep -q '^Watchpoint 2: ' && pass || fail "the watchpoint did not trigger: $(echo "$w" | head -5)"
expect_eq "watch: old value" "$(hex "$(echo "$w" | awk '$1 == "old" { print $3 }' | tail -1)")" "$(hex "$old")"
expect_eq "watch: new value" "$(hex "$(echo "$w" | awk '$1 == "new" { print $3 }' | tail -1)")" \
	"$(next_insn "$work/demo.dis" "$call_ret")"
expect_eq "watch: the instruction blamed" "$(hex "$(echo "$w" | awk '$1 == "changed" { print $3 }' | tail -1)")" "$call_ret"

# stepi 5 retires five instructions.
before=$(after "$t" icount | awk '{ print $1 }')
now=$(value_of "$t" 'print $icount')
expect_eq "icount after stepi 5" "$((now))" "$((before + 5))"

# At show(ret, "bind(%d, %s, %u)", fd, shown, len): the strings of socket_demo.c.
expect_eq "x/s \$rsi" "$(after "$t" 'x/s $rsi' | sed 's/^[^"]*//')" '"bind(%d, %s, %u)"'
expect_eq "x/s \$rcx" "$(after "$t" 'x/s $rcx' | sed 's/^[^"]*//')" '"127.0.0.1:0"'

# Bad commands print one error line each and the session goes on.
for c in frobnicate "x/s 0" "break no_such_symbol" "x/4q \$rsp" "stepi 0"; do
	out=$(after "$t" "$c")
	expect_eq "'$c' prints one line" "$(echo "$out" | wc -l)" 1
	echo "$out" | grep -q '^error: ' && pass || fail "'$c' did not print an error: $out"
done
expect_eq "print 1+1 after the errors" "$(value_of "$t" 'print 1+1')" 0x2

# The page walk of RSP: every entry it names holds, read with xp, the value it shows. The same
# session is replayed (lstar is deterministic) with xp commands for the entries.
# Each entry line reads "... at 0xADDRESS = VALUE ...", and the walk ends at "physical 0xPA".
after "$t" 'pt $rsp' | sed -n 's/.* at \(0x[0-9a-f]*\) = \(0x\)\{0,1\}\([0-9a-f]*\).*/\1 \3/p' >"$work/pt.entries"
n=$(wc -l <"$work/pt.entries")
[ "$n" -ge 4 ] && pass || fail "pt \$rsp shows $n page-table entries, want 4: $(after "$t" 'pt $rsp')"
pa=$(after "$t" 'pt $rsp' | grep -o 'physical 0x[0-9a-f]*' | awk '{ print $2 }')
[ -n "$pa" ] && pass || fail "pt \$rsp shows no physical address: $(after "$t" 'pt $rsp')"
{
	while read -r addr value; do echo "xp/gx $addr"; done <"$work/pt.entries"
	echo 'x/gx $rsp'
	echo "xp/gx $pa"
} >>"$work/demo2.cmd"
( cd "$build" && session demo2 "$work/demo2.cmd" debug ./socket_demo )
while read -r addr value; do
	expect_eq "xp/gx $addr (pt entry)" "$(hex "$(after "$work/demo2.out" "xp/gx $addr" | cut -f2)")" "$(hex "$value")"
done <"$work/pt.entries"
expect_eq "xp at pt's physical address = x at \$rsp" "$(after "$work/demo2.out" "xp/gx $pa" | cut -f2)" \
	"$(after "$work/demo2.out" 'x/gx $rsp' | cut -f2)"

# ---- nexti over SYSCALL: the whole system call runs, and bind's result is in RAX ----
printf 'break bind\ncontinue\ndelete\nnexti 7\nicount\nnexti\nprint $rip\nprint $rax\nprint $icount\nquit\n' >"$work/next.cmd"
( cd "$build" && session next "$work/next.cmd" debug ./socket_demo )
t=$work/next.out
after "$t" "nexti 7" | grep -q 'syscall' && pass || fail "nexti 7 from bind does not reach its syscall: $(after "$t" "nexti 7")"
expect_eq "RIP after nexti over syscall" "$(hex "$(value_of "$t" 'print $rip')")" "$(next_insn "$work/demo.dis" "$bind_syscall")"
expect_eq "RAX after nexti over bind's syscall (bind(3, 127.0.0.1:0) = 0)" "$(value_of "$t" 'print $rax')" 0x0
ran=$(( $(value_of "$t" 'print $icount') - $(after "$t" icount | awk '{ print $1 }') ))
[ "$ran" -gt 1 ] && pass || fail "nexti over syscall retired $ran instructions; the kernel's part is missing"

# ---- At a terminal (a pty from script(1)): libedit reads the lines; an empty line repeats the
# last command, and the up arrow recalls history. ----
if command -v script >/dev/null; then
	( cd "$build" && printf 'si\n\nprint $icount\nsi\n\033[A\033[A\nquit\n' |
		timeout 60 script -qec "'$lstar' debug ./socket_demo" /dev/null >"$work/tty.raw" )
	expect_eq "terminal session exit status (script -e passes lstar's)" $? 0
	tr -d '\r' <"$work/tty.raw" >"$work/tty.out"
	grep -q '^0x2 (2)$' "$work/tty.out" && pass || fail "an empty line did not repeat stepi: $(cat "$work/tty.out")"
	grep -q '^0x3 (3)$' "$work/tty.out" && pass || fail "the up arrow did not recall print \$icount: $(cat "$work/tty.out")"
else
	fail "script(1) (bsdutils) is needed for the terminal test"
fi

# ---- stepi from main, against native gdb stepping the same binary on the host ----
printf 'break main\ncontinue\nstepi 300\nprint $rip\nquit\n' >"$work/step.cmd"
( cd "$build" && session step "$work/step.cmd" debug ./socket_demo )
native=$(cd "$build" && timeout 60 gdb -q -batch -ex 'break *main' -ex run -ex 'stepi 300' -ex 'p/x $pc' ./socket_demo \
	</dev/null 2>/dev/null | tail -1 | grep -o '0x[0-9a-f]*')
[ -n "$native" ] || fail "native gdb could not step socket_demo (ptrace?)"
expect_eq "RIP after main + stepi 300, lstar vs native gdb" "$(value_of "$work/step.out" 'print $rip')" "$native"

# ---- Ctrl-C (SIGINT) pauses a running guest: hello waits for a line on a FIFO that never
# gets one; once it has printed its arguments, SIGINT must bring the prompt back. ----
mkfifo "$work/fifo"
exec 7<>"$work/fifo"  # a writer that never writes, so the guest waits
printf 'continue\nprint $cpl\nquit\n' >"$work/intr.cmd"
( cd "$build" && exec timeout 600 "$lstar" debug -x "$work/intr.cmd" --stdin "$work/fifo" ./hello - \
	>"$work/intr.out" 2>"$work/intr.err" </dev/null ) &
pid=$!
tries=0
until grep -q '^argv\[1\] = "-"' "$work/intr.out" 2>/dev/null || [ $tries -ge 600 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
kill -INT $pid 2>/dev/null
wait $pid
expect_eq "exit status after Ctrl-C and quit" $? 0
exec 7>&-
grep -q '^Interrupted (Ctrl-C)$' "$work/intr.out" && pass || fail "SIGINT did not pause the guest: $(cat "$work/intr.out")"
expect_eq "the session goes on after Ctrl-C" "$(value_of "$work/intr.out" 'print $cpl' | head -1)" 0x0

# ---- lstar boot --debug on the Multiboot test kernel ----
tk=$build/testkernel.elf
tk64=$build/testkernel/testkernel64.elf
timeout 300 "$lstar" boot "$tk" >"$work/plain.out" 2>/dev/null </dev/null
plain_status=$?
cat >"$work/boot.cmd" <<'EOF'
print $rip
stepi 3
icount
break do_syscall_64
continue
print $pc
bt
delete
continue
quit
EOF
session boot "$work/boot.cmd" boot --debug "$tk"
t=$work/boot.out
expect_eq "boot --debug exit status" "$(cat "$work/boot.status")" 0
expect_eq "first stop at the Multiboot entry" "$(value_of "$t" 'print $rip')" \
	"$(readelf -h "$tk" | awk '/Entry point/ { print $4 }')"
head -1 "$t" | grep -q ' prot32 ' && pass || fail "the first stop is not in 32-bit protected mode: $(head -1 "$t")"
expect_eq "icount after stepi 3" "$(after "$t" icount | awk '{ print $1 }')" 3
expect_eq "RIP at break do_syscall_64" "$(hex "$(value_of "$t" 'print $pc')")" "$(sym "$tk64" do_syscall_64)"
after "$t" continue | grep -q 'cpl0 long64' && pass || fail "do_syscall_64 is not shown as cpl0 long64"
bt=$(after "$t" bt)
echo "$bt" | awk '$1 == "#1"' | grep -q 'entry_SYSCALL_64' && pass || fail "test kernel bt: frame 1 is not entry_SYSCALL_64: $bt"
expect_eq "the end under the debugger" "$(grep -o 'the machine stopped: exit status [0-9]*' "$t")" \
	"the machine stopped: exit status $plain_status"
# The guest's serial output still reaches stdout, in order, between the debugger's lines.
awk 'NR == FNR { want[++n] = $0; next } k < n && $0 == want[k + 1] { ++k } END { exit k == n ? 0 : 1 }' \
	"$work/plain.out" "$t" && pass || fail "the test kernel's serial output is missing from the debug transcript"

if [ $fails -ne 0 ]; then
	echo "--- socket_demo transcript:"
	head -150 "$work/demo.out"
	echo "$fails of $checks checks failed"
	exit 1
fi
echo "PASS: $checks checks of lstar debug and lstar boot --debug"
