#!/bin/sh
# The shell pipeline ResolvLab replaces, for the benchmark: one run of the seed scenario by hand.
# unshare + ip + a bind-mounted resolv.conf + tcpdump + a tiny responder + getent, with the sleeps
# such scripts need (tcpdump must be listening before the lookup; it must flush before it is
# stopped). Prints the number of queries tcpdump saw. Run as root (or it adds a user namespace).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'search prophet.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n' > "$work/resolv.conf"
userns=""
[ "$(id -u)" -ne 0 ] && userns="--user --map-root-user"
# shellcheck disable=SC2086
unshare $userns --net --mount sh -c '
    set -e
    work=$1; here=$2
    mount --make-rprivate /
    ip link set lo up
    ip addr add 10.96.0.10/32 dev lo
    ip addr add fd00::17/128 dev lo nodad
    mount --bind "$work/resolv.conf" /etc/resolv.conf
    tcpdump -i lo -n -w "$work/capture.pcap" --immediate-mode "udp port 53 or tcp port 53" 2>/dev/null &
    capture=$!
    python3 "$here/shell-baseline-responder.py" &
    responder=$!
    sleep 0.5
    getent ahosts ycwu314.top > /dev/null
    sleep 1
    kill $capture $responder
    wait $capture 2>/dev/null || true
    tcpdump -n -r "$work/capture.pcap" 2>/dev/null | grep -c "? ycwu314" || true
' sh "$work" "$here"
