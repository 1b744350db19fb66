#!/usr/bin/python3
"""Tests of `bulletin rpc`, the Neovim helper, driven over pipes.

An independent msgpack-RPC client (Debian's python3-msgpack) plays Neovim:
it answers the helper's nvim_buf_attach requests, sends buffer events and
checks every method, error path and robustness rule of core/rpc/PROTOCOL.md.
A real Neovim test (nvim_edits.lua) runs 1,000 random edits against the
helper and compares its outline with `bulletin outline --format json`.

Run: /usr/bin/python3 tests/rpc/test_rpc.py --bin build/bulletin
Prints "N passed, N failed" last; exits non-zero on failure.
"""

import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import msgpack

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import run_main, vm_kib  # noqa: E402  (tests/rpc/common.py)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
BIN = None  # set from --bin
MIB = 1024 * 1024
PROTOCOL = 5  # core/rpc/rpc.h BL_RPC_PROTOCOL, PROTOCOL.md
PUSH = "return require('bulletin.helper')._on_push(...)"
ERROR = "return require('bulletin.helper')._on_error(...)"
TIMEOUT = 10.0
REPORT = []  # measurements printed at the end
RSS_WRAPPER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, st, ru = os.wait4(pid, 0)
open(sys.argv[1], "w").write(str(ru.ru_maxrss))
code = os.waitstatus_to_exitcode(st)
sys.exit(code if code >= 0 else 128 - code)
"""


def fixture_lines(name="two-stories.txt"):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def shifted(d, k):
    """Diagnostic d moved by k lines, the edits of its fixes with it."""
    fixes = [dict(f, edits=[dict(e, lnum=e["lnum"] + k, end_lnum=e["end_lnum"] + k)
                            for e in f["edits"]]) for f in d["fixes"]]
    return dict(d, lnum=d["lnum"] + k, end_lnum=d["end_lnum"] + k, fixes=fixes)


class Helper:
    """One `bulletin rpc` process and a client for it."""

    def __init__(self, env=None, stdin=subprocess.PIPE, args=(), measure=False):
        e = dict(os.environ)
        e.pop("BULLETIN_LOG", None)
        e.pop("BULLETIN_LOG_FILE", None)
        e.update(env or {})
        cmd = [BIN, "rpc", *args]
        self.rss_file = None
        if measure:
            # ru_maxrss of a child forked from this (large) Python process
            # counts the pre-exec copy: fork from a small process instead,
            # GNU time, else a bare Python (its ~10 MiB then bound the
            # figure from above).
            fd, self.rss_file = tempfile.mkstemp()
            os.close(fd)
            if os.access("/usr/bin/time", os.X_OK) and not os.environ.get("BULLETIN_NO_TIME"):
                cmd = ["/usr/bin/time", "-q", "-f", "%M", "-o", self.rss_file] + cmd
            else:
                cmd = [sys.executable, "-S", "-c", RSS_WRAPPER, self.rss_file] + cmd
        self.proc = subprocess.Popen(
            cmd, stdin=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=e)
        self.unpacker = msgpack.Unpacker(raw=False, unicode_errors="surrogateescape",
                                         max_buffer_size=512 * MIB)
        self.inbox = []  # messages read but not yet consumed
        self.raw = bytearray()  # every byte read from stdout
        self.msgid = 100
        self.rusage = None
        self.status = None

    # -- sending --
    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, *msgs):
        self.send_raw(b"".join(msgpack.packb(m, use_bin_type=True) for m in msgs))

    def notify(self, method, *params):
        self.send([2, method, list(params)])

    # -- receiving --
    def _read(self, timeout):
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return False
        data = os.read(self.proc.stdout.fileno(), 1 << 20)
        if not data:
            return None
        self.raw += data
        self.unpacker.feed(data)
        self.inbox.extend(self.unpacker)
        return True

    def next(self, pred=lambda m: True, timeout=TIMEOUT):
        """Returns (and removes) the first message matching pred."""
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.inbox):
                if pred(m):
                    return self.inbox.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching message within %.1fs; inbox=%r"
                                     % (timeout, [str(m)[:200] for m in self.inbox]))
            if self._read(left) is None:
                raise AssertionError("helper closed stdout; inbox=%r"
                                     % [str(m)[:200] for m in self.inbox])

    def drain(self, quiet=0.2):
        """Reads until quiet for `quiet` seconds; returns the new messages."""
        while self._read(quiet):
            pass
        got, self.inbox = self.inbox, []
        return got

    def request(self, method, *params):
        self.msgid += 1
        mid = self.msgid
        self.send([0, mid, method, list(params)])
        m = self.next(lambda m: m[0] == 1 and m[1] == mid)
        return m[2], m[3]

    def call(self, method, *params):
        err, res = self.request(method, *params)
        if err is not None:
            raise AssertionError("%s failed: %r" % (method, err))
        return res

    def piece(self, timeout=TIMEOUT, buf=None):
        """The next push notification (maybe one `partial` piece), its
        outline items made into maps (wire_items) and its spans into the
        flat list (wire_spans)."""
        m = self.next(lambda m: m[0] == 2 and m[1] == "nvim_exec_lua" and m[2][0] == PUSH
                      and (buf is None or m[2][1][0]["buf"] == buf), timeout)
        p = m[2][1][0]
        for k in ("outline", "outline_splice"):
            if k in p:
                p[k]["items"] = wire_items(p[k]["items"])
        if "hl" in p:
            p["hl"][2] = wire_spans(p["hl"][2])
        return p

    def pieces(self, timeout=TIMEOUT, buf=None):
        """The pieces of the next push: up to the first one not `partial`."""
        got = [self.piece(timeout, buf)]
        while got[-1].get("partial"):
            self.notify("bulletin_more", got[0]["buf"])  # as the plugin does
            got.append(self.piece(timeout, got[0]["buf"]))
        return got

    def push(self, timeout=TIMEOUT, buf=None):
        """The next push, its pieces (PROTOCOL.md "partial") joined into one."""
        return join_pieces(self.pieces(timeout, buf))

    def attach_request(self, buf=None):
        return self.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_attach"
                         and (buf is None or m[3][0] == buf))

    def attach(self, buf, lines, tick=1, opts=None):
        """The plugin's bulletin_attach, Neovim's answer and first event."""
        if opts is None:
            self.notify("bulletin_attach", buf)
        else:
            self.notify("bulletin_attach", buf, opts)
        req = self.attach_request(buf)
        assert req[3] == [buf, True, {}], req
        self.send([2, "nvim_buf_lines_event", [buf, tick, 0, -1, lines, False]],
                  [1, req[1], None, True])
        return self.push(buf=buf)

    def lines_event(self, buf, tick, first, last, lines, more=False):
        self.send([2, "nvim_buf_lines_event", [buf, tick, first, last, lines, more]])

    # -- ending --
    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    def wait(self, timeout=TIMEOUT):
        """Waits for exit, collecting output and peak RSS (KiB)."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            try:
                pid, st, ru = os.wait4(self.proc.pid, os.WNOHANG)
            except ChildProcessError:  # reaped by Popen already
                pid, st, ru = self.proc.pid, None, None
                self.status = self.proc.wait()
                break
            if pid:
                self.status = os.waitstatus_to_exitcode(st)
                self.proc.returncode = self.status
                self.rusage = ru
                break
            if time.monotonic() > deadline:
                self.proc.kill()
                raise AssertionError("helper did not exit within %.1fs" % timeout)
            self._read(0.01)
        while self._read(0.05):
            pass
        self.stderr = self.proc.stderr.read().decode("utf-8", "replace")
        self.peak_kib = None
        if self.rss_file:
            with open(self.rss_file) as f:
                words = f.read().split()
            os.unlink(self.rss_file)
            # Linux always has ru_maxrss (KiB): a run asked to be measured
            # that was not fails here, instead of leaving a memory
            # assertion with nothing to check
            if not words or not words[-1].isdigit() or int(words[-1]) <= 0:
                raise AssertionError("peak RSS of the helper not measured: %r" % words)
            self.peak_kib = int(words[-1])
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.status

    def finish(self):
        """EOF, exit 0, and nothing but whole msgpack messages on stdout."""
        self.close_stdin()
        st = self.wait()
        assert st == 0, "exit status %r, stderr: %s" % (st, self.stderr)
        assert_only_msgpack(bytes(self.raw))
        return st

    def vmhwm_kib(self):
        """The running helper's peak RSS so far (Linux /proc), in KiB; fails
        when there is none to read (the helper exited: a zombie has no
        VmHWM)."""
        return vm_kib(self.proc.pid, "VmHWM", " (exit status %r)" % (self.proc.poll(),))


def join_pieces(pieces):
    """One push from its pieces, checking how they fit: the same buf, tick
    and n; splice only in the first; folds and hl of consecutive lines; the
    outline or outline_splice of the first, then outline_splice appends;
    diagnostics, lint_token and error only in the last; `partial` on all
    but the last."""
    if len(pieces) == 1:
        assert "partial" not in pieces[0], pieces[0]
        return pieces[0]
    p = dict(pieces[0])
    for i, q in enumerate(pieces):
        assert q.get("partial") is (True if i + 1 < len(pieces) else None), (i, q.get("partial"))
        assert (q["buf"], q["tick"], q["n"]) == (p["buf"], p["tick"], p["n"]), i
        if i == 0:
            continue
        assert "splice" not in q and "outline" not in q, i
        for k in ("diagnostics", "lint_token", "error"):
            assert i + 1 == len(pieces) or k not in q, (i, k)
            if k in q:
                p[k] = q[k]
        if "folds" in q:
            f0, vals = q["folds"]
            assert f0 == p["folds"][0] + len(p["folds"][1]), (i, f0)
            p["folds"] = [p["folds"][0], p["folds"][1] + vals]
            h0, h1, spans = q["hl"]
            assert (h0, h1) == (f0, f0 + len(vals)) and p["hl"][1] == h0, (i, h0, h1)
            p["hl"] = [p["hl"][0], h1, p["hl"][2] + spans]
        if "outline_splice" in q:
            sp = q["outline_splice"]
            assert sp["removed"] == 0 and sp["shift"] == 0, (i, sp)
            if "outline" in p:
                ol = p["outline"]
                assert sp["first"] == len(ol["items"]), (i, sp["first"])
                p["outline"] = {"meta": sp["meta"], "items": ol["items"] + sp["items"]}
            else:
                head = p["outline_splice"]
                assert sp["first"] == head["first"] + len(head["items"]), (i, sp["first"])
                p["outline_splice"] = dict(head, items=head["items"] + sp["items"],
                                           meta=sp["meta"])
    p.pop("partial", None)
    return p


# PROTOCOL.md "Outline items in pushes": the keys of each kind's values.
WIRE_KEYS = {
    0: ("story", ["level", "line", "end_line", "title"]),
    1: ("section", ["level", "line", "end_line", "tag", "section"]),
    2: ("quote", ["level", "line", "end_line", "quote_line", "form", "speaker", "role",
                  "quote", "quote_span"]),
}


def wire_items(items):
    """A push's outline items as the maps of `bulletin_outline`: a bin
    (protocol 4) holding the msgpack array of item arrays."""
    assert isinstance(items, bytes), "items not a bin: %r" % type(items)
    items = msgpack.unpackb(items, raw=False, unicode_errors="surrogateescape")
    assert isinstance(items, list), items
    out = []
    for a in items:
        assert isinstance(a, list) and a and a[0] in WIRE_KEYS, a
        kind, keys = WIRE_KEYS[a[0]]
        assert len(a) == len(keys) + 1, a
        out.append(dict(zip(["kind"] + keys, [kind] + a[1:])))
    return out


def wire_spans(spans):
    """A push's `hl` spans as the flat list [line, col, end_col, group, ...]
    of `bulletin_spans`: a bin (protocol 5) holding its msgpack array."""
    assert isinstance(spans, bytes), "spans not a bin: %r" % type(spans)
    spans = msgpack.unpackb(spans, raw=False)
    assert isinstance(spans, list) and len(spans) % 4 == 0, spans
    assert all(isinstance(v, int) for v in spans), spans
    return spans


def assert_only_msgpack(data):
    """Every byte belongs to one complete msgpack-RPC message."""
    u = msgpack.Unpacker(raw=True, max_buffer_size=512 * MIB)
    u.feed(data)
    n = 0
    for m in u:
        assert isinstance(m, list) and m and m[0] in (0, 1, 2), m
        n += 1
    assert u.tell() == len(data), "stdout has %d stray bytes after %d messages" % (
        len(data) - u.tell(), n)


def cli_outline(lines):
    """`bulletin outline --format json` of the given lines: (meta, items)."""
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8", "surrogateescape") if lines else b"")
        path = f.name
    try:
        out = subprocess.run([BIN, "outline", "--format", "json", path], capture_output=True,
                             check=True).stdout
    finally:
        os.unlink(path)
    d = json.loads(out)
    # The CLI's items carry their read time (issue 10); the helper sends
    # times apart (PROTOCOL.md "Timing", tests/rpc/test_timing_rpc.py).
    for it in d["items"]:
        it.pop("seconds")
    return d["meta"], d["items"]


class Model:
    """The plugin's view of a buffer, rebuilt from pushes only."""

    def __init__(self):
        self.folds = []
        self.hl = []  # per line: list of (col, end_col, group)
        self.outline = None
        self.n = 0

    def apply(self, p):
        if "splice" in p:
            first, old_last, new_last = p["splice"]
            self.folds[first:old_last] = [None] * (new_last - first)
            self.hl[first:old_last] = [None] * (new_last - first)
        if "folds" in p:  # in the pieces after the first too (partial)
            f0, levels = p["folds"]
            self.folds[f0:f0 + len(levels)] = levels
            h0, h1, spans = p["hl"]
            for i in range(h0, h1):
                self.hl[i] = []
            for i in range(0, len(spans), 4):
                self.hl[spans[i]].append(tuple(spans[i + 1:i + 4]))
        if "outline" in p:
            self.outline = p["outline"]
        if "outline_splice" in p:
            sp = p["outline_splice"]
            assert self.outline is not None, "an outline_splice before any outline"
            items = self.outline["items"]
            first, removed, new = sp["first"], sp["removed"], sp["items"]
            assert first + removed <= len(items), (first, removed, len(items))
            tail = items[first + removed:]
            for it in tail:
                it["line"] += sp["shift"]
                it["end_line"] += sp["shift"]
                if it.get("quote_line") is not None:
                    it["quote_line"] += sp["shift"]
                if it.get("quote_span") is not None:
                    r, c, er, ec = it["quote_span"]
                    it["quote_span"] = [r + sp["shift"], c, er + sp["shift"], ec]
            self.outline = {"meta": sp["meta"], "items": items[:first] + new + tail}
        self.n = p["n"]
        assert len(self.folds) == self.n, (len(self.folds), self.n)


def cli_run(cmd, lines):
    """`bulletin CMD --format json` of the given lines, decoded."""
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8", "surrogateescape") if lines else b"")
        path = f.name
    try:
        args = [BIN, cmd] + (["--format", "json"] if cmd != "folds" else []) + [path]
        out = subprocess.run(args, capture_output=True, check=True).stdout
    finally:
        os.unlink(path)
    return json.loads(out)


QUOTE_KEYS = ("quote", "quote_span")


def without_quote_keys(items):
    """RPC outline items as the CLI's outline JSON has them (§5)."""
    return [{k: v for k, v in it.items() if k not in QUOTE_KEYS} for it in items]


def check_rpc_outline(tc, lines, outline):
    """An RPC outline (protocol 2) against a fresh CLI parse of lines: the
    §5 keys equal `bulletin outline`, the quotes equal `bulletin quotes`,
    and every quote_span points at its quote in the text."""
    meta, items = cli_outline(lines)
    tc.assertEqual(outline["meta"], meta)
    tc.assertEqual(without_quote_keys(outline["items"]), items)
    quotes = [(q["line"], q["quote"]) for q in cli_run("quotes", lines)]
    tc.assertEqual([(it["line"], it["quote"]) for it in outline["items"]
                    if it["kind"] == "quote"], quotes)
    raw = [l.encode("utf-8", "surrogateescape") for l in lines]
    for it in outline["items"]:
        if it["kind"] != "quote":
            tc.assertNotIn("quote", it)
            tc.assertNotIn("quote_span", it)
            continue
        q, span = it["quote"], it["quote_span"]
        if q is None:
            tc.assertIsNone(span, it)
            continue
        qb = q.encode("utf-8", "surrogateescape")
        r, c, er, ec = span
        tc.assertEqual(r, it["quote_line"] - 1, it)
        tc.assertEqual(er, it["end_line"] - 1, it)
        if r == er:
            tc.assertEqual(raw[r][c:ec], qb, (it, raw[r]))
            continue
        tc.assertLess(r, er, it)
        head, tail = raw[r][c:], raw[er][:ec]
        tc.assertTrue(head and qb.startswith(head.rstrip()), (it, raw[r]))
        tc.assertTrue(tail and qb.endswith(tail.lstrip()), (it, raw[er]))
        pieces = [head] + [raw[k] for k in range(r + 1, er)] + [tail]
        tc.assertEqual(b" ".join(p.strip() for p in pieces), qb, it)


def check_fold_values(tc, lines, folds, outline):
    """Fold values (protocol 2): v % 4 is `bulletin folds`' level, v >= 4
    exactly on the lines where a story, a section or a soundbite of two or
    more lines starts."""
    tc.assertEqual([v % 4 for v in folds], cli_run("folds", lines))
    starts = set()
    for it in outline["items"]:
        if it["kind"] != "quote" or it["end_line"] > it["line"]:
            starts.add(it["line"] - 1)
    tc.assertEqual([i for i, v in enumerate(folds) if v >= 4], sorted(starts))
    tc.assertTrue(all(0 <= v < 8 for v in folds), folds)


def spans_by_line(flat, n):
    hl = [[] for _ in range(n)]
    for i in range(0, len(flat), 4):
        hl[flat[i]].append(tuple(flat[i + 1:i + 4]))
    return hl


class HelperTest(unittest.TestCase):
    def setUp(self):
        self.h = None

    def tearDown(self):
        if self.h is not None and self.h.status is None:
            # EOF first: with measure=True, proc is GNU time, and killing it
            # alone would leave the helper holding the stderr pipe.
            self.h.close_stdin()
            self.h.proc.kill()
            self.h.wait()

    def start(self, **kw):
        self.h = Helper(**kw)
        return self.h


class TestMethods(HelperTest):
    def test_version(self):
        h = self.start()
        v = h.call("bulletin_version")
        self.assertEqual(v["name"], "bulletin")
        self.assertEqual(v["protocol"], PROTOCOL)
        self.assertEqual(v["groups"], ["bulletinTag", "bulletinCue", "bulletinUnknownTag",
                                       "bulletinTitle", "bulletinMeta", "bulletinChrome",
                                       "bulletinSpeaker", "bulletinRole", "bulletinQuote"])
        self.assertEqual(v["forms"], ["slash", "inline", "tag_line", "colon", "anon",
                                      "name_only", "quote_only", "bracket", "radio"])
        self.assertIsInstance(v["version"], str)
        h.finish()

    def test_errors_of_every_method(self):
        h = self.start()
        cases = [
            (("bulletin_version", 1), "bulletin: bulletin_version: expected 0 params, got 1"),
            (("bulletin_nope",), "bulletin: unknown method bulletin_nope"),
            (("bulletin_outline",), "bulletin: bulletin_outline: expected 1 params, got 0"),
            (("bulletin_outline", "x"), "bulletin: bulletin_outline: param 1 must be a buffer"),
            (("bulletin_outline", 0), "bulletin: bulletin_outline: param 1 must be a buffer"),
            (("bulletin_outline", 7), "bulletin: buffer 7 is not attached"),
            (("bulletin_folds", 7), "bulletin: buffer 7 is not attached"),
            (("bulletin_spans", 7, 0), "bulletin: bulletin_spans: expected 3 params, got 2"),
            (("bulletin_spans", 7, "a", 3), "bulletin: bulletin_spans: param 2 must be a line number"),
            (("bulletin_spans", 7, 0, None), "bulletin: bulletin_spans: param 3 must be a line number"),
            (("bulletin_spans", 7, 0, 3), "bulletin: buffer 7 is not attached"),
            (("bulletin_lint", 7), "bulletin: buffer 7 is not attached"),
            (("bulletin_saved", 7), "bulletin: buffer 7 is not attached"),
            (("bulletin_detach", 7), "bulletin: buffer 7 is not attached"),
            (("bulletin_attach",), "bulletin: bulletin_attach: expected 1 or 2 params, got 0"),
            (("bulletin_attach", 1, {}, 3), "bulletin: bulletin_attach: expected 1 or 2 params, got 3"),
            (("bulletin_attach", -3), "bulletin: bulletin_attach: param 1 must be a buffer"),
            (("bulletin_attach", 1, 5), "bulletin: bulletin_attach: param 2 must be a map"),
            (("bulletin_attach", 1, {"lint": "never"}),
             'bulletin: bulletin_attach: lint must be "off", "save" or "change"'),
            (("bulletin_config",), "bulletin: bulletin_config: expected 1 params, got 0"),
            (("bulletin_config", []), "bulletin: bulletin_config: param 1 must be a map"),
            (("bulletin_config", {"lint": 3}),
             'bulletin: bulletin_config: lint must be "off", "save" or "change"'),
            (("bulletin_config", {"vocab": {"bogus": ["[X]"]}}),
             "bulletin: bulletin_config: vocab: unknown key 'bogus' (want lead, report, "
             "soundbite, program, label.ROLE, FAMILY.ROLE, attribution, implicit_lead, "
             "hangul_chrome, chrome, dateline or dialect)"),
            (("bulletin_config", {"vocab": {"lead": "[X]"}}),
             "bulletin: bulletin_config: vocab must map keys to arrays of strings"),
            (("bulletin_config", {"vocab": {"lead": [""]}}),
             "bulletin: bulletin_config: vocab spellings must be strings of 1 to 256 bytes"),
        ]
        for (method, *params), message in cases:
            err, res = h.request(method, *params)
            self.assertEqual(err, [0, message], (method, params))
            self.assertIsNone(res)
        # Errors leave nothing attached and the helper running.
        self.assertEqual(h.call("bulletin_version")["protocol"], PROTOCOL)
        h.finish()

    def test_notifications_get_no_answer(self):
        h = self.start()
        h.notify("bulletin_version")
        h.notify("bulletin_nope", 1, 2)
        h.notify("bulletin_outline", 9)
        self.assertEqual(h.drain(), [])
        h.finish()

    def test_hello_is_answered_by_a_notification(self):
        """The handshake Neovim sends without blocking: the notification
        bulletin_hello TOKEN is answered by the notification nvim_exec_lua
        of helper._on_hello(TOKEN, version map), never by a response; a bad
        token gets nothing (a notification has no error response)."""
        h = self.start()
        h.notify("bulletin_hello", 41)
        m = h.next(lambda m: m[0] == 2)
        self.assertEqual(m[1], "nvim_exec_lua")
        code, args = m[2]
        self.assertEqual(code, "return require('bulletin.helper')._on_hello(...)")
        self.assertEqual(args[0], 41)
        self.assertEqual(args[1], h.call("bulletin_version"))
        self.assertEqual(args[1]["protocol"], PROTOCOL)
        h.notify("bulletin_hello", "x" * 100)
        h.notify("bulletin_hello", 1, 2)
        self.assertEqual(h.drain(), [])
        h.notify("bulletin_hello")
        self.assertEqual(h.next(lambda m: m[0] == 2)[2][1][0], None)
        h.finish()

    def test_attach_first_push_and_outline(self):
        lines = fixture_lines()
        h = self.start()
        p = h.attach(3, lines, tick=4)
        self.assertEqual(p["buf"], 3)
        self.assertEqual(p["tick"], 4)
        self.assertEqual(p["n"], len(lines))
        self.assertEqual(p["splice"], [0, 0, len(lines)])
        self.assertEqual(p["folds"][0], 0)
        self.assertEqual(len(p["folds"][1]), len(lines))
        self.assertEqual(p["hl"][:2], [0, len(lines)])
        check_rpc_outline(self, lines, p["outline"])
        self.assertEqual(h.call("bulletin_outline", 3), p["outline"])
        folds = h.call("bulletin_folds", 3)
        self.assertEqual(folds, p["folds"][1])
        check_fold_values(self, lines, folds, p["outline"])
        spans = h.call("bulletin_spans", 3, 0, -1)
        self.assertEqual(spans, p["hl"][2])
        self.assertEqual(len(spans) % 4, 0)
        for i in range(0, len(spans), 4):
            line, col, end, group = spans[i:i + 4]
            self.assertTrue(0 <= line < len(lines))
            self.assertTrue(0 <= col <= end <= len(lines[line].encode()))
            self.assertTrue(0 <= group < 9)
        part = h.call("bulletin_spans", 3, 5, 10)
        self.assertEqual(part, [x for i in range(0, len(spans), 4) if 5 <= spans[i] < 10
                                for x in spans[i:i + 4]])
        self.assertEqual(h.call("bulletin_spans", 3, 1000, 2000), [])
        h.finish()

    def test_buffer_as_ext_type_0(self):
        lines = fixture_lines()
        h = self.start()
        ext = msgpack.ExtType(0, msgpack.packb(5))
        h.notify("bulletin_attach", ext)
        req = h.attach_request(5)
        h.send([1, req[1], None, True],
               [2, "nvim_buf_lines_event", [ext, 2, 0, -1, lines, False]])
        p = h.push()
        self.assertEqual(p["buf"], 5)
        self.assertEqual(h.call("bulletin_outline", ext), h.call("bulletin_outline", 5))
        big = msgpack.ExtType(0, msgpack.packb(70000))
        self.assertEqual(h.request("bulletin_outline", big)[0],
                         [0, "bulletin: buffer 70000 is not attached"])
        bad = msgpack.ExtType(1, msgpack.packb(5))
        self.assertEqual(h.request("bulletin_outline", bad)[0],
                         [0, "bulletin: bulletin_outline: param 1 must be a buffer"])
        h.finish()

    def test_lines_event_before_attach_response(self):
        lines = fixture_lines()
        h = self.start()
        h.notify("bulletin_attach", 2)
        req = h.attach_request(2)
        h.lines_event(2, 1, 0, -1, lines)
        p = h.push()
        self.assertEqual(p["n"], len(lines))
        h.send([1, req[1], None, True])
        self.assertEqual(h.call("bulletin_folds", 2), p["folds"][1])
        h.finish()

    def test_edits_are_coalesced_and_spliced(self):
        for seed in range(12):
            with self.subTest(seed=seed):
                self.coalesce_run(seed)

    def coalesce_run(self, seed):
        lines = fixture_lines()
        rng = random.Random(seed)
        h = self.start()
        model = Model()
        model.apply(h.attach(1, lines))
        ref = list(lines)
        msgs = []
        for k in range(60):
            a = rng.randrange(len(ref) + 1)
            b = min(len(ref), a + rng.randrange(3))
            new = [rng.choice(["[LEAD]", "[REPORT]", "", "Some words here.",
                               "Jo Kim / Reporter", "HEADLINE IN CAPS"])
                   for _ in range(rng.randrange(3))]
            ref[a:b] = new
            msgs.append([2, "nvim_buf_lines_event", [1, 10 + k, a, b, new, False]])
            if k % 7 == 3:  # a request mid-burst derives the doc between edits
                msgs.append([0, 1000 + k, "bulletin_folds", [1]])
        h.send(*msgs)  # one write: one burst
        pushes = []
        while True:
            p = h.push()
            pushes.append(p)
            model.apply(p)
            if p["tick"] == 69:
                break
        self.assertLessEqual(len(pushes), 3, "60 edits in one write: pushes %d" % len(pushes))
        if seed == 0:
            REPORT.append("60 edits written at once -> %d push(es)" % len(pushes))
        self.assertEqual(model.n, len(ref))
        self.assertEqual(model.folds, h.call("bulletin_folds", 1))
        self.assertEqual(model.hl, spans_by_line(h.call("bulletin_spans", 1, 0, -1), len(ref)))
        outline = h.call("bulletin_outline", 1)
        check_rpc_outline(self, ref, outline)
        self.assertEqual(model.outline, outline)
        check_fold_values(self, ref, model.folds, outline)
        h.finish()

    def test_request_sees_every_earlier_edit(self):
        lines = fixture_lines()
        h = self.start()
        h.attach(1, lines)
        h.lines_event(1, 5, 0, 0, ["3. A NEW STORY AT THE TOP", "", "[LEAD]", "Text."])
        out = h.call("bulletin_outline", 1)
        meta, items = cli_outline(["3. A NEW STORY AT THE TOP", "", "[LEAD]", "Text."] + lines)
        self.assertEqual(without_quote_keys(out["items"]), items)
        p = h.push()
        self.assertEqual(p["splice"], [0, 0, 4])
        self.assertEqual(p["tick"], 5)
        h.finish()

    def test_nil_changedtick_and_changedtick_event(self):
        lines = fixture_lines()
        h = self.start()
        h.attach(1, lines, tick=3)
        h.lines_event(1, None, 0, 1, ["x"])
        self.assertEqual(h.push()["tick"], 3)
        h.send([2, "nvim_buf_changedtick_event", [1, 9]])
        h.lines_event(1, None, 0, 1, ["y"])
        self.assertEqual(h.push()["tick"], 9)
        h.finish()

    def test_tick_is_nil_when_never_given(self):
        h = self.start()
        h.notify("bulletin_attach", 1)
        h.attach_request(1)
        h.lines_event(1, None, 0, -1, ["[LEAD]", "text"])
        self.assertIsNone(h.push()["tick"])
        h.finish()

    def test_more_defers_the_push(self):
        h = self.start()
        h.attach(1, ["a", "b"])
        h.lines_event(1, 5, 0, 1, ["[LEAD]"], more=True)
        self.assertEqual(h.drain(0.3), [])
        h.lines_event(1, 6, 1, 2, ["text"], more=False)
        p = h.push()
        self.assertEqual(p["splice"], [0, 2, 2])
        self.assertEqual(p["tick"], 6)
        h.finish()

    def test_detach_event_reattaches(self):
        lines = fixture_lines()
        h = self.start()
        h.attach(1, lines)
        h.send([2, "nvim_buf_detach_event", [1]])  # :edit!
        req = h.attach_request(1)
        # A stale edit before the full buffer is dropped.
        h.lines_event(1, 7, 0, 1, ["stale"])
        h.send([1, req[1], None, True])
        h.lines_event(1, 8, 0, -1, lines[:10])
        p = h.push()
        self.assertEqual(p["n"], 10)
        self.assertEqual(p["splice"], [0, len(lines), 10])
        check_rpc_outline(self, lines[:10], h.call("bulletin_outline", 1))
        h.finish()

    def test_detach_forgets(self):
        h = self.start()
        h.attach(1, ["[LEAD]", "x"])
        self.assertTrue(h.call("bulletin_detach", 1))
        m = h.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_detach")
        self.assertEqual(m[3], [1])
        h.send([1, m[1], None, True], [2, "nvim_buf_detach_event", [1]])
        self.assertEqual(h.request("bulletin_outline", 1)[0],
                         [0, "bulletin: buffer 1 is not attached"])
        h.lines_event(1, 3, 0, 1, ["ignored"])
        self.assertEqual([m for m in h.drain() if m[0] == 0], [])
        h.finish()

    def test_attach_refused(self):
        h = self.start()
        h.notify("bulletin_attach", 42)
        req = h.attach_request(42)
        h.send([1, req[1], [1, "Invalid buffer id: 42"], None])
        p = h.push()
        self.assertEqual(p["buf"], 42)
        self.assertIn("Invalid buffer id: 42", p["error"])
        self.assertTrue(p["error"].startswith("bulletin: cannot attach buffer 42"))
        self.assertEqual(h.request("bulletin_outline", 42)[0],
                         [0, "bulletin: buffer 42 is not attached"])
        # Refused (false: not loaded), then asked again: a new try.
        h.notify("bulletin_attach", 43)
        req = h.attach_request(43)
        h.send([1, req[1], None, False])
        self.assertIn("cannot attach buffer 43", h.push()["error"])
        h.notify("bulletin_attach", 43)
        req = h.attach_request(43)
        # ... and asked again in the same burst as the refusal.
        h.send([1, req[1], None, False], [2, "bulletin_attach", [43]])
        req = h.attach_request(43)
        h.send([1, req[1], None, True], [2, "nvim_buf_lines_event", [43, 1, 0, -1, ["x"], False]])
        self.assertEqual(h.push(buf=43)["n"], 1)
        h.finish()

    def test_attach_twice_and_reattach_after_detach(self):
        h = self.start()
        h.attach(1, ["[LEAD]"])
        self.assertTrue(h.call("bulletin_attach", 1, {"lint": "change"}))
        self.assertEqual([m for m in h.drain() if m[0] == 0], [])  # no second nvim_buf_attach
        h.call("bulletin_detach", 1)
        h.attach(1, ["[REPORT]", "x"])
        self.assertIn("[REPORT]", [i.get("tag") for i in h.call("bulletin_outline", 1)["items"]])
        h.finish()

    def test_bad_lines_event_resyncs(self):
        h = self.start()
        h.attach(1, ["a", "b", "c"])
        h.lines_event(1, 5, 2, 9, ["x"])  # past the end: out of sync
        d = h.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_detach")
        a = h.attach_request(1)
        self.assertLess(d[1], a[1])
        h.send([1, d[1], None, True], [2, "nvim_buf_detach_event", [1]],
               [1, a[1], None, True])
        h.lines_event(1, 6, 0, -1, ["[LEAD]", "y"])
        p = h.push()
        self.assertEqual(p["n"], 2)
        self.assertEqual([m for m in h.drain() if m[0] == 0], [])  # no attach loop
        h.lines_event(1, 7, 0, 0, [1, 2])  # not strings
        h.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_detach")
        h.finish()

    def test_config_vocab_and_rc_file(self):
        lines = ["[Intro]", "Hello.", "", "[Pkg]", "Report text."]
        h = self.start()
        h.attach(1, lines)
        self.assertNotIn("[Intro]", [i.get("tag") for i in h.call("bulletin_outline", 1)["items"]])
        self.assertTrue(h.call("bulletin_config", {"vocab": {"lead": ["[Intro]"],
                                                             "label.report": ["Correspondent"],
                                                             "mbc.lead": ["<Anchor>"]},
                                                   "lint": "off"}))
        p = h.push()
        self.assertEqual(p["splice"], [0, 5, 5])
        tags = [i.get("tag") for i in p["outline"]["items"]]
        self.assertIn("[Intro]", tags)
        self.assertEqual(h.call("bulletin_outline", 1), p["outline"])
        # An identical configuration rebuilds nothing.
        h.call("bulletin_config", {"vocab": {"lead": ["[Intro]"],
                                             "label.report": ["Correspondent"],
                                             "mbc.lead": ["<Anchor>"]}})
        self.assertEqual([m for m in h.drain() if m[0] == 2], [])
        # A .bulletinrc next to the file, found from the attach path.
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, ".bulletinrc"), "w") as f:
                f.write("lead = [Opening]\n")
            h.attach(2, ["[Opening]", "x"], opts={"path": os.path.join(d, "a.txt")})
            self.assertIn("[Opening]",
                          [i.get("tag") for i in h.call("bulletin_outline", 2)["items"]])
            h.call("bulletin_attach", 2, {"lint": "off"})  # no path: keeps the path
            self.assertIn("[Opening]",
                          [i.get("tag") for i in h.call("bulletin_outline", 2)["items"]])
            with open(os.path.join(d, ".bulletinrc"), "w") as f:
                f.write("this line is not valid\n")
            h.notify("bulletin_attach", 4, {"path": os.path.join(d, "b.txt")})
            h.attach_request(4)
            h.lines_event(4, 1, 0, -1, ["x"])
            self.assertIn(".bulletinrc", h.push(buf=4)["error"])
        h.attach(3, ["x"], opts={"path": ""})  # an unnamed buffer
        h.finish()

    def test_lint_and_saved(self):
        lines = fixture_lines()
        h = self.start()
        h.attach(1, lines)
        diags = h.call("bulletin_lint", 1)
        self.assertTrue(any(d["code"] == "unknown-tag" for d in diags), diags)
        for d in diags:
            self.assertEqual(set(d), {"lnum", "end_lnum", "col", "end_col", "severity", "code",
                                      "message", "suggestion", "fixes"})
            self.assertIn(d["severity"], ("error", "warning", "info"))
        unknown = [d for d in diags if d["code"] == "unknown-tag"][0]
        self.assertEqual(unknown["lnum"], lines.index("[Reprot]"))
        self.assertEqual(unknown["suggestion"], "[REPORT]")
        self.assertEqual(h.push()["diagnostics"], diags)  # also pushed
        self.assertTrue(h.call("bulletin_saved", 1))  # default lint: "save"
        self.assertEqual(h.push()["diagnostics"], diags)
        h.call("bulletin_config", {"lint": "off"})
        h.call("bulletin_saved", 1)
        self.assertEqual(h.drain(), [])
        h.call("bulletin_attach", 1, {"lint": "change"})
        h.lines_event(1, 9, 0, 0, ["[lead]"])
        p = h.push()
        self.assertTrue(any(d["code"] == "unknown-tag" and d["lnum"] == 0
                            for d in p["diagnostics"]))
        h.finish()

    def test_buffer_limit(self):
        h = self.start()
        msgs = [[2, "bulletin_attach", [b]] for b in range(1, 4097)]
        h.send(*msgs)
        err, _ = h.request("bulletin_attach", 5000)
        self.assertEqual(err, [0, "bulletin: bulletin_attach: more than 4096 buffers attached"])
        h.finish()


QUOTE_SNIPPETS = [
    "[LEAD]", "[REPORT]", "", "", "Body text that runs on.", "2. A NUMBERED STORY",
    "Jo Kim / Reporter", '"A quote that', "runs over lines", 'and ends here."',
    '"Quoted speech on its own line."', '[Soundbite] Daniel Cho (Cafe Owner) : "Busy morning."',
    '   [Soundbite] Ann Lee: "Indented, so the span moves."', "[Soundbite]",
    "Lee Soo-ah (Forecaster): Stay indoors.", 'Mina Park (Engineer): "We are done."',
    "[Sound bite: Ann Lee - Mayor]", '[Sound bite: Kim - Chief] "Bracketed', 'words here."]',
    'Text with a CR\r', '"Quote with a CR."\r', "Anchor:", " date 2025-03-14 News Today",
]


class TestProtocol2(HelperTest):
    """Protocol 2: fold start flags, quote/quote_span, pushes that rebuild
    the same state as fresh answers and a fresh CLI parse."""

    def test_differential_random_edits(self):
        for seed in range(6):
            with self.subTest(seed=seed):
                self.differential_run(seed, 150)

    def test_quote_span_follows_an_inline_edit(self):
        """Only the quote's column changes: the item must be re-sent."""
        lines = fixture_lines()
        h = self.start()
        model = Model()
        model.apply(h.attach(1, lines))
        i = next(k for k, l in enumerate(lines) if l.startswith("[Soundbite] Daniel"))
        item = next(it for it in model.outline["items"] if it["line"] == i + 1)
        self.assertEqual(item["quote"], "We had our busiest morning in a year.")
        h.lines_event(1, 2, i, i + 1, ["  " + lines[i]])
        p = h.push()
        model.apply(p)
        self.assertIn("outline_splice", p)
        item = next(it for it in model.outline["items"] if it["line"] == i + 1)
        r, c, er, ec = item["quote_span"]
        self.assertEqual(("  " + lines[i]).encode()[c:ec], item["quote"].encode())
        self.assertEqual(model.outline, h.call("bulletin_outline", 1))
        # A line inserted above moves the span's rows (the splice's shift).
        h.lines_event(1, 3, 0, 0, [""])
        model.apply(h.push())
        moved = next(it for it in model.outline["items"] if it["line"] == i + 2)
        self.assertEqual(moved["quote_span"], [r + 1, c, er + 1, ec])
        self.assertEqual(model.outline, h.call("bulletin_outline", 1))
        h.finish()

    def test_fold_start_flags_in_pushes(self):
        """A section tag typed inside a section: the new fold start reaches
        the pushed folds (issue 7, defect 1's data)."""
        lines = fixture_lines()
        h = self.start()
        model = Model()
        model.apply(h.attach(1, lines))
        at = lines.index("Local shops near the bridge say business is already picking up.")
        h.lines_event(1, 2, at, at, ["[REPORT]"])
        p = h.push()
        model.apply(p)
        self.assertEqual(model.folds[at], 2 + 4)
        self.assertEqual(model.folds, h.call("bulletin_folds", 1))
        ref = lines[:at] + ["[REPORT]"] + lines[at:]
        check_fold_values(self, ref, model.folds, h.call("bulletin_outline", 1))
        h.lines_event(1, 3, at, at + 1, ["plain words"])
        model.apply(h.push())
        self.assertEqual(model.folds[at], 2)
        self.assertEqual(model.folds, h.call("bulletin_folds", 1))
        h.finish()

    def test_diagnostics_follow_the_text(self):
        """Item 4: kept diagnostics move with every splice between lints."""
        lines = fixture_lines()
        h = self.start()
        h.attach(1, lines)
        diags = h.call("bulletin_lint", 1)
        h.push()
        at = lines.index("[Reprot]")
        unknown = [d for d in diags if d["code"] == "unknown-tag"][0]
        self.assertEqual(unknown["lnum"], at)
        # Two lines inserted above: every later diagnostic moves by 2.
        h.lines_event(1, 2, 0, 0, ["", ""])
        p = h.push()
        moved = [shifted(d, 2) for d in diags]
        self.assertEqual(p["diagnostics"], moved)
        self.assertNotIn("lint_token", p)
        # An edit below every finding moves none: no diagnostics in the push.
        h.lines_event(1, 3, len(lines) + 2, len(lines) + 2, ["tail"])
        self.assertNotIn("diagnostics", h.push())
        # The line of [Reprot] replaced by one line: it stays; deleted: it goes.
        h.lines_event(1, 4, at + 2, at + 3, ["[Reprot] "])
        self.assertNotIn("diagnostics", h.push())
        h.lines_event(1, 5, at + 1, at + 3, [])
        p = h.push()
        self.assertEqual(p["diagnostics"], [d for d in moved if d["lnum"] < at + 1] +
                         [shifted(d, -2) for d in moved if d["lnum"] > at + 2])
        h.finish()

    def test_message_without_suggestion(self):
        """Item 4 / issue 7 defect 4: the suggestion is not in the message."""
        h = self.start()
        h.attach(1, ["1. A STORY", "", "[REPROT]", "text"])
        d = [d for d in h.call("bulletin_lint", 1) if d["code"] == "unknown-tag"][0]
        self.assertEqual(d["message"], "unknown tag [REPROT]")
        self.assertEqual(d["suggestion"], "[REPORT]")
        h.finish()

    def test_push_for_every_tick(self):
        """Item 5: an empty lines event and a changedtick event get a push."""
        h = self.start()
        h.attach(1, ["[LEAD]", "x"], tick=4)
        h.lines_event(1, 5, 1, 1, [])  # undo's empty event at T+1
        self.assertEqual(h.push(), {"buf": 1, "tick": 5, "n": 2})
        h.send([2, "nvim_buf_changedtick_event", [1, 6]])
        self.assertEqual(h.push(), {"buf": 1, "tick": 6, "n": 2})
        h.send([2, "nvim_buf_changedtick_event", [1, 6]])  # known already
        self.assertEqual(h.drain(0.3), [])
        h.finish()

    def test_lint_notification_with_token(self):
        """Item 6: bulletin_lint as a notification pushes with lint_token;
        a request lints once: its result and the push are the same."""
        h = self.start()
        h.attach(1, ["1. A STORY", "", "[REPROT]", "text"])
        h.lines_event(1, 2, 0, 0, ["[Reprot]"])  # unsaved: lint sees it
        h.notify("bulletin_lint", 1, 77)
        p = h.push()
        if "lint_token" not in p:
            # the edit's own push, when the helper read the lines event
            # apart from the notification (a race of the test's two writes)
            self.assertEqual(p["tick"], 2)
            self.assertNotIn("diagnostics", p)
            p = h.push()
        self.assertEqual(p["lint_token"], 77)
        self.assertEqual(p["tick"], 2)
        self.assertEqual([d["lnum"] for d in p["diagnostics"] if d["code"] == "unknown-tag"],
                         [0, 3])
        h.notify("bulletin_lint", 1, "tok-1")
        self.assertEqual(h.push()["lint_token"], "tok-1")
        for params in ([1], [1, None]):  # no token
            h.notify("bulletin_lint", *params)
            p = h.push()
            self.assertIn("diagnostics", p)
            self.assertNotIn("lint_token", p)
        diags = h.call("bulletin_lint", 1)
        self.assertEqual(h.push()["diagnostics"], diags)
        err, _ = h.request("bulletin_lint", 1, [1])
        self.assertEqual(err, [0, "bulletin: bulletin_lint: param 2 must be a token"])
        h.finish()

    def test_lint_token_at_its_cap(self):
        """A token of the cap's 256 bytes (str or bin) and the widest
        integers come back whole in the push; 257 bytes are refused. The
        packed token lives in a stack buffer sized from that cap."""
        h = self.start()
        h.attach(1, ["1. A STORY", "", "[REPROT]", "text"])
        for tok in ("\u00e9" * 128, b"\xff" * 256, 2 ** 64 - 1, -2 ** 63):
            h.call("bulletin_lint", 1, tok)
            self.assertEqual(h.push()["lint_token"], tok)
        for tok in ("x" * 257, b"\x00" * 257):
            err, _ = h.request("bulletin_lint", 1, tok)
            self.assertEqual(err, [0, "bulletin: bulletin_lint: param 2 must be a token"])
        self.assertEqual(h.call("bulletin_version")["protocol"], PROTOCOL)
        h.finish()

    def test_refresh_pushes_the_whole_state(self):
        """Item 7: bulletin_refresh [buf]: splice over every line, folds,
        hl and outline whole, the kept diagnostics."""
        lines = fixture_lines()
        h = self.start()
        first = h.attach(1, lines)
        h.notify("bulletin_refresh", 1)
        p = h.push()
        n = len(lines)
        self.assertEqual(p["splice"], [0, n, n])
        self.assertEqual(p["folds"], first["folds"])
        self.assertEqual(p["hl"], first["hl"])
        self.assertEqual(p["outline"], first["outline"])
        self.assertNotIn("diagnostics", p)
        diags = h.call("bulletin_lint", 1)
        h.push()
        # composed with the pending edit: one write, so that the helper
        # reads both before it pushes (two writes raced on a busy machine)
        h.send([2, "nvim_buf_lines_event", [1, 2, 0, 0, ["x"], False]],
               [2, "bulletin_refresh", [1]])
        p = h.push()
        self.assertEqual(p["splice"], [0, n, n + 1])
        self.assertEqual(p["folds"][0], 0)
        self.assertEqual(len(p["folds"][1]), n + 1)
        self.assertIn("outline", p)
        self.assertEqual(p["diagnostics"],
                         [shifted(d, 1) for d in diags])
        h.finish()

    def test_reload_rereads_bulletinrc(self):
        """Item 8: reload = true re-reads the same path's .bulletinrc; a bad
        one is named once."""
        h = self.start()
        with tempfile.TemporaryDirectory() as d:
            rc = os.path.join(d, ".bulletinrc")
            path = os.path.join(d, "a.txt")
            with open(rc, "w") as f:
                f.write("lead = [Opening]\n")
            h.attach(1, ["[Opening]", "x", "[Later]", "y"], opts={"path": path})
            tags = lambda: [i.get("tag") for i in h.call("bulletin_outline", 1)["items"]]
            self.assertEqual(tags(), [None, "[Opening]"])
            with open(rc, "w") as f:
                f.write("lead = [Opening]\nreport = [Later]\n")
            h.call("bulletin_attach", 1, {"path": path})  # same path: no re-read
            self.assertEqual(tags(), [None, "[Opening]"])
            h.notify("bulletin_attach", 1, {"path": path, "reload": True})
            p = h.push()
            self.assertEqual(p["splice"], [0, 4, 4])
            self.assertIn("outline", p)
            self.assertEqual(tags(), [None, "[Opening]", "[Later]"])
            with open(rc, "w") as f:
                f.write("this line is not valid\n")
            h.notify("bulletin_attach", 1, {"path": path, "reload": True})
            err = h.push()["error"]
            self.assertEqual(err.count(rc), 1, err)
            self.assertTrue(err.startswith("bulletin: " + rc + ":1: "), err)
        h.finish()

    def differential_run(self, seed, nedits):
        rng = random.Random(1000 + seed)
        lines = fixture_lines()
        h = self.start()
        model = Model()
        model.apply(h.attach(1, lines))
        ref = list(lines)
        tick = 1
        done = 0
        compared = 0
        while done < nedits:
            msgs = []
            for _ in range(rng.randrange(1, 6)):
                a = rng.randrange(len(ref) + 1)
                b = min(len(ref), a + rng.randrange(4))
                new = [rng.choice(QUOTE_SNIPPETS) for _ in range(rng.randrange(4))]
                if rng.random() < 0.3 and a < len(ref):  # an in-line edit
                    quoted = [i for i, l in enumerate(ref) if '"' in l]
                    if quoted and rng.random() < 0.5:
                        a = rng.choice(quoted)
                    b = a + 1
                    col = rng.randrange(len(ref[a]) + 1)
                    new = [ref[a][:col] + rng.choice([" ", "x", '"', ": ", "/ "]) + ref[a][col:]]
                if a == b and not new:
                    new = [""]
                ref[a:b] = new
                tick += 1
                done += 1
                msgs.append([2, "nvim_buf_lines_event", [1, tick, a, b, new, False]])
            h.send(*msgs)
            while True:
                p = h.push()
                model.apply(p)
                if p["tick"] == tick:
                    break
            self.assertEqual(model.n, len(ref))
            folds = h.call("bulletin_folds", 1)
            self.assertEqual(model.folds, folds, "seed %d after %d edits" % (seed, done))
            self.assertEqual(model.hl, spans_by_line(h.call("bulletin_spans", 1, 0, -1), len(ref)))
            outline = h.call("bulletin_outline", 1)
            self.assertEqual(model.outline, outline, "seed %d after %d edits" % (seed, done))
            # A CR inside a line (an in-line edit after "...CR\r") stays in
            # the buffer's line, while the CLI reading a file ends a line
            # there (BULLETIN-FORMAT.md §7.1): the two number lines apart
            # from then on, so the CLI is no reference for that text.
            if not any("\r" in l[:-1] for l in ref):
                check_rpc_outline(self, ref, outline)
                check_fold_values(self, ref, folds, outline)
                compared += 1
        self.assertGreater(compared, 0, "seed %d: no state compared with the CLI" % seed)
        h.finish()


def big_bulletin(n):
    """A bulletin of n lines: the sample's stories repeated, renumbered
    (as bench/bench_nvim.sh generates it)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "samples", "news-today.bulletin"), encoding="utf-8") as f:
        sample = f.read().split("\n")
    out, k = [" date 2025-06-11 News Today", ""], 1
    while len(out) < n:
        out += ["%d. Story Number %d Of The Day" % (k, k), ""]
        out += sample[5:21][:max(0, n - len(out))]
        k += 1
    return out[:n]


class TestPieces(HelperTest):
    """A big push goes out in pieces (PROTOCOL.md "partial"): each small,
    all but the last partial; applied in order they give the whole state."""

    def check_pieces(self, h, pieces, model):
        for q in pieces[:-1]:
            self.assertIs(q["partial"], True)
        self.assertNotIn("partial", pieces[-1])
        for q in pieces:
            if "folds" in q:
                self.assertLessEqual(len(q["folds"][1]), 4096)
            sp = q.get("outline_splice") or q.get("outline") or {"items": []}
            self.assertLessEqual(len(sp["items"]), 1024)
            model.apply(q)
        buf = pieces[0]["buf"]
        self.assertEqual(model.folds, h.call("bulletin_folds", buf))
        self.assertEqual(model.hl, spans_by_line(h.call("bulletin_spans", buf, 0, -1), model.n))
        self.assertEqual(model.outline, h.call("bulletin_outline", buf))

    def test_first_push_refresh_and_rebuild_in_pieces(self):
        lines = big_bulletin(30000)
        h = self.start()
        h.notify("bulletin_attach", 1)
        req = h.attach_request(1)
        h.send([2, "nvim_buf_lines_event", [1, 1, 0, -1, lines, False]], [1, req[1], None, True])
        model = Model()
        pieces = h.pieces()
        self.assertGreaterEqual(len(pieces), 8)
        self.assertEqual(pieces[0]["splice"], [0, 0, 30000])
        self.assertIn("outline", pieces[0])
        self.check_pieces(h, pieces, model)
        REPORT.append("30,000-line first push: %d pieces" % len(pieces))
        h.notify("bulletin_refresh", 1)
        pieces = h.pieces()
        self.assertEqual(pieces[0]["splice"], [0, 30000, 30000])
        self.check_pieces(h, pieces, model)
        h.call("bulletin_lint", 1)  # the kept diagnostics go with the last piece
        h.push()
        h.call("bulletin_config", {"vocab": {"lead": ["[Top]"]}})
        pieces = h.pieces()
        self.assertGreaterEqual(len(pieces), 8)
        self.check_pieces(h, pieces, model)
        h.finish()

    def first_piece(self, n):
        """A helper given buffer 1 of n lines (big_bulletin): it, the lines
        and [the first piece of their push], which is partial."""
        lines = big_bulletin(n)
        h = self.start()
        h.notify("bulletin_attach", 1)
        req = h.attach_request(1)
        h.send([2, "nvim_buf_lines_event", [1, 1, 0, -1, lines, False]], [1, req[1], None, True])
        got = [h.piece()]
        self.assertIs(got[0]["partial"], True)
        return h, lines, got

    def test_pieces_wait_for_bulletin_more(self):
        """After a partial piece the helper sends nothing more of the
        pushes until the plugin's bulletin_more (so Neovim handles one
        piece per main-loop turn); requests are answered meanwhile."""
        h, lines, got = self.first_piece(12000)
        h.lines_event(1, 2, 0, 0, ["[LEAD]"])  # its push waits behind the pieces
        self.assertEqual(len(h.call("bulletin_folds", 1)), 12001)
        self.assertEqual([m for m in h.drain(0.3) if m[0] == 2], [])
        while got[-1].get("partial"):
            h.notify("bulletin_more", 1)
            got.append(h.piece())
        self.assertGreaterEqual(len(got), 3)
        self.assertEqual({q["tick"] for q in got}, {1})
        self.assertEqual(h.push()["tick"], 2)  # then the edit's push
        err, _ = h.request("bulletin_more", "x")
        self.assertEqual(err, [0, "bulletin: bulletin_more: param 1 must be a buffer"])
        h.finish()

    def test_forgotten_while_its_pieces_are_packed(self):
        """The helper sends a big push's first piece as soon as it is packed
        and packs the others between loop turns (core/rpc/rpc.c
        bl_rpc_step); a message waits until they are all packed. The
        plugin forgets the buffer right after the first piece: the rest of
        that push still comes whole, from the text it was derived from, and
        the helper goes on serving another buffer."""
        h, lines, got = self.first_piece(30000)
        self.assertTrue(h.call("bulletin_detach", 1))
        while got[-1].get("partial"):
            h.notify("bulletin_more", 1)
            got.append(h.piece(buf=1))
        self.assertGreaterEqual(len(got), 8)
        self.assertEqual({q["tick"] for q in got}, {1})
        model = Model()
        for q in got:
            model.apply(q)
        self.assertEqual(model.n, 30000)
        meta, items = cli_outline(lines)
        self.assertEqual(len(model.outline["items"]), len(items))
        self.assertEqual([(i["kind"], i["line"], i["end_line"]) for i in model.outline["items"]],
                         [(i["kind"], i["line"], i["end_line"]) for i in items])
        self.assertIn("total", got[-1])  # the read times ride on the last piece
        self.assertEqual(h.request("bulletin_outline", 1)[0],
                         [0, "bulletin: buffer 1 is not attached"])
        self.assertEqual(h.attach(2, ["[LEAD]", "x"])["n"], 2)
        h.finish()

    def test_big_paste_in_pieces(self):
        """A paste of 20,000 lines: the outline as an outline_splice in
        pieces (the head replaces and shifts, the others append)."""
        lines = fixture_lines()
        h = self.start()
        model = Model()
        model.apply(h.attach(1, lines))
        h.lines_event(1, 2, 3, 4, big_bulletin(20000))
        pieces = h.pieces()
        self.assertGreaterEqual(len(pieces), 5)
        self.assertIn("outline_splice", pieces[0])
        self.check_pieces(h, pieces, model)
        h.finish()

    def test_edits_arriving_mid_pieces(self):
        """Edits sent right behind the whole buffer, and while the pieces are
        on their way: every push's pieces, applied in order, give the
        state of the last edit."""
        lines = big_bulletin(25000)
        h = self.start()
        h.notify("bulletin_attach", 1)
        req = h.attach_request(1)
        h.send([2, "nvim_buf_lines_event", [1, 1, 0, -1, lines, False]], [1, req[1], None, True],
               [2, "nvim_buf_lines_event", [1, 2, 100, 100, ["[REPORT]", "x"], False]])
        model = Model()
        first = h.pieces()
        self.assertGreater(len(first), 1)
        for q in first:
            model.apply(q)
        h.lines_event(1, 3, 7, 9000, ["1. NEW STORY"])
        h.lines_event(1, 4, 0, 0, ["[LEAD]"])
        tick = first[0]["tick"]
        while tick != 4:
            pieces = h.pieces()
            tick = pieces[0]["tick"]
            for q in pieces:
                model.apply(q)
        self.assertEqual(model.n, 25000 + 2 - (9000 - 7) + 1 + 1)
        self.assertEqual(model.folds, h.call("bulletin_folds", 1))
        self.assertEqual(model.hl, spans_by_line(h.call("bulletin_spans", 1, 0, -1), model.n))
        self.assertEqual(model.outline, h.call("bulletin_outline", 1))
        h.finish()


class TestFetch(HelperTest):
    """bulletin_attach with fetch = true: nvim_buf_attach without the
    buffer, then its lines by nvim_buf_get_lines, 4,096 at a time
    (PROTOCOL.md "Fetching big buffers in slices"). The test plays Neovim."""

    def fetch_request(self, h, buf=1):
        return h.next(lambda m: m[0] == 0 and m[3][0] == buf and m[2] in (
            "nvim_buf_get_changedtick", "nvim_buf_get_lines"))

    def start_fetch(self, h, buf=1):
        h.notify("bulletin_attach", buf, {"fetch": True})
        req = h.attach_request(buf)
        self.assertEqual(req[3], [buf, False, {}])
        h.send([1, req[1], None, True])

    def serve(self, h, lines, tick, buf=1):
        """Answers the helper's requests in order, as Neovim does, from
        `lines`, until the short slice of a fetch from line 0 was answered.
        A fetch begins with nvim_buf_get_changedtick; the slices a spoiled
        fetch asked for ahead are answered too (the helper ignores them).
        Returns the first lines of the slices of the last fetch."""
        firsts = []
        while True:
            m = self.fetch_request(h, buf)
            if m[2] == "nvim_buf_get_changedtick":
                h.send([1, m[1], None, tick])
                firsts = []
                continue
            _, a, b, strict = m[3]
            self.assertEqual((b - a, strict), (4096, False))
            firsts.append(a)
            chunk = lines[a:b]
            h.send([1, m[1], None, chunk])
            if len(chunk) < 4096 and firsts[0] == 0:
                return firsts

    def same_as_cli(self, h, p, lines, buf=1):
        model = Model()
        model.apply(p)
        self.assertEqual(model.n, len(lines))
        self.assertEqual(model.folds, h.call("bulletin_folds", buf))
        self.assertEqual(model.hl, spans_by_line(h.call("bulletin_spans", buf, 0, -1), model.n))
        self.assertEqual(model.outline, h.call("bulletin_outline", buf))
        check_rpc_outline(self, lines, model.outline)

    def test_fetch_in_slices(self):
        lines = big_bulletin(10000)
        h = self.start()
        self.start_fetch(h)
        self.assertEqual(self.serve(h, lines, 7), [0, 4096, 8192])
        p = h.push()
        self.assertEqual((p["tick"], p["n"], p["splice"]), (7, 10000, [0, 0, 10000]))
        self.same_as_cli(h, p, lines)
        # then edits arrive as lines events, as after a whole-buffer attach
        h.lines_event(1, 8, 0, 0, ["[LEAD]"])
        self.assertEqual(h.push()["splice"], [0, 0, 1])
        # a buffer of exactly 4,096 lines: one more (empty) slice ends it
        h.notify("bulletin_attach", 2, {"fetch": True})
        h.send([1, h.attach_request(2)[1], None, True])
        self.assertEqual(self.serve(h, lines[:4096], 3, buf=2), [0, 4096])
        self.assertEqual(h.push(buf=2)["n"], 4096)
        h.finish()

    def test_fetch_asks_two_slices_ahead(self):
        """The next slice is asked for before the one before it is
        answered (Neovim answers it while the helper takes in the last),
        and never more than two are pending."""
        lines = big_bulletin(20000)
        h = self.start()
        self.start_fetch(h)
        reqs = [self.fetch_request(h) for _ in range(3)]
        self.assertEqual([(m[2], m[3][1:2]) for m in reqs],
                         [("nvim_buf_get_changedtick", []), ("nvim_buf_get_lines", [0]),
                          ("nvim_buf_get_lines", [4096])])
        self.assertEqual([m for m in h.drain(0.3) if m[0] == 0], [])
        h.send([1, reqs[0][1], None, 4], [1, reqs[1][1], None, lines[0:4096]])
        m = self.fetch_request(h)
        self.assertEqual(m[3][1], 8192)  # the answer to 0 asks for 8192
        self.assertEqual([m for m in h.drain(0.3) if m[0] == 0], [])
        h.send([1, reqs[2][1], None, lines[4096:8192]], [1, m[1], None, lines[8192:12288]])
        more = [self.fetch_request(h) for _ in range(2)]
        self.assertEqual([m[3][1] for m in more], [12288, 16384])
        self.assertEqual([m for m in h.drain(0.3) if m[0] == 0], [])
        h.send([1, more[0][1], None, lines[12288:16384]],
               [1, more[1][1], None, lines[16384:20480]])  # short: the last
        p = h.push()
        self.assertEqual((p["tick"], p["n"], p["splice"]), (4, 20000, [0, 0, 20000]))
        self.same_as_cli(h, p, lines)
        h.finish()

    def test_fetched_line_with_newline_takes_the_whole_buffer(self):
        """Neovim's API never sends "\n" inside a line (a NUL byte is
        "\0"); a slice that does is out of sync: the whole-buffer attach."""
        lines = big_bulletin(3000)
        h = self.start()
        self.start_fetch(h)
        m = self.fetch_request(h)
        h.send([1, m[1], None, 5])
        m = self.fetch_request(h)
        bad = list(lines[0:3000])
        bad[7] = "two\nlines"
        h.send([1, m[1], None, bad])
        det = h.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_detach")
        req = h.attach_request(1)
        self.assertEqual(req[3], [1, True, {}])
        h.send([1, det[1], None, True], [2, "nvim_buf_lines_event", [1, 5, 0, -1, lines, False]],
               [1, req[1], None, True])
        p = h.push()
        self.assertEqual((p["tick"], p["n"]), (5, 3000))
        self.same_as_cli(h, p, lines)
        h.finish()

    def test_edit_during_fetch_starts_it_again(self):
        lines = big_bulletin(10000)
        h = self.start()
        self.start_fetch(h)
        m = self.fetch_request(h)
        h.send([1, m[1], None, 5])  # the changedtick
        m = self.fetch_request(h)
        h.send([1, m[1], None, lines[0:4096]])
        m = self.fetch_request(h)
        self.assertEqual(m[3][1], 4096)
        # an edit between two requests: its event comes before the answer
        lines[9000:9001] = ["[REPORT]", "Inserted."]
        h.lines_event(1, 6, 9000, 9001, ["[REPORT]", "Inserted."])
        h.send([1, m[1], None, lines[4096:8192]])
        self.assertEqual(self.serve(h, lines, 6), [0, 4096, 8192])  # from the start
        p = h.push()
        self.assertEqual((p["tick"], p["n"]), (6, 10001))
        self.same_as_cli(h, p, lines)
        h.finish()

    def test_fetch_gives_up_after_three_tries(self):
        """Edited during every fetch: the whole-buffer attach instead."""
        lines = big_bulletin(6000)
        h = self.start()
        self.start_fetch(h)
        tick = 5
        for _ in range(4):
            m = self.fetch_request(h)
            while m[2] != "nvim_buf_get_changedtick":
                # a slice the spoiled fetch asked for ahead: answered, ignored
                self.assertGreater(m[3][1], 0)
                h.send([1, m[1], None, lines[m[3][1]:m[3][2]]])
                m = self.fetch_request(h)
            h.send([1, m[1], None, tick])
            m = self.fetch_request(h)
            self.assertEqual(m[3][1], 0)
            tick += 1
            lines[0:0] = ["x"]
            h.lines_event(1, tick, 0, 0, ["x"])
            h.send([1, m[1], None, lines[0:4096]])
        det = h.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_detach")
        self.assertEqual(det[3], [1])
        req = h.attach_request(1)
        self.assertEqual(req[3], [1, True, {}])
        h.send([1, det[1], None, True], [2, "nvim_buf_detach_event", [1]],
               [2, "nvim_buf_lines_event", [1, tick, 0, -1, lines, False]], [1, req[1], None, True])
        p = h.push()
        self.assertEqual((p["tick"], p["n"]), (tick, 6004))
        self.same_as_cli(h, p, lines)
        h.finish()

    def test_detach_during_fetch_attaches_again(self):
        """:edit! while fetching: Neovim detaches; the helper attaches
        again (without the buffer) and fetches the new text."""
        lines = big_bulletin(6000)
        h = self.start()
        self.start_fetch(h)
        m = self.fetch_request(h)
        h.send([1, m[1], None, 5])
        m = self.fetch_request(h)
        h.send([2, "nvim_buf_detach_event", [1]], [1, m[1], None, lines[0:4096]])
        req = h.attach_request(1)
        self.assertEqual(req[3], [1, False, {}])
        h.send([1, req[1], None, True])
        new = lines[:3000]
        self.assertEqual(self.serve(h, new, 9), [0])
        p = h.push()
        self.assertEqual((p["tick"], p["n"]), (9, 3000))
        self.same_as_cli(h, p, new)
        h.finish()

    def test_fetch_over_the_line_cap_refuses(self):
        h = self.start()
        self.start_fetch(h)
        m = self.fetch_request(h)
        h.send([1, m[1], None, 5])
        chunk = [""] * 4096
        while True:
            m = self.fetch_request(h)
            h.send([1, m[1], None, chunk])
            if m[3][1] + 4096 > 1000000:
                break
        p = h.push(timeout=30)
        self.assertIs(p["refused"], True)
        self.assertIn("has more than 1000000 lines", p["error"])
        h.finish()


class TestLimits(HelperTest):
    """Item 9: one buffer over the helper's limits is refused alone."""

    def refused(self, h, buf, what):
        p = h.push(buf=buf, timeout=30)
        self.assertEqual(set(p), {"buf", "refused", "error"})
        self.assertIs(p["refused"], True)
        self.assertIn(what, p["error"])
        self.assertIn("buffer %d" % buf, p["error"])
        self.assertIsNotNone(h.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_detach"
                                    and m[3] == [buf]))

    def still_serves(self, h, buf, tick):
        h.lines_event(buf, tick, 0, 0, ["[LEAD]"])
        p = h.push(buf=buf)
        self.assertEqual(p["splice"], [0, 0, 1])
        self.assertIn("[LEAD]", [it.get("tag") for it in h.call("bulletin_outline", buf)["items"]])

    def test_two_million_empty_lines(self):
        """Issue 7 defect 7: killed the helper (exit 2) before."""
        h = self.start(measure=True)
        h.attach(1, ["x", "y"])
        h.attach(2, ["a"])
        h.lines_event(2, 5, 0, -1, [""] * 2000000)
        self.refused(h, 2, "has more than 1000000 lines (the helper's limit)")
        self.still_serves(h, 1, 2)
        # Events still in flight for the refused buffer are ignored.
        h.lines_event(2, 6, 0, 0, ["late"])
        err, _ = h.request("bulletin_outline", 2)
        self.assertEqual(err, [0, "bulletin: buffer 2 is not attached"])
        # Attached again (:edit, :BulletinRestart), it is served.
        h.attach(2, ["[LEAD]", "z"], tick=9)
        h.finish()
        REPORT.append("2,000,000 empty lines refused for one buffer: peak RSS %.1f MiB"
                      % (h.peak_kib / 1024))
        self.assertLess(h.peak_kib, 32 * 1024)

    def test_lines_over_the_cap_in_a_small_frame(self):
        """Edits that grow a buffer past the cap refuse it, others go on."""
        h = self.start(measure=True)
        h.attach(1, ["x"])
        h.attach(2, ["line"] * 600000)
        h.lines_event(2, 3, 0, 0, ["more"] * 400000)  # exactly the cap: served
        self.assertEqual(h.push(buf=2, timeout=30)["n"], 1000000)
        h.lines_event(2, 4, 0, 0, ["one too many"])
        self.refused(h, 2, "has more than 1000000 lines")
        self.still_serves(h, 1, 2)
        h.finish()
        REPORT.append("1,000,000-line buffer served, then refused at 1,000,001: peak RSS %.1f MiB"
                      % (h.peak_kib / 1024))
        # 5 MB of text in 1,000,000 lines: the line table (32 bytes a line),
        # the text and one frame's msgpack objects at a time, about 70 bytes
        # a line in all (68.6 MiB measured); 100 bytes a line is the bound.
        self.assertLess(h.peak_kib, 1000000 * 100 // 1024)

    def test_change_over_64_mib(self):
        """A frame over the size cap is skipped while streaming."""
        h = self.start(measure=True)
        h.attach(1, ["x"])
        h.attach(2, ["a"])
        big = "y" * (65 * MIB)
        h.send_raw(msgpack.packb([2, "nvim_buf_lines_event", [2, 7, 0, 1, [big], False]]))
        self.refused(h, 2, "more than 64 MiB (the helper's limit)")
        self.still_serves(h, 1, 2)
        h.finish()
        REPORT.append("65 MiB change skipped while streaming: peak RSS %.1f MiB"
                      % (h.peak_kib / 1024))
        self.assertLess(h.peak_kib, 32 * 1024)

    def test_buffer_as_ext_in_a_frame_too_big(self):
        h = self.start()
        h.attach(3, ["a"])
        ext = msgpack.ExtType(0, msgpack.packb(3))
        h.send([2, "nvim_buf_lines_event", [ext, 2, 0, -1, [""] * 1000001, False]])
        self.refused(h, 3, "has more than 1000000 lines")
        h.finish()


class TestInvalidRpc(HelperTest):
    """Well-formed msgpack that is not RPC: error if it has an id, go on."""

    def test_shapes(self):
        h = self.start()
        h.send(42, "text", [], [0], [3, 1, 2], [0, 1, "x"], {"a": 1}, [2, 5, []],
               [2, "bulletin_version"], [1, 999, None, None])
        h.send([0, 7, 5, []])
        self.assertEqual(h.next(lambda m: m[0] == 1)[:3],
                         [1, 7, [0, "bulletin: invalid request: method must be a string"]])
        h.send([0, 8, "bulletin_version", {}])
        self.assertEqual(h.next(lambda m: m[0] == 1)[:3],
                         [1, 8, [0, "bulletin: invalid request: params must be an array"]])
        h.send([0, -1, "bulletin_version", []], [0, 2 ** 40, "bulletin_version", []])
        self.assertEqual(h.call("bulletin_version")["protocol"], PROTOCOL)
        self.assertEqual(h.drain(), [])
        h.send([[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]])  # depth 16: valid msgpack, not RPC
        self.assertEqual(h.call("bulletin_version")["protocol"], PROTOCOL)
        h.finish()

    def test_malformed_event_params(self):
        h = self.start()
        h.attach(1, ["a"])
        folds = h.call("bulletin_folds", 1)
        h.send([2, "nvim_buf_lines_event", [1]], [2, "nvim_buf_lines_event", []],
               [2, "nvim_buf_changedtick_event", ["x"]], [2, "nvim_buf_detach_event", []],
               [2, "nvim_error_event", [0, "boom"]])
        self.assertEqual(h.call("bulletin_folds", 1), folds)
        h.finish()


class TestRobustness(HelperTest):
    def fatal(self, data, expect):
        h = self.start(measure=True)
        t0 = time.monotonic()
        try:
            h.send_raw(data)
        except BrokenPipeError:
            pass  # the helper stopped reading at the bad header
        m = h.next(lambda m: m[0] == 2)
        self.assertEqual(m[1], "nvim_exec_lua")
        self.assertEqual(m[2][0], ERROR)
        self.assertIn(expect, m[2][1][0])
        self.assertEqual(h.wait(), 2)
        assert_only_msgpack(bytes(h.raw))
        rss = h.peak_kib
        REPORT.append("%-28s exit 2 in %.0f ms, peak RSS %.1f MiB"
                      % (self._testMethodName, (time.monotonic() - t0) * 1000, rss / 1024))
        self.assertLess(rss, 64 * 1024, "peak RSS %d KiB" % rss)
        return h

    # Protocol 2 (item 9): a well-formed message that is merely too big is
    # skipped while streaming (never buffered whole); only malformed msgpack
    # is fatal. These were fatal in protocol 1.
    def too_big(self, data, expect, rest=None):
        """Sends data (the head of a frame too big); the helper must stay up,
        log expect, keep no more than a few MiB, and, once rest completes
        the frame, answer the next request."""
        h = self.start(measure=True, env={"BULLETIN_LOG": "warn"})
        h.send_raw(data)
        if rest is not None:
            for i in range(0, len(rest), 4 * MIB):
                h.send_raw(rest[i:i + 4 * MIB])
            self.assertEqual(h.call("bulletin_version")["protocol"], PROTOCOL)
        else:
            time.sleep(0.3)
            self.assertIsNone(h.proc.poll(), "the helper exited")
        self.assertEqual([m for m in h.drain(0.1) if m[0] == 2], [])  # no _on_error
        h.close_stdin()
        self.assertEqual(h.wait(), 0)
        assert_only_msgpack(bytes(h.raw))
        self.assertIn(expect, h.stderr)
        REPORT.append("%-34s skipped, peak RSS %.1f MiB"
                      % (self._testMethodName, h.peak_kib / 1024))
        self.assertLess(h.peak_kib, 32 * 1024, "peak RSS %d KiB" % h.peak_kib)
        return h

    def test_array32_huge_count(self):
        self.too_big(b"\xdd\xff\xff\xff\xff", "count 4294967295 larger than the bytes")

    def test_map32_and_str32_huge(self):
        self.too_big(b"\x94\x00\x01\xb0bulletin_version\xdf\x7f\xff\xff\xff", "count")

    def test_request_too_big_gets_an_error(self):
        h = self.start()
        h.send_raw(b"\x94\x00\x07\xb0bulletin_version\xdf\x7f\xff\xff\xff")
        m = h.next(lambda m: m[0] == 1)
        self.assertEqual(m[1], 7)
        self.assertIn("bulletin: message over the helper's limits skipped", m[2][1])
        h.close_stdin()
        self.assertEqual(h.wait(), 0)

    def test_str32_over_cap(self):
        n = 64 * MIB + 1
        self.too_big(b"\xdb" + n.to_bytes(4, "big"), "frame over", rest=b"x" * n)

    def test_bin_and_ext_over_cap(self):
        self.too_big(b"\x92\xc6\x10\x00\x00\x00", "frame over")

    def test_ext32_over_cap(self):
        self.too_big(b"\xc9\xff\xff\xff\xff\x00", "frame over")

    def test_array_count_over_remaining(self):
        # 2 elements pending, then an array claiming all of the cap.
        self.too_big(b"\x93\x00\x00" + b"\xdd" + (64 * MIB - 4).to_bytes(4, "big"), "count")

    def test_nesting_17(self):
        self.fatal(b"\x91" * 17 + b"\x00", "nesting deeper than 16")

    def test_nesting_empty_17(self):
        self.fatal(b"\x91" * 16 + b"\x90", "nesting deeper than 16")

    def test_frame_of_nils_over_decoding_budget(self):
        # 3.2M nils in arrays within the count cap would cost msgpack-c
        # 77 MiB of objects: skipped, never decoded.
        part = b"\xdd" + (800000).to_bytes(4, "big") + b"\xc0" * 800000
        self.too_big(b"\x94" + part, "over the decoding budget", rest=part * 3)

    def test_array_over_the_line_cap(self):
        n = 3 << 20
        self.too_big(b"\xdd" + n.to_bytes(4, "big"), "elements (cap 1000000)",
                     rest=b"\xc0" * n)

    def test_frame_of_nils_within_budget(self):
        h = self.start(measure=True)
        h.send_raw(b"\xdd\x00\x0f\x00\x00" + b"\xc0" * (15 << 16))  # 983040 nils
        self.assertEqual(h.call("bulletin_version")["protocol"], PROTOCOL)
        h.finish()
        REPORT.append("983040-nil frame (not RPC): decoded, ignored, peak RSS %.1f MiB"
                      % (h.peak_kib / 1024))
        self.assertLess(h.peak_kib, 64 * 1024)

    def test_never_used_byte(self):
        self.fatal(b"\x94\x00\x01\xc1", "invalid msgpack byte 0xc1")

    def test_after_valid_messages(self):
        h = self.fatal(msgpack.packb([0, 1, "bulletin_version", []]) + b"\x91" * 17 + b"\x00",
                       "nesting deeper than 16")
        self.assertEqual([m[:3] for m in h.inbox], [[1, 1, None]])  # answered first

    def test_large_claimed_count_waits_without_memory(self):
        # 50M elements fit under the cap: the helper waits for them, but
        # reserves nothing until they arrive.
        h = self.start()
        h.send_raw(b"\xdd\x02\xfa\xf0\x80" + b"\xc0" * 1000)
        time.sleep(0.3)
        self.assertIsNone(h.proc.poll(), "the helper exited")
        hwm = h.vmhwm_kib()
        REPORT.append("claimed 50M-element array: VmHWM %.1f MiB while waiting" % (hwm / 1024))
        self.assertLess(hwm, 64 * 1024)
        h.close_stdin()
        self.assertEqual(h.wait(), 0)

    def test_eof_mid_frame(self):
        h = self.start()
        h.send_raw(msgpack.packb([0, 1, "bulletin_version", []])[:-3])
        t0 = time.monotonic()
        h.close_stdin()
        self.assertEqual(h.wait(), 0)
        REPORT.append("EOF mid-frame: exit 0 in %.1f ms" % ((time.monotonic() - t0) * 1000))
        self.assertEqual(h.raw, b"")

    def test_frame_split_byte_by_byte(self):
        h = self.start()
        data = msgpack.packb([0, 5, "bulletin_version", []])
        for i in range(len(data)):
            h.send_raw(data[i:i + 1])
        err, res = h.next(lambda m: m[0] == 1)[2:]
        self.assertEqual(res["protocol"], PROTOCOL)
        h.finish()

    def test_huge_line_and_many_lines(self):
        h = self.start()
        big = "x" * (20 * MIB)
        p = h.attach(1, ["[LEAD]", big, "tail"])
        self.assertEqual(p["n"], 3)
        many = ["line %d" % i for i in range(200000)]
        h.lines_event(1, 5, 0, -1, many)
        self.assertEqual(h.push(timeout=30)["n"], 200000)
        self.assertEqual(len(h.call("bulletin_folds", 1)), 200000)
        h.finish()

    def test_invalid_utf8(self):
        h = self.start()
        raw = [b"[LEAD]", b"\xff\xfe bad \xc3", b"Caf\xc3\xa9 / R\xe9le", b"ok \xed\xa0\x80"]
        h.notify("bulletin_attach", 1)
        h.attach_request(1)
        # Neovim sends such lines as msgpack str (raw bytes); so do we.
        h.send_raw(msgpack.packb([2, "nvim_buf_lines_event", [1, 1, 0, -1, raw, False]],
                                 use_bin_type=False))
        p = h.push()
        self.assertEqual(p["n"], 4)
        h.call("bulletin_outline", 1)
        h.call("bulletin_spans", 1, 0, 4)
        h.call("bulletin_lint", 1)
        h.finish()

    def test_crlf_lines(self):
        h = self.start()
        lines = [l + "\r" for l in fixture_lines()]
        p = h.attach(1, lines)
        for item in p["outline"]["items"]:
            for v in item.values():
                if isinstance(v, str):
                    self.assertFalse(v.endswith("\r"), item)
        h.finish()


class TestProcess(HelperTest):
    def test_stdin_dev_null(self):
        with open(os.devnull, "rb") as f:
            h = self.start(stdin=f)
            self.assertEqual(h.wait(), 2)
        self.assertIn("stdin is a file or device", h.stderr)
        self.assertEqual(h.raw, b"")

    def test_stdin_regular_file(self):
        with tempfile.TemporaryFile() as f:
            f.write(msgpack.packb([0, 1, "bulletin_version", []]))
            f.seek(0)
            h = self.start(stdin=f)
            self.assertEqual(h.wait(), 2)
        self.assertIn("not a pipe", h.stderr)
        self.assertEqual(h.raw, b"")

    def test_usage(self):
        h = self.start(args=("--bogus",))
        self.assertEqual(h.wait(), 2)
        self.assertIn("unknown argument", h.stderr)

    def test_sigterm(self):
        h = self.start()
        h.attach(1, fixture_lines())
        t0 = time.monotonic()
        h.proc.send_signal(signal.SIGTERM)
        self.assertEqual(h.wait(), 0)
        REPORT.append("SIGTERM -> exit 0 in %.1f ms" % ((time.monotonic() - t0) * 1000))
        assert_only_msgpack(bytes(h.raw))

    def test_eof_exit_time(self):
        times = []
        for _ in range(5):
            h = self.start()
            h.attach(1, fixture_lines() * 200)
            h.lines_event(1, 2, 3, 4, ["edit"])
            t0 = time.monotonic()
            h.close_stdin()
            self.assertEqual(h.wait(timeout=2.0), 0)  # Neovim SIGKILLs after 2 s
            times.append((time.monotonic() - t0) * 1000)
            assert_only_msgpack(bytes(h.raw))
        REPORT.append("EOF -> exit 0: median %.1f ms, max %.1f ms (8k-line buffer)"
                      % (sorted(times)[2], max(times)))

    def test_pending_responses_flushed_at_eof(self):
        h = self.start()
        h.send(*[[0, i, "bulletin_version", []] for i in range(1, 2001)])
        h.close_stdin()
        self.assertEqual(h.wait(), 0)
        u = msgpack.Unpacker(raw=False)
        u.feed(bytes(h.raw))
        self.assertEqual([m[1] for m in u], list(range(1, 2001)))

    def test_logging_goes_to_stderr_or_file(self):
        h = self.start(env={"BULLETIN_LOG": "debug"})
        h.attach(1, ["[LEAD]"])
        h.request("bulletin_nope")
        h.finish()
        self.assertIn("unknown method bulletin_nope", h.stderr)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "log.txt")
            h = self.start(env={"BULLETIN_LOG": "info", "BULLETIN_LOG_FILE": path})
            h.finish()
            with open(path) as f:
                self.assertIn("EOF on stdin", f.read())
            self.assertNotIn("EOF on stdin", h.stderr)
        h = self.start()
        h.request("bulletin_nope")
        h.finish()
        self.assertEqual(h.stderr, "")  # off by default
        h = self.start(env={"BULLETIN_LOG": "loud"})
        h.finish()
        self.assertIn("BULLETIN_LOG=loud", h.stderr)

    def test_debug_logging_keeps_stdout_clean(self):
        # Every log line goes to stderr; stdout carries whole messages only.
        h = self.start(env={"BULLETIN_LOG": "debug"})
        h.call("bulletin_version")
        h.attach(1, fixture_lines())
        h.request("bulletin_nope")
        h.finish()
        self.assertIn("debug", h.stderr)

    @unittest.skipUnless(shutil.which("valgrind"), "valgrind not installed")
    def test_valgrind_eof_run_leak_free(self):
        lines = fixture_lines()
        env = dict(os.environ)
        env.pop("BULLETIN_LOG", None)
        proc = subprocess.Popen(
            ["valgrind", "--leak-check=full", "--error-exitcode=1", "--errors-for-leak-kinds=all",
             "--show-leak-kinds=all", "-q", BIN, "rpc"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        msgs = [[2, "bulletin_config", [{"vocab": {"lead": ["[Intro]"]}, "lint": "change"}]],
                [2, "bulletin_attach", [1, {"path": os.path.join(FIXTURES, "x.txt")}]],
                [2, "nvim_buf_lines_event", [1, 1, 0, -1, lines, False]],
                [1, 1, None, True],
                [2, "nvim_buf_lines_event", [1, 2, 3, 5, ["[LEAD]", "x", "y"], False]],
                [0, 10, "bulletin_outline", [1]], [0, 11, "bulletin_lint", [1]],
                [0, 12, "bulletin_spans", [1, 0, -1]], [0, 13, "bulletin_nope", []],
                [2, "bulletin_attach", [2]], [1, 2, [0, "no"], None],
                [2, "bulletin_attach", [3]], [0, 14, "bulletin_detach", [3]],
                [2, "nvim_buf_lines_event", [1, 2, 99, 100, [], False]]]
        t0 = time.monotonic()
        out, err = proc.communicate(b"".join(msgpack.packb(m) for m in msgs) + b"\x92\x01",
                                    timeout=120)
        REPORT.append("valgrind EOF run: exit %d in %.1f s" % (proc.returncode,
                                                             time.monotonic() - t0))
        self.assertEqual(proc.returncode, 0, err.decode()[-3000:])
        assert_only_msgpack(out)

    @unittest.skipUnless(shutil.which("valgrind"), "valgrind not installed")
    def test_valgrind_fatal_run_leak_free(self):
        proc = subprocess.run(
            ["valgrind", "--leak-check=full", "--error-exitcode=1", "--errors-for-leak-kinds=all",
             "-q", BIN, "rpc"], input=msgpack.packb([2, "bulletin_attach", [1]]) + b"\xc1",
            capture_output=True, timeout=120)
        self.assertEqual(proc.returncode, 2, proc.stderr.decode()[-3000:])


class TestRegressions(HelperTest):
    """Inputs found by fuzz_rpc (tests/fuzz/regressions/rpc-*) replayed
    through the real helper (their first byte is the harness's chunk size)."""

    def test_replay_fuzz_regressions(self):
        d = os.path.join(os.path.dirname(HERE), "fuzz", "regressions")
        files = sorted(os.listdir(d)) if os.path.isdir(d) else []
        for name in files:
            if not name.startswith("rpc-"):
                continue
            with open(os.path.join(d, name), "rb") as f:
                data = f.read()[1:]
            h = Helper()
            try:
                h.send_raw(data)
            except BrokenPipeError:
                pass
            h.close_stdin()
            st = h.wait()
            self.assertIn(st, (0, 2), name)
            assert_only_msgpack(bytes(h.raw))


class TestNeovim(unittest.TestCase):
    @unittest.skipUnless(shutil.which(os.environ.get("NVIM", "nvim")), "nvim not installed")
    def test_thousand_random_edits_in_real_neovim(self):
        seed = int(os.environ.get("BULLETIN_SEED", str(random.randrange(1 << 30))))
        nvim = os.environ.get("NVIM", "nvim")
        env = dict(os.environ, BULLETIN_BIN=os.path.abspath(BIN), BULLETIN_SEED=str(seed),
                   BULLETIN_FIXTURE=os.path.join(FIXTURES, "two-stories.txt"),
                   BULLETIN_EDITS=os.environ.get("BULLETIN_EDITS", "1000"))
        t0 = time.monotonic()
        proc = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
                               "-c", "luafile " + os.path.join(HERE, "nvim_edits.lua")],
                              env=env, capture_output=True, timeout=600)
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        print("\n[nvim] seed %d (BULLETIN_SEED=%d to replay), %.1f s" % (
            seed, seed, time.monotonic() - t0))
        print("\n".join("[nvim] " + l for l in out.strip().splitlines()[-8:]))
        REPORT.append("nvim: seed %d, %s" % (seed, [l for l in out.splitlines()
                                                    if l.startswith("OK")][-1:]))
        self.assertEqual(proc.returncode, 0, out[-4000:])
        self.assertIn("OK", out)


class TestNeovimLimits(unittest.TestCase):
    @unittest.skipUnless(shutil.which(os.environ.get("NVIM", "nvim")), "nvim not installed")
    def test_two_million_lines_refused_in_real_neovim(self):
        nvim = os.environ.get("NVIM", "nvim")
        env = dict(os.environ, BULLETIN_BIN=os.path.abspath(BIN))
        proc = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
                               "-c", "luafile " + os.path.join(HERE, "nvim_limits.lua")],
                              env=env, capture_output=True, timeout=300)
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        print("\n[nvim limits] " + out.strip()[-400:])
        self.assertEqual(proc.returncode, 0, out[-4000:])
        self.assertIn("OK refused", out)


def main():
    def set_bin(path):
        global BIN
        BIN = path
    return run_main(sys.modules[__name__], set_bin, REPORT)


if __name__ == "__main__":
    sys.exit(main())
