/// Hugging Face Hub licence ids (and the `license_name` spellings cards use with `license: other`)
/// mapped to their SPDX id and licence class, per `spec/openness.md`.
public enum LicenseCatalog {
    /// One known licence.
    public struct Entry: Sendable, Equatable {
        /// The Hub's id, lower-case (`apache-2.0`, `llama3.1`), or `other` for licences the Hub has no
        /// id for (DeepSeek, Tongyi Qianwen).
        public var id: String
        /// A key that names the licence family and version uniquely, used to compare a tag with a text
        /// (`apache-2.0`, `deepseek`, `tongyi-qianwen`).
        public var key: String
        /// SPDX identifier when SPDX has one (`Apache-2.0`), else nil.
        public var spdx: String?
        public var licenseClass: LicenseClass
        /// Human name (`Apache License 2.0`).
        public var name: String

        public init(id: String, key: String? = nil, spdx: String?, licenseClass: LicenseClass, name: String) {
            self.id = id
            self.key = key ?? id
            self.spdx = spdx
            self.licenseClass = licenseClass
            self.name = name
        }
    }

    private static func open(_ id: String, _ spdx: String, _ name: String) -> Entry {
        Entry(id: id, spdx: spdx, licenseClass: .open, name: name)
    }

    /// Every Hub id the catalog knows.
    public static let entries: [Entry] = [
        open("apache-2.0", "Apache-2.0", "Apache License 2.0"),
        open("mit", "MIT", "MIT License"),
        open("bsd-2-clause", "BSD-2-Clause", "BSD 2-Clause License"),
        open("bsd-3-clause", "BSD-3-Clause", "BSD 3-Clause License"),
        open("bsd-3-clause-clear", "BSD-3-Clause-Clear", "BSD 3-Clause Clear License"),
        open("0bsd", "0BSD", "BSD Zero Clause License"),
        open("gpl", "GPL-3.0-or-later", "GNU General Public License family"),
        open("gpl-2.0", "GPL-2.0-only", "GNU General Public License v2.0"),
        open("gpl-3.0", "GPL-3.0-only", "GNU General Public License v3.0"),
        open("lgpl", "LGPL-3.0-or-later", "GNU Lesser General Public License family"),
        open("lgpl-2.1", "LGPL-2.1-only", "GNU Lesser General Public License v2.1"),
        open("lgpl-3.0", "LGPL-3.0-only", "GNU Lesser General Public License v3.0"),
        open("agpl-3.0", "AGPL-3.0-only", "GNU Affero General Public License v3.0"),
        open("mpl-2.0", "MPL-2.0", "Mozilla Public License 2.0"),
        open("epl-1.0", "EPL-1.0", "Eclipse Public License 1.0"),
        open("epl-2.0", "EPL-2.0", "Eclipse Public License 2.0"),
        open("eupl-1.1", "EUPL-1.1", "European Union Public License 1.1"),
        open("eupl-1.2", "EUPL-1.2", "European Union Public License 1.2"),
        open("isc", "ISC", "ISC License"),
        open("unlicense", "Unlicense", "The Unlicense"),
        open("zlib", "Zlib", "zlib License"),
        open("bsl-1.0", "BSL-1.0", "Boost Software License 1.0"),
        open("artistic-2.0", "Artistic-2.0", "Artistic License 2.0"),
        open("ecl-2.0", "ECL-2.0", "Educational Community License v2.0"),
        open("osl-3.0", "OSL-3.0", "Open Software License 3.0"),
        open("afl-3.0", "AFL-3.0", "Academic Free License v3.0"),
        open("postgresql", "PostgreSQL", "PostgreSQL License"),
        open("ncsa", "NCSA", "University of Illinois/NCSA Open Source License"),
        open("ms-pl", "MS-PL", "Microsoft Public License"),
        open("ofl-1.1", "OFL-1.1", "SIL Open Font License 1.1"),
        open("lppl-1.3c", "LPPL-1.3c", "LaTeX Project Public License v1.3c"),
        // Open data and content licences.
        open("cc0-1.0", "CC0-1.0", "Creative Commons Zero v1.0 Universal"),
        open("cc-by-2.0", "CC-BY-2.0", "Creative Commons Attribution 2.0"),
        open("cc-by-2.5", "CC-BY-2.5", "Creative Commons Attribution 2.5"),
        open("cc-by-3.0", "CC-BY-3.0", "Creative Commons Attribution 3.0"),
        open("cc-by-4.0", "CC-BY-4.0", "Creative Commons Attribution 4.0 International"),
        open("cc-by-sa-3.0", "CC-BY-SA-3.0", "Creative Commons Attribution Share Alike 3.0"),
        open("cc-by-sa-4.0", "CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0 International"),
        open("cdla-permissive-1.0", "CDLA-Permissive-1.0", "Community Data License Agreement – Permissive – Version 1.0"),
        open("cdla-permissive-2.0", "CDLA-Permissive-2.0", "Community Data License Agreement – Permissive – Version 2.0"),
        open("cdla-sharing-1.0", "CDLA-Sharing-1.0", "Community Data License Agreement – Sharing – Version 1.0"),
        open("odc-by", "ODC-By-1.0", "Open Data Commons Attribution License"),
        open("odbl", "ODbL-1.0", "Open Data Commons Open Database License"),
        open("pddl", "PDDL-1.0", "Open Data Commons Public Domain Dedication and License"),
        open("etalab-2.0", "etalab-2.0", "Etalab Open License 2.0"),
        open("gfdl", "GFDL-1.3-or-later", "GNU Free Documentation License family"),
        open("openmdw-1.0", "OpenMDW-1.0", "OpenMDW License Agreement v1.0"),
        open("openmdw-1.1", "OpenMDW-1.1", "OpenMDW License Agreement v1.1"),
        // Use-restricted licences.
        Entry(id: "openrail", spdx: nil, licenseClass: .restricted, name: "Open RAIL License"),
        Entry(id: "openrail++", spdx: nil, licenseClass: .restricted, name: "Open RAIL++-M License"),
        Entry(id: "creativeml-openrail-m", spdx: "CreativeML-OpenRAIL-M", licenseClass: .restricted, name: "CreativeML Open RAIL-M"),
        Entry(id: "bigscience-openrail-m", spdx: nil, licenseClass: .restricted, name: "BigScience OpenRAIL-M"),
        Entry(id: "bigscience-bloom-rail-1.0", spdx: nil, licenseClass: .restricted, name: "BigScience BLOOM RAIL 1.0"),
        Entry(id: "bigcode-openrail-m", spdx: nil, licenseClass: .restricted, name: "BigCode Open RAIL-M v1"),
        Entry(id: "llama2", spdx: nil, licenseClass: .restricted, name: "Llama 2 Community License Agreement"),
        Entry(id: "llama3", spdx: nil, licenseClass: .restricted, name: "Meta Llama 3 Community License Agreement"),
        Entry(id: "llama3.1", spdx: nil, licenseClass: .restricted, name: "Llama 3.1 Community License Agreement"),
        Entry(id: "llama3.2", spdx: nil, licenseClass: .restricted, name: "Llama 3.2 Community License Agreement"),
        Entry(id: "llama3.3", spdx: nil, licenseClass: .restricted, name: "Llama 3.3 Community License Agreement"),
        Entry(id: "llama4", spdx: nil, licenseClass: .restricted, name: "Llama 4 Community License Agreement"),
        Entry(id: "gemma", spdx: nil, licenseClass: .restricted, name: "Gemma Terms of Use"),
        Entry(id: "grok2-community", spdx: nil, licenseClass: .restricted, name: "Grok 2 Community License Agreement"),
        Entry(id: "c-uda", spdx: "C-UDA-1.0", licenseClass: .restricted, name: "Computational Use of Data Agreement"),
        // A personal, non-exclusive licence under Apple's copyrights; not OSI-approved (OpenELM, DCLM).
        Entry(id: "apple-ascl", spdx: nil, licenseClass: .restricted, name: "Apple Sample Code License"),
        Entry(id: "other", key: "baichuan", spdx: nil, licenseClass: .restricted, name: "Baichuan Model Community License Agreement"),
        Entry(id: "other", key: "falcon", spdx: nil, licenseClass: .restricted, name: "TII Falcon License"),
        Entry(id: "other", key: "stability-community", spdx: nil, licenseClass: .restricted, name: "Stability AI Community License Agreement"),
        Entry(id: "other", key: "chatglm", spdx: nil, licenseClass: .restricted, name: "ChatGLM Model License"),
        Entry(id: "other", key: "ai2-impact", spdx: nil, licenseClass: .restricted, name: "AI2 ImpACT License"),
        Entry(id: "other", key: "deepseek", spdx: nil, licenseClass: .restricted, name: "DeepSeek License Agreement"),
        Entry(id: "other", key: "tongyi-qianwen", spdx: nil, licenseClass: .restricted, name: "Tongyi Qianwen License Agreement"),
        // Non-commercial licences.
        Entry(id: "cc-by-nc-2.0", spdx: "CC-BY-NC-2.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial 2.0"),
        Entry(id: "cc-by-nc-3.0", spdx: "CC-BY-NC-3.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial 3.0"),
        Entry(id: "cc-by-nc-4.0", spdx: "CC-BY-NC-4.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial 4.0 International"),
        Entry(id: "cc-by-nc-sa-2.0", spdx: "CC-BY-NC-SA-2.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial Share Alike 2.0"),
        Entry(id: "cc-by-nc-sa-3.0", spdx: "CC-BY-NC-SA-3.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial Share Alike 3.0"),
        Entry(id: "cc-by-nc-sa-4.0", spdx: "CC-BY-NC-SA-4.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial Share Alike 4.0 International"),
        Entry(id: "cc-by-nc-nd-3.0", spdx: "CC-BY-NC-ND-3.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial No Derivatives 3.0"),
        Entry(id: "cc-by-nc-nd-4.0", spdx: "CC-BY-NC-ND-4.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution Non Commercial No Derivatives 4.0 International"),
        Entry(id: "cc-by-nd-4.0", spdx: "CC-BY-ND-4.0", licenseClass: .nonCommercial, name: "Creative Commons Attribution No Derivatives 4.0 International"),
        Entry(id: "deepfloyd-if-license", spdx: nil, licenseClass: .nonCommercial, name: "DeepFloyd IF Research License Agreement"),
        Entry(id: "fair-noncommercial-research-license", spdx: nil, licenseClass: .nonCommercial, name: "FAIR Noncommercial Research License"),
        Entry(id: "apple-amlr", spdx: nil, licenseClass: .nonCommercial, name: "Apple Machine Learning Research Model License"),
        Entry(id: "h-research", spdx: nil, licenseClass: .nonCommercial, name: "H Research License"),
        Entry(id: "intel-research", spdx: nil, licenseClass: .nonCommercial, name: "Intel Research Use License"),
        Entry(id: "other", key: "stability-noncommercial", spdx: nil, licenseClass: .nonCommercial,
              name: "Stability AI Non-Commercial Research Community License Agreement"),
        Entry(id: "other", key: "qwen-research", spdx: nil, licenseClass: .nonCommercial, name: "Qwen Research License Agreement"),
    ]

    /// Ids the Hub offers that are ambiguous or unknown: the class stays `unknown`.
    public static let ambiguousIDs: Set<String> = ["other", "unknown", "cc", "bsd", "wtfpl", "lgpl-lr"]

    /// The entry for a Hub or SPDX licence id (case-insensitive; `Apache-2.0` and `apache-2.0` both work).
    public static func entry(forID id: String) -> Entry? {
        let normalized = normalize(id)
        if ambiguousIDs.contains(normalized) { return nil }
        if let entry = entries.first(where: { $0.id == normalized && $0.id != "other" }) { return entry }
        if let entry = entries.first(where: { $0.spdx?.lowercased() == normalized }) { return entry }
        return aliases[normalized].flatMap(entry(forKey:))
    }

    /// The entry whose `key` is `key`.
    public static func entry(forKey key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    /// The entry for a `license_name` given with `license: other` (`llama-2-community-license`,
    /// `deepseek`, `tongyi-qianwen`), or for a GGUF `general.license.name`.
    public static func entry(forName name: String) -> Entry? {
        if let entry = entry(forID: name) { return entry }
        let normalized = normalize(name)
        if let key = aliases[normalized] { return entry(forKey: key) }
        return entries.first { normalize($0.name) == normalized }
    }

    /// The SPDX id for a Hub id, when there is one.
    public static func spdx(forID id: String) -> String? { entry(forID: id)?.spdx }

    /// The class of a Hub id: the catalog's, or `unknown` for ids it does not know.
    public static func licenseClass(forID id: String) -> LicenseClass { entry(forID: id)?.licenseClass ?? .unknown }

    static func normalize(_ text: String) -> String {
        var result = ""
        var lastWasDash = false
        for c in text.lowercased() {
            if c.isLetter || c.isNumber || c == "." || c == "+" {
                result.append(c)
                lastWasDash = false
            } else if !lastWasDash && !result.isEmpty {
                result.append("-")
                lastWasDash = true
            }
        }
        while result.last == "-" { result.removeLast() }
        return result
    }

    /// Other spellings seen in `license_name`, GGUF metadata and SPDX ids → entry key.
    static let aliases: [String: String] = [
        "apache-2": "apache-2.0", "apache-license-2.0": "apache-2.0", "apache-license-version-2.0": "apache-2.0", "apache2": "apache-2.0",
        "mit-license": "mit",
        "cc-by-4": "cc-by-4.0", "cc-by-sa-4": "cc-by-sa-4.0", "cc-by-nc-4": "cc-by-nc-4.0",
        "gpl-3.0-only": "gpl-3.0", "gpl-3.0-or-later": "gpl-3.0", "gpl-2.0-only": "gpl-2.0", "gpl-2.0-or-later": "gpl-2.0",
        "lgpl-3.0-only": "lgpl-3.0", "lgpl-2.1-only": "lgpl-2.1", "agpl-3.0-only": "agpl-3.0", "agpl-3.0-or-later": "agpl-3.0",
        "llama-2": "llama2", "llama-2-community-license": "llama2", "llama2-community-license": "llama2",
        "llama-2-community-license-agreement": "llama2",
        "llama-3": "llama3", "llama-3-community-license": "llama3", "meta-llama-3-community-license": "llama3",
        "llama3-community-license": "llama3", "meta-llama-3-community-license-agreement": "llama3",
        "llama-3.1": "llama3.1", "llama-3.1-community-license": "llama3.1", "llama3.1-community-license": "llama3.1",
        "llama-3.2": "llama3.2", "llama-3.2-community-license": "llama3.2",
        "llama-3.3": "llama3.3", "llama-3.3-community-license": "llama3.3",
        "llama-4": "llama4", "llama-4-community-license": "llama4",
        "gemma-terms-of-use": "gemma", "gemma-license": "gemma",
        "deepseek": "deepseek", "deepseek-license": "deepseek", "deepseek-license-agreement": "deepseek",
        "tongyi-qianwen": "tongyi-qianwen", "tongyi-qianwen-license": "tongyi-qianwen", "tongyi-qianwen-license-agreement": "tongyi-qianwen",
        "qwen": "tongyi-qianwen", "qwen-license": "tongyi-qianwen",
        "qwen-research": "qwen-research", "qwen-research-license": "qwen-research", "tongyi-qianwen-research": "qwen-research",
        "tongyi-qianwen-research-license-agreement": "qwen-research",
        "openrail-m": "openrail", "open-rail-m": "openrail", "creativeml-openrail-m": "creativeml-openrail-m",
        "openmdw": "openmdw-1.0",
        "apple-sample-code-license": "apple-ascl", "apple-sample-code": "apple-ascl",
        "baichuan": "baichuan", "baichuan2": "baichuan", "baichuan-2": "baichuan", "community-license-for-baichuan-2-model": "baichuan",
        "baichuan2-community-license": "baichuan",
        "falcon": "falcon", "falcon-llm-license": "falcon", "tii-falcon-llm-license": "falcon", "falcon-180b-tii-license": "falcon",
        "falcon-license": "falcon", "tii-falcon-license": "falcon", "falcon-mamba-7b-tii-license": "falcon",
        "stabilityai-community": "stability-community", "stability-ai-community-license": "stability-community",
        "stabilityai-ai-community": "stability-community", "stability-community-license": "stability-community",
        "stabilityai-nc-research-community": "stability-noncommercial", "stabilityai-non-commercial-research-community": "stability-noncommercial",
        "ai2-impact-license-low-risk": "ai2-impact", "ai2-impact-license-medium-risk": "ai2-impact", "ai2-impact": "ai2-impact",
        "ai2-impact-license": "ai2-impact", "chatglm": "chatglm", "chatglm-license": "chatglm", "chatglm3-6b-license": "chatglm",
        "glm-4": "chatglm", "glm-4-license": "chatglm",
    ]
}
