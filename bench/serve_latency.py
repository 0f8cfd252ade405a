#!/usr/bin/env python3
"""Save-to-page latency of `itreg serve`: start it, wait for the first build,
then RUNS times change one record's `config:` line, poll /__itreg/version
until it moves, fetch the record's page and check it shows the new text.
Usage: serve_latency.py ITREG_BIN ROOT TODAY PORT RUNS > result.json"""
import json, os, re, statistics, subprocess, sys, time, urllib.request
from pathlib import Path

binary, root, today, port, runs = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
base = f"http://127.0.0.1:{port}"


def get(path, timeout=5.0):
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        return r.read().decode("utf-8", "replace")


def version():
    try:
        return get("/__itreg/version", 2.0).strip()
    except Exception:
        return None


record = sorted((root / "records" / "assets").glob("*/*-PC-0001.yaml"))[0]
tag = record.stem
original = record.read_text(encoding="utf-8")
log = open(root.parent / "serve.log", "w")
proc = subprocess.Popen([binary, "--root", str(root), "--today", today, "serve", "--port", str(port)],
                        stdout=log, stderr=subprocess.STDOUT)
result = {"record": str(record.relative_to(root)), "runs": []}
try:
    started = time.perf_counter()
    while version() in (None, "0"):
        if proc.poll() is not None:
            raise SystemExit("itreg serve exited")
        if time.perf_counter() - started > 900:
            raise SystemExit("no first build in 900 s")
        time.sleep(0.05)
    result["first_build_s"] = time.perf_counter() - started
    for i in range(runs):
        time.sleep(1.0)  # let the watcher settle
        before = version()
        marker = f"BENCH{i}X{int(time.time() * 1000)}"
        text = re.sub(r"^config: .*$", f"config: Core i5, RAM 8 GB ({marker})", original, count=1, flags=re.M)
        t0 = time.perf_counter()
        record.write_text(text, encoding="utf-8")
        t_saved = time.perf_counter()
        while version() == before:
            if time.perf_counter() - t0 > 900:
                raise SystemExit("no rebuild in 900 s")
            time.sleep(0.002)
        t1 = time.perf_counter()
        page = get(f"/assets/{tag}.html")
        t2 = time.perf_counter()
        result["runs"].append({"saved_to_version_ms": (t1 - t0) * 1000, "saved_to_page_ms": (t2 - t0) * 1000,
                               "write_ms": (t_saved - t0) * 1000, "page_has_change": marker in page})
    lat = [r["saved_to_page_ms"] for r in result["runs"]]
    result["median_ms"] = statistics.median(lat)
    result["min_ms"], result["max_ms"] = min(lat), max(lat)
    result["all_pages_changed"] = all(r["page_has_change"] for r in result["runs"])
finally:
    record.write_text(original, encoding="utf-8")
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
print(json.dumps(result, indent=1))
