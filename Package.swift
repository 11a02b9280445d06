// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "reproaudit",
    // Linux only (inotify, /proc, SO_PEERCRED, statfs magic numbers); SwiftPM cannot declare that, so
    // no `platforms` is given rather than one that is not true. No library product: nothing outside
    // this package is promised an API.
    products: [
        .executable(name: "reproaudit", targets: ["reproaudit"]),
    ],
    targets: [
        // libcrypto (OpenSSL) for SHA-256 / SHA-1 through the EVP interface.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The system zlib, to inflate deflated members of PyTorch/Keras zip archives and gzipped logs.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Linux headers Glibc does not export (sys/vfs.h: statfs).
        .systemLibrary(name: "CLinux"),
        // Everything that audits: discovery, formats, integrity, openness, the audit record.
        .target(
            name: "ReproAudit",
            dependencies: ["CLibCrypto", "CZlib", "CLinux"]
        ),
        // The long-running service: watching, scheduling, state, the audit log, control socket, systemd.
        .target(
            name: "ReproAuditDaemon",
            dependencies: ["ReproAudit"]
        ),
        // A declarative command-line parser: commands declare their options once; help, usage errors,
        // the man page, shell completions and Markdown docs are made from the declarations. Knows nothing
        // of reproaudit.
        .target(name: "CommandLineParsing"),
        // reproaudit's commands: their declarations and what each one does.
        .target(
            name: "ReproAuditCommands",
            dependencies: ["ReproAudit", "ReproAuditDaemon", "CommandLineParsing"]
        ),
        // The executable: hands argv (bytes) to ReproAuditCommands.
        .executableTarget(
            name: "reproaudit",
            dependencies: ["ReproAuditCommands"]
        ),
        // Measurements against openssl and other yardsticks; not a test.
        .executableTarget(
            name: "reproaudit-bench",
            dependencies: ["ReproAudit", "ReproAuditDaemon"]
        ),
        .testTarget(
            name: "CommandLineParsingTests",
            dependencies: ["CommandLineParsing"]
        ),
        .testTarget(
            name: "ReproAuditTests",
            dependencies: ["ReproAudit", "ReproAuditDaemon", "CommandLineParsing", "ReproAuditCommands"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
