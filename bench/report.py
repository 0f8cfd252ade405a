#!/usr/bin/env python3
"""Summarise bench/results/ (hyperfine JSON and the other probes) as a
Markdown table of medians, ratios itreg/peer and the goals."""
import json, re, statistics, sys
from pathlib import Path

res = Path(sys.argv[1])


def hf(name):
    p = res / name
    try:
        return {r["command"]: r for r in json.loads(p.read_text())["results"]}
    except (OSError, ValueError, KeyError):
        return {}


def med(r):
    return statistics.median(r["times"]) if r else None


def cpu(r):
    """Mean user+system CPU seconds (hyperfine 1.15 keeps only the means):
    less sensitive than wall time to other processes competing for the cores."""
    if not r or "user" not in r:
        return None
    u, s = r["user"], r["system"]
    return statistics.median(u) + statistics.median(s) if isinstance(u, list) else u + s


def fmt(s):
    return "–" if s is None else (f"{s:.3f} s" if s < 10 else f"{s:.1f} s")


rows = []


def row(what, measured, peer, ratio, goal, ok):
    rows.append(f"| {what} | {measured} | {peer} | {ratio} | {goal} | {'✅ pass' if ok else '❌ fail' if ok is not None else '–'} |")


build = hf("build.json")
if build:
    i, h = med(build.get("itreg-build")), med(build.get("hugo"))
    ci, ch = cpu(build.get("itreg-build")), cpu(build.get("hugo"))
    row("build@10k vs Hugo", f"{fmt(i)} (CPU {fmt(ci)})", f"Hugo {fmt(h)} (CPU {fmt(ch)})",
        f"{i / h:.2f}× (CPU {ci / ch:.2f}×)", "≤ 0.5×", i / h <= 0.5)
    z, cz = med(build.get("zola")), cpu(build.get("zola"))
    if z:
        row("build@10k vs Zola", f"{fmt(i)} (CPU {fmt(ci)})", f"Zola {fmt(z)} (CPU {fmt(cz)})",
            f"{i / z:.2f}× (CPU {ci / cz:.2f}×)", "≤ 1.0×", i / z <= 1.0)
size = res / "build-size.txt"
if size.exists():
    for line in size.read_text().splitlines():
        if m := re.match(r"itreg site: (\d+) MB in (\d+) files", line):
            mb = int(m.group(1))
            row("site@10k size", f"{mb} MB, {m.group(2)} files", "", "", "≤ 150 MB", mb <= 150)
        elif m := re.match(r"itreg site \(scaled shape\): (\d+) MB in (\d+) files", line):
            rows.append(f"|  | _older scaled shape: {m.group(1)} MB, {m.group(2)} files_ | | | | |")
scaled = hf("build-scaled.json")
if scaled and build:
    sc, h = med(scaled.get("itreg-build-scaled")), med(build.get("hugo"))
    row("build@10k, older scaled shape, vs Hugo", fmt(sc), f"Hugo {fmt(h)}", f"{sc / h:.2f}×", "≤ 0.5×", sc / h <= 0.5)

check, cjs = hf("check.json"), hf("check-cjs.json")
if check:
    i, a = med(check.get("itreg-check")), med(check.get("ajv"))
    ci, ca = cpu(check.get("itreg-check")), cpu(check.get("ajv"))
    c = med(cjs.get("check-jsonschema")) if cjs else None
    cc = cpu(cjs.get("check-jsonschema")) if cjs else None
    if c:
        row("check@10k vs check-jsonschema", f"{fmt(i)} (CPU {fmt(ci)})", f"check-jsonschema {fmt(c)} (CPU {fmt(cc)})",
            f"{c / i:.1f}× faster (CPU {cc / ci:.1f}×)", "≥ 20× faster", c / i >= 20)
    row("check@10k vs ajv", f"{fmt(i)} (CPU {fmt(ci)})", f"ajv {fmt(a)} (CPU {fmt(ca)})",
        f"{a / i:.2f}× faster (CPU {ca / ci:.2f}×)", "≥ 2× faster", a / i >= 2)

hist, nogit = hf("history.json"), hf("history-nogit.json")
if hist:
    i, g = med(hist.get("itreg-history")), med(hist.get("git-log"))
    w = med(hist.get("itreg-history-warm"))
    mode = (res / "history-mode.txt").read_text().strip() if (res / "history-mode.txt").exists() else ""
    extra = ""
    if nogit and "build" in mode:
        n = med(nogit.get("itreg-build-nogit"))
        extra = f"; same build without .git {fmt(n)}, so history costs {fmt(i - n)} cold, {fmt(w - n)} warm"
    row("history vs `git log --name-only`", f"{fmt(i)} cold, {fmt(w)} warm (CPU {fmt(cpu(hist.get('itreg-history')))})",
        f"git log {fmt(g)} (CPU {fmt(cpu(hist.get('git-log')))})", f"{i / g:.1f}× (cold)", "≤ 1.5×", i / g <= 1.5)
    rows.append(f"|  | _{mode}{extra}_ | | | | |")

def time_v(path):
    """Median wall seconds and peak GiB of the `/usr/bin/time -v` runs in a file."""
    text = path.read_text()
    secs = []
    for m in re.finditer(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text):
        parts = [float(x) for x in m.group(1).split(":")]
        secs.append(sum(p * 60 ** k for k, p in enumerate(reversed(parts))))
    rss = [int(x) / 1024 / 1024 for x in re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)]
    return (statistics.median(secs), statistics.median(rss)) if secs else None


big = res / "big.txt"
if big.exists() and (measured := time_v(big)):
    s, m = measured
    zola_big = res / "big-zola.txt"
    if zola_big.exists() and (zm := time_v(zola_big)):
        row("build@100k vs Zola", fmt(s), f"Zola {fmt(zm[0])}", f"{s / zm[0]:.2f}×", "≤ 1.0×", s / zm[0] <= 1.0)
    else:
        row("build@100k time", fmt(s), "", "", "< 10 s", s < 10)
    row("build@100k peak memory", f"{m:.2f} GiB", "", "", "≤ 1 GB", m <= 1.0)
big_vi = res / "big-vi.txt"
if big_vi.exists() and (measured := time_v(big_vi)):
    s, m = measured
    rows.append(f"|  | _for comparison, Vietnamese only (`languages = [\"vi\"]`): {fmt(s)}, {m:.2f} GiB_ | | | | |")


def rebuild(path):
    """Median rebuild seconds and the largest number of files rewritten."""
    if not path.exists():
        return None
    text = path.read_text()
    m, w = re.search(r"\(median ([\d.]+)\)", text), re.search(r"files rewritten: ([\d ]+)", text)
    return (float(m.group(1)), max(int(x) for x in w.group(1).split())) if m and w else None


if build and (r := rebuild(res / "rebuild.txt")):
    i = med(build.get("itreg-build"))
    row("rebuild@10k after a one-record change", f"{fmt(r[0])}, {r[1]} files rewritten", f"full build {fmt(i)}",
        f"{r[0] / i:.2f}×", "–", None)
if big.exists() and (measured := time_v(big)) and (r := rebuild(res / "big-rebuild.txt")):
    row("rebuild@100k after a one-record change", f"{fmt(r[0])}, {r[1]} files rewritten", f"full build {fmt(measured[0])}",
        f"{r[0] / measured[0]:.2f}×", "≤ 0.25×, < 100 files", r[0] / measured[0] <= 0.25 and r[1] < 100)

serve = res / "serve.json"
if serve.exists():
    s = json.loads(serve.read_text())
    row("serve: save → rebuilt page @10k", f"{s['median_ms']:.0f} ms (min {s['min_ms']:.0f}, max {s['max_ms']:.0f})",
        "", "", "≤ 100 ms", s["median_ms"] <= 100 and s["all_pages_changed"])

latency = res / "search-latency.json"
if latency.exists():
    ms = json.loads(latency.read_text())
    worst = max(ms.values())
    row("search results after the last keystroke @10k (slowest query, median of 5)", f"{worst:.0f} ms", "", "", "≤ 100 ms", worst <= 100)
    rows.append("|  | _" + ", ".join(f"“{q}” {t:.0f} ms" for q, t in ms.items()) + "_ | | | | |")
search = res / "search.json"
if search.exists():
    qs = json.loads(search.read_text())
    worst = max(q["bytes"] for q in qs)
    detail = ", ".join(f"“{q['query']}” {q['bytes'] / 1000:.0f} KB ({q['gzip_bytes'] / 1000:.0f} KB gz)" for q in qs)
    row("first search @10k (largest query)", f"{worst / 1000:.0f} KB", "", "", "≤ 300 KB", worst <= 300_000)
    rows.append(f"|  | _{detail}_ | | | | |")

print("| measure | itreg (median) | peer (median) | ratio | goal | result |")
print("| --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
