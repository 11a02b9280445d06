import ReproAudit

/// What `log` prints: raw records for `--json`, table rows otherwise (`RecordTable.log`), in batches
/// so a long log streams and `--follow` shows rows as they come.
struct LogOutput {
    let json: Bool
    let color: Bool
    var table = RecordTable.table(RecordTable.log)
    var buffer: [UInt8] = []

    init(json: Bool, color: Bool) {
        self.json = json
        self.color = color
        if json { buffer.reserveCapacity(1 << 20) }
    }

    mutating func add<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if json {
            buffer.append(contentsOf: bytes)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { flush() }
            return
        }
        guard let record = try? JSONParser().parse(Array(bytes)) else { return }
        table.append(RecordTable.row(record, RecordTable.log))
        if table.rows.count >= 1000 { flush() }
    }

    mutating func flush() {
        if json {
            if !buffer.isEmpty { OutputStream.standardOutput.write(bytes: buffer) }
            buffer.removeAll(keepingCapacity: true)
        } else if !table.rows.isEmpty {
            for line in table.takeLines(color: color) { printOut(line) }
        }
        OutputStream.standardOutput.flush()
    }

    mutating func finish() { flush() }
}
