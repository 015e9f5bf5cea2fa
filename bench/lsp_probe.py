#!/usr/bin/env python3
"""Start-up and memory probes of `claimcheck lsp`, for bench/compare.sh.

usage: lsp_probe.py startup BINARY [RUNS=20]
         prints the median and max milliseconds from process start to the `initialize` answer
       lsp_probe.py memory BINARY CORPUS [DOCS=100] [KIB=200]
         opens DOCS documents of KIB KiB each (slices of CORPUS, each with a token and a Graph URL
         added), waits for every publishDiagnostics, and prints the server's peak and current RSS
       lsp_probe.py index BINARY FOLDER [RUNS=3]
         opens FOLDER as the workspace and prints the milliseconds from `initialized` to the end of
         the workspace index ($/progress end), median of RUNS
       lsp_probe.py declaration-edit BINARY FOLDER [EDITS=50]
         writes an app (a Terraform registration and a call that depends on it) under
         FOLDER/claimcheck-probe-app, opens both, and times each edit of the declaration until the
         call's diagnostics are republished (median and p95)
"""
import json
import os
import statistics
import subprocess
import sys
import time


class Server:
    def __init__(self, binary):
        env = dict(os.environ, CLAIMCHECK_NOW="2026-06-01T00:00:00Z")
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env, bufsize=0)
        self.next_id = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return i

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("server closed its output")
            line = line.strip()
            if not line:
                break
            k, _, v = line.partition(b":")
            if k.lower() == b"content-length":
                length = int(v)
        body = b""
        while len(body) < length:
            chunk = self.p.stdout.read(length - len(body))
            if not chunk:
                raise EOFError("server closed its output")
            body += chunk
        msg = json.loads(body)
        if "method" in msg and "id" in msg:
            # A request from the server (configuration, registration): answer it.
            result = [None] * len(msg["params"].get("items", [])) if msg["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        return msg

    def wait_response(self, i):
        while True:
            m = self.read()
            if m.get("id") == i and "method" not in m:
                return m

    def initialize(self, folder=None):
        params = {"processId": os.getpid(), "rootUri": None, "capabilities": {}}
        if folder:
            params["capabilities"] = {"window": {"workDoneProgress": True}}
            params["workspaceFolders"] = [{"uri": "file://" + os.path.abspath(folder), "name": "ws"}]
        i = self.request("initialize", params)
        self.wait_response(i)
        took = time.perf_counter() - self.t0
        self.notify("initialized", {})
        return took

    def close(self):
        try:
            i = self.request("shutdown", None)
            self.wait_response(i)
            self.notify("exit", None)
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()


def rss_kib(pid):
    peak = cur = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1])
            elif line.startswith("VmRSS:"):
                cur = int(line.split()[1])
    return peak, cur


def startup(binary, runs):
    times = []
    for _ in range(runs):
        s = Server(binary)
        times.append(s.initialize() * 1000)
        s.close()
    print("initialize answered after %.1f ms (median of %d; max %.1f)" % (statistics.median(times), runs, max(times)))


def memory(binary, corpus, docs, kib):
    data = open(corpus, encoding="utf-8").read()
    size = kib * 1024
    token = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJzY3AiOiJVc2VyLlJlYWQifQ."
             "c2lnbmF0dXJl")
    s = Server(binary)
    s.initialize()
    uris = set()
    for d in range(docs):
        start = (d * 7919 * 1024) % max(1, len(data) - size)
        start = data.find("\n", start) + 1
        text = 'let token = "%s";\nlet url = "https://graph.microsoft.com/v1.0/security/alerts_v2";\n' % token
        text += data[start:start + size - len(text)]
        uri = "file:///bench/doc%03d.rs" % d
        uris.add(uri)
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": text}})
    seen = set()
    while seen != uris:
        m = s.read()
        if m.get("method") == "textDocument/publishDiagnostics":
            seen.add(m["params"]["uri"])
    peak, cur = rss_kib(s.p.pid)
    s.close()
    print("%d documents of %d KiB open: peak RSS %.1f MiB, RSS %.1f MiB" % (docs, kib, peak / 1024, cur / 1024))


def wait_index_end(s):
    while True:
        m = s.read()
        if m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end":
            return


def index(binary, folder, runs):
    times = []
    for _ in range(runs):
        s = Server(binary)
        s.initialize(folder)
        t0 = time.perf_counter()
        wait_index_end(s)
        times.append((time.perf_counter() - t0) * 1000)
        s.close()
    print("workspace index of %s: %.0f ms (median of %d; max %.0f)" % (folder, statistics.median(times), runs, max(times)))


TF = """resource "azuread_application" "probe" {
  required_resource_access {
    resource_app_id = "00000003-0000-0000-c000-000000000000"
    resource_access {
      id   = azuread_service_principal.g.app_role_ids["%s"]
      type = "Role"
    }
  }
}
"""
PY = ("cred = ClientSecretCredential(t, c, s)\n"
      "hunt = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n")


def declaration_edit(binary, folder, edits):
    app = os.path.join(folder, "claimcheck-probe-app")
    os.makedirs(os.path.join(app, "infra"), exist_ok=True)
    names = ["SecurityAlert.Read.All", "ThreatHunting.Read.All"]
    with open(os.path.join(app, "infra", "main.tf"), "w") as f:
        f.write(TF % names[0])
    with open(os.path.join(app, "poll.py"), "w") as f:
        f.write(PY)
    s = Server(binary)
    s.initialize(folder)
    wait_index_end(s)
    base = "file://" + os.path.abspath(app)
    tf, py = base + "/infra/main.tf", base + "/poll.py"
    s.notify("textDocument/didOpen", {"textDocument": {"uri": py, "languageId": "python", "version": 1, "text": PY}})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": tf, "languageId": "terraform", "version": 1, "text": TF % names[0]}})
    seen = set()
    while seen != {py, tf}:
        m = s.read()
        if m.get("method") == "textDocument/publishDiagnostics":
            seen.add(m["params"]["uri"])
    times = []
    for k in range(edits):
        old, new = names[k % 2], names[(k + 1) % 2]
        line = (TF % old).split("\n")[4]
        start = line.index(old)
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": tf, "version": k + 2}, "contentChanges": [{
            "range": {"start": {"line": 4, "character": start}, "end": {"line": 4, "character": start + len(old)}},
            "text": new}]})
        # The call is covered every other edit: its diagnostics change each time. Both documents are
        # published (the declaration with its new version) before the next edit.
        got_py = got_tf = False
        while not (got_py and got_tf):
            m = s.read()
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            if m["params"]["uri"] == py:
                got_py = True
                times.append((time.perf_counter() - t0) * 1000)
            elif m["params"]["uri"] == tf and m["params"].get("version") == k + 2:
                got_tf = True
    s.close()
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print("declaration edit -> dependent document republished: median %.1f ms, p95 %.1f ms (%d edits, workspace %s)"
          % (statistics.median(times), p95, edits, folder))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if sys.argv[1] == "startup":
        startup(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    elif sys.argv[1] == "memory":
        memory(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 100,
               int(sys.argv[5]) if len(sys.argv) > 5 else 200)
    elif sys.argv[1] == "index":
        index(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 3)
    elif sys.argv[1] == "declaration-edit":
        declaration_edit(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 50)
    else:
        sys.exit(__doc__)
