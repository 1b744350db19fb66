#!/usr/bin/python3
"""Dialects by configuration (BULLETIN-FORMAT.md §8) in `bulletin rpc`, the
Neovim helper, driven over pipes by Debian's python3-msgpack (the Helper
of test_rpc.py plays Neovim).

For each sample of dialects/ (mbc, sbs, ytn) its
configuration is the `.bulletinrc` beside the buffer's file: the helper's
outline must be the hand-checked expected outline, stay equal to a fresh
`bulletin outline` of the edited text through random line edits, and a
reload of a rewritten `.bulletinrc` must switch the dialect.

Run: /usr/bin/python3 tests/rpc/test_dialect_rpc.py --bin build/bulletin
Prints "N passed, N failed" last; exits non-zero on failure.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_rpc  # noqa: E402
from common import TmpDir, run_main  # noqa: E402  (Helper, without_quote_keys)

ROOT = os.path.dirname(os.path.dirname(HERE))
# The shipped configurations and their samples (dialects/), and the
# outlines they must give (tests/corpus/dialects/, checked by hand).
DIALECTS = os.path.join(ROOT, "dialects")
EXPECTED = os.path.join(ROOT, "tests", "corpus", "dialects")
SAMPLES = ["mbc", "sbs", "ytn", "ytn-unmarked"]


def expected(name):
    with open(os.path.join(EXPECTED, name + ".expected.json"), encoding="utf-8") as f:
        return json.load(f)


def sample_dir(tmp, name, rc_name=None):
    """A directory holding NAME.txt and its configuration as .bulletinrc."""
    want = expected(name)
    d = tempfile.mkdtemp(dir=tmp)
    shutil.copy(os.path.join(DIALECTS, rc_name or want["config"]),
                os.path.join(d, ".bulletinrc"))
    with open(os.path.join(DIALECTS, name + ".txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")[:-1]
    return d, lines


def cli_items(rc, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                     encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in lines))
        path = f.name
    try:
        out = subprocess.run([test_rpc.BIN, "--config", rc, "outline", "--format", "json",
                              path], capture_output=True, check=True).stdout
    finally:
        os.unlink(path)
    d = json.loads(out)
    for it in d["items"]:  # the read time (issue 10) is pushed apart
        it.pop("seconds")
    return d


class DialectRpc(TmpDir, test_rpc.HelperTest):
    TMP_PREFIX = "bl-dialect-rpc-"

    def test_samples_outline_exactly(self):
        h = self.start()
        for buf, name in enumerate(SAMPLES, 1):
            with self.subTest(sample=name):
                d, lines = sample_dir(self.tmp, name)
                h.attach(buf, lines, opts={"path": os.path.join(d, name + ".txt"),
                                           "lint": "off"})
                got = h.call("bulletin_outline", buf)
                self.assertEqual(test_rpc.without_quote_keys(got["items"]),
                                 expected(name)["items"])
                self.assertEqual(got["meta"], expected(name)["meta"])
        h.finish()

    def test_edits_follow_the_cli(self):
        """Random line edits with dialect lines: the helper's outline after
        each batch equals a fresh CLI parse with the same configuration."""
        snippets = ["[Kim Min-su/reporter]", "“A quote line.”", "◀ Report ▶", "",
                    "<Reporter Lee> Text.", "[Choi: words] more", "[Oh / Role: open",
                    "closing words]", "2024.10.28. PM 2:45", "<Anchor> Lead.", "Narration."]
        for name in ["mbc", "sbs", "ytn"]:
            with self.subTest(sample=name):
                h = self.start()
                d, lines = sample_dir(self.tmp, name)
                rc = os.path.join(d, ".bulletinrc")
                h.attach(1, list(lines), opts={"path": os.path.join(d, "doc.txt"),
                                                "lint": "off"})
                rng = random.Random(name)
                tick = 1
                for _ in range(40):
                    a = rng.randrange(len(lines) + 1)
                    b = min(len(lines), a + rng.randrange(3))
                    new = [rng.choice(snippets) for _ in range(rng.randrange(3))]
                    if a == b and not new:
                        new = ["x"]
                    tick += 1
                    lines[a:b] = new
                    h.lines_event(1, tick, a, b, new)
                    h.push()
                    got = h.call("bulletin_outline", 1)
                    self.assertEqual(test_rpc.without_quote_keys(got["items"]),
                                     cli_items(rc, lines)["items"], lines)
                h.finish()

    def test_reload_switches_dialect(self):
        h = self.start()
        d, lines = sample_dir(self.tmp, "sbs")
        path = os.path.join(d, "sbs.txt")
        h.attach(1, lines, opts={"path": path, "lint": "off"})
        sections = lambda: [i["tag"] for i in h.call("bulletin_outline", 1)["items"]
                            if i["kind"] == "section"]
        self.assertEqual(sections(), ["<Anchor>", "<Reporter Kim Min-ji>"])
        # Without the '*' spelling of the report marker, it is gone ...
        # (the soundbites would stay: "[Name: words]" is a bracket soundbite
        # without a template too, BULLETIN-FORMAT.md §7.9)
        with open(os.path.join(d, ".bulletinrc"), "w", encoding="utf-8") as f:
            f.write("sbs.lead = <Anchor>\nattribution = [{speaker}: {quote}]\n")
        h.notify("bulletin_attach", 1, {"path": path, "reload": True})
        h.push()
        self.assertEqual(sections(), ["<Anchor>"])
        # ... and a bad dialect line is one error naming file, line and key.
        with open(os.path.join(d, ".bulletinrc"), "w", encoding="utf-8") as f:
            f.write("sbs.lead = <Anchor>\nattribution = [{speaker}: {quote}\n"
                    "attribution = [{who}]\n")
        h.notify("bulletin_attach", 1, {"path": path, "reload": True})
        err = h.push()["error"]
        self.assertIn(".bulletinrc:3: attribution: expected unknown slot", err)
        h.finish()


def main():
    def set_bin(path):
        test_rpc.BIN = path
    return run_main(sys.modules[__name__], set_bin)


if __name__ == "__main__":
    sys.exit(main())
