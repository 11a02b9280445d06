import Testing
@testable import ReproAudit

@Suite struct SafetensorsHeaderTests {
    func sample() -> SafetensorsBuilder {
        var builder = SafetensorsBuilder()
        builder.add("embed.weight", "BF16", [4, 3])
        builder.add("norm.weight", "F32", [3])
        builder.add("mask", "BOOL", [5])
        builder.add("fp8", "F8_E4M3", [2, 2])
        builder.add("fp8b", "F8_E5M2", [3])
        builder.add("empty", "I64", [0, 4])
        builder.add("idx", "I64", [2])
        return builder
    }

    func parse(_ bytes: [UInt8]) throws(FormatError) -> SafetensorsHeader {
        try SafetensorsHeader.parse(source: InMemoryBytes(bytes))
    }

    func expectError(_ bytes: [UInt8], contains text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(bytes)
            Issue.record("expected an error containing '\(text)'", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == "corrupt-safetensors", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsAReferenceLayoutFile() throws {
        let header = try parse(sample().build())
        #expect(header.tensors.map(\.name) == ["embed.weight", "norm.weight", "mask", "fp8", "fp8b", "empty", "idx"])
        #expect(header.tensors[0].shape == [4, 3])
        #expect(header.tensors[0].end == 24)
        #expect(header.metadata.map(\.0) == ["format"])
        #expect(header.headerLength % 8 == 0)
        let inspection = FormatInspector.inspect(relativePath: "model.safetensors", source: InMemoryBytes(sample().build()))
        #expect(inspection.format == "safetensors")
        #expect(inspection.safety == .safe)
        #expect(inspection.corruption == nil)
    }

    @Test func acceptsAHeaderOnlyFileWithNoTensors() throws {
        var builder = SafetensorsBuilder()
        builder.metadata = nil
        let header = try parse(builder.build())
        #expect(header.tensors.isEmpty)
    }

    @Test func rejectsTruncatedData() {
        var builder = sample()
        builder.extraData = -3
        expectError(builder.build(), contains: "truncated")
    }

    @Test func rejectsTrailingBytes() {
        var builder = sample()
        builder.extraData = 5
        expectError(builder.build(), contains: "not covered")
    }

    @Test func rejectsAHeaderBomb() {
        var builder = sample()
        builder.headerLengthOverride = 1 << 63
        expectError(builder.build(), contains: "100 MB")
        builder.headerLengthOverride = 50_000_000
        expectError(builder.build(), contains: "runs past the end")
        expectError([1, 0, 0], contains: "too short")
    }

    @Test func rejectsOverlappingOffsets() {
        var builder = SafetensorsBuilder()
        builder.add("a", "F32", [4], offsets: (0, 16))
        builder.add("b", "F32", [4], offsets: (8, 24))
        expectError(builder.build(), contains: "overlaps")
    }

    @Test func rejectsGapsAndWrongLengths() {
        var gap = SafetensorsBuilder()
        gap.add("a", "F32", [2], offsets: (0, 8))
        gap.add("b", "F32", [2], offsets: (12, 20))
        expectError(gap.build(), contains: "gap of 4 bytes before tensor 'b'")

        var wrong = SafetensorsBuilder()
        wrong.add("a", "F16", [2, 3], offsets: (0, 10))
        expectError(wrong.build(), contains: "tensor 'a' shape [2, 3] of F16 needs 12 bytes")
    }

    @Test func rejectsUnknownDtypesBadMetadataAndNonObjects() {
        var dtype = SafetensorsBuilder()
        dtype.add("a", "F32", [2])
        var bytes = dtype.build()
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"F32\"", with: "\"Q42\"")
        bytes = Array(text.utf8)
        expectError(bytes, contains: "unknown dtype 'Q42'")

        var metadata = SafetensorsBuilder()
        metadata.metadata = [("n", .integer(3))]
        expectError(metadata.build(), contains: "__metadata__ entry 'n'")

        let array = Array("[1,2,3] ".utf8)
        expectError(GGUFBuilder.le(UInt64(array.count)) + array, contains: "not an object")
        let broken = Array("{\"a\": ".utf8) + [0x20, 0x20]
        expectError(GGUFBuilder.le(UInt64(broken.count)) + broken, contains: "not valid JSON")
    }

    @Test func rejectsOverflowingShapes() {
        var builder = SafetensorsBuilder()
        builder.add("a", "F64", [1 << 40, 1 << 40], offsets: (0, 8))
        expectError(builder.build(), contains: "too large")
    }

    @Test func corruptFilesAreCorruptButSafe() {
        var builder = sample()
        builder.extraData = -1
        let inspection = FormatInspector.inspect(relativePath: "model.safetensors", source: InMemoryBytes(builder.build()))
        #expect(inspection.corruption?.code == "corrupt-safetensors")
        #expect(inspection.corruption?.severity == .critical)
        #expect(inspection.safety == .safe)
    }

    @Test func indexCheckFindsMismatches() throws {
        var first = SafetensorsBuilder()
        first.add("a", "F32", [1])
        first.add("b", "F32", [1])
        var second = SafetensorsBuilder()
        second.add("c", "F32", [1])
        second.add("stray", "F32", [1])
        let shards = [
            "model-00001-of-00002.safetensors": try parse(first.build()),
            "model-00002-of-00002.safetensors": try parse(second.build()),
        ]
        let good = Array(#"{"metadata":{"total_size":16},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00001-of-00002.safetensors","c":"model-00002-of-00002.safetensors","stray":"model-00002-of-00002.safetensors"}}"#.utf8)
        #expect(SafetensorsIndexCheck.check(indexBytes: good, indexPath: "model.safetensors.index.json", shards: shards).isEmpty)
        #expect(SafetensorsIndexCheck.shardNames(indexBytes: good) == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"])

        let bad = Array(#"{"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors","c":"model-00002-of-00002.safetensors","gone":"model-00003-of-00003.safetensors"}}"#.utf8)
        let findings = SafetensorsIndexCheck.check(indexBytes: bad, indexPath: "model.safetensors.index.json", shards: shards)
        #expect(findings.allSatisfy { $0.code == "shard-index-mismatch" && $0.severity == .critical })
        let tensors = findings.compactMap { JSONValue.object($0.details)["tensor"]?.stringValue }.sorted()
        // 'b' is placed in the wrong shard (and missing from the first), 'stray' is unlisted.
        #expect(tensors == ["b", "b", "stray"])

        let invalid = SafetensorsIndexCheck.check(indexBytes: Array("{".utf8), indexPath: "x.index.json", shards: shards)
        #expect(invalid.map(\.code) == ["invalid-shard-index"])
    }
}
