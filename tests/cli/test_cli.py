#!/usr/bin/python3
"""Tests of the `bulletin` command line (stdlib unittest).

    python3 tests/cli/test_cli.py --bin build/bulletin --asan-bin build/bulletin_asan

Every test runs once per binary: the normal build and, when given and
present, the ASan/UBSan build (a sanitizer report fails the test). Hostile
inputs (empty, no final newline, CRLF, NUL bytes, invalid UTF-8, a 10 MB
line, 1,000,000 lines) are generated into a temporary directory at start.
Prints `N passed, N failed` last; exits 1 if anything failed.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import (FIX, ROOT, SANITIZER_RE, bins_from_args, peak_rss,  # noqa: E402
                    run_cases, sanitizer_env)

TMP = None  # temporary directory with generated inputs

GROUPS = {
    "bulletinTag", "bulletinCue", "bulletinUnknownTag", "bulletinTitle", "bulletinMeta",
    "bulletinChrome", "bulletinSpeaker", "bulletinRole", "bulletinQuote",
}
FORMS = {"slash", "inline", "tag_line", "colon", "anon", "name_only", "quote_only",
         "bracket", "radio"}
ITEM_KEYS = {
    "story": ["kind", "level", "line", "end_line", "title", "seconds"],
    "section": ["kind", "level", "line", "end_line", "tag", "section", "seconds"],
    "quote": ["kind", "level", "line", "end_line", "quote_line", "form", "speaker", "role", "seconds"],
}
QF_RE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<text>.+)$")
LINT_RE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): "
                     r"(?P<sev>error|warning|info): (?P<msg>.+) \[(?P<code>[a-z-]+)\]$")
SUMMARY_RE = re.compile(r"^(\d+) errors, (\d+) warnings, (\d+) infos in (\d+) files$", re.M)


def file_lines(data):
    """The lines of a file as the CLI reads them (BULLETIN-FORMAT.md §7.1):
    a line ends at LF, CRLF (its CR kept here, as a column past the text)
    or a lone CR; a last line without an end counts."""
    lines = re.split(rb"\n|\r(?!\n)", data)
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def fixture(name):
    return os.path.join(FIX, name)


def gen(name):
    return os.path.join(TMP, name)


def decode_json_stream(text):
    """All JSON values in text, one after the other (a JSON stream)."""
    dec = json.JSONDecoder()
    out, i = [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i >= len(text):
            return out
        value, i = dec.raw_decode(text, i)
        out.append(value)


def ordered(text):
    """Parses one JSON value keeping object key order (lists of pairs)."""
    return json.loads(text, object_pairs_hook=lambda pairs: pairs)


def write_inputs(tmp):
    """Generates the hostile inputs."""
    basic = open(fixture("basic.txt"), "rb").read()

    def put(name, data):
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)

    put("empty.txt", b"")
    put("only_newlines.txt", b"\n\n\n")
    put("no_final_newline.txt", basic.rstrip(b"\n"))
    put("crlf.txt", basic.replace(b"\n", b"\r\n"))
    put("lf.txt", basic)
    put("cr_only.txt", basic.replace(b"\n", b"\r"))
    put("nul.txt", basic.replace(b"president", b"pres\0ident").replace(b"Kang", b"K\0ang")
        + b"\0\0\0\n[LE\0AD]\n\0")
    put("invalid_utf8.txt",
        basic.replace(b"Kang Yu-jung", b"Kang \xff\xfeYu-jung")
        .replace(b"budget", b"bud\xc3get").replace(b"Presidential", b"Pres\xed\xa0\x80idential")
        + b"\xf8\x88\x80\x80\x80 [LEAD\xc0\xaf]\n\"\xe2\x80 quote\"\n\x80\n")
    # Bad bytes inside a name, a role and a quote that still make a soundbite.
    put("invalid_utf8_names.txt", b"[REPORT]\nNarration.\n\nKang Yu\xff\xfe-jung / "
        b"Pres\xed\xa0\x80idential Spokesperson\n\"We will \xc3work together.\"\n")
    put("controls.txt", b"\x1b[31mRED TITLE HERE\x1b[0m\n\n[LEAD]\n\x07bell \x08 \x0c\x7f\n"
        b"Tab\tName / Role\twith\ttabs\n\"quote \x01\"\n")
    # A 10 MB single line, no newline, then one with a newline and a tag.
    put("long_line.txt", b"[LEAD] " + b"word " * (2 * 1024 * 1024))
    put("long_quote.txt", b"TITLE OF STORY\n\n[REPORT]\nSpeaker Name / Role\n\""
        + b"x" * (10 * 1024 * 1024) + b"\"\n")
    # 1,000,000 lines of bulletin.
    block = (b"STORY NUMBER %d IS HERE\n\n[LEAD]\nAnchor words for the lead.\n\n[REPORT]\n"
             b"Narration line.\n\nKang Yu-jung / Spokesperson\n\"A quote here.\"\n")
    lines_per = block.count(b"\n")
    with open(os.path.join(tmp, "million.txt"), "wb") as f:
        n = 0
        k = 0
        while n + lines_per <= 1000000:
            f.write(block % k)
            n += lines_per
            k += 1
        f.write(b"tail\n" * (1000000 - n))
    # About 1,000,000 lines shaped like the corpus (about 50 bytes a line
    # on average; the corpus averages 52), for the memory test.
    story = (b"%d. Ferry Service Resumes After Storm\n\n[LEAD]\n"
             b"Ferry service to the islands resumed on Tuesday after a week of storms "
             b"kept boats in port and left hundreds of travellers stranded.\n\n[REPORT]\n"
             b"The first boat left at dawn with two hundred passengers on board.\n\n"
             b"Kang Yu-jung / Harbour Master, Mokpo Port Authority\n"
             b"\"We checked every vessel twice before letting anyone sail today.\"\n\n"
             b"[Soundbite] Lee Min-ho (Passenger) : \"I have waited six days to get home.\"\n\n"
             b"Forecasters expect calmer weather for the rest of the week, though the "
             b"coast guard said it would keep smaller boats in port until the swell "
             b"drops below two metres, and the ministry promised to review why stranded "
             b"passengers were left without shelter or information for so long.\n\n")
    with open(os.path.join(tmp, "realistic.txt"), "wb") as f:
        n = k = 0
        per = story.count(b"\n")
        while n + per <= 1000000:
            f.write(story % k)
            n += per
            k += 1
    # 1,000,000 empty lines, and 1,000,000 tag lines (many items).
    put("million_blank.txt", b"\n" * 1000000)
    put("many_tags.txt", b"[LEAD]\n[REPORT]\n" * 200000)


class BulletinCase(unittest.TestCase):
    """Base: run() the binary under test (self.BIN) and check it did not
    crash or trip a sanitizer."""

    BIN = None
    LABEL = ""

    def run_bin(self, args, stdin=None, timeout=300, cwd=None, check_sanitizer=True):
        p = subprocess.run([self.BIN] + list(args), input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, cwd=cwd, env=sanitizer_env())
        self.assertGreaterEqual(p.returncode, 0,
                                "killed by signal %d: %s" % (-p.returncode, p.stderr[-2000:]))
        if check_sanitizer:
            self.assertIsNone(SANITIZER_RE.search(p.stderr),
                              "sanitizer report:\n" + p.stderr[-4000:].decode("utf-8", "replace"))
        self.assertLess(p.returncode, 3, p.stderr[-2000:])
        return p

    def json_out(self, p):
        """stdout as strict UTF-8 JSON (one value)."""
        text = p.stdout.decode("utf-8")  # raises on invalid UTF-8
        return json.loads(text)

    def outline(self, path, *extra):
        p = self.run_bin(["outline", "--format", "json"] + list(extra) + [path])
        self.assertEqual(p.returncode, 0, p.stderr)
        return self.json_out(p)


class TestUsage(BulletinCase):
    def test_version(self):
        p = self.run_bin(["--version"])
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stdout, b"bulletin 0.1.0\n")

    def check_help(self, args):
        p = self.run_bin(args)
        self.assertEqual(p.returncode, 0, args)
        text = p.stdout.decode()
        for heading in ["NAME", "SYNOPSIS", "COMMANDS", "OPTIONS", "EXIT STATUS", "FILES",
                        "ENVIRONMENT", "EXAMPLES"]:
            self.assertRegex(text, r"(?m)^" + heading + r"$", heading)
        for word in ["outline", "lint", "quotes", "folds", "highlights", "rpc", "--format",
                     "--strict", "--supers", ".bulletinrc", "--config", "--no-config",
                     "BULLETIN_LOG", "BULLETIN_LOG_FILE", "1-BASED"]:
            self.assertIn(word, text)

    def test_help(self):
        for args in (["--help"], ["-h"], ["help"], ["outline", "--help"], ["lint", "--help"],
                     ["quotes", "-h"]):
            self.check_help(args)

    def usage_error(self, args, needle):
        p = self.run_bin(args)
        self.assertEqual(p.returncode, 2, args)
        self.assertEqual(p.stdout, b"")
        err = p.stderr.decode()
        self.assertIn(needle, err)
        lines = err.splitlines()
        self.assertEqual(len(lines), 2, err)
        self.assertTrue(lines[0].startswith("bulletin: "), err)
        self.assertEqual(lines[1], "Try 'bulletin --help'.")

    def test_unknown_option(self):
        self.usage_error(["outline", "--frobnicate", fixture("basic.txt")], "--frobnicate")
        self.usage_error(["--frobnicate", "outline", fixture("basic.txt")], "--frobnicate")

    def test_unknown_command(self):
        self.usage_error(["frobnicate", fixture("basic.txt")], "frobnicate")

    def test_no_command(self):
        self.usage_error([], "command")

    def test_missing_operand(self):
        self.usage_error(["outline"], "FILE")

    def test_bad_format(self):
        self.usage_error(["outline", "--format", "csv", fixture("basic.txt")], "csv")
        self.usage_error(["lint", "--format=yaml", fixture("basic.txt")], "yaml")
        self.usage_error(["outline", "--format"], "--format")

    def test_option_for_other_command(self):
        self.usage_error(["outline", "--strict", fixture("basic.txt")], "--strict")
        self.usage_error(["lint", "--supers", fixture("basic.txt")], "--supers")

    def test_rpc_exits_on_eof(self):
        p = self.run_bin(["rpc"], stdin=b"", timeout=20)
        self.assertEqual(p.stdout, b"")


class TestOutline(BulletinCase):
    def test_json_shape(self):
        path = fixture("basic.txt")
        p = self.run_bin(["outline", path])  # json is the default
        self.assertEqual(p.returncode, 0, p.stderr)
        pairs = ordered(p.stdout.decode())
        self.assertEqual([k for k, _ in pairs], ["version", "file", "meta", "items"])
        top = dict(pairs)
        self.assertEqual(top["version"], 1)
        self.assertEqual(top["file"], path)
        self.assertEqual([k for k, _ in top["meta"]], ["date", "program", "posted", "updated"])
        for item in top["items"]:
            d = dict(item)
            self.assertIn(d["kind"], ITEM_KEYS)
            self.assertEqual([k for k, _ in item], ITEM_KEYS[d["kind"]])
            self.assertLessEqual(d["line"], d["end_line"])
            if d["kind"] == "quote":
                self.assertIn(d["form"], FORMS)
        # Pretty-printed with a 2-space indent.
        self.assertTrue(p.stdout.startswith(b'{\n  "version": 1,\n'), p.stdout[:40])

    def test_json_content(self):
        doc = self.outline(fixture("basic.txt"))
        self.assertEqual(doc["meta"]["date"], "2025-06-11")
        self.assertEqual(doc["meta"]["program"], "News Today")
        self.assertEqual(doc["meta"]["posted"], "2025-06-11T15:46")
        kinds = [(i["kind"], i.get("section")) for i in doc["items"]]
        self.assertEqual(kinds[:3], [("story", None), ("section", "lead"),
                                     ("section", "report")])
        quotes = [i for i in doc["items"] if i["kind"] == "quote"]
        self.assertEqual([(q["speaker"], q["role"], q["form"], q["line"], q["quote_line"])
                          for q in quotes],
                         [("Kang Yu-jung", "Presidential Spokesperson", "slash", 10, 11),
                          ("Park Byung-kwang", "Institution for Nat'l Security Strategy",
                           "slash", 15, 16)])

    def test_multistory(self):
        doc = self.outline(fixture("multistory.txt"))
        stories = [i for i in doc["items"] if i["kind"] == "story"]
        self.assertEqual([s["title"] for s in stories],
                         ["1. Snow Closes Schools Across The Region", "2. Ferry Service Resumes"])

    def test_several_files_stream(self):
        files = [fixture("basic.txt"), fixture("quotes.txt"), fixture("multistory.txt")]
        p = self.run_bin(["outline"] + files)
        self.assertEqual(p.returncode, 0)
        docs = decode_json_stream(p.stdout.decode("utf-8"))
        self.assertEqual([d["file"] for d in docs], files)

    def test_compact(self):
        files = [fixture("basic.txt"), fixture("quotes.txt")]
        p = self.run_bin(["outline", "--compact"] + files)
        lines = p.stdout.decode().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertEqual([json.loads(l)["file"] for l in lines], files)
        self.assertEqual(json.loads(lines[0]), self.outline(files[0]))

    def test_text(self):
        p = self.run_bin(["outline", "--format", "text", fixture("basic.txt")])
        self.assertEqual(p.returncode, 0)
        text = p.stdout.decode()
        self.assertTrue(text.startswith(fixture("basic.txt") + "\n"))
        self.assertIn("date 2025-06-11", text)
        self.assertIn("section lead [LEAD]", text)
        self.assertIn("Kang Yu-jung / Presidential Spokesperson", text)
        # Deeper items are indented further.
        lead = [l for l in text.splitlines() if "section lead" in l][0]
        quote = [l for l in text.splitlines() if "Kang Yu-jung" in l][0]
        indent = lambda l: len(re.match(r"\s*[\d-]+\s*", l).group(0))
        self.assertGreater(indent(quote), indent(lead))

    def test_qf(self):
        path = fixture("quotes.txt")
        p = self.run_bin(["outline", "--format=qf", path])
        self.assertEqual(p.returncode, 0)
        lines = p.stdout.decode().splitlines()
        doc = self.outline(path)
        self.assertEqual(len(lines), len(doc["items"]))
        for line, item in zip(lines, doc["items"]):
            m = QF_RE.match(line)
            self.assertIsNotNone(m, line)
            self.assertEqual(m.group("file"), path)
            self.assertEqual(int(m.group("line")), item["line"])
            self.assertEqual(m.group("col"), "1")
            self.assertIn(item["kind"], m.group("text"))

    def test_stdin(self):
        data = open(fixture("basic.txt"), "rb").read()
        p = self.run_bin(["outline", "-"], stdin=data)
        self.assertEqual(p.returncode, 0)
        doc = self.json_out(p)
        self.assertEqual(doc["file"], "<stdin>")
        ref = self.outline(fixture("basic.txt"))
        self.assertEqual(doc["items"], ref["items"])
        self.assertEqual(doc["meta"], ref["meta"])

    def test_missing_file_among_good(self):
        good = [fixture("basic.txt"), fixture("quotes.txt")]
        missing = os.path.join(TMP, "no-such-file.txt")
        p = self.run_bin(["outline", good[0], missing, good[1]])
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr.decode().strip(),
                         "bulletin: %s: No such file or directory" % missing)
        docs = decode_json_stream(p.stdout.decode())
        self.assertEqual([d["file"] for d in docs], good)

    def test_directory(self):
        p = self.run_bin(["outline", TMP])
        self.assertEqual(p.returncode, 2)
        self.assertIn("Is a directory", p.stderr.decode())

    def test_double_dash(self):
        p = self.run_bin(["outline", "--", fixture("basic.txt")])
        self.assertEqual(p.returncode, 0)

    def test_options_after_files(self):
        p = self.run_bin(["outline", fixture("basic.txt"), "--format", "text"])
        self.assertEqual(p.returncode, 0)
        self.assertFalse(p.stdout.startswith(b"{"))


class TestLint(BulletinCase):
    def lint(self, *args):
        return self.run_bin(["lint"] + list(args))

    def summary(self, p):
        m = SUMMARY_RE.search(p.stderr.decode())
        self.assertIsNotNone(m, p.stderr)
        return tuple(int(x) for x in m.groups())

    def test_error_exit_1(self):
        p = self.lint(fixture("lint_error.txt"))
        self.assertEqual(p.returncode, 1, p.stdout)
        lines = p.stdout.decode().splitlines()
        found = [LINT_RE.match(l) for l in lines if not l.startswith("  suggestion: ")]
        self.assertTrue(all(found), lines)
        codes = [(m.group("line"), m.group("sev"), m.group("code")) for m in found]
        self.assertIn(("3", "error", "unknown-tag"), codes)
        for i, line in enumerate(lines):  # every suggestion follows a finding
            if line.startswith("  suggestion: "):
                self.assertGreater(i, 0)
        self.assertIn("  suggestion: [REPORT]", lines)
        e, w, inf, files = self.summary(p)
        self.assertGreaterEqual(e, 1)
        self.assertEqual(files, 1)

    def test_warnings_and_strict(self):
        path = fixture("lint_warn.txt")
        p = self.lint(path)
        e, w, _, _ = self.summary(p)
        self.assertEqual(e, 0, p.stdout)
        self.assertGreaterEqual(w, 1, p.stdout)
        self.assertEqual(p.returncode, 0)
        p = self.lint("--strict", path)
        self.assertEqual(p.returncode, 1)

    def test_clean(self):
        p = self.lint(fixture("basic.txt"))
        self.assertEqual(p.returncode, 0, p.stdout)
        e, w, _, _ = self.summary(p)
        self.assertEqual((e, w), (0, 0), p.stdout)
        p = self.lint("--strict", fixture("basic.txt"))
        self.assertEqual(p.returncode, 0, p.stdout)

    def test_json(self):
        p = self.lint("--format", "json", fixture("lint_error.txt"), fixture("lint_warn.txt"))
        self.assertEqual(p.returncode, 1)
        docs = decode_json_stream(p.stdout.decode("utf-8"))
        self.assertEqual(len(docs), 2)
        for d in docs:
            self.assertEqual(list(d), ["version", "file", "diagnostics"])
            for diag in d["diagnostics"]:
                self.assertEqual(list(diag), ["line", "col", "end_col", "severity", "code",
                                              "message", "suggestion"])
                self.assertIn(diag["severity"], ("error", "warning", "info"))
                self.assertGreaterEqual(diag["line"], 1)
                self.assertLessEqual(diag["col"], diag["end_col"])
        self.assertIn("unknown-tag", [x["code"] for x in docs[0]["diagnostics"]])
        e, w, _, files = self.summary(p)
        self.assertEqual(files, 2)
        self.assertEqual(e, sum(x["severity"] == "error" for d in docs
                                for x in d["diagnostics"]))

    def test_qf(self):
        p = self.lint("--format", "qf", fixture("lint_error.txt"))
        self.assertEqual(p.returncode, 1)
        lines = p.stdout.decode().splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertRegex(line, QF_RE)
            self.assertRegex(line, r"^[^:]+:\d+:\d+: (error|warning|info): ")

    def test_missing_file_is_2(self):
        p = self.lint(fixture("lint_error.txt"), os.path.join(TMP, "nope.txt"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("nope.txt: No such file or directory", p.stderr.decode())
        self.assertTrue(p.stdout)  # the good file was still linted
        self.assertEqual(self.summary(p)[3], 1)

    def test_config_lookup(self):
        path = fixture("rc/custom.txt")
        doc = self.outline(path)
        tags = [(i["tag"], i["section"]) for i in doc["items"] if i["kind"] == "section"]
        self.assertEqual(tags, [("[Intro]", "lead"), ("[Reporter]", "report")])
        self.assertEqual(self.lint(path).returncode, 0)
        # Without the configuration the tags are unknown.
        p = self.lint("--no-config", path)
        self.assertEqual(p.returncode, 1)
        self.assertIn("unknown-tag", p.stdout.decode())
        # --config names the file explicitly, for a document elsewhere.
        copy = os.path.join(TMP, "custom-copy.txt")
        shutil.copy(path, copy)
        self.assertEqual(self.lint(copy).returncode, 1)
        self.assertEqual(self.lint("--config", fixture("rc/.bulletinrc"), copy).returncode, 0)
        # Standard input looks from the current directory.
        data = open(path, "rb").read()
        p = self.run_bin(["lint", "-"], stdin=data, cwd=os.path.join(FIX, "rc"))
        self.assertEqual(p.returncode, 0, p.stdout)

    def test_bad_config_line(self):
        d = os.path.join(TMP, "badrc-%s" % self.LABEL)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, ".bulletinrc"), "w") as f:
            f.write("lead = [Intro]\nreport = [Reporter]\nthis line is bad\n")
        shutil.copy(fixture("rc/custom.txt"), d)
        # A found .bulletinrc: reported, the lines before the bad one apply.
        p = self.lint(os.path.join(d, "custom.txt"))
        err = p.stderr.decode()
        self.assertRegex(err, r"(?m)^bulletin: .*\.bulletinrc:3: ")
        self.assertEqual(err.count(".bulletinrc"), 1, err)
        self.assertEqual(p.returncode, 0, p.stdout)
        # The same file named with --config is an error.
        p = self.run_bin(["--config", os.path.join(d, ".bulletinrc"), "lint",
                          fixture("basic.txt")])
        self.assertEqual(p.returncode, 2)
        self.assertIn(".bulletinrc:3", p.stderr.decode())

    def test_missing_config(self):
        p = self.run_bin(["--config", os.path.join(TMP, "nope.rc"), "lint",
                          fixture("basic.txt")])
        self.assertEqual(p.returncode, 2)
        self.assertIn("nope.rc", p.stderr.decode())


class TestQuotes(BulletinCase):
    def test_json(self):
        path = fixture("quotes.txt")
        p = self.run_bin(["quotes", path])
        self.assertEqual(p.returncode, 0)
        rows = self.json_out(p)
        self.assertIsInstance(rows, list)
        doc = self.outline(path)
        items = [i for i in doc["items"] if i["kind"] == "quote"]
        self.assertEqual(len(rows), len(items))
        for r, it in zip(rows, items):
            self.assertEqual(list(r), ["file", "line", "form", "speaker", "role", "quote"])
            self.assertEqual(r["file"], path)
            self.assertEqual((r["line"], r["form"], r["speaker"], r["role"]),
                             (it["line"], it["form"], it["speaker"], it["role"]))
        by_line = {r["line"]: r for r in rows}
        self.assertEqual(by_line[9]["quote"], "We reached everyone who called.")
        self.assertEqual(by_line[9]["role"], "Fire Chief, Seoul Station")

    def test_csv(self):
        path = fixture("quotes.txt")
        rows = self.json_out(self.run_bin(["quotes", path]))
        p = self.run_bin(["quotes", "--format", "csv", path])
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"\r\n", p.stdout)
        table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
        self.assertEqual(table[0], ["file", "line", "form", "speaker", "role", "quote"])
        self.assertEqual(len(table) - 1, len(rows))
        for t, r in zip(table[1:], rows):
            want = [r["file"], str(r["line"]), r["form"]] + [
                "" if r[k] is None else r[k] for k in ("speaker", "role", "quote")]
            self.assertEqual(t, want)

    def test_text(self):
        path = fixture("quotes.txt")
        p = self.run_bin(["quotes", "--format", "text", path])
        self.assertEqual(p.returncode, 0)
        for line in p.stdout.decode().splitlines():
            self.assertRegex(line, r"^[^:]+:\d+: \[[a-z_]+\] ")

    def test_supers(self):
        path = fixture("quotes.txt")
        rows = self.json_out(self.run_bin(["quotes", path]))
        want, seen = [], set()
        for r in rows:
            if not r["speaker"]:
                continue
            cap = r["speaker"] + (" / " + r["role"] if r["role"] is not None else "")
            if (r["speaker"], r["role"]) not in seen:
                seen.add((r["speaker"], r["role"]))
                want.append(cap)
        # Two files: captions of the second that the first had are not repeated.
        p = self.run_bin(["quotes", "--supers", "--format", "text", path, path])
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stdout.decode().splitlines(), want)
        js = self.json_out(self.run_bin(["quotes", "--supers", path]))
        self.assertEqual([j["caption"] for j in js], want)
        p = self.run_bin(["quotes", "--supers", "--format", "csv", path])
        table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
        self.assertEqual(table[0], ["caption", "speaker", "role", "file", "line"])
        self.assertEqual([t[0] for t in table[1:]], want)

    def test_several_files_one_array(self):
        files = [fixture("basic.txt"), fixture("quotes.txt")]
        rows = self.json_out(self.run_bin(["quotes"] + files))
        self.assertEqual(sorted({r["file"] for r in rows}), sorted(files))

    def test_no_quotes(self):
        p = self.run_bin(["quotes", os.path.join(TMP, "empty.txt")])
        self.assertEqual(self.json_out(p), [])


class TestFoldsHighlights(BulletinCase):
    def test_folds(self):
        path = fixture("basic.txt")
        p = self.run_bin(["folds", path])
        self.assertEqual(p.returncode, 0)
        levels = self.json_out(p)
        nlines = open(path, "rb").read().count(b"\n")
        self.assertEqual(len(levels), nlines)
        self.assertTrue(all(isinstance(x, int) and 0 <= x <= 3 for x in levels), levels)
        self.assertGreaterEqual(levels[4], 2)  # inside the [LEAD] section (line 5)

    def test_folds_several(self):
        p = self.run_bin(["folds", fixture("basic.txt"), fixture("quotes.txt")])
        self.assertEqual(len(p.stdout.decode().splitlines()), 2)

    def test_highlights(self):
        path = fixture("quotes.txt")
        p = self.run_bin(["highlights", path])
        self.assertEqual(p.returncode, 0)
        spans = self.json_out(p)
        self.assertTrue(spans)
        lines = open(path, "rb").read().split(b"\n")
        groups = set()
        for s in spans:
            self.assertEqual(list(s), ["line", "col", "end_col", "group"])
            self.assertIn(s["group"], GROUPS)
            self.assertGreaterEqual(s["line"], 1)
            self.assertLessEqual(s["col"], s["end_col"])
            self.assertLessEqual(s["end_col"], len(lines[s["line"] - 1]))
            groups.add(s["group"])
        self.assertIn("bulletinTag", groups)
        # 1-based: the "[LEAD]" tag on line 3 is reported at line 3.
        self.assertIn({"line": 3, "col": 0, "end_col": 6, "group": "bulletinTag"}, spans)


class TestHostile(BulletinCase):
    """Every subcommand on inputs a parser must survive."""

    SMALL = ["empty.txt", "only_newlines.txt", "no_final_newline.txt", "crlf.txt",
             "cr_only.txt", "nul.txt", "invalid_utf8.txt", "invalid_utf8_names.txt",
             "controls.txt"]
    BIG = ["long_line.txt", "long_quote.txt", "million.txt", "million_blank.txt",
           "many_tags.txt"]

    def all_commands(self, path, big=False):
        """Every subcommand on path: exit status 0 or 1, and what each prints
        agrees with the outline JSON of the same file and with the file."""
        data = open(path, "rb").read()
        lines = file_lines(data)
        nlines = len(lines)
        doc = self.outline(path)
        items = doc["items"]
        quotes = [i for i in items if i["kind"] == "quote"]
        self.check_items(items, nlines)
        rows = self.check_quotes(path, quotes)
        self.check_folds(path, items, nlines)
        self.check_highlights(path, items, lines, nlines)
        self.check_lint(path, nlines, text=not big)
        if big:
            return
        self.assertEqual(self.json_out(self.run_bin(["outline", "--format", "json", path])), doc)
        # text: the file, the meta, then one line per item
        p = self.run_bin(["outline", "--format", "text", path])
        self.assertEqual(p.returncode, 0, p.stderr)
        text = p.stdout.decode("utf-8", "replace").splitlines()
        self.assertEqual(text[0], path)
        self.assertTrue(text[1].startswith("  date "), text[1])
        got = []
        for line in text[2:] if items else []:
            m = re.match(r"^\s+(\d+)(?:-(\d+))?\s+(story|section|quote)\b", line)
            self.assertIsNotNone(m, line)
            got.append((int(m.group(1)), int(m.group(2) or m.group(1)), m.group(3)))
        self.assertEqual(got, [(i["line"], i["end_line"], i["kind"]) for i in items])
        if not items:
            self.assertEqual(text[2:], ["  (no stories)"])
        # qf: one line per item, at its line
        p = self.run_bin(["outline", "--format", "qf", path])
        qf = p.stdout.decode("utf-8", "replace").splitlines()
        self.assertEqual(len(qf), len(items))
        for line, item in zip(qf, items):
            m = QF_RE.match(line)
            self.assertIsNotNone(m, line)
            self.assertEqual((m.group("file"), int(m.group("line"))), (path, item["line"]))
            self.assertIn(item["kind"], m.group("text"))
        # csv: the JSON rows, field for field
        p = self.run_bin(["quotes", "--format", "csv", path])
        self.assertEqual(p.returncode, 0, p.stderr)
        table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
        self.assertEqual(table[0], ["file", "line", "form", "speaker", "role", "quote"])
        self.assertEqual(table[1:], [
            [r["file"], str(r["line"]), r["form"]]
            + ["" if r[k] is None else r[k] for k in ("speaker", "role", "quote")]
            for r in rows])
        # supers: each (speaker, role) with a speaker once, in order
        want, seen = [], set()
        for r in rows:
            if r["speaker"] and (r["speaker"], r["role"]) not in seen:
                seen.add((r["speaker"], r["role"]))
                want.append(r["speaker"] + ("" if r["role"] is None else " / " + r["role"]))
        supers = self.json_out(self.run_bin(["quotes", "--supers", path]))
        self.assertEqual([j["caption"] for j in supers], want)

    def check_items(self, items, nlines):
        """Outline items: the keys of their kind, inside the file, nested."""
        story = section = None
        for it in items:
            self.assertIn(it["kind"], ITEM_KEYS)
            self.assertEqual(list(it), ITEM_KEYS[it["kind"]])
            self.assertTrue(1 <= it["line"] <= it["end_line"] <= nlines, it)
            self.assertEqual(it["level"], {"story": 1, "section": 2, "quote": 3}[it["kind"]])
            if it["kind"] == "story":
                story, section = it, None
            elif it["kind"] == "section":
                section = it
            if it["kind"] == "quote":
                self.assertIn(it["form"], FORMS)
                if it["quote_line"] is not None:
                    self.assertTrue(it["line"] <= it["quote_line"] <= it["end_line"], it)
            for outer in (story, section):
                if outer is not None and outer is not it and it["line"] <= outer["end_line"]:
                    self.assertLessEqual(it["end_line"], outer["end_line"], (outer, it))

    def check_quotes(self, path, quotes):
        """quotes JSON: one row per soundbite of the outline, the same fields."""
        rows = self.json_out(self.run_bin(["quotes", "--format", "json", path], timeout=900))
        self.assertEqual([(r["file"], r["line"], r["form"], r["speaker"], r["role"]) for r in rows],
                         [(path, q["line"], q["form"], q["speaker"], q["role"]) for q in quotes])
        return rows

    def check_folds(self, path, items, nlines):
        """folds: one level per line, the deepest item with a fold over it
        (a one-line soundbite has none)."""
        levels = self.json_out(self.run_bin(["folds", path], timeout=900))
        want = [0] * nlines
        for it in items:
            if it["kind"] == "quote" and it["line"] == it["end_line"]:
                continue
            for i in range(it["line"] - 1, it["end_line"]):
                want[i] = max(want[i], it["level"])
        self.assertTrue(levels == want, "folds differ from the outline's items at lines %s" % [
            i + 1 for i, (a, b) in enumerate(zip(levels, want)) if a != b][:10]
            if len(levels) == nlines else "%d levels for %d lines" % (len(levels), nlines))

    def check_highlights(self, path, items, lines, nlines):
        """highlights: spans inside their line; every section line has its
        tag, every soundbite its speaker (when named) and its quote text."""
        spans = self.json_out(self.run_bin(["highlights", path], timeout=900))
        at = {}
        for s in spans:
            self.assertEqual(list(s), ["line", "col", "end_col", "group"])
            self.assertIn(s["group"], GROUPS)
            self.assertTrue(1 <= s["line"] <= nlines, s)
            self.assertTrue(0 <= s["col"] <= s["end_col"] <= len(lines[s["line"] - 1]), s)
            at.setdefault(s["line"], set()).add(s["group"])

        def has(group, first, last):
            return any(group in at.get(l, ()) for l in range(first, last + 1))
        for it in items:
            if it["kind"] == "section":
                self.assertTrue(has("bulletinTag", it["line"], it["line"]), it)
            if it["kind"] == "quote" and it["speaker"] is not None:
                self.assertTrue(has("bulletinSpeaker", it["line"], it["end_line"]), it)
            if it["kind"] == "quote" and it["quote_line"] is not None:
                self.assertTrue(has("bulletinQuote", it["quote_line"], it["end_line"]), it)

    def check_lint(self, path, nlines, text=True):
        """lint: diagnostics inside the file; the text format says the same
        findings, the summary counts them, exit 1 only for errors."""
        p = self.run_bin(["lint", "--format", "json", path], timeout=900)
        diags = self.json_out(p)["diagnostics"]
        errors = sum(d["severity"] == "error" for d in diags)
        self.assertEqual(p.returncode, 1 if errors else 0, diags[:5])
        for d in diags:
            self.assertTrue(1 <= d["line"] <= nlines, d)
            self.assertIn(d["severity"], ("error", "warning", "info"))
        if not text:
            return
        p = self.run_bin(["lint", path])
        self.assertEqual(p.returncode, 1 if errors else 0)
        found = [LINT_RE.match(l) for l in p.stdout.decode("utf-8", "replace").splitlines()
                 if not l.startswith("  suggestion: ")]
        self.assertTrue(all(found), p.stdout[:2000])
        self.assertEqual([(int(m.group("line")), int(m.group("col")), m.group("sev"), m.group("code"))
                          for m in found],
                         [(d["line"], d["col"] + 1, d["severity"], d["code"]) for d in diags])
        m = SUMMARY_RE.search(p.stderr.decode())
        self.assertIsNotNone(m, p.stderr)
        self.assertEqual(tuple(int(x) for x in m.groups()),
                         (errors, sum(d["severity"] == "warning" for d in diags),
                          sum(d["severity"] == "info" for d in diags), 1))

    def test_small(self):
        for name in self.SMALL:
            with self.subTest(name=name):
                self.all_commands(gen(name))

    def test_empty(self):
        doc = self.outline(gen("empty.txt"))
        self.assertEqual(doc["items"], [])
        self.assertEqual(self.json_out(self.run_bin(["folds", gen("empty.txt")])), [])
        self.assertEqual(self.json_out(self.run_bin(["highlights", gen("empty.txt")])), [])

    def test_no_final_newline(self):
        a = self.outline(gen("no_final_newline.txt"))
        b = self.outline(gen("lf.txt"))
        self.assertEqual(a["items"], b["items"])

    def test_crlf_strings(self):
        """No string in the output of a CRLF file ends with "\\r"."""
        doc = self.outline(gen("crlf.txt"))
        for item in doc["items"]:
            for k, v in item.items():
                if isinstance(v, str):
                    self.assertNotIn("\r", v, (k, v))
        rows = self.json_out(self.run_bin(["quotes", gen("crlf.txt")]))
        for r in rows:
            for k, v in r.items():
                if isinstance(v, str):
                    self.assertNotIn("\r", v, (k, v))

    def test_crlf_same_outline(self):
        """A CRLF file has the outline of the same file with LF ends (model)."""
        a = self.outline(gen("crlf.txt"))
        b = self.outline(gen("lf.txt"))
        self.assertEqual(a["meta"], b["meta"])
        self.assertEqual(a["items"], b["items"])

    def test_invalid_utf8_is_valid_json(self):
        for cmd in (["outline"], ["quotes"], ["lint", "--format", "json"]):
            p = self.run_bin(cmd + [gen("invalid_utf8.txt")])
            text = p.stdout.decode("utf-8")  # strict: must not raise
            json.loads(text)
        # "Kang \xff\xfeYu-jung" is no name (a name's words start with a
        # capital or a digit): Park's soundbite is left, as in the clean file.
        def fields(rows):
            return [(r["line"], r["form"], r["speaker"], r["role"], r["quote"]) for r in rows]
        rows = self.json_out(self.run_bin(["quotes", gen("invalid_utf8.txt")]))
        clean = self.json_out(self.run_bin(["quotes", gen("lf.txt")]))
        self.assertEqual(fields(rows), [f for f in fields(clean) if f[2] != "Kang Yu-jung"])
        self.assertEqual(len(rows), 1)
        # Inside a name, a role and a quote, each bad byte is one U+FFFD.
        path = gen("invalid_utf8_names.txt")
        rows = self.json_out(self.run_bin(["quotes", path]))
        self.assertEqual([(r["speaker"], r["role"], r["quote"]) for r in rows],
                         [("Kang Yu\ufffd\ufffd-jung", "Pres\ufffd\ufffd\ufffdidential Spokesperson",
                           "We will \ufffdwork together.")])
        items = [i for i in self.outline(path)["items"] if i["kind"] == "quote"]
        self.assertEqual([(i["speaker"], i["role"]) for i in items],
                         [(rows[0]["speaker"], rows[0]["role"])])

    def test_controls_in_text_output(self):
        for fmt in ("text", "qf"):
            p = self.run_bin(["outline", "--format", fmt, gen("controls.txt")])
            self.assertNotIn(b"\x1b", p.stdout)
            self.assertNotIn(b"\x07", p.stdout)

    def test_big(self):
        for name in self.BIG:
            with self.subTest(name=name):
                self.all_commands(gen(name), big=True)

    def test_big_stdin(self):
        """A big input through a pipe (buffer grown while reading)."""
        for name in ("long_quote.txt", "million.txt"):
            data = open(gen(name), "rb").read()
            p = self.run_bin(["outline", "--compact", "-"], stdin=data, timeout=900)
            self.assertEqual(p.returncode, 0)
            got = self.json_out(p)
            want = self.outline(gen(name), "--compact")
            self.assertEqual(got["items"], want["items"], name)

    def test_million_lines(self):
        path = gen("million.txt")
        doc = self.outline(path)
        stories = [i for i in doc["items"] if i["kind"] == "story"]
        self.assertGreater(len(stories), 1000)
        self.assertLessEqual(doc["items"][-1]["end_line"], 1000000)
        levels = self.json_out(self.run_bin(["folds", path]))
        self.assertEqual(len(levels), 1000000)

    def peak_rss(self, args):
        """Peak RSS in bytes of one run of the binary (common.peak_rss)."""
        _, rss = peak_rss(self.BIN, args, os.path.join(TMP, "rss-%s" % self.LABEL),
                          stdout=subprocess.DEVNULL)
        return rss

    def test_peak_rss(self):
        """outline's peak RSS stays under 2.5x the size of a big bulletin
        (normal build; the sanitizer build uses more memory by design)."""
        if "asan" in self.LABEL:
            self.skipTest("sanitizer builds use more memory by design")
        ratios = {}
        for name in ("realistic.txt", "long_line.txt", "long_quote.txt", "million.txt"):
            path = gen(name)
            size = os.path.getsize(path)
            rss = self.peak_rss(["outline", path])
            ratios[name] = rss / size
            sys.stderr.write("[%s] outline peak RSS %.1f MB for %s (%.1f MB, %d B/line): "
                             "%.2fx\n" % (self.LABEL, rss / 1e6, name, size / 1e6,
                                           size // max(1, open(path, "rb").read().count(b"\n")),
                                           rss / size))
        # Asserted on the realistic file and the long lines; the short-line
        # stress file (13 B/line) is reported only: per-line overhead
        # dominates there by nature.
        for name in ("realistic.txt", "long_line.txt", "long_quote.txt"):
            self.assertLess(ratios[name], 2.5, name)


CASES = [TestUsage, TestOutline, TestLint, TestQuotes, TestFoldsHighlights, TestHostile]


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
    TMP = tempfile.mkdtemp(prefix="bulletin-cli-")
    try:
        write_inputs(TMP)
        return run_cases(CASES, bins, args.pattern, args.verbose)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
