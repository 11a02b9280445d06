/// A file system path as the bytes the kernel knows it by.
///
/// Linux file names are byte strings, not text: a name may be invalid UTF-8 or hold a newline. Keeping
/// the bytes lets reproaudit open every file it finds and report its exact name (see `AuditRecord` for
/// how such names are written to JSON so they round-trip).
public struct RawPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ string: String) {
        self.bytes = Array(string.utf8)
    }

    public static func < (lhs: RawPath, rhs: RawPath) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// True when the bytes are valid UTF-8, so `string` is exact.
    public var isValidUTF8: Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// The path as text when it is valid UTF-8, or nil.
    public var string: String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// The path as text for people: invalid UTF-8 sequences become U+FFFD.
    public var displayString: String {
        String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { displayString }

    public var isAbsolute: Bool { bytes.first == UInt8(ascii: "/") }
    public var isEmpty: Bool { bytes.isEmpty }

    /// The path with `component` appended after a single `/`.
    public func appending(_ component: RawPath) -> RawPath {
        if bytes.isEmpty { return component }
        if component.bytes.isEmpty { return self }
        var result = bytes
        if result.last != UInt8(ascii: "/") { result.append(UInt8(ascii: "/")) }
        var tail = component.bytes[...]
        while tail.first == UInt8(ascii: "/") { tail = tail.dropFirst() }
        result.append(contentsOf: tail)
        return RawPath(bytes: result)
    }

    public func appending(_ component: String) -> RawPath {
        appending(RawPath(component))
    }

    /// The last path component (`"c"` for `/a/b/c`), ignoring trailing slashes.
    public var lastComponent: RawPath {
        var end = bytes.endIndex
        while end > bytes.startIndex + 1 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        let slice = bytes[..<end]
        if let slash = slice.lastIndex(of: UInt8(ascii: "/")) {
            return RawPath(bytes: Array(slice[(slash + 1)...]))
        }
        return RawPath(bytes: Array(slice))
    }

    /// The path without its last component (`/a/b` for `/a/b/c`; `/` for `/a`).
    public var removingLastComponent: RawPath {
        var end = bytes.endIndex
        while end > bytes.startIndex + 1 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        let slice = bytes[..<end]
        guard let slash = slice.lastIndex(of: UInt8(ascii: "/")) else { return RawPath(".") }
        if slash == bytes.startIndex { return RawPath("/") }
        return RawPath(bytes: Array(slice[..<slash]))
    }

    /// The components between slashes, without empty ones.
    public var components: [RawPath] {
        bytes.split(separator: UInt8(ascii: "/")).map { RawPath(bytes: Array($0)) }
    }

    /// The path of `self` relative to `base` when `self` lies under it, else nil.
    public func relative(to base: RawPath) -> RawPath? {
        var prefix = base.bytes
        while prefix.count > 1 && prefix.last == UInt8(ascii: "/") { prefix.removeLast() }
        if bytes == prefix { return RawPath("") }
        if prefix != [UInt8(ascii: "/")] { prefix.append(UInt8(ascii: "/")) }
        guard bytes.starts(with: prefix) else { return nil }
        return RawPath(bytes: Array(bytes[prefix.count...]))
    }

    /// The file name's extension in lower case (`"safetensors"` for `model.SafeTensors`), or "".
    public var lowercasedExtension: String {
        let name = lastComponent.bytes
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
    }

    /// The last component as text (lossy for invalid UTF-8), for matching names.
    public var name: String { lastComponent.displayString }

    /// Calls `body` with a NUL-terminated C string of the path.
    public func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var copy = bytes
        copy.append(0)
        return try copy.withUnsafeBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { try body($0) }
        }
    }

    /// Where `name`, written inside the file at `self` (a relative path such as a shard named in an
    /// index, or an entry of a checksum list), points: resolved against that file's folder.
    public func sibling(_ name: String) -> RawPath {
        let folder = removingLastComponent
        return (folder.bytes == Array(".".utf8) ? RawPath(name) : folder.appending(name)).lexicallyNormalized
    }

    /// Normalises `.` and `..` components and repeated slashes without touching the file system.
    public var lexicallyNormalized: RawPath {
        var stack: [[UInt8]] = []
        for component in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if component.elementsEqual([UInt8(ascii: ".")]) { continue }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if !stack.isEmpty, stack.last! != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                    stack.removeLast()
                } else if !isAbsolute {
                    stack.append(Array(component))
                }
                continue
            }
            stack.append(Array(component))
        }
        var out: [UInt8] = isAbsolute ? [UInt8(ascii: "/")] : []
        for (index, component) in stack.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: component)
        }
        if out.isEmpty { out = [UInt8(ascii: ".")] }
        return RawPath(bytes: out)
    }
}

extension RawPath: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(value)
    }
}
