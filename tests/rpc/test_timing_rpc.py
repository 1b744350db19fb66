#!/usr/bin/python3
"""The read times in the helper's pushes (issue 10; PROTOCOL.md "Timing"),
driven over pipes by Debian's python3-msgpack (the Helper of test_rpc.py
plays Neovim). Every push that is ready carries `total` and `target`, and
`times` = [first, [seconds...]] for the items whose time changed since the
last push; applied to the pushed outline they must always equal what
`bulletin outline` (the CLI, a fresh count) says of the same text.

The seed's numbers are counted by hand in tests/cli/test_timing.py.

Run: /usr/bin/python3 tests/rpc/test_timing_rpc.py --bin build/bulletin
Prints "N passed, N failed" last; exits non-zero on failure.
"""

import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_rpc  # noqa: E402
from common import run_main  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = os.path.join(ROOT, "tests", "corpus", "data", "seed-news-today.txt")


def seed_lines():
    with open(SEED, encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def cli_seconds(lines):
    """Each item's seconds by the CLI (to the tenth), a fresh count."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    try:
        p = subprocess.run([test_rpc.BIN, "--no-config", "outline", f.name], capture_output=True)
        return [it["seconds"] for it in json.loads(p.stdout)["items"]]
    finally:
        os.unlink(f.name)


class Timed(test_rpc.Model):
    """The plugin's cache with the times applied, as bulletin/timing.lua does."""

    def apply(self, p):
        super().apply(p)
        if "total" in p:  # only when the timing changed (PROTOCOL.md)
            self.total, self.target = p["total"], p["target"]
        t = p.get("times")
        if t is not None:
            first, secs = t
            for i, s in enumerate(secs):
                self.outline["items"][first + i]["seconds"] = s

    def seconds(self):
        return [round(it.get("seconds", -1) + 1e-9, 1) for it in self.outline["items"]]


class TimingRpc(test_rpc.HelperTest):
    def test_seed_by_hand_in_the_first_push(self):
        h = self.start()
        m = Timed()
        m.apply(h.attach(1, seed_lines(), opts={"lint": "off"}))
        # story 98.5 s; lead 53 words / 3 = 17.667 s; report 193 / 3 + 20
        # and 24 words at 160 a minute = 64.333 + 7.5 + 9.0 = 80.833 s
        got = [it["seconds"] for it in m.outline["items"]]
        want = [98.5, 17.667, 80.833, 7.5, 9.0]
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertAlmostEqual(g, w, places=6)
        self.assertAlmostEqual(m.total, 98.5, places=6)
        self.assertIsNone(m.target)
        h.finish()

    def test_typing_sends_only_what_changed(self):
        lines = seed_lines()
        h = self.start()
        m = Timed()
        m.apply(h.attach(1, lines, opts={"lint": "off"}))
        # one word more in the report's line 9: report and story change
        h.lines_event(1, 2, 8, 9, [lines[8] + " again"])
        p = h.push()
        m.apply(p)
        self.assertNotIn("outline_splice", p)
        first, secs = p["times"]
        self.assertEqual((first, len(secs)), (0, 3))  # story, lead (unchanged), report
        # 194 narration words / 3 = 64.667 s, + 16.5 s of quotes
        self.assertAlmostEqual(m.outline["items"][2]["seconds"], 81.167, places=6)
        self.assertAlmostEqual(p["total"], 17.667 + 81.167, places=6)
        # an edit that changes no time: no timing keys at all
        h.lines_event(1, 3, 1, 2, [""])
        p = h.push()
        self.assertEqual(sorted(p), ["buf", "folds", "hl", "n", "splice", "tick"])
        h.finish()

    def test_target_from_config(self):
        h = self.start()
        self.assertTrue(h.call("bulletin_config", {"vocab": {"timing.target": ["1:30"],
                                                             "timing.wpm": ["120"]}}))
        m = Timed()
        m.apply(h.attach(1, seed_lines(), opts={"lint": "change"}))
        self.assertAlmostEqual(m.target, 90.0, places=6)
        # at 120 wpm: (53 + 193) / 2 + 16.5 = 139.5 s
        self.assertAlmostEqual(m.total, 139.5, places=6)
        codes = [d["code"] for d in h.call("bulletin_lint", 1)]
        self.assertIn("over-time", codes)
        # a refused value is told, and keeps the old configuration
        with self.assertRaisesRegex(AssertionError, "timing.wpm: expected a rate from 1 to 10000"):
            h.call("bulletin_config", {"vocab": {"timing.wpm": ["0"]}})
        h.lines_event(1, 2, 5, 6, ["Four more words here."])
        p = h.push()
        while p.get("tick") != 2:  # the refusal's own push (its error) first
            p = h.push()
        self.assertAlmostEqual(p["target"], 90.0, places=6)
        self.assertAlmostEqual(p["total"], 139.5 - 53 / 2 + 4 / 2, places=6)
        h.finish()

    def test_random_edits_match_a_fresh_count(self):
        pool = ["", "[LEAD]", "[REPORT]", "[REPORT] (1:45)", "Narration of the reporter here.",
                "Kim Min-su / Professor", "Kim Min-su / Professor (0:12)",
                "Both leaders agreed to work together.", "2. Another Story Title",
                "[Soundbite] Kim Min-su (Professor) : \"Yes, we did.\"", "One two three four."]
        for seed in range(3):
            with self.subTest(seed=seed):
                r = random.Random(seed)
                lines = seed_lines()
                h = self.start()
                m = Timed()
                m.apply(h.attach(1, lines, opts={"lint": "off"}))
                for step in range(60):
                    n = len(lines)
                    a = r.randint(0, n)
                    b = min(n, a + r.randint(0, 2))
                    new = [r.choice(pool) for _ in range(r.randint(0, 2))]
                    lines[a:b] = new
                    h.lines_event(1, step + 2, a, b, new)
                    m.apply(h.push())
                    self.assertEqual(m.seconds(), cli_seconds(lines), (seed, step))
                h.finish()


def main():
    def set_bin(path):
        test_rpc.BIN = path
    return run_main(sys.modules[__name__], set_bin)


if __name__ == "__main__":
    sys.exit(main())
