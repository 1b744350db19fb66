#!/usr/bin/python3
"""Compares `bulletin outline --format json` with the corpus's expected outlines.

    python3 tests/corpus/test_corpus.py --bin build/bulletin [--corpus DIR]
                                        [--verbose] [STEM...]

For every NNN.txt in the corpus (default: tests/corpus/data, the
repository's copy of the shared corpus) with an NNN.expected.json beside it, `meta` is compared key by key and
`items` item by item, field by field -- only the keys present in the
expected item, `uncertain` and `notes` ignored. An item marked
`"uncertain": true` may differ: such differences are listed separately and
do not fail the file. STEMs (`001`, `seed-news-today`) restrict the run.

Prints a readable diff per failing file and last `N passed, N failed`;
exits 1 if any file failed. A corpus directory that is absent or holds no
NNN.txt with its NNN.expected.json is a failure (exit 1), never "0 passed".
"""

import argparse
import difflib
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IGNORED = {"uncertain"}


def short(value, width=70):
    s = json.dumps(value, ensure_ascii=False)
    return s if len(s) <= width else s[: width - 3] + "..."


def describe(item):
    if not isinstance(item, dict):
        return short(item)
    kind = item.get("kind", "?")
    label = item.get("title") or item.get("tag") or item.get("speaker") or item.get("form")
    return "%s@%s %s" % (kind, item.get("line", "?"), short(label, 50))


def compare_pair(i, e, g, hard, soft):
    uncertain = e.get("uncertain") is True
    out = soft if uncertain else hard
    tag = " (uncertain)" if uncertain else ""
    for key, want in e.items():
        if key in IGNORED:
            continue
        have = g.get(key, "<absent>")
        if have != want:
            out.append("  item %d (%s) %s%s: expected %s, got %s"
                       % (i, describe(e), key, tag, short(want), short(have)))


def compare_items(expected, got):
    """Returns (hard, soft): lists of difference lines; soft ones are on
    items the expected file marks uncertain. Items are aligned on
    (kind, line) first, so that one missing item does not shift the rest."""
    hard, soft = [], []
    key = lambda it: (it.get("kind"), it.get("line")) if isinstance(it, dict) else None
    sm = difflib.SequenceMatcher(a=[key(e) for e in expected], b=[key(g) for g in got],
                                 autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        pairs = list(zip(range(i1, i2), range(j1, j2))) if op in ("equal", "replace") else []
        for i, j in pairs:
            compare_pair(i, expected[i], got[j], hard, soft)
        for i in range(i1 + len(pairs), i2):
            e = expected[i]
            (soft if e.get("uncertain") is True else hard).append(
                "  item %d: missing %s%s" % (i, describe(e),
                                            " (uncertain)" if e.get("uncertain") else ""))
        for j in range(j1 + len(pairs), j2):
            hard.append("  got item %d: unexpected %s" % (j, describe(got[j])))
    return hard, soft


def run_one(binary, txt, expected_path, verbose):
    """Returns (ok, hard diff lines, soft diff lines)."""
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    try:
        p = subprocess.run([binary, "outline", "--format", "json", txt],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return False, ["  timed out after 60 s"], []
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip()
        return False, ["  exit status %d: %s" % (p.returncode, err[-500:])], []
    try:
        got = json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        return False, ["  output is not valid UTF-8 JSON: %s" % e], []
    hard, soft = [], []
    if not isinstance(got, dict) or list(got)[:4] != ["version", "file", "meta", "items"]:
        keys = list(got) if isinstance(got, dict) else type(got).__name__
        return False, ["  top-level keys %s, expected version, file, meta, items" % keys], []
    if got["version"] != 1 or got["file"] != txt:
        hard.append("  version/file: expected 1, %s; got %s, %s"
                    % (short(txt), short(got["version"]), short(got["file"])))
    for key, want in (expected.get("meta") or {}).items():
        have = (got.get("meta") or {}).get(key, "<absent>")
        if have != want:
            hard.append("  meta.%s: expected %s, got %s" % (key, short(want), short(have)))
    h, s = compare_items(expected.get("items", []), got.get("items", []))
    hard += h
    soft += s
    n_exp, n_got = len(expected.get("items", [])), len(got.get("items", []))
    if n_exp != n_got:  # a summary line, a failure only with a hard difference
        (hard if hard else soft).insert(0, "  %d items expected, %d got" % (n_exp, n_got))
    if verbose and hard:
        hard.append("  notes: " + "; ".join(expected.get("notes", [])))
    return not hard, hard, soft


def main():
    ap = argparse.ArgumentParser(description="Corpus test of bulletin outline.")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bulletin"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "tests", "corpus", "data"))
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print every file, with the notes of failing ones")
    ap.add_argument("stems", nargs="*", help="only these files (001, seed-news-today)")
    args = ap.parse_args()

    if not os.path.isdir(args.corpus):
        print("error: corpus directory not found: %s" % args.corpus)
        print("0 passed, 1 failed")
        return 1
    if not os.access(args.bin, os.X_OK):
        print("error: %s is not an executable; build it first (make)" % args.bin)
        print("0 passed, 1 failed")
        return 1

    pairs = []
    for txt in sorted(glob.glob(os.path.join(args.corpus, "*.txt"))):
        stem = os.path.basename(txt)[:-4]
        exp = os.path.join(args.corpus, stem + ".expected.json")
        if os.path.exists(exp) and (not args.stems or stem in args.stems):
            pairs.append((stem, txt, exp))
    if not pairs and not args.stems:
        print("error: no NNN.txt with an NNN.expected.json beside it in %s" % args.corpus)
        print("0 passed, 1 failed")
        return 1
    unknown = set(args.stems) - {s for s, _, _ in pairs}
    if unknown:
        print("no such corpus file: %s" % ", ".join(sorted(unknown)))
        print("0 passed, %d failed" % len(unknown))
        return 1

    passed = failed = 0
    uncertain = []
    for stem, txt, exp in pairs:
        ok, hard, soft = run_one(os.path.abspath(args.bin), txt, exp, args.verbose)
        if ok:
            passed += 1
            if args.verbose:
                print("PASS %s" % stem)
        else:
            failed += 1
            print("FAIL %s (%s)" % (stem, txt))
            for line in hard:
                print(line)
        if soft:
            uncertain.append((stem, soft))
    if uncertain:
        n = sum(len(s) for _, s in uncertain)
        print("%d differences on items marked uncertain (not failures):" % n)
        for stem, soft in uncertain:
            for line in soft:
                print("  %s:%s" % (stem, line))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
