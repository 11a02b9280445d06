/// A parser for the Python literals a `.npy` header holds (`{'descr': '<f4', 'fortran_order': False,
/// 'shape': (3, 4), }`): strings, integers, True/False/None, tuples, lists and dicts, into `JSONValue`
/// (tuples and lists become arrays, dicts objects). Nesting is bounded; nothing is evaluated.
struct PythonLiteralParser {
    let bytes: [UInt8]
    let base: Int64
    let errorCode: String
    var position = 0
    static let maximumDepth = 32

    init(bytes: [UInt8], base: Int64, errorCode: String) {
        self.bytes = bytes
        self.base = base
        self.errorCode = errorCode
    }

    private func error(_ message: String) -> FormatError {
        FormatError(code: errorCode, "header: \(message)", offset: base + Int64(position))
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x09 || bytes[position] == 0x0D {
            position += 1
        }
    }

    mutating func parseTopLevel() throws(FormatError) -> JSONValue {
        skipSpace()
        let value = try parseValue(depth: 0)
        skipSpace()
        guard position == bytes.count else { throw error("unexpected text after the literal") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(FormatError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested too deeply") }
        guard position < bytes.count else { throw error("unexpected end") }
        switch bytes[position] {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "("): return .array(try parseSequence(close: UInt8(ascii: ")"), depth: depth))
        case UInt8(ascii: "["): return .array(try parseSequence(close: UInt8(ascii: "]"), depth: depth))
        case UInt8(ascii: "{"): return try parseDict(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        default:
            for (word, value) in [("True", JSONValue.bool(true)), ("False", .bool(false)), ("None", .null)] {
                let utf8 = Array(word.utf8)
                if bytes.count - position >= utf8.count, bytes[position..<(position + utf8.count)].elementsEqual(utf8) {
                    position += utf8.count
                    return value
                }
            }
            throw error("unexpected character")
        }
    }

    private mutating func parseString() throws(FormatError) -> String {
        let quote = bytes[position]
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != quote {
            if bytes[position] == 0x5C { throw error("escapes in strings are not supported") }
            position += 1
        }
        guard position < bytes.count else { throw error("unterminated string") }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return text
    }

    private mutating func parseInteger() throws(FormatError) -> Int64 {
        var negative = false
        if bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        var value: Int64 = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(bytes[position] - 0x30))
            guard !o1, !o2 else { throw error("integer too large") }
            value = sum
            digits += 1
            position += 1
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "L") { position += 1 }
        guard digits > 0 else { throw error("expected digits") }
        return negative ? -value : value
    }

    private mutating func parseSequence(close: UInt8, depth: Int) throws(FormatError) -> [JSONValue] {
        position += 1
        var items: [JSONValue] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("unterminated sequence") }
            if bytes[position] == close { position += 1; return items }
            items.append(try parseValue(depth: depth + 1))
            skipSpace()
            guard position < bytes.count else { throw error("unterminated sequence") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == close else { throw error("expected ',' or closing bracket") }
        }
    }

    private mutating func parseDict(depth: Int) throws(FormatError) -> JSONValue {
        position += 1
        var members: [(String, JSONValue)] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("unterminated dict") }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            guard bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else { throw error("dict keys must be strings") }
            let key = try parseString()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipSpace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipSpace()
            guard position < bytes.count else { throw error("unterminated dict") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
        }
    }
}
