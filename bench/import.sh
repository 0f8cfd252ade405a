#!/usr/bin/env bash
# bench/import.sh — how long `itreg import assets` takes on a log book of N
# rows (issue 21: import time grew with the square of the rows).
#
#   bash bench/import.sh                 # 20k and 100k rows, CSV
#   SIZES="20000" ITREG=target/itreg-before bash bench/import.sh
#
# Each run imports into a fresh copy of the sample repository (records,
# procedures, schemas, itreg.toml) under /dev/shm when present, so the
# written files do not pile up between runs. The log book has the
# regulation's columns, a staff member's name to resolve on every row, and
# one device type per row cycling through five, so tags are numbered in
# five sequences. Results are in bench/import-results.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(dirname "$HERE")
ITREG=${ITREG:-$SRC/target/release/itreg}
SIZES=${SIZES:-"20000 100000"}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=/dev/shm/itreg-import-bench; else WORK=${TMPDIR:-/tmp}/itreg-import-bench; fi

[ -x "$ITREG" ] || (cd "$SRC" && cargo build --release)
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# An assets log book of $1 rows as CSV.
book() {
    python3 - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
names = ["Máy tính để bàn Dell OptiPlex 7090", "Máy in HP LaserJet Pro M404dn",
         "Bộ lưu điện Santak 1KVA", "Máy tính xách tay Dell Latitude 5420",
         "Switch Cisco 2960"]
print("STT,Số seri,Tên thiết bị,Ngày trang bị,Thời hạn bảo hành,Tên cán bộ sử dụng")
for i in range(n):
    print(f"{i + 1},SN{i:08d},{names[i % 5]},15/03/2024,36 tháng,Nguyễn Văn Anh")
EOF
}

for n in $SIZES; do
    repo=$WORK/repo-$n
    mkdir -p "$repo"
    for folder in records procedures schema; do cp -r "$SRC/$folder" "$repo/"; done
    cp "$SRC/itreg.toml" "$repo/"
    book "$n" >"$WORK/book-$n.csv"
    start=$(date +%s.%N)
    /usr/bin/time -f "%e s wall, %U s user, %S s system, %M KB peak" \
        "$ITREG" --root "$repo" import assets "$WORK/book-$n.csv" --unit hn-bd >/dev/null 2>"$WORK/err-$n" || {
        tail -5 "$WORK/err-$n"
        exit 1
    }
    end=$(date +%s.%N)
    echo "$n rows: $(tail -1 "$WORK/err-$n") ($(echo "$end - $start" | bc) s)"
    rm -rf "$repo"
done
