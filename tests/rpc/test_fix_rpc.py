#!/usr/bin/python3
"""Diagnostics carry their fixes over msgpack-RPC (issue 11, "Fixes";
PROTOCOL.md): each diagnostic's `fixes` are the edits `bulletin lint --fix`
makes (the same fix.c), computed from the buffer's lines as they are when
the diagnostics are sent, so a finding kept across an edit that changed
its line has none. Driven over pipes by Debian's python3-msgpack (the
Helper of test_rpc.py plays Neovim).

Run: /usr/bin/python3 tests/rpc/test_fix_rpc.py --bin build/bulletin
Prints "N passed, N failed" last; exits non-zero on failure.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_rpc  # noqa: E402
from common import run_main  # noqa: E402

LINES = ["Storm Hits Coast", "", "\u200b[lead]  ", "A storm hit the coast.", "",
         "[REPROT] Waves rose.", "facebook", "[Soundbite]: Kim Min-su (Resident) : \"Yes.\""]


def apply(lines, edits):
    """lines with edits (one fix's, in text order) applied last first, as
    nvim_buf_set_text() does."""
    text = [l.encode("utf-8") for l in lines]
    for e in reversed(edits):
        head = text[e["lnum"]][:e["col"]]
        tail = text[e["end_lnum"]][e["end_col"]:]
        new = (head + e["text"].encode("utf-8") + tail).split(b"\n")
        text[e["lnum"]:e["end_lnum"] + 1] = new
    return [l.decode("utf-8") for l in text]


class FixRpc(test_rpc.HelperTest):
    def fixes(self, diags, code, lnum):
        d = [d for d in diags if d["code"] == code and d["lnum"] == lnum]
        self.assertEqual(len(d), 1, diags)
        return d[0]["fixes"]

    def test_each_diagnostic_carries_its_fixes(self):
        h = self.start()
        h.attach(1, LINES)
        diags = h.call("bulletin_lint", 1)
        [inv] = self.fixes(diags, "invisible-char", 2)
        self.assertEqual(inv, {"title": "Delete the invisible U+200B before the tag",
                               "safe": True,
                               "edits": [{"lnum": 2, "col": 0, "end_lnum": 2, "end_col": 3,
                                          "text": ""},
                                         {"lnum": 2, "col": 9, "end_lnum": 2, "end_col": 11,
                                          "text": ""}]})
        [case] = self.fixes(diags, "unknown-tag", 2)
        self.assertEqual((case["title"], case["safe"]), ("Write [LEAD]", True))
        self.assertEqual(apply(LINES, case["edits"])[2], "\u200b[LEAD]")
        [typo] = self.fixes(diags, "unknown-tag", 5)
        self.assertEqual((typo["title"], typo["safe"]),
                         ("Replace with the nearest tag [REPORT]", False))
        self.assertEqual(apply(LINES, typo["edits"])[5], "[REPORT] Waves rose.")
        [chrome] = self.fixes(diags, "chrome", 6)
        self.assertFalse(chrome["safe"])
        self.assertEqual(apply(LINES, chrome["edits"]), LINES[:6] + LINES[7:])
        [colon] = self.fixes(diags, "malformed-tag", 7)
        self.assertTrue(colon["safe"])
        self.assertEqual(apply(LINES, colon["edits"])[7],
                         "[Soundbite] Kim Min-su (Resident) : \"Yes.\"")
        for d in diags:
            if d["code"] in ("missing-lead", "duplicate-section", "empty-section"):
                self.assertEqual(d["fixes"], [])
        self.assertEqual(h.push()["diagnostics"], diags, "the push carries them too")
        h.finish()

    def test_same_edits_as_the_cli(self):
        """Every safe fix applied gives the text `bulletin lint --fix` writes."""
        h = self.start()
        h.attach(1, LINES)
        lines = list(LINES)
        for _ in range(8):  # one fix per lint, as :BulletinFix does
            diags = h.call("bulletin_lint", 1)
            safe = [f for d in diags for f in d["fixes"] if f["safe"]]
            if not safe:
                break
            new = apply(lines, safe[0]["edits"])
            h.lines_event(1, 10 + _, 0, len(lines), new)
            lines = new
            h.push()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(LINES) + "\n")
            subprocess.run([test_rpc.BIN, "lint", "--fix", "--no-config", path],
                           capture_output=True, check=False)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read().split("\n")[:-1], lines)
        self.assertEqual(lines[2], "[LEAD]")
        h.finish()

    def test_kept_finding_on_a_changed_line_has_no_fix(self):
        h = self.start()
        h.attach(1, LINES)
        diags = h.call("bulletin_lint", 1)
        self.assertTrue(self.fixes(diags, "unknown-tag", 5))
        h.push()
        # lint "save": the diagnostics stay; the line no longer shows it.
        h.lines_event(1, 5, 5, 6, ["Waves rose."])
        h.lines_event(1, 6, 0, 0, [""])
        p = h.push()
        if "diagnostics" not in p:  # the helper read the two events apart
            p = h.push()
        self.assertEqual(self.fixes(p["diagnostics"], "unknown-tag", 6), [])
        self.assertTrue(self.fixes(p["diagnostics"], "chrome", 7), "moved, unchanged: kept")
        self.assertEqual(self.fixes(p["diagnostics"], "chrome", 7)[0]["edits"][0]["lnum"], 7)
        h.finish()


def main():
    def set_bin(path):
        test_rpc.BIN = path
    return run_main(sys.modules[__name__], set_bin)


if __name__ == "__main__":
    sys.exit(main())
