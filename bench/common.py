"""What the client-side benchmarks of bench_rpc.py and bench_lsp.py share:
the same text (tests/rpc/fixtures/two-stories.txt repeated), the baseline
round-trip loop, distributions and their ratio to the baseline, and a
process's memory and CPU time from /proc. Reports only: nothing here
asserts a time.
"""

import os
import statistics
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "tests", "rpc", "fixtures", "two-stories.txt")


def document_lines(n):
    """The fixture's lines repeated to exactly n lines."""
    with open(FIXTURE, encoding="utf-8") as f:
        base = f.read().split("\n")[:-1]
    lines = []
    while len(lines) < n:
        lines.extend(base)
    return lines[:n]


def dist(xs):
    xs = sorted(xs)
    q = lambda f: xs[min(len(xs) - 1, int(f * len(xs)))]  # noqa: E731
    return {"n": len(xs), "min": xs[0], "p50": q(0.5), "p90": q(0.9), "p99": q(0.99),
            "max": xs[-1], "mean": statistics.fmean(xs)}


def fmt(d, unit=1e3, suffix="ms"):
    return ("n=%d min %.3f p50 %.3f p90 %.3f p99 %.3f max %.3f %s"
            % (d["n"], d["min"] * unit, d["p50"] * unit, d["p90"] * unit, d["p99"] * unit,
               d["max"] * unit, suffix))


def round_trips(call, n):
    """The baseline: call(i) n times (each a request and its answer),
    timed one by one; returns their distribution."""
    rtt = []
    for i in range(n):
        t0 = time.perf_counter()
        call(i)
        rtt.append(time.perf_counter() - t0)
    return dist(rtt)


def ratio_line(d, base):
    """d's quantiles as ratios to the baseline's median."""
    return "ratio to baseline p50: p50 x%.1f, p90 x%.1f, p99 x%.1f" % (
        d["p50"] / base["p50"], d["p90"] / base["p50"], d["p99"] / base["p50"])


def status(pid, key):
    """/proc/PID/status's KEY (VmRSS, VmHWM) in bytes; raises when absent
    (an exited process) rather than report 0."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no %s in /proc/%d/status" % (key, pid))


def cpu_s(pid):
    """A process's CPU time (user + system), in seconds: unlike wall time
    it does not count the client or other processes on a loaded machine."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
