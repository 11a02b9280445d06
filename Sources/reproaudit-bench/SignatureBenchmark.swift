import Foundation
import ReproAudit

/// Verifying a signed 1 GiB model: `reproaudit scan --signers` against the reference verifier
/// `model_signing verify key` on the same files in the same run (target ≥ 1.5× faster). Skipped, with a
/// message, when Python cannot import `model_signing` (`pip install model-signing`).
enum SignatureBenchmark {
    static func run(workDirectory: String, reproauditBinary: String, gibibytes: Int) -> [String] {
        let probe = BenchProcess.run("/usr/bin/env", ["python3", "-c", "import model_signing"], discardOutput: true)
        guard probe.status == 0 else {
            return ["skipped: python3 cannot import model_signing (pip install model-signing)"]
        }
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        // A model the size of a small release: 4 shards making `gibibytes` GiB, and its config.
        let model = workDirectory + "/model"
        let shardSize = (Int64(gibibytes) << 30) / 4
        for index in 0..<4 { HashingBenchmark.writeFile(model + "/shard-\(index).bin", size: shardSize, seed: UInt64(index + 31)) }
        try? #"{"architectures": ["Bench"]}"#.write(toFile: model + "/config.json", atomically: true, encoding: .utf8)
        let key = workDirectory + "/signer.key", publicKey = workDirectory + "/signer.pub.pem"
        let signature = model + "/model.sig", policy = workDirectory + "/signers.json"
        BenchProcess.run("/usr/bin/env", ["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], discardOutput: true)
        BenchProcess.run("/usr/bin/env", ["openssl", "pkey", "-in", key, "-pubout", "-out", publicKey], discardOutput: true)
        let signed = BenchProcess.run("/usr/bin/env", ["python3", "-m", "model_signing", "sign", "key", "--private_key", key,
                                                       "--signature", signature, model], discardOutput: true)
        guard signed.status == 0 else { return ["skipped: model_signing sign key failed (exit \(signed.status))"] }
        try? #"{"keys": ["\#(publicKey)"]}"#.write(toFile: policy, atomically: true, encoding: .utf8)

        // Warm the page cache once for both; each side then reads every byte itself.
        _ = BenchProcess.run("/bin/sh", ["-c", "cat \"$0\"/* > /dev/null", model], discardOutput: true)
        let reference = { BenchProcess.run("/usr/bin/env", ["python3", "-m", "model_signing", "verify", "key", "--signature", signature,
                                                            "--public_key", publicKey, model]) }
        let ours = { BenchProcess.run(reproauditBinary, ["scan", model, "--signers", policy, "--json", "--no-progress"]) }
        let referenceCheck = reference(), oursCheck = ours()
        let verdict = oursCheck.output.range(of: #""signature":"verified""#) != nil ? "verified" : "NOT verified"
        guard referenceCheck.status == 0 else { return ["model_signing verify key failed (exit \(referenceCheck.status)): not comparable"] }
        let referenceSeconds = HashingBenchmark.best(of: 3) { reference().seconds }
        let oursSeconds = HashingBenchmark.best(of: 3) { ours().seconds }
        let mb = Double(4 * shardSize) / 1e6
        return [
            "signed \(gibibytes) GiB model (4 shards + config, ECDSA P-256, page cache warm), best of 3:",
            "  model_signing verify key  \(String(format: "%6.2f s", referenceSeconds))  \(HashingBenchmark.rate(mb, referenceSeconds))",
            "  reproaudit scan --signers \(String(format: "%6.2f s", oursSeconds))  \(HashingBenchmark.rate(mb, oursSeconds))  (verdict.signature \(verdict), exit \(oursCheck.status))",
            "  ratio \(HashingBenchmark.ratio(referenceSeconds / oursSeconds)) faster (target ≥ 1.5×)",
        ]
    }
}
