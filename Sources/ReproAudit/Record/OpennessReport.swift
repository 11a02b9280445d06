/// The openness part of a record: evidence for each component, the licence and the verdicts.
public struct OpennessReport: Sendable, Equatable {
    /// `checks.data_card` / `checks.training_code` style entry.
    public struct Check: Sendable, Equatable {
        public var status: ComponentStatus
        public var evidence: [Evidence]
        /// Identifiers the evidence names (dataset ids such as `allenai/dolma`), written as `ids`.
        public var identifiers: [String]

        public init(status: ComponentStatus, evidence: [Evidence] = [], identifiers: [String] = []) {
            self.status = status
            self.evidence = evidence
            self.identifiers = identifiers
        }
    }

    /// One licence file and what it covers: `checks.license.files[]`.
    public struct LicenseFile: Sendable, Equatable {
        public var path: RawPath
        /// `model`, `code`, `data` or `use-policy` (`LicenseFileRole`, plain names resolved).
        public var covers: String
        /// The licence the text was recognised as (Hub id, or `other`), nil when unrecognised.
        public var id: String?
        public var licenseClass: LicenseClass

        public init(path: RawPath, covers: String, id: String?, licenseClass: LicenseClass) {
            self.path = path
            self.covers = covers
            self.id = id
            self.licenseClass = licenseClass
        }
    }

    /// `checks.license`.
    public struct License: Sendable, Equatable {
        public var licenseClass: LicenseClass
        /// SPDX id or the Hub's licence id, lower-case, or nil.
        public var id: String?
        /// A licence's name when there is no id (`license_name`), or nil.
        public var name: String?
        public var evidence: [Evidence]
        /// Every licence file of the model and what it covers.
        public var files: [LicenseFile]

        public init(licenseClass: LicenseClass, id: String?, name: String? = nil, evidence: [Evidence] = [], files: [LicenseFile] = []) {
            self.licenseClass = licenseClass
            self.id = id
            self.name = name
            self.evidence = evidence
            self.files = files
        }
    }

    public var dataCard: Check
    public var trainingCode: Check
    public var license: License
    /// MOF component name → status, in a stable order.
    public var components: [(String, ComponentStatus)]
    /// Extra per-component checks (`datasets`, `inference_code`, …) written under `checks`.
    public var extraChecks: [(String, Check)]
    public var openness: OpennessVerdict
    public var mofClass: String?
    public var findings: [Finding]

    public init(
        dataCard: Check, trainingCode: Check, license: License, components: [(String, ComponentStatus)],
        extraChecks: [(String, Check)] = [], openness: OpennessVerdict, mofClass: String?, findings: [Finding]
    ) {
        self.dataCard = dataCard
        self.trainingCode = trainingCode
        self.license = license
        self.components = components
        self.extraChecks = extraChecks
        self.openness = openness
        self.mofClass = mofClass
        self.findings = findings
    }

    /// The report when nothing about openness could be judged.
    public static let unknown = OpennessReport(
        dataCard: Check(status: .missing), trainingCode: Check(status: .missing),
        license: License(licenseClass: .unknown, id: nil), components: [], openness: .unknown, mofClass: nil, findings: [])

    public static func == (lhs: OpennessReport, rhs: OpennessReport) -> Bool {
        lhs.dataCard == rhs.dataCard && lhs.trainingCode == rhs.trainingCode && lhs.license == rhs.license
            && lhs.components.map(\.0) == rhs.components.map(\.0) && lhs.components.map(\.1) == rhs.components.map(\.1)
            && lhs.extraChecks.map(\.0) == rhs.extraChecks.map(\.0) && lhs.extraChecks.map(\.1) == rhs.extraChecks.map(\.1)
            && lhs.openness == rhs.openness && lhs.mofClass == rhs.mofClass && lhs.findings == rhs.findings
    }
}
