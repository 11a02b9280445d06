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

    public static func find(_ query: String, reader: AuditLogReader) throws(AuditLogError) -> (Outcome, LogReadStatistics) {
        try find(query, logs: AuditLogSet(paths: [reader.path]))
    }

    /// The same over several logs (a fleet's): the same path on two hosts is two models.
    public static func find(_ query: String, logs reader: AuditLogSet) throws(AuditLogError) -> (Outcome, LogReadStatistics) {
        var filter = LogFilter()
        filter.model = query
        let collection = try ModelCollection(logs: reader, filters: [filter])
        var models = collection.models.filter { $0.newest != nil }
        let exact = models.filter { $0.path.displayString == query || $0.name == query }
        if !exact.isEmpty { models = exact }
        if models.count > 1 {
            // A model that is still present beats removed copies of the same name.
            let present = models.filter { !$0.isRemoved }
            if present.count == 1 { models = present }
        }
        let statistics = collection.statistics
        switch models.count {
        case 0:
            return (.notFound, statistics)
        case 1:
            return (.found(models[0].report!), statistics)
        default:
            let candidates = models.map { model in
                Candidate(path: model.path, name: model.name, label: RecordTable.modelLabel(model.newest!["model"] ?? .null), lastSeen: model.lastTime)
            }
            return (.ambiguous(candidates), statistics)
        }
    }
}
