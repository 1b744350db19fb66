#!/usr/bin/python3
"""Benchmark of Vim 9's client of `bulletin lsp` (autoload/bulletin/lsp.vim):
the time from :edit to the last lines' highlights, and the CPU time Vim
and the server spend per edit (typing in a line; opening a line), on the
sample bulletin's stories repeated to N lines. Reported, never asserted.

  /usr/bin/python3 bench/bench_vim.py --bin build/bulletin [--lines 1000,10000]
        [--base CHECKOUT] [--runs 3] [--edits 10]

With --base (another checkout of the plugin, e.g. `git archive REV` built
with make), the two run alternately (base, this, base, this, ...) on the
same file with the same server binary (--bin), and each metric's best of
--runs is printed for both with the ratio this / base.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE = os.path.join(ROOT, "samples", "news-today.bulletin")


def document(n, path):
    with open(SAMPLE, encoding="utf-8") as f:
        src = f.read().split("\n")
    lines = src[:3]
    while len(lines) < n:
        lines += src[3:-1]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:n]) + "\n")


def probe(vim, root, binary, doc, edit, edits, tmp):
    out = os.path.join(tmp, "probe.out")
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, BENCH_ROOT=root, BENCH_BIN=binary, BENCH_DOC=doc, BENCH_OUT=out,
               BENCH_EDIT=edit, BENCH_EDITS=str(edits), HOME=tmp)
    with open(os.devnull, "rb") as dn:
        subprocess.run([vim, "-N", "-u", "NONE", "-i", "NONE", "--not-a-term", "-S",
                        os.path.join(HERE, "bench_vim.vim")], stdin=dn, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env, timeout=1800)
    if not os.path.exists(out):
        raise SystemExit("bench_vim: the probe wrote nothing (%s, %s)" % (root, doc))
    with open(out) as f:
        return {k: float(v) for k, v in (line.rstrip("\n").split("\t") for line in f)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bulletin"))
    ap.add_argument("--vim", default="vim")
    ap.add_argument("--lines", default="1000,10000")
    ap.add_argument("--base")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--edits", type=int, default=10)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    sides = [("base", os.path.abspath(args.base))] if args.base else []
    sides.append(("this", ROOT))
    version = subprocess.run([args.vim, "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    print("Vim's client of bulletin lsp (%s), server %s" % (version, binary))
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.lines.split(",")]:
            doc = os.path.join(tmp, "doc%d.bulletin" % n)
            document(n, doc)
            for edit in ("type", "enter"):
                best = {}
                for _ in range(args.runs):
                    for side, root in sides:
                        r = probe(args.vim, root, binary, doc, edit, args.edits, tmp)
                        for k, v in r.items():
                            key = (side, k)
                            best[key] = min(best.get(key, v), v)
                print("%d lines, %d edits (%s), best of %d:" % (n, args.edits, edit, args.runs))
                for k in ("open_s", "vim_cpu_ms", "server_cpu_ms"):
                    this = best[("this", k)]
                    if args.base:
                        b = best[("base", k)]
                        ratio = "%.2fx" % (this / b) if b > 0 else "-"
                        print("  %-14s base %10.3f  this %10.3f  %s" % (k, b, this, ratio))
                    else:
                        print("  %-14s %10.3f" % (k, this))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
