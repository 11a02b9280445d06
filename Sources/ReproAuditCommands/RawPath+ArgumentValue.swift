import CommandLineParsing
import ReproAudit

/// A path argument keeps the bytes the kernel passed: a file name that is not UTF-8 is audited,
/// shown and logged as what it is (`PathEncoding`), not as replacement characters.
extension RawPath: ArgumentValue {
    public init(argument bytes: [UInt8], of declaration: ArgumentDeclaration) throws(UsageError) {
        self.init(bytes: bytes)
    }
}
