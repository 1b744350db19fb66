#!/usr/bin/python3
"""Whole archives (issue 11): `-r`/`--recursive` directory walks, the .txt
detection that must agree with ftdetect/bulletin.vim in a real Vim and
Neovim, and the parallel run (`-j N`) that must print what a serial one
does, byte for byte (stdlib unittest).

    python3 tests/cli/test_archive.py --bin build/bulletin [--asan-bin build/bulletin_asan]

NVIMS (space-separated, as the Makefile sets it) names the Neovims whose
filetype answer the detection is compared with; Vim ($VIM or vim) too.
Every test runs per binary (the ASan/UBSan build too, when given).
Prints `N passed, N failed` last; exits 1 if anything failed.
"""

import glob
import json
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
sys.path.insert(0, os.path.join(ROOT, "bench"))
import gen_archive  # noqa: E402

CORPUS = sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "data", "*.txt")))
SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:")
NVIMS = os.environ.get("NVIMS", "nvim /opt/nvim-versions/0.10/bin/nvim "
                       "/opt/nvim-versions/0.12/bin/nvim").split()
VIM = os.environ.get("VIM_BIN", "vim")

# .txt files made to sit on the edges of the detection (name: bytes).
EDGES = {
    "readme.txt": b"Project notes\n\nReport: build failed\n",
    "report-only.txt": b"Anchor said hi\nReport: nothing\n",
    "anchor-report.txt": b"Morning\nAnchor: Good morning.\nReport: The rain stopped.\n",
    "report-then-anchor.txt": b"Report: first\nAnchor: then\n",
    "lead-nbsp.txt": "\u00a0\u3000[LEAD]  \n".encode(),
    "lead-zwsp.txt": "\u200b\ufeff[Pkg]\n".encode(),
    "lead-text-after.txt": b"[LEAD] and more\n",
    "lead-lower.txt": b"[lead]\n",
    "lead-crlf.txt": b"Title\r\n[LEAD]\r\nText\r\n",
    "lead-mixed-eol.txt": b"Title\r\n[LEAD]\r\nText\n",
    "lead-cr-only.txt": b"Title\r[LEAD]\rText\r",
    "date.txt": b" date 2024-03-01\nx\n",
    "date-word.txt": b" date 2024-03-01x\n",
    "date-hangul.txt": " date 2024-03-01가\n".encode(),
    "date-eacute.txt": " date 2024-03-01\u00e9\n".encode(),
    "date-dot.txt": b"date 2024-03-01.\n",
    "date-latin1.txt": b"\xa0date 2024-03-01\n\xe9t\xe9\n",
    "ipryeok.txt": "입력 2024.03.01 10:00\n".encode(),
    "ipryeok-nospace.txt": "입력2024-03-01\n".encode(),
    "news-l.txt": b"[News] l 2024-03-01\n",
    "news-l-word.txt": b"[News] l 2024-03-011\n",
    "news-today.txt": b"[News Today] Evening\n",
    "news-today-empty.txt": b"[News Today]   \n",
    "news-today-cr.txt": b"[News Today]\r\nplain\n",
    "line-31.txt": b"x\n" * 30 + b"[LEAD]\n",
    "line-30.txt": b"x\n" * 29 + b"[LEAD]\n",
    "bom.txt": b"\xef\xbb\xbf[REPORT]\n",
    "empty.txt": b"",
    "nul.txt": b"[News Today]\x00\n",
    "CMakeLists.txt": b"[LEAD]\nproject(x)\n",
}


def vim_filetypes(prog, files, is_vim):
    """The filetype a real Vim or Neovim gives each file, with only this
    plugin's ftdetect on the runtimepath."""
    tmp = tempfile.mkdtemp(prefix="bl-ft-")
    try:
        listing = os.path.join(tmp, "files")
        out = os.path.join(tmp, "out")
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(files) + "\n")
        script = os.path.join(tmp, "ft.vim")
        with open(script, "w", encoding="utf-8") as f:
            f.write("set nocompatible\nset rtp^=%s\nfiletype on\nlet s:out = []\n"
                    "for s:f in readfile('%s')\n  exe 'edit ' . fnameescape(s:f)\n"
                    "  call add(s:out, &filetype)\n  bwipeout!\nendfor\n"
                    "call writefile(s:out, '%s')\nqa!\n" % (ROOT, listing, out))
        args = [prog, "-u", "NONE", "-i", "NONE", "-N", "-es", "-S", script] if is_vim else \
            [prog, "--headless", "-u", "NONE", "-i", "NONE", "-S", script]
        subprocess.run(args, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, HOME=tmp))
        with open(out, encoding="utf-8") as f:
            return f.read().split("\n")[:len(files)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class Archive(unittest.TestCase):
    BIN = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bl-archive-")
        os.chmod(self.tmp, 0o755)

    def tearDown(self):
        for d, _, _ in os.walk(self.tmp):
            os.chmod(d, 0o755)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_bin(self, *args, as_nobody=False):
        cmd = [self.BIN, *args]
        if as_nobody:
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
        p = subprocess.run(cmd, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
        err = p.stderr.decode("utf-8", "replace")
        self.assertIsNone(SANITIZER_RE.search(err), err)
        return p.returncode, p.stdout, err

    def files_taken(self, *args):
        code, out, err = self.run_bin("outline", "--compact", *args)
        return code, [json.loads(line)["file"] for line in out.decode().splitlines()], err

    def write(self, rel, data):
        path = os.path.join(self.tmp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    # ---- detection ----

    def test_detection_agrees_with_vim_and_neovim(self):
        """Every corpus .txt and every edge case: the walk takes exactly the
        files that ftdetect/bulletin.vim makes bulletins, in Vim and in each
        Neovim."""
        d = os.path.join(self.tmp, "det")
        for p in CORPUS:
            self.write(os.path.join("det", os.path.basename(p)), open(p, "rb").read())
        for name, data in EDGES.items():
            self.write(os.path.join("det", name), data)
        names = sorted(os.listdir(d))
        paths = [os.path.join(d, n) for n in names]
        code, taken, err = self.files_taken("-r", d)
        self.assertEqual(code, 0, err)
        self.assertEqual(taken, sorted(taken))
        c_says = {p: p in taken for p in paths}
        skipped = set(re.findall(r"^bulletin: (.*): not a bulletin", err, re.M))
        self.assertEqual(skipped, {p for p in paths if not c_says[p]})
        self.assertIn("CMakeLists.txt: not a bulletin (a name Vim gives another filetype)", err)
        # The edges really are on both sides.
        self.assertTrue(c_says[os.path.join(d, "anchor-report.txt")])
        self.assertFalse(c_says[os.path.join(d, "readme.txt")])
        self.assertTrue(all(c_says[p] for p in paths if p.endswith(tuple(
            os.path.basename(c) for c in CORPUS))))
        editors = [(n, False) for n in NVIMS] + [(VIM, True)]
        for prog, is_vim in editors:
            fts = vim_filetypes(prog, paths, is_vim)
            self.assertEqual(len(fts), len(paths), prog)
            vim_says = {p: ft == "bulletin" for p, ft in zip(paths, fts)}
            diff = [os.path.basename(p) for p in paths if vim_says[p] != c_says[p]]
            self.assertEqual(diff, [], "%s disagrees with the C detection" % prog)

    # ---- the walk ----

    def test_walk_order_notes_and_hidden(self):
        self.write("a/z.bulletin", b"[LEAD]\nx\n")
        self.write("a/b/y.txt", b"[LEAD]\ny\n")
        self.write("a/B.txt", b"[REPORT]\nb\n")
        self.write("a/notes.txt", b"just text\n")
        self.write("a/data.json", b"{}\n")
        self.write("a/.hidden/h.bulletin", b"[LEAD]\nh\n")
        self.write("a/.h.bulletin", b"[LEAD]\nh\n")
        a = os.path.join(self.tmp, "a")
        code, taken, err = self.files_taken("-r", a + "/")
        self.assertEqual(code, 0, err)
        self.assertEqual(taken, [a + "/B.txt", a + "/b/y.txt", a + "/z.bulletin"])
        self.assertEqual(err, "bulletin: %s/notes.txt: not a bulletin (no bulletin sign in its "
                              "first 30 lines), skipped\n" % a)
        code2, taken2, _ = self.files_taken("--recursive", a, os.path.join(self.tmp, "a/notes.txt"))
        self.assertEqual(taken2, [a + "/B.txt", a + "/b/y.txt", a + "/z.bulletin",
                                  a + "/notes.txt"])  # an operand is read as given
        self.assertEqual(code2, 0)

    def test_empty_directory_walks_to_nothing(self):
        # nothing to sort in an empty directory (the ASan/UBSan build once
        # reported qsort(NULL, 0) there)
        empty = os.path.join(self.tmp, "empty")
        os.mkdir(empty)
        code, out, err = self.run_bin("outline", "-r", empty)
        self.assertEqual((code, out), (0, b""), err)

    def test_directory_without_r_is_refused(self):
        self.write("a/z.bulletin", b"[LEAD]\nx\n")
        code, out, err = self.run_bin("lint", os.path.join(self.tmp, "a"))
        self.assertEqual(code, 2)
        self.assertIn("bulletin: %s: Is a directory\n" % os.path.join(self.tmp, "a"), err)

    def test_every_command_walks(self):
        self.write("a/z.bulletin", b"[LEAD]\nx\n\nKim / Host\n\"Hi.\"\n")
        a = os.path.join(self.tmp, "a")
        for cmd in (["outline"], ["lint", "--format", "json"], ["quotes"], ["folds"], ["highlights"], ["speakers"]):
            code, out, err = self.run_bin(*cmd, "-r", a)
            self.assertEqual(code, 0, (cmd, err))
            self.assertTrue(out, cmd)
            code, out, err = self.run_bin(*cmd, a)
            self.assertEqual(code, 2, cmd)

    def test_symlink_loop_and_fifo(self):
        self.write("a/s/x.bulletin", b"[LEAD]\nx\n")
        a = os.path.join(self.tmp, "a")
        os.symlink("..", os.path.join(a, "s", "up"))
        os.symlink(os.path.join(a, "s"), os.path.join(a, "t"))
        os.mkfifo(os.path.join(a, "f.bulletin"))
        code, taken, err = self.files_taken("-r", a)  # would block on the FIFO
        self.assertEqual(taken, [a + "/s/x.bulletin"])
        self.assertIn("bulletin: %s/f.bulletin: not a regular file, skipped\n" % a, err)
        self.assertIn("bulletin: %s/s/up: directory already walked" % a, err)
        self.assertIn("bulletin: %s/t: directory already walked" % a, err)
        self.assertEqual(code, 0)

    def test_unreadable_directory_and_file(self):
        """Run as an unprivileged user (root reads everything)."""
        self.write("a/ok.bulletin", b"[LEAD]\nx\n")
        locked = os.path.join(self.tmp, "a", "locked")
        os.makedirs(locked)
        secret = self.write("a/secret.txt", b"[LEAD]\n")
        os.chmod(secret, 0)
        os.chmod(locked, 0)
        code, out, err = self.run_bin("outline", "--compact", "-r", os.path.join(self.tmp, "a"),
                                      as_nobody=os.geteuid() == 0)
        self.assertEqual(code, 2)
        self.assertIn("bulletin: %s: Permission denied\n" % locked, err)
        self.assertIn("bulletin: %s: Permission denied\n" % secret, err)
        self.assertEqual(len(out.decode().splitlines()), 1)

    # ---- parallel ----

    def assert_same_serial_parallel(self, operands):
        for cmd in (["outline"], ["outline", "--format", "text"], ["outline", "--format", "qf"],
                    ["lint"], ["lint", "--format", "json"], ["quotes"],
                    ["quotes", "--format", "csv", "--supers"], ["folds"], ["highlights"],
                    ["speakers", "--format", "json"], ["speakers", "--conflicts"]):
            serial = self.run_bin(*cmd, "-j", "1", *operands)
            for j in ("-j4", "--jobs=3"):
                par = self.run_bin(*cmd, j, *operands)
                self.assertEqual(par[0], serial[0], cmd)
                self.assertTrue(par[1] == serial[1], "%s %s: stdout differs" % (cmd, j))
                self.assertEqual(par[2], serial[2], cmd)
            self.assertGreater(len(serial[1]), 0, cmd)

    def test_parallel_equals_serial_on_corpus(self):
        ops = list(CORPUS)
        ops.insert(5, os.path.join(self.tmp, "missing.txt"))  # an error in the middle
        ops.insert(9, ops[0])
        self.assert_same_serial_parallel(ops)

    def test_parallel_equals_serial_on_generated_archive(self):
        root = os.path.join(self.tmp, "arch")
        n = gen_archive.generate(root, 400, seed=7)
        code, taken, err = self.files_taken("-r", root)
        self.assertEqual(len(taken), n)
        self.assert_same_serial_parallel(["-r", root])

    def test_bad_jobs(self):
        for bad in ("0", "x", "257", "-1", "1000"):
            code, _, err = self.run_bin("outline", "-j", bad, CORPUS[0])
            self.assertEqual(code, 2, bad)
            self.assertIn("invalid -j", err)


if __name__ == "__main__":
    sys.exit(common.main([Archive]))
