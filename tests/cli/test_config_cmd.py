#!/usr/bin/python3
"""`bulletin config [--config FILE | --no-config] [FILE...]`: which dialect
and vocabulary are in force (issue 8, part 2), printed in .bulletinrc
syntax (stdlib unittest).

    python3 tests/cli/test_config_cmd.py --bin build/bulletin [--asan-bin build/bulletin_asan]

The output names where the vocabulary comes from and is itself a
.bulletinrc: read back with --config it gives the same outline of each
shipped dialect's sample and prints the same settings. Every test runs per
binary (the ASan/UBSan build too, when given; a sanitizer report fails it).
Prints `N passed, N failed` last; exits 1 if anything failed.
"""

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
DIALECTS = os.path.join(ROOT, "dialects")
SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:")


class ConfigCmd(unittest.TestCase):
    BIN = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bl-config-cmd-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_bin(self, *args, cwd=None):
        p = subprocess.run([self.BIN, *args], capture_output=True, cwd=cwd, timeout=60)
        err = p.stderr.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        return p.returncode, p.stdout.decode("utf-8"), err

    def test_config_file_is_shown(self):
        rc = os.path.join(DIALECTS, "ytn.bulletinrc")
        code, out, err = self.run_bin("config", "--config", rc)
        self.assertEqual((code, err), (0, ""))
        lines = out.splitlines()
        self.assertEqual(lines[0], "# --config " + rc)
        for want in ["dialect = ytn", "attribution = [{speaker} / {role}: {quote}]",
                     "dateline = %Y.%m.%d. %p %I:%M", "implicit_lead = no",
                     "hangul_chrome = yes", "ytn.lead = [Anchor]", "ytn.report = [Reporter]",
                     "common.soundbite = [Soundbite]", "radio.label.lead = Anchor"]:
            self.assertIn(want, lines)

    def test_settings_of_mbc(self):
        code, out, _ = self.run_bin("config", "--config", os.path.join(DIALECTS, "mbc.bulletinrc"))
        self.assertEqual(code, 0)
        self.assertIn("dialect = mbc", out.splitlines())
        with open(os.path.join(DIALECTS, "mbc.bulletinrc"), encoding="utf-8") as f:
            rc = f.read()
        for m in re.finditer(r"^attribution = (.*)$", rc, re.M):
            self.assertIn("attribution = " + m.group(1).split("  #")[0].strip(), out.splitlines())

    def test_found_bulletinrc_is_named_per_file(self):
        d = os.path.join(self.tmp, "desk")
        os.mkdir(d)
        shutil.copy(os.path.join(DIALECTS, "sbs.bulletinrc"), os.path.join(d, ".bulletinrc"))
        other = os.path.join(self.tmp, "other.txt")
        code, out, _ = self.run_bin("config", os.path.join(d, "a.txt"), other)
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertEqual(lines[0], "# for " + os.path.join(d, "a.txt"))
        self.assertEqual(lines[1], "# " + os.path.join(os.path.realpath(d), ".bulletinrc"))
        self.assertEqual(lines[2], "dialect = sbs")
        i = lines.index("# for " + other)
        self.assertEqual(lines[i + 1], "# built-in vocabulary (no .bulletinrc found)")
        self.assertEqual(lines[i + 2], "# dialect: none named")
        # Without FILE: the .bulletinrc a document in the current directory gets.
        code, out, _ = self.run_bin("config", cwd=d)
        self.assertEqual(out.splitlines()[:2],
                         ["# " + os.path.join(os.path.realpath(d), ".bulletinrc"), "dialect = sbs"])

    def test_no_config(self):
        code, out, _ = self.run_bin("config", "--no-config")
        self.assertEqual(code, 0)
        self.assertEqual(out.splitlines()[:2], ["# built-in vocabulary (--no-config)",
                                                "# dialect: none named"])
        self.assertIn("news-9.lead = [Anchor]", out.splitlines())

    def test_output_reads_back_as_the_same_vocabulary(self):
        for name in ["mbc", "sbs", "ytn"]:
            with self.subTest(dialect=name):
                rc = os.path.join(DIALECTS, name + ".bulletinrc")
                _, shown, _ = self.run_bin("config", "--config", rc)
                again = os.path.join(self.tmp, name + ".shown")
                with open(again, "w", encoding="utf-8") as f:
                    f.write(shown)
                _, shown2, _ = self.run_bin("config", "--config", again)
                self.assertEqual(shown.splitlines()[1:], shown2.splitlines()[1:])
                sample = os.path.join(DIALECTS, name + ".txt")
                c1, o1, _ = self.run_bin("--config", rc, "outline", sample)
                c2, o2, _ = self.run_bin("--config", again, "outline", sample)
                self.assertEqual((c1, o1), (c2, o2))

    def test_errors(self):
        bad = os.path.join(self.tmp, "bad.bulletinrc")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("dialect = x\nattribution = [{who}]\n")
        code, out, err = self.run_bin("config", "--config", bad)
        self.assertEqual((code, out), (2, ""))
        self.assertIn(bad + ":2: attribution: expected unknown slot", err)
        code, _, err = self.run_bin("config", "--format", "json")
        self.assertEqual(code, 2)
        self.assertIn("invalid format 'json' (choose one of: text)", err)
        code, out, _ = self.run_bin("--help")
        self.assertIn("    config ", out)


if __name__ == "__main__":
    sys.exit(common.main([ConfigCmd]))
