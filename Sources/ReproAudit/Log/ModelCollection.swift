/// The models of an audit log that some filters select, each with its newest `audit` record and its
/// history, gathered in one pass (`reproaudit show`, `reproaudit report`). Only lines a filter selects
/// are parsed.
public struct ModelCollection: Sendable {
    /// One model as the log tells it.
    public struct Model: Sendable {
        public var path: RawPath
        public var name: String?
        /// The newest `audit` record, or nil when the log has only other lines about it.
        public var newest: JSONValue?
        /// Time of the newest line about it.
        public var lastTime = ""
        /// True when the newest line about it is `removed`.
        public var isRemoved = false
        public var history = ModelHistory()

        /// The model ready to explain, when it has been audited.
        public var report: ModelReport? {
            newest.map { ModelReport(record: $0, history: history, isRemoved: isRemoved) }
        }
    }

    /// Models in the order the log first mentions them.
    public private(set) var models: [Model] = []
    /// Indexes of the filters that selected at least one line.
    public private(set) var matchedFilters = Set<Int>()
    public private(set) var statistics = LogReadStatistics()

    /// Reads the log once, keeping the lines about models that any of `filters` selects by identity.
    public init(reader: AuditLogReader, filters: [LogFilter]) throws(AuditLogError) {
        try self.init(logs: AuditLogSet(paths: [reader.path]), filters: filters)
    }

    /// The same over several logs (a fleet's, `--log DIR|GLOB`): the same path on two hosts is two models.
    public init(logs reader: AuditLogSet, filters: [LogFilter]) throws(AuditLogError) {
        var byKey: [[UInt8]: Int] = [:]
        var models: [Model] = []
        var matched = Set<Int>()
        statistics = try reader.read { line in
            guard let key = line.modelKey(byHost: reader.paths.count > 1) else { return }
            var selected = false
            for (index, filter) in filters.enumerated() where filter.matchesIdentity(line) {
                selected = true
                matched.insert(index)
            }
            guard selected, let record = line.parse() else { return }
            let slot: Int
            if let known = byKey[key] {
                slot = known
            } else {
                guard let path = line.modelPath else { return }
                slot = models.count
                byKey[key] = slot
                models.append(Model(path: path, name: line.modelName))
            }
            models[slot].history.add(record)
            models[slot].lastTime = record["time"]?.stringValue ?? ""
            switch record["event"]?.stringValue {
            case "audit":
                models[slot].newest = record
                models[slot].isRemoved = false
                if let name = record["model"]?["name"]?.stringValue { models[slot].name = name }
            case "removed":
                models[slot].isRemoved = true
            default:
                break
            }
        }
        self.models = models
        matchedFilters = matched
    }
}
