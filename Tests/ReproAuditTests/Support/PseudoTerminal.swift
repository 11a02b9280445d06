import Foundation

/// Runs the real binary with stdout and/or stderr on a real pseudo-terminal (each its own, opened with
/// python3's `os.openpty`), so `isatty` is true as in a person's shell: no mock of the terminal.
enum PseudoTerminal {
    struct Output {
        var status: Int32
        /// What the program wrote, with the terminal's `\r\n` turned back into `\n`.
        var stdout: String
        var stderr: String
    }

    /// nil when python3 is missing (the caller skips).
    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let script = #"""
    import json, os, select, subprocess, sys
    spec = json.loads(sys.argv[1])
    streams, masters = {}, {}
    for name in ("stdout", "stderr"):
        if name in spec["tty"]:
            master, slave = os.openpty()
            masters[master] = name
            streams[name] = slave
        else:
            streams[name] = subprocess.PIPE
    child = subprocess.Popen(spec["argv"], stdin=subprocess.DEVNULL, env=spec["env"], **streams)
    for name, stream in streams.items():
        if stream != subprocess.PIPE:
            os.close(stream)
    readers = dict(masters)
    if child.stdout: readers[child.stdout.fileno()] = "stdout"
    if child.stderr: readers[child.stderr.fileno()] = "stderr"
    data = {"stdout": b"", "stderr": b""}
    while readers:
        ready, _, _ = select.select(list(readers), [], [], 120)
        if not ready:
            child.kill()
            break
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                data[readers[fd]] += chunk
            else:
                del readers[fd]
    status = child.wait()
    for name in ("stdout", "stderr"):
        with open(os.path.join(spec["out"], name), "wb") as f:
            f.write(data[name])
    sys.exit(status if status >= 0 else 128 - status)
    """#

    /// Runs `reproaudit arguments` with the streams named in `terminal` ("stdout", "stderr") on terminals.
    static func run(_ arguments: [String], terminal: Set<String>, environment: [String: String] = [:]) throws -> Output? {
        guard let python else { return nil }
        let dir = TemporaryDirectory("pty")
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        let spec: [String: Any] = ["argv": [BinaryRunner.binaryPath] + arguments, "tty": Array(terminal), "env": env, "out": dir.path]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let result = try ChildProcess.run(python, ["-c", script, json])
        func read(_ name: String) -> String {
            let text = (try? String(contentsOfFile: dir.url(name), encoding: .utf8)) ?? ""
            return text.replacingOccurrences(of: "\r\n", with: "\n")
        }
        return Output(status: result.status, stdout: read("stdout"), stderr: read("stderr"))
    }
}
