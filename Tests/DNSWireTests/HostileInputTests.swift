import DNSWire
import Testing

/// Malformed messages: each must throw the specific error, never trap.
@Suite("Hostile input")
struct HostileInputTests {
    /// Fixed RR tail: TYPE=NULL CLASS=IN TTL=0 RDLENGTH=0, so only the owner name matters.
    static let emptyNullTail: [UInt8] = hex("00 0a 00 01 00 00 00 00 00 00")

    @Test func emptyInput() {
        #expect(throws: DNSWireError.truncated(offset: 0)) { try DNSMessage.decode([UInt8]()) }
        #expect(throws: DNSWireError.truncated(offset: 0)) { try DNSMessage.decodeQuestion([UInt8]()) }
    }

    @Test func elevenByteInput() {
        let bytes = hex("12 34 01 00 00 01 00 00 00 00 00")
        #expect(throws: DNSWireError.truncated(offset: 10)) { try DNSMessage.decode(bytes) }
        #expect(throws: DNSWireError.truncated(offset: 10)) { try DNSMessage.decodeQuestion(bytes) }
    }

    @Test func pointerToItself() {
        let bytes = hex(
            """
            12 34 01 00 00 01 00 00 00 00 00 00
            c0 0c                      ; @12 -> @12
            00 01 00 01
            """)
        #expect(throws: DNSWireError.pointerNotBackwards(offset: 12)) { try DNSMessage.decode(bytes) }
        #expect(throws: DNSWireError.pointerNotBackwards(offset: 12)) { try DNSMessage.decodeQuestion(bytes) }
    }

    @Test func forwardPointer() {
        let bytes = hex(
            """
            12 34 01 00 00 01 00 00 00 00 00 00
            c0 12                      ; @12 -> @18, ahead of itself
            00 01 00 01
            01 61 00                   ; @18 "a" root
            """)
        #expect(throws: DNSWireError.pointerNotBackwards(offset: 12)) { try DNSMessage.decode(bytes) }
    }

    @Test func labelThenPointerBackIntoItselfIsCaught() {
        // "a" then a pointer to the "a" label: the name would repeat forever; length and hop caps stop it.
        let bytes = hex(
            """
            12 34 01 00 00 01 00 00 00 00 00 00
            01 61 c0 0c                ; "a" -> @12
            00 01 00 01
            """)
        #expect(throws: DNSWireError.self) { try DNSMessage.decode(bytes) }
    }

    /// RR k's owner is a pointer to RR k-1's owner; RR 0's owner is the root.
    static func pointerChain(records: Int) -> [UInt8] {
        var bytes = header(an: UInt16(records))
        var previousOwner = bytes.count
        bytes += [0x00] + emptyNullTail
        for _ in 1..<records {
            let owner = bytes.count
            bytes += bigEndian(0xC000 | UInt16(previousOwner)) + emptyNullTail
            previousOwner = owner
        }
        return bytes
    }

    @Test func pointerChainAtTheCapDecodes() throws {
        let message = try DNSMessage.decode(Self.pointerChain(records: 128))
        #expect(message.answers.count == 128)
        #expect(message.answers.allSatisfy { $0.name.isRoot })
    }

    @Test func pointerChainLongerThanTheCap() {
        // The 129th record needs 128 hops; the 128th pointer followed is RR 1's owner at offset 23.
        #expect(throws: DNSWireError.tooManyPointers(offset: 23)) {
            try DNSMessage.decode(Self.pointerChain(records: 129))
        }
    }

    /// Four owners, each one 63-octet label followed by a pointer to the previous owner.
    static func stackedNames(lastLabelLength: Int) -> [UInt8] {
        var bytes = header(an: 4)
        var previousOwner: Int?
        for (index, letter) in Array("abcd".utf8).enumerated() {
            let owner = bytes.count
            let length = index == 3 ? lastLabelLength : 63
            bytes += [UInt8(length)] + Array(repeating: letter, count: length)
            if let previousOwner {
                bytes += bigEndian(0xC000 | UInt16(previousOwner))
            } else {
                bytes += [0x00]
            }
            bytes += emptyNullTail
            previousOwner = owner
        }
        return bytes
    }

    @Test func nameOf255OctetsViaPointersDecodes() throws {
        let message = try DNSMessage.decode(Self.stackedNames(lastLabelLength: 61))
        #expect(message.answers.last?.name.wireLength == 255)
    }

    @Test func nameLongerThan255ViaPointers() {
        #expect(throws: DNSWireError.nameTooLong) { try DNSMessage.decode(Self.stackedNames(lastLabelLength: 62)) }
    }

    @Test func labelLength64IsAReservedLabelType() {
        // 64 = 0b01_000000: on the wire a "length" above 63 is the deprecated extended label type.
        let bytes = header(qd: 1) + [64] + Array(repeating: 0x61, count: 64) + hex("00 00 01 00 01")
        #expect(throws: DNSWireError.reservedLabelType(offset: 12)) { try DNSMessage.decode(bytes) }
    }

    @Test(arguments: [0x40, 0x41, 0x7F, 0x80, 0xBF] as [UInt8])
    func reservedLabelTypes(_ lengthByte: UInt8) {
        let bytes = header(qd: 1) + [lengthByte, 0x00, 0x00, 0x00] + hex("00 01 00 01")
        #expect(throws: DNSWireError.reservedLabelType(offset: 12)) { try DNSMessage.decode(bytes) }
    }

    @Test func headerClaims65535AnswersWithNoData() {
        let bytes = header(flags: 0x8180, an: 0xFFFF)
        #expect(bytes.count == 12)
        #expect(throws: DNSWireError.truncated(offset: 12)) { try DNSMessage.decode(bytes) }
    }

    @Test func headerClaimsAllCountsAtMaximum() {
        let bytes = header(qd: 0xFFFF, an: 0xFFFF, ns: 0xFFFF, ar: 0xFFFF) + hex("00 00 01 00 01")
        #expect(throws: DNSWireError.truncated(offset: 17)) { try DNSMessage.decode(bytes) }
    }

    @Test func rdlengthPastEndOfMessage() {
        let bytes = hex(
            """
            12 34 81 80 00 00 00 01 00 00 00 00
            00 00 01 00 01 00 00 00 3c ; root A IN TTL=60
            00 04                      ; RDLENGTH 4
            c0 00                      ; only two octets follow    @23
            """)
        #expect(throws: DNSWireError.truncated(offset: 23)) { try DNSMessage.decode(bytes) }
    }

    @Test func aRecordWithRdlength5() {
        let bytes = hex(
            """
            12 34 81 80 00 00 00 01 00 00 00 00
            00 00 01 00 01 00 00 00 3c ; root A IN TTL=60
            00 05                      ; RDLENGTH 5
            c0 00 02 01 ff             ; 192.0.2.1 plus one stray octet  @23
            """)
        #expect(throws: DNSWireError.badRData(type: .A, offset: 23)) { try DNSMessage.decode(bytes) }
    }

    @Test func aRecordWithRdlength3() {
        let bytes = hex(
            """
            12 34 81 80 00 00 00 01 00 00 00 00
            00 00 01 00 01 00 00 00 3c
            00 03 c0 00 02             ; three octets only
            00 00 00                   ; padding so the message itself is long enough
            """)
        #expect(throws: DNSWireError.badRData(type: .A, offset: 23)) { try DNSMessage.decode(bytes) }
    }

    @Test func txtStringOverrunningRdlength() {
        let bytes = hex(
            """
            12 34 81 80 00 00 00 01 00 00 00 00
            00 00 10 00 01 00 00 00 3c ; root TXT IN TTL=60
            00 04                      ; RDLENGTH 4
            0a 61 62 63                ; string claims 10 octets, RDATA holds 3
            64 65 66 67 68 69 6a       ; the 7 it wants are here, but outside the RDATA
            """)
        #expect(throws: DNSWireError.badRData(type: .TXT, offset: 23)) { try DNSMessage.decode(bytes) }
    }

    @Test func cnameTargetRunningPastRdlength() {
        let bytes = hex(
            """
            12 34 81 80 00 00 00 01 00 00 00 00
            00 00 05 00 01 00 00 00 3c ; root CNAME IN TTL=60
            00 02                      ; RDLENGTH 2
            01 61 00                   ; "a" root: three octets
            """)
        #expect(throws: DNSWireError.badRData(type: .CNAME, offset: 23)) { try DNSMessage.decode(bytes) }
    }

    @Test func optOptionOverrunningRdlength() {
        let bytes = hex(
            """
            12 34 01 00 00 00 00 00 00 00 00 01
            00 00 29 04 d0 00 00 00 00 ; root OPT 1232
            00 06                      ; RDLENGTH 6
            00 0a 00 08 01 02          ; COOKIE claims 8 octets, 2 present
            03 04 05 06 07 08
            """)
        #expect(throws: DNSWireError.badRData(type: .OPT, offset: 23)) { try DNSMessage.decode(bytes) }
    }

    @Test func questionCutShort() {
        let bytes = header(qd: 1) + hex("03 77 77 77 00 00 01") // QCLASS missing at offset 19
        #expect(throws: DNSWireError.truncated(offset: 19)) { try DNSMessage.decode(bytes) }
        #expect(throws: DNSWireError.truncated(offset: 19)) { try DNSMessage.decodeQuestion(bytes) }
    }

    @Test func pointerCutInHalf() {
        let bytes = header(qd: 1) + [0xC0]
        #expect(throws: DNSWireError.truncated(offset: 12)) { try DNSMessage.decode(bytes) }
    }

    @Test func trailingBytesToleratedUnlessStrict() throws {
        let bytes = PacketFixture.glibcAQuery.bytes + [0x00, 0x00]
        #expect(try DNSMessage.decode(bytes) == DNSMessage.decode(PacketFixture.glibcAQuery.bytes))
        #expect(throws: DNSWireError.trailingBytes(offset: PacketFixture.glibcAQuery.bytes.count)) {
            try DNSMessage.decode(bytes, allowTrailingBytes: false)
        }
    }

    @Test func updateStyleEmptyRdataIsKeptRaw() throws {
        let bytes = hex(
            """
            12 34 28 00 00 00 00 00 00 01 00 00 ; UPDATE, one update RR
            00 00 01 00 ff 00 00 00 00 00 00    ; root A ANY TTL=0 RDLENGTH 0: delete RRset
            """)
        let message = try DNSMessage.decode(bytes)
        #expect(message.opcode == .UPDATE)
        #expect(message.authorities.map(\.data) == [.unknown([])])
    }

    @Test func sliceInputsDecodeLikeArrays() throws {
        let padded = [0xFF, 0xFF] + PacketFixture.mxResponse.bytes
        #expect(try DNSMessage.decode(padded.dropFirst(2)) == DNSMessage.decode(PacketFixture.mxResponse.bytes))
    }
}
