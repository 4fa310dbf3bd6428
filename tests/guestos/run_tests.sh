#!/bin/sh
# run_tests.sh - boot the guest kernel with test programs under lstar and under QEMU.
#
# usage: run_tests.sh LSTAR GUESTOS_ELF
#
# Each case runs one program as init (quiet, so only the program and the kernel's error lines
# print) and must give, under both machines, the expected transcript and the expected
# debug-exit status. The expected transcript of hello, efault and int80_32 is the program's own
# output when run natively on the host; the others have fixed expectations here.
# Needs musl-gcc (musl-tools), gcc with -m32, cpio, qemu-system-x86_64.
set -u
lstar=$(realpath "$1")
kernel=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"
fail=0

for tool in musl-gcc gcc cpio qemu-system-x86_64; do
	command -v $tool >/dev/null || { echo "run_tests.sh: $tool is missing"; exit 1; }
done

# The programs.
musl-gcc -static -O2 "$here/hello.c" -o "$root/hello" &&
musl-gcc -static -O2 "$here/efault.c" -o "$root/efault" &&
musl-gcc -static -O2 "$here/segv.c" -o "$root/segv" &&
musl-gcc -static -O2 "$here/int80_64.c" -o "$root/int80_64" &&
musl-gcc -static -O2 "$here/auxv.c" -o "$root/auxv" &&
musl-gcc -static -O2 -w "$here/execve.c" -o "$root/execve" &&
gcc -m32 -O2 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -nostdlib -static -no-pie \
	"$here/int80_32.c" -o "$root/int80_32" &&
gcc -m32 -nostdlib -static -no-pie "$here/compat_call.S" -o "$root/compat_call" &&
musl-gcc -static -O2 "$here/../../examples/socket_demo.c" -o "$root/socket_demo" &&
musl-gcc -static -O2 "$here/net_data.c" -o "$root/net_data" &&
musl-gcc -static -O2 "$here/net_poll.c" -o "$root/net_poll" &&
musl-gcc -static -O2 "$here/net_block.c" -o "$root/net_block" &&
musl-gcc -static -O2 "$here/net_fuzz.c" -o "$root/net_fuzz" &&
for m in 64 32; do
	gcc -m$m -std=c11 -O2 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fcf-protection=none \
		-fno-asynchronous-unwind-tables -nostdlib -static -no-pie \
		"$here/sock_errno.c" -o "$root/sock_errno$m" || exit 1
done &&
musl-gcc -static -O2 "$here/../../examples/replyhi.c" -o "$root/replyhi" &&
gcc -m32 -std=c11 -O2 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -nostdlib -static -no-pie \
	"$here/../../examples/socketcall32.c" -o "$root/socketcall32" ||
	{ echo "run_tests.sh: cannot build the test programs"; exit 1; }
ln -s efault "$root/efault.lnk"
printf 'not an ELF file\n' > "$root/notelf"
head -c 3000 "$root/hello" > "$root/truncated"
# ELF64 header: e_phentsize at byte 54; the first program header at e_phoff = 64, its p_vaddr at
# byte 64 + 16.
cp "$root/hello" "$root/badphentsize"
printf '\040\000' | dd of="$root/badphentsize" bs=1 seek=54 conv=notrunc 2>/dev/null
cp "$root/hello" "$root/kernelvaddr"
printf '\000\000\000\000\000\200\377\377' | dd of="$root/kernelvaddr" bs=1 seek=80 conv=notrunc 2>/dev/null
chmod +x "$root/notelf" "$root/truncated"
(cd "$root" && find . | cpio -o -H newc > "$work/initrd.cpio" 2>/dev/null)
cp "$kernel" "$work/guestos.elf"

# native PROG ARGS... > expected: the host's own run, from the root directory.
# Descriptors 3..9 inherited from ctest are closed so the host hands out the same fd numbers as
# the guest does.
native() {
	(cd "$root" && exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- && "$@")
}

# check NAME EXPECTED_FILE EXIT_VALUE CMDLINE: QEMU and lstar must both print EXPECTED_FILE and
# exit with the status isa-debug-exit gives for EXIT_VALUE.
check() {
	name=$1 expected=$2 value=$3 cmdline=$4
	status=$(( ((value << 1) | 1) & 255 ))
	(cd "$work" && timeout 60 qemu-system-x86_64 -kernel guestos.elf -initrd initrd.cpio \
		-append "$cmdline" -m 128M -serial stdio -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 > "$work/$name.qemu" 2>&1)
	qemu_status=$?
	(cd "$work" && timeout 120 "$lstar" boot guestos.elf --initrd initrd.cpio \
		--append "$cmdline" --mem 128M < /dev/null > "$work/$name.lstar" 2>&1)
	lstar_status=$?
	ok=1
	if ! cmp -s "$expected" "$work/$name.qemu"; then
		echo "FAIL $name: QEMU's transcript differs from the expected one:"
		diff "$expected" "$work/$name.qemu" | head -20
		ok=0
	fi
	if ! cmp -s "$expected" "$work/$name.lstar"; then
		echo "FAIL $name: lstar's transcript differs from the expected one:"
		diff "$expected" "$work/$name.lstar" | head -20
		ok=0
	fi
	if [ "$qemu_status" != "$status" ] || [ "$lstar_status" != "$status" ]; then
		echo "FAIL $name: exit status qemu=$qemu_status lstar=$lstar_status, expected $status"
		ok=0
	fi
	if [ $ok = 1 ]; then echo "ok   $name"; else fail=1; fi
}

native ./hello one "two words" > "$work/hello.expected"
check hello "$work/hello.expected" 42 'quiet -- ./hello one "two words"'

native ./auxv x "y z" > "$work/auxv.expected"
check auxv "$work/auxv.expected" 0 'quiet init=./auxv -- ./auxv x "y z"'

native ./efault > "$work/efault.expected"
check efault "$work/efault.expected" 0 'quiet -- /efault'

native ./int80_64 > "$work/int80_64.expected"
check int80_64 "$work/int80_64.expected" 0 'quiet -- /int80_64'

native ./execve > "$work/execve.expected"
check execve "$work/execve.expected" 5 'quiet init=/execve -- ./execve'

native ./int80_32 a b > "$work/int80_32.expected"
check int80_32 "$work/int80_32.expected" 7 'quiet init=/int80_32 -- ./int80_32 a b'

: > "$work/empty"
check compat_call "$work/empty" 4 'quiet -- /compat_call'

cat > "$work/segv.expected" <<'EOT'
segv: writing to address 0
segv[1]: segfault at 0 ip 000000000040104c sp 00007fffffffee40 error 6
EOT
# The ip and sp depend on the musl build and the stack contents: compare the shape only.
sed -i 's/ ip [0-9a-f]* sp [0-9a-f]* / ip IP sp SP /' "$work/segv.expected"
(cd "$work" && timeout 60 qemu-system-x86_64 -kernel guestos.elf -initrd initrd.cpio \
	-append 'quiet -- /segv' -serial stdio -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 > "$work/segv.qemu" 2>&1)
segv_qemu=$?
(cd "$work" && timeout 120 "$lstar" boot guestos.elf --initrd initrd.cpio \
	--append 'quiet -- /segv' < /dev/null > "$work/segv.lstar" 2>&1)
segv_lstar=$?
sed -i 's/ ip [0-9a-f]* sp [0-9a-f]* / ip IP sp SP /' "$work/segv.qemu" "$work/segv.lstar"
if cmp -s "$work/segv.expected" "$work/segv.qemu" && cmp -s "$work/segv.qemu" "$work/segv.lstar" &&
   [ $segv_qemu = 23 ] && [ $segv_lstar = 23 ]; then
	echo "ok   segv"
else
	echo "FAIL segv: status qemu=$segv_qemu lstar=$segv_lstar"; cat "$work/segv.qemu" "$work/segv.lstar"; fail=1
fi

# The seed notes' system calls: socket, bind and listen through `syscall` (socket_demo, 64-bit)
# and through `int $0x80` socketcall and the direct i386 calls (socketcall32), as on the host.
native ./socket_demo > "$work/socket_demo.expected"
check socket_demo "$work/socket_demo.expected" 0 'quiet -- ./socket_demo'
native ./socketcall32 > "$work/socketcall32.expected"
check socketcall32 "$work/socketcall32.expected" 0 'quiet -- ./socketcall32'

# The loopback data path (TCP, UDP, AF_UNIX, socketpair), in one process, as on the host.
native ./net_data > "$work/net_data.expected"
check net_data "$work/net_data.expected" 0 'quiet -- ./net_data'
# Readiness through poll and select; blocking calls between two processes.
native ./net_poll > "$work/net_poll.expected"
check net_poll "$work/net_poll.expected" 0 'quiet -- ./net_poll'
native ./net_block > "$work/net_block.expected"
check net_block "$work/net_block.expected" 0 'quiet -- ./net_block'

# Every error case of the socket calls and a bad pointer for each, through `syscall` (64) and
# through int $0x80 socketcall and the direct i386 calls (32), against the host. Two lines
# are Linux 5.0's own (docs/syscall-path.md, "Where Linux versions differ"): IPPROTO_MAX was
# 256, so protocol 256 is EINVAL; somaxconn is 128, so listen(fd, 1000) queues 129
# connections, and 17 with net.core.somaxconn=16.
linux50() {
	sed -e 's/^\(\[[a-z0-9]*\] socket(AF_INET, SOCK_STREAM, 256) = -1\) EPROTONOSUPPORT$/\1 EINVAL/' \
	    -e "s/^\(\[[a-z0-9]*\] listen(unix, 1000): connections queued before EAGAIN:\) 300 or more\$/\1 $1/"
}
for m in 64 32; do
	native ./sock_errno$m > "$work/sock_errno$m.native"
	linux50 129 < "$work/sock_errno$m.native" > "$work/sock_errno$m.expected"
	check sock_errno$m "$work/sock_errno$m.expected" 0 "quiet -- ./sock_errno$m"
done
linux50 17 < "$work/sock_errno64.native" > "$work/sock_errno_somaxconn.expected"
check sock_errno_somaxconn "$work/sock_errno_somaxconn.expected" 0 \
	'quiet net.core.somaxconn=16 -- ./sock_errno64'

# 20000 random socket calls with random descriptors, lengths and pointers: the kernel must
# survive them (no oops, no hang) and the program end normally.
echo 'net_fuzz: 20000 calls, the kernel kept running' > "$work/net_fuzz.expected"
check net_fuzz "$work/net_fuzz.expected" 0 'quiet -- ./net_fuzz'
check net_fuzz_seed2 "$work/net_fuzz.expected" 0 'quiet -- ./net_fuzz 2'

# The seed notes' replyhi: server and client in one process (non-blocking connect).
native ./replyhi single > "$work/replyhi_single.expected"
check replyhi_single "$work/replyhi_single.expected" 0 'quiet -- ./replyhi single'
# And as two processes (fork): the server blocks in accept and recv until the client comes.
native ./replyhi > "$work/replyhi.expected"
check replyhi "$work/replyhi.expected" 0 'quiet -- ./replyhi'

# Programs the kernel refuses: one line each, and 0x100 + errno through the debug-exit port.
echo 'guestos: cannot run /notelf: exec format error: not an ELF file' > "$work/notelf.expected"
check notelf "$work/notelf.expected" $((0x100 + 8)) 'quiet -- /notelf'
echo 'guestos: cannot run /truncated: exec format error: a segment extends past the end of the file' \
	> "$work/truncated.expected"
check truncated "$work/truncated.expected" $((0x100 + 8)) 'quiet -- /truncated'
echo 'guestos: cannot run /badphentsize: exec format error: e_phentsize is not the size of an Elf64_Phdr' \
	> "$work/badphentsize.expected"
check badphentsize "$work/badphentsize.expected" $((0x100 + 8)) 'quiet -- /badphentsize'
echo 'guestos: cannot run /kernelvaddr: exec format error: a segment lies outside the user address range' \
	> "$work/kernelvaddr.expected"
check kernelvaddr "$work/kernelvaddr.expected" $((0x100 + 8)) 'quiet -- /kernelvaddr'
echo 'guestos: cannot run /missing: no such file in the initramfs' > "$work/missing.expected"
check missing "$work/missing.expected" $((0x100 + 2)) 'quiet -- /missing'

exit $fail
