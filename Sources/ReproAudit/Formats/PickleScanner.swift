/// A static walk over pickle opcode streams (protocols 0–5) that lists every global the stream would
/// import when unpickled, without unpickling anything.
///
/// Every opcode of protocols 0–5 is decoded with its argument length; GLOBAL and INST read their
/// `module\nname\n` lines; STACK_GLOBAL takes its two operands from a model of the stack that tracks
/// strings through the memo (PUT/BINPUT/LONG_BINPUT/MEMOIZE and the GET forms). An operand that cannot
/// be resolved to a string is reported as the import `?.?`, which `PickleImportPolicy` treats as
/// dangerous. EXT1/2/4 (the copyreg extension registry) are reported as `copyreg.extension:<code>`.
///
/// The stream is read in 1 MB chunks; long string and bytes arguments are skipped, not buffered, so a
/// multi-gigabyte legacy `.bin` costs one chunk of memory. After a STOP the scan goes on when the next
/// bytes start another pickle (a PROTO opcode), up to `maximumPickles`; a legacy PyTorch file
/// (recognised by its pickled magic number) holds exactly five pickles (magic number, protocol,
/// sys_info, the object, the storage keys) followed by raw storage bytes, and the walk stops after the
/// fifth. An error in a follow-on pickle ends the scan without marking the file corrupt (unless the
/// stream ends inside it: truncation), since such bytes are most likely data that no loader unpickles;
/// imports seen before the error are still reported, so a broken pickle cannot hide an import.
public struct PickleScanner: Sendable {
    /// One global the stream imports.
    public struct Import: Sendable, Equatable {
        public var module: String
        public var name: String
        /// Absolute byte offset of the opcode in the scanned stream.
        public var offset: Int64
        /// The opcode that imports it (`GLOBAL`, `STACK_GLOBAL`, `INST`, `EXT1`…).
        public var opcode: String

        public var qualifiedName: String { "\(module).\(name)" }
    }

    /// A place where loaders disagree about the stream (FRAME boundaries, a misplaced PROTO).
    public struct Differential: Sendable, Equatable {
        public var offset: Int64
        public var message: String
    }

    /// A memo/DUP expansion bomb: `weight` objects reachable at `offset`, counting shared references.
    public struct Expansion: Sendable, Equatable {
        public var offset: Int64
        public var weight: UInt64
    }

    /// What a scan saw.
    public struct Result: Sendable, Equatable {
        public var imports: [Import] = []
        /// Complete pickles (ended by STOP) walked.
        public var pickleCount = 0
        /// PERSID/BINPERSID opcodes seen (PyTorch storages).
        public var persistentIDCount = 0
        /// Bytes consumed up to the end of the last complete pickle (or to the error).
        public var bytesScanned: Int64 = 0
        /// Set when the first pickle could not be walked to its STOP.
        public var error: FormatError?
        /// Places where CPython's unpickler and a stricter reader see different things.
        public var differentials: [Differential] = []
        /// Set when a structure's naive walk would visit far more objects than the stream has bytes.
        public var expansion: Expansion?

        public init() {}
    }

    /// Deepest stack modelled; deeper stacks stop the scan as a limit.
    public var maximumStackDepth = 1 << 20
    /// Memoised strings remembered for STACK_GLOBAL resolution.
    public var maximumMemoStrings = 1 << 16
    /// Longest text line (protocol 0 arguments) accepted.
    public var maximumLineLength = 1 << 20
    /// Strings longer than this are skipped rather than modelled (no module name is this long).
    public var maximumModelledString = 512
    /// Pickles walked in sequence before stopping.
    public var maximumPickles = 16
    /// Chunk size of reads from the stream.
    public var chunkSize = 1 << 20

    static let errorCode = "corrupt-pickle"
    /// `pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2)`, the first pickle of a legacy PyTorch file.
    static let legacyTorchMagic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]

    public init() {}

    /// Scans the pickle(s) at the start of `bytes`.
    public func scan(bytes: [UInt8], baseOffset: Int64 = 0) -> Result {
        var stream = ArrayStream(bytes)
        return scan(&stream, baseOffset: baseOffset)
    }

    /// Scans the pickle(s) at the start of `stream`; `baseOffset` is added to reported offsets, `member`
    /// is recorded in errors.
    public func scan(_ stream: inout some ByteStream, baseOffset: Int64 = 0, member: String? = nil, initialBytes: [UInt8] = []) -> Result {
        var result = Result()
        var buffer = initialBytes
        var machine = PickleMachine(limits: self)
        machine.bufferBase = baseOffset
        machine.pickleStart = baseOffset
        var eof = false
        var pickleStart = baseOffset
        // A follow-on pickle that breaks off at the end of the stream is a truncated file, not raw
        // data; errors the stream itself throws (a damaged archive member) are always reported.
        func fail(_ error: FormatError, truncated: Bool = false) -> Result {
            var error = error
            error.member = member
            result.imports = machine.imports
            result.persistentIDCount = machine.persistentIDs
            result.collect(machine)
            if result.pickleCount == 0 || truncated || error.kind == .unreadable { result.error = error }
            if result.pickleCount == 0 { result.bytesScanned = (error.offset ?? pickleStart) - baseOffset }
            return result
        }
        // A legacy PyTorch file starts with the pickled magic number 0x1950a86a20f9469cfc6c and holds
        // exactly five pickles (torch.load reads no more); raw storage bytes follow the fifth.
        while buffer.count < Self.legacyTorchMagic.count && !eof {
            do {
                if try stream.read(into: &buffer, maximum: Self.legacyTorchMagic.count - buffer.count) == 0 { eof = true }
            } catch { return fail(error, truncated: true) }
        }
        let pickleLimit = buffer.starts(with: Self.legacyTorchMagic) ? 5 : maximumPickles
        while true {
            // Discard what is consumed, skip pending long arguments, then refill as needed.
            let outcome: PickleMachine.Outcome
            if machine.pendingSkip > 0 {
                let inBuffer = UInt64(buffer.count - machine.pos)
                if machine.pendingSkip <= inBuffer {
                    machine.pos += Int(machine.pendingSkip)
                    machine.pendingSkip = 0
                    continue
                }
                machine.pendingSkip -= inBuffer
                buffer.withUnsafeBufferPointer { machine.materialize($0) }
                machine.bufferBase += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
                machine.pos = 0
                let wanted = machine.pendingSkip
                let skipped: UInt64
                do { skipped = try stream.skip(wanted) } catch { return fail(error, truncated: true) }
                machine.bufferBase += Int64(skipped)
                machine.pendingSkip = 0
                if skipped < wanted {
                    return fail(FormatError(code: Self.errorCode, "an argument runs past the end of the stream (truncated?)", offset: machine.bufferBase), truncated: true)
                }
                continue
            }
            outcome = buffer.withUnsafeBufferPointer { machine.run($0) }
            switch outcome {
            case .failure(let error):
                return fail(error)
            case .stop:
                result.pickleCount += 1
                let stopEnd = machine.bufferBase + Int64(machine.pos)
                result.bytesScanned = stopEnd - baseOffset
                // Another pickle follows only when the next two bytes are PROTO and a known protocol.
                while buffer.count - machine.pos < 2 && !eof {
                    do {
                        if try stream.read(into: &buffer, maximum: 2) == 0 { eof = true }
                    } catch { return fail(error, truncated: true) }
                }
                guard result.pickleCount < pickleLimit, buffer.count - machine.pos >= 2,
                      buffer[machine.pos] == 0x80, buffer[machine.pos + 1] <= 5 else {
                    result.imports = machine.imports
                    result.persistentIDCount = machine.persistentIDs
                    result.collect(machine)
                    return result
                }
                pickleStart = stopEnd
                machine.resetForNextPickle()
                machine.pickleStart = stopEnd
            case .needBytes(let count):
                if machine.pos > 0 {
                    buffer.withUnsafeBufferPointer { machine.materialize($0) }
                    buffer.removeSubrange(0..<machine.pos)
                    machine.bufferBase += Int64(machine.pos)
                    machine.pos = 0
                }
                // A long argument is being skipped: skip it from the stream rather than reading it.
                if machine.pendingSkip > 0 { continue }
                if eof || buffer.count >= count + chunkSize * 2 {
                    return fail(FormatError(code: Self.errorCode, "the pickle ends before its STOP opcode (truncated?)", offset: machine.bufferBase + Int64(buffer.count)), truncated: eof)
                }
                var got = 0
                do { got = try stream.read(into: &buffer, maximum: max(chunkSize, count - buffer.count)) } catch { return fail(error, truncated: true) }
                if got == 0 {
                    eof = true
                    return fail(FormatError(code: Self.errorCode, "the pickle ends before its STOP opcode (truncated?)", offset: machine.bufferBase + Int64(buffer.count)), truncated: true)
                }
            }
        }
    }
}

extension PickleScanner.Result {
    mutating func collect(_ machine: PickleMachine) {
        differentials = machine.differentials.map { PickleScanner.Differential(offset: $0.0, message: $0.1) }
        expansion = machine.expansion.map { PickleScanner.Expansion(offset: $0.0, weight: $0.1) }
    }
}
