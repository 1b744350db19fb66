#!/usr/bin/python3
"""Benchmarks of bulletin (reported, never asserted).

    python3 bench/bench.py --bin build/bulletin [--lines 1000000] [--runs 3]
                           [--callgrind 100000] [--skip-others]

1. Generates a large bulletin (a header, many numbered stories with
   [LEAD]/[REPORT] sections and every soundbite form of BULLETIN-FORMAT.md
   section 4) into a temporary directory, and reports what the outline
   found in it (items per kind and per form) as a sanity check.
2. Times `wc -l`, `bulletin outline --format json` and `bulletin lint` on it
   (best of --runs, output to /dev/null), as MB/s and as the ratio to
   wc -l, and measures each one's peak RSS (GNU time %M, else wait4) and
   its ratio to the file size. Targets: outline within 15x of wc -l (goal
   4x), peak RSS at most 2.5x the file size; and outline's peak RSS on
   as many short lines (13 B/line). Then counts outline's
   instructions per line under callgrind (--callgrind LINES, 100,000 by
   default; 0 skips it): unlike the times, that count does not move with
   the machine's load.
3. Builds and runs bench/bench_update.c (one-line edit + update in a
   100,000-line document vs. a full re-parse).
4. Runs bench/bench_rpc.py, bench/bench_nvim.sh and bench/bench_nvim.py
   when they exist (bench_nvim.sh runs bench_nvim.lua itself).
Always exits 0 unless the binary is missing.
"""

import argparse
import collections
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ---- generators -----------------------------------------------------------

SYLL = ["ka", "ne", "mo", "ri", "su", "ta", "po", "le", "vi", "ju", "de", "ho", "za", "bi",
        "fu", "go", "we", "ci", "ro", "na"]


class Words:
    """Deterministic pseudo-words (like the scrambled corpus)."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.vocab = ["".join(self.r.choice(SYLL) for _ in range(self.r.randint(1, 4)))
                      for _ in range(2000)]
        self.names = [self.word().capitalize() for _ in range(300)]

    def word(self):
        return self.r.choice(self.vocab)

    def words(self, n):
        return " ".join(self.r.choice(self.vocab) for _ in range(n))

    def sentence(self, lo=8, hi=30):
        s = self.words(self.r.randint(lo, hi))
        return s[0].upper() + s[1:] + "."

    def name(self):
        return "%s %s-%s" % (self.r.choice(self.names), self.r.choice(self.names),
                             self.word())

    def role(self, lo=1, hi=5):
        return " ".join(w.capitalize() for w in self.words(self.r.randint(lo, hi)).split())


# Each generator returns the lines of one soundbite (section 4's table).
def sb_slash(w):
    return ["%s / %s" % (w.name(), w.role()), "\"%s\"" % w.sentence()]


def sb_inline(w):
    return ["[Soundbite] %s (%s) : \"%s\"" % (w.name(), w.role(), w.sentence())]


def sb_tag_line(w):
    return ["[Soundbite]", "", "%s (%s): %s" % (w.name(), w.role(), w.sentence())]


def sb_colon(w):
    return ["%s (%s): %s" % (w.name(), w.role(), w.sentence())]


def sb_anon(w):
    return ["[Soundbite] (%s) : \"%s\"" % (w.role(), w.sentence())]


def sb_name_only(w):
    return ["[Soundbite] %s (%s)" % (w.name(), w.role())]


def sb_quote_only(w):
    return ["[Soundbite] \"%s\"" % w.sentence()]


def sb_bracket(w):
    return ["[%s/%s, %s: \"%s\"]" % (w.name(), w.role(), w.role(1, 2), w.sentence())]


def sb_radio(w):
    return ["[Sound bite: %s - %s (Korean)]" % (w.name(), w.role()), "\"%s\"" % w.sentence()]


FORMS = [sb_slash, sb_inline, sb_tag_line, sb_colon, sb_anon, sb_name_only, sb_quote_only,
         sb_bracket, sb_radio]


def story(w, k, form_start):
    """The lines of story k: a numbered title, a lead, a report with
    narration and one soundbite of each form (rotated)."""
    lead, report = "[LEAD]", "[REPORT]"
    out = ["%d. %s" % (k, w.role(3, 6)), "", lead, w.sentence(20, 40), "", report,
           w.sentence(20, 40), ""]
    for i in range(len(FORMS)):
        out += FORMS[(form_start + i) % len(FORMS)](w)
        out += ["", w.sentence(10, 40), ""]
    return out


def generate(path, nlines, seed=1):
    """Writes a bulletin of exactly nlines lines; returns its size."""
    w = Words(seed)
    header = [" date 2025-06-11 News Today", "입력 2025.06.11 (15:46) | 수정 2025.06.11 (16:02)",
              ""]
    # Pre-generate a pool of stories and cycle through it: realistic text
    # without paying for random words on every one of a million lines.
    pool = ["\n".join(story(w, 0, i)).split("\n", 1)[1] for i in range(60)]
    n = len(header)
    k = 1
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n")
        while True:
            body = pool[k % len(pool)]
            block = "%d. Story %d %s\n%s\n\n" % (k, k, w.role(2, 4), body)
            lines = block.count("\n")
            if n + lines > nlines:
                break
            f.write(block)
            n += lines
            k += 1
        for _ in range(nlines - n):
            f.write(w.sentence() + "\n")
    return os.path.getsize(path)


# ---- measuring ------------------------------------------------------------


def peak_rss(cmd):
    """Peak RSS in bytes of one run of cmd in a fresh child: GNU time's %M
    when /usr/bin/time exists, else wait4's rusage (which on Linux may also
    count the forking Python's pages before exec, about 10 MB)."""
    if os.access("/usr/bin/time", os.X_OK):
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        try:
            return int(p.stderr.strip().splitlines()[-1]) * 1024
        except (ValueError, IndexError):
            pass
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return ru.ru_maxrss * 1024


def measure(cmd, runs):
    """Runs cmd (stdout to /dev/null) runs times, each in a fresh child, and
    once more for its peak RSS. Returns (best seconds, peak RSS bytes, exit
    status)."""
    best, status = None, None
    for _ in range(runs):
        with open(os.devnull, "wb") as devnull:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.DEVNULL)
            _, st, _ = os.wait4(p.pid, 0)
            dt = time.perf_counter() - t0
        status = os.waitstatus_to_exitcode(st)
        best = dt if best is None else min(best, dt)
    return best, peak_rss(cmd), status


def mb(n):
    return n / 1e6


def census(binary, path):
    """What the outline found: items per kind and soundbites per form."""
    p = subprocess.run([binary, "outline", "--compact", path], stdout=subprocess.PIPE)
    try:
        items = json.loads(p.stdout)["items"]
    except ValueError as e:
        print("outline output is not JSON: %s" % e)
        return
    kinds = collections.Counter(i["kind"] for i in items)
    forms = collections.Counter(i.get("form") for i in items if i["kind"] == "quote")
    print("outline found: %s" % ", ".join("%d %s" % (kinds[k], {"story": "stories"}.get(k, k + "s"))
                                          for k in ("story", "section", "quote")))
    print("  soundbites by form: %s" % ", ".join(
        "%s %d" % (f.__name__[3:], forms.get(f.__name__[3:], 0)) for f in FORMS))


def run_tools(binary, path, size, runs):
    rows = [("wc -l", ["wc", "-l", path]),
            ("bulletin outline --format json", [binary, "outline", "--format", "json", path]),
            ("bulletin lint", [binary, "lint", path])]
    results = []
    for label, cmd in rows:
        # wc -l takes a few ms, so one slow start moves every ratio: it gets
        # more runs (they cost nothing) for a steadier best.
        t, rss, st = measure(cmd, max(runs, 10) if cmd[0] == "wc" else runs)
        results.append((label, t, rss, st))
    wc_t = results[0][1]
    print("%-32s %9s %9s %9s %11s %8s  %s" % ("command", "best s", "MB/s", "x wc -l",
                                             "peak RSS", "x size", "exit"))
    for label, t, rss, st in results:
        print("%-32s %9.3f %9.1f %9.2f %8.1f MB %8.2f  %s"
              % (label, t, mb(size) / t if t > 0 else 0, t / wc_t if wc_t > 0 else 0,
                 mb(rss), rss / size, st))
    out = results[1]
    ratio = out[1] / wc_t if wc_t > 0 else 0
    print()
    print("targets: outline within 15x of wc -l (goal 4x) -> %.2fx %s; peak RSS at most 2.5x "
          "the file size -> %.2fx %s"
          % (ratio, "(goal met)" if ratio <= 4 else "(met)" if ratio <= 15 else "(NOT met)",
             out[2] / size, "(met)" if out[2] / size <= 2.5 else "(NOT met)"))


def generate_short(path, nlines):
    """Writes nlines short bulletin lines (13 bytes a line on average: the
    shape of tests/cli's million.txt); returns its size."""
    block = (b"STORY NUMBER %d IS HERE\n\n[LEAD]\nAnchor words for the lead.\n\n[REPORT]\n"
             b"Narration line.\n\nKang Yu-jung / Spokesperson\n\"A quote here.\"\n")
    per = block.count(b"\n")
    with open(path, "wb") as f:
        n = k = 0
        while n + per <= nlines:
            f.write(block % k)
            n += per
            k += 1
        f.write(b"tail\n" * (nlines - n))
    return os.path.getsize(path)


def run_short_rss(binary, tmp, nlines):
    """outline's peak RSS on short lines, where the per-line records (the
    line table, the items) outweigh the text: reported against the same
    2.5x target, which the realistic file above meets."""
    path = os.path.join(tmp, "short.txt")
    size = generate_short(path, nlines)
    rss = peak_rss([binary, "outline", "--format", "json", path])
    print("short lines: %d lines, %.1f MB (%d B/line): outline peak RSS %.1f MB = %.2fx the "
          "file %s" % (nlines, mb(size), size // max(1, nlines), mb(rss), rss / size,
                       "(met)" if rss / size <= 2.5 else "(NOT met)"))
    os.unlink(path)


def run_callgrind(binary, tmp, nlines):
    """Instructions per line of `outline --format json` under callgrind: a
    count that does not move with the machine's load, unlike the times."""
    if shutil.which("valgrind") is None:
        print("callgrind: valgrind not installed; skipped")
        return
    path = os.path.join(tmp, "cg.txt")
    generate(path, nlines)
    out = os.path.join(tmp, "callgrind.out")
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                        binary, "outline", "--format", "json", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    total = None
    for line in p.stderr.splitlines():
        if "Collected :" in line:
            total = int(line.split(":")[-1].strip().replace(",", ""))
    if total is None:
        print("callgrind: no instruction count (exit %d)" % p.returncode)
        return
    print("callgrind: outline --format json on %d lines: %d instructions, %.0f per line"
          % (nlines, total, total / nlines))


def run_update_bench(binary, tmp):
    src = os.path.join(HERE, "bench_update.c")
    lib = os.path.join(os.path.dirname(os.path.abspath(binary)), "libbulletin-model.a")
    if not os.path.exists(lib):
        print("bench_update: %s not found (run make first); skipped" % lib)
        return
    exe = os.path.join(tmp, "bench_update")
    cmd = ["cc", "-O2", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-I" + os.path.join(ROOT, "core", "model"),
           src, lib, "-o", exe]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print("bench_update: build failed:\n" + p.stdout)
        return
    p = subprocess.run([exe, "100000", "2000"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    print(p.stdout.rstrip() or "bench_update: no output (exit %d)" % p.returncode)


def run_others(binary):
    others = []
    if os.path.exists(os.path.join(HERE, "bench_rpc.py")):
        others.append([sys.executable, os.path.join(HERE, "bench_rpc.py"), "--bin", binary])
    # bench_nvim.sh drives bench_nvim.lua itself; a lone .lua is not run.
    for path in sorted(glob.glob(os.path.join(HERE, "bench_nvim.*"))):
        if path.endswith(".py"):
            others.append([sys.executable, path, "--bin", binary])
        elif path.endswith(".sh"):
            others.append(["sh", path])
    if not others:
        print("(bench_rpc.py and bench_nvim.* not present)")
    for cmd in others:
        print("==> %s" % " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c
                                   for c in cmd))
        sys.stdout.flush()
        try:
            p = subprocess.run(cmd, cwd=ROOT, timeout=1800)
            if p.returncode != 0:
                print("(exit status %d)" % p.returncode)
        except (OSError, subprocess.TimeoutExpired) as e:
            print("(failed: %s)" % e)


def main():
    ap = argparse.ArgumentParser(description="bulletin benchmarks (reported, never asserted)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bulletin"))
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=3, help="best of N runs")
    ap.add_argument("--callgrind", type=int, default=100000, metavar="LINES",
                    help="count outline's instructions per line under callgrind on a file "
                         "of LINES lines (0: skip)")
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    ap.add_argument("--skip-others", action="store_true",
                    help="do not run bench_update, bench_rpc.py, bench_nvim.*")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK):
        print("bench: %s is not an executable; build it first (make)" % binary)
        return 1

    tmp = tempfile.mkdtemp(prefix="bulletin-bench-")
    try:
        path = os.path.join(tmp, "big.txt")
        t0 = time.perf_counter()
        size = generate(path, args.lines)
        print("generated %s: %d lines, %.1f MB, every soundbite form, in %.1f s"
              % (path, args.lines, mb(size), time.perf_counter() - t0))
        census(binary, path)
        print()
        run_tools(binary, path, size, args.runs)
        run_short_rss(binary, tmp, args.lines)
        if args.callgrind > 0:
            run_callgrind(binary, tmp, args.callgrind)
        if not args.skip_others:
            print()
            run_update_bench(binary, tmp)
            print()
            run_others(binary)
        if args.keep:
            kept = os.path.join(ROOT, "build", "bench-big.txt")
            shutil.copy(path, kept)
            print("kept %s" % kept)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
