#!/usr/bin/env python3
"""Writes the scenarios `make soak SOAK=load` runs: the scale real resolver test suites reach.

  generate-load-scenarios.py DIRECTORY

  udp-10000-lookups.json       10,000 getaddrinfo lookups (inet), one A query each over UDP
  tcp-2000-queries.json        2,000 lookups with `options use-vc`, every 100th answered with
                               ~64 KiB (4,000 addresses), all over TCP: 2,120 queries
  concurrent-3000-lookups.json 3,000 lookups from 6 threads at once (resolvlab-load), A and AAAA
                               each: 6,000 queries in whatever order the threads interleave

What glibc sends for each is fixed by the names (absolute, no search list) and the family; the
soak checks that every query is on the wire, the capture lost nothing, and every lookup answered.
"""
import ipaddress
import json
import os
import sys

NAMESERVER = "10.96.0.10"
GLIBC_ASKS_FOR_64K = 7


def scenario(name, description, resolv_conf, records, lookups, queries, order="exact", timeout_ms=120000):
    return {
        "name": name,
        "description": description,
        "tags": ["load"],
        "timeoutMs": timeout_ms,
        "resolvConf": [f"nameserver {NAMESERVER}"] + resolv_conf,
        "servers": [{"address": NAMESERVER, "records": records}],
        "lookups": lookups,
        "expect": {"queries": queries, "order": order},
    }


def udp_10000():
    count = 10000
    return scenario(
        "10,000 getaddrinfo lookups over UDP, one A query each",
        "Each absolute name is asked once, A only (family inet), in lookup order.",
        [],
        {"*.udp.load.example.": {"A": ["10.0.0.5"]}},
        [{"getaddrinfo": f"q{i}.udp.load.example.", "family": "inet", "expect": {"addresses": ["10.0.0.5"]}}
         for i in range(count)],
        [f"A q{i}.udp.load.example. udp" for i in range(count)])


def tcp_2000():
    count = 2000
    # 4,000 A records: 12 header + the question + 4,000 x 16 bytes, about 64,040 bytes.
    big = [str(ipaddress.IPv4Address("10.64.0.0") + i) for i in range(4000)]
    records = {"*.tcp.load.example.": {"A": ["10.0.0.5"]}}
    lookups = []
    for i in range(count):
        name = f"q{i}.tcp.load.example."
        expect = {"addresses": ["10.0.0.5"]}
        if i % 100 == 0:
            records[name] = {"A": big}
            expect = {"exitCode": 0, "stdoutContains": "1 lookups, 1 answered, 0 failed, 4000 addresses"}
            lookups.append({"exec": ["resolvlab-load", "-f", "inet", "-s", str(i), "q%d.tcp.load.example."],
                            "expect": expect})
        else:
            lookups.append({"getaddrinfo": name, "family": "inet", "expect": expect})
    # glibc 2.36 asks for each 64 KiB answer 7 times (seen on the wire): getaddrinfo hands the
    # DNS module a 1 KiB buffer and doubles it while the 4,000 addresses do not fit, and every
    # call queries again (1, 2, 4, ... 64 KiB). scenarios/transport/glibc/many-addresses-asked-three-times
    # shows the same with 200 addresses.
    queries = []
    for i in range(count):
        queries += [f"A q{i}.tcp.load.example. tcp"] * (GLIBC_ASKS_FOR_64K if i % 100 == 0 else 1)
    return scenario(
        "2,000 lookups over TCP (use-vc), 20 of them answered with 64 KiB",
        "options use-vc: glibc opens a TCP connection per lookup; every 100th name has 4,000 addresses.",
        ["options use-vc"], records, lookups, queries)


def concurrent_3000():
    count, threads = 3000, 6
    queries = []
    for i in range(count):
        queries += [f"A q{i}.concurrent.load.example. udp", f"AAAA q{i}.concurrent.load.example. udp"]
    return scenario(
        "3,000 concurrent lookups from 6 threads",
        "resolvlab-load resolves 3,000 names from 6 threads at once; glibc asks A and AAAA for each.",
        [],
        {"*.concurrent.load.example.": {"A": ["10.0.0.5"], "AAAA": ["fd00::5"]}},
        [{"exec": ["resolvlab-load", "-t", str(threads), "-n", str(count), "-f", "unspec",
                   "q%d.concurrent.load.example."],
          "expect": {"exitCode": 0, "stdoutContains": f"{count} lookups, {count} answered, 0 failed, {2 * count} addresses"}}],
        queries, order="unordered")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    for file, build in [("udp-10000-lookups.json", udp_10000), ("tcp-2000-queries.json", tcp_2000),
                        ("concurrent-3000-lookups.json", concurrent_3000)]:
        with open(os.path.join(directory, file), "w") as out:
            json.dump(build(), out, indent=1)
            out.write("\n")


if __name__ == "__main__":
    main()
