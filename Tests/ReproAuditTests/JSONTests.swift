import Testing
@testable import ReproAudit

@Suite struct JSONTests {
    @Test func roundTripsNestedValues() throws {
        let text = #"{"a":[1,-2.5,true,null,"x\ny\u00e9\ud83d\ude00"],"b":{"c":9007199254740993}}"#
        let value = try JSONParser().parse(text)
        #expect(value["b"]?["c"]?.int64Value == 9007199254740993)
        #expect(value["a"]?[4]?.stringValue == "x\nyé😀")
        let again = try JSONParser().parse(JSONWriter.bytes(value))
        #expect(again == value)
    }

    @Test func rejectsDeepNestingAndTrailingText() {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: JSONError.self) { try JSONParser().parse(deep) }
        #expect(throws: JSONError.self) { try JSONParser().parse("{} x") }
        #expect(throws: JSONError.self) { try JSONParser().parse("{\"a\":\"\u{1}\"}") }
        #expect(throws: JSONError.self) { try JSONParser().parse(#"{"a":1,}"#) }
    }

    /// Found by the `json` fuzz target: a number beyond Double's range became infinity, which the
    /// writer can only print as `null`, so a value changed on its way through the log.
    @Test func numbersBeyondDoubleRangeAreRefusedNotTurnedIntoInfinity() throws {
        for text in ["7e766666666777777666666676666777", "-1e400", "[1E309]"] {
            do {
                _ = try JSONParser().parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.message.contains("out of range"), "\(text): \(error.message)")
            }
        }
        let largest = try JSONParser().parse("1.7976931348623157e308")
        #expect(largest.doubleValue == .greatestFiniteMagnitude)
        #expect(try JSONParser().parse(JSONWriter.bytes(largest)) == largest)
        #expect(try JSONParser().parse("1e-400").doubleValue == 0)
    }

    @Test func errorsNameTheLine() {
        do {
            _ = try JSONParser().parse("{\n  \"a\": 1,\n  \"b\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test func writerEscapesControlCharactersOnOneLine() {
        let line = JSONWriter.string(.object([("p", .string("a\nb\u{7}\"\\"))]))
        #expect(!line.contains("\n"))
        #expect(line == #"{"p":"a\nb\u0007\"\\"}"#)
    }

    @Test func timestampsRoundTrip() {
        let stamp = Timestamp(millisecondsSinceEpoch: 1_795_910_341_123)
        #expect(stamp.rfc3339 == "2026-11-28T23:59:01.123Z")
        #expect(Timestamp(rfc3339: stamp.rfc3339) == stamp)
        #expect(Timestamp(rfc3339: "2026-11-29T01:59:01.123+02:00") == stamp)
        #expect(Timestamp(rfc3339: "2026-11-28T23:59:01Z")?.millisecondsSinceEpoch == 1_795_910_341_000)
        #expect(Timestamp(rfc3339: "yesterday") == nil)
    }

    @Test func base64RoundTripsArbitraryBytes() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 200) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("café.bin".utf8)) == "Y2Fmw6kuYmlu")
    }
}
