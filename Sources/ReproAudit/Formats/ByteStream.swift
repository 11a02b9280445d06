/// A forward-only stream of bytes read in chunks: a range of a file, or an inflated archive member.
///
/// Lets the pickle scanner walk a multi-gigabyte stream while holding one chunk at a time.
public protocol ByteStream {
    /// Appends up to `maximum` next bytes to `buffer` and returns how many; 0 only at the end.
    mutating func read(into buffer: inout [UInt8], maximum: Int) throws(FormatError) -> Int
    /// Moves past up to `count` bytes without returning them; returns how many were skipped
    /// (fewer only at the end).
    mutating func skip(_ count: UInt64) throws(FormatError) -> UInt64
}
