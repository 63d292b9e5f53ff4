@testable import Reports
import Testing

@Suite("XML escaping")
struct XMLEscapingTests {
    @Test("markup characters in text: & < > as entities, so ]]> cannot close anything")
    func text() {
        #expect(XMLEscaping.text("a < b && c > d ]]> \"q\" 'a'") == "a &lt; b &amp;&amp; c &gt; d ]]&gt; \"q\" 'a'")
        #expect(XMLEscaping.text("line\r\nnext\ttab") == "line&#13;\nnext\ttab")
    }

    @Test("attribute values also escape quotes and keep TAB, LF, CR as character references")
    func attribute() {
        #expect(XMLEscaping.attribute("say \"hi\" & 'bye' <x>") == "say &quot;hi&quot; &amp; &apos;bye&apos; &lt;x&gt;")
        #expect(XMLEscaping.attribute("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d")
    }

    @Test("characters XML 1.0 forbids become visible escapes; allowed ones pass through")
    func forbidden() {
        #expect(XMLEscaping.text("\u{0}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}") == "\\x00\\x08\\x0B\\x0C\\x1F\\uFFFE\\uFFFF")
        #expect(XMLEscaping.text("\u{7F}\u{85}\u{D7FF}\u{E000}\u{FFFD}💥") == "\u{7F}\u{85}\u{D7FF}\u{E000}\u{FFFD}💥")
    }
}
