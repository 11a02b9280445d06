extension Substring {
    /// The text without trailing spaces and tabs.
    func trimmingTrailingSpaces() -> Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }

    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}

extension String {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        String(Substring(self).trimming(set))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Byte-wise (UTF-8) substring test: much faster than Foundation's `contains`, which bridges
    /// through UTF-16 on Linux. Both sides are compared exactly (callers lower-case first).
    func has(_ needle: String) -> Bool {
        byteOffset(of: needle) != nil
    }

    /// The range of the first exact UTF-8 occurrence of `needle`, or nil.
    func utf8Range(of needle: String) -> Range<Index>? {
        guard let offset = byteOffset(of: needle) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        let end = utf8.index(start, offsetBy: needle.utf8.count)
        return start..<end
    }

    private func byteOffset(of needle: String) -> Int? {
        let n = needle.utf8.count
        if n == 0 { return 0 }
        func search(_ h: UnsafeBufferPointer<UInt8>) -> Int? {
            guard h.count >= n, let base = h.baseAddress else { return nil }
            let needleBytes = Array(needle.utf8)
            let first = Int32(needleBytes[0])
            return needleBytes.withUnsafeBufferPointer { nb -> Int? in
                var offset = 0
                let last = h.count - n
                while offset <= last {
                    // memchr finds the candidate start, memcmp confirms it.
                    guard let hit = memchr(base + offset, first, last - offset + 1) else { return nil }
                    let position = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + position, nb.baseAddress!, n) == 0 { return position }
                    offset = position + 1
                }
                return nil
            }
        }
        if let result = utf8.withContiguousStorageIfAvailable(search) { return result }
        return Array(utf8).withUnsafeBufferPointer(search)
    }
}

extension StringProtocol {
    /// The part after the last `/` (the whole string when there is none), as `NSString.lastPathComponent` gives.
    var pathLastComponent: String {
        guard let slash = lastIndex(of: "/") else { return String(self) }
        return String(self[index(after: slash)...])
    }

    /// The extension of the last path component without its dot, or "" (`NSString.pathExtension`).
    var pathExtensionPart: String {
        let name = pathLastComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }
}
