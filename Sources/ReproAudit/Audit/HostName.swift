#if canImport(Glibc)
import Glibc
#endif

/// This machine's host name, written into every log line so logs from many machines can be merged.
public enum HostName {
    public static var current: String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let ok = buffer.withUnsafeMutableBufferPointer { out in
            out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) { gethostname($0, out.count - 1) == 0 }
        }
        guard ok, let end = buffer.firstIndex(of: 0), end > 0 else { return "localhost" }
        return String(decoding: buffer[..<end], as: UTF8.self)
    }
}

/// The number of processors online.
public enum ProcessorCount {
    public static var online: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
