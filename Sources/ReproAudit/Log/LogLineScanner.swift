/// A one-pass, allocation-free check that a log line is one well-formed JSON object, which also finds
/// the byte ranges of the few fields that filtering needs (`time`, `event`, `model.path`, `model.name`,
/// `verdict.*`).
///
/// Reading a large log with `--latest --json` only needs these fields, so lines are not turned into
/// `JSONValue`s unless they pass the filters. The scan checks JSON syntax (strings, escapes, numbers,
/// literals, nesting) but not the UTF-8 validity of strings: a line that passes is output byte for byte.
public enum LogLineScanner {
    /// Deepest nesting accepted; deeper lines are treated as foreign.
    public static let maximumDepth = 64

    /// The fields of `line` (without its newline), or nil when it is not one JSON object.
    public static func scan(_ line: UnsafeBufferPointer<UInt8>) -> LogLineFields? {
        guard let base = line.baseAddress, line.count > 1 else { return nil }
        var scanner = Scanner(base: base, count: line.count)
        var fields = LogLineFields()
        scanner.skipWhitespace()
        guard scanner.position < scanner.count, base[scanner.position] == UInt8(ascii: "{") else { return nil }
        guard scanner.scanObject(depth: 1, role: .top, fields: &fields) else { return nil }
        scanner.skipWhitespace()
        guard scanner.position == scanner.count else { return nil }
        return fields
    }
}

private enum Role {
    case top, model, verdict, other
}

private struct Scanner {
    let base: UnsafePointer<UInt8>
    let count: Int
    var position = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            let byte = base[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    /// At a `"`: moves past the closing quote and returns the content's range.
    @inline(__always)
    mutating func scanString() -> Range<Int>? {
        position += 1
        let start = position
        while position < count {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let range = start..<position
                position += 1
                return range
            }
            if byte == UInt8(ascii: "\\") {
                guard position + 1 < count else { return nil }
                switch base[position + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    guard position + 5 < count else { return nil }
                    for offset in 2...5 where !isHexDigit(base[position + offset]) { return nil }
                    position += 6
                default:
                    return nil
                }
                continue
            }
            if byte < 0x20 { return nil }
            position += 1
        }
        return nil
    }

    @inline(__always)
    func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }

    func keyEquals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard range.count == length else { return false }
        let expected = literal.utf8Start
        for index in 0..<length where base[range.lowerBound + index] != expected[index] { return false }
        return true
    }

    mutating func scanObject(depth: Int, role: Role, fields: inout LogLineFields) -> Bool {
        guard depth <= LogLineScanner.maximumDepth else { return false }
        position += 1
        skipWhitespace()
        if position < count, base[position] == UInt8(ascii: "}") {
            position += 1
            return true
        }
        while true {
            skipWhitespace()
            guard position < count, base[position] == UInt8(ascii: "\"") else { return false }
            guard let key = scanString() else { return false }
            skipWhitespace()
            guard position < count, base[position] == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            guard position < count else { return false }
            var childRole = Role.other
            var capture: WritableKeyPath<LogLineFields, Range<Int>?>?
            switch role {
            case .top:
                if keyEquals(key, "time") { capture = \.time }
                else if keyEquals(key, "event") { capture = \.event }
                else if keyEquals(key, "host") { capture = \.host }
                else if keyEquals(key, "model") { childRole = .model }
                else if keyEquals(key, "verdict") { childRole = .verdict }
            case .model:
                if keyEquals(key, "path") { capture = \.modelPath }
                else if keyEquals(key, "path_bytes") { capture = \.modelPathBytes }
                else if keyEquals(key, "name") { capture = \.modelName }
            case .verdict:
                if keyEquals(key, "integrity") { capture = \.integrity }
                else if keyEquals(key, "safety") { capture = \.safety }
                else if keyEquals(key, "openness") { capture = \.openness }
            case .other:
                break
            }
            if base[position] == UInt8(ascii: "\"") {
                guard let value = scanString() else { return false }
                if let capture, fields[keyPath: capture] == nil { fields[keyPath: capture] = value }
            } else if base[position] == UInt8(ascii: "{") {
                guard scanObject(depth: depth + 1, role: childRole, fields: &fields) else { return false }
            } else {
                guard scanValue(depth: depth, fields: &fields) else { return false }
            }
            skipWhitespace()
            guard position < count else { return false }
            if base[position] == UInt8(ascii: ",") { position += 1; continue }
            if base[position] == UInt8(ascii: "}") { position += 1; return true }
            return false
        }
    }

    mutating func scanArray(depth: Int, fields: inout LogLineFields) -> Bool {
        guard depth <= LogLineScanner.maximumDepth else { return false }
        position += 1
        skipWhitespace()
        if position < count, base[position] == UInt8(ascii: "]") {
            position += 1
            return true
        }
        while true {
            skipWhitespace()
            guard scanValue(depth: depth, fields: &fields) else { return false }
            skipWhitespace()
            guard position < count else { return false }
            if base[position] == UInt8(ascii: ",") { position += 1; continue }
            if base[position] == UInt8(ascii: "]") { position += 1; return true }
            return false
        }
    }

    mutating func scanValue(depth: Int, fields: inout LogLineFields) -> Bool {
        guard position < count else { return false }
        switch base[position] {
        case UInt8(ascii: "\""): return scanString() != nil
        case UInt8(ascii: "{"): return scanObject(depth: depth + 1, role: .other, fields: &fields)
        case UInt8(ascii: "["): return scanArray(depth: depth + 1, fields: &fields)
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return scanNumber()
        default: return false
        }
    }

    mutating func literal(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard position + length <= count else { return false }
        let expected = text.utf8Start
        for index in 0..<length where base[position + index] != expected[index] { return false }
        position += length
        return true
    }

    @inline(__always)
    func isDigit(_ index: Int) -> Bool {
        index < count && base[index] >= 48 && base[index] <= 57
    }

    mutating func scanNumber() -> Bool {
        if base[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(position) else { return false }
        if base[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        if position < count, base[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { return false }
            while isDigit(position) { position += 1 }
        }
        if position < count, base[position] == UInt8(ascii: "e") || base[position] == UInt8(ascii: "E") {
            position += 1
            if position < count, base[position] == UInt8(ascii: "+") || base[position] == UInt8(ascii: "-") { position += 1 }
            guard isDigit(position) else { return false }
            while isDigit(position) { position += 1 }
        }
        return true
    }
}
