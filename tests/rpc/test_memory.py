#!/usr/bin/python3
"""The helper's memory follows the buffer's text (issue 13 item 2).

    python3 tests/rpc/test_memory.py --bin build/bulletin [-k NAME]

A lines event of 64+ lines keeps its texts in one block. Pasting 64 lines
of 256 KiB and deleting 63 of them, 32 times, leaves 8 MiB of live text;
the helper kept every 16 MiB block (514 MiB resident) until it compacted a
block once little of it is live. Uses Debian's python3-msgpack client and
the helpers of test_rpc.py (a real `bulletin rpc` process).
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_rpc  # noqa: E402
from common import run_main, vm_kib  # noqa: E402
from test_rpc import MIB, REPORT, HelperTest  # noqa: E402

LINE = 256 * 1024
PASTE = 64
ROUNDS = 32


class TestMemory(HelperTest):
    def test_paste_delete_memory_follows_text(self):
        h = self.start()
        lines = ["[News Today] 2024-03-05", "", "[LEAD]", "Lead text."]
        h.attach(1, lines)
        baseline = vm_kib(h.proc.pid, "VmRSS")
        text = ("word " * (LINE // 5 + 1))[:LINE]
        tick = 2
        n = len(lines)
        for r in range(ROUNDS):
            # Paste 64 lines at the end, then delete all of them but one.
            h.lines_event(1, tick, n, n, [text] * PASTE)
            h.push(buf=1, timeout=30)
            h.lines_event(1, tick + 1, n, n + PASTE - 1, [])
            p = h.push(buf=1, timeout=30)
            self.assertEqual(p["tick"], tick + 1)
            tick += 2
            n += 1
        rss = vm_kib(h.proc.pid, "VmRSS")
        hwm = vm_kib(h.proc.pid, "VmHWM")
        # The buffer reads as the sequence left it.
        outline = h.call("bulletin_outline", 1)
        self.assertEqual([it.get("tag") for it in outline["items"] if it.get("tag")], ["[LEAD]"])
        live = ROUNDS * LINE
        REPORT.append("paste 64 x 256 KiB, delete 63, x%d (%.0f MiB live): RSS %.1f MiB "
                      "(%.1f MiB before the pastes), peak %.1f MiB"
                      % (ROUNDS, live / MIB, rss / 1024, baseline / 1024, hwm / 1024))
        self.assertLess(rss * 1024, 4 * live + baseline * 1024,
                        "RSS %d KiB after the sequence (baseline %d KiB, live text %d KiB)"
                        % (rss, baseline, live // 1024))
        h.finish()


class TestMeasuring(HelperTest):
    def test_vm_kib_fails_when_it_cannot_read(self):
        """A process that has exited (a zombie, not yet reaped) has no
        VmRSS: reading it fails instead of giving 0, which would pass
        test_paste_delete_memory_follows_text's bound without measuring."""
        p = subprocess.Popen(["/bin/true"])
        try:
            deadline = time.time() + 10
            while time.time() < deadline:
                with open("/proc/%d/stat" % p.pid) as f:
                    if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                        break
                time.sleep(0.01)
            self.assertGreater(vm_kib(os.getpid(), "VmRSS"), 0)
            with self.assertRaises(AssertionError):
                vm_kib(p.pid, "VmRSS")
        finally:
            p.wait()


def main():
    def set_bin(path):
        test_rpc.BIN = path
    return run_main(sys.modules[__name__], set_bin, REPORT)


if __name__ == "__main__":
    sys.exit(main())
