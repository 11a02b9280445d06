/// Licences a card names in prose or links, as in a "## License" section: "released under the Apache
/// 2.0 license", "[CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/)", "Llama 3.1 is
/// licensed under the Llama 3.1 Community License". Each mention maps to a catalog entry.
public enum LicenseMentions {
    /// Phrases (normalised as `LicenseTextRecognizer.normalize` does) → catalog key, most specific first.
    static let phrases: [(String, String)] = [
        ("llama 4 community license", "llama4"), ("llama 3.3 community license", "llama3.3"), ("llama 3.2 community license", "llama3.2"),
        ("llama 3.1 community license", "llama3.1"), ("llama 3 community license", "llama3"), ("llama 2 community license", "llama2"),
        ("gemma terms of use", "gemma"), ("deepseek license", "deepseek"), ("qwen research license", "qwen-research"),
        ("tongyi qianwen license", "tongyi-qianwen"), ("qwen license", "tongyi-qianwen"), ("falcon llm license", "falcon"),
        ("tii falcon license", "falcon"), ("falcon-180b tii license", "falcon"), ("baichuan", "baichuan"),
        ("stability ai non-commercial research community license", "stability-noncommercial"),
        ("stability ai community license", "stability-community"), ("ai2 impact license", "ai2-impact"),
        ("apple sample code license", "apple-ascl"), ("creativeml open rail++-m", "openrail++"), ("creativeml openrail++-m", "openrail++"),
        ("creativeml open rail-m", "creativeml-openrail-m"), ("creativeml-openrail-m", "creativeml-openrail-m"),
        ("bigscience bloom rail", "bigscience-bloom-rail-1.0"), ("bigscience rail license", "bigscience-bloom-rail-1.0"),
        ("bigscience openrail-m", "bigscience-openrail-m"), ("bigscience open rail-m", "bigscience-openrail-m"),
        ("bigcode openrail-m", "bigcode-openrail-m"), ("openrail++", "openrail++"), ("openrail", "openrail"), ("open rail-m", "openrail"),
        ("cc-by-nc-sa-4.0", "cc-by-nc-sa-4.0"), ("cc by-nc-sa 4.0", "cc-by-nc-sa-4.0"), ("cc-by-nc-nd-4.0", "cc-by-nc-nd-4.0"),
        ("cc by-nc-nd 4.0", "cc-by-nc-nd-4.0"), ("cc-by-nc-4.0", "cc-by-nc-4.0"), ("cc by-nc 4.0", "cc-by-nc-4.0"),
        ("attribution-noncommercial 4.0", "cc-by-nc-4.0"), ("attribution-noncommercial-sharealike 4.0", "cc-by-nc-sa-4.0"),
        ("cc-by-nc-3.0", "cc-by-nc-3.0"), ("cc-by-sa-4.0", "cc-by-sa-4.0"), ("cc by-sa 4.0", "cc-by-sa-4.0"), ("cc-by-4.0", "cc-by-4.0"),
        ("cc by 4.0", "cc-by-4.0"), ("creative commons attribution 4.0", "cc-by-4.0"), ("cc0", "cc0-1.0"),
        ("apache license, version 2.0", "apache-2.0"), ("apache license 2.0", "apache-2.0"), ("apache 2.0", "apache-2.0"),
        ("apache-2.0", "apache-2.0"), ("apache license v2", "apache-2.0"), ("apache 2 license", "apache-2.0"),
        ("mit license", "mit"), ("mit licence", "mit"), ("under the mit", "mit"), ("license: mit", "mit"),
        ("bsd-3-clause", "bsd-3-clause"), ("bsd 3-clause", "bsd-3-clause"), ("bsd-2-clause", "bsd-2-clause"),
        ("gpl-3.0", "gpl-3.0"), ("gplv3", "gpl-3.0"), ("agpl-3.0", "agpl-3.0"), ("mpl-2.0", "mpl-2.0"), ("openmdw", "openmdw-1.0"),
    ]

    /// URL fragments of licence pages → catalog key.
    static let urls: [(String, String)] = [
        ("apache.org/licenses/license-2.0", "apache-2.0"), ("opensource.org/licenses/mit", "mit"),
        ("opensource.org/license/mit", "mit"), ("opensource.org/licenses/apache-2.0", "apache-2.0"),
        ("creativecommons.org/licenses/by-nc-sa/4.0", "cc-by-nc-sa-4.0"), ("creativecommons.org/licenses/by-nc-nd/4.0", "cc-by-nc-nd-4.0"),
        ("creativecommons.org/licenses/by-nc/4.0", "cc-by-nc-4.0"), ("creativecommons.org/licenses/by-nc/3.0", "cc-by-nc-3.0"),
        ("creativecommons.org/licenses/by-sa/4.0", "cc-by-sa-4.0"), ("creativecommons.org/licenses/by/4.0", "cc-by-4.0"),
        ("creativecommons.org/publicdomain/zero/1.0", "cc0-1.0"), ("ai.google.dev/gemma/terms", "gemma"),
        ("llama.meta.com/llama3/license", "llama3"), ("llama.com/llama3/license", "llama3"), ("llama.com/llama3_1/license", "llama3.1"),
        ("llama.meta.com/llama3_1/license", "llama3.1"), ("llama.com/llama3_2/license", "llama3.2"), ("llama.com/llama3_3/license", "llama3.3"),
        ("llama.com/llama4/license", "llama4"), ("ai.meta.com/llama/license", "llama2"), ("ai.meta.com/resources/models-and-libraries/llama-downloads", "llama2"),
        ("gnu.org/licenses/gpl-3.0", "gpl-3.0"), ("allenai.org/impact-license", "ai2-impact"), ("stability.ai/community-license", "stability-community"),
    ]

    /// The distinct licences `text` names (phrases and URLs), in the order first named, with the
    /// phrase or URL that named each.
    public static func find(in text: String) -> [(entry: LicenseCatalog.Entry, mention: String)] {
        let normalized = LicenseTextRecognizer.normalize(text)
        var found: [(Int, String, String)] = []
        var covered: [Range<Int>] = []
        func offset(_ index: String.Index) -> Int { normalized.utf8.distance(from: normalized.utf8.startIndex, to: index) }
        for (fragment, key) in urls {
            var search = normalized[...]
            while let range = search.utf8Range(of: fragment) {
                let span = offset(range.lowerBound)..<offset(range.upperBound)
                if !covered.contains(where: { $0.overlaps(span) }) {
                    found.append((span.lowerBound, key, fragment))
                    covered.append(span)
                }
                search = normalized[range.upperBound...]
            }
        }
        for (phrase, key) in phrases {
            var search = normalized[...]
            while let range = search.utf8Range(of: phrase) {
                defer { search = normalized[range.upperBound...] }
                let span = offset(range.lowerBound)..<offset(range.upperBound)
                // Inside a longer phrase already taken ("apache 2.0" inside "apache license, version 2.0").
                if covered.contains(where: { $0.overlaps(span) }) { continue }
                let before = range.lowerBound == normalized.startIndex ? " " : normalized[normalized.index(before: range.lowerBound)]
                let after = range.upperBound == normalized.endIndex ? " " : normalized[range.upperBound]
                if before.isLetter || before.isNumber || after.isLetter || (after.isNumber && !phrase.hasSuffix(" ")) { continue }
                found.append((span.lowerBound, key, phrase))
                covered.append(span)
            }
        }
        var result: [(entry: LicenseCatalog.Entry, mention: String)] = []
        for (_, key, mention) in found.sorted(by: { $0.0 < $1.0 }) {
            guard let entry = LicenseCatalog.entry(forKey: key), !result.contains(where: { $0.entry.key == key }) else { continue }
            result.append((entry, mention))
        }
        return result
    }
}
