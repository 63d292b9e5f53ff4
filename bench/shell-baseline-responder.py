"""Minimal DNS responder for the shell baseline: ycwu314.top has A and AAAA, everything else is NXDOMAIN."""
import socket
import struct

RECORDS = {
    ("ycwu314.top", 1): socket.inet_pton(socket.AF_INET, "104.24.99.9"),
    ("ycwu314.top", 28): socket.inet_pton(socket.AF_INET6, "2606:4700:3033::6818:6309"),
}

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("10.96.0.10", 53))
while True:
    query, client = server.recvfrom(4096)
    offset, labels = 12, []
    while query[offset]:
        labels.append(query[offset + 1 : offset + 1 + query[offset]].decode())
        offset += 1 + query[offset]
    qtype = struct.unpack("!H", query[offset + 1 : offset + 3])[0]
    question = query[12 : offset + 5]
    name = ".".join(labels).lower()
    data = RECORDS.get((name, qtype))
    known = any(key[0] == name for key in RECORDS)
    rcode = 0 if known else 3
    flags = 0x8180 | rcode
    answer = b""
    if data:
        answer = b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 30, len(data)) + data
    header = query[:2] + struct.pack("!HHHHH", flags, 1, 1 if data else 0, 0, 0)
    server.sendto(header + question + answer, client)
