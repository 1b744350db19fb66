#!/usr/bin/python3
"""A generated archive of bulletins for `bulletin ... -r` (issue 11,
"Whole archives"): the benchmark's 10,000 files and the tests' smaller
ones.

    python3 bench/gen_archive.py DIR [--files 10000] [--seed 1]

DIR/dNNN/ holds 100 files each: every file is a corpus bulletin
(tests/corpus/data) with its speaker names and roles partly replaced by
names drawn from a small pool (so the same speakers recur across files,
with roles that sometimes differ and names sometimes spelled without their
hyphen: conflicts and near duplicates for `bulletin speakers`). One file
in 50 is named *.bulletin, the others *.txt; one in 100 is a .txt that is
not a bulletin (a README-like note). The same --files and --seed give the
same bytes. Prints the number of bulletins written.
"""

import argparse
import glob
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "data", "*.txt")))

NAMES = ["Kang Yu-jung", "Park Byung-kwang", "Lee Min-seo", "Choi Ji-hoon", "Han Seo-yeon",
         "Jung Ha-eun", "Yoon Do-hyun", "Lim Su-bin"]
ROLES = ["Presidential Spokesperson", "Pres. Spokesperson", "Minister of Finance",
         "Professor, Seoul National University", "Police Chief", "Resident"]
NOTE = "Release notes\n\nReport: build failed on Tuesday.\nNothing else to see here.\n"
SLASH = re.compile(r"^([A-Z][^/:\[\]\n]*?) / ([^/:\[\]\n]+?)$", re.M)


def mutate(text, r):
    """Replaces each slash caption's name and role, half of the time."""
    def one(m):
        if r.random() < 0.5:
            return m.group(0)
        name = r.choice(NAMES)
        if r.random() < 0.1:
            name = name.replace("-", "")
        return "%s / %s" % (name, r.choice(ROLES))
    return SLASH.sub(one, text)


def generate(root, files, seed=1):
    r = random.Random(seed)
    texts = []
    for p in CORPUS:
        with open(p, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    written = 0
    for i in range(files):
        d = os.path.join(root, "d%03d" % (i // 100))
        os.makedirs(d, exist_ok=True)
        if i % 100 == 99:
            with open(os.path.join(d, "note%05d.txt" % i), "w", encoding="utf-8") as f:
                f.write(NOTE)
            continue
        ext = ".bulletin" if i % 50 == 7 else ".txt"
        with open(os.path.join(d, "b%05d%s" % (i, ext)), "w", encoding="utf-8") as f:
            f.write(mutate(texts[i % len(texts)], r))
        written += 1
    return written


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(generate(a.dir, a.files, a.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
