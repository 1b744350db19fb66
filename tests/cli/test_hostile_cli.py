#!/usr/bin/python3
"""Hostile operands for the `bulletin` command line (stdlib unittest).

    python3 tests/cli/test_hostile_cli.py --bin build/bulletin --asan-bin build/bulletin_asan

Issue 13, items 3-5: inputs over the document limits are refused at the
first line over a limit, with a message that names the limit and the line,
in memory bounded by that limit (/dev/zero, sparse files); a FIFO operand
never blocks; no control character of a file name, an argument, a
.bulletinrc key, an environment variable or a log message reaches the
terminal through standard error. Every test runs once per binary (the
normal build and the ASan/UBSan one); peak memory is asserted on the normal
build only. Prints `N passed, N failed` last; exits 1 if anything failed.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import msgpack

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_cli  # noqa: E402  (the shared runner pieces)
from common import ROOT, bins_from_args, peak_rss, run_cases  # noqa: E402
from test_cli import BulletinCase, decode_json_stream, fixture  # noqa: E402

MiB = 1 << 20
MAX_LINE_BYTES = 256 * MiB  # BL_MAX_LINE_BYTES, core/model/doc.h
MAX_LINES = 50000000  # BL_MAX_LINES
MAX_INPUT = 4 << 30  # BL_INPUT_MAX, core/cli/input.h
# Peak RSS allowed when reading stops at the per-line limit: the limit and
# a little (the read chunk, the program). It read 4.2 GB before (/dev/zero).
LINE_CAP_RSS = MAX_LINE_BYTES + 48 * MiB
# Control bytes a terminal acts on; "\n" ends each message and is allowed.
CONTROL_RE = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]")
# A file name and a key that retitle the terminal, clear it, ring the bell.
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x07\x7f\x08\x0d"

TMP = None


def per_line_msg(path, line):
    return ("bulletin: %s: line %d is longer than %d bytes (the per-line limit)\n"
            % (path, line, MAX_LINE_BYTES)).encode()


class HostileCase(BulletinCase):
    def run_rss(self, args, stdin=None, timeout=300):
        """Runs the binary; returns (returncode, stdout, stderr, peak RSS in
        bytes). The peak is GNU time's %M: a fresh small parent, so that the
        figure is the binary's alone (wait4's rusage of a child forked from
        this Python counts the Python's pages too)."""
        p, rss = peak_rss(self.BIN, args, os.path.join(TMP, "rss-%s" % self.LABEL), stdin=stdin,
                          timeout=timeout)
        self.assertGreaterEqual(p.returncode, 0, "killed by signal %d: %s"
                                % (-p.returncode, p.stderr[-2000:]))
        self.assertIsNone(test_cli.SANITIZER_RE.search(p.stderr), p.stderr[-4000:])
        return p.returncode, p.stdout, p.stderr, rss

    def assert_rss_under(self, rss, cap, what):
        sys.stderr.write("[%s] peak RSS %.1f MB: %s\n" % (self.LABEL, rss / 1e6, what))
        if "asan" not in self.LABEL:  # the sanitizer build uses more by design
            self.assertLess(rss, cap, what)

    def assert_clean_stderr(self, err):
        self.assertIsNone(CONTROL_RE.search(err), "control byte on stderr: %r" % err)
        self.assertTrue(err.endswith(b"\n"), err)


class TestLimits(HostileCase):
    """Item 3: reading stops at the first line over a limit."""

    def test_dev_zero(self):
        rc, out, err, rss = self.run_rss(["outline", "/dev/zero"])
        self.assertEqual(rc, 2)
        self.assertEqual(out, b"")
        self.assertEqual(err, per_line_msg("/dev/zero", 1))
        self.assert_rss_under(rss, LINE_CAP_RSS, "outline /dev/zero")

    def test_dev_zero_on_stdin(self):
        with open("/dev/zero", "rb") as zero:
            rc, out, err, rss = self.run_rss(["lint", "-"], stdin=zero)
        self.assertEqual(rc, 2)
        self.assertTrue(err.startswith(per_line_msg("-", 1)), err)
        self.assert_rss_under(rss, LINE_CAP_RSS, "lint - < /dev/zero")

    def test_sparse_file(self):
        """A 1 GiB sparse file whose fifth line never ends: stopped at line
        5 with the per-line limit (it was read whole before: 1 GiB)."""
        path = os.path.join(TMP, "sparse-%s.txt" % self.LABEL)
        with open(path, "wb") as f:
            f.write(b"STORY TITLE HERE\n\n[LEAD]\nWords.\n")
            f.truncate(1 << 30)
        try:
            rc, out, err, rss = self.run_rss(["outline", path])
        finally:
            os.unlink(path)
        self.assertEqual(rc, 2)
        self.assertEqual(out, b"")
        self.assertEqual(err, per_line_msg(path, 5))
        self.assert_rss_under(rss, LINE_CAP_RSS, "outline of a 1 GiB sparse file")

    def test_line_at_the_limit_is_read(self):
        """A line of exactly BL_MAX_LINE_BYTES is within the limit."""
        path = os.path.join(TMP, "at-limit-%s.txt" % self.LABEL)
        with open(path, "wb") as f:
            f.write(b"x")
            f.truncate(MAX_LINE_BYTES)  # one line, no "\n"
        try:
            rc, out, err, _ = self.run_rss(["folds", path])
        finally:
            os.unlink(path)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(json.loads(out)), 1)  # one line, one fold level

    def test_line_limit(self):
        """50,000,001 empty lines: stopped at the line past the line limit,
        from a file and from a pipe."""
        path = os.path.join(TMP, "lines-%s.txt" % self.LABEL)
        with open(path, "wb") as f:
            f.write(b"\n" * (MAX_LINES + 1))
        try:
            rc, out, err, _ = self.run_rss(["outline", path])
            self.assertEqual(rc, 2)
            self.assertEqual(out, b"")
            self.assertEqual(err, ("bulletin: %s: line %d is past %d lines (the line limit)\n"
                                   % (path, MAX_LINES + 1, MAX_LINES)).encode())
            with open(path, "rb") as f:
                rc, out, err, _ = self.run_rss(["folds", "-"], stdin=f)
            self.assertEqual(rc, 2)
            self.assertEqual(err, ("bulletin: -: line %d is past %d lines (the line limit)\n"
                                   % (MAX_LINES + 1, MAX_LINES)).encode())
        finally:
            os.unlink(path)

    def test_size_limit(self):
        """A regular file over the input size limit is refused unread."""
        path = os.path.join(TMP, "huge-%s.txt" % self.LABEL)
        with open(path, "wb") as f:
            f.truncate(MAX_INPUT + 1)
        try:
            rc, out, err, rss = self.run_rss(["outline", path])
        finally:
            os.unlink(path)
        self.assertEqual(rc, 2)
        self.assertEqual(err, ("bulletin: %s: is %d bytes, more than %d (the input size limit)\n"
                               % (path, MAX_INPUT + 1, MAX_INPUT)).encode())
        self.assert_rss_under(rss, 32 * MiB, "outline of a file over 4 GiB")

    def test_others_still_processed(self):
        good = fixture("basic.txt")
        rc, out, err, _ = self.run_rss(["outline", "--compact", good, "/dev/zero", good])
        self.assertEqual(rc, 2)
        self.assertEqual(err, per_line_msg("/dev/zero", 1))
        self.assertEqual([d["file"] for d in decode_json_stream(out.decode())], [good, good])


class TestOddFiles(HostileCase):
    """Item 4: a FIFO operand never blocks; what each kind of file gives."""

    def fifo(self, name):
        path = os.path.join(TMP, "%s-%s.txt" % (name, self.LABEL))
        if os.path.exists(path):
            os.unlink(path)
        os.mkfifo(path)
        return path

    def test_fifo_among_files(self):
        """A FIFO that no process writes reads as empty: `lint *.txt` goes
        on (it blocked forever before)."""
        good = fixture("basic.txt")
        fifo = self.fifo("fifo")
        try:
            p = self.run_bin(["lint", good, fifo, good], timeout=30)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr, b"0 errors, 0 warnings, 0 infos in 3 files\n")
            p = self.run_bin(["outline", "--compact", good, fifo, good], timeout=30)
            self.assertEqual(p.returncode, 0, p.stderr)
            docs = decode_json_stream(p.stdout.decode())
            self.assertEqual([d["file"] for d in docs], [good, fifo, good])
            self.assertEqual(docs[1]["items"], [])
        finally:
            os.unlink(fifo)

    def test_fifo_with_a_writer(self):
        """A FIFO that a process has open for writing is read until the
        writer closes it."""
        data = open(fixture("basic.txt"), "rb").read()
        fifo = self.fifo("fifo-writer")
        wfd = os.open(fifo, os.O_RDWR)  # a writer (and reader) that does not block
        try:
            p = subprocess.Popen([self.BIN, "outline", "--compact", fifo],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            # Write once bulletin has the FIFO open: then the text is its.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    fds = os.listdir("/proc/%d/fd" % p.pid)
                    if any(os.readlink("/proc/%d/fd/%s" % (p.pid, fd)) == fifo for fd in fds):
                        break
                except OSError:
                    pass
                time.sleep(0.01)
            os.write(wfd, data)
        finally:
            os.close(wfd)
            os.unlink(fifo)
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        got = decode_json_stream(out.decode())
        want = self.outline(fixture("basic.txt"), "--compact")
        self.assertEqual(got[0]["items"], want["items"])

    def test_pipe_on_stdin(self):
        data = open(fixture("basic.txt"), "rb").read()
        p = self.run_bin(["outline", "--compact", "-"], stdin=data)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(decode_json_stream(p.stdout.decode())[0]["items"],
                         self.outline(fixture("basic.txt"))["items"])

    def test_socket_refused(self):
        path = os.path.join(TMP, "sock-%s" % self.LABEL)
        s = socket.socket(socket.AF_UNIX)
        try:
            s.bind(path)
            p = self.run_bin(["outline", path, fixture("basic.txt")], timeout=30)
        finally:
            s.close()
            os.unlink(path)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, ("bulletin: %s: is a socket, not read\n" % path).encode())
        self.assertEqual(len(decode_json_stream(p.stdout.decode())), 1)

    def test_directory_refused(self):
        p = self.run_bin(["outline", TMP])
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, ("bulletin: %s: Is a directory\n" % TMP).encode())

    def test_fifo_config(self):
        """--config naming a FIFO with no writer does not block either: an
        empty vocabulary file adds nothing."""
        fifo = self.fifo("rc-fifo")
        try:
            p = self.run_bin(["--config", fifo, "lint", fixture("basic.txt")], timeout=30)
        finally:
            os.unlink(fifo)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_huge_config(self):
        """--config /dev/zero stops at the .bulletinrc size limit."""
        p = self.run_bin(["--config", "/dev/zero", "lint", fixture("basic.txt")], timeout=60)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, b"bulletin: /dev/zero: larger than 1048576 bytes "
                                   b"(the .bulletinrc size limit)\n")

    def test_help_says_it(self):
        text = self.run_bin(["--help"]).stdout.decode()
        flat = " ".join(text.split())
        for phrase in ("50000000 lines", "268435456 bytes in a line", "4294967296 bytes in all",
                       "(the per-line limit)", "(the line limit)", "(the input size limit)",
                       "a FIFO that no process has open for writing when bulletin opens it "
                       "reads as an empty file", "is a socket, not read", "Is a directory",
                       "every message on standard error"):
            self.assertIn(phrase, flat)


class TestEscapes(HostileCase):
    """Item 5: no control character reaches the terminal through stderr."""

    def test_file_name(self):
        missing = os.path.join(TMP, "nope%s.txt" % EVIL)
        for cmd in (["outline"], ["lint"], ["quotes"], ["folds"]):
            p = self.run_bin(cmd + [missing])
            self.assertEqual(p.returncode, 2)
            self.assert_clean_stderr(p.stderr)
            self.assertIn(b"nope?]0;pwned??[2J?[31m????.txt", p.stderr)

    def test_file_name_over_a_limit(self):
        link = os.path.join(TMP, "zero%s-%s" % (EVIL, self.LABEL))
        os.symlink("/dev/zero", link)
        try:
            p = self.run_bin(["outline", link])
        finally:
            os.unlink(link)
        self.assertEqual(p.returncode, 2)
        self.assert_clean_stderr(p.stderr)
        self.assertIn(b"(the per-line limit)", p.stderr)

    def test_arguments(self):
        for args in (["outline", "--frob" + EVIL, fixture("basic.txt")],
                     ["frob" + EVIL, fixture("basic.txt")],
                     ["outline", "--format", "yaml" + EVIL, fixture("basic.txt")],
                     ["lint", "--format=" + EVIL]):
            p = self.run_bin(args)
            self.assertEqual(p.returncode, 2, args)
            self.assert_clean_stderr(p.stderr)
            self.assertEqual(p.stderr.count(b"\n"), 2, p.stderr)  # message and hint

    def rc_dir(self, text):
        d = os.path.join(TMP, "evil%s-%s" % (EVIL, self.LABEL))
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        with open(os.path.join(d, ".bulletinrc"), "w") as f:
            f.write(text)
        shutil.copy(fixture("basic.txt"), d)
        return d

    def test_bulletinrc_key(self):
        # EVIL's last byte, a lone CR, ends a line (BULLETIN-FORMAT.md §7.1,
        # the .bulletinrc is read as any text): without it, the escapes stay
        # in the key, which the message quotes.
        d = self.rc_dir("lead = [Intro]\n%sreport = [X]\n" % EVIL[:-1])
        try:
            doc = os.path.join(d, "basic.txt")
            p = self.run_bin(["lint", doc])  # found: reported, lint goes on
            self.assert_clean_stderr(p.stderr)
            self.assertIn(b".bulletinrc:2: unknown key '?]0;pwned??[2J?[31m???report'", p.stderr)
            p = self.run_bin(["--config", os.path.join(d, ".bulletinrc"), "outline", doc])
            self.assertEqual(p.returncode, 2)
            self.assert_clean_stderr(p.stderr)
            self.assertIn(b"unknown key '?]0;pwned", p.stderr)
        finally:
            shutil.rmtree(d)
        # With the CR: line 2 is the escapes alone, line 3 the key.
        d = self.rc_dir("lead = [Intro]\n%sreport = [X]\n" % EVIL)
        try:
            p = self.run_bin(["lint", os.path.join(d, "basic.txt")])
            self.assert_clean_stderr(p.stderr)
            self.assertIn(b".bulletinrc:2: expected 'key = value'", p.stderr)
        finally:
            shutil.rmtree(d)

    def test_bulletinrc_value(self):
        """A spelling too long to add is quoted in the error."""
        d = self.rc_dir("lead = [%s%s]\n" % (EVIL, "x" * 300))
        try:
            p = self.run_bin(["--config", os.path.join(d, ".bulletinrc"), "outline",
                              fixture("basic.txt")])
            self.assertEqual(p.returncode, 2)
            self.assert_clean_stderr(p.stderr)
        finally:
            shutil.rmtree(d)

    def test_log_environment(self):
        """rpc: BULLETIN_LOG and BULLETIN_LOG_FILE are quoted when wrong."""
        env = dict(os.environ, BULLETIN_LOG="x" + EVIL)
        p = subprocess.run([self.BIN, "rpc"], input=b"", capture_output=True, env=env,
                           timeout=30)
        self.assert_clean_stderr(p.stderr)
        self.assertIn(b"BULLETIN_LOG=x?]0;pwned??[2J", p.stderr)
        env = dict(os.environ, BULLETIN_LOG="error",
                   BULLETIN_LOG_FILE=os.path.join(TMP, "no-dir%s" % EVIL, "log"))
        p = subprocess.run([self.BIN, "rpc"], input=b"", capture_output=True, env=env,
                           timeout=30)
        self.assert_clean_stderr(p.stderr)
        self.assertIn(b"BULLETIN_LOG_FILE=", p.stderr)

    def test_log_line(self):
        """rpc: a log line quoting text from Neovim (nvim_error_event) on
        stderr carries no control character."""
        env = dict(os.environ, BULLETIN_LOG="error")
        msg = msgpack.packb([2, "nvim_error_event", [0, "bad %s news" % EVIL]])
        p = subprocess.run([self.BIN, "rpc"], input=msg, capture_output=True, env=env,
                           timeout=30)
        self.assertEqual(p.stdout, b"")
        self.assert_clean_stderr(p.stderr)
        self.assertIn(b"Neovim reports: bad ?]0;pwned??[2J?[31m???? news", p.stderr)


CASES = [TestLimits, TestOddFiles, TestEscapes]


def main():
    global TMP
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bulletin"))
    ap.add_argument("--asan-bin", default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-k", dest="pattern", help="only tests whose id contains this")
    args = ap.parse_args()

    bins = bins_from_args(args)
    if bins is None:
        return 1
    TMP = tempfile.mkdtemp(prefix="bulletin-hostile-")
    test_cli.TMP = TMP
    try:
        return run_cases(CASES, bins, args.pattern, args.verbose)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
