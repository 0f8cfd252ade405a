#!/usr/bin/env bash
# bench/run.sh — itreg against its peers on the same synthetic data.
#
#   bash bench/run.sh            # everything (≈ 45 min on 2 cores)
#   ONLY="build check" bash bench/run.sh   # some parts: build check history big serve search
#
# Installs the peers when missing (Debian hugo, hyperfine and time; PyPI
# check-jsonschema; npm ajv-cli and ajv-formats; Zola 0.22.1 is taken from
# ZOLA, by default ../shared/tools/zola beside the checkout), builds itreg,
# generates the data with bench/generate.py into /dev/shm (tmpfs) when
# present, in the agency's real shape (821 units) and in the older scaled
# shape (SHAPES="bhxh scaled"), then runs
# each comparison with hyperfine (cold output folders) and writes the raw
# results to bench/results/ and a summary table to bench/results/summary.md.
#
# Knobs (environment): N=10000 BIG=100000 RUNS=5 WARMUP=1 CJS_RUNS=3
# CJS_WARMUP=0 BIG_RUNS=1 SERVE_RUNS=5 GIT_COMMITS=2000 GIT_FILES=1000
# PORT=18930 SEED=3582 KEEP=1 (keep the generated data)
# PROBE_TARGET=DIR (cargo target dir for bench/history-probe).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(dirname "$HERE")
TODAY=2026-11-23
N=${N:-10000} BIG=${BIG:-100000} SEED=${SEED:-3582}
RUNS=${RUNS:-5} WARMUP=${WARMUP:-1}
CJS_RUNS=${CJS_RUNS:-3} CJS_WARMUP=${CJS_WARMUP:-0}
BIG_RUNS=${BIG_RUNS:-1} SERVE_RUNS=${SERVE_RUNS:-5}
GIT_COMMITS=${GIT_COMMITS:-2000} GIT_FILES=${GIT_FILES:-1000}
PORT=${PORT:-18930}
ZOLA=${ZOLA:-$(cd "$SRC/.." && pwd)/shared/tools/zola}
SHAPES=${SHAPES:-"bhxh scaled"}
ONLY=${ONLY:-"build check history big serve search"}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=/dev/shm/itreg-bench; else WORK=${TMPDIR:-/tmp}/itreg-bench; fi
RES=$HERE/results
PROBE_TARGET=${PROBE_TARGET:-$WORK/probe-target}
mkdir -p "$WORK" "$RES"
want() { [[ " $ONLY " == *" $1 "* ]]; }
say() { printf '\n== %s\n' "$*" >&2; }

# ------------------------------------------------------------------ peers
need() { command -v "$1" >/dev/null 2>&1; }
if ! need hugo || ! need hyperfine || [ ! -x /usr/bin/time ] || ! need curl; then
  say "installing hugo, hyperfine, time (apt)"
  apt-get update -qq && apt-get install -y -qq hugo hyperfine time curl >/dev/null
fi
if ! need check-jsonschema; then say "installing check-jsonschema (pip)"; pip install -q check-jsonschema; fi
if ! need ajv || ! npm ls -g ajv-formats >/dev/null 2>&1; then
  say "installing ajv-cli, ajv-formats (npm)"; npm install -g --silent ajv-cli ajv-formats
fi

# ------------------------------------------------------------------ itreg
say "building itreg"
(cd "$SRC" && cargo build --release --quiet)
BIN=$WORK/itreg
cp "$SRC/target/release/itreg" "$BIN"   # one binary for the whole run, whatever src/ does meanwhile

# ------------------------------------------------------------------ machine
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "itreg: $("$BIN" --version) at $(git -C "$SRC" rev-parse --short HEAD)$(git -C "$SRC" --no-optional-locks status --porcelain -- src | grep -q . && echo ' (src/ modified)')"
  echo "itreg commands: $("$BIN" --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{printf "%s ", $1}')"
  echo "nproc: $(nproc)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "ram: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "work dir: $WORK ($(df -h --output=fstype "$WORK" | tail -1 | tr -d ' '))"
  # Other large files on the same tmpfs doubled the 100k build's system time once (RESULTS.md, ninth run).
  echo "memory available: $(awk '/MemAvailable/{printf "%.1f GiB", $2/1048576}' /proc/meminfo); $(df -h --output=target,used "$WORK" | tail -1 | awk '{print $1 " holds " $2}') before the run"
  echo "hugo: $(hugo version | cut -d' ' -f2)"
  echo "zola: $("$ZOLA" --version | cut -d' ' -f2)"
  echo "hyperfine: $(hyperfine --version | cut -d' ' -f2)"
  echo "check-jsonschema: $(check-jsonschema --version 2>&1 | awk '{print $NF}')"
  echo "ajv-cli: $(npm ls -g ajv-cli --depth=0 2>/dev/null | sed -n 's/.*ajv-cli@//p'), ajv-formats: $(npm ls -g ajv-formats --depth=0 2>/dev/null | sed -n 's/.*ajv-formats@//p')"
  echo "git: $(git --version | cut -d' ' -f3)"
  echo "python: $(python3 --version | cut -d' ' -f2)"
} | tee "$RES/machine.txt"

# ------------------------------------------------------------------ data
R=$WORK/r$N RQ=$WORK/r$N-quoted RG=$WORK/r$N-git H=$WORK/hugo$N Z=$WORK/zola$N RB=$WORK/r$BIG ZB=$WORK/zola$BIG
gen() { python3 "$HERE/generate.py" --seed "$SEED" "$@"; }
if want build || want check || want serve || want search; then
  say "generating $N (+ Hugo and Zola twins)"; gen --assets "$N" --out "$R" --hugo "$H" --zola "$Z"
fi
if want build && [[ " $SHAPES " == *" scaled "* ]]; then
  say "generating $N in the older scaled shape"; gen --assets "$N" --shape scaled --out "$R-scaled"
fi
if want check; then say "generating $N with quoted dates (for ajv)"; gen --assets "$N" --out "$RQ" --quote-dates; fi
if want history; then
  say "generating $N as git history ($GIT_COMMITS commits over $GIT_FILES files)"
  gen --assets "$N" --out "$RG" --git-commits "$GIT_COMMITS" --git-files "$GIT_FILES"
fi
if want big; then say "generating $BIG (+ Zola twin)"; gen --assets "$BIG" --out "$RB" --zola "$ZB"; fi

for root in "$R" "$R-scaled" "$RQ" "$RG"; do
  [ -d "$root" ] || continue
  "$BIN" --root "$root" --today $TODAY check >"$root.check.txt" 2>&1 || { echo "itreg check found errors in $root" >&2; tail -5 "$root.check.txt" >&2; exit 1; }
  tail -1 "$root.check.txt" >&2
done

HF=(hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS")

# rebuild_after_one_change ROOT OUT RUNS RESULT: OUT holds ROOT's site. Each
# run changes one asset's `config` line (then changes it back, and so on)
# and rebuilds into OUT, as a deploy after one merged change would; writes
# the rebuild times (median last) and the files rewritten to RESULT.
rebuild_after_one_change() {
  local root=$1 out=$2 runs=$3 result=$4 file times=() written=()
  file=$(grep -rl '^config: ' "$root/records/assets" | sort | sed -n 1p)   # not head: SIGPIPE under pipefail
  cp "$file" "$WORK/edited.yaml.saved"
  for i in $(seq "$runs"); do
    if [ $((i % 2)) = 1 ]; then sed -i 's/^config: /config: (bench) /' "$file"; else cp "$WORK/edited.yaml.saved" "$file"; fi
    local start end log
    start=$(date +%s.%N)
    log=$(ITREG_TIMINGS=1 "$BIN" --root "$root" --today $TODAY build --out "$out" 2>&1)
    end=$(date +%s.%N)
    times+=("$(awk "BEGIN { printf \"%.2f\", $end - $start }")")
    written+=("$(echo "$log" | sed -n 's/.*(\([0-9]*\) tệp ghi mới.*/\1/p')")
  done
  cp "$WORK/edited.yaml.saved" "$file"
  echo "$log" >"${result%.txt}-timings.txt"   # the last rebuild's phases
  {
    echo "changed record: ${file#"$root"/}"
    echo "rebuild seconds: ${times[*]} (median $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'))"
    echo "files rewritten: ${written[*]}"
  } | tee "$result"
}

# ------------------------------------------------------------------ build@N vs hugo
if want build; then
  say "build@$N: itreg vs hugo"
  "${HF[@]}" --export-json "$RES/build.json" \
    --prepare "rm -rf $WORK/out-itreg" -n itreg-build "$BIN --root $R --today $TODAY build --out $WORK/out-itreg" \
    --prepare "rm -rf $WORK/out-hugo $H/resources $H/.hugo_build.lock" -n hugo "hugo --quiet --source $H --destination $WORK/out-hugo" \
    --prepare "rm -rf $WORK/out-zola" -n zola "cd $Z && $ZOLA build --output-dir $WORK/out-zola"
  echo "itreg pages: $(find "$WORK/out-itreg" -name '*.html' | wc -l), hugo pages: $(find "$WORK/out-hugo" -name '*.html' | wc -l), zola pages: $(find "$WORK/out-zola" -name '*.html' | wc -l)" | tee "$RES/build-pages.txt"
  echo "itreg site: $(du -sm "$WORK/out-itreg" | cut -f1) MB in $(find "$WORK/out-itreg" -type f | wc -l) files" | tee "$RES/build-size.txt"
  if [ -d "$R-scaled" ]; then
    say "build@$N, older scaled shape"
    "${HF[@]}" --export-json "$RES/build-scaled.json" \
      --prepare "rm -rf $WORK/out-scaled" -n itreg-build-scaled "$BIN --root $R-scaled --today $TODAY build --out $WORK/out-scaled"
    echo "itreg site (scaled shape): $(du -sm "$WORK/out-scaled" | cut -f1) MB in $(find "$WORK/out-scaled" -type f | wc -l) files" | tee -a "$RES/build-size.txt"
  fi
  say "rebuild@$N after a one-record change"
  rebuild_after_one_change "$R" "$WORK/out-itreg" "$RUNS" "$RES/rebuild.txt"
fi

# ------------------------------------------------------------------ check@N vs validators
if want check; then
  say "check@$N: itreg vs check-jsonschema vs ajv"
  bash "$HERE/peer-check.sh" ajv "$RQ" || { echo "ajv rejects the quoted copy" >&2; exit 1; }
  "${HF[@]}" --export-json "$RES/check.json" \
    -n itreg-check "$BIN --root $R --today $TODAY check" \
    -n itreg-check-quoted "$BIN --root $RQ --today $TODAY check" \
    -n ajv "bash $HERE/peer-check.sh ajv $RQ"
  hyperfine --style basic --warmup "$CJS_WARMUP" --runs "$CJS_RUNS" --export-json "$RES/check-cjs.json" \
    -n check-jsonschema "bash $HERE/peer-check.sh cjs $R"
  # what ajv says about the unquoted files (js-yaml 3 loads bare dates as Date objects)
  (bash "$HERE/peer-check.sh" ajv "$R" && echo "ajv on unquoted dates: valid" || echo "ajv on unquoted dates: INVALID (bare YAML dates become Date objects in js-yaml 3)") | tee "$RES/ajv-unquoted.txt"
fi

# ------------------------------------------------------------------ history
if want history; then
  say "history: itreg vs git log"
  if "$BIN" history --help >/dev/null 2>&1; then
    echo "itreg history command" | tee "$RES/history-mode.txt"
    COLD="rm -rf $RG/.itreg-cache" HIST="$BIN --root $RG --today $TODAY history"
  elif (cd "$HERE/history-probe" && cp "$SRC/Cargo.lock" . && CARGO_TARGET_DIR=$PROBE_TARGET cargo build --release --quiet); then
    # No CLI command yet: time the library call itreg uses (itreg::history::history_for_root).
    echo "no itreg history command in this build: timing itreg::history::history_for_root through bench/history-probe (cold = no .itreg-cache/history.json; warm = cached)" | tee "$RES/history-mode.txt"
    COLD="rm -rf $RG/.itreg-cache" HIST="$PROBE_TARGET/release/itreg-history-probe $RG"
  else
    echo "no itreg history command and the probe did not build: timing itreg build on the git repository" | tee "$RES/history-mode.txt"
    COLD="rm -rf $RG/.itreg-cache $WORK/out-git" HIST="$BIN --root $RG --today $TODAY build --out $WORK/out-git"
  fi
  "${HF[@]}" --export-json "$RES/history.json" \
    --prepare "$COLD" -n itreg-history "$HIST" \
    --prepare "true" -n git-log "git -C $RG log --name-only" \
    --prepare "rm -rf $WORK/out-git" -n itreg-history-warm "$HIST"
fi

# ------------------------------------------------------------------ build@BIG
if want big; then
  say "build@$BIG: time and peak memory"
  : >"$RES/big.txt"
  for i in $(seq "$BIG_RUNS"); do
    rm -rf "$WORK/out-big"
    /usr/bin/time -v "$BIN" --root "$RB" --today $TODAY build --out "$WORK/out-big" >"$WORK/big-$i.log" 2>&1
    grep -E "Elapsed|Maximum resident|User time|System time|trang" "$WORK/big-$i.log" | tee -a "$RES/big.txt"
  done
  echo "itreg site: $(du -sm "$WORK/out-big" | cut -f1) MB in $(find "$WORK/out-big" -type f | wc -l) files" | tee "$RES/big-size.txt"
  say "rebuild@$BIG after a one-record change"
  rebuild_after_one_change "$RB" "$WORK/out-big" 2 "$RES/big-rebuild.txt"
  rm -rf "$WORK/out-big"   # 4 GB on the tmpfs would slow Zola's build
  rm -rf "$WORK/out-zola-big"
  (cd "$ZB" && /usr/bin/time -v "$ZOLA" build --output-dir "$WORK/out-zola-big") >"$WORK/big-zola.log" 2>&1
  grep -E "Elapsed|Maximum resident" "$WORK/big-zola.log" | tee "$RES/big-zola.txt"
  rm -rf "$WORK/out-zola-big"
  # For comparison, not a goal: the same build without the English mirror.
  say "build@$BIG, Vietnamese only ([site] languages = [\"vi\"])"
  cp "$RB/itreg.toml" "$WORK/itreg.toml.saved"
  printf 'languages = ["vi"]\n' >>"$RB/itreg.toml"
  rm -rf "$WORK/out-big"
  /usr/bin/time -v "$BIN" --root "$RB" --today $TODAY build --out "$WORK/out-big" >"$WORK/big-vi.log" 2>&1
  cp "$WORK/itreg.toml.saved" "$RB/itreg.toml"
  grep -E "Elapsed|Maximum resident|User time|System time|trang" "$WORK/big-vi.log" | tee "$RES/big-vi.txt"
  rm -rf "$WORK/out-big"
fi

# ------------------------------------------------------------------ serve
if want serve; then
  say "serve@$N: save → rebuilt page latency"
  python3 "$HERE/serve_latency.py" "$BIN" "$R" $TODAY "$PORT" "$SERVE_RUNS" | tee "$RES/serve.json"
  rm -rf "$R/.itreg-cache"
fi

# ------------------------------------------------------------------ search
if want search; then
  say "search@$N: bytes of a first query"
  [ -d "$WORK/out-itreg" ] || "$BIN" --root "$R" --today $TODAY build --out "$WORK/out-itreg" >/dev/null 2>&1
  python3 "$HERE/search_bytes.py" "$WORK/out-itreg" "may in" "dell" "nguyen van anh" "máy chủ" "HP LaserJet" "ha noi" | tee "$RES/search.json"
  if want big; then
    say "search@$BIG: bytes of a first query"
    [ -d "$WORK/out-big" ] || "$BIN" --root "$RB" --today $TODAY build --out "$WORK/out-big" >/dev/null 2>&1
    python3 "$HERE/search_bytes.py" "$WORK/out-big" "may in" "dell" "nguyen van anh" | tee "$RES/search-big.json"
  fi
  say "search@$N: results after the last keystroke, index cached (Chromium)"
  (cd "$SRC" && cargo run --release --quiet --example search_latency -- "$WORK/out-itreg" \
    "may in" "dell" "nguyen van anh" "máy chủ" "HP LaserJet" "ha noi") | tee "$RES/search-latency.json"
  say "search@$N: itreg beside Pagefind (index time, bytes, relevance on bench/search_queries.tsv)"
  WORK=$WORK/search-peer bash "$HERE/search_peer.sh" "$BIN" "$R" "$RES/search-peer.json" "$SRC"
fi

python3 "$HERE/report.py" "$RES" | tee "$RES/summary.md"
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"/out-* "$RB" "$ZB"
