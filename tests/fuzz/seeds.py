#!/usr/bin/python3
"""Writes seed inputs for the fuzz harnesses: seeds.py RPC_DIR DOC_DIR."""
import os
import random
import sys

import msgpack

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "rpc", "fixtures", "two-stories.txt")


def main():
    rpc_dir, doc_dir = sys.argv[1], sys.argv[2]
    os.makedirs(rpc_dir, exist_ok=True)
    os.makedirs(doc_dir, exist_ok=True)
    with open(FIXTURE, "rb") as f:
        text = f.read()
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
            with open(os.path.join(rpc_dir, "%s-%d" % (name, lead[0])), "wb") as f:
                f.write(lead + data)
    with open(os.path.join(rpc_dir, "deep"), "wb") as f:
        f.write(b"\xf0" + b"\x91" * 16 + b"\xc0")
    for k in range(8):
        script = bytes(rng.randrange(256) for _ in range(4 * 40))
        with open(os.path.join(doc_dir, "edits-%d" % k), "wb") as f:
            f.write(text + b"\0\0" + script)
    with open(os.path.join(doc_dir, "small"), "wb") as f:
        f.write(b"TITLE WORDS HERE\n\n[LEAD]\nText.\n\nKim / Role\n\"Quote.\"\0\0" + bytes(range(64)))


if __name__ == "__main__":
    main()
