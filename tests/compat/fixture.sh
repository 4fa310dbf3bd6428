#!/bin/sh
# fixture.sh DIR BUSYBOX - the files the compatibility cases work on: text to sort, count and
# search, a small tree (sub/) with a symbolic link, and busybox itself. Every entry's times are
# fixed (2001-02-03 04:05:06 UTC) so that both sides list the same dates.
set -eu
dir=$1
mkdir -p "$dir/sub/deeper"
cp "$2" "$dir/busybox"
cd "$dir"
printf 'the quick brown fox\njumps over\nthe lazy dog\nand runs away\nlast line here\n' > lines.txt
printf 'banana\napple\ncherry\nbanana\ndate\napple\nelderberry\nfig\ngrape\nbanana\n' > words.txt
sort words.txt > sorted.txt
printf '10\n9\n100\n-3\n42\n7\n' > nums.txt
printf 'root:x:0:root\nalice:x:1001:users\nbob:x:17:staff\ncarol:x:300:users\n' > table.txt
printf 'aGVsbG8gYmFzZTY0Cg==\n' > b64.txt
printf 'x marks\n' > sub/x.txt
printf 'deep\n' > sub/deeper/y.txt
chmod 600 sub/deeper/y.txt
ln -s x.txt sub/link
find . -exec touch -h -d '2001-02-03 04:05:06 UTC' {} +
