#!/usr/bin/env python3
"""Load benchmark of `newsdex serve`: mixed searches from 16 connections, alone and while an
ingest writes into the same index.

Usage: scripts/serve_load.py --index DIR [--newsdex BIN] [--connections 16] [--seconds 20]
                             [--ingest FILE] [--mix queries|page] [--runs 3] [--no-cache]

It starts `newsdex serve` on a free loopback port, turns bench/queries.tsv (48 queries of six
kinds, with their filters and sorting) into /api/search URLs (`--mix page` adds the facets the
page asks for), and runs `examples/serve_load.rs` RUNS times for SECONDS each; with --ingest
FILE (JSON lines), it then indexes a copy of FILE under new ids into the same index while the
load runs again. Each run prints one JSON line: requests/s, p50/p90/p99/max latency, statuses,
errors. The corpus for the figures in the README (Serving the archive, Load):

    python3 ../shared/tools/make_news_jsonl.py /tmp/news6.jsonl --copies 6
    newsdex --index /tmp/ix6 index /tmp/news6.jsonl
    python3 ../shared/tools/make_news_jsonl.py /tmp/news1.jsonl
    scripts/serve_load.py --index /tmp/ix6 --ingest /tmp/news1.jsonl
"""

import argparse
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "bench" / "queries.tsv"
# `newsdex query` flags of bench/queries.tsv and the API parameter each becomes.
FLAGS = {"--source": "source", "--since": "from", "--until": "to", "--sort": "sort",
         "--location": "location", "--org": "org", "--person": "person"}


def log(message):
    print(message, file=sys.stderr, flush=True)


def paths(mix):
    out = []
    for line in QUERIES.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        params = [("q", parts[1])]
        words = shlex.split(parts[2]) if len(parts) > 2 else []
        for flag, value in zip(words[::2], words[1::2]):
            params.append((FLAGS[flag], value))
        if mix == "page":
            params += [("facets", "source,person,org,location"), ("facet_top", "8")]
        out.append("/api/search?" + urllib.parse.urlencode(params))
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(client, addr, path_file, connections, seconds):
    out = subprocess.run([client, addr, str(path_file), str(connections), str(seconds)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    client = str(target / "release" / "examples" / "serve_load")
    parser.add_argument("--newsdex", default=str(target / "release" / "newsdex"))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ingest")
    parser.add_argument("--mix", choices=["queries", "page"], default="queries")
    parser.add_argument("--no-cache", action="store_true", help="serve with --no-cache: every request searches")
    args = parser.parse_args()

    # Build the load client first, so that its compilation is not timed.
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "serve_load"], cwd=REPO, check=True)
    scratch = Path(tempfile.mkdtemp(prefix="serve-load-"))
    path_file = scratch / "paths.txt"
    path_file.write_text("\n".join(paths(args.mix)) + "\n")
    port = free_port()
    serve = [args.newsdex, "--index", args.index, "serve", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(serve + (["--no-cache"] if args.no_cache else []), stdout=subprocess.PIPE, text=True)
    try:
        log(server.stdout.readline().strip())
        addr = f"127.0.0.1:{port}"
        # One short warm-up run: the first searches read the index from disk.
        load(client, addr, path_file, args.connections, 3)
        runs = []
        for i in range(args.runs):
            report = load(client, addr, path_file, args.connections, args.seconds)
            print(json.dumps({"phase": "search", "mix": args.mix, "cache": not args.no_cache, **report}), flush=True)
            runs.append(report)
        if runs:
            summary = {k: statistics.median(r[k] for r in runs)
                       for k in ["requests_per_sec", "p50_ms", "p99_ms", "errors"]}
            print(json.dumps({"phase": "search", "median_of": len(runs), **summary}), flush=True)
        if args.ingest:
            # The same articles under new ids, so that the ingest adds rather than replaces.
            copy = scratch / "ingest.jsonl"
            with open(args.ingest) as src, open(copy, "w") as dst:
                for n, line in enumerate(src):
                    record = json.loads(line)
                    record["id"] = f"{record.get('id', n)}#serve-load"
                    dst.write(json.dumps(record) + "\n")
            started = time.monotonic()
            ingest = subprocess.Popen([args.newsdex, "--index", args.index, "index", str(copy)],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            while ingest.poll() is None:
                report = load(client, addr, path_file, args.connections, args.seconds)
                print(json.dumps({"phase": "during ingest", "mix": args.mix, "cache": not args.no_cache, **report}),
                      flush=True)
            summary = [l for l in ingest.stdout.read().splitlines() if l.startswith("indexed")]
            log(f"ingest: {summary[-1] if summary else ''} ({time.monotonic() - started:.1f} s)")
            # Take the copies out again, so that the index is as it was (records the ingest
            # skipped are not there: `delete` says so and exits 1).
            ids = [json.loads(line)["id"] for line in open(copy)]
            for at in range(0, len(ids), 5000):
                subprocess.run([args.newsdex, "--index", args.index, "delete", *ids[at:at + 5000]],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
