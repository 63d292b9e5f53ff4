import DNSWire
import Testing

@Suite("Type, class, rcode and opcode tables")
struct CodeTableTests {
    @Test func typeMnemonics() {
        #expect(DNSType(mnemonic: "aaaa") == .AAAA)
        #expect(DNSType(mnemonic: "Https") == .HTTPS)
        #expect(DNSType(mnemonic: "TYPE65") == .HTTPS)
        #expect(DNSType(mnemonic: "type1") == .A)
        #expect(DNSType(mnemonic: "TYPE65535")?.rawValue == 65535)
        #expect(DNSType(mnemonic: "TYPE65536") == nil)
        #expect(DNSType(mnemonic: "TYPE") == nil)
        #expect(DNSType(mnemonic: "TYPE-1") == nil)
        #expect(DNSType(mnemonic: "BOGUS") == nil)
        #expect(DNSType.CAA.description == "CAA")
        #expect(DNSType(rawValue: 1234).description == "TYPE1234")
        let required: [DNSType] = [.A, .NS, .CNAME, .SOA, .PTR, .HINFO, .MX, .TXT, .AAAA, .SRV, .NAPTR, .OPT, .DS,
                                   .RRSIG, .NSEC, .DNSKEY, .HTTPS, .SVCB, .CAA, .ANY]
        for type in required {
            #expect(DNSType(mnemonic: type.description) == type)
        }
    }

    @Test func classMnemonics() {
        #expect(DNSClass(mnemonic: "in") == .IN)
        #expect(DNSClass(mnemonic: "CH") == .CH)
        #expect(DNSClass(mnemonic: "CLASS255") == .ANY)
        #expect(DNSClass.NONE.description == "NONE")
        #expect(DNSClass(rawValue: 42).description == "CLASS42")
    }

    @Test func rcodes() {
        #expect(DNSRcode.NXDOMAIN.description == "NXDOMAIN")
        #expect(DNSRcode.NOERROR.description == "NOERROR")
        #expect(DNSRcode(mnemonic: "servfail") == .SERVFAIL)
        #expect(DNSRcode(mnemonic: "BADVERS")?.rawValue == 16)
        #expect(DNSRcode(rawValue: 4000).description == "RCODE4000")
        #expect(DNSRcode(mnemonic: "RCODE4000")?.rawValue == 4000)
    }

    @Test func opcodes() {
        #expect(DNSOpcode.UPDATE.rawValue == 5)
        #expect(DNSOpcode(mnemonic: "notify") == .NOTIFY)
        #expect(DNSOpcode(mnemonic: "OPCODE300") == nil)
        #expect(DNSOpcode(rawValue: 3).description == "OPCODE3")
    }
}
