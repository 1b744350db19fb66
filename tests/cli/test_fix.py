#!/usr/bin/python3
"""`bulletin lint --fix | --unsafe-fixes | --diff` (issue 11, "Fixes";
stdlib unittest).

    python3 tests/cli/test_fix.py --bin build/bulletin [--asan-bin build/bulletin_asan]

Each fix is shown on real corpus lines: a corpus file is damaged the way
files arrive (a tag in lower case, spaced, without its ']', an invisible
character before it, a stray colon after [Soundbite], a typo, a tag line
joined with its text), and fixing the damaged copy must give back the
corpus file byte for byte. Also: idempotence (a second run writes
nothing), --diff (a unified diff that `patch` applies to the same result,
the file untouched), exit statuses, the summary line, and atomic writes
(mode kept, CRLF and BOM kept, read-only file or directory and vanished
file reported and never half-written, no temporary file left). Every test
runs per binary (the ASan/UBSan build too, when given; a sanitizer report
fails it). Prints `N passed, N failed` last; exits 1 if anything failed.
"""

import glob
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

import common

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "tests", "corpus", "data")
SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:")
SUMMARY_RE = re.compile(r"^(\d+) (fixed|fixable), (\d+) remaining"
                        r"(?: \((\d+) more with --unsafe-fixes\))?$", re.M)
ZWSP = "\u200b"
TAG_LINE = re.compile(r"^\[(Anchor Lead|Anchor|LEAD|Pkg|REPORT|Report)\]$")


def corpus_files():
    return sorted(glob.glob(os.path.join(CORPUS, "*.txt")))


class Fix(unittest.TestCase):
    BIN = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bl-fix-")

    def tearDown(self):
        for root, dirs, _ in os.walk(self.tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_bin(self, *args, stdin=None):
        p = subprocess.run([self.BIN, *args], capture_output=True, timeout=120, input=stdin)
        err = p.stderr.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        return p.returncode, p.stdout.decode("utf-8", "replace"), err

    def summary(self, err):
        m = SUMMARY_RE.search(err)
        self.assertIsNotNone(m, err)
        return int(m.group(1)), int(m.group(3)), m.group(4) and int(m.group(4))

    def write(self, name, data, mode=None):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(path, mode)
        return path

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    def clean_corpus(self, unsafe=False, limit=None):
        """Corpus files that --fix (--unsafe-fixes) leaves unchanged, each
        as (name, text)."""
        out = []
        for src in corpus_files():
            text = self.read(src).decode("utf-8")
            path = self.write("probe.txt", text)
            args = ["lint", "--diff", "--no-config"] + (["--unsafe-fixes"] if unsafe else [])
            code, diff, _ = self.run_bin(*args, path)
            self.assertIn(code, (0, 1))
            if diff == "":
                out.append((os.path.basename(src), text))
            if limit and len(out) >= limit:
                break
        return out

    def damage(self, text, how, every=1):
        """text with its known section tag lines damaged by how(tag); the
        damaged lines' count."""
        lines = text.split("\n")
        seen = changed = 0
        for i, line in enumerate(lines):
            if TAG_LINE.match(line):
                if seen % every == 0:
                    lines[i] = how(line)
                    changed += lines[i] != line
                seen += 1
        return "\n".join(lines), changed

    def fix_back(self, text, how, unsafe=False, every=1, per_line=1):
        damaged, n = self.damage(text, how, every)
        n *= per_line
        self.assertGreater(n, 0)
        self.assertNotEqual(damaged, text)
        path = self.write("damaged.txt", damaged)
        args = ["lint", "--no-config"] + (["--unsafe-fixes"] if unsafe else ["--fix"])
        code, out, err = self.run_bin(*args, path)
        self.assertEqual(out, "")
        self.assertEqual(self.read(path).decode("utf-8"), text, err)
        fixed, remaining, _ = self.summary(err)
        self.assertEqual(fixed, n, err)
        self.assertEqual(code, 1 if remaining else 0)
        return err

    # ---- each safe fix, on real corpus lines ----

    def test_safe_fixes_restore_corpus_files(self):
        files = self.clean_corpus(limit=12)
        self.assertGreaterEqual(len(files), 8)
        damages = {
            "lower case": lambda t: t.lower(),
            "inner spaces": lambda t: "[ " + t[1:-1] + " ]",
            "missing ]": lambda t: t[:-1],
            "missing [": lambda t: t[1:],
            "invisible before": lambda t: ZWSP + t,
            "lower case, trailing blanks": lambda t: t.lower() + "  \t",
        }
        both = lambda t: ZWSP + "[ " + t[1:-1].lower() + "]"  # two findings, two fixes
        for name, text in files:
            for what, how in list(damages.items()) + [("invisible, spaced, lower", both)]:
                with self.subTest(file=name, damage=what):
                    err = self.fix_back(text, how, every=2, per_line=1 + (how is both))
                    self.assertRegex(err, r"\(\d+ more with --unsafe-fixes\)")

    def test_stray_colon_and_missing_bracket_after_soundbite(self):
        used = 0
        for name, text in self.clean_corpus():
            if not re.search(r"^\[Soundbite\] \S", text, re.M):
                continue
            used += 1
            for what, how in {"colon": lambda m: "[Soundbite]:" + m.group(1),
                              "no ]": lambda m: "[Soundbite" + m.group(1)}.items():
                with self.subTest(file=name, damage=what):
                    damaged = re.sub(r"^\[Soundbite\]( \S)", how, text, flags=re.M)
                    self.assertNotEqual(damaged, text)
                    path = self.write("sb.txt", damaged)
                    code, _, err = self.run_bin("lint", "--fix", "--no-config", path)
                    # The fixed tag line loses its trailing blanks too.
                    want = re.sub(r"^(\[Soundbite\] \S.*?)[ \t]+$", r"\1", text, flags=re.M)
                    self.assertEqual(self.read(path).decode("utf-8"), want, err)
                    self.assertEqual(self.summary(err)[0],
                                     len(re.findall(r"^\[Soundbite\] \S", text, re.M)))
        self.assertGreaterEqual(used, 2)

    # ---- each unsafe fix ----

    def test_typo_needs_unsafe_fixes(self):
        # (not [Report] -> [Reprot]: its nearest tag is [REPORT], a guess
        # that --unsafe-fixes takes: unsafe for that reason)
        typos = {"[REPORT]": "[REPROT]", "[Anchor Lead]": "[Anchr Lead]", "[Pkg]": "[Pkgg]",
                 "[Anchor]": "[Anchro]"}
        used = 0
        for name, text in self.clean_corpus(unsafe=True, limit=10):
            how = lambda t: typos.get(t, t)
            damaged, _ = self.damage(text, how)
            if damaged == text:
                continue
            used += 1
            with self.subTest(file=name):
                path = self.write("typo.txt", damaged)
                code, _, err = self.run_bin("lint", "--fix", "--no-config", path)
                self.assertEqual(self.read(path).decode("utf-8"), damaged, "safe only: unchanged")
                fixed, remaining, more = self.summary(err)
                self.assertEqual(fixed, 0)
                self.assertGreater(more, 0)
                self.assertEqual(code, 1)
                self.fix_back(text, how, unsafe=True)
        self.assertGreaterEqual(used, 5)

    def test_chrome_lines_deleted_with_unsafe_fixes(self):
        used = 0
        for src in corpus_files():
            text = self.read(src).decode("utf-8")
            path = self.write("chrome.txt", text)
            code, out, _ = self.run_bin("lint", "--no-config", "--format", "json", path)
            import json
            chrome = {d["line"] for d in json.loads(out)["diagnostics"] if d["code"] == "chrome"}
            if not chrome:
                continue
            used += 1
            lines = text.split("\n")
            want = "\n".join(l for i, l in enumerate(lines, 1) if i not in chrome)
            code, _, err = self.run_bin("lint", "--unsafe-fixes", "--no-config", path)
            got = self.read(path).decode("utf-8")
            # A deleted line that was Hangul chrome may make the next one
            # chrome too (a passage of furniture): those go as well.
            self.assertTrue(got == want or len(got) < len(want), os.path.basename(src))
            for line in got.split("\n"):
                self.assertIn(line, lines)
            _, remaining, _ = self.summary(err)
            code2, out2, _ = self.run_bin("lint", "--no-config", "--format", "json", path)
            self.assertFalse([d for d in json.loads(out2)["diagnostics"]
                              if d["code"] == "chrome"])
            if used >= 5:
                break
        self.assertGreaterEqual(used, 3)

    def test_text_after_section_tag_moves_to_its_own_line(self):
        name, text = self.clean_corpus(unsafe=True, limit=1)[0]
        m = re.search(r"^(\[(?:Anchor Lead|Anchor|LEAD)\])\n+([^\n\[]+)\n", text, re.M)
        self.assertIsNotNone(m, name)
        joined = text[:m.start()] + m.group(1) + " " + m.group(2) + "\n" + text[m.end():]
        want = text[:m.start()] + m.group(1) + "\n" + m.group(2) + "\n" + text[m.end():]
        path = self.write("joined.txt", joined)
        self.run_bin("lint", "--fix", "--no-config", path)
        self.assertEqual(self.read(path).decode("utf-8"), joined, "safe only: unchanged")
        self.run_bin("lint", "--unsafe-fixes", "--no-config", path)
        self.assertEqual(self.read(path).decode("utf-8"), want)

    # ---- idempotence, --diff ----

    def test_second_run_changes_nothing_and_does_not_write(self):
        name, text = self.clean_corpus(limit=1)[0]
        damaged, n = self.damage(text, lambda t: ZWSP + "[ " + t[1:-1].lower())
        path = self.write("twice.txt", damaged)
        code, _, err = self.run_bin("lint", "--fix", "--unsafe-fixes", "--no-config", path)
        first = self.read(path)
        st = os.stat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10**9))
        st = os.stat(path)
        code2, _, err2 = self.run_bin("lint", "--fix", "--unsafe-fixes", "--no-config", path)
        self.assertEqual(self.read(path), first)
        self.assertEqual(self.summary(err2)[0], 0, err2)
        st2 = os.stat(path)
        self.assertEqual((st2.st_ino, st2.st_mtime_ns), (st.st_ino, st.st_mtime_ns),
                         "a file with nothing to fix is not written")
        self.assertEqual(code, code2)

    def test_whole_corpus_settles_in_one_run(self):
        """Every corpus file, unsafe fixes too: no error (065.txt ends in a
        chrome line without a final newline: deleting it failed), and a
        second run fixes and writes nothing."""
        paths = []
        for src in corpus_files():
            paths.append(self.write(os.path.basename(src), self.read(src)))
        code, _, err = self.run_bin("lint", "--unsafe-fixes", "--no-config", *paths)
        self.assertIn(code, (0, 1), err)
        self.assertNotIn("bulletin:", err)
        self.assertGreater(self.summary(err)[0], 40, "the chrome lines went")
        stamps = {p: os.stat(p).st_mtime_ns for p in paths}
        code2, _, err2 = self.run_bin("lint", "--unsafe-fixes", "--no-config", *paths)
        self.assertEqual((code2, self.summary(err2)[:2]), (code, (0, self.summary(err)[1])), err2)
        self.assertEqual(stamps, {p: os.stat(p).st_mtime_ns for p in paths})

    def test_nul_bytes_and_last_lines(self):
        cases = [
            # the text after a tag holds a NUL byte (§7.5): it moves whole
            (b"[LEAD] a\x00b\nText.\n", b"[LEAD]\na\x00b\nText.\n"),
            # chrome as the last line, with and without a final newline
            (b"[LEAD]\nText.\nfacebook", b"[LEAD]\nText."),
            (b"[LEAD]\nText.\n\nfacebook\n", b"[LEAD]\nText.\n\n"),
            (b"[LEAD]\nText.\n\nfacebook", b"[LEAD]\nText.\n"),
            (b"[LEAD]\r\nText.\r\nfacebook\r\nMore.", b"[LEAD]\r\nText.\r\nMore."),
        ]
        for data, want in cases:
            with self.subTest(data=data):
                path = self.write("n.txt", data)
                code, _, err = self.run_bin("lint", "--unsafe-fixes", "--no-config", path)
                self.assertNotIn("bulletin:", err)
                self.assertEqual(self.read(path), want)

    def test_diff_is_unified_and_writes_nothing(self):
        name, text = self.clean_corpus(limit=1)[0]
        damaged, n = self.damage(text, lambda t: t.lower() + " ")
        path = self.write("d.txt", damaged)
        code, out, err = self.run_bin("lint", "--diff", "--no-config", path)
        self.assertEqual(self.read(path).decode("utf-8"), damaged, "--diff writes nothing")
        self.assertEqual(self.summary(err)[:2][0], n)
        self.assertEqual(code, 1, "the file as it is has findings")
        self.assertTrue(out.startswith("--- %s\n+++ %s\n@@ -" % (path, path)), out[:200])
        # The same hunks as diff -u, and patch applies them to the fixed text.
        fixed = self.write("fixed.txt", text)
        ref = subprocess.run(["diff", "-u", path, fixed], capture_output=True, text=True).stdout
        self.assertEqual(out.split("\n", 2)[2], ref.split("\n", 2)[2])
        subprocess.run(["patch", "-s", path], input=out.encode(), check=True)
        self.assertEqual(self.read(path).decode("utf-8"), text)
        # Nothing to fix: no output at all.
        code, out, err = self.run_bin("lint", "--diff", "--no-config", fixed)
        self.assertEqual(out, "")

    def test_diff_reads_standard_input(self):
        code, out, err = self.run_bin("lint", "--diff", "--no-config", "-",
                                      stdin=b"[lead]\nText.\n")
        self.assertIn("-[lead]\n+[LEAD]\n", out)
        self.assertTrue(out.startswith("--- <stdin>\n"))
        code, out, err = self.run_bin("lint", "--fix", "--no-config", "-", stdin=b"[lead]\n")
        self.assertEqual(code, 2)
        self.assertIn("standard input cannot be fixed in place", err)

    # ---- exit statuses and usage ----

    def test_exit_status(self):
        clean = self.write("clean.txt", "[lead]\nText.\n")
        left = self.write("left.txt", "[lead]\nText.\n[REPROT]\nMore.\n")
        code, _, err = self.run_bin("lint", "--fix", "--no-config", clean)
        self.assertEqual((code, self.summary(err)), (0, (1, 0, 0)))
        code, _, err = self.run_bin("lint", "--fix", "--no-config", left)
        self.assertEqual((code, self.summary(err)), (1, (1, 1, 1)))
        self.assertIn("1 fixed, 1 remaining (1 more with --unsafe-fixes)", err)
        code, _, err = self.run_bin("lint", "--unsafe-fixes", "--no-config", left)
        self.assertEqual(code, 0)
        self.assertRegex(err, r"^1 fixed, 0 remaining\n$")
        for args in (["outline", "--fix", clean], ["lint", "--fix"],
                     ["lint", "--fix", "--format", "json", clean],
                     ["lint", "--diff", "--strict", clean]):
            with self.subTest(args=args):
                code, out, err = self.run_bin(*args)
                self.assertEqual((code, out), (2, ""))
                self.assertIn("Try 'bulletin --help'", err)
        code, out, _ = self.run_bin("lint", "--fix", "--help")
        self.assertEqual(code, 0)
        self.assertIn("--unsafe-fixes", out)
        self.assertIn("K more with --unsafe-fixes", out)

    # ---- atomic writes ----

    def test_mode_crlf_and_bom_are_kept(self):
        data = ("\ufeff[lead]\r\nText.\r\n" + ZWSP + "[pkg]  \r\nMore.").encode("utf-8")
        path = self.write("crlf.txt", data, mode=0o640)
        code, _, err = self.run_bin("lint", "--fix", "--no-config", path)
        self.assertEqual(self.read(path),
                         "\ufeff[LEAD]\r\nText.\r\n[Pkg]\r\nMore.".encode("utf-8"), err)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o640)
        self.assertEqual(os.listdir(self.tmp), ["crlf.txt"], "no temporary file left")

    def test_symlink_target_is_fixed(self):
        target = self.write("target.txt", "[lead]\nText.\n")
        link = os.path.join(self.tmp, "link.txt")
        os.symlink("target.txt", link)
        code, _, err = self.run_bin("lint", "--fix", "--no-config", link)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(self.read(target), b"[LEAD]\nText.\n")

    def test_read_only_file_is_reported_not_written(self):
        path = self.write("ro.txt", "[lead]\nText.\n", mode=0o444)
        other = self.write("rw.txt", "[lead]\nText.\n")
        code, out, err = self.run_bin("lint", "--fix", "--no-config", path, other)
        self.assertEqual(code, 2)
        self.assertIn("ro.txt: is read-only; not written", err)
        self.assertEqual(self.read(path), b"[lead]\nText.\n")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o444)
        self.assertEqual(self.read(other), b"[LEAD]\nText.\n", "the other file is fixed")
        self.assertEqual(self.summary(err)[0], 1, "only what was written counts")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["ro.txt", "rw.txt"])

    def test_read_only_directory_is_reported_not_written(self):
        d = os.path.join(self.tmp, "ro")
        os.mkdir(d)
        path = os.path.join(d, "a.txt")
        with open(path, "w") as f:
            f.write("[lead]\nText.\n")
        os.chmod(d, 0o555)
        code, out, err = self.run_bin("lint", "--fix", "--no-config", path)
        self.assertEqual(code, 2)
        self.assertIn("a.txt: its directory is read-only; not written", err)
        self.assertEqual(self.read(path), b"[lead]\nText.\n")
        self.assertEqual(os.listdir(d), ["a.txt"])

    def test_vanished_file_is_reported(self):
        gone = os.path.join(self.tmp, "gone.txt")
        other = self.write("here.txt", "[lead]\nText.\n")
        code, out, err = self.run_bin("lint", "--fix", "--no-config", gone, other)
        self.assertEqual(code, 2)
        self.assertIn("gone.txt: No such file or directory", err)
        self.assertFalse(os.path.exists(gone), "never created")
        self.assertEqual(self.read(other), b"[LEAD]\nText.\n")

    def strace(self, inject, *args):
        """The binary under strace, one system call's failure or delay
        injected (strace -e inject=...): a real process, a real fault."""
        # LeakSanitizer cannot run under ptrace: ASan's other checks still do.
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
        return subprocess.Popen(["strace", "-qq", "-o", "/dev/null", "-e",
                                 "trace=" + inject.split(":")[0], "-e", "inject=" + inject,
                                 self.BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env)

    def finish(self, p):
        out, err = p.communicate(timeout=60)
        err = err.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        return p.returncode, err

    def test_vanished_while_fixing_is_reported_not_written(self):
        path = self.write("v.txt", "[lead]\nText.\n")
        # fchmod comes once, right after the temporary file is made: held
        # there for 3 s, while the file is deleted under the run.
        p = self.strace("fchmod:delay_enter=3s", "lint", "--fix", "--no-config", path)
        deadline = 200
        while deadline and not [n for n in os.listdir(self.tmp) if n.startswith(".v.txt.fix-")]:
            deadline -= 1
            subprocess.run(["sleep", "0.01"])
        self.assertTrue(deadline, "the temporary file appeared")
        os.unlink(path)
        code, err = self.finish(p)
        self.assertEqual(code, 2)
        self.assertIn("v.txt: vanished while it was being fixed; not written", err)
        self.assertEqual(os.listdir(self.tmp), [], "not written, temporary file removed")

    def test_failed_write_leaves_the_file_whole(self):
        for inject, why in (("fsync:error=EIO", "Input/output error"),
                            ("rename:error=EXDEV", "Invalid cross-device link")):
            with self.subTest(inject=inject):
                path = self.write("w.txt", "[lead]\nText.\n", mode=0o600)
                code, err = self.finish(self.strace(inject, "lint", "--fix", "--no-config", path))
                self.assertEqual(code, 2)
                self.assertIn("w.txt: %s; not written" % why, err)
                self.assertEqual(self.read(path), b"[lead]\nText.\n", "never half-written")
                self.assertEqual(os.listdir(self.tmp), ["w.txt"], "temporary file removed")

    def test_not_a_regular_file(self):
        code, out, err = self.run_bin("lint", "--fix", "--no-config", self.tmp)
        self.assertEqual(code, 2)
        self.assertIn("not a regular file; not fixed", err)

    def test_recursive_fixes_a_directory_tree(self):
        # -r walks as every command does: *.bulletin at any depth, a .txt
        # that is no bulletin skipped with a note, and nothing else touched.
        os.makedirs(os.path.join(self.tmp, "a", "b"))
        deep = self.write("a/b/x.bulletin", "[lead]\nSome text here.\n")
        top = self.write("y.bulletin", "[ LEAD ]\nMore text.\n")
        notes = self.write("a/notes.txt", "just notes\n[lead ]\n")
        code, out, err = self.run_bin("lint", "--fix", "--no-config", "-r", self.tmp)
        self.assertEqual(code, 0, err)
        self.assertEqual(self.read(deep), b"[LEAD]\nSome text here.\n")
        self.assertEqual(self.read(top), b"[LEAD]\nMore text.\n")
        self.assertEqual(self.read(notes), b"just notes\n[lead ]\n")
        self.assertIn("notes.txt: not a bulletin", err)
        self.assertEqual(self.summary(err)[:2], (2, 0))


if __name__ == "__main__":
    sys.exit(common.main([Fix]))
