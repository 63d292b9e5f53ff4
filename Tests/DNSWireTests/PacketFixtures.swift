import Testing

/// A captured-or-hand-built message, kept as annotated hex so each octet can be checked against the RFC.
struct PacketFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    var testDescription: String { name }

    /// Every fixture, for tests that run over all of them (re-encoding, mutation fuzzing).
    static let all: [PacketFixture] = [
        glibcAQuery, glibcAAAAQueryWithEDNS, cnameChainResponse, srvResponse, mxResponse, txtResponse,
        ptrResponse, soaResponse, nxdomainResponse,
    ]

    /// What glibc's res_mkquery sends for `getaddrinfo` in a Kubernetes pod: RD=1, no EDNS (RFC 1035 §4.1).
    static let glibcAQuery = PacketFixture(
        name: "glibc A query",
        bytes: hex(
            """
            12 34                      ; ID 0x1234
            01 00                      ; QR=0 OPCODE=QUERY RD=1
            00 01 00 00 00 00 00 00    ; QD=1 AN=0 NS=0 AR=0
            07 79 63 77 75 33 31 34    ; "ycwu314"
            03 74 6f 70                ; "top"
            07 70 72 6f 70 68 65 74    ; "prophet"
            03 73 76 63                ; "svc"
            07 63 6c 75 73 74 65 72    ; "cluster"
            05 6c 6f 63 61 6c          ; "local"
            00                         ; root
            00 01 00 01                ; QTYPE=A QCLASS=IN
            """))

    /// glibc with `options edns0 trust-ad`: AD=1 and an OPT advertising 1200 octets (RFC 6891 §6.1.2).
    static let glibcAAAAQueryWithEDNS = PacketFixture(
        name: "glibc AAAA query with EDNS0 and AD",
        bytes: hex(
            """
            be ef                      ; ID
            01 20                      ; RD=1 AD=1
            00 01 00 00 00 00 00 01    ; QD=1 AR=1
            07 65 78 61 6d 70 6c 65    ; "example"
            03 63 6f 6d 00             ; "com" root
            00 1c 00 01                ; QTYPE=AAAA QCLASS=IN
            00                         ; OPT owner: root
            00 29                      ; TYPE=OPT
            04 b0                      ; CLASS = UDP payload size 1200
            00 00 00 00                ; TTL: ext-rcode 0, version 0, DO=0
            00 00                      ; RDLENGTH 0: no options
            """))

    /// Answer chain www -> web -> cdn.example.net -> A, with pointers into the question and earlier RDATA.
    static let cnameChainResponse = PacketFixture(
        name: "CNAME chain response",
        bytes: hex(
            """
            ab cd                      ; ID
            81 80                      ; QR=1 RD=1 RA=1 NOERROR
            00 01 00 03 00 00 00 00    ; QD=1 AN=3
            ; offset 12: question www.example.com. A IN
            03 77 77 77                ; "www"            @12
            07 65 78 61 6d 70 6c 65    ; "example"        @16
            03 63 6f 6d 00             ; "com" root       @24
            00 01 00 01
            ; offset 33: www.example.com. 3600 CNAME web.example.com.
            c0 0c                      ; -> @12
            00 05 00 01 00 00 0e 10    ; CNAME IN TTL=3600
            00 06                      ; RDLENGTH 6
            03 77 65 62 c0 10          ; "web" -> @16     @45
            ; offset 51: web.example.com. 300 CNAME cdn.example.net.
            c0 2d                      ; -> @45
            00 05 00 01 00 00 01 2c    ; CNAME IN TTL=300
            00 11                      ; RDLENGTH 17
            03 63 64 6e                ; "cdn"            @63
            07 65 78 61 6d 70 6c 65    ; "example"
            03 6e 65 74 00             ; "net" root
            ; offset 80: cdn.example.net. 60 A 192.0.2.1
            c0 3f                      ; -> @63
            00 01 00 01 00 00 00 3c    ; A IN TTL=60
            00 04 c0 00 02 01          ; 192.0.2.1
            """))

    /// SRV answer (RFC 2782); the target is written uncompressed as that RFC requires.
    static let srvResponse = PacketFixture(
        name: "SRV response",
        bytes: hex(
            """
            ab 01 81 80 00 01 00 01 00 00 00 00
            04 5f 73 69 70             ; "_sip"           @12
            04 5f 74 63 70             ; "_tcp"
            07 65 78 61 6d 70 6c 65    ; "example"
            03 63 6f 6d 00             ; "com" root
            00 21 00 01                ; SRV IN
            c0 0c                      ; -> @12
            00 21 00 01 00 00 0e 10    ; SRV IN TTL=3600
            00 17                      ; RDLENGTH 23
            00 0a 00 3c 13 c4          ; priority 10, weight 60, port 5060
            03 73 69 70                ; "sip"
            07 65 78 61 6d 70 6c 65    ; "example"
            03 63 6f 6d 00             ; "com" root
            """))

    /// Two MX answers whose exchanges point back into the question name.
    static let mxResponse = PacketFixture(
        name: "MX response",
        bytes: hex(
            """
            ab 02 81 80 00 01 00 02 00 00 00 00
            07 65 78 61 6d 70 6c 65    ; "example"        @12
            03 63 6f 6d 00             ; "com" root
            00 0f 00 01                ; MX IN
            c0 0c 00 0f 00 01 00 00 0e 10
            00 09                      ; RDLENGTH 9
            00 0a 04 6d 61 69 6c c0 0c ; 10 "mail" -> @12
            c0 0c 00 0f 00 01 00 00 0e 10
            00 0a                      ; RDLENGTH 10
            00 14 05 6d 61 69 6c 32 c0 0c ; 20 "mail2" -> @12
            """))

    /// TXT with three character-strings, one of them empty (RFC 1035 §3.3.14).
    static let txtResponse = PacketFixture(
        name: "TXT response",
        bytes: hex(
            """
            ab 03 81 80 00 01 00 01 00 00 00 00
            07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 ; example.com.
            00 10 00 01                ; TXT IN
            c0 0c 00 10 00 01 00 00 01 2c
            00 19                      ; RDLENGTH 25
            0b 76 3d 73 70 66 31 20 2d 61 6c 6c ; "v=spf1 -all"
            00                         ; ""
            0b 68 65 6c 6c 6f 20 77 6f 72 6c 64 ; "hello world"
            """))

    /// Reverse lookup answer (RFC 1035 §3.5), authoritative.
    static let ptrResponse = PacketFixture(
        name: "PTR response",
        bytes: hex(
            """
            ab 04 85 80                ; QR=1 AA=1 RD=1 RA=1
            00 01 00 01 00 00 00 00
            01 31 01 32 01 30 03 31 39 32 ; "1" "2" "0" "192"
            07 69 6e 2d 61 64 64 72    ; "in-addr"
            04 61 72 70 61 00          ; "arpa" root
            00 0c 00 01                ; PTR IN
            c0 0c 00 0c 00 01 00 01 51 80 ; TTL=86400
            00 12                      ; RDLENGTH 18
            04 68 6f 73 74             ; "host"
            07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 ; example.com.
            """))

    /// SOA answer with both names compressed against the question (RFC 1035 §3.3.13).
    static let soaResponse = PacketFixture(
        name: "SOA response",
        bytes: hex(
            """
            ab 05 84 00                ; QR=1 AA=1
            00 01 00 01 00 00 00 00
            07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 ; example.com. @12
            00 06 00 01                ; SOA IN
            c0 0c 00 06 00 01 00 00 0e 10
            00 27                      ; RDLENGTH 39
            03 6e 73 31 c0 0c          ; ns1 -> @12
            0a 68 6f 73 74 6d 61 73 74 65 72 c0 0c ; hostmaster -> @12
            78 a3 f1 75                ; serial 2024010101
            00 00 1c 20                ; refresh 7200
            00 00 0e 10                ; retry 3600
            00 12 75 00                ; expire 1209600
            00 00 01 2c                ; minimum 300
            """))

    /// NXDOMAIN with the zone's SOA in the authority section for negative caching (RFC 2308 §3).
    static let nxdomainResponse = PacketFixture(
        name: "NXDOMAIN response",
        bytes: hex(
            """
            ab 06 81 83                ; QR=1 RD=1 RA=1 RCODE=NXDOMAIN
            00 01 00 00 00 01 00 00    ; QD=1 NS=1
            0b 6e 6f 6e 65 78 69 73 74 65 6e 74 ; "nonexistent" @12
            07 65 78 61 6d 70 6c 65    ; "example"        @24
            03 63 6f 6d 00             ; "com" root
            00 01 00 01                ; A IN
            c0 18                      ; -> example.com. @24
            00 06 00 01 00 00 0e 10
            00 27                      ; RDLENGTH 39
            03 6e 73 31 c0 18          ; ns1 -> @24
            0a 68 6f 73 74 6d 61 73 74 65 72 c0 18 ; hostmaster -> @24
            78 a3 f1 75 00 00 1c 20 00 00 0e 10 00 12 75 00 00 00 01 2c
            """))
}
