#!/usr/bin/env python3
"""`bulletin timing`, the outline's `seconds` and lint's over-time (issue 10).

The seed bulletin's numbers are counted BY HAND below from the rules of
doc/FORMAT.md "Timing" (a word: a run of non-whitespace holding a letter or
digit; narration 180 words/min, soundbite quotes 160, Hangul 300
syllables/min), not from the program: each line's words are listed.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "tests", "corpus", "data", "seed-news-today.txt")
SAMPLE = os.path.join(ROOT, "samples", "news-today.bulletin")
BINS = {}
TMP = None
SANITIZER_RE = re.compile(r"(AddressSanitizer|LeakSanitizer|runtime error:)")

# ---- the seed bulletin, counted by hand ----
# Lines 1-3 are the header (" date ...", the 입력 stamp): not read.
# Line 5 "[LEAD]" is a tag: not read. Line 6, the lead's narration:
#   President Lee Jae-myung spoke with Chinese President Xi Jinping
#   (9) yesterday, wrapping up his first round of phone diplomacy with
#   (19) leaders of the United States, Japan, and China. (27) He invited Xi
#   to the APEC Summit in Gyeongju this November, (38) and urged Beijing to
#   take an active role in advancing denuclearization on the Korean
#   Peninsula. (53)
LEAD_WORDS = 53
# Line 8 "[REPORT]": not read. Narration of the report, line by line:
#   9  On Tuesday, six days after his inauguration, President Lee
#      Jae-myung held a phone conversation with his Chinese counterpart,
#      Xi Jinping.                                                     20
#   11 Lee said he hopes for vigorous economic, security, cultural and
#      human exchanges.                                                12
#   13 Xi expressed his willingness to boost bilateral cooperation to
#      further develop the two nations' strategic partnership.         16
#   18 Lee asked for Beijing's constructive role in promoting
#      denuclearization, peace and stability on the Korean Peninsula.  16
#   20 Xi responded by pledging cooperation to pursue the two nations'
#      shared interests.                                               12
#   22 Lee has invited Xi to the APEC Summit slated for later this year
#      in Gyeongju.                                                    15
#   24 If the Chinese leader visits Korea for the first time in 11 years,
#      it will be an important turning point in bilateral relations.   23
#   26 The phone call with Xi lasted for about 30 minutes.             10
#   28 It came after Lee's phone calls with his U.S. and Japanese
#      counterparts, but it lasted the longest.                       17
#   33 A presidential official said the call order was arranged based on
#      both leaders' schedules.                                        14
#   35 Amid U.S.-China tensions, some pundits say this reflects a
#      pragmatic, national interest-based diplomacy focused on trilateral
#      cooperation with Washington and Tokyo.                          21
#   37 It's also seen as a move to ease U.S. and Japanese concerns about
#      Korea leaning toward China.                                     17
REPORT_NARRATION = [20, 12, 16, 16, 12, 15, 23, 10, 17, 14, 21, 17]
# The two soundbites (slash form: the attribution lines 15 and 30 are not
# read, the quote lines 16 and 31 are, at 160 words/min):
#   16 Both leaders agreed to work together to produce results in areas of
#      cooperation that people in both countries can feel.            20
#   31 Though brief, all key points were delivered. It showed the foreign
#      policy's priority is on maintaining stable ties with the U.S.,
#      Japan and China.                                                24
QUOTES = [20, 24]
# Times in ms, each item's own text rounded to the ms:
#   lead     53 words / 180 per min = 53 / 3 s = 17.667 s  -> 17667 ms
#   report   193 narration words / 3 = 64.333 s            -> 64333 ms
#            quote 1: 20 / 160 * 60 = 7.5 s                ->  7500 ms
#            quote 2: 24 / 160 * 60 = 9.0 s                ->  9000 ms
#            report = 64333 + 7500 + 9000                  = 80833 ms
#   story = bulletin = 17667 + 80833                       = 98500 ms
# Shown to the tenth of a second: 17.7, 80.8, 98.5; as m:ss (rounded to the
# second): 0:18, 1:21, 1:39.
assert sum(REPORT_NARRATION) == 193


def ms(words, rate):
    """words at rate per minute, in ms rounded (the rule, by hand)."""
    return (words * 60000 + rate // 2) // rate


class Base(unittest.TestCase):
    LABEL = "normal"

    def run_bin(self, args, stdin=None, cwd=None):
        p = subprocess.run([BINS[self.LABEL]] + args, input=stdin, capture_output=True,
                           timeout=120, cwd=cwd)
        err = p.stderr.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        return p

    def timing_json(self, *args):
        p = self.run_bin(["timing", "--format", "json"] + list(args))
        self.assertEqual(p.returncode, 0, p.stderr)
        return [json.loads(line) for line in p.stdout.decode().splitlines()] if "--compact" in args \
            else json.loads(p.stdout)


class TestSeed(Base):
    def test_seed_by_hand(self):
        got = self.timing_json(SEED)
        self.assertEqual(sorted(got), ["file", "over", "stories", "target", "total", "version"])
        self.assertEqual(got["version"], 1)
        self.assertIsNone(got["target"])
        self.assertIsNone(got["over"])
        self.assertEqual(len(got["stories"]), 1)
        story = got["stories"][0]
        self.assertEqual(sorted(story), ["line", "seconds", "sections", "start", "title"])
        self.assertEqual((story["line"], story["title"], story["start"]), (5, None, 0.0))
        lead, report = story["sections"]
        self.assertEqual(lead, {"line": 5, "section": "lead", "words": LEAD_WORDS,
                                "seconds": 17.7})
        self.assertEqual(report, {"line": 8, "section": "report",
                                  "words": sum(REPORT_NARRATION) + sum(QUOTES),
                                  "seconds": 80.8})
        lead_ms = ms(LEAD_WORDS, 180)
        report_ms = ms(sum(REPORT_NARRATION), 180) + sum(ms(q, 160) for q in QUOTES)
        self.assertEqual((lead_ms, report_ms), (17667, 80833))
        self.assertEqual(story["seconds"], 98.5)
        self.assertEqual(got["total"], 98.5)

    def test_seed_text(self):
        p = self.run_bin(["timing", SEED])
        self.assertEqual(p.returncode, 0)
        lines = p.stdout.decode().splitlines()
        self.assertEqual(lines[0], SEED + ": total 1:39, no target")
        self.assertEqual(lines[2].split(), ["5", "0:00", "1:39", "1:39", "(untitled)"])
        self.assertEqual(lines[3].split(), ["5", "0:18", "lead,", "53", "words"])
        self.assertEqual(lines[4].split(), ["8", "1:21", "report,", "237", "words"])

    def test_outline_seconds(self):
        p = self.run_bin(["outline", SEED])
        items = json.loads(p.stdout)["items"]
        # story, lead, report, the two soundbites
        self.assertEqual([i["seconds"] for i in items], [98.5, 17.7, 80.8, 7.5, 9.0])


class TestRates(Base):
    def test_wpm_option(self):
        # 120 words/min: 2 words a second. lead 53 / 2 = 26.5 s; report
        # narration 193 / 2 = 96.5 s + the quotes at 160 (unchanged) 16.5.
        got = self.timing_json("--wpm", "120", SEED)
        lead, report = got["stories"][0]["sections"]
        self.assertEqual(lead["seconds"], 26.5)
        self.assertEqual(report["seconds"], 113.0)
        self.assertEqual(got["total"], 139.5)

    def test_rc_rates_and_target(self):
        d = tempfile.mkdtemp(dir=TMP)
        shutil.copy(SEED, os.path.join(d, "seed.txt"))
        with open(os.path.join(d, ".bulletinrc"), "w") as f:
            f.write("timing.wpm = 120\ntiming.soundbite_wpm = 120\ntiming.target = 1:30\n")
        got = self.timing_json(os.path.join(d, "seed.txt"))
        # everything at 2 words/s: (53 + 193 + 44) / 2 = 145.0 s
        self.assertEqual(got["total"], 145.0)
        self.assertEqual(got["target"], 90.0)
        self.assertEqual(got["over"], 55.0)
        # --target wins over the .bulletinrc
        got = self.timing_json("--target", "3:00", os.path.join(d, "seed.txt"))
        self.assertEqual((got["target"], got["over"]), (180.0, -35.0))
        # and lint warns of the .bulletinrc's target on line 1
        p = self.run_bin(["lint", "--format", "json", os.path.join(d, "seed.txt")])
        diags = json.loads(p.stdout)["diagnostics"]
        over = [x for x in diags if x["code"] == "over-time"]
        self.assertEqual(len(over), 1, diags)
        self.assertEqual((over[0]["line"], over[0]["severity"]), (1, "warning"))
        self.assertIn("2:25", over[0]["message"])
        self.assertIn("0:55 over its 1:30 target", over[0]["message"])

    def test_no_overtime_under_target(self):
        d = tempfile.mkdtemp(dir=TMP)
        shutil.copy(SEED, os.path.join(d, "seed.txt"))
        with open(os.path.join(d, ".bulletinrc"), "w") as f:
            f.write("timing.target = 1:40\n")  # 1:38.5 runs under it
        p = self.run_bin(["lint", "--format", "json", os.path.join(d, "seed.txt")])
        self.assertNotIn("over-time", [x["code"] for x in json.loads(p.stdout)["diagnostics"]])
        with open(os.path.join(d, ".bulletinrc"), "w") as f:
            f.write("timing.target = 1:38\n")
        p = self.run_bin(["lint", "--format", "json", os.path.join(d, "seed.txt")])
        self.assertIn("over-time", [x["code"] for x in json.loads(p.stdout)["diagnostics"]])

    def test_story_target(self):
        cfg = os.path.join(tempfile.mkdtemp(dir=TMP), "rc")
        with open(cfg, "w") as f:
            f.write("timing.story_target = 0:30\n")
        p = self.run_bin(["--config", cfg, "lint", "--format", "json", SAMPLE])
        over = [x for x in json.loads(p.stdout)["diagnostics"] if x["code"] == "over-time"]
        # the sample's stories: 37.8 s (line 4), 24.1 s, 20.7 s
        self.assertEqual([x["line"] for x in over], [4])

    def test_bad_rc_values(self):
        for bad in ("timing.wpm = 0", "timing.wpm = fast", "timing.target = 3", "timing.target = 1:75",
                    "timing.speed = 3"):
            cfg = os.path.join(tempfile.mkdtemp(dir=TMP), "rc")
            with open(cfg, "w") as f:
                f.write(bad + "\n")
            p = self.run_bin(["--config", cfg, "timing", SEED])
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn("1:", p.stderr.decode(), bad)

    def test_rc_errors_as_the_other_commands(self):
        """timing reads .bulletinrc files through the same loader as outline
        and lint (core/cli/load.c): a file over the .bulletinrc size limit
        and a bad line are reported in the same words, once per file."""
        d = tempfile.mkdtemp(dir=TMP)
        shutil.copy(SEED, os.path.join(d, "a.txt"))
        shutil.copy(SEED, os.path.join(d, "b.txt"))
        rc = os.path.join(d, ".bulletinrc")
        with open(rc, "w") as f:
            f.write("# padding\n" * 120000)  # 1.2 MB
        files = [os.path.join(d, "a.txt"), os.path.join(d, "b.txt")]
        t = self.run_bin(["timing"] + files).stderr.decode()
        o = self.run_bin(["outline"] + files).stderr.decode()
        self.assertIn("larger than 1048576 bytes (the .bulletinrc size limit)", t)
        self.assertEqual(t, o)
        self.assertEqual(t.count(rc), 1, t)
        with open(rc, "w") as f:
            f.write("timing.wpm = 100\n")
        good = self.timing_json(files[0])
        with open(rc, "w") as f:
            f.write("timing.wpm = 100\nnot a key line\n")
        t = self.run_bin(["timing", files[0]])
        o = self.run_bin(["outline", files[0]])
        self.assertEqual(t.stderr, o.stderr)
        self.assertIn(rc + ":2:", t.stderr.decode())
        # the line before the bad one still applies
        self.assertNotEqual(good["total"], self.timing_json("--no-config", files[0])["total"])
        self.assertEqual(self.timing_json(files[0])["total"], good["total"])

    def test_hangul_syllables(self):
        # 서울(2) 날씨는(3) 맑겠습니다(5): 10 syllables / 300 per min = 2.0 s;
        # "KBS뉴스" is one word (KBS, 1/3 s) and two syllables (0.4 s).
        d = tempfile.mkdtemp(dir=TMP)
        with open(os.path.join(d, ".bulletinrc"), "w") as f:
            f.write("hangul_chrome = no\n")
        with open(os.path.join(d, "k.txt"), "w") as f:
            f.write("Title Here\n\n[LEAD]\n서울 날씨는 맑겠습니다.\n\n[REPORT]\nKBS뉴스\n")
        got = self.timing_json(os.path.join(d, "k.txt"))
        lead, report = got["stories"][0]["sections"]
        self.assertEqual((lead["words"], lead["seconds"]), (0, 2.0))
        self.assertEqual((report["words"], report["seconds"]), (1, 0.7))  # 333 + 400 ms


class TestDeclared(Base):
    DOC = ("Title One\n\n[LEAD]\nOne two three four five six.\n\n[REPORT] (1:45)\n"
           "Words that are not counted now.\n\nKim Min-ji / Worker (0:12)\nA quote line.\n")

    def test_declared_durations(self):
        path = os.path.join(tempfile.mkdtemp(dir=TMP), "d.txt")
        with open(path, "w") as f:
            f.write(self.DOC)
        got = self.timing_json(path)
        lead, report = got["stories"][0]["sections"]
        self.assertEqual(lead["seconds"], 2.0)     # 6 words / 3
        self.assertEqual(report["seconds"], 105.0)  # declared 1:45
        self.assertEqual(got["total"], 107.0)
        items = json.loads(self.run_bin(["outline", path]).stdout)["items"]
        quote = [i for i in items if i["kind"] == "quote"][0]
        self.assertEqual((quote["role"], quote["seconds"]), ("Worker", 12.0))
        # "[REPORT] (1:45)" is no text after the tag for lint
        p = self.run_bin(["lint", "--format", "json", path])
        self.assertNotIn("tag-not-alone",
                         [x["code"] for x in json.loads(p.stdout)["diagnostics"]])
        self.assertIn("(declared)", self.run_bin(["timing", path]).stdout.decode())


class TestUsage(Base):
    def test_errors(self):
        for args, msg in ((["timing"], "missing FILE"),
                          (["timing", "--target", "3", SEED], "--target"),
                          (["timing", "--wpm", "0", SEED], "--wpm"),
                          (["timing", "--format", "csv", SEED], "invalid format"),
                          (["timing", "--bogus", SEED], "unknown option")):
            p = self.run_bin(args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(msg, p.stderr.decode(), args)
            self.assertEqual(p.stdout, b"")

    def test_help_and_options_anywhere(self):
        p = self.run_bin(["timing", "--help"])
        self.assertEqual(p.returncode, 0)
        self.assertIn("bulletin timing", p.stdout.decode())
        self.assertIn("timing [--format", self.run_bin(["--help"]).stdout.decode())
        a = self.run_bin(["--no-config", "timing", "-f", "json", SEED]).stdout
        b = self.run_bin(["timing", SEED, "--format=json", "--no-config"]).stdout
        self.assertEqual(a, b)
        self.assertEqual(json.loads(a)["total"], 98.5)

    def test_stdin_and_several_files(self):
        with open(SEED, "rb") as f:
            p = self.run_bin(["timing", "-f", "json", "--compact", "-", SAMPLE], stdin=f.read())
        objs = [json.loads(x) for x in p.stdout.decode().splitlines()]
        self.assertEqual([o["file"] for o in objs], ["<stdin>", SAMPLE])
        self.assertEqual(objs[0]["total"], 98.5)
        # the sample: starts are the running sum of the stories
        st = objs[1]["stories"]
        self.assertEqual(st[1]["start"], st[0]["seconds"])
        self.assertAlmostEqual(st[2]["start"], st[0]["seconds"] + st[1]["seconds"], places=6)

    def test_missing_file(self):
        p = self.run_bin(["timing", "/nonexistent/x.txt", SEED])
        self.assertEqual(p.returncode, 2)
        self.assertIn("x.txt", p.stderr.decode())
        self.assertIn("1:39", p.stdout.decode())


def main():
    global TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bulletin"))
    ap.add_argument("--asan-bin", default=None)
    args, rest = ap.parse_known_args()
    BINS["normal"] = os.path.abspath(args.bin)
    cases = [TestSeed, TestRates, TestDeclared, TestUsage]
    if args.asan_bin and os.path.exists(args.asan_bin):
        BINS["asan"] = os.path.abspath(args.asan_bin)
        cases += [type(c.__name__ + "_asan", (c,), {"LABEL": "asan"}) for c in list(cases)]
    TMP = tempfile.mkdtemp(prefix="bulletin-timing-")
    try:
        suite = unittest.TestSuite()
        for c in cases:
            suite.addTests(unittest.defaultTestLoader.loadTestsFromTestCase(c))
        r = unittest.TextTestRunner(verbosity=1).run(suite)
        print("%d passed, %d failed" % (r.testsRun - len(r.failures) - len(r.errors),
                                        len(r.failures) + len(r.errors)))
        return 0 if r.wasSuccessful() else 1
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
