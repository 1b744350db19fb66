#!/usr/bin/python3
"""Benchmark of a whole archive read serially and in parallel (issue 11,
"Whole archives"; reported, never asserted).

    python3 bench/bench_archive.py --bin build/bulletin [--files 10000]
                                   [--runs 3] [--dir build/bench-archive]

Generates --files bulletins with bench/gen_archive.py (once: kept in --dir
and reused while --files and the generator are unchanged), then times
`bulletin CMD -r DIR` with -j 1 and with -j N (N = the online processors),
--runs of each interleaved, output to a file, for outline, lint and
speakers. Prints the median wall and CPU times, and the ratio serial /
parallel (on a loaded machine the parallel run also wins a larger share of
the processors from other processes: compare the CPU times too), and checks that both runs
printed the same bytes (a fast wrong answer is not a speed-up). Always
exits 0 unless the binary is missing or the outputs differ.
"""

import argparse
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_archive  # noqa: E402


def once(cmd, out_path):
    """The wall time and the CPU time (user + system) of one run."""
    with open(out_path, "wb") as out:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=False)
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return dt, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def side_by_side(serial, parallel, runs, s_out, p_out):
    """Serial and parallel runs interleaved (so that a change of the
    machine's load hits both): the median wall and CPU times of each."""
    ts, cs, tp, cp = [], [], [], []
    for _ in range(runs):
        t, c = once(serial, s_out)
        ts.append(t)
        cs.append(c)
        t, c = once(parallel, p_out)
        tp.append(t)
        cp.append(c)
    return median(ts), median(cs), median(tp), median(cp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(HERE), "build", "bench-archive"))
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        print("bench_archive: %s not found" % a.bin)
        return 1
    stamp = os.path.join(a.dir, ".generated")
    want = "%d %s" % (a.files, os.path.getmtime(gen_archive.__file__))
    if not os.path.exists(stamp) or open(stamp).read() != want:
        shutil.rmtree(a.dir, ignore_errors=True)
        n = gen_archive.generate(a.dir, a.files)
        with open(stamp, "w") as f:
            f.write(want)
    else:
        n = sum(1 for _, _, fs in os.walk(a.dir) for f in fs
                if f.endswith(".bulletin") or f.startswith("b"))
    jobs = os.cpu_count() or 1
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(a.dir) for f in fs)
    print("archive: %d bulletins, %.1f MB, %s; -j %d is the parallel run (online processors)"
          % (n, size / 1e6, a.dir, jobs))
    ok = True
    for cmd in (["outline", "--compact"], ["lint", "--format", "json"], ["speakers"]):
        s_out, p_out = a.dir + ".serial.out", a.dir + ".parallel.out"
        ts, cs, tp, cp = side_by_side([a.bin, *cmd, "-j", "1", "-r", a.dir],
                                      [a.bin, *cmd, "-j", str(jobs), "-r", a.dir], a.runs,
                                      s_out, p_out)
        same = filecmp.cmp(s_out, p_out, shallow=False)
        ok = ok and same
        print("%-10s -j 1: %7.3f s (cpu %.3f s)   -j %d: %7.3f s (cpu %.3f s)   "
              "serial/parallel wall: %.2fx   output %s"
              % (cmd[0], ts, cs, jobs, tp, cp, ts / tp if tp > 0 else 0,
                 "identical" if same else "DIFFERS"))
        os.unlink(s_out)
        os.unlink(p_out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
