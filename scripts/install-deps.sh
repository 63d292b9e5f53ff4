#!/bin/sh
# Installs what resolvlab needs from Debian/Ubuntu packages, if missing:
#   build:  gcc for the C helpers in tools/ (musl-gcc wraps it too); libpcap-dev for the tests'
#           libpcap oracle (the capture filter is checked against libpcap's compiler; resolvlab
#           itself needs no libpcap)
#   tests and bundled scenarios: tcpdump (reads written pcaps), bind9-dnsutils (dig),
#   util-linux (unshare, setpriv for the rootless tests), libxml2-utils (xmllint validates JUnit
#   reports against the schema), python3-jsonschema (validates scenarios against ours),
#   musl-tools (builds the musl getaddrinfo helper the musl scenarios run), perl (its
#   TAP::Parser reads the TAP report back), dnsmasq-base (dnsmasq for scenarios/daemons; this
#   package has no service to start on the host), iproute2 (ip: the attach tests' pod sets up its
#   links and addresses with it), chromium (headless, loads the HTML report and checks the page
#   its script built holds every query, and screenshots it)
#   client helpers (tools/clients): golang-go (the go and go-cgo clients, built offline from the
#   standard library), libc-ares-dev (the c-ares client), python3-dnspython (the dnspython client,
#   for Debian's /usr/bin/python3); musl-tools above builds the musl client
# As root it installs them; otherwise it prints the exact command to run and fails.
set -eu

packages="libpcap-dev gcc libc6-dev tcpdump bind9-dnsutils util-linux libxml2-utils python3 python3-jsonschema musl-tools perl dnsmasq-base iproute2 chromium golang-go libc-ares-dev python3-dnspython"
missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "resolvlab needs these packages:$missing" >&2
    echo "install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
