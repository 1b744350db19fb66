#!/usr/bin/python3
"""Benchmarks of `bulletin rpc`, measured from the client side over pipes.

  /usr/bin/python3 bench/bench_rpc.py --bin build/bulletin [--lines 100000]

Reports (never asserts):
  - round trip of bulletin_version (the baseline);
  - attach of an N-line buffer: time to the first push;
  - a one-line edit in that buffer: time from writing the
    nvim_buf_lines_event to reading the push it caused, over many edits,
    as a distribution and as a ratio to the baseline's median;
  - the same for an edit that changes the outline (a new section tag);
  - helper RSS for the buffer against the buffer's bytes.
"""
import argparse
import os
import random
import select
import subprocess
import sys
import time

import msgpack

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import dist, document_lines, fmt, ratio_line, round_trips, status  # noqa: E402

PUSH = "return require('bulletin.helper')._on_push(...)"


class Client:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "rpc"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.u = msgpack.Unpacker(raw=False, unicode_errors="surrogateescape",
                                  max_buffer_size=1 << 30)
        self.inbox = []

    def send(self, *msgs):
        self.p.stdin.write(b"".join(msgpack.packb(m) for m in msgs))
        self.p.stdin.flush()

    def next(self, pred):
        while True:
            for i, m in enumerate(self.inbox):
                if pred(m):
                    return self.inbox.pop(i)
            select.select([self.p.stdout], [], [], 60)
            data = os.read(self.p.stdout.fileno(), 1 << 20)
            if not data:
                raise RuntimeError("helper exited")
            self.u.feed(data)
            self.take(self.u)

    def take(self, msgs):
        """Inbox msgs. A big push comes in pieces (PROTOCOL.md): each
        partial piece is acknowledged with bulletin_more, as the plugin
        does, and only the last piece is kept."""
        for m in msgs:
            if (m[0] == 2 and m[1] == "nvim_exec_lua" and m[2][0] == PUSH
                    and m[2][1][0].get("partial")):
                self.send([2, "bulletin_more", [m[2][1][0]["buf"]]])
                continue
            self.inbox.append(m)

    def first_bytes(self):
        """Blocks until the helper writes something; reads it."""
        select.select([self.p.stdout], [], [], 60)
        data = os.read(self.p.stdout.fileno(), 1 << 20)
        self.u.feed(data)
        self.take(self.u)

    def status(self, key):
        return status(self.p.pid, key)

    def close(self):
        self.p.stdin.close()
        t0 = time.perf_counter()
        rc = self.p.wait()
        return rc, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/bulletin")
    ap.add_argument("--lines", type=int, default=100000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--rtts", type=int, default=2000)
    args = ap.parse_args()
    rng = random.Random(1)

    lines = document_lines(args.lines)
    nbytes = sum(len(l.encode()) + 1 for l in lines)

    c = Client(args.bin)

    def version(i):
        c.send([0, i, "bulletin_version", []])
        c.next(lambda m: m[0] == 1 and m[1] == i)
    base_rtt = round_trips(version, args.rtts)
    rss0 = c.status("VmRSS")

    c.send([2, "bulletin_attach", [1]])
    req = c.next(lambda m: m[0] == 0 and m[2] == "nvim_buf_attach")
    t0 = time.perf_counter()
    c.send([2, "nvim_buf_lines_event", [1, 1, 0, -1, lines, False]], [1, req[1], None, True])
    c.next(lambda m: m[0] == 2 and m[2][0] == PUSH)
    attach_s = time.perf_counter() - t0
    rss_attached = c.status("VmRSS")
    hwm_attached = c.status("VmHWM")

    def edit_latency(make, count, tick0):
        first, whole, outlined = [], [], 0
        for k in range(count):
            tick = tick0 + k
            a = rng.randrange(len(lines))
            new = make(a)
            t0 = time.perf_counter()
            c.send([2, "nvim_buf_lines_event", [1, tick, a, a + 1, [new], False]])
            c.first_bytes()  # the push has left the helper
            first.append(time.perf_counter() - t0)
            m = c.next(lambda m: m[0] == 2 and m[2][0] == PUSH and m[2][1][0]["tick"] == tick)
            whole.append(time.perf_counter() - t0)  # ... and is decoded here
            outlined += "outline" in m[2][1][0]
            lines[a] = new
        return dist(first), dist(whole), outlined

    body, body_whole, body_ol = edit_latency(lambda a: lines[a] + " x", args.edits, 10)
    tags, tags_whole, tags_ol = edit_latency(
        lambda a: rng.choice(["[LEAD]", "[REPORT]", "", "2. NEW STORY HERE"]),
        max(20, args.edits // 5), 10 + args.edits)
    rss_end = c.status("VmRSS")
    hwm_end = c.status("VmHWM")
    rc, exit_s = c.close()

    mib = 1024 * 1024
    print("bulletin rpc benchmark (%s)" % args.bin)
    print("  baseline  bulletin_version round trip: %s" % fmt(base_rtt))
    print("  attach    %d lines (%.1f MiB): whole state pushed (every piece acknowledged) after %.1f ms" % (
        len(lines), nbytes / mib, attach_s * 1e3))
    for name, d, w, ol, cnt in (("one-line text edit", body, body_whole, body_ol, args.edits),
                                ("one-line structural edit (tag/title/blank)", tags, tags_whole,
                                 tags_ol, len(tags_whole and [0]) and tags["n"])):
        print("  edit      %s -> push leaves the helper: %s" % (name, fmt(d)))
        print("            " + ratio_line(d, base_rtt))
        print("            ... and decoded by the Python client: %s" % fmt(w))
        print("            %d of %d pushes carried the whole outline" % (ol, cnt))
    print("  memory    idle RSS %.1f MiB; with the buffer RSS %.1f MiB (peak %.1f MiB); "
          "after edits RSS %.1f MiB (peak %.1f MiB)" % (
              rss0 / mib, rss_attached / mib, hwm_attached / mib, rss_end / mib, hwm_end / mib))
    print("            buffer %.1f MiB: RSS - idle = x%.1f the buffer's bytes, peak x%.1f" % (
        nbytes / mib, (rss_end - rss0) / nbytes, hwm_end / nbytes))
    print("  exit      EOF -> exit %d in %.1f ms" % (rc, exit_s * 1e3))


if __name__ == "__main__":
    main()
