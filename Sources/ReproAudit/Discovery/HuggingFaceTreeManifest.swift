/// `trees/<commit>.json` of a Hugging Face hub cache: the files a commit holds, with sizes and ids.
///
/// Read tolerantly: a JSON array of entries, or an object with the array under `entries`, `files` or
/// `siblings`; each entry gives `path` (or `rfilename`), `size`, a `blob_id`/`oid`, and for LFS files
/// `lfs_sha256` or `lfs.sha256`/`lfs.oid`. Folder entries (`type: directory`) are ignored.
struct HuggingFaceTreeManifest: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var path: String
        var size: Int64?
        var expected: ExpectedDigest?
        /// The name the blob has in `blobs/` (the LFS SHA-256, else the git blob id).
        var blobName: String?
    }

    var entries: [Entry]

    static func parse(_ bytes: [UInt8]) -> Result<HuggingFaceTreeManifest, JSONError> {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            return .failure(error)
        }
        let list = value.arrayValue ?? value["entries"]?.arrayValue ?? value["files"]?.arrayValue ?? value["siblings"]?.arrayValue
        guard let list else {
            return .failure(JSONError(message: "no list of files (expected an array, or \"entries\"/\"files\")", offset: 0, line: 1))
        }
        var entries: [Entry] = []
        for item in list {
            if let type = item["type"]?.stringValue, type == "directory" || type == "dir" { continue }
            guard let path = item["path"]?.stringValue ?? item["rfilename"]?.stringValue else { continue }
            let size = item["size"]?.int64Value
            let lfs = item["lfs_sha256"]?.stringValue ?? item["lfs"]?["sha256"]?.stringValue ?? item["lfs"]?["oid"]?.stringValue
            let blobID = item["blob_id"]?.stringValue ?? item["oid"]?.stringValue ?? item["blobId"]?.stringValue
            var expected: ExpectedDigest?
            if let lfs, Hex.isHex(lfs, length: 64) {
                expected = ExpectedDigest(sha256: lfs, size: size, source: .hfBlob)
            } else if let blobID, Hex.isHex(blobID, length: 40) {
                expected = ExpectedDigest(gitSHA1: blobID, size: size, source: .hfBlob)
            }
            let blobName = (lfs.flatMap { Hex.isHex($0, length: 64) ? $0.lowercased() : nil }) ?? blobID?.lowercased()
            entries.append(Entry(path: path, size: size, expected: expected, blobName: blobName))
        }
        return .success(HuggingFaceTreeManifest(entries: entries))
    }
}
