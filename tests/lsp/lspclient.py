"""A small LSP client over stdio (standard library only), for the tests of
`bulletin lsp`. It checks as it reads that every byte the server writes
belongs to a framed message ("Content-Length: N\\r\\n\\r\\n" + N bytes of
JSON): anything else is recorded in Client.stray and fails the test.
"""

import json
import os
import queue
import re
import subprocess
import threading
import time

HEADER_RE = re.compile(rb"^Content-Length: (\d+)\r\n$")


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    """One server process. Messages arrive on a reader thread; responses
    are matched by id, notifications kept in order in self.notes."""

    def __init__(self, argv, env=None):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env)
        self.inbox = queue.Queue()
        self.notes = []
        self.responses = {}
        self.stray = []
        self.stderr = b""
        self.next_id = 1000
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        self.stderr = self.p.stderr.read()

    def _read(self):
        f = self.p.stdout
        while True:
            line = f.readline()
            if not line:
                self.inbox.put(None)
                return
            m = HEADER_RE.match(line)
            blank = f.readline()
            if not m or blank != b"\r\n":
                self.stray.append(line + blank)
                self.inbox.put(None)
                return
            n = int(m.group(1))
            body = f.read(n)
            if len(body) != n:
                self.stray.append(b"truncated body: " + body[:80])
                self.inbox.put(None)
                return
            try:
                self.inbox.put(json.loads(body.decode("utf-8")))
            except ValueError as e:
                self.stray.append(b"invalid JSON from the server: " + str(e).encode())
                self.inbox.put(None)
                return

    # ---- sending ----
    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        self.raw(frame(obj))

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request_msg(self, method, params=None, rid=None):
        if rid is None:
            self.next_id += 1
            rid = self.next_id
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        return rid, msg

    def request(self, method, params=None, rid=None, timeout=30):
        rid, msg = self.request_msg(method, params, rid)
        self.send(msg)
        return self.response(rid, timeout)

    # ---- receiving ----
    def _pump(self, timeout):
        try:
            m = self.inbox.get(timeout=timeout)
        except queue.Empty:
            return False
        if m is None:
            raise EOFError("server closed its output")
        if "method" in m and "id" not in m:
            self.notes.append(m)
        else:
            self.responses.setdefault(json.dumps(m.get("id")), []).append(m)
        return True

    def response(self, rid, timeout=30):
        key = json.dumps(rid)
        end = time.time() + timeout
        while not self.responses.get(key):
            if not self._pump(max(0.01, end - time.time())) and time.time() >= end:
                raise TimeoutError("no response to id %r" % (rid,))
        return self.responses[key].pop(0)

    def note(self, method, pred=lambda p: True, timeout=30):
        """The first (and removed) notification of method whose params
        satisfy pred."""
        end = time.time() + timeout
        while True:
            for i, m in enumerate(self.notes):
                if m["method"] == method and pred(m.get("params")):
                    return self.notes.pop(i)["params"]
            if not self._pump(max(0.01, end - time.time())) and time.time() >= end:
                raise TimeoutError("no %s notification" % method)

    def quiet(self, seconds=0.3):
        """Pumps for a while; returns the messages that came."""
        got = []
        end = time.time() + seconds
        while time.time() < end:
            try:
                m = self.inbox.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            if m is None:
                break
            got.append(m)
        return got

    # ---- lifecycle ----
    def initialize(self, capabilities=None, options=None):
        params = {"processId": os.getpid(), "rootUri": None,
                  "capabilities": capabilities or {}}
        if options is not None:
            params["initializationOptions"] = options
        r = self.request("initialize", params)
        self.notify("initialized", {})
        return r

    def wait(self, timeout=30):
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None

    def stop(self):
        """shutdown + exit; returns the exit status."""
        self.request("shutdown")
        self.notify("exit")
        self.p.stdin.close()
        return self.wait()

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            try:
                f.close()
            except (OSError, ValueError):
                pass
