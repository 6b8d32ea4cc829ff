#!/usr/bin/env python3
"""Writes the WARC fixtures of this folder from the pages in ../pages
(all written for parallax's tests, fictional outlets). Run from this
folder: python3 make_warc.py. Standard library only.

crawl.warc.gz    WARC/1.1, gzip per record: warcinfo, a request, HTML
                 responses (plain, chunked, gzip content coding, charset
                 only in the HTTP header), a redirect, an image, a
                 revisit and a metadata record
lying.warc       WARC/1.0, plain: a record whose Content-Length runs into
                 the next record, one whose length stops short of it, and
                 a last one cut by the end of the file
"""
import gzip
import zlib

def page(name):
    with open('../pages/' + name, 'rb') as f:
        return f.read()

def record(version, rtype, uri, date, block, ctype, length=None):
    head = [version, 'WARC-Type: ' + rtype,
            'WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>' % record.n,
            'WARC-Date: ' + date]
    record.n += 1
    if uri:
        head.append('WARC-Target-URI: ' + (uri if version.endswith('1.1') else '<%s>' % uri))
    head.append('Content-Type: ' + ctype)
    head.append('Content-Length: %d' % (len(block) if length is None else length))
    return ('\r\n'.join(head) + '\r\n\r\n').encode() + block + b'\r\n\r\n'
record.n = 1

def http(body, ctype='text/html; charset=utf-8', status='200 OK', extra=()):
    head = ['HTTP/1.1 ' + status, 'Content-Type: ' + ctype] + list(extra)
    if not any(h.startswith('Transfer-Encoding') for h in extra):
        head.append('Content-Length: %d' % len(body))
    return ('\r\n'.join(head) + '\r\n\r\n').encode() + body

def chunked(body, size=200):
    out = b''
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b'%x\r\n' % len(part) + part + b'\r\n'
    return out + b'0\r\n\r\n'

V = 'WARC/1.1'
HT = 'application/http; msgtype=response'
recs = [
    record(V, 'warcinfo', None, '2025-10-17T00:00:00Z', b'software: parallax fixture\r\n', 'application/warc-fields'),
    record(V, 'request', 'https://harbourcourier.example/news/ferry', '2025-10-17T00:00:01Z',
           b'GET /news/ferry HTTP/1.1\r\nHost: harbourcourier.example\r\n\r\n', 'application/http; msgtype=request'),
    record(V, 'response', 'https://harbourcourier.example/news/ferry', '2025-10-17T00:00:02Z',
           http(page('courier-bridge.html')), HT),
    record(V, 'response', 'https://valleyledger.example/2025/09/02/cafe-fees', '2025-10-17T00:00:03Z',
           http(chunked(page('ledger-mislabelled.html')), extra=['Transfer-Encoding: chunked']), HT),
    record(V, 'response', 'https://anzeiger.example/lokales/markt', '2025-10-17T00:00:04Z',
           http(gzip.compress(page('anzeiger-markt.html').replace(b'; charset=iso-8859-1', b''), mtime=0),
                ctype='text/html; charset=ISO-8859-1', extra=['Content-Encoding: gzip']), HT),
    record(V, 'response', 'https://dunes.example/clean-up', '2025-10-17T00:00:05Z',
           http(page('undated-dunes.html')), HT),
    record(V, 'response', 'https://harbourcourier.example/old', '2025-10-17T00:00:06Z',
           http(b'', status='301 Moved Permanently', extra=['Location: /news/ferry']), HT),
    record(V, 'response', 'https://harbourcourier.example/ferry.png', '2025-10-17T00:00:07Z',
           http(b'\x89PNG\r\n\x1a\n' + bytes(40), ctype='image/png'), HT),
    record(V, 'revisit', 'https://harbourcourier.example/news/ferry', '2025-10-18T00:00:00Z',
           b'HTTP/1.1 200 OK\r\n\r\n', 'application/http; msgtype=response'),
    record(V, 'metadata', 'https://harbourcourier.example/news/ferry', '2025-10-18T00:00:01Z',
           b'fetchTimeMs: 120\r\n', 'application/warc-fields'),
]
with open('crawl.warc.gz', 'wb') as f:
    for r in recs:
        f.write(gzip.compress(r, mtime=0))

V0 = 'WARC/1.0'
a = http(page('courier-bridge.html'))
b = http(page('ledger-mislabelled.html'))
c = http(page('anzeiger-markt.html'))
lying = (record(V0, 'response', 'https://harbourcourier.example/news/ferry', '2025-10-17T00:00:02Z', a, HT, length=len(a) + 500)
         + record(V0, 'response', 'https://valleyledger.example/2025/09/02/cafe-fees', '2025-10-17T00:00:03Z', b, HT, length=len(b) - 300)
         + record(V0, 'response', 'https://anzeiger.example/lokales/markt', '2025-10-17T00:00:04Z', c, HT))
with open('lying.warc', 'wb') as f:
    f.write(lying[:-700])
