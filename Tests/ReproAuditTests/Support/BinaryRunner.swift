import Foundation

/// Runs the real `reproaudit` binary built by `swift build` and captures what it prints.
struct BinaryRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// `<package>/.build/debug/reproaudit`, found from this file's path.
    static var binaryPath: String {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = package.appendingPathComponent(".build/\(configuration)/reproaudit").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return package.appendingPathComponent(".build/debug/reproaudit").path
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 120) throws -> Output {
        let result = try ChildProcess.run(binaryPath, arguments, environment: environment, timeout: timeout)
        return Output(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self),
                      stderr: String(decoding: result.stderr, as: UTF8.self))
    }
}
