#!/usr/bin/python3
"""ResolvLab's dnspython client: each lookup call made through dnspython's stub resolver
(dns.resolver.Resolver(), which reads /etc/resolv.conf; dnspython never reads /etc/hosts).

    resolvlab-client-dnspython CALL NAME [KEY=VALUE ...]

The request and the one-line JSON result are tools/clients/README.md's. dnspython 2.3 has no
getaddrinfo of its own that reports why it failed (resolve_name came in 2.4; the getaddrinfo that
override_system_resolver installs turns every failure into EAI_NONAME or EAI_AGAIN), so getaddrinfo
is the queries both make: AAAA, then A for the name the AAAA query settled on (family=unspec), with
the search list. gethostbyname and gethostbyname2 are resolve(NAME, A|AAAA, search=True);
res_query resolve(NAME, TYPE, search=False); res_search the same with search=True; gethostbyaddr and
getnameinfo resolve_address. res_querydomain has no dnspython equivalent (exit 3).

Debian's /usr/bin/python3 on purpose: python3-dnspython is installed for it."""
import json
import socket
import sys
import time

CALLS = ("getaddrinfo", "gethostbyname", "gethostbyname2", "res_query", "res_search",
         "res_querydomain", "gethostbyaddr", "getnameinfo")
FLAGS = ("addrconfig", "all", "canonname", "numerichost", "passive", "v4mapped")
TYPES = ("A", "NS", "CNAME", "SOA", "PTR", "HINFO", "MX", "TXT", "AAAA", "SRV", "NAPTR", "DNAME", "DS",
         "DNSKEY", "SVCB", "HTTPS", "ANY", "CAA")
PROGRAM = "resolvlab-client-dnspython"


def usage(message):
    sys.stderr.write("%s: %s\nusage: %s CALL NAME [family=unspec|inet|inet6] [flags=F,...] [type=T] [domain=D]\n"
                     % (PROGRAM, message, PROGRAM))
    sys.exit(64)


def emit(value, status=0):
    sys.stdout.write(json.dumps(value, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    sys.exit(status)


def unsupported(why):
    emit({"unsupported": why}, 3)


def valid_type(text):
    upper = text.upper()
    if upper in TYPES:
        return True
    return upper.startswith("TYPE") and upper[4:].isdigit() and str(int(upper[4:])) == upper[4:] and int(upper[4:]) <= 65535


def parse(arguments):
    if len(arguments) < 2:
        usage("expected CALL NAME")
    call, name = arguments[0], arguments[1]
    if call not in CALLS:
        usage("unknown call '%s'" % call)
    if not name:
        usage("NAME is empty")
    given = {}
    for argument in arguments[2:]:
        key, equals, value = argument.partition("=")
        if not equals:
            usage("expected KEY=VALUE, got '%s'" % argument)
        allowed = ((key == "family" and call in ("getaddrinfo", "gethostbyname2"))
                   or (key == "flags" and call == "getaddrinfo")
                   or (key == "type" and call.startswith("res_"))
                   or (key == "domain" and call == "res_querydomain"))
        if not allowed or key in given:
            usage("%s does not take '%s' (or it is given twice)" % (call, key))
        given[key] = value
    family = given.get("family")
    if call == "gethostbyname2" and family is None:
        usage("gethostbyname2 needs family=inet or family=inet6")
    if family is not None and family not in ("inet", "inet6") and not (family == "unspec" and call == "getaddrinfo"):
        usage("family must be unspec, inet or inet6 (gethostbyname2: inet or inet6), got '%s'" % family)
    flags = [flag for flag in given.get("flags", "").split(",") if flag] if "flags" in given else []
    for flag in flags:
        if flag not in FLAGS:
            usage("unknown flag '%s' (%s)" % (flag, ", ".join(FLAGS)))
    if "type" in given and not valid_type(given["type"]):
        usage("unknown type '%s'" % given["type"])
    if call == "res_querydomain" and "domain" not in given:
        usage("res_querydomain needs domain=D")
    if call in ("gethostbyaddr", "getnameinfo"):
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name)
        except OSError:
            usage("%s needs an IPv4 or IPv6 address, got '%s'" % (call, name))
    return call, name, family or "unspec", flags, given.get("type", "A").upper()


def main():
    call, name, family, flags, rdtype = parse(sys.argv[1:])
    if call == "res_querydomain":
        unsupported("dnspython has no res_querydomain: resolve() takes one name (ask res_query for NAME.DOMAIN)")
    other_flags = [flag for flag in flags if flag != "canonname"]
    if other_flags:
        unsupported("dnspython has no equivalent of %s: its getaddrinfo (override_system_resolver) refuses "
                    "addrconfig and v4mapped, hands numerichost to the system's, and has no use for all or passive"
                    % ",".join(other_flags))

    import dns.exception
    import dns.rcode
    import dns.rdatatype
    import dns.resolver

    eai = call in ("getaddrinfo", "getnameinfo")
    result = {}
    failed = []

    def error(kind, exception):
        names = {"notfound": ("EAI_NONAME", "HOST_NOT_FOUND"), "nodata": ("EAI_NODATA", "NO_DATA"),
                 "again": ("EAI_AGAIN", "TRY_AGAIN"), "fail": ("EAI_FAIL", "NO_RECOVERY")}[kind]
        result["error"] = {"name": names[0] if eai else names[1],
                           "detail": "%s: %s" % (type(exception).__name__, exception)}
        failed.append(exception)

    def reply_of(exception):
        """The reply a failed resolve() got, for res_*'s rcode and answerCount."""
        if isinstance(exception, dns.resolver.NXDOMAIN):
            responses = exception.kwargs.get("responses") or {}
            qnames = exception.kwargs.get("qnames") or []
            return responses.get(qnames[-1]) if qnames else None
        if isinstance(exception, dns.resolver.NoAnswer):
            return exception.kwargs.get("response")
        if isinstance(exception, dns.resolver.NoNameservers):
            errors = exception.kwargs.get("errors") or []
            return errors[-1][4] if errors else None
        return None

    def addresses_in(message):
        found = []
        for rrset in message.answer:
            if rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
                found.extend(rdata.address for rdata in rrset)
        return found

    def absolute_text(name):
        return name.to_text(omit_final_dot=True)

    try:
        resolver = dns.resolver.Resolver()
    except Exception as exception:  # NoResolverConfiguration: no nameserver in resolv.conf
        error("fail", exception)
        emit(dict(result, durationMs=0))
    started = time.monotonic()
    try:
        if call == "getaddrinfo":
            answers = []
            qname = name
            if family in ("unspec", "inet6"):
                v6 = resolver.resolve(qname, "AAAA", search=True, raise_on_no_answer=family == "inet6")
                answers.append(v6)
                qname = v6.qname  # the A query asks for the same name (dnspython's own getaddrinfo does so)
            if family in ("unspec", "inet"):
                answers.append(resolver.resolve(qname, "A", search=True, raise_on_no_answer=family == "inet"))
            addresses = [rdata.address for answer in answers if answer.rrset is not None for rdata in answer.rrset]
            if not addresses:
                raise dns.resolver.NoAnswer(response=answers[-1].response)
            result["addresses"] = addresses
            if "canonname" in flags:
                result["canonname"] = absolute_text(answers[-1].canonical_name)
        elif call in ("gethostbyname", "gethostbyname2"):
            answer = resolver.resolve(name, "AAAA" if family == "inet6" else "A", search=True)
            result["addresses"] = [rdata.address for rdata in answer.rrset]
            result["canonname"] = absolute_text(answer.canonical_name)
        elif call in ("res_query", "res_search"):
            answer = resolver.resolve(name, rdtype, search=call == "res_search")
            result["rcode"] = dns.rcode.to_text(answer.response.rcode())
            result["answerCount"] = sum(len(rrset) for rrset in answer.response.answer)
            result["addresses"] = addresses_in(answer.response)
        else:  # gethostbyaddr, getnameinfo
            answer = resolver.resolve_address(name)
            result["names"] = [absolute_text(rdata.target) for rdata in answer.rrset]
    except dns.resolver.NXDOMAIN as exception:
        error("notfound", exception)
    except dns.resolver.NoAnswer as exception:
        error("nodata", exception)
    except (dns.exception.Timeout, dns.resolver.NoNameservers) as exception:
        error("again", exception)
    except Exception as exception:  # YXDOMAIN, NoResolverConfiguration, a bad name, ...
        error("fail", exception)
    duration = (time.monotonic() - started) * 1000
    if "error" in result and call.startswith("res_"):
        reply = reply_of(failed[0])
        if reply is not None:
            result["rcode"] = dns.rcode.to_text(reply.rcode())
            result["answerCount"] = sum(len(rrset) for rrset in reply.answer)
    result["durationMs"] = round(duration, 3)
    emit(result)


if __name__ == "__main__":
    main()
