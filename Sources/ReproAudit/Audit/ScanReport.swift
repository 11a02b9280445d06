/// The people's view of a scan: one row per model and a summary line.
public enum ScanReport {
    /// The table of `scan`: one row per model (`RecordTable.scan`'s columns). With `relativeTo` (the
    /// current directory, when the PATHs were given relative), paths below it are shown relative to it,
    /// as they were typed: `examples/demo/models/…`.
    public static func table(_ records: [AuditRecord], color: Bool, relativeTo base: RawPath? = nil) -> String {
        let columns = RecordTable.scan.map { $0.header == RecordColumn.path.header ? RecordColumn.path(relativeTo: base) : $0 }
        var table = RecordTable.table(columns)
        for record in records { table.append(RecordTable.row(record.json, columns)) }
        return table.render(color: color)
    }

    /// `path` relative to `base` when it is below it (`.` for `base` itself), else `path`.
    public static func displayPath(_ path: RawPath, relativeTo base: RawPath?) -> String {
        guard let base, let relative = path.relative(to: base) else { return path.displayString }
        return relative.isEmpty ? "." : relative.displayString
    }

    /// `3 models: 2 verified, 1 mismatch; 1 unsafe; 1.2 GiB hashed in 0.8 s`.
    public static func summary(_ outcome: ScanRunner.Outcome) -> String {
        let records = outcome.records
        var counts: [(IntegrityStatus, Int)] = []
        for status in IntegrityStatus.allCases {
            let count = records.filter { $0.integrity == status }.count
            if count > 0 { counts.append((status, count)) }
        }
        var text = "\(records.count) model\(records.count == 1 ? "" : "s")"
        if !counts.isEmpty { text += ": " + counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") }
        let unsafe = records.filter { $0.safety == .unsafe }.count
        if unsafe > 0 { text += "; \(unsafe) unsafe" }
        let critical = records.filter(\.isCritical).count
        if critical > 0 { text += "; \(critical) with critical findings" }
        let seconds = Double(outcome.elapsedNanoseconds) / 1e9
        text += "; \(formatBytes(outcome.summary.bytesHashed)) hashed in \(formatDecimal(seconds, places: 2)) s"
        return text
    }

    /// `1.5 GiB`, `12 KiB`, `512 B`.
    public static func formatBytes(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : "\(formatDecimal(value, places: 1)) \(units[unit])"
    }

    static func formatDecimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < places { text += String(repeating: "0", count: places - decimals) }
        }
        return text
    }
}
