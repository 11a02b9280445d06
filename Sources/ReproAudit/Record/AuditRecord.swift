/// One `audit` line of the audit log (schema 1): everything reproaudit concluded about one model.
///
/// Field names are a public interface (see `../shared/spec/audit-record.md` and the README): add
/// fields freely, never rename or remove one without bumping `schema`.
public struct AuditRecord: Sendable, Equatable {
    public static let schemaVersion: Int64 = 1

    public var time: Timestamp
    public var host: String
    public var trigger: AuditTrigger
    public var model: ModelIdentity
    public var integrity: IntegrityStatus
    public var safety: SafetyStatus
    /// Every file whose digest was computed or expected, weights and others.
    public var files: [WeightFileResult]
    /// Per-file inspection findings (unsafe imports, Lambda layers…), also listed in `findings`.
    public var serializationFindings: [Finding]
    public var openness: OpennessReport
    /// All findings of the model, most severe first.
    public var findings: [Finding]
    public var durationMilliseconds: Int64
    /// Bytes read to compute digests in this audit.
    public var bytesHashed: Int64
    /// What changed since the previous audit of this model (daemon only), e.g. `{"files":["a.bin"],"verdict":{…}}`.
    public var changes: JSONValue?
    /// The model's `model.sig` (`checks.signature`), or nil when it has none.
    public var signature: SignatureReport?

    /// `verdict.signature`: the bundle's trust outcome, `unsigned` without one.
    public var signatureStatus: SignatureVerification.Status { signature?.status ?? .unsigned }

    public init(
        time: Timestamp, host: String, trigger: AuditTrigger, model: ModelIdentity, integrity: IntegrityStatus,
        safety: SafetyStatus, files: [WeightFileResult], serializationFindings: [Finding], openness: OpennessReport,
        findings: [Finding], durationMilliseconds: Int64, bytesHashed: Int64, changes: JSONValue? = nil
    ) {
        self.time = time
        self.host = host
        self.trigger = trigger
        self.model = model
        self.integrity = integrity
        self.safety = safety
        self.files = files
        self.serializationFindings = serializationFindings
        self.openness = openness
        self.findings = findings
        self.durationMilliseconds = durationMilliseconds
        self.bytesHashed = bytesHashed
        self.changes = changes
    }

    /// True when the model has a `critical` finding (integrity `mismatch`/`corrupt`, safety `unsafe`).
    public var isCritical: Bool {
        integrity == .mismatch || integrity == .corrupt || safety == .unsafe
            || findings.contains { $0.severity == .critical }
    }

    /// Status of `checks.weights`: the worst status of the weight files (`verified` when there are none).
    public var weightsStatus: IntegrityStatus {
        files.filter(\.isWeight).map(\.status.asModelStatus).max() ?? .verified
    }

    /// The record as the JSON object written on one line of the log.
    public var json: JSONValue {
        var modelMembers: [(String, JSONValue)] = PathEncoding.members("path", model.path)
        modelMembers += [
            ("layout", .string(model.layout.rawValue)),
            ("name", JSONValue(model.name)),
            ("revision", JSONValue(model.revision)),
        ]
        if !model.refs.isEmpty { modelMembers.append(("refs", .array(model.refs.map(JSONValue.string)))) }

        let verdict: JSONValue = .object([
            ("integrity", .string(integrity.rawValue)),
            ("safety", .string(safety.rawValue)),
            ("openness", .string(openness.openness.rawValue)),
            ("mof_class", JSONValue(openness.mofClass)),
            ("signature", .string(signatureStatus.rawValue)),
        ])

        var checks: [(String, JSONValue)] = [
            ("weights", .object([
                ("status", .string(weightsStatus.rawValue)),
                ("files", .array(files.filter(\.isWeight).map(Self.fileJSON))),
            ])),
        ]
        let others = files.filter { !$0.isWeight }
        if !others.isEmpty {
            checks.append(("other_files", .object([
                ("status", .string((others.map(\.status.asModelStatus).max() ?? .verified).rawValue)),
                ("files", .array(others.map(Self.fileJSON))),
            ])))
        }
        checks.append(("data_card", Self.checkJSON(openness.dataCard)))
        checks.append(("training_code", Self.checkJSON(openness.trainingCode)))
        var license: [(String, JSONValue)] = [
            ("class", .string(openness.license.licenseClass.rawValue)),
            ("id", JSONValue(openness.license.id)),
        ]
        if let name = openness.license.name { license.append(("name", .string(name))) }
        license.append(("evidence", .array(openness.license.evidence.map(Self.evidenceJSON))))
        checks.append(("license", .object(license)))
        checks.append(("serialization", .object([
            ("status", .string(safety.rawValue)),
            ("policy", .string(PickleImportPolicy.version)),
            ("findings", .array(serializationFindings.map(Self.findingJSON))),
        ])))
        if let signature { checks.append(("signature", signature.json)) }
        for (name, check) in openness.extraChecks {
            checks.append((name, Self.checkJSON(check)))
        }

        var members: [(String, JSONValue)] = [
            ("schema", .integer(Self.schemaVersion)),
            ("time", .string(time.rfc3339)),
            ("event", "audit"),
            ("host", .string(host)),
            ("trigger", .string(trigger.rawValue)),
            ("model", .object(modelMembers)),
            ("verdict", verdict),
            ("checks", .object(checks)),
            ("findings", .array(findings.map(Self.findingJSON))),
            ("components", .object(openness.components.map { ($0.0, .string($0.1.rawValue)) })),
            ("duration_ms", .integer(durationMilliseconds)),
            ("bytes_hashed", .integer(bytesHashed)),
        ]
        if let changes { members.append(("changes", changes)) }
        return .object(members)
    }

    /// The record as one line of JSON, newline included.
    public var line: [UInt8] {
        var bytes = JSONWriter.bytes(json)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func fileJSON(_ file: WeightFileResult) -> JSONValue {
        var members = PathEncoding.members("path", file.path)
        members.append(("size", file.size.map(JSONValue.integer) ?? .null))
        members.append(("sha256", JSONValue(file.sha256)))
        members.append(("expected_sha256", JSONValue(file.expectedSHA256)))
        if file.gitSHA1 != nil || file.expectedGitSHA1 != nil {
            members.append(("git_sha1", JSONValue(file.gitSHA1)))
            members.append(("expected_git_sha1", JSONValue(file.expectedGitSHA1)))
        }
        members.append(("expected_from", JSONValue(file.expectedFrom?.rawValue)))
        members.append(("format", JSONValue(file.format)))
        members.append(("status", .string(file.status.rawValue)))
        return .object(members)
    }

    static func checkJSON(_ check: OpennessReport.Check) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("status", .string(check.status.rawValue)),
            ("evidence", .array(check.evidence.map(evidenceJSON))),
        ]
        if !check.identifiers.isEmpty { members.append(("ids", .array(check.identifiers.map(JSONValue.string)))) }
        return .object(members)
    }

    static func evidenceJSON(_ evidence: Evidence) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let path = evidence.path { members += PathEncoding.members("path", path) } else { members.append(("path", .null)) }
        members.append(("detail", .string(evidence.detail)))
        return .object(members)
    }

    public static func findingJSON(_ finding: Finding) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(finding.code)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
        ]
        if let path = finding.path { members += PathEncoding.members("path", path) }
        members += finding.details
        return .object(members)
    }
}
