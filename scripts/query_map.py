#!/usr/bin/env python3
"""Ranking quality as users get it: MAP through `newsdex query`, scored by the reference scorer.

Usage: scripts/query_map.py COLLECTION_DIR [--index DIR] [--newsdex BIN] [--min-map X] [--run FILE]

COLLECTION_DIR holds docs.jsonl, topics.tsv and qrels.txt (as ../shared/eval/ir/* do). The docs
are indexed with `newsdex index` (into --index, a fresh temporary directory by default), every
topic is asked as `newsdex query --literal --json -n 1000 TOPIC`, each hit's article id and score
become a TREC run line in rank order, and ../shared/tools/ireval.py scores the run. Prints one
line: the collection, MAP and nDCG@10. With --min-map, exits 1 when MAP is below it.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IREVAL = REPO.parent / "shared" / "tools" / "ireval.py"


def query_run(newsdex, index, topics):
    lines = []
    for line in topics.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        topic, query = line.split("\t", 1)
        done = subprocess.run(
            [newsdex, "--index", str(index), "query", "--literal", "--json", "-n", "1000", query],
            capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"query_map: newsdex query failed on topic {topic}: {done.stderr.strip()}")
        for hit_line in done.stdout.splitlines():
            hit = json.loads(hit_line)
            lines.append(f"{topic} Q0 {hit['article_id']} {hit['rank']} {hit['score']:.6f} query\n")
    return "".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("collection", type=Path)
    parser.add_argument("--index", type=Path, help="index to write (and reuse if it exists)")
    parser.add_argument("--newsdex", default="newsdex", help="the newsdex binary (default: on the PATH)")
    parser.add_argument("--min-map", type=float)
    parser.add_argument("--run", type=Path, help="where to keep the run file")
    args = parser.parse_args()
    if not IREVAL.is_file():
        sys.exit(f"query_map: {IREVAL} is missing: ../shared must be beside the checkout")

    with tempfile.TemporaryDirectory(prefix="newsdex-query-map-") as scratch:
        index = args.index or Path(scratch) / "index"
        if not (index / "meta.json").is_file():
            subprocess.run([args.newsdex, "--index", str(index), "index",
                            str(args.collection / "docs.jsonl")], check=True, stdout=subprocess.DEVNULL)
        run = args.run or Path(scratch) / "run.txt"
        run.write_text(query_run(args.newsdex, index, args.collection / "topics.tsv"), encoding="utf-8")
        scored = subprocess.run([sys.executable, str(IREVAL), str(args.collection / "qrels.txt"), str(run)],
                                capture_output=True, text=True, check=True)
    measures = dict(pair.split("=", 1) for pair in scored.stdout.splitlines()[-1].split() if "=" in pair)
    mean_ap = float(measures["map"])
    print(f"{args.collection.name}: MAP {measures['map']}  nDCG@10 {measures['ndcg_cut_10']}"
          f"  ({measures['num_q']} judged topics, through newsdex query --literal --json -n 1000)")
    if args.min_map is not None and mean_ap < args.min_map:
        print(f"query_map: MAP {mean_ap:.4f} is below --min-map {args.min_map}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
