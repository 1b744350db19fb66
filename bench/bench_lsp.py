#!/usr/bin/python3
"""Benchmarks of `bulletin lsp`, measured from the client side over pipes,
on the same text as bench_rpc.py (its fixture repeated to --lines lines).

  /usr/bin/python3 bench/bench_lsp.py --bin build/bulletin [--lines 100000]

Reports (never asserts):
  - round trip of an unknown request (MethodNotFound; the baseline);
  - open of an N-line document: didOpen to its publishDiagnostics (parse
    and lint), then documentSymbol, foldingRange and semanticTokens/full;
  - a one-line edit: didChange to the publishDiagnostics of its version
    (update, lint, publish), as a distribution and a ratio to the baseline;
  - the same edit with lint off, followed by a semanticTokens/range of 60
    lines around it (what an editor redraws);
  - server RSS against the document's bytes.
Run bench_rpc.py beside it for `bulletin rpc`'s numbers on the same text.
"""
import argparse
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lsp"))
from lspclient import Client  # noqa: E402

sys.path.insert(0, HERE)
from common import (cpu_s, dist, document_lines, fmt, ratio_line,  # noqa: E402
                    round_trips, status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/bulletin")
    ap.add_argument("--lines", type=int, default=100000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--rtts", type=int, default=2000)
    args = ap.parse_args()
    rng = random.Random(1)
    lines = document_lines(args.lines)
    text = "\n".join(lines) + "\n"
    nbytes = len(text.encode())
    uri = "file:///bench/doc.bulletin"
    td = {"textDocument": {"uri": uri}}

    c = Client([args.bin, "lsp"])
    c.initialize({"general": {"positionEncodings": ["utf-16"]}})
    base_rtt = round_trips(lambda i: c.request("bench/none", {}, rid=i), args.rtts)
    rss0 = status(c.p.pid, "VmRSS")

    cpu0 = cpu_s(c.p.pid)
    t0 = time.perf_counter()
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "bulletin", "version": 1, "text": text}})
    d = c.note("textDocument/publishDiagnostics", timeout=300)
    open_s = time.perf_counter() - t0
    open_cpu = cpu_s(c.p.pid) - cpu0
    ndiags = len(d["diagnostics"])
    timed, cpu = {}, {}
    for m in ("documentSymbol", "foldingRange", "semanticTokens/full"):
        cpu0 = cpu_s(c.p.pid)
        t0 = time.perf_counter()
        c.request("textDocument/" + m, td, timeout=300)
        timed[m] = time.perf_counter() - t0
        cpu[m] = cpu_s(c.p.pid) - cpu0
    rss_open = status(c.p.pid, "VmRSS")
    hwm_open = status(c.p.pid, "VmHWM")

    version = [1]

    def edit(a, new):
        version[0] += 1
        old = lines[a]
        lines[a] = new
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version[0]},
            "contentChanges": [{"range": {"start": {"line": a, "character": 0},
                                          "end": {"line": a, "character": len(old.encode("utf-16-le")) // 2}},
                                "text": new}]})

    lint = []
    cpu0 = cpu_s(c.p.pid)
    for _ in range(args.edits):
        a = rng.randrange(len(lines))
        t0 = time.perf_counter()
        edit(a, lines[a] + " x")
        c.note("textDocument/publishDiagnostics", lambda p: p["version"] == version[0])
        lint.append(time.perf_counter() - t0)
    lint_cpu = (cpu_s(c.p.pid) - cpu0) / args.edits
    c.notify("workspace/didChangeConfiguration", {"settings": {"bulletin": {"lint": "off"}}})
    c.note("textDocument/publishDiagnostics")
    quiet = []
    cpu0 = cpu_s(c.p.pid)
    for _ in range(args.edits):
        a = rng.randrange(len(lines))
        t0 = time.perf_counter()
        edit(a, rng.choice([lines[a] + " y", "[LEAD]", "[REPORT]", "", "2. NEW STORY HERE"]))
        c.request("textDocument/semanticTokens/range", dict(td, range={
            "start": {"line": max(0, a - 30), "character": 0},
            "end": {"line": a + 30, "character": 0}}))
        quiet.append(time.perf_counter() - t0)
    quiet_cpu = (cpu_s(c.p.pid) - cpu0) / args.edits
    rss_end = status(c.p.pid, "VmRSS")
    hwm_end = status(c.p.pid, "VmHWM")
    t0 = time.perf_counter()
    rc = c.stop()
    exit_s = time.perf_counter() - t0
    c.kill()

    mib = 1024 * 1024
    lint_d, quiet_d = dist(lint), dist(quiet)
    print("bulletin lsp benchmark (%s)" % args.bin)
    print("  baseline  unknown request round trip: %s" % fmt(base_rtt))
    print("  open      %d lines (%.1f MiB): didOpen -> publishDiagnostics (%d) in %.1f ms "
          "(server CPU %.1f ms)" % (len(lines), nbytes / mib, ndiags, open_s * 1e3,
                                    open_cpu * 1e3))
    for m in ("documentSymbol", "foldingRange", "semanticTokens/full"):
        print("            then %s %.1f ms (server CPU %.1f ms)" % (m, timed[m] * 1e3,
                                                                    cpu[m] * 1e3))
    for name, dd, cc in (("one-line edit -> publishDiagnostics (lint on change)", lint_d,
                          lint_cpu),
                         ("one-line edit (text or structure), lint off -> tokens of 60 lines",
                          quiet_d, quiet_cpu)):
        print("  edit      %s: %s" % (name, fmt(dd)))
        print("            server CPU per edit %.3f ms" % (cc * 1e3))
        print("            " + ratio_line(dd, base_rtt))
    print("  memory    idle RSS %.1f MiB; open RSS %.1f MiB (peak %.1f); after edits %.1f MiB "
          "(peak %.1f); RSS - idle = x%.1f the document's bytes" % (
              rss0 / mib, rss_open / mib, hwm_open / mib, rss_end / mib, hwm_end / mib,
              (rss_end - rss0) / nbytes))
    print("  exit      shutdown + exit -> exit %s in %.1f ms" % (rc, exit_s * 1e3))


if __name__ == "__main__":
    main()
