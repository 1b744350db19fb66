#!/usr/bin/python3
"""`bulletin speakers [--format text|json|csv] [--conflicts] FILE|DIR...`
(issue 11, "Speakers"): the speaker index over the corpus, its role
conflicts and near-duplicate names (stdlib unittest).

    python3 tests/cli/test_speakers.py --bin build/bulletin [--asan-bin build/bulletin_asan]

The expected index is derived here, independently of the C index: from
the corpus files themselves with regular expressions for the bracket
(`[Name/Role: "..."]`) and slash (`Name / Role` alone on a line) forms,
and, for every soundbite, from `bulletin quotes --format json` grouped in
Python. Every test runs per binary (the ASan/UBSan build too, when given).
Prints `N passed, N failed` last; exits 1 if anything failed.
"""

import csv
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import common

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "data", "*.txt")))
SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:")

# The bracket form with a speaker, and the slash caption alone on a line.
BRACKET_RE = re.compile(r'^\[([^/:\]"]+?)(?:/([^:\]"]+))?:\s*"')
SLASH_RE = re.compile(r"^([A-Z][^/:\[\]]*?) / ([^/:\[\]]+?)\s*$")


def tidy(s):
    """The index's tidying: whitespace runs made one space, ends trimmed."""
    return None if s is None else (" ".join(s.split()) or None)


def near_key(name):
    """The near key of spkindex.h, written out here on its own."""
    seps = {0xA0, 0xB7, 0x2018, 0x2019, 0x2027, 0x200B, 0x200C, 0x200D, 0x2060, 0x3000, 0x30FB,
            0xFEFF} | set(range(0x2010, 0x2016))
    out = []
    for ch in name:
        c = ord(ch)
        if c < 0x80:
            if ch.isalnum():
                out.append(ch.lower())
        elif c not in seps:
            out.append(ch)
    return "".join(out)


def expected_index(quotes):
    """{name: {role: [(file, line)]}} with first-appearance orders kept."""
    idx = {}
    for q in quotes:
        name = tidy(q["speaker"])
        if not name:
            continue
        roles = idx.setdefault(name, {})
        roles.setdefault(tidy(q["role"]), []).append((q["file"], q["line"]))
    return idx


class Speakers(unittest.TestCase):
    BIN = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bl-speakers-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_bin(self, *args, code=0):
        p = subprocess.run([self.BIN, *args], capture_output=True, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        self.assertEqual(p.returncode, code, err)
        return p.stdout.decode("utf-8"), err

    def speakers_json(self, *args):
        out, _ = self.run_bin("speakers", "--format", "json", *args)
        return json.loads(out)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_bracket_and_slash_lines_are_indexed_where_they_are(self):
        """Every bracket or slash attribution the regexes find in the corpus
        files is a use of that speaker with that role at that line."""
        doc = self.speakers_json(*CORPUS)
        uses = {}
        for sp in doc["speakers"]:
            for r in sp["roles"]:
                for w in r["where"]:
                    uses[(w["file"], w["line"])] = (sp["name"], r["role"])
        found = 0
        for path in CORPUS:
            with open(path, encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    m = BRACKET_RE.match(line) or SLASH_RE.match(line.rstrip("\r\n"))
                    if not m:
                        continue
                    found += 1
                    self.assertEqual(uses.get((path, n)), (tidy(m.group(1)), tidy(m.group(2))),
                                     "%s:%d: %s" % (path, n, line))
        self.assertGreater(found, 30)  # the regexes did find the corpus's soundbites

    def test_hand_read_conflicts(self):
        """Read in the files: Sucemu Mejuv is given three roles in four
        bulletins (030, 032, 033, 035), Bolazazit Luh two roles and none
        in 017; 'Bolazazit Luh Fet-vuduf' (016, four soundbites) and
        'Bolazazit Luh Fet Vuduf' (019, one) are one person spelled twice."""
        doc = self.speakers_json("--conflicts", *CORPUS)
        by = {sp["name"]: sp for sp in doc["speakers"]}
        su = by["Sucemu Mejuv"]
        self.assertEqual(su["count"], 5)
        self.assertEqual([(r["role"], r["count"]) for r in su["roles"]],
                         [("U.S. Bolazazit", 2), ("U.S. Bolazazit/Lig. 2", 1),
                          ("Bolazazit ci kob Monimu Fusumo", 2)])
        self.assertEqual([os.path.basename(w["file"]) + ":%d" % w["line"]
                          for r in su["roles"] for w in r["where"]],
                         ["030.txt:55", "032.txt:61", "033.txt:25", "035.txt:19", "035.txt:29"])
        bl = by["Bolazazit Luh"]
        self.assertEqual([r["role"] for r in bl["roles"]], ["Fuha 13ru", None, "Mam 24ru"])
        self.assertIn({"key": "bolazazitluhfetvuduf",
                       "names": ["Bolazazit Luh Fet-vuduf", "Bolazazit Luh Fet Vuduf"]},
                      doc["near_duplicates"])

    def test_index_matches_quotes_grouped(self):
        """Every speaker, role, count and place: the soundbites of `bulletin
        quotes` grouped here give the same index, in the same order."""
        out, _ = self.run_bin("quotes", "--format", "json", *CORPUS)
        want = expected_index(json.loads(out))
        doc = self.speakers_json(*CORPUS)
        got = {sp["name"]: {r["role"]: [(w["file"], w["line"]) for w in r["where"]]
                            for r in sp["roles"]} for sp in doc["speakers"]}
        self.assertEqual(list(got), list(want))  # order of first appearance
        for name, roles in want.items():
            self.assertEqual(list(got[name].items()), list(roles.items()), name)
        for sp in doc["speakers"]:
            self.assertEqual(sp["count"], sum(r["count"] for r in sp["roles"]))
            for r in sp["roles"]:
                self.assertEqual(r["count"], len(r["where"]))
        self.assertGreater(len(want), 50)

    def test_conflicts_are_exactly_the_multi_role_speakers(self):
        out, _ = self.run_bin("quotes", "--format", "json", *CORPUS)
        want = expected_index(json.loads(out))
        multi = [n for n, roles in want.items() if len([r for r in roles if r]) >= 2]
        doc = self.speakers_json("--conflicts", *CORPUS)
        self.assertEqual([sp["name"] for sp in doc["speakers"]], multi)
        self.assertGreaterEqual(len(multi), 2)
        keys = {}
        for n in want:
            keys.setdefault(near_key(n), []).append(n)
        groups = [{"key": k, "names": v} for k, v in keys.items() if k and len(v) >= 2]
        groups.sort(key=lambda g: list(want).index(g["names"][0]))
        self.assertEqual(doc["near_duplicates"], groups)

    def test_issue_example_across_files(self):
        """The issue's example: one spokesperson with two spellings of the
        role in two bulletins, and her name spelled without the hyphen in a
        third."""
        a = self.write("a.txt", "[LEAD]\nStory.\n\nKang Yu-jung / Presidential Spokesperson\n"
                                "\"We will respond.\"\n")
        b = self.write("b.txt", "[LEAD]\nOther story.\n\nKang Yu-jung / Pres. Spokesperson\n"
                                "\"No comment.\"\n\nKang Yu-jung / Pres. Spokesperson\n\"Again.\"\n")
        c = self.write("c.txt", "[LEAD]\nThird.\n\nKang Yujung / Presidential Spokesperson\n"
                                "\"Later.\"\n\nPark Yu-jung / Reporter\n\"Yes.\"\n")
        out, _ = self.run_bin("speakers", "--conflicts", a, b, c)
        self.assertEqual(out.splitlines(), [
            "Kang Yu-jung: 3 soundbites, 2 roles",
            "  Presidential Spokesperson: 1: %s:4" % a,
            "  Pres. Spokesperson: 2: %s:4, %s:7" % (b, b),
            "near duplicates: Kang Yu-jung (3), Kang Yujung (1)",
            "  Kang Yu-jung: %s:4, %s:4, %s:7" % (a, b, b),
            "  Kang Yujung: %s:4" % c,
        ])
        out, _ = self.run_bin("speakers", a, b, c)
        self.assertEqual(out.splitlines()[0], "Kang Yu-jung: 3 soundbites, 2 roles")
        self.assertIn("Park Yu-jung: 1 soundbite", out.splitlines())
        self.assertNotIn("near duplicates", out)
        out, _ = self.run_bin("speakers", "--format", "csv", "--conflicts", a, b, c)
        rows = list(csv.reader(io.StringIO(out, newline="")))
        self.assertEqual(rows[0], ["conflict", "key", "speaker", "role", "count", "file", "line"])
        self.assertEqual(rows[1:], [
            ["role", "Kang Yu-jung", "Kang Yu-jung", "Presidential Spokesperson", "1", a, "4"],
            ["role", "Kang Yu-jung", "Kang Yu-jung", "Pres. Spokesperson", "2", b, "4"],
            ["role", "Kang Yu-jung", "Kang Yu-jung", "Pres. Spokesperson", "2", b, "7"],
            ["near-duplicate", "kangyujung", "Kang Yu-jung", "Presidential Spokesperson", "1", a,
             "4"],
            ["near-duplicate", "kangyujung", "Kang Yu-jung", "Pres. Spokesperson", "2", b, "4"],
            ["near-duplicate", "kangyujung", "Kang Yu-jung", "Pres. Spokesperson", "2", b, "7"],
            ["near-duplicate", "kangyujung", "Kang Yujung", "Presidential Spokesperson", "1", c,
             "4"],
        ])
        self.assertTrue(out.endswith("\r\n"))

    def test_csv_one_row_per_soundbite(self):
        out, _ = self.run_bin("quotes", "--format", "json", *CORPUS)
        named = [q for q in json.loads(out) if tidy(q["speaker"])]
        out, _ = self.run_bin("speakers", "--format", "csv", *CORPUS)
        rows = list(csv.reader(io.StringIO(out, newline="")))
        self.assertEqual(rows[0], ["speaker", "role", "count", "file", "line"])
        self.assertEqual(len(rows) - 1, len(named))
        self.assertEqual(sorted((r[3], int(r[4])) for r in rows[1:]),
                         sorted((q["file"], q["line"]) for q in named))

    def test_hostile_names_stay_on_their_line(self):
        """Control characters in a name never reach the terminal; JSON stays
        valid; a NUL byte is U+FFFD."""
        p = os.path.join(self.tmp, "h.txt")
        with open(p, "wb") as f:
            f.write(b"[LEAD]\nx\n\nEvil\x1b]0;t\x07 Name / R\x00le\n\"q\"\n")
        out, _ = self.run_bin("speakers", p)
        self.assertNotIn("\x1b", out)
        self.assertIn("Evil?]0;t? Name: 1 soundbite", out)
        doc = self.speakers_json(p)
        self.assertEqual(doc["speakers"][0]["roles"][0]["role"], "R\ufffdle")

    def test_empty_and_usage(self):
        p = self.write("none.txt", "[LEAD]\nNo soundbite here.\n")
        out, _ = self.run_bin("speakers", p)
        self.assertEqual(out, "")
        self.assertEqual(self.speakers_json(p), {"version": 1, "speakers": [],
                                                 "near_duplicates": []})
        _, err = self.run_bin("outline", "--conflicts", p, code=2)
        self.assertIn("--conflicts applies to speakers only, not outline", err)
        _, err = self.run_bin("speakers", "--format", "qf", p, code=2)
        self.assertIn("invalid format 'qf' (choose one of: text json csv)", err)
        out, err = self.run_bin("speakers", p, os.path.join(self.tmp, "missing.txt"), code=2)
        self.assertIn("missing.txt: No such file or directory", err)
        out, _ = self.run_bin("--help")
        self.assertIn("    speakers ", out)


if __name__ == "__main__":
    sys.exit(common.main([Speakers]))
