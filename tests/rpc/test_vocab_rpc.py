#!/usr/bin/python3
"""setup({ vocab = ... }) through bulletin_config: every `.bulletinrc` key,
checked by the same parser as a `.bulletinrc` file (issue 8, part 2), and
bulletin_vocab, which tells what configures a buffer. Driven over pipes by
Debian's python3-msgpack (the Helper of test_rpc.py plays Neovim).

Run: /usr/bin/python3 tests/rpc/test_vocab_rpc.py --bin build/bulletin
Prints "N passed, N failed" last; exits non-zero on failure.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_rpc  # noqa: E402
from common import TmpDir, run_main  # noqa: E402
import test_dialect_rpc as td  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
YTN_RC = os.path.join(ROOT, "dialects", "ytn.bulletinrc")

# dialects/ytn.bulletinrc as a setup() vocab table.
YTN_VOCAB = {
    "dialect": "ytn",
    "ytn.lead": ["[Anchor]"],
    "ytn.report": ["[Reporter]"],
    "dateline": ["%Y.%m.%d. %p %I:%M"],
    "attribution": ["[{speaker} / {role}: {quote}]"],
}


def ytn_lines():
    with open(os.path.join(ROOT, "dialects", "ytn.txt"), encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


class VocabRpc(TmpDir, test_rpc.HelperTest):
    TMP_PREFIX = "bl-vocab-rpc-"

    def test_ytn_as_vocab_outlines_like_the_cli(self):
        lines = ytn_lines()
        want = td.cli_items(YTN_RC, lines)
        self.assertTrue(any(i["kind"] == "quote" for i in want["items"]))
        h = self.start()
        self.assertTrue(h.call("bulletin_config", {"vocab": YTN_VOCAB}))
        h.attach(1, lines, opts={"lint": "off"})
        got = h.call("bulletin_outline", 1)
        self.assertEqual(test_rpc.without_quote_keys(got["items"]), want["items"])
        info = h.call("bulletin_vocab", 1)
        self.assertEqual(info["dialect"], "ytn")
        self.assertIsNone(info["rc"])
        self.assertEqual(info["templates"], ["[{speaker} / {role}: {quote}]"])
        self.assertEqual(info["datelines"], ["%Y.%m.%d. %p %I:%M"])
        self.assertIsNone(info["config_error"])
        h.finish()

    def test_settings_keys_take_strings_and_booleans(self):
        h = self.start()
        self.assertTrue(h.call("bulletin_config", {"vocab": {
            "dialect": "mine", "implicit_lead": True, "hangul_chrome": False,
            "chrome": ["동영상", "공유하기"], "label.lead": ["Host"]}}))
        h.attach(1, ["Host: Good evening.", "동영상"], opts={"lint": "off"})
        info = h.call("bulletin_vocab", 1)
        self.assertEqual((info["dialect"], info["implicit_lead"], info["hangul_chrome"],
                          info["chrome"]), ("mine", True, False, ["동영상", "공유하기"]))
        h.finish()

    def test_bad_values_get_the_rc_parsers_message(self):
        h = self.start()
        cases = [
            ({"attribution": ["[{who}]"]},
             "bulletin: bulletin_config: vocab: attribution: expected unknown slot"),
            ({"implicit_lead": "perhaps"},
             "bulletin: bulletin_config: vocab: implicit_lead: expected"),
            ({"dateline": ["%Q"]}, "bulletin: bulletin_config: vocab: dateline: expected"),
            ({"lead": ["[A*"]}, "bulletin: bulletin_config: vocab: lead"),
            ({"attribution": ["a\nb"]}, "bulletin: bulletin_config: vocab: attribution: a value is one line"),
        ]
        for vocab, prefix in cases:
            with self.subTest(vocab=vocab):
                err, res = h.request("bulletin_config", {"vocab": vocab})
                self.assertIsNone(res)
                self.assertEqual(err[0], 0)
                self.assertTrue(err[1].startswith(prefix), err[1])
        h.finish()

    def test_refused_config_keeps_the_old_one_and_is_told(self):
        lines = ytn_lines()
        h = self.start()
        h.call("bulletin_config", {"vocab": YTN_VOCAB})
        bad = dict(YTN_VOCAB, attribution=["[{speaker}: {quote}", "[{who}]"])
        h.notify("bulletin_config", {"vocab": bad})
        # The first buffer attached after it carries the message once.
        first = h.attach(1, lines, opts={"lint": "off"})
        self.assertIn("bulletin: bulletin_config: vocab: attribution: expected unknown slot",
                      first.get("error") or "")
        info = h.call("bulletin_vocab", 1)
        self.assertIn("attribution: expected unknown slot", info["config_error"])
        self.assertEqual(info["dialect"], "ytn")
        self.assertEqual(test_rpc.without_quote_keys(h.call("bulletin_outline", 1)["items"]),
                         td.cli_items(YTN_RC, lines)["items"])
        h.finish()

    def test_vocab_tells_the_rc_file(self):
        d, lines = td.sample_dir(self.tmp, "mbc")
        h = self.start()
        h.attach(1, lines, opts={"path": os.path.join(d, "mbc.txt"), "lint": "off"})
        info = h.call("bulletin_vocab", 1)
        self.assertEqual(info["rc"], os.path.join(os.path.realpath(d), ".bulletinrc"))
        self.assertEqual(info["dialect"], "mbc")
        # With a token it is also answered by a notification (no blocking).
        h.notify("bulletin_vocab", 1, 7)
        m = h.next(lambda m: m[0] == 2 and m[1] == "nvim_exec_lua")
        code, args = m[2]
        self.assertEqual(code, "return require('bulletin.health')._on_vocab(...)")
        self.assertEqual(args[0], 7)
        self.assertEqual(args[1]["dialect"], "mbc")
        h.finish()


def main():
    def set_bin(path):
        test_rpc.BIN = path
    return run_main(sys.modules[__name__], set_bin)


if __name__ == "__main__":
    sys.exit(main())
