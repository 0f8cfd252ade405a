#!/usr/bin/env bash
# bench/search_peer.sh — itreg's search index beside Pagefind's on the same
# built pages: time to index, bytes fetched by a first and a second query,
# and how many of the written queries (bench/search_queries.tsv, the ones
# of tests/search_relevance.rs) put the right page in the first three.
#
#   bash bench/search_peer.sh BIN RECORDS_ROOT OUT_JSON [SAMPLE_ROOT]
#
# RECORDS_ROOT (e.g. the 10k data) gives the bytes and timings; SAMPLE_ROOT
# (default: the repository, whose records the queries are written against)
# gives the relevance. Pagefind (npm `pagefind`) is installed into
# $WORK/pagefind when missing. Pagefind is driven in headless Chromium
# (its search runs in WebAssembly), over a plain HTTP server (no gzip), and
# loads the data of the first 20 results, as itreg's first page shows 20.
# itreg's bytes and ranks come from bench/search_bytes.py, which replays
# itreg.js; the Chromium test (tests/search_relevance.rs) checks the same
# queries on the real page.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=$1 DATA=$2 OUT=$3 SAMPLE=${4:-$(dirname "$HERE")}
TODAY=2026-11-23
WORK=${WORK:-/dev/shm/itreg-search-peer}
PORT=${PEER_PORT:-18931}
mkdir -p "$WORK"
PF=$WORK/pagefind/node_modules/.bin/pagefind
[ -x "$PF" ] || (mkdir -p "$WORK/pagefind" && cd "$WORK/pagefind" && npm install --silent pagefind@1 >/dev/null)

build() { rm -rf "$2"; "$BIN" --root "$1" --today $TODAY build --out "$2" >/dev/null; }
ms() { python3 -c 'import sys,time; print(round((time.time()-float(sys.argv[1]))*1000))' "$1"; }

# itreg: build once without timing, then time the whole build (its index is
# one part of it; `search` in the timings shows the share).
measure_site() { # name root out
  local name=$1 root=$2 out=$3 t
  build "$root" "$out"
  t=$(date +%s.%N); "$PF" --site "$out" --output-subdir pagefind >"$WORK/$name-pagefind.log" 2>&1; echo "\"pagefind_index_ms\": $(ms "$t"),"
  t=$(date +%s.%N); ITREG_TIMINGS=1 "$BIN" --root "$root" --today $TODAY build --out "$out.timed" >"$WORK/$name-itreg.log" 2>&1; echo "\"itreg_build_ms\": $(ms "$t"),"
  rm -rf "$out.timed"
}

# Run the Pagefind harness page in Chromium over OUT, printing its JSON.
pagefind_run() { # out queries-json
  local out=$1
  cat >"$out/pagefind-bench.html" <<HTML
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body><pre id="out">running</pre>
<script type="module">
const queries = $2;
const bytes = () => performance.getEntriesByType('resource').reduce((n, e) => n + e.encodedBodySize, 0);
const out = { queries: [] };
try {
  const pagefind = await import('./pagefind/pagefind.js');
  await pagefind.options({ excerptLength: 20 });
  for (const [query, page] of queries) {
    const before = bytes();
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.slice(0, 20).map(r => r.data()));
    const urls = data.map(d => d.url);
    const rank = page ? urls.findIndex(u => u.replace(/\.html\$/, '').endsWith(page.replace(/\.html\$/, ''))) + 1 : null;
    out.queries.push({ query, hits: search.results.length, bytes: bytes() - before, rank: rank || null, top: urls.slice(0, 3) });
  }
} catch (e) { out.error = String(e); }
document.getElementById('out').textContent = JSON.stringify(out);
</script></body></html>
HTML
  (cd "$out" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) & local server=$!
  sleep 1
  timeout 600 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=300000 \
    --dump-dom "http://127.0.0.1:$PORT/pagefind-bench.html" 2>/dev/null |
    python3 -c 'import sys,re,html; m=re.search(r"<pre id=\"out\">(.*?)</pre>", sys.stdin.read(), re.S); print(html.unescape(m.group(1)) if m else "{\"error\": \"no output\"}")'
  kill "$server"
}

BYTES_QUERIES='[["may in", null], ["nguyen van anh", null]]'
REL_QUERIES=$(python3 -c 'import json,sys; print(json.dumps([l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")], ensure_ascii=False))' "$HERE/search_queries.tsv")

{
  echo "{"
  echo "\"data\": {"; measure_site data "$DATA" "$WORK/out-data"; echo "\"pagefind\": $(pagefind_run "$WORK/out-data" "$BYTES_QUERIES"),"
  echo "\"itreg\": $(python3 "$HERE/search_bytes.py" "$WORK/out-data" "may in" "nguyen van anh")"
  echo "},"
  echo "\"sample\": {"; build "$SAMPLE" "$WORK/out-sample"; "$PF" --site "$WORK/out-sample" --output-subdir pagefind >/dev/null 2>&1
  echo "\"pagefind\": $(pagefind_run "$WORK/out-sample" "$REL_QUERIES"),"
  echo "\"itreg\": $(python3 "$HERE/search_bytes.py" --rank "$WORK/out-sample" "$HERE/search_queries.tsv")"
  echo "}"
  echo "}"
} >"$OUT.raw"
python3 - "$OUT.raw" "$OUT" <<'PY'
import json, sys
raw = json.load(open(sys.argv[1]))
def top3(rows): return sum(1 for r in rows if r.get("rank") and r["rank"] <= 3)
d, s = raw["data"], raw["sample"]
summary = {
  "index_ms": {"pagefind": d["pagefind_index_ms"], "itreg_whole_build": d["itreg_build_ms"]},
  "bytes": {"pagefind": [(q["query"], q["bytes"]) for q in d["pagefind"].get("queries", [])],
            "itreg_raw": [(q["query"], q["bytes"]) for q in d["itreg"]],
            "itreg_gzip": [(q["query"], q["gzip_bytes"]) for q in d["itreg"]]},
  "top3": {"pagefind": top3(s["pagefind"].get("queries", [])), "itreg": top3(s["itreg"]), "of": len(s["itreg"])},
  "pagefind_misses": [(q["query"], q["top"]) for q in s["pagefind"].get("queries", []) if not (q.get("rank") and q["rank"] <= 3)],
  "errors": [x for x in (d["pagefind"].get("error"), s["pagefind"].get("error")) if x],
}
raw["summary"] = summary
json.dump(raw, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
print(json.dumps(summary, ensure_ascii=False, indent=1))
PY
