"""What the command-line suites share (stdlib only): the binaries under
test, running one with the sanitizers' options, its peak memory, and the
unittest runner that runs every case once per binary and prints
`N passed, N failed` last.

    from common import ROOT, SANITIZER_RE, peak_rss, bins_from_args, run_cases
"""

import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(HERE, "fixtures")
TIME = "/usr/bin/time"  # GNU time (Debian package time), for peak RSS

SANITIZER_RE = re.compile(rb"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          rb"runtime error:")


def sanitizer_env():
    """The environment for a run: leaks detected, UBSan halts with a trace."""
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    return env


def peak_rss(binary, args, rss_file, stdin=None, stdout=subprocess.PIPE, timeout=300):
    """Runs binary with args; returns (CompletedProcess, peak RSS in bytes).
    The peak is GNU time's %M, written to rss_file: a fresh small parent,
    so that the figure is the binary's alone (wait4's rusage of a child
    forked from this Python would count the Python's pages too). Raises
    when GNU time is missing or wrote no figure: never a vacuous pass."""
    if not os.access(TIME, os.X_OK):
        raise AssertionError("%s (Debian package time) is needed" % TIME)
    p = subprocess.run([TIME, "-q", "-f", "%M", "-o", rss_file, binary] + list(args),
                       stdin=stdin or subprocess.DEVNULL, stdout=stdout,
                       stderr=subprocess.PIPE, env=sanitizer_env(), timeout=timeout)
    with open(rss_file) as f:
        figures = f.read().split()
    os.unlink(rss_file)
    if not figures or not figures[-1].isdigit():
        raise AssertionError("no peak RSS from %s: %r" % (TIME, figures))
    return p, int(figures[-1]) * 1024


def bins_from_args(args):
    """{label: path} from --bin and --asan-bin (a missing ASan build is
    noted and skipped), or None after printing why (the normal build is
    not an executable)."""
    bins = {"normal": os.path.abspath(args.bin)}
    if getattr(args, "asan_bin", None):
        if os.path.exists(args.asan_bin):
            bins["asan"] = os.path.abspath(args.asan_bin)
        else:
            print("note: %s not found; sanitizer runs skipped" % args.asan_bin)
    if not os.access(bins["normal"], os.X_OK):
        print("error: %s is not an executable; build it first (make)" % bins["normal"])
        print("0 passed, 1 failed")
        return None
    return bins


def run_cases(cases, bins, pattern=None, verbose=False):
    """Runs every TestCase class of cases once per binary (a subclass with
    BIN and LABEL set), the tests whose id contains pattern when given.
    Prints `N passed, N failed` last (a failing subtest counts once, as its
    test); returns the exit status."""
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for label, path in bins.items():
        for case in cases:
            cls = type("%s_%s" % (case.__name__, label), (case,), {"BIN": path, "LABEL": label})
            for t in loader.loadTestsFromTestCase(cls):
                if pattern is None or pattern in t.id():
                    suite.addTest(t)
    runner = unittest.TextTestRunner(verbosity=2 if verbose else 1, stream=sys.stdout)
    result = runner.run(suite)

    def test_id(t):
        return getattr(t, "test_case", t).id()
    failed = len({test_id(t) for t, _ in result.failures + result.errors}
                 | {test_id(t) for t in result.unexpectedSuccesses})
    skipped = len({test_id(t) for t, _ in result.skipped})
    passed = result.testsRun - failed - skipped
    if skipped:
        print("%d skipped" % skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def main(cases):
    """The whole main() of a suite whose only options are --bin and
    --asan-bin: runs cases once per binary; returns the exit status."""
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--asan-bin")
    bins = bins_from_args(ap.parse_args())
    if bins is None:
        return 1
    return run_cases(cases, bins)
