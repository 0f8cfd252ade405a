#!/usr/bin/env python3
"""Bytes the site's search fetches for a first query, replaying itreg.js:
one token shard `search/t/<first two folded letters>.json` per query word,
prefix-matched and intersected, then the doc chunks `search/d/<n>.json` that
hold the first 50 hits. Usage: search_bytes.py SITE_DIR QUERY... (JSON out)."""
import gzip, json, re, sys, unicodedata
from pathlib import Path

MAX_RESULTS, CHUNK = 50, 500


def fold(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def measure(site: Path, query: str) -> dict:
    tokens = list(dict.fromkeys(re.findall(r"[a-z0-9]+", fold(query))))
    files, sets = [], []
    for token in tokens:
        name = token if len(token) == 1 else token[:2]
        path = site / "search" / "t" / f"{name}.json"
        shard = json.loads(path.read_bytes()) if path.exists() else {}
        if path.exists() and path not in files:
            files.append(path)
        ids = set()
        for key, postings in shard.items():
            if key.startswith(token):
                ids.update(postings)
        sets.append(ids)
    hits = sorted(set.intersection(*sets)) if sets else []
    for n in sorted({i // CHUNK for i in hits[:MAX_RESULTS]}):
        files.append(site / "search" / "d" / f"{n}.json")
    raw = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return {"query": query, "hits": len(hits), "files": [str(f.relative_to(site)) for f in files],
            "bytes": raw, "gzip_bytes": gz}


if __name__ == "__main__":
    site = Path(sys.argv[1])
    print(json.dumps([measure(site, q) for q in sys.argv[2:]], ensure_ascii=False, indent=1))
