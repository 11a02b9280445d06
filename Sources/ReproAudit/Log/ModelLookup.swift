/// Finds one model in the log by a name or path substring (`reproaudit show MODEL`) and gathers its
/// newest record and history in a single pass. An exact name or path wins over substrings; several
/// models left is ambiguous and the caller lists the candidates.
public enum ModelLookup {
    /// A model the query matched.
    public struct Candidate: Sendable, Equatable {
        public var path: RawPath
        public var name: String?
        public var label: String
        /// Time of the newest line about it.
        public var lastSeen: String
    }

    public enum Outcome: Sendable {
        case found(ModelReport)
        case notFound
        case ambiguous([Candidate])
    }

    private struct Gathered {
        var path: RawPath
        var name: String?
        var newest: JSONValue?
        var lastTime = ""
        var removed = false
        var history = ModelHistory()
    }

    public static func find(_ query: String, reader: AuditLogReader) throws(AuditLogError) -> (Outcome, LogReadStatistics) {
        var filter = LogFilter()
        filter.model = query
        var gathered: [[UInt8]: Gathered] = [:]
        var order: [[UInt8]] = []
        let statistics = try reader.read { line in
            guard let key = line.modelKey, filter.matchesIdentity(line), let record = line.parse() else { return }
            let event = record["event"]?.stringValue
            if gathered[key] == nil {
                guard let path = line.modelPath else { return }
                gathered[key] = Gathered(path: path, name: line.modelName)
                order.append(key)
            }
            gathered[key]!.history.add(record)
            gathered[key]!.lastTime = record["time"]?.stringValue ?? ""
            if event == "audit" {
                gathered[key]!.newest = record
                gathered[key]!.removed = false
                if let name = record["model"]?["name"]?.stringValue { gathered[key]!.name = name }
            } else if event == "removed" {
                gathered[key]!.removed = true
            }
        }
        var models = order.compactMap { gathered[$0] }.filter { $0.newest != nil }
        let exact = models.filter { $0.path.displayString == query || $0.name == query }
        if !exact.isEmpty { models = exact }
        if models.count > 1 {
            // A model that is still present beats removed copies of the same name.
            let present = models.filter { !$0.removed }
            if present.count == 1 { models = present }
        }
        switch models.count {
        case 0:
            return (.notFound, statistics)
        case 1:
            let model = models[0]
            return (.found(ModelReport(record: model.newest!, history: model.history, isRemoved: model.removed)), statistics)
        default:
            let candidates = models.map { model in
                Candidate(path: model.path, name: model.name, label: RecordTable.modelLabel(model.newest!["model"] ?? .null), lastSeen: model.lastTime)
            }
            return (.ambiguous(candidates), statistics)
        }
    }
}
