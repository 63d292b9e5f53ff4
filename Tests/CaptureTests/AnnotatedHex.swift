import Testing
@_exported import TestSupport

@Suite("Annotated hex helper")
struct AnnotatedHexTests {
    @Test func commentsAndWhitespaceAreIgnored() {
        #expect(hex("""
            45 00   ; version, IHL
            0037    ; total length ; a second semicolon is still comment
            ;       a line that is only a comment
            """) == [0x45, 0x00, 0x00, 0x37])
    }
}
