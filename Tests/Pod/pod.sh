#!/bin/sh
# A "pod" for the integration tests, run as PID 1 of new PID, network, mount and UTS namespaces:
#   unshare --pid --net --mount --uts --fork --kill-child sh Tests/Pod/pod.sh DIR
# It brings lo up, bind-mounts DIR/resolv.conf and DIR/hosts over /etc's in its private mount
# namespace (the machine's files are never touched), sets the hostname pod-7, and reaches its
# cluster DNS (pod-dns.py, 10.96.0.10) over a veth pair (eth0, 10.96.0.5/24 and fd00:96::5/64)
# into a network namespace of the DNS server's own, as a pod reaches CoreDNS. When all that is up
# it writes its pid as the machine sees it to DIR/pod.pid and becomes `sleep`, the process tests
# attach to. Killing it ends everything: its PID namespace goes with it.
set -e
dir=$1
here=$(dirname "$0")
ip link set lo up
mount --bind "$dir/resolv.conf" /etc/resolv.conf
mount --bind "$dir/hosts" /etc/hosts
hostname pod-7
# The server namespace is named by its pid in this PID namespace, which `ip` reads.
unshare --net sh -c '
    set -e
    echo $$ > "$1/dns.pid"
    while ! ip link show dns0 >/dev/null 2>&1; do sleep 0.02; done
    ip link set lo up
    ip addr add 10.96.0.10/24 dev dns0
    ip link set dns0 up
    exec python3 "$2/pod-dns.py" 10.96.0.10 53 "$1/dns.ready"' dns "$dir" "$here" &
while [ ! -s "$dir/dns.pid" ]; do sleep 0.02; done
ip link add eth0 type veth peer name dns0 netns "$(cat "$dir/dns.pid")"
ip addr add 10.96.0.5/24 dev eth0
ip -6 addr add fd00:96::5/64 dev eth0 nodad
# No duplicate address detection, and the link-local address in place before anyone looks: the
# tests compare the pod's addresses before and after attaching.
echo 0 > /proc/sys/net/ipv6/conf/eth0/accept_dad
ip link set eth0 up
while ! ip -6 -o address show dev eth0 scope link | grep -q fe80; do sleep 0.02; done
while [ ! -e "$dir/dns.ready" ]; do sleep 0.02; done
read -r stat < /proc/self/stat
echo "${stat%% *}" > "$dir/pod.pid.new"
mv "$dir/pod.pid.new" "$dir/pod.pid"
exec sleep 3600
