#!/usr/bin/env python3
"""Compare copydesk's clustering stage with datasketch, rensa and gaoya on the same corpus.

Driven by bench/compare.sh (which makes the venv and builds copydesk). Steps:

1. generate an English and an Arabic corpus with `copydesk-gen` (JSONL shards + gold.jsonl);
2. run every tool as a separate process under `/usr/bin/time -v` (wall time, peak RSS):
   - copydesk: `scan --only-tokenize` (the floor), `scan --only-clusters` (clustering stage),
     `scan --json` (the whole pipeline: clusters, story groups, alignment, divergences);
   - each peer: `compare.py peer NAME` (read JSONL, tokenise, MinHash k=128, LSH, clusters);
3. score every tool's clusters against the gold reprint clusters (pairwise precision/recall over
   same-cluster pairs) and print one table, then the issue's targets read off it.

copydesk's floor, clustering stage and one-thread clustering stage run in interleaved rounds
(`--rounds`), so that their ratios (against the floor, 2 threads against 1) are not skewed by the
machine's speed drifting between one block of runs and the next.

Every tool gets raw text and does its own tokenisation, and that time counts. Shingles are word
3-shingles over lower-cased word tokens for all of them:
- datasketch, rensa: `re.findall(r"[^\\W_]+", text.lower())`, 3-grams joined by a space, UTF-8;
- gaoya: its built-in Rust `word` analyzer with `lowercase=True, ngram_range=(3, 3)`;
- copydesk: its own text stage (NFKC, case and Arabic folding, UAX #29 words, light stems) and
  word 3-shingles over the stems.
Peers cluster by LSH candidates whose estimated Jaccard reaches `--peer-threshold`, joined by
union-find; the LSH bands/rows for peers come from the same false-positive/false-negative
optimisation copydesk uses, for that threshold and k.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections import Counter
from math import comb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
K = 128
WORD = re.compile(r"[^\W_]+")


# --------------------------------------------------------------------------------------------
# Shared helpers


def optimal_bands(threshold: float, k: int, exact: bool = False) -> tuple[int, int]:
    """Same rule as copydesk's `sketch::optimal_bands`: minimise FP mass below + FN mass above.
    `exact` restricts to bands * rows == k (rensa requires bands to divide k)."""
    t = min(max(threshold, 0.01), 0.99)

    def p(s: float, b: int, r: int) -> float:
        return 1.0 - (1.0 - s**r) ** b

    def integrate(f, lo, hi, n=200):
        h = (hi - lo) / n
        return sum(f(lo + (i + 0.5) * h) for i in range(n)) * h

    best, best_err = (1, k), float("inf")
    for b in range(1, k + 1):
        r = k // b
        if r == 0:
            break
        if exact and b * r != k:
            continue
        err = integrate(lambda s: p(s, b, r), 0.0, t) + integrate(
            lambda s: 1.0 - p(s, b, r), t, 1.0
        )
        if err < best_err - 1e-12:
            best, best_err = (b, r), err
    return best


def read_corpus(corpus: str) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    for path in sorted(glob.glob(os.path.join(corpus, "articles", "articles-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                ids.append(rec["id"])
                texts.append(rec["text"])
    return ids, texts


def shingle_set(text: str) -> list[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < 3:
        return [" ".join(words).encode()] if words else []
    return list({" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)})


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def clusters(self, ids: list[str]) -> list[list[str]]:
        groups: dict[int, list[str]] = {}
        for i in range(len(self.parent)):
            groups.setdefault(self.find(i), []).append(ids[i])
        return [sorted(g) for g in groups.values() if len(g) > 1]


# --------------------------------------------------------------------------------------------
# Peers (each runs in its own process so that its peak RSS is its own)


def peer_datasketch(ids, texts, threshold, bands, rows):
    from datasketch import MinHash, MinHashLSH

    sets = [shingle_set(t) for t in texts]
    sigs = MinHash.bulk(sets, num_perm=K)
    lsh = MinHashLSH(num_perm=K, params=(bands, rows))
    with lsh.insertion_session() as session:
        for i, m in enumerate(sigs):
            session.insert(i, m, check_duplication=False)
    uf = UnionFind(len(ids))
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j > i and m.jaccard(sigs[j]) >= threshold:
                uf.union(i, j)
    return uf.clusters(ids)


def peer_rensa(ids, texts, threshold, bands, rows):
    from rensa import RMinHash, RMinHashLSH

    sets = [shingle_set(t) for t in texts]
    sigs = RMinHash.from_token_sets(sets, K, 42)
    lsh = RMinHashLSH(threshold, K, bands)
    lsh.insert_many(sigs, 0)
    uf = UnionFind(len(ids))
    for i, cands in enumerate(lsh.query_all(sigs)):
        for j in cands:
            if j > i and sigs[i].jaccard(sigs[j]) >= threshold:
                uf.union(i, j)
    return uf.clusters(ids)


def peer_gaoya(ids, texts, threshold, bands, rows):
    import gaoya

    index = gaoya.minhash.MinHashStringIndex(
        hash_size=32,
        jaccard_threshold=threshold,
        num_bands=bands,
        band_size=rows,
        analyzer="word",
        lowercase=True,
        ngram_range=(3, 3),
        id_container="smallvec",
    )
    index.par_bulk_insert_docs(list(range(len(ids))), texts)
    uf = UnionFind(len(ids))
    for i, found in enumerate(index.par_bulk_query(texts)):
        for j in found:
            if j != i:
                uf.union(i, j)
    return uf.clusters(ids)


PEERS = {"datasketch": peer_datasketch, "rensa": peer_rensa, "gaoya": peer_gaoya}


def run_peer(args) -> None:
    ids, texts = read_corpus(args.corpus)
    bands, rows = optimal_bands(args.threshold, K, exact=args.name == "rensa")
    clusters = PEERS[args.name](ids, texts, args.threshold, bands, rows)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"reprint_clusters": [{"articles": c} for c in clusters]}, f)


# --------------------------------------------------------------------------------------------
# Measurement


WARMUP = 1

# copydesk's rows, timed in interleaved rounds (`timed_interleaved`)
FLOOR = "copydesk read+tokenise (floor)"
CLUSTERS = "copydesk clusters"
ONE_THREAD = "copydesk clusters, 1 thread"


def timed(cmd: list[str], repeat: int = 1) -> dict:
    """Run `cmd` `WARMUP` times untimed (caches, page tables and CPU clocks settle: the first run
    after an idle spell can take twice as long), then `repeat` times under /usr/bin/time -v; the
    run with the median wall time (its wall seconds, CPU seconds and peak RSS in MB). Every tool
    gets the same treatment. A failed run is returned at once."""
    return timed_interleaved({"": cmd}, repeat)[""]


def timed_interleaved(cmds: dict[str, list[str]], rounds: int) -> dict[str, dict]:
    """Run every command of `cmds` `WARMUP` times untimed, then `rounds` rounds of one run each,
    the order turned by one every round, so that drift in the machine's speed (this VM's varies
    by a third from one minute to the next) falls on every command alike and their ratios hold.
    For each command, its median-wall run, with `walls`: every timed wall time, sorted, and
    `systems`: the system time of each of those runs. A command that fails is returned failed
    at once (the others still run)."""
    labels = list(cmds)
    failed: dict[str, dict] = {}
    runs: dict[str, list[dict]] = {label: [] for label in labels}
    # the warm-up rounds first, their runs not kept
    for r in range(WARMUP + max(1, rounds)):
        order = labels[r % len(labels):] + labels[: r % len(labels)]
        for label in order:
            if label in failed:
                continue
            res = timed_once(cmds[label])
            if not res["ok"]:
                failed[label] = res
                del runs[label]
            elif r >= WARMUP:
                runs[label].append(res)
    out = dict(failed)
    for label, rs in runs.items():
        rs.sort(key=lambda x: x["wall"])
        # each run's system time beside its wall: on this VM a run whose fresh memory the
        # kernel had handed back to the host spends most of its extra time there
        out[label] = dict(
            rs[len(rs) // 2], walls=[x["wall"] for x in rs], systems=[x["system"] for x in rs]
        )
    return out


def timed_once(cmd: list[str], threads: int | None = None) -> dict:
    """Run `cmd` under /usr/bin/time -v; wall seconds and peak RSS (MB)."""
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    t0 = time.perf_counter()
    p = subprocess.run(
        ["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - t0
    rss, cpu, system = None, 0.0, 0.0
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024.0
        elif "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(line.split(":")[1])
            if "System" in line:
                system = float(line.split(":")[1])
    return {
        "ok": p.returncode == 0,
        "wall": wall,
        "rss_mb": rss,
        "cpu": cpu,
        "system": system,
        "stdout": p.stdout,
        "stderr": p.stderr[-2000:],
    }


def gold_clusters(corpus: str) -> list[list[str]]:
    out = []
    with open(os.path.join(corpus, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["kind"] == "reprint":
                out.append(rec["articles"])
    return out


def pairwise_pr(pred: list[list[str]], gold: list[list[str]]) -> tuple[float, float]:
    """Pairwise precision and recall over same-cluster pairs, without enumerating pairs."""
    gold_of = {a: gi for gi, c in enumerate(gold) for a in c}
    pred_pairs = sum(comb(len(c), 2) for c in pred)
    gold_pairs = sum(comb(len(c), 2) for c in gold)
    tp = 0
    for c in pred:
        counts = Counter(gold_of[a] for a in c if a in gold_of)
        tp += sum(comb(n, 2) for n in counts.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return p, r


def load_clusters(path: str) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        rep = json.load(f)
    return [c["articles"] for c in rep["reprint_clusters"]]


def peer_available(name: str) -> bool:
    try:
        __import__(name)
        return True
    except Exception:
        return False


def generate(gen: str, out: str, n: int, lang: str, seed: int) -> dict:
    manifest = os.path.join(out, "manifest.json")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            m = json.load(f)
        if m["config"]["articles"] == n and m["config"]["seed"] == seed:
            return m["summary"]
    subprocess.run(
        [gen, "--articles", str(n), "--lang", lang, "--out", out, "--seed", str(seed)],
        check=True,
    )
    with open(manifest, encoding="utf-8") as f:
        return json.load(f)["summary"]


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}"


def run_compare(args) -> None:
    bindir = os.path.join(ROOT, "target", "release")
    copydesk = os.path.join(bindir, "copydesk")
    gen = os.path.join(bindir, "copydesk-gen")
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    rows = []
    corpora = [("en", args.en), ("ar", args.ar)]
    for lang, n in corpora:
        if n <= 0:
            continue
        corpus = os.path.join(work, f"{lang}-{n}")
        summary = generate(gen, corpus, n, lang, args.seed)
        mb = summary["text_bytes"] / 1e6
        gold = gold_clusters(corpus)
        print(
            f"# corpus {lang}: {n} articles, {mb:.1f} MB text, {len(gold)} gold reprint clusters",
            file=sys.stderr,
        )

        def row(tool, res, clusters=None):
            d = {"corpus": lang, "tool": tool, "docs": n, "mb": mb, "threads": args.threads}
            if res is None or not res["ok"]:
                d["status"] = "unavailable" if res is None else "failed"
                if res is not None:
                    print(f"# {tool} failed:\n{res['stderr']}", file=sys.stderr)
                rows.append(d)
                return
            d.update(status="ok", wall=res["wall"], cpu=res["cpu"], rss=res["rss_mb"])
            if "walls" in res:
                d["walls"] = res["walls"]
                d["systems"] = res["systems"]
            if clusters is not None:
                d["p"], d["r"] = pairwise_pr(clusters, gold)
            rows.append(d)
            print(f"# {tool} {lang}: {res['wall']:.2f}s", file=sys.stderr)

        thr = ["--threads", str(args.threads)] if args.threads else []
        articles = os.path.join(corpus, "articles")
        out = os.path.join(work, f"copydesk-{lang}.json")
        out1 = os.path.join(work, f"copydesk-{lang}-1thread.json")
        # the floor and the clustering stage (on the threads asked for, and on one) in
        # interleaved rounds: the targets are ratios of these three
        variants = {
            FLOOR: [copydesk, "scan", articles, "--only-tokenize", *thr],
            CLUSTERS: [copydesk, "scan", articles, "--only-clusters", "--json", out, "-q", *thr],
        }
        if args.threads != 1:
            variants[ONE_THREAD] = [copydesk, "scan", articles, "--only-clusters", "--json", out1, "-q", "--threads", "1"]
        timings = timed_interleaved(variants, args.rounds)
        row(FLOOR, timings[FLOOR])
        for label, path in ((CLUSTERS, out), (ONE_THREAD, out1)):
            if label in timings:
                res = timings[label]
                row(label, res, load_clusters(path) if res["ok"] else None)
        if args.full_scan:
            out_full = os.path.join(work, f"copydesk-scan-{lang}.json")
            res = timed([copydesk, "scan", os.path.join(corpus, "articles"), "--json", out_full, "-q", *thr], args.repeat)
            row("copydesk scan (full pipeline)", res, load_clusters(out_full) if res["ok"] else None)
        for name in PEERS:
            if not peer_available(name):
                row(name, None)
                continue
            out = os.path.join(work, f"{name}-{lang}.json")
            cmd = [
                sys.executable, os.path.abspath(__file__), "peer", name,
                "--corpus", corpus, "--out", out, "--threshold", str(args.peer_threshold),
            ]
            res = timed(cmd, args.repeat)
            row(name, res, load_clusters(out) if res["ok"] else None)
    print_table(rows, args)
    print_targets(rows)
    with open(os.path.join(work, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"machine": machine(), "rows": rows}, f, indent=1)


def print_table(rows, args) -> None:
    with open("/proc/loadavg", encoding="utf-8") as f:
        load = " ".join(f.read().split()[:3])
    print(f"\nmachine: {machine()}; load average at the end {load}; k={K}; peers' Jaccard threshold {args.peer_threshold}")
    print(
        f"wall-clock docs/s and MB/s, the median-wall run of {args.repeat} for the peers, of {args.rounds} "
        f"interleaved rounds for copydesk (after {args.warmup} untimed); "
        "CPU s = user + system time of the process (all threads)"
    )
    head = f"| {'corpus':6} | {'tool':34} | {'wall s':>7} | {'CPU s':>7} | {'docs/s':>9} | {'MB/s':>7} | {'peak RSS MB':>11} | {'P':>6} | {'R':>6} |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for d in rows:
        if d["status"] != "ok":
            print(f"| {d['corpus']:6} | {d['tool']:34} | {d['status']:>7} | {'':>7} | {'':>9} | {'':>7} | {'':>11} | {'':>6} | {'':>6} |")
            continue
        p = f"{d['p']:.4f}" if "p" in d else "-"
        r = f"{d['r']:.4f}" if "r" in d else "-"
        rss = f"{d['rss']:.0f}" if d.get("rss") else "?"
        print(
            f"| {d['corpus']:6} | {d['tool']:34} | {d['wall']:7.2f} | {d['cpu']:7.2f} | {d['docs'] / d['wall']:9.0f} | "
            f"{d['mb'] / d['wall']:7.1f} | {rss:>11} | {p:>6} | {r:>6} |"
        )


def print_targets(rows) -> None:
    """The issue's targets for the clustering stage, read off the rows: against the fastest peer,
    MB/s, against the floor (English; the other corpus shows the same figures without a target),
    2 threads against 1 (both ratios from the interleaved rounds' medians), and precision/recall
    against the best peer's. Each target says whether it is met in this run."""
    print("\ntargets (clustering stage; ratios of the interleaved rounds' medians):")
    for lang in dict.fromkeys(d["corpus"] for d in rows):
        ok = {d["tool"]: d for d in rows if d["corpus"] == lang and d["status"] == "ok"}
        if CLUSTERS not in ok:
            print(f"- {lang}: copydesk clusters did not run")
            continue
        ours = ok[CLUSTERS]
        peers = [d for tool, d in ok.items() if not tool.startswith("copydesk")]
        parts = []
        if peers:
            fastest = min(peers, key=lambda d: d["wall"])
            x = fastest["wall"] / ours["wall"]
            target = f" [>= 5x: {met(x >= 5)}]" if lang == "en" else ""
            parts.append(f"{x:.2f}x the docs/s of the fastest peer ({fastest['tool']}){target}")
        mbs = ours["mb"] / ours["wall"]
        want = 300 if lang == "en" else 150
        parts.append(f"{mbs:.1f} MB/s [>= {want}: {met(mbs >= want)}]")
        if FLOOR in ok:
            x = ok[FLOOR]["wall"] / ours["wall"]
            target = f" [>= 0.5: {met(x >= 0.5)}]" if lang == "en" else ""
            parts.append(f"{x:.2f} of the floor's speed{target}")
        if ONE_THREAD in ok:
            x = ok[ONE_THREAD]["wall"] / ours["wall"]
            threads = ours.get("threads") or os.cpu_count()
            parts.append(f"{threads} threads {x:.2f}x one [>= 1.8x: {met(x >= 1.8)}]")
        scored = [d for d in peers if "p" in d]
        if scored and "p" in ours:
            best_p = max(d["p"] for d in scored)
            best_r = max(d["r"] for d in scored)
            good = ours["p"] >= best_p and ours["r"] >= best_r
            parts.append(
                f"P {ours['p']:.4f} / R {ours['r']:.4f} vs the best peer's {best_p:.4f} / {best_r:.4f} [at least: {met(good)}]"
            )
        print(f"- {lang}: " + "; ".join(parts))


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare", help="generate, run every tool, print the table")
    c.add_argument("--en", type=int, default=20_000, help="English articles (0 to skip)")
    c.add_argument("--ar", type=int, default=20_000, help="Arabic articles (0 to skip)")
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--work", default=os.path.join(HERE, "work"))
    c.add_argument("--threads", type=int, default=0, help="copydesk threads (0 = all cores)")
    c.add_argument(
        "--repeat", type=int, default=3,
        help="runs of every tool; the table shows the run with the median wall time (default 3)",
    )
    c.add_argument(
        "--warmup", type=int, default=1,
        help="untimed runs of every tool before its timed runs (default 1)",
    )
    c.add_argument(
        "--rounds", type=int, default=21,
        help="interleaved rounds of copydesk's floor, clustering stage and one-thread clustering "
        "stage; their rows show the median-wall run of each (default 21: a run is a fraction of "
        "a second, and on a VM whose runs are now and then two or three times slower, the median "
        "of nine moved more from one script run to the next than the code did)",
    )
    c.add_argument("--peer-threshold", type=float, default=0.2)
    c.add_argument("--full-scan", action="store_true", help="also time the whole scan pipeline")
    p = sub.add_parser("peer", help="(internal) run one peer on a corpus")
    p.add_argument("name", choices=sorted(PEERS))
    p.add_argument("--corpus", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--threshold", type=float, required=True)
    args = ap.parse_args()
    if args.cmd == "peer":
        run_peer(args)
    else:
        global WARMUP
        WARMUP = max(0, args.warmup)
        run_compare(args)


if __name__ == "__main__":
    main()
