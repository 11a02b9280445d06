import ReproAudit

/// What `log` prints: raw records for `--json`, table rows otherwise (`RecordTable.log`), in batches
/// so a long log streams and `--follow` shows rows as they come.
struct LogOutput {
    let json: Bool
    let color: Bool
    let columns: [RecordColumn]
    var table: TextTable
    var buffer: [UInt8] = []

    /// `showsHost` adds a HOST column (a fleet's logs, `--host`).
    init(json: Bool, color: Bool, showsHost: Bool = false) {
        self.json = json
        self.color = color
        columns = showsHost ? RecordTable.fleetLog : RecordTable.log
        table = RecordTable.table(columns)
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
        table.append(RecordTable.row(record, columns))
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
