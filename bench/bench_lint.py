#!/usr/bin/python3
"""Benchmark of lint under a hostile vocabulary (reported, never asserted).

    python3 bench/bench_lint.py --bin build/bulletin [--runs 5] [--lines 1000]
                                [--tags 4085] [--keep DIR]

Issue 13 item 1: a repository's `.bulletinrc` can configure up to 4,085
tags of its own (BL_VOCAB_MAX_ENTRIES less the 11 built-in), each as long
as the "did you mean" search of unknown-tag handles (64 bytes between the
brackets). This script writes such an "evil" `.bulletinrc`, and a document
of --lines unknown-tag lines whose tags have that same length (so no
length filter can rule a configured tag out), in two variants:

  random     every unknown tag a different random 64-byte tag (no
             suggestion is close)
  near       every unknown tag one typo away from a configured tag (each
             line gets a suggestion)

and times `bulletin lint --format json` on each document with the evil
`.bulletinrc` beside it and with no `.bulletinrc` (the built-in vocabulary
only), best of --runs, each run a fresh process. It prints both times and
their ratio; the issue's bar is evil within 3x of none. It also checks
that each variant gave the diagnostics it should (one unknown-tag per line,
with a suggestion on every line of "near"), so that a fast wrong answer is
not reported as a speed-up. Always exits 0 unless the binary is missing.
"""

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time

TAG_LEN = 64  # bytes between the brackets: the longest the search compares


def tag(r):
    """A random tag of TAG_LEN bytes between the brackets, four words (an
    unknown tag has one to four words)."""
    lens = [16, 15, 15, 15]
    return "[" + " ".join("".join(r.choice(string.ascii_lowercase) for _ in range(n))
                          for n in lens) + "]"


def typo(r, t):
    """t with one letter between the brackets replaced (another letter)."""
    inner = list(t[1:-1])
    while True:
        i = r.randrange(len(inner))
        if inner[i] != " ":
            break
    inner[i] = r.choice([c for c in string.ascii_lowercase if c != inner[i]])
    return "[" + "".join(inner) + "]"


def generate(root, ntags, nlines, seed=13):
    """Writes root/evil/.bulletinrc and, in root/evil and root/none, the
    documents random.bulletin and near.bulletin. Returns the tag list."""
    r = random.Random(seed)
    tags = []
    seen = set()
    while len(tags) < ntags:
        t = tag(r)
        if t not in seen:
            seen.add(t)
            tags.append(t)
    docs = {}
    head = ["[News Today] 2024-03-05", ""]
    body = []
    for _ in range(nlines):
        t = tag(r)
        while t in seen:
            t = tag(r)
        body.append(t + " text after the tag")
    docs["random"] = head + body
    body = []
    for k in range(nlines):
        t = typo(r, tags[(k * 7919) % ntags])
        body.append(t + " text after the tag")
    docs["near"] = head + body
    for sub in ("evil", "none"):
        os.makedirs(os.path.join(root, sub))
        for name, lines in docs.items():
            with open(os.path.join(root, sub, name + ".bulletin"), "w") as f:
                f.write("\n".join(lines) + "\n")
    # One key per line: a line of `.bulletinrc` has a length limit of its own.
    with open(os.path.join(root, "evil", ".bulletinrc"), "w") as f:
        f.write("# %d configured tags of %d bytes between the brackets\n" % (ntags, TAG_LEN))
        for t in tags:
            f.write("report = %s\n" % t)
    return tags


def run(binary, path):
    p = subprocess.run([binary, "lint", "--format", "json", path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p


def best_time(binary, path, runs):
    """Best wall time and best CPU time (user + system, from wait4) of runs
    fresh processes: the CPU time moves less with the machine's load."""
    wall = cpu = None
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, "lint", "--format", "json", path],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        c = ru.ru_utime + ru.ru_stime
        wall = dt if wall is None or dt < wall else wall
        cpu = c if cpu is None or c < cpu else cpu
    return wall, cpu


def check(binary, path, nlines, want_suggestions):
    """The diagnostics are what they should be; returns a problem or None."""
    p = run(binary, path)
    try:
        out = json.loads(p.stdout)
    except ValueError as e:
        return "not JSON: %s" % e
    diags = out[0]["diagnostics"] if isinstance(out, list) else out["diagnostics"]
    unknown = [d for d in diags if d.get("code") == "unknown-tag"]
    if len(unknown) != nlines:
        return "%d unknown-tag diagnostics, not %d" % (len(unknown), nlines)
    with_sug = sum(1 for d in unknown if d.get("suggestion"))
    if want_suggestions is not None and with_sug != want_suggestions:
        return "%d of %d lines got a suggestion, not %d" % (with_sug, nlines, want_suggestions)
    return None


def suggestions(binary, path):
    out = json.loads(run(binary, path).stdout)
    return sum(1 for d in out["diagnostics"] if d.get("suggestion"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--tags", type=int, default=4085)
    ap.add_argument("--keep", help="write the files to this directory and keep them")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        print("bench_lint: no binary at %s" % binary, file=sys.stderr)
        return 1
    root = a.keep or tempfile.mkdtemp(prefix="bench-lint-")
    if a.keep:
        shutil.rmtree(root, ignore_errors=True)
    try:
        generate(root, a.tags, a.lines)
        print("== lint with a hostile .bulletinrc (issue 13 item 1): %d tags of %d bytes, "
              "%d unknown-tag lines, best of %d" % (a.tags, TAG_LEN, a.lines, a.runs))
        print("%-8s %-5s %10s %10s %7s  %s" % ("document", "time", "none (ms)", "evil (ms)",
                                               "ratio", "bar: evil within 3x of none"))
        for name in ("random", "near"):
            none = os.path.join(root, "none", name + ".bulletin")
            evil = os.path.join(root, "evil", name + ".bulletin")
            # No configured tag is near a random one, and no built-in tag
            # near any line; "near" lines get what the capped search finds
            # (reported below, not checked).
            problem = (check(binary, evil, a.lines, 0 if name == "random" else None) or
                       check(binary, none, a.lines, 0))
            (wn, cn) = best_time(binary, none, a.runs)
            (we, ce) = best_time(binary, evil, a.runs)
            for label, tn, te in (("wall", wn, we), ("cpu", cn, ce)):
                ratio = te / tn if tn > 0 else float("inf")
                print("%-8s %-5s %10.1f %10.1f %6.1fx  %s" %
                      (name, label, tn * 1e3, te * 1e3, ratio,
                       ("WRONG OUTPUT: " + problem) if problem else
                       ("within" if ratio <= 3 else "OVER")))
            if name == "near" and not problem:
                print("near: %d of %d lines one typo from a configured tag got a suggestion "
                      "with the evil .bulletinrc" % (suggestions(binary, evil), a.lines))
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
