// Command resolvlab-client-go is ResolvLab's Go client: each lookup call made through Go's
// net.DefaultResolver. Built with cgo, so GODEBUG picks the resolver: netdns=go is Go's own stub
// resolver, netdns=cgo libc's getaddrinfo and getnameinfo (glibc's here).
//
//	resolvlab-client-go CALL NAME [KEY=VALUE ...]
//
// The request and the one-line JSON result are tools/clients/README.md's. getaddrinfo is
// LookupIP("ip"|"ip4"|"ip6"); gethostbyname LookupIP("ip4"); gethostbyname2 LookupIP("ip4"|"ip6");
// gethostbyaddr and getnameinfo LookupAddr. Go has no equivalent of res_query, res_search or
// res_querydomain (its LookupMX, LookupTXT, ... decode records and report no rcode), nor of any
// getaddrinfo flag: those exit 3.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

type failure struct {
	Name   string `json:"name"`
	Detail string `json:"detail"`
}

type result struct {
	Addresses  *[]string `json:"addresses,omitempty"`
	Names      *[]string `json:"names,omitempty"`
	Error      *failure  `json:"error,omitempty"`
	DurationMs float64   `json:"durationMs"`
}

func usage(format string, arguments ...interface{}) {
	program := "resolvlab-client-go"
	fmt.Fprintf(os.Stderr, "%s: %s\n", program, fmt.Sprintf(format, arguments...))
	fmt.Fprintf(os.Stderr, "usage: %s CALL NAME [family=unspec|inet|inet6] [flags=F,...] [type=T] [domain=D]\n", program)
	os.Exit(64)
}

func emit(value interface{}, status int) {
	line, err := json.Marshal(value)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(append(line, '\n'))
	os.Exit(status)
}

func unsupported(why string) {
	emit(map[string]string{"unsupported": why}, 3)
}

// errorNames is the README's mapping of Go's *net.DNSError: IsNotFound (NXDOMAIN and, in Go, also
// a name without records of the type) → not found; IsTimeout or IsTemporary (SERVFAIL, REFUSED,
// no reply) → try again; anything else → fail. Go never reports "no data" apart.
func errorName(err error, eai bool) string {
	var dnsError *net.DNSError
	kind := 3
	if errors.As(err, &dnsError) {
		switch {
		case dnsError.IsNotFound:
			kind = 0
		case dnsError.IsTimeout || dnsError.IsTemporary:
			kind = 2
		}
	}
	if eai {
		return []string{"EAI_NONAME", "EAI_NODATA", "EAI_AGAIN", "EAI_FAIL"}[kind]
	}
	return []string{"HOST_NOT_FOUND", "NO_DATA", "TRY_AGAIN", "NO_RECOVERY"}[kind]
}

var calls = map[string]bool{
	"getaddrinfo": true, "gethostbyname": true, "gethostbyname2": true, "res_query": true,
	"res_search": true, "res_querydomain": true, "gethostbyaddr": true, "getnameinfo": true,
}

var flagNames = map[string]bool{
	"addrconfig": true, "all": true, "canonname": true, "numerichost": true, "passive": true, "v4mapped": true,
}

func main() {
	if len(os.Args) < 3 {
		usage("expected CALL NAME")
	}
	call, name := os.Args[1], os.Args[2]
	if !calls[call] {
		usage("unknown call '%s'", call)
	}
	if name == "" {
		usage("NAME is empty")
	}
	// The same keys the C helpers accept, checked the same way: usage errors come before "unsupported".
	given := map[string]string{}
	for _, argument := range os.Args[3:] {
		key, value, found := strings.Cut(argument, "=")
		if !found {
			usage("expected KEY=VALUE, got '%s'", argument)
		}
		allowed := (key == "family" && (call == "getaddrinfo" || call == "gethostbyname2")) ||
			(key == "flags" && call == "getaddrinfo") ||
			(key == "type" && strings.HasPrefix(call, "res_")) ||
			(key == "domain" && call == "res_querydomain")
		if _, twice := given[key]; !allowed || twice {
			usage("%s does not take '%s' (or it is given twice)", call, key)
		}
		given[key] = value
	}
	family, hasFamily := given["family"]
	switch {
	case !hasFamily && call == "gethostbyname2":
		usage("gethostbyname2 needs family=inet or family=inet6")
	case hasFamily && family != "inet" && family != "inet6" && !(family == "unspec" && call == "getaddrinfo"):
		usage("family must be unspec, inet or inet6 (gethostbyname2: inet or inet6), got '%s'", family)
	}
	var flags []string
	if text, ok := given["flags"]; ok && text != "" {
		flags = strings.Split(text, ",")
		for _, flag := range flags {
			if !flagNames[flag] {
				usage("unknown flag '%s' (addrconfig, all, canonname, numerichost, passive, v4mapped)", flag)
			}
		}
	}
	if _, ok := given["type"]; ok && !validType(given["type"]) {
		usage("unknown type '%s'", given["type"])
	}
	if _, ok := given["domain"]; call == "res_querydomain" && !ok {
		usage("res_querydomain needs domain=D")
	}
	if call == "gethostbyaddr" || call == "getnameinfo" {
		if net.ParseIP(name) == nil {
			usage("%s needs an IPv4 or IPv6 address, got '%s'", call, name)
		}
	}

	switch call {
	case "res_query", "res_search", "res_querydomain":
		unsupported("Go has no " + call + ": net.Resolver has no general query (LookupMX, LookupTXT, ... decode records, " +
			"report no rcode, and always use Go's own resolver)")
	}
	if len(flags) > 0 {
		unsupported("Go's LookupIP takes no getaddrinfo flags (" + strings.Join(flags, ",") +
			"): it asks for what its network names, and its cgo mode calls getaddrinfo with AI_CANONNAME|AI_V4MAPPED|AI_ALL only")
	}

	ctx := context.Background()
	var out result
	started := time.Now()
	switch call {
	case "getaddrinfo", "gethostbyname", "gethostbyname2":
		network := map[string]string{"": "ip", "unspec": "ip", "inet": "ip4", "inet6": "ip6"}[family]
		if call == "gethostbyname" {
			network = "ip4"
		}
		addresses, err := net.DefaultResolver.LookupIP(ctx, network, name)
		out.DurationMs = milliseconds(time.Since(started))
		if err != nil {
			out.Error = &failure{Name: errorName(err, call == "getaddrinfo"), Detail: err.Error()}
			break
		}
		texts := make([]string, 0, len(addresses))
		for _, address := range addresses {
			texts = append(texts, address.String())
		}
		out.Addresses = &texts
	case "gethostbyaddr", "getnameinfo":
		names, err := net.DefaultResolver.LookupAddr(ctx, name)
		out.DurationMs = milliseconds(time.Since(started))
		if err != nil {
			out.Error = &failure{Name: errorName(err, call == "getnameinfo"), Detail: err.Error()}
			break
		}
		texts := make([]string, 0, len(names))
		for _, found := range names {
			// Go writes names absolute ("web.example."); the other clients, and the README, without the root's dot.
			texts = append(texts, strings.TrimSuffix(found, "."))
		}
		out.Names = &texts
	}
	emit(out, 0)
}

func milliseconds(duration time.Duration) float64 {
	return float64(duration.Nanoseconds()) / 1e6
}

// validType accepts what the C helpers accept: a mnemonic they know or TYPEnnn.
func validType(text string) bool {
	switch strings.ToUpper(text) {
	case "A", "NS", "CNAME", "SOA", "PTR", "HINFO", "MX", "TXT", "AAAA", "SRV", "NAPTR", "DNAME", "DS",
		"DNSKEY", "SVCB", "HTTPS", "ANY", "CAA":
		return true
	}
	var code int
	upper := strings.ToUpper(text)
	if strings.HasPrefix(upper, "TYPE") && len(upper) > 4 {
		if _, err := fmt.Sscanf(upper[4:], "%d", &code); err == nil && fmt.Sprint(code) == upper[4:] && code <= 65535 {
			return true
		}
	}
	return false
}
