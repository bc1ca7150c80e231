#!/usr/bin/env python3
"""The benchmark: newsdex's ingest, queries and scale on a corpus of real news, with
tantivy-cli indexing the same file in the same run as the peer.

Usage: scripts/bench.py [--copies 6] [--runs 3] [--scale-copies 12] [--scale-runs N] [--quick]
                        [--dir DIR] [--newsdex BIN] [--no-peer] [--results FILE]

It builds newsdex (release), builds the corpus with ../shared/tools/make_news_jsonl.py
(--copies N), then, RUNS times, indexes it with newsdex (full extraction), with newsdex
without entities (`--entities off`, to show what they cost) and with tantivy-cli 0.24
(`index -t 2`, an equivalent schema) when `tantivy` is on the PATH, one after the other so
that all see the same machine load. Then: warm query latency
(`newsdex bench`), cold `newsdex query` processes, `rg -i` over the raw JSON lines, adding 1%
new articles to the index, and `newsdex optimize`. Each run also indexes the corpus made with
--copies 12, to show that time grows with the corpus and memory does not.
Figures are medians over the runs; ratios are taken between runs made side by side.
--quick (copies 1, one run, no scale run) is a smoke test of the harness itself.
"""

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "bench" / "queries.tsv"

def text_field(name, tokenizer, record, stored, fast=False):
    return {"name": name, "type": "text", "options": {
        "indexing": {"record": record, "fieldnorms": record != "basic", "tokenizer": tokenizer},
        "stored": stored, "fast": fast}}


# tantivy-cli's schema for the same JSON lines: what newsdex indexes, without its extraction.
TANTIVY_META = {
    "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
    "segments": [],
    "opstamp": 0,
}
TANTIVY_META["schema"] = [
    text_field("id", "raw", "basic", True),
    text_field("title", "en_stem", "position", True),
    text_field("body", "en_stem", "position", True),
    text_field("source", "raw", "basic", True, fast=True),
    {"name": "date", "type": "date", "options": {
        "indexed": True, "fieldnorms": False, "fast": True, "stored": False, "precision": "seconds"}},
    {"name": "url", "type": "text", "options": {"indexing": None, "stored": True, "fast": False}},
]


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(cmd, stdin=None, stdout=subprocess.DEVNULL, env=None):
    """Runs a process; returns its wall time, peak RSS (MB), CPU seconds and exit code."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "rss_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "code": proc.returncode,
        "stderr": stderr,
    }


def dir_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def segment_count(index_dir):
    meta = json.loads((Path(index_dir) / "meta.json").read_text())
    return len(meta["segments"])


def median(values):
    return statistics.median(values) if values else float("nan")


def build_newsdex():
    log("building newsdex (cargo build --release)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return str(target / "release" / "newsdex")


def make_corpus(shared, copies, work):
    out = work / f"news-copies{copies}.jsonl"
    if not out.exists():
        log(f"building the corpus: make_news_jsonl.py --copies {copies}")
        tool = shared / "tools" / "make_news_jsonl.py"
        subprocess.run([sys.executable, str(tool), str(out), "--copies", str(copies)], check=True,
                       stdout=subprocess.DEVNULL)
    return out


def newsdex_ingest(bin_, index, corpus, extra=()):
    cmd = [bin_, "--index", str(index), "index", "--json", *extra, str(corpus)]
    with open(index.parent / f"{index.name}.summary.json", "wb") as out:
        result = run(cmd, stdout=out)
    if result["code"] not in (0, 1):
        sys.exit(f"newsdex index failed ({result['code']}): {result['stderr'][-2000:]}")
    summary = json.loads((index.parent / f"{index.name}.summary.json").read_text())
    result.update(summary=summary, index_bytes=dir_bytes(index), segments=segment_count(index))
    return result


def tantivy_ingest(index, corpus):
    shutil.rmtree(index, ignore_errors=True)
    index.mkdir(parents=True)
    (index / "meta.json").write_text(json.dumps(TANTIVY_META))
    with open(corpus, "rb") as stdin:
        result = run(["tantivy", "index", "-i", str(index), "-t", "2"], stdin=stdin)
    if result["code"] != 0:
        sys.exit(f"tantivy index failed: {result['stderr'][-2000:]}")
    result.update(index_bytes=dir_bytes(index))
    return result


def query_lines():
    for line in QUERIES.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            kind, query, *flags = line.split("\t", 2)
            yield kind, query, shlex.split(flags[0]) if flags else []


def cold_queries(bin_, index, repeats):
    """Each query of the file as a new `newsdex query` process (top 10 with snippets)."""
    times = []
    for _ in range(repeats):
        for _, query, flags in query_lines():
            result = run([bin_, "--index", str(index), "query", "-n", "10", *flags, "--", query])
            if result["code"] not in (0, 1):
                sys.exit(f"newsdex query {query!r} failed: {result['stderr']}")
            times.append(result["wall"] * 1e3)
    return times


def rg_terms(corpus, repeats):
    """`rg -i -c WORD` over the raw file for each one-word query, next to newsdex's cold query."""
    if not shutil.which("rg"):
        return None
    words = [q for kind, q, flags in query_lines() if kind == "term"]
    times = []
    for _ in range(repeats):
        for word in words:
            result = run(["rg", "-i", "-c", word, str(corpus)])
            times.append(result["wall"] * 1e3)
    return {"words": words, "times_ms": times}


def one_percent(corpus, out):
    """Every 100th article of the corpus under a new id: 1% new articles."""
    count = 0
    with open(corpus) as src, open(out, "w") as dst:
        for i, line in enumerate(src):
            if i % 100 == 0:
                doc = json.loads(line)
                doc["id"] = f"{doc['id']}#new"
                dst.write(json.dumps(doc) + "\n")
                count += 1
    return count


def stage_split(summary, cpu):
    stages = summary["stages"]
    workers = {k: stages[k] for k in ("read", "clean", "dateline", "entities", "passages")}
    workers["indexing (documents, tokenising, postings, commits, merges)"] = max(0.0, cpu - sum(workers.values()))
    return {k: {"cpu_s": round(v, 2), "share": round(v / cpu, 3) if cpu else 0} for k, v in workers.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale-copies", type=int, default=12, help="0 to skip the scale runs")
    parser.add_argument("--scale-runs", type=int, help="runs with the larger corpus (default: --runs)")
    parser.add_argument("--query-runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="copies 1, one run, no scale run")
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "newsdex-bench")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--newsdex", help="use this binary instead of building one")
    parser.add_argument("--no-peer", action="store_true", help="do not run tantivy-cli")
    parser.add_argument("--results", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if args.quick:
        args.copies, args.runs, args.scale_copies, args.query_runs = 1, 1, 0, 3
    if args.scale_runs is None:
        args.scale_runs = args.runs

    if not (args.shared / "tools" / "make_news_jsonl.py").exists():
        sys.exit(f"no {args.shared}/tools/make_news_jsonl.py: put ../shared beside the checkout or give --shared")
    bin_ = args.newsdex or build_newsdex()
    work = args.dir
    work.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(args.shared, args.copies, work)
    input_bytes = corpus.stat().st_size
    peer = not args.no_peer and shutil.which("tantivy") is not None
    if not peer and not args.no_peer:
        log("tantivy-cli is not on the PATH (cargo install tantivy-cli --version 0.24.0): no peer figures")

    big = make_corpus(args.shared, args.scale_copies, work) if args.scale_copies else None
    index = work / "index"
    ours, theirs, scale, no_entities = [], [], [], []
    loads = [os.getloadavg()[0]]
    # Each run indexes the corpus with newsdex (with and without entities) and tantivy-cli, then
    # the larger corpus, one after the other, so that every ratio compares runs made under the same machine load.
    for r in range(args.runs):
        shutil.rmtree(index, ignore_errors=True)
        log(f"run {r + 1}/{args.runs}: newsdex index")
        ours.append(newsdex_ingest(bin_, index, corpus))
        # The same ingest without entities: what finding and indexing them costs.
        log(f"run {r + 1}/{args.runs}: newsdex index --entities off")
        shutil.rmtree(work / "index-no-entities", ignore_errors=True)
        no_entities.append(newsdex_ingest(bin_, work / "index-no-entities", corpus, ["--entities", "off"]))
        if peer:
            log(f"run {r + 1}/{args.runs}: tantivy index -t 2")
            theirs.append(tantivy_ingest(work / "tantivy-index", corpus))
        if big and r < args.scale_runs:
            log(f"run {r + 1}/{args.runs}: newsdex index, --copies {args.scale_copies}")
            shutil.rmtree(work / "index-big", ignore_errors=True)
            scale.append(newsdex_ingest(bin_, work / "index-big", big))
        loads.append(os.getloadavg()[0])
    shutil.rmtree(work / "tantivy-index", ignore_errors=True)
    shutil.rmtree(work / "index-big", ignore_errors=True)
    shutil.rmtree(work / "index-no-entities", ignore_errors=True)

    summary = ours[-1]["summary"]
    wall = median([o["wall"] for o in ours])
    results = {
        "corpus": {"copies": args.copies, "articles": summary["articles"], "bytes": input_bytes},
        # The machine's 1-minute load average before and after each run: others' work skews wall times.
        "load_average": loads,
        "cores": os.cpu_count(),
        "newsdex": {
            "wall_s": wall,
            "walls_s": [o["wall"] for o in ours],
            "mb_per_s": input_bytes / 1e6 / wall,
            "articles_per_s": summary["articles"] / wall,
            "passages": summary["passages"],
            "passages_per_s": summary["passages"] / wall,
            "peak_rss_mb": median([o["rss_mb"] for o in ours]),
            "max_rss_mb": max(o["rss_mb"] for o in ours),
            "cpu_s": median([o["cpu"] for o in ours]),
            "index_bytes": ours[-1]["index_bytes"],
            "index_ratio": ours[-1]["index_bytes"] / input_bytes,
            "segments": ours[-1]["segments"],
            "stages": stage_split(summary, ours[-1]["cpu"]),
        },
    }
    results["entities_off"] = {
        "wall_s": median([e["wall"] for e in no_entities]),
        "cpu_s": median([e["cpu"] for e in no_entities]),
        # Throughput with entities over throughput without, side by side in each run.
        "throughput_ratio": median([e["wall"] / o["wall"] for o, e in zip(ours, no_entities)]),
        "cpu_ratio": median([o["cpu"] / e["cpu"] for o, e in zip(ours, no_entities)]),
    }
    if peer:
        twall = median([t["wall"] for t in theirs])
        results["tantivy_cli"] = {
            "wall_s": twall,
            "walls_s": [t["wall"] for t in theirs],
            "mb_per_s": input_bytes / 1e6 / twall,
            "articles_per_s": summary["articles"] / twall,
            "peak_rss_mb": median([t["rss_mb"] for t in theirs]),
            "index_bytes": theirs[-1]["index_bytes"],
            "index_ratio": theirs[-1]["index_bytes"] / input_bytes,
        }
        # Side by side: each run's pair, then the median of those ratios.
        results["throughput_ratio"] = median([t["wall"] / o["wall"] for o, t in zip(ours, theirs)])

    log("warm queries: newsdex bench")
    out = subprocess.run([bin_, "--index", str(index), "bench", "--queries", str(QUERIES), "--runs",
                          str(args.query_runs), "--json"], check=True, capture_output=True)
    results["warm"] = json.loads(out.stdout)

    log("cold queries: one newsdex query process each")
    cold = cold_queries(bin_, index, 1 if args.quick else 3)
    results["cold_ms"] = {"median": median(cold), "p95": sorted(cold)[int(0.95 * (len(cold) - 1))], "n": len(cold)}
    rg = rg_terms(corpus, 1 if args.quick else 3)
    if rg:
        term_cold = cold_queries_for(bin_, index, rg["words"], 1 if args.quick else 3)
        results["rg"] = {"words": rg["words"], "rg_median_ms": median(rg["times_ms"]),
                         "newsdex_cold_median_ms": median(term_cold)}

    log("incremental: adding 1% new articles")
    added = one_percent(corpus, work / "one-percent.jsonl")
    before = segment_count(index)
    inc = newsdex_ingest(bin_, index, work / "one-percent.jsonl")
    results["incremental"] = {
        "articles": added, "wall_s": inc["wall"], "share_of_full": inc["wall"] / wall,
        "segments_before": before, "segments_after": inc["segments"], "peak_rss_mb": inc["rss_mb"],
    }
    log("newsdex optimize")
    opt = run([bin_, "--index", str(index), "optimize"])
    results["optimize"] = {"wall_s": opt["wall"], "segments_after": segment_count(index),
                           "peak_rss_mb": opt["rss_mb"], "index_bytes": dir_bytes(index)}
    out = subprocess.run([bin_, "--index", str(index), "bench", "--queries", str(QUERIES), "--runs",
                          str(args.query_runs), "--json"], check=True, capture_output=True)
    results["warm_optimized"] = json.loads(out.stdout)

    if scale:
        bwall = median([s["wall"] for s in scale])
        results["scale"] = {
            "copies": args.scale_copies, "bytes": big.stat().st_size, "wall_s": bwall,
            "walls_s": [s["wall"] for s in scale],
            "time_ratio": median([s["wall"] / o["wall"] for o, s in zip(ours, scale)]),
            "cpu_ratio": median([s["cpu"] / o["cpu"] for o, s in zip(ours, scale)]),
            "peak_rss_mb": median([s["rss_mb"] for s in scale]),
            "max_rss_mb": max(s["rss_mb"] for s in scale), "index_ratio": scale[-1]["index_bytes"] / big.stat().st_size,
            "segments": scale[-1]["segments"],
        }

    if args.results:
        args.results.write_text(json.dumps(results, indent=2))
    print(report(results))


def cold_queries_for(bin_, index, words, repeats):
    times = []
    for _ in range(repeats):
        for word in words:
            result = run([bin_, "--index", str(index), "query", "-n", "10", "--", word])
            times.append(result["wall"] * 1e3)
    return times


def report(r):
    n = r["newsdex"]
    c = r["corpus"]
    lines = [
        f"corpus: make_news_jsonl.py --copies {c['copies']}: {c['articles']:,} articles, {c['bytes'] / 1e6:.0f} MB",
        f"machine: {r['cores']} cores, load average {min(r['load_average']):.1f}–{max(r['load_average']):.1f} during the runs",
        "",
        "| ingest | newsdex | tantivy-cli 0.24 (-t 2) |",
        "|---|---|---|",
    ]
    t = r.get("tantivy_cli")
    peer = (lambda key, fmt: fmt.format(t[key])) if t else (lambda key, fmt: "not run")
    lines += [
        f"| wall time (median of {len(n['walls_s'])}) | {n['wall_s']:.1f} s | {peer('wall_s', '{:.1f} s')} |",
        f"| throughput | {n['mb_per_s']:.1f} MB/s | {peer('mb_per_s', '{:.1f} MB/s')} |",
        f"| articles/s | {n['articles_per_s']:,.0f} | {peer('articles_per_s', '{:,.0f}')} |",
        f"| passages/s | {n['passages_per_s']:,.0f} ({n['passages']:,} passages) | — |",
        f"| peak RSS | {n['peak_rss_mb']:.0f} MB | {peer('peak_rss_mb', '{:.0f} MB')} |",
        f"| index size / input | {n['index_ratio']:.2f} | {peer('index_ratio', '{:.2f}')} |",
        f"| CPU time | {n['cpu_s']:.1f} s | — |",
    ]
    if t:
        lines.append(f"| newsdex throughput / tantivy-cli's (same run) | **{r['throughput_ratio']:.2f}×** | |")
    e = r["entities_off"]
    lines += ["", f"without entities (`--entities off`): {e['wall_s']:.1f} s, CPU {e['cpu_s']:.1f} s; throughput with "
              f"entities / without: {e['throughput_ratio']:.2f}× (CPU time {e['cpu_ratio']:.2f}× without's)"]
    lines += ["", "| stage (CPU seconds, all threads) | seconds | share |", "|---|---|---|"]
    for stage, v in n["stages"].items():
        lines.append(f"| {stage} | {v['cpu_s']:.1f} | {v['share'] * 100:.0f}% |")
    for title, key in (("warm queries", "warm"), ("warm queries after optimize", "warm_optimized")):
        w = r[key]
        lines += ["", f"| {title} ({w['runs']} runs each) | queries | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|"]
        for k in w["kinds"] + [w["all"]]:
            lines.append(f"| {k['kind']} | {k['queries']} | {k['p50_ms']:.2f} | {k['p95_ms']:.2f} | {k['p99_ms']:.2f} |")
    lines += ["", f"cold `newsdex query` (new process, top 10 with snippets): median {r['cold_ms']['median']:.1f} ms, "
              f"p95 {r['cold_ms']['p95']:.1f} ms over {r['cold_ms']['n']} runs"]
    if "rg" in r:
        g = r["rg"]
        lines.append(f"one-word queries: `rg -i -c` over the JSON lines median {g['rg_median_ms']:.0f} ms; "
                     f"`newsdex query` cold median {g['newsdex_cold_median_ms']:.1f} ms")
    i = r["incremental"]
    lines.append(f"incremental: {i['articles']:,} new articles (1%) in {i['wall_s']:.2f} s = "
                 f"{i['share_of_full'] * 100:.1f}% of a full ingest; segments {i['segments_before']} → {i['segments_after']}")
    o = r["optimize"]
    lines.append(f"optimize: {o['wall_s']:.1f} s to {o['segments_after']} segment(s), peak RSS {o['peak_rss_mb']:.0f} MB")
    if "scale" in r:
        s = r["scale"]
        lines.append(f"copies {s['copies']}: {s['wall_s']:.1f} s ({s['time_ratio']:.2f}× copies {c['copies']}'s time, "
                     f"{s['cpu_ratio']:.2f}× its CPU time), "
                     f"peak RSS {s['peak_rss_mb']:.0f} MB (max {s['max_rss_mb']:.0f}), index/input {s['index_ratio']:.2f}, "
                     f"{s['segments']} segments")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
