import Foundation
@testable import ReproAudit

/// The Debian `chromium` browser run headless (`--headless --no-sandbox`, as root in CI), to load
/// the HTML report the way an auditor's browser does: `--dump-dom` gives the DOM after the page's
/// script ran, `--screenshot` a PNG, and `--enable-logging=stderr` the console messages.
///
/// Without chromium the browser tests are skipped; with `REPROAUDIT_REQUIRE_TOOLS=1` (set by `.ci/run`,
/// which installs it) a missing browser is a failure instead.
enum HeadlessChromium {
    static let executable: String? = {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in ["/usr/bin", "/usr/local/bin", "/snap/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }()

    static var isRequired: Bool { ProcessInfo.processInfo.environment["REPROAUDIT_REQUIRE_TOOLS"] == "1" }

    /// Whether the browser tests run: chromium is there, or it is required (and its absence fails them).
    static var shouldRun: Bool { executable != nil || isRequired }

    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32

        /// Console messages chromium logged for the page (`…:INFO:CONSOLE:1] "…", source: …`). The report
        /// logs nothing itself, so every one is an error: a script error, a CSP violation, a failed load.
        var consoleErrors: [String] {
            stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        }
    }

    /// Runs chromium once on `url` with a throw-away profile.
    static func run(_ url: String, _ arguments: [String], directory: TemporaryDirectory) throws -> Output {
        guard let executable else { throw MissingBrowser() }
        let profile = directory.url("chromium-profile-\(UUID().uuidString.prefix(8))")
        let result = try ChildProcess.run(executable, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0",
        ] + arguments + [url], environment: ["HOME": directory.path, "PATH": "/usr/bin:/bin"], timeout: 180)
        return Output(stdout: String(decoding: result.stdout, as: UTF8.self),
                      stderr: String(decoding: result.stderr, as: UTF8.self), status: result.status)
    }

    static func dumpDOM(_ url: String, directory: TemporaryDirectory) throws -> Output {
        try run(url, ["--dump-dom", "--virtual-time-budget=5000"], directory: directory)
    }

    static func screenshot(_ url: String, to png: String, directory: TemporaryDirectory) throws -> Output {
        try run(url, ["--screenshot=\(png)", "--window-size=1280,1600", "--hide-scrollbars"], directory: directory)
    }

    struct MissingBrowser: Error, CustomStringConvertible {
        var description: String { "chromium is not installed (apt-get install chromium); REPROAUDIT_REQUIRE_TOOLS=1 makes this a failure" }
    }
}

/// Enough of PNG to tell a blank screenshot from a page: 8-bit RGB/RGBA, zlib data inflated with the
/// system zlib, scanline filters undone.
struct PNGImage {
    var width: Int
    var height: Int
    var channels: Int
    var pixels: [UInt8]

    struct Unsupported: Error { var reason: String }

    init(path: String, scratch: TemporaryDirectory) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw Unsupported(reason: "not a PNG")
        }
        func be32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        var offset = 8
        var idat: [UInt8] = []
        var width = 0, height = 0, channels = 0
        while offset + 8 <= bytes.count {
            let length = be32(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            if type == "IHDR" {
                width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
                guard body[8] == 8, body[12] == 0 else { throw Unsupported(reason: "bit depth \(body[8]), interlace \(body[12])") }
                switch body[9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw Unsupported(reason: "colour type \(body[9])")
                }
            } else if type == "IDAT" {
                idat += body
            }
            offset += 12 + length
        }
        // GzipDecompressor inflates zlib streams too (windowBits 15 + 32 detects the header).
        let compressed = scratch.write("idat-\(UUID().uuidString.prefix(8)).zlib", idat)
        let descriptor = try FileDescriptor.open(RawPath(compressed))
        defer { try? descriptor.close() }
        let inflater = try GzipDecompressor(descriptor: descriptor)
        var raw: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try inflater.read(into: $0) }
            if count == 0 { break }
            raw += chunk[0..<count]
        }
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw Unsupported(reason: "short image data") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            for column in 0..<stride {
                let x = Int(raw[row * (stride + 1) + 1 + column])
                let a = column >= channels ? Int(pixels[row * stride + column - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * stride + column]) : 0
                let c = row > 0 && column >= channels ? Int(pixels[(row - 1) * stride + column - channels]) : 0
                let predicted: Int
                switch filter {
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: predicted = 0
                }
                pixels[row * stride + column] = UInt8((x + predicted) & 0xFF)
            }
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Share of pixels whose RGB differs from the top-left pixel (the page background).
    var nonBackgroundShare: Double {
        let background = Array(pixels[0..<3])
        var differing = 0
        for index in Swift.stride(from: 0, to: pixels.count, by: channels)
            where pixels[index] != background[0] || pixels[index + 1] != background[1] || pixels[index + 2] != background[2] {
            differing += 1
        }
        return Double(differing) / Double(width * height)
    }

    /// Distinct RGB colours (capped count).
    var colourCount: Int {
        var seen = Set<UInt32>()
        for index in Swift.stride(from: 0, to: pixels.count, by: channels) {
            seen.insert(UInt32(pixels[index]) << 16 | UInt32(pixels[index + 1]) << 8 | UInt32(pixels[index + 2]))
            if seen.count > 1000 { break }
        }
        return seen.count
    }
}
