#!/usr/bin/env python3
"""serve_hostile.py: hostile requests against a running `parallax serve`
on loopback: path traversal (plain, percent-encoded, encoded slashes,
overlong UTF-8), invalid UTF-8, huge query strings, request lines and
headers, bodies, unknown methods, malformed numbers and search queries,
idle and slow clients. Each must get a 4xx answer (or a closed
connection), never a 5xx, a crash or a file from the disk; and the server
must still answer a good request at the end.

Usage: serve_hostile.py HOST PORT IDLE_TIMEOUT_SECONDS
Prints one line per failed check and exits 1 when any failed. Every socket
has a timeout, and the whole run is bounded (about IDLE_TIMEOUT + 20 s)."""
import json
import socket
import sys
import time

HOST, PORT, IDLE = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
fails = []


def fail(msg):
    fails.append(msg)
    print("  " + msg)


def exchange(raw, timeout=10.0):
    """Sends raw bytes and reads until the server closes or the timeout.
    Returns (status or None, headers text, body bytes)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    try:
        try:
            s.sendall(raw)
        except OSError:
            pass  # the server may close before reading all of it
        data = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = None
                for line in head.split(b"\r\n")[1:]:
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v.strip())
                if length is not None and len(body) >= length:
                    break
    finally:
        s.close()
    if not data.startswith(b"HTTP/1."):
        return None, "", data
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, head.decode("latin-1"), body


def get(target, extra=b"", method=b"GET"):
    return exchange(method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                    extra + b"\r\n")


def expect_refused(name, target, statuses=(400, 404, 414), **kw):
    status, head, body = get(target, **kw)
    if status is None:
        return  # closed without an answer: refused too
    if status not in statuses:
        fail("%s: status %s, want one of %s (%r)" % (name, status, statuses, body[:120]))
    if status >= 400 and b"application/json" in head.encode() and body:
        try:
            json.loads(body)
        except ValueError:
            fail("%s: error body is not JSON: %r" % (name, body[:120]))
    if b"root:" in body or b"[boot loader]" in body:
        fail("%s: a file from the disk came back" % name)


# --- path traversal ---
for t in [b"/static/../../../../etc/passwd", b"/../etc/passwd",
          b"/static/%2e%2e/%2e%2e/etc/passwd", b"/static/%2E%2E/app.js",
          b"/static/..%2fapp.js", b"/static/..%2F..%2Fetc%2Fpasswd",
          b"/static%2fapp.js", b"/api%2fstories", b"/api/articles/..%2f..%2fetc%2fpasswd",
          b"/api/articles/%2e%2e", b"/api/articles/.", b"/static/%5c..%5capp.js",
          b"/static/..\\app.js", b"/api/articles/%c0%ae%c0%ae", b"/static/app.js%00.png",
          b"//etc/passwd", b"/static//app.js", b"/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          b"/story/%2e%2e", b"/%%32%65%%32%65/etc/passwd", b"/static/app.js%"]:
    expect_refused("traversal " + t.decode("latin-1"), t)

# --- invalid UTF-8 and control characters ---
for t in [b"/api/search?q=%ff%fe", b"/api/quotes?speaker=%c3%28", b"/api/search?q=%ed%a0%80",
          b"/api/search?q=%f4%90%80%80", b"/api/stories?outlet=%00", b"/api/stories?q=a%0db",
          b"/api/articles/%ff", b"/story/%e2%82", b"/api/search?q=\xff\xfe", b"/\xc3\x28"]:
    expect_refused("bad text " + t.decode("latin-1"), t, statuses=(400,))

# --- huge query strings, request lines, headers ---
expect_refused("4 KiB value", b"/api/search?q=" + b"a" * 5000, statuses=(400, 414, 431))
expect_refused("64 KiB query", b"/api/stories?q=" + b"b" * 65536, statuses=(400, 414, 431))
expect_refused("1 MiB request line", b"/api/stories?q=" + b"c" * (1 << 20), statuses=(400, 414, 431))
expect_refused("many parameters", b"/api/stories?" + b"&".join(b"p%d=1" % i for i in range(500)),
               statuses=(400, 414))
expect_refused("long path", b"/story/" + b"9" * 3000, statuses=(400, 404, 414))
expect_refused("deep path", b"/" + b"a/" * 200, statuses=(400, 404, 414))
expect_refused("big headers", b"/api/stories",
               extra=b"".join(b"X-Pad-%d: %s\r\n" % (i, b"h" * 4000) for i in range(40)),
               statuses=(400, 413, 431))

# --- methods and bodies: the server is read-only ---
for m in [b"POST", b"PUT", b"DELETE", b"PATCH", b"TRACE", b"OPTIONS", b"CONNECT", b"BREW"]:
    status, head, _ = get(b"/api/stories", method=m, extra=b"Content-Length: 0\r\n")
    if status not in (405, 400, 501, None):
        fail("%s: status %s, want 405" % (m.decode(), status))
status, _, _ = get(b"/api/stories", extra=b"Content-Length: 10\r\n\r\n0123456789")
if status not in (413, 400, None):
    fail("GET with a body: status %s, want 413" % status)
status, _, _ = get(b"/api/stories", extra=b"Content-Length: 999999999999\r\n")
if status not in (413, 400, None):
    fail("GET with a huge length: status %s, want 413" % status)
status, _, _ = get(b"/api/stories", extra=b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n")
if status not in (413, 400, 501, None):
    fail("chunked GET: status %s, want 413" % status)
status, _, _ = get(b"/api/stories", method=b"POST", extra=b"Content-Length: 100000000\r\n")
if status not in (405, 413, 400, None):
    fail("POST of 100 MB announced: status %s" % status)

# --- garbage ---
for raw in [b"\x00\x01\x02\x03\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
            b"GET /api/stories HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
            b"GET http://elsewhere.invalid/ HTTP/1.1\r\nHost: x\r\n\r\n",
            b"\r\n" * 1000, b"G" * 100000]:
    status, _, body = exchange(raw, timeout=5)
    if status is not None and status >= 500 and status != 505:
        fail("garbage %r: status %s" % (raw[:20], status))

# --- parameters the API refuses ---
for t, want in [(b"/api/stories?limit=-1", 400), (b"/api/stories?limit=99999999999999999999999", 400),
                (b"/api/stories?offset=abc", 400), (b"/api/stories?limit=0", 400),
                (b"/api/stories?from=2026-13-01", 400), (b"/api/stories?to=yesterday", 400),
                (b"/api/stories?nope=1", 400), (b"/api/stories?q=a&q=b", 400),
                (b"/api/stories/0", 404), (b"/api/stories/99999999999", 404),
                (b"/api/stories/1abc", 404), (b"/api/stories/-1", 404),
                (b"/api/articles/no-such-article", 404), (b"/api/nothing", 404),
                (b"/api/search", 400), (b"/api/search?q=", 400), (b"/api/quotes", 400),
                (b"/api/search?q=%22", 400), (b"/api/search?q=NEAR(", 400),
                (b"/api/search?q=a%20AND", 400), (b"/api/stories?q=%22", 400),
                (b"/api/stories/1?x=1", 400), (b"/nowhere", 404), (b"/static/nothing.js", 404)]:
    status, head, body = get(t)
    if status != want:
        fail("%s: status %s, want %d (%r)" % (t.decode(), status, want, body[:160]))
    elif b"error" not in body and status >= 400 and t.startswith(b"/api"):
        fail("%s: no JSON error" % t.decode())
# Search syntax that SQL would mind, FTS5 must not: never a 5xx.
for q in [b"%27)%20OR%201%3D1%20--", b"%22%3B%20DROP%20TABLE%20articles%3B%20--", b"*", b"a*",
          b"title%3Aport", b"%28%28%28%28%28", b"NOT", b"%5E", b"a%20NEAR%2F3%20b"]:
    status, _, body = get(b"/api/search?q=" + q)
    if status is None or status >= 500:
        fail("search q=%s: status %s (%r)" % (q.decode(), status, body[:160]))

# --- idle and slow clients are cut off; others are still served ---
idle = []
for _ in range(50):
    s = socket.create_connection((HOST, PORT), timeout=5)
    idle.append(s)
slow = socket.create_connection((HOST, PORT), timeout=IDLE + 10)
slow.sendall(b"GET /api/stories HTTP/1.1\r\nHost: x\r\n")  # never finished
status, _, body = get(b"/api/stories")
if status != 200:
    fail("a good request beside 51 idle connections: status %s" % status)
started = time.time()
try:
    closed = slow.recv(1024) == b"" or True
except socket.timeout:
    closed = False
except OSError:
    closed = True
waited = time.time() - started
if not closed or waited > IDLE + 8:
    fail("a half-sent request was not cut off after %.0f s (idle timeout %.0f s)" % (waited, IDLE))
slow.close()
for s in idle:
    s.close()

# --- still serving, and still right ---
status, head, body = get(b"/api/stories")
try:
    ok = status == 200 and isinstance(json.loads(body)["stories"], list)
except (ValueError, KeyError, TypeError):
    ok = False
if not ok:
    fail("after all that, /api/stories: status %s (%r)" % (status, body[:160]))
status, _, body = get(b"/")
if status != 200 or b"<html" not in body:
    fail("after all that, the page: status %s" % status)
sys.exit(1 if fails else 0)
