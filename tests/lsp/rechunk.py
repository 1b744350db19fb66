#!/usr/bin/python3
"""A relay between a client and `bulletin lsp` that cuts the server's
output into pieces of random size (1 byte to 6,000), with a pause after
every other piece, so that a header, a body or the seam between two
messages arrives split across the client's reads. The client's bytes go to the server as they are.

    rechunk.py [lsp]          the server is $RECHUNK_BIN (its own argv after)

Used by tests/lsp/test_lsp.py to run Vim 9's client (vim_lsp.vim), which
reads the framing itself, through such a transport. Seeded by
$RECHUNK_SEED (default 1).
"""
import os
import random
import subprocess
import sys
import threading
import time


def main():
    rng = random.Random(int(os.environ.get("RECHUNK_SEED", "1")))
    server = subprocess.Popen([os.environ["RECHUNK_BIN"]] + sys.argv[1:],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def forward():
        try:
            while True:
                data = os.read(0, 65536)
                if not data:
                    break
                server.stdin.write(data)
                server.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        try:
            server.stdin.close()
        except OSError:
            pass

    threading.Thread(target=forward, daemon=True).start()
    out = sys.stdout.buffer
    while True:
        data = os.read(server.stdout.fileno(), 65536)
        if not data:
            break
        i = 0
        while i < len(data):
            k = rng.choice((1, 2, 7, 30, 500, 4096, 6000))
            out.write(data[i:i + k])
            out.flush()
            i += k
            if rng.random() < 0.5:
                time.sleep(0.001)  # the client reads what has come so far
    sys.exit(server.wait())


if __name__ == "__main__":
    main()
