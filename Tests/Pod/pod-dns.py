#!/usr/bin/env python3
"""The cluster DNS of the integration tests' pod (Tests/Pod/pod.sh): UDP and TCP on ADDRESS:53.

Fixed data, one name per behaviour an attached trace must see and replay:
  api.example.      A 10.0.0.5, AAAA fd00::5
  www.example.      CNAME web.example., whose A is 10.0.0.7 (one answer holds the chain)
  nodata.example.   A 10.0.0.9 only (AAAA is NODATA)
  slow.example.     A 10.0.0.8, answered after 300 ms
  fail.example.     SERVFAIL        refused.example.  REFUSED
  drop.example.     never answered
  anything else     NXDOMAIN
Writes READY_FILE once both sockets listen.
"""
import socket
import struct
import sys
import threading
import time

RECORDS = {
    "api.example.": {1: ["10.0.0.5"], 28: ["fd00::5"]},
    "www.example.": {5: ["web.example."]},
    "web.example.": {1: ["10.0.0.7"]},
    "nodata.example.": {1: ["10.0.0.9"]},
    "slow.example.": {1: ["10.0.0.8"]},
}
RCODES = {"fail.example.": 2, "refused.example.": 5}
DROPPED = {"drop.example."}
DELAYS = {"slow.example.": 0.3}


def encode_name(name):
    return b"".join(bytes([len(label)]) + label.encode() for label in name.rstrip(".").split(".") if label) + b"\0"


def rdata(rtype, value):
    if rtype == 1:
        return socket.inet_pton(socket.AF_INET, value)
    if rtype == 28:
        return socket.inet_pton(socket.AF_INET6, value)
    return encode_name(value)


def answer(query):
    """The reply to `query`, or None to drop it; and how long to hold it back."""
    if len(query) < 12:
        return None, 0
    ident, flags, qdcount = struct.unpack("!HHH", query[:6])
    labels, offset = [], 12
    while offset < len(query) and query[offset] != 0:
        length = query[offset]
        labels.append(query[offset + 1:offset + 1 + length].decode("ascii", "replace").lower())
        offset += 1 + length
    qtype, = struct.unpack("!H", query[offset + 1:offset + 3])
    question = query[12:offset + 5]
    name = ".".join(labels) + "."
    if name in DROPPED:
        return None, 0
    rcode, records = 0, []
    if name in RCODES:
        rcode = RCODES[name]
    elif name in RECORDS:
        owner = name
        while owner in RECORDS and 5 in RECORDS[owner] and qtype != 5:
            target = RECORDS[owner][5][0]
            records.append((owner, 5, target))
            owner = target
        for value in RECORDS.get(owner, {}).get(qtype, []):
            records.append((owner, qtype, value))
    else:
        rcode = 3
    header = struct.pack("!HHHHHH", ident, 0x8580 | (flags & 0x0100) | rcode, 1, len(records), 0, 0)
    body = b"".join(encode_name(owner) + struct.pack("!HHIH", rtype, 1, 30, len(rdata(rtype, value))) + rdata(rtype, value)
                    for owner, rtype, value in records)
    return header + question + body, DELAYS.get(name, 0)


def serve_udp(sock):
    while True:
        query, client = sock.recvfrom(4096)
        reply, delay = answer(query)
        if reply is not None:
            threading.Timer(delay, sock.sendto, (reply, client)).start()


def serve_tcp_connection(connection):
    with connection:
        while True:
            prefix = connection.recv(2)
            if len(prefix) < 2:
                return
            length, = struct.unpack("!H", prefix)
            query = b""
            while len(query) < length:
                chunk = connection.recv(length - len(query))
                if not chunk:
                    return
                query += chunk
            reply, delay = answer(query)
            if reply is not None:
                time.sleep(delay)
                connection.sendall(struct.pack("!H", len(reply)) + reply)


def serve_tcp(sock):
    while True:
        connection, _ = sock.accept()
        threading.Thread(target=serve_tcp_connection, args=(connection,), daemon=True).start()


def main():
    address, port, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((address, port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((address, port))
    tcp.listen(64)
    threading.Thread(target=serve_tcp, args=(tcp,), daemon=True).start()
    open(ready, "w").close()
    serve_udp(udp)


main()
