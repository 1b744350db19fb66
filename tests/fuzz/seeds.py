#!/usr/bin/python3
"""Writes the seed corpus of the fuzz harnesses: seeds.py [DIR]

DIR defaults to tests/fuzz/seeds/; one folder per harness (rpc, doc, cli,
rc, emit). The seeds are committed: run this again only to change them
(deterministic: the same files every time), then commit the result.
"""
import os
import random
import struct
import sys

import msgpack

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
FIXTURE = os.path.join(ROOT, "tests", "rpc", "fixtures", "two-stories.txt")


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def put(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rpc_doc(rpc_dir, doc_dir):
    text = read(os.path.relpath(FIXTURE, ROOT))
    lines = text.split(b"\n")[:-1]
    rng = random.Random(1)
    p = lambda *ms: b"".join(msgpack.packb(m, use_bin_type=False) for m in ms)
    ext = msgpack.ExtType(0, msgpack.packb(1))
    sessions = {
        "version": p([0, 1, "bulletin_version", []]),
        "attach": p([2, "bulletin_attach", [1]], [1, 1, None, True],
                    [2, "nvim_buf_lines_event", [1, 2, 0, -1, lines, False]],
                    [0, 5, "bulletin_outline", [1]], [0, 6, "bulletin_folds", [1]],
                    [0, 7, "bulletin_spans", [1, 0, -1]], [0, 8, "bulletin_lint", [1]]),
        "edits": p([2, "bulletin_attach", [ext, {"path": "/tmp/x.txt", "lint": "change"}]],
                   [2, "nvim_buf_lines_event", [ext, 2, 0, -1, lines[:20], False]],
                   [2, "nvim_buf_lines_event", [ext, 3, 4, 6, [b"[LEAD]", b""], False]],
                   [2, "nvim_buf_lines_event", [ext, None, 0, 0, [b"2. NEW STORY"], True]],
                   [2, "nvim_buf_lines_event", [ext, 4, 1, 1, [], False]],
                   [2, "nvim_buf_changedtick_event", [ext, 9]],
                   [2, "nvim_buf_detach_event", [ext]], [1, 2, None, True],
                   [2, "nvim_buf_lines_event", [ext, 5, 0, -1, lines, False]],
                   [0, 9, "bulletin_saved", [ext]], [0, 10, "bulletin_detach", [ext]]),
        "config": p([0, 1, "bulletin_config", [{"vocab": {"lead": ["[Intro]"],
                                                          "label.report": ["Reporter"],
                                                          "mbc.lead": ["<Anchor>"]},
                                                "lint": "save"}]],
                    [2, "bulletin_attach", [2]],
                    [2, "nvim_buf_lines_event", [2, 1, 0, -1, [b"[Intro]", b"Reporter: x"],
                                                 False]],
                    [1, 1, [0, "refused"], None]),
        "invalid": p([0, 1, 5, []], [3], [2, "x"], 7, [0, 2, "bulletin_spans", [1, "a", None]],
                     [2, "nvim_buf_lines_event", [1, 2, 9, 3, [1], 4]]),
    }
    for name, data in sessions.items():
        for lead in (b"\xf0", b"\x03"):
            put(rpc_dir, "%s-%d" % (name, lead[0]), lead + data)
    put(rpc_dir, "deep", b"\xf0" + b"\x91" * 16 + b"\xc0")
    for k in range(8):
        script = bytes(rng.randrange(256) for _ in range(4 * 40))
        put(doc_dir, "edits-%d" % k, text + b"\0\0" + script)
    put(doc_dir, "small",
        b"TITLE WORDS HERE\n\n[LEAD]\nText.\n\nKim / Role\n\"Quote.\"\0\0" + bytes(range(64)))


# Documents for the CLI path: real ones and odd bytes.
DOCS = {
    "basic": read("tests/cli/fixtures/basic.txt"),
    "quotes": read("tests/cli/fixtures/quotes.txt"),
    "multistory": read("tests/cli/fixtures/multistory.txt"),
    "lint-error": read("tests/cli/fixtures/lint_error.txt"),
    "corpus-041": read("tests/corpus/data/041.txt"),
    "corpus-052": read("tests/corpus/data/052.txt"),
    "corpus-044": read("tests/corpus/data/044.txt"),
    "empty": b"",
    "newline": b"\n",
    "no-final-newline": b" date 2024-03-02 News Today\n\n[LEAD]\nText",
    "crlf": read("tests/cli/fixtures/quotes.txt").replace(b"\n", b"\r\n"),
    "cr-only": b"TITLE\r[LEAD]\rText.\r",
    "nul-bytes": b"TITLE\0 ONE\n\n[LEAD]\0\nText \0 here.\n\n[Soundbite] Kim\0 (Role) : \"a\0b\"\n",
    "invalid-utf8": b"\xff\xfeTITLE \xc3\n\n[LE\xe2\x80AD]\n\xed\xa0\x80 surrogate \xf4\x90\x80\x80\n"
                    b"[Soundbite] K\xc0\xafm (R\xe0\x80\x80le) : \"q\xf8\x88\x80\x80\x80\"\n",
    "controls": b"TITLE \x1b[2J\x07\n\n[LEAD]\n\x1b]0;pwned\x07Text.\x7f\n\n"
                b"[Soundbite] Kim\t(Role\x08) : \"quote\x1b[31m\"\r\n",
    "tags-only": b"[LEAD]\n[REPORT]\n[Soundbite]\n[Anchor Lead]\n[Pkg]\n[Unknown]\n[LEAD\n<Anchor>\n",
    "custom-vocab": b"EVENING\n\n[Intro]\nHost: Hello.\n\n[Reporter]\nText.\n\n[SOT] Kim (Role) : \"q\"\n",
}


def cli(d):
    for k, (name, doc) in enumerate(sorted(DOCS.items())):
        # Flag byte: route (file, pipe, stdin) and --compact by turns;
        # the custom vocabulary for the custom-vocab document.
        flags = (k % 3) | (4 if k % 2 else 0) | (8 if name == "custom-vocab" else 0)
        put(d, name, bytes([flags]) + doc)
    # Huge lines: "\x01 K" repeats the byte before it 4096 * (K + 1) times.
    put(d, "huge-line", bytes([16]) + b"TITLE\n\n[LEAD]\nx\x01\xff\x01\xff\n[Soundbite] K : \"y\x01\x40\"\n")
    put(d, "huge-nul-line", bytes([16 | 1]) + b"\0\x01\x80\n\r\x01\x10\n")


RCS = {
    "sample": read("tests/cli/fixtures/rc/.bulletinrc"),
    "full": b"# every key\nlead = [Intro], <Anchor>   # comment\n"
            b"report = [Reporter], \xe2\x97\x80 Report \xe2\x96\xb6\nsoundbite = [SOT]\n"
            b"program = [Evening News]\nlabel.lead = Host\nlabel.report = Correspondent:\n"
            b"mbc.lead = <Anchor>\nmbc.label.report = Reporter\n",
    "bad-key": b"lead = [A]\nleed = [B]\n",
    "no-equals": b"lead = [A]\njust text\n",
    "crlf": b"lead = [Intro]\r\nreport = [Rep]\r\n",
    "tabs": b"lead =\t[Intro]\t,\t<Anchor>\t\nreport = [Rep] \t# c\n\tlabel.lead\t=\tHost\t:\t\n",
    "blanks": b"\n\n   \t\n# only comments\n  lead   =   ,  , [X] ,\n",
    "nul": b"lead = [A\0B]\nre\0port = [C]\n",
    "label-colon": b"label.lead = Host :, ::, :\nlabel.report=Reporter::\n",
    "long-line": b"lead = [" + b"A" * 4100 + b"]\n",
    "long-spelling": b"lead = [" + b"B" * 300 + b"]\n",
    "many-families": b"".join(b"f%d.lead = [T%d]\n" % (i, i) for i in range(40)),
    "controls": b"lead = \x1b]0;title\x07, [E\x1b[2J]\nx\x1b[31m = y\n",
}


def rc(d):
    doc = b"TITLE\n\n[Intro]\nHost: hi.\n\n[Reproter]\n[LAED]\n<Anchor>\n[SOT] K (R) : \"q\"\n"
    for k, (name, text) in enumerate(sorted(RCS.items())):
        flags = (k % 4) | 12 | ((k * 5 % 16) << 4)
        put(d, name, bytes([flags]) + text + b"\0\0\0" + doc)
    put(d, "no-doc", bytes([3]) + RCS["full"])


def emit(d):
    def seed(flags, line, *pieces):
        return bytes([flags]) + struct.pack("<i", line) + b"\0".join(pieces)
    put(d, "plain", seed(0, 5, b"story.txt", b"SOT", b"Kim Lee", b"Reporter", b"Hello.",
                         b"unknown tag '[LAED]'", b"[LEAD]", b"f.txt"))
    put(d, "csv-quoting", seed(0x22, 12, b"a,b.txt", b"paren", b" Kim ", b"R \"x\"",
                               b"say \"hi\", then\r\nbye", b"msg", b"s", b"x"))
    put(d, "cr-tails", seed(0x45, -1, b"f\r", b"form\r", b"Kim\r\r", b"Role\r", b"q\r\r",
                            b"m\r", b"s\r", b"\r"))
    put(d, "controls", seed(0x1f, 2147483647, b"\x1b[2J", b"\x07", b"Kim\tLee", b"\x7fRole",
                            b"\x1b]0;x\x07", b"\x08\x0c", b"\x00", b"file\n.txt"))
    put(d, "invalid-utf8", seed(0xe6, -2147483648, b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80",
                                b"\xf4\x90\x80\x80", b"\xe2\x80", b"\xf0\x9f\x98", b"ok \xe2\x82\xac",
                                b"\x80"))
    # A string across the 1024-byte chunk of bl_emit_json_str with a
    # multibyte sequence and escapes on the boundary.
    put(d, "chunk-boundary", seed(0xc0, 1, b"a" * 1022 + b"\xe2\x82\xac\"\\" + b"\x01" * 20 +
                                  b"\xf0\x9f\x98\x80" * 300))


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "seeds")
    dirs = {h: os.path.join(base, h) for h in ("rpc", "doc", "cli", "rc", "emit")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    rpc_doc(dirs["rpc"], dirs["doc"])
    cli(dirs["cli"])
    rc(dirs["rc"])
    emit(dirs["emit"])


if __name__ == "__main__":
    main()
