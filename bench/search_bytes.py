#!/usr/bin/env python3
"""Replays the site's search (site-templates/static/itreg.js, section
"2. search") over a built site's index, to count the bytes a query fetches
and where a page ranks, without a browser.

  search_bytes.py SITE_DIR QUERY...            bytes of each query (JSON out):
      a first query (cold cache) and each later one (files already fetched
      are not fetched again)
  search_bytes.py --rank SITE_DIR QUERIES.tsv  for each "query<TAB>page"
      line, the page's rank (1-based, null when not found)

What a query fetches: search/meta.json, the token shard of each query word
(the longest shard name that starts the word; with the last word of 3+
letters also every shard under it, for words that start with it), the shard
of the words run together (exact id, serial, tag, mail), and the result
chunks d/<n>.json of the first page (20 results)."""
import gzip, json, math, re, sys, unicodedata
from pathlib import Path

PAGE, PREFIX_FACTOR, EXACT_BONUS, NO_POSITION, MIN_PREFIX = 20, 0.6, 1000, -1, 3
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvwxyz-_WXYZ"


def decode(text):
    numbers, value = [], 0
    for c in text:
        digit = DIGITS.index(c)
        value = value * 32 + digit % 32
        if digit < 32:
            numbers.append(value)
            value = 0
    return numbers


def fold(text):
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D").lower()


class Index:
    def __init__(self, site: Path, lang_prefix=""):
        self.root = site / lang_prefix / "search"
        self.fetched = []  # paths in fetch order
        self.cache = {}
        self.meta = self.load("meta.json") or {}
        self.shards = set(self.meta.get("shards", []))

    def load(self, name):
        if name not in self.cache:
            path = self.root / name
            self.cache[name] = json.loads(path.read_bytes()) if path.exists() else None
            if path.exists():
                self.fetched.append(path)
        return self.cache[name]

    def shard_name(self, token):
        for end in range(len(token), 0, -1):
            if token[:end] in self.shards:
                return token[:end]
        return token[:2]

    def postings(self, token, prefix, exact):
        names = [self.shard_name(token)]
        if prefix and not exact:
            names += [n for n in self.shards if len(n) > len(token) and n.startswith(token)]
        found = {}
        for name in names:
            data = self.load(f"t/{name}.json") or {}
            for key, flat in data.items():
                whole = key == "=" + token if exact else key == token
                starts = not exact and prefix and not key.startswith("=") and key.startswith(token)
                if not (whole or starts):
                    continue
                doc, numbers = 0, decode(flat)
                for i in range(0, len(numbers) - 1, 2):
                    doc += numbers[i]
                    code = numbers[i + 1]
                    hit = ((code % 16) / 15, code // 16 - 1 if code >= 16 else NO_POSITION, 0, whole)
                    if doc not in found or weight(hit) > weight(found[doc]):
                        found[doc] = hit
        return found

    def search(self, query):
        tokens = list(dict.fromkeys(re.findall(r"[a-z0-9]+", fold(query))))[:12]
        if not tokens:
            return []
        prefix = not query.endswith(" ") and len(tokens[-1]) >= MIN_PREFIX
        maps = [self.postings(t, prefix and i == len(tokens) - 1, False) for i, t in enumerate(tokens)]
        exact = self.postings("".join(tokens), False, True)
        n = max(self.meta.get("n", 1), 1)
        idf = [math.log(1 + (n - len(m) + 0.5) / (len(m) + 0.5)) for m in maps]
        results = []
        for doc in min(maps, key=len):
            if not all(doc in m for m in maps):
                continue
            hits = [m[doc] for m in maps]
            score = sum(i * weight(h) for i, h in zip(idf, hits))
            for j in range(len(hits) - 1):
                a, b = hits[j][1], hits[j + 1][1]
                if a != NO_POSITION and b != NO_POSITION and b > a:
                    score += (1 if b == a + 1 else 0.5) * min(idf[j], idf[j + 1])
            if doc in exact:
                score += EXACT_BONUS
            results.append((-score, doc))
        results.sort()
        return [doc for _, doc in results]

    def page(self, docs):
        """Load the chunks of the first page; the URLs of those results."""
        size = self.meta.get("chunk", 50)
        urls = []
        for doc in docs[:PAGE]:
            chunk = self.load(f"d/{doc // size}.json") or []
            urls.append(chunk[doc % size][1] if doc % size < len(chunk) else None)
        return urls


def weight(hit):
    return hit[0] * (1 if hit[3] else PREFIX_FACTOR)


def sizes(paths):
    return sum(p.stat().st_size for p in paths), sum(len(gzip.compress(p.read_bytes(), 6)) for p in paths)


def measure(site: Path, queries):
    index = Index(site)
    out = []
    for number, query in enumerate(queries):
        before = len(index.fetched) if number else 0  # a first query also fetches meta.json
        docs = index.search(query)
        index.page(docs)
        new = index.fetched[before:]
        raw, gz = sizes(new)
        out.append({"query": query, "hits": len(docs), "cold": number == 0,
                    "files": [str(p.relative_to(site)) for p in new], "bytes": raw, "gzip_bytes": gz})
    return out


def ranks(site: Path, tsv: Path):
    out = []
    for line in tsv.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, page = line.split("\t")
        index = Index(site)
        urls = index.page(index.search(query))
        rank = next((i + 1 for i, u in enumerate(urls) if u and u.endswith(page)), None)
        out.append({"query": query, "page": page, "rank": rank})
    return out


if __name__ == "__main__":
    if sys.argv[1] == "--rank":
        print(json.dumps(ranks(Path(sys.argv[2]), Path(sys.argv[3])), ensure_ascii=False, indent=1))
    else:
        print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2:]), ensure_ascii=False, indent=1))
