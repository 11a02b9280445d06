/// How many models have each verdict, per dimension (integrity, safety, openness, signature): the
/// summary bars of the HTML report. Values come in the order of `Dimension.values`; a value the
/// dimension does not list (a newer reproaudit's) is counted after them, and a record without the
/// field counts as `not checked` (older records have no `verdict.signature`).
public struct VerdictCounts: Sendable, Equatable {
    /// One verdict field and the values it takes, best first.
    public struct Dimension: Sendable, Equatable {
        public var key: String
        public var title: String
        public var values: [String]

        public static let integrity = Dimension(key: "integrity", title: "Integrity",
                                                values: ["verified", "unverified", "incomplete", "mismatch", "corrupt", "error"])
        public static let safety = Dimension(key: "safety", title: "Safety", values: ["safe", "unknown", "unsafe"])
        public static let openness = Dimension(key: "openness", title: "Openness",
                                               values: ["open-source", "open-weights", "restricted", "unknown"])
        public static let signature = Dimension(key: "signature", title: "Signature",
                                                values: ["verified", "untrusted", "unsigned", "invalid"])
        public static let all = [integrity, safety, openness, signature]

        /// The record's value for this dimension, `not checked` when absent.
        public func value(of record: JSONValue) -> String {
            record["verdict"]?[key]?.stringValue ?? VerdictCounts.notChecked
        }
    }

    public static let notChecked = "not checked"

    public var dimension: Dimension
    /// (value, count) with count > 0.
    public var counts: [(value: String, count: Int)]
    public var total: Int

    public init(_ dimension: Dimension, records: [JSONValue]) {
        self.dimension = dimension
        var byValue: [String: Int] = [:]
        var extra: [String] = []
        for record in records {
            let value = dimension.value(of: record)
            if byValue[value] == nil, !dimension.values.contains(value) { extra.append(value) }
            byValue[value, default: 0] += 1
        }
        counts = (dimension.values + extra).compactMap { value in byValue[value].map { (value, $0) } }
        total = records.count
    }

    public func count(of value: String) -> Int {
        counts.first { $0.value == value }?.count ?? 0
    }

    public static func == (lhs: VerdictCounts, rhs: VerdictCounts) -> Bool {
        lhs.dimension == rhs.dimension && lhs.total == rhs.total
            && lhs.counts.map(\.value) == rhs.counts.map(\.value) && lhs.counts.map(\.count) == rhs.counts.map(\.count)
    }

    /// `good`, `warn`, `bad` or `none`: the colour a verdict value is shown in.
    public static func tone(_ value: String, dimension key: String) -> String {
        switch (key, value) {
        case ("integrity", "verified"), ("safety", "safe"), ("openness", "open-source"), ("signature", "verified"): "good"
        case ("integrity", "mismatch"), ("integrity", "corrupt"), ("safety", "unsafe"), ("signature", "invalid"): "bad"
        case ("integrity", "unverified"), ("integrity", "incomplete"), ("integrity", "error"), ("safety", "unknown"),
             ("openness", "restricted"), ("signature", "untrusted"): "warn"
        default: "none"
        }
    }
}
