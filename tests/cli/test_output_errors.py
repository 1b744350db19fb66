#!/usr/bin/python3
"""The command line checks its writes (stdlib unittest).

    python3 tests/cli/test_output_errors.py --bin build/bulletin --asan-bin build/bulletin_asan

Issue 12: `bulletin outline BIG > /dev/full` (and every other subcommand
and format, --help and --version) exits with status 2 and says once, on
standard error, which output failed and why:
"bulletin: writing standard output: No space left on device". The same
commands into a pipe succeed, so what fails is the write alone. Every test
runs once per binary (the normal build and the ASan/UBSan one). Prints
`N passed, N failed` last; exits 1 if anything failed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import ROOT, bins_from_args, run_cases  # noqa: E402

SAMPLE = os.path.join(ROOT, "samples", "news-today.bulletin")
LINT_FIXTURE = os.path.join(HERE, "fixtures", "lint_error.txt")
FULL_MSG = b"bulletin: writing standard output: No space left on device\n"

# Every subcommand with every format it accepts.
COMMANDS = [
    ["outline"], ["outline", "--format", "text"], ["outline", "--format", "qf"],
    ["outline", "--compact"],
    ["lint"], ["lint", "--format", "json"], ["lint", "--format", "qf"],
    ["quotes"], ["quotes", "--format", "csv"], ["quotes", "--format", "text"],
    ["quotes", "--supers"], ["quotes", "--supers", "--format", "csv"],
    ["quotes", "--supers", "--format", "text"],
    ["folds"], ["highlights"],
]

TMP = None
BIG = None    # far more output than stdout's buffer holds (64 KiB)
SMALL = None  # output that fits in it: the error shows at the final flush


def make_inputs():
    global BIG, SMALL
    with open(SAMPLE, "rb") as f:
        sample = f.read()
    with open(LINT_FIXTURE, "rb") as f:
        lint = f.read()
    BIG = os.path.join(TMP, "big.bulletin")
    with open(BIG, "wb") as f:
        for i in range(3000):
            f.write(sample)
            f.write(b"\n")
            f.write(lint)
            # A caption of its own, so that --supers has rows to write too.
            name = "".join(chr(ord("a") + (i // 26 ** k) % 26) for k in range(3))
            f.write(b'\n[Soundbite] Choi %s-%s (Desk %s of the Evening News) : "Words."\n\n'
                    % (name[:2].capitalize().encode(), name[2:].encode(), name.encode()))
    SMALL = os.path.join(TMP, "small.bulletin")
    with open(SMALL, "wb") as f:
        f.write(sample + b"\n" + lint)


class OutputErrorCase(unittest.TestCase):
    BIN = None
    LABEL = None

    def run_to(self, args, out):
        with open(out, "wb") as o:
            p = subprocess.run([self.BIN, "--no-config"] + args, stdout=o,
                               stderr=subprocess.PIPE, timeout=300, cwd=TMP)
        if self.LABEL == "asan":
            self.assertNotIn(b"Sanitizer", p.stderr, p.stderr.decode(errors="replace"))
        return p

    def run_pipe(self, args):
        p = subprocess.run([self.BIN, "--no-config"] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=300, cwd=TMP)
        return p

    def assert_full(self, p, what):
        err = p.stderr.decode(errors="replace")
        self.assertEqual(p.returncode, 2, "%s: exit %d, stderr %r" % (what, p.returncode, err))
        self.assertEqual(p.stderr.count(FULL_MSG), 1,
                         "%s: want the write error exactly once, stderr %r" % (what, err))
        for line in p.stderr.splitlines(keepends=True):
            # The only other message allowed is lint's summary.
            if line != FULL_MSG:
                self.assertRegex(line.decode(errors="replace"),
                                 r"^\d+ errors, \d+ warnings, \d+ infos in \d+ files\n$", what)


class TestDevFull(OutputErrorCase):
    def test_every_command_big(self):
        for args in COMMANDS:
            with self.subTest(args=args):
                ok = self.run_pipe(args + [BIG])
                self.assertIn(ok.returncode, (0, 1), ok.stderr)
                self.assertGreater(len(ok.stdout), 1 << 16, "BIG must overflow the buffer")
                self.assert_full(self.run_to(args + [BIG], "/dev/full"), " ".join(args))

    def test_every_command_small(self):
        for args in COMMANDS:
            with self.subTest(args=args):
                ok = self.run_pipe(args + [SMALL])
                self.assertIn(ok.returncode, (0, 1), ok.stderr)
                self.assertGreater(len(ok.stdout), 0)
                self.assert_full(self.run_to(args + [SMALL], "/dev/full"), " ".join(args))

    def test_many_files_one_message(self):
        # The first failed write ends the run's output: the error is
        # reported once, not once per file.
        for args in (["outline"], ["lint"], ["quotes"], ["folds"]):
            with self.subTest(args=args):
                p = self.run_to(args + [BIG, SMALL, BIG, SMALL], "/dev/full")
                self.assert_full(p, " ".join(args))

    def test_help_and_version(self):
        for args in (["--help"], ["help"], ["--version"]):
            with self.subTest(args=args):
                ok = self.run_pipe(args)
                self.assertEqual(ok.returncode, 0, ok.stderr)
                self.assertGreater(len(ok.stdout), 0)
                self.assert_full(self.run_to(args, "/dev/full"), " ".join(args))


CASES = [TestDevFull]


def main():
    global TMP
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bulletin"))
    ap.add_argument("--asan-bin", default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    bins = bins_from_args(args)
    if bins is None:
        return 1
    if not os.path.exists("/dev/full"):
        print("error: /dev/full is missing")
        print("0 passed, 1 failed")
        return 1

    TMP = tempfile.mkdtemp(prefix="bulletin-output-")
    try:
        make_inputs()
        return run_cases(CASES, bins, None, args.verbose)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
