"""What the RPC suites share (stdlib only; the helper itself is driven by
test_rpc.py's Helper): reading a process's memory from /proc, a temporary
directory per test, and the runner that prints `N passed, N failed` last.

No import of test_rpc here: test_rpc imports this module.
"""

import argparse
import os
import shutil
import sys
import tempfile
import unittest


def vm_kib(pid, key, what=""):
    """/proc/PID/status's KEY (VmRSS, VmHWM) in KiB. Raises when the line
    is not there (a zombie, an exited helper, another kernel) rather than
    answer 0, which would let a bound on it pass without measuring."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s in /proc/%d/status%s" % (key, pid, what))


class TmpDir:
    """Mixin: self.tmp, a directory of the test's own, removed after it."""
    TMP_PREFIX = "bl-rpc-"

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix=self.TMP_PREFIX)

    def tearDown(self):
        super().tearDown()
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_main(module, set_bin, report=()):
    """The main() of a suite: --bin (given to set_bin, checked to be an
    executable), -k NAME (only tests matching, repeatable); runs module's
    tests, prints the measurements in report, then `N passed, N failed`
    (`, N skipped`). Returns the exit status."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/bulletin")
    ap.add_argument("-k", action="append", default=[], help="only tests matching")
    args, _ = ap.parse_known_args()
    path = os.path.abspath(args.bin)
    if not os.access(path, os.X_OK):
        print("not executable: %s" % path)
        print("0 passed, 1 failed")
        return 1
    set_bin(path)
    loader = unittest.TestLoader()
    if args.k:
        loader.testNamePatterns = ["*%s*" % k for k in args.k]
    suite = loader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    if report:
        print("\nmeasurements:")
        for line in report:
            print("  " + line)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    tail = ", %d skipped" % skipped if skipped else ""
    print("%d passed, %d failed%s" % (passed, failed, tail))
    return 1 if failed else 0
