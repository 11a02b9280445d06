/// The opcode interpreter behind `PickleScanner`: consumes complete opcodes from one buffer.
struct PickleMachine {
    /// A modelled stack entry: a string (a possible STACK_GLOBAL operand) or anything else.
    ///
    /// A string still in the scan buffer is kept as a `slice` (start and length in the buffer) and only
    /// decoded when an import needs it or before the buffer is compacted, so walking millions of string
    /// opcodes allocates nothing.
    enum Value {
        case other
        case string(String)
        case slice(Int, Int)
        /// A container or object a naive walk would visit this many objects in (shared references
        /// counted each time they are reached): what memo/DUP expansion bombs inflate.
        case node(UInt64)

        var weight: UInt64 {
            if case .node(let weight) = self { return weight }
            return 1
        }
    }

    /// Memoised objects heavier than this keep their weight in the memo; lighter ones count as 1.
    static let memoWeightThreshold: UInt64 = 64
    /// Weight from which a structure is an expansion bomb, when it is also far above the bytes read.
    static let expansionWeight: UInt64 = 1 << 24

    enum Outcome {
        case stop
        /// At least this many bytes from `pos` are needed to go on.
        case needBytes(Int)
        case failure(FormatError)
    }

    let maximumStackDepth: Int
    let maximumMemoStrings: Int
    let maximumLineLength: Int
    let maximumModelledString: Int
    var pos = 0
    /// Absolute offset of the buffer's first byte.
    var bufferBase: Int64 = 0
    var pendingSkip: UInt64 = 0
    var stack: [Value] = []
    var marks: [Int] = []
    var memo: [Int: Value] = [:]
    /// Memo keys that may hold a `slice`.
    var memoSlices: [Int] = []
    /// The largest memo key holding a string (-1 when none).
    var largestMemoKey = -1
    /// Stack entries below this index hold no `slice`.
    var sliceFloor = 0
    /// Stack count at the last mark (0 without one).
    var markBase = 0
    var memoLength = 0
    var putKeys = Set<Int>()
    var imports: [PickleScanner.Import] = []
    var persistentIDs = 0
    /// Places where CPython's unpickler and a strict reader would disagree (offset, what).
    var differentials: [(Int64, String)] = []
    /// Where a structure first grew past `expansionWeight` (offset, weight), if it did.
    var expansion: (Int64, UInt64)?
    /// Stack slots of memoised objects, with their memo keys, innermost last.
    var memoisedSlots: [(index: Int, key: Int)] = []
    /// Absolute end of the current FRAME (-1 outside a frame).
    var frameEnd: Int64 = -1
    /// Absolute offset where the current pickle starts (a PROTO anywhere else is misplaced).
    var pickleStart: Int64 = 0

    init(limits: PickleScanner) {
        maximumStackDepth = limits.maximumStackDepth
        maximumMemoStrings = limits.maximumMemoStrings
        maximumLineLength = limits.maximumLineLength
        maximumModelledString = limits.maximumModelledString
    }

    mutating func resetForNextPickle() {
        stack.removeAll(keepingCapacity: true)
        marks.removeAll()
        markBase = 0
        sliceFloor = 0
        memoSlices.removeAll()
        memo.removeAll()
        largestMemoKey = -1
        putKeys.removeAll()
        memoLength = 0
        frameEnd = -1
        memoisedSlots.removeAll()
    }

    private mutating func differential(_ message: String, at offset: Int64) {
        // An opcode is walked again when it waited for more bytes: record each place once.
        guard differentials.count < 16, !differentials.contains(where: { $0.0 == offset && $0.1 == message }) else { return }
        differentials.append((offset, message))
    }

    /// Records `weight` of the object just built at `index`, noting an expansion bomb once.
    private mutating func weigh(_ weight: UInt64, at index: Int) -> Value {
        if weight >= Self.expansionWeight, expansion == nil, weight / 1024 > UInt64(max(1, bufferBase + Int64(index))) {
            expansion = (bufferBase + Int64(index), weight)
        }
        return weight <= 1 ? .other : .node(weight)
    }

    /// Sum of the weights of stack entries from `index` to the top.
    private func weight(from index: Int) -> UInt64 {
        var total: UInt64 = 0
        var cursor = index
        while cursor < stack.count {
            total = total &+ stack[cursor].weight
            if total > UInt64.max / 4 { return UInt64.max / 4 }
            cursor += 1
        }
        return total
    }

    /// Adds `extra` to the weight of the top entry (an APPEND/SETITEM/BUILD target).
    private mutating func grow(by extra: UInt64, at index: Int) {
        guard !stack.isEmpty else { return }
        let total = min(stack[stack.count - 1].weight &+ extra, UInt64.max / 4)
        if case .other = stack[stack.count - 1], total <= 1 { return }
        if case .string = stack[stack.count - 1] { return }
        if case .slice = stack[stack.count - 1] { return }
        let grown = weigh(total, at: index)
        stack[stack.count - 1] = grown
        while let last = memoisedSlots.last, last.index > stack.count - 1 { memoisedSlots.removeLast() }
        if total >= Self.memoWeightThreshold, let last = memoisedSlots.last, last.index == stack.count - 1,
           memo[last.key] != nil || memo.count < maximumMemoStrings {
            memo[last.key] = grown
            largestMemoKey = max(largestMemoKey, last.key)
        }
    }

    private func error(_ message: String, at index: Int, _ kind: FormatError.Kind = .malformed) -> Outcome {
        .failure(FormatError(kind, code: PickleScanner.errorCode, message, offset: bufferBase + Int64(index)))
    }

    /// Items above the last mark.
    private var segment: Int { stack.count - markBase }

    /// Decodes every `slice` still pointing into `p`, the buffer about to be compacted.
    mutating func materialize(_ p: UnsafeBufferPointer<UInt8>) {
        var index = min(sliceFloor, stack.count)
        while index < stack.count {
            if case .slice(let start, let length) = stack[index] { stack[index] = .string(Self.text(p, start..<(start + length))) }
            index += 1
        }
        sliceFloor = stack.count
        for key in memoSlices {
            if case .slice(let start, let length) = memo[key] { memo[key] = .string(Self.text(p, start..<(start + length))) }
        }
        memoSlices.removeAll(keepingCapacity: true)
    }

    private func resolve(_ value: Value, _ p: UnsafeBufferPointer<UInt8>) -> String? {
        switch value {
        case .other, .node: return nil
        case .string(let text): return text
        case .slice(let start, let length): return Self.text(p, start..<(start + length))
        }
    }

    private mutating func pop(_ count: Int) -> Bool {
        guard segment >= count else { return false }
        // Single removals avoid the generic range replacement on this hot path.
        for _ in 0..<count { stack.removeLast() }
        return true
    }

    private mutating func popMark() -> Bool {
        guard let mark = marks.popLast() else { return false }
        stack.removeSubrange(mark...)
        markBase = marks.last ?? 0
        return true
    }

    private mutating func remember(_ key: Int) {
        guard let top = stack.last else { return }
        // Containers are memoised empty and filled afterwards: remember which stack slot holds which
        // key, so that the memo follows the container's growth (pickle's memo holds references).
        if case .string = top {} else if case .slice = top {} else {
            while let last = memoisedSlots.last, last.index >= stack.count - 1 { memoisedSlots.removeLast() }
            memoisedSlots.append((stack.count - 1, key))
        }
        // Keys above every key stored so far hold nothing yet: no lookup is needed to clear them.
        let fresh = key > largestMemoKey
        switch top {
        case .node(let weight) where weight >= Self.memoWeightThreshold:
            if memo.count < maximumMemoStrings {
                memo[key] = top
                largestMemoKey = max(largestMemoKey, key)
            } else if !fresh, memo[key] != nil {
                memo[key] = top
            }
        case .other, .node:
            if !fresh { memo[key] = nil }
        case .string, .slice:
            if memo.count < maximumMemoStrings {
                memo[key] = top
                largestMemoKey = max(largestMemoKey, key)
                if case .slice = top { memoSlices.append(key) }
            } else if !fresh {
                if memo[key] != nil {
                    memo[key] = top
                    if case .slice = top { memoSlices.append(key) }
                }
            }
        }
    }

    private mutating func put(_ key: Int) {
        remember(key)
        if putKeys.count < 1 << 20 {
            if putKeys.insert(key).inserted { memoLength += 1 }
        } else {
            memoLength += 1
        }
    }

    private mutating func recordImport(module: String, name: String, opcode: String, at index: Int) {
        imports.append(PickleScanner.Import(module: module, name: name, offset: bufferBase + Int64(index), opcode: opcode))
    }

    @inline(__always)
    private static func littleEndian(_ p: UnsafeBufferPointer<UInt8>, _ at: Int, _ width: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p.baseAddress! + at)
        switch width {
        case 1: return UInt64(raw.load(as: UInt8.self))
        case 2: return UInt64(UInt16(littleEndian: raw.loadUnaligned(as: UInt16.self)))
        case 4: return UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
        default: return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        }
    }

    /// Index of the newline ending the line that starts at `from`, or nil when it is not in the buffer.
    private func lineEnd(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = from
        while index < p.count {
            if p[index] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    private static func text(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
    }

    private static func decimal(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for index in range {
            let digit = p[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Pushes a quoted protocol-0 STRING argument (`'abc'`), as a string when it holds no escapes.
    private mutating func pushQuoted(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2 else { return false }
        let quote = p[range.lowerBound]
        guard (quote == 0x27 || quote == 0x22), p[range.upperBound - 1] == quote else { return false }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        if inner.count <= maximumModelledString, !inner.contains(where: { p[$0] == 0x5C }) {
            stack.append(.slice(inner.lowerBound, inner.count))
        } else {
            stack.append(.other)
        }
        return true
    }

    mutating func run(_ p: UnsafeBufferPointer<UInt8>) -> Outcome {
        let count = p.count
        while pos < count {
            if sliceFloor > stack.count { sliceFloor = stack.count }
            if stack.count > maximumStackDepth || marks.count > maximumStackDepth {
                return error("the pickle stack grows deeper than \(maximumStackDepth)", at: pos, .limitExceeded)
            }
            let start = pos
            let op = p[start]
            let available = count - start - 1
            if frameEnd >= 0 {
                let at = bufferBase + Int64(start)
                if at >= frameEnd {
                    if at > frameEnd { differential("an opcode crosses the end of the FRAME at byte \(frameEnd): CPython's unpickler ignores the boundary, a strict reader stops there", at: frameEnd) }
                    frameEnd = -1
                } else if op == 0x95 {
                    differential("a FRAME starts inside the previous frame, which ends at byte \(frameEnd)", at: at)
                }
            }
            switch op {
            // No argument.
            case 0x28: marks.append(stack.count); markBase = stack.count; pos += 1                                   // MARK
            case 0x2E: pos += 1; return .stop                                                  // STOP
            case 0x30:                                                                         // POP
                if segment > 0 { stack.removeLast() } else if !popMark() { return error("POP on an empty stack", at: start) }
                pos += 1
            case 0x31: guard popMark() else { return error("POP_MARK without MARK", at: start) }; pos += 1
            case 0x32: guard let top = stack.last, segment > 0 else { return error("DUP on an empty stack", at: start) }
                stack.append(top); pos += 1
            case 0x4E, 0x88, 0x89, 0x7D, 0x5D, 0x29, 0x8F, 0x97:                               // NONE NEWTRUE NEWFALSE EMPTY_DICT EMPTY_LIST EMPTY_TUPLE EMPTY_SET NEXT_BUFFER
                stack.append(.other); pos += 1
            case 0x98: guard segment > 0 else { return error("READONLY_BUFFER on an empty stack", at: start) }; pos += 1
            case 0x51:                                                                         // BINPERSID
                guard pop(1) else { return error("BINPERSID on an empty stack", at: start) }
                persistentIDs += 1; stack.append(.other); pos += 1
            case 0x52, 0x81:                                                                   // REDUCE NEWOBJ
                guard segment >= 2 else { return error("\(op == 0x52 ? "REDUCE" : "NEWOBJ") needs two stack items", at: start) }
                let built = stack[stack.count - 1].weight
                _ = pop(2)
                stack.append(built > 1 ? weigh(built &+ 1, at: start) : .other); pos += 1
            case 0x92:                                                                         // NEWOBJ_EX
                guard pop(3) else { return error("NEWOBJ_EX needs three stack items", at: start) }
                stack.append(.other); pos += 1
            case 0x61, 0x62:                                                                   // APPEND BUILD
                guard segment >= 2 else { return error("\(op == 0x61 ? "APPEND" : "BUILD") needs two stack items", at: start) }
                let added = stack[stack.count - 1].weight
                _ = pop(1)
                grow(by: added, at: start)
                pos += 1
            case 0x73:                                                                         // SETITEM
                guard segment >= 3 else { return error("SETITEM needs three stack items", at: start) }
                let added = stack[stack.count - 1].weight &+ stack[stack.count - 2].weight
                _ = pop(2)
                grow(by: added, at: start)
                pos += 1
            case 0x65, 0x75, 0x90:                                                             // APPENDS SETITEMS ADDITEMS
                guard let mark = marks.last else { return error("APPENDS/SETITEMS/ADDITEMS without MARK and target", at: start) }
                let items = UInt64(max(0, stack.count - mark))
                let added = weight(from: mark)
                guard popMark(), segment >= 1 else { return error("APPENDS/SETITEMS/ADDITEMS without MARK and target", at: start) }
                if items > 0 { grow(by: added, at: start) }
                pos += 1
            case 0x64, 0x6C, 0x74, 0x91:                                                       // DICT LIST TUPLE FROZENSET
                guard let mark = marks.last else { return error("DICT/LIST/TUPLE/FROZENSET without MARK", at: start) }
                let items = UInt64(max(0, stack.count - mark))
                let added = weight(from: mark)
                guard popMark() else { return error("DICT/LIST/TUPLE/FROZENSET without MARK", at: start) }
                stack.append(items > 0 ? weigh(added &+ 1, at: start) : .other); pos += 1
            case 0x6F:                                                                         // OBJ
                guard let mark = marks.last, stack.count > mark, popMark() else { return error("OBJ without MARK and class", at: start) }
                stack.append(.other); pos += 1
            case 0x85, 0x86, 0x87:                                                             // TUPLE1-3
                let items = Int(op - 0x84)
                guard segment >= items else { return error("TUPLE\(items) needs \(items) stack items", at: start) }
                let added = weight(from: stack.count - items)
                _ = pop(items)
                stack.append(weigh(added &+ 1, at: start)); pos += 1
            case 0x93:                                                                         // STACK_GLOBAL
                guard segment >= 2 else { return error("STACK_GLOBAL needs two stack items", at: start) }
                let name = stack.removeLast()
                let module = stack.removeLast()
                if let m = resolve(module, p), let n = resolve(name, p) {
                    recordImport(module: m, name: n, opcode: "STACK_GLOBAL", at: start)
                } else {
                    recordImport(module: "?", name: "?", opcode: "STACK_GLOBAL", at: start)
                }
                stack.append(.other); pos += 1
            case 0x94:                                                                         // MEMOIZE
                guard segment > 0 else { return error("MEMOIZE on an empty stack", at: start) }
                remember(memoLength); memoLength += 1; pos += 1
            // Fixed-width arguments.
            case 0x4B, 0x4D, 0x4A, 0x47:                                                       // BININT1 BININT2 BININT BINFLOAT
                let width = op == 0x4B ? 1 : op == 0x4D ? 2 : op == 0x4A ? 4 : 8
                guard available >= width else { return .needBytes(1 + width) }
                stack.append(.other); pos += 1 + width
            case 0x80:                                                                         // PROTO
                guard available >= 1 else { return .needBytes(2) }
                guard p[start + 1] <= 5 else { return error("unsupported pickle protocol \(p[start + 1])", at: start) }
                if bufferBase + Int64(start) != pickleStart {
                    differential("PROTO \(p[start + 1]) after the start of the pickle: CPython accepts it anywhere, other readers reject it or stop", at: bufferBase + Int64(start))
                }
                pos += 2
            case 0x95:                                                                         // FRAME
                guard available >= 8 else { return .needBytes(9) }
                let length = Self.littleEndian(p, start + 1, 8)
                if length <= UInt64(Int64.max / 2) { frameEnd = bufferBase + Int64(start) + 9 + Int64(length) }
                pos += 9
            case 0x68, 0x6A:                                                                   // BINGET LONG_BINGET
                let width = op == 0x68 ? 1 : 4
                guard available >= width else { return .needBytes(1 + width) }
                let key = Int(Self.littleEndian(p, start + 1, width))
                stack.append(memo[key] ?? .other); pos += 1 + width
            case 0x71, 0x72:                                                                   // BINPUT LONG_BINPUT
                let width = op == 0x71 ? 1 : 4
                guard available >= width else { return .needBytes(1 + width) }
                guard segment > 0 else { return error("PUT on an empty stack", at: start) }
                put(Int(Self.littleEndian(p, start + 1, width))); pos += 1 + width
            case 0x82, 0x83, 0x84:                                                             // EXT1 EXT2 EXT4
                let width = op == 0x82 ? 1 : op == 0x83 ? 2 : 4
                guard available >= width else { return .needBytes(1 + width) }
                let code = Self.littleEndian(p, start + 1, width)
                recordImport(module: "copyreg.extension", name: String(code), opcode: "EXT\(width)", at: start)
                stack.append(.other); pos += 1 + width
            // Length-prefixed arguments.
            case 0x55, 0x43, 0x8C, 0x8A, 0x54, 0x42, 0x58, 0x8B, 0x8D, 0x8E, 0x96:
                let width: Int
                switch op {
                case 0x55, 0x43, 0x8C, 0x8A: width = 1       // SHORT_BINSTRING SHORT_BINBYTES SHORT_BINUNICODE LONG1
                case 0x54, 0x42, 0x58, 0x8B: width = 4       // BINSTRING BINBYTES BINUNICODE LONG4
                default: width = 8                           // BINUNICODE8 BINBYTES8 BYTEARRAY8
                }
                guard available >= width else { return .needBytes(1 + width) }
                let length = Self.littleEndian(p, start + 1, width)
                if (op == 0x54 || op == 0x8B) && length > UInt64(Int32.max) {
                    return error("negative length in BINSTRING/LONG4", at: start)
                }
                if width == 8 && length > UInt64(Int64.max) {
                    return error("length \(length) does not fit in 63 bits", at: start)
                }
                let isText = op == 0x55 || op == 0x8C || op == 0x54 || op == 0x58 || op == 0x8D
                let header = 1 + width
                if isText && length <= UInt64(maximumModelledString) {
                    let total = header + Int(length)
                    guard available + 1 >= total else { return .needBytes(total) }
                    stack.append(.slice(start + header, Int(length)))
                    pos += total
                } else {
                    stack.append(.other)
                    let inBuffer = UInt64(count - start - header)
                    if length <= inBuffer {
                        pos += header + Int(length)
                    } else {
                        pos = count
                        pendingSkip = length - inBuffer
                        return .needBytes(0)
                    }
                }
            // Newline-terminated arguments.
            case 0x46, 0x49, 0x4C, 0x50, 0x53, 0x56, 0x67, 0x70:                               // FLOAT INT LONG PERSID STRING UNICODE GET PUT
                guard let end = lineEnd(p, from: start + 1) else {
                    if available > maximumLineLength { return error("a text argument is longer than \(maximumLineLength) bytes", at: start, .limitExceeded) }
                    return .needBytes(available + 2)
                }
                let line = (start + 1)..<end
                switch op {
                case 0x50: persistentIDs += 1; stack.append(.other)
                case 0x53: guard pushQuoted(p, line) else { return error("STRING argument is not quoted", at: start) }
                case 0x56:
                    if line.count <= maximumModelledString, !line.contains(where: { p[$0] == 0x5C }) {
                        stack.append(.slice(line.lowerBound, line.count))
                    } else {
                        stack.append(.other)
                    }
                case 0x67:
                    guard let key = Self.decimal(p, line) else { return error("GET key is not a decimal number", at: start) }
                    stack.append(memo[key] ?? .other)
                case 0x70:
                    guard let key = Self.decimal(p, line) else { return error("PUT key is not a decimal number", at: start) }
                    guard segment > 0 else { return error("PUT on an empty stack", at: start) }
                    put(key)
                default: stack.append(.other)
                }
                pos = end + 1
            case 0x63, 0x69:                                                                   // GLOBAL INST
                guard let first = lineEnd(p, from: start + 1), let second = lineEnd(p, from: first + 1) else {
                    if available > maximumLineLength { return error("a GLOBAL/INST argument is longer than \(maximumLineLength) bytes", at: start, .limitExceeded) }
                    return .needBytes(available + 2)
                }
                let module = Self.text(p, (start + 1)..<first)
                let name = Self.text(p, (first + 1)..<second)
                recordImport(module: module, name: name, opcode: op == 0x63 ? "GLOBAL" : "INST", at: start)
                if op == 0x69 { guard popMark() else { return error("INST without MARK", at: start) } }
                stack.append(.other)
                pos = second + 1
            default:
                return error("unknown opcode 0x\(String(op, radix: 16))", at: start)
            }
        }
        return .needBytes(1)
    }
}
