/// Recognises a licence from its text (a `LICENSE` file, an Ollama licence layer) by the sentences
/// that distinguish each family, and finds clauses that restrict use whatever the licence calls itself:
/// a cap on monthly active users, field-of-use restrictions, a ban on commercial use.
public enum LicenseTextRecognizer {
    /// A clause that limits use.
    public enum Clause: String, Sendable, Equatable, CaseIterable {
        /// "… more than 700 million monthly active users …"
        case userCap = "user-cap"
        /// Use restrictions, an acceptable-use policy, "you agree not to use …".
        case fieldOfUse = "field-of-use"
        /// Non-commercial or research-only use.
        case nonCommercial = "non-commercial"
    }

    /// What a text was recognised as.
    public struct Recognition: Sendable, Equatable {
        /// The licence family the text belongs to, or nil when only clauses were found.
        public var entry: LicenseCatalog.Entry?
        /// The family's class raised by any restricting clause.
        public var licenseClass: LicenseClass
        /// The id to report: the family's Hub id, or `other` when clauses change a standard licence.
        public var id: String
        public var name: String
        /// Comparison key (`LicenseCatalog.Entry.key`, or `modified-<key>` for a changed standard licence).
        public var key: String
        /// The distinctive sentence that identified the family.
        public var evidence: String
        /// Restricting clauses found, each with the sentence around it.
        public var clauses: [(Clause, String)]
        /// Sentences of a short permissive text (MIT, BSD, ISC) that its standard wording does not
        /// have and that restrict nothing: a `license-modified` warning, class unchanged.
        public var extraText: [String] = []

        public static func == (lhs: Recognition, rhs: Recognition) -> Bool {
            lhs.entry == rhs.entry && lhs.licenseClass == rhs.licenseClass && lhs.id == rhs.id && lhs.name == rhs.name
                && lhs.key == rhs.key && lhs.evidence == rhs.evidence
                && lhs.clauses.map(\.0) == rhs.clauses.map(\.0) && lhs.clauses.map(\.1) == rhs.clauses.map(\.1)
        }
    }

    /// Lower-cases, straightens quotes and dashes, and collapses white space, so phrases match however
    /// the text was wrapped.
    static func normalize(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            var c = Character(scalar)
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}": c = "'"
            case "\u{201C}", "\u{201D}", "\u{201F}", "\u{2033}": c = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}": c = "-"
            case "\u{00A0}": c = " "
            default: break
            }
            if c.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(contentsOf: c.lowercased())
                lastWasSpace = false
            }
        }
        return result
    }

    private struct Rule {
        var key: String
        /// All of these must occur.
        var all: [String]
        /// Only the first `window` characters are searched, for families whose names other texts quote.
        var window: Int?
    }

    /// Families, most specific first. Each phrase is in normalised form.
    private static let rules: [Rule] = [
        // Licences of model makers, by their titles.
        Rule(key: "apple-ascl", all: ["this apple software is supplied to you by apple"]),
        Rule(key: "apple-ascl", all: ["apple sample code license"]),
        Rule(key: "baichuan", all: ["baichuan", "community license"], window: 2000),
        Rule(key: "baichuan", all: ["baichuan", "模型社区许可协议"], window: 2000),
        Rule(key: "falcon", all: ["falcon", "tii"], window: 600),
        Rule(key: "falcon", all: ["falcon", "technology innovation institute"], window: 600),
        Rule(key: "stability-noncommercial", all: ["stability ai non-commercial research community license"]),
        Rule(key: "stability-community", all: ["stability ai community license"]),
        Rule(key: "ai2-impact", all: ["ai2 impact license"]),
        Rule(key: "chatglm", all: ["chatglm", "license"], window: 300),
        // Llama community licences (their titles; each also carries the 700M MAU clause).
        Rule(key: "llama4", all: ["llama 4 community license agreement"]),
        Rule(key: "llama3.3", all: ["llama 3.3 community license agreement"]),
        Rule(key: "llama3.2", all: ["llama 3.2 community license agreement"]),
        Rule(key: "llama3.1", all: ["llama 3.1 community license agreement"]),
        Rule(key: "llama3", all: ["meta llama 3 community license agreement"]),
        Rule(key: "llama2", all: ["llama 2 community license agreement"]),
        Rule(key: "gemma", all: ["gemma terms of use"]),
        Rule(key: "deepseek", all: ["deepseek license agreement"]),
        Rule(key: "qwen-research", all: ["research license agreement", "alibaba cloud"]),
        Rule(key: "qwen-research", all: ["tongyi qianwen research license agreement"]),
        Rule(key: "tongyi-qianwen", all: ["tongyi qianwen license agreement"]),
        Rule(key: "tongyi-qianwen", all: ["qwen license agreement", "alibaba cloud"]),
        Rule(key: "grok2-community", all: ["grok 2 community license agreement"]),
        // The RAIL family.
        Rule(key: "creativeml-openrail-m", all: ["creativeml open rail-m"]),
        Rule(key: "bigcode-openrail-m", all: ["bigcode open rail-m"]),
        Rule(key: "bigscience-bloom-rail-1.0", all: ["bigscience rail license v1.0"]),
        Rule(key: "bigscience-openrail-m", all: ["bigscience open rail-m"]),
        Rule(key: "bigscience-openrail-m", all: ["bigscience openrail-m"]),
        Rule(key: "openrail++", all: ["open rail++-m license"]),
        Rule(key: "openrail++", all: ["openrail++"]),
        Rule(key: "openrail", all: ["open rail", "use restrictions"]),
        Rule(key: "openrail", all: ["openrail", "use restrictions"]),
        // Model/data licences.
        Rule(key: "openmdw-1.1", all: ["openmdw license agreement", "version 1.1"], window: 400),
        Rule(key: "openmdw-1.1", all: ["openmdw-1.1"]),
        Rule(key: "openmdw-1.0", all: ["openmdw license agreement"]),
        Rule(key: "cdla-permissive-2.0", all: ["community data license agreement", "permissive", "version 2.0"]),
        Rule(key: "cdla-permissive-1.0", all: ["community data license agreement", "permissive", "version 1.0"]),
        Rule(key: "cdla-sharing-1.0", all: ["community data license agreement", "sharing", "version 1.0"]),
        Rule(key: "odbl", all: ["open database license", "odbl"]),
        Rule(key: "odc-by", all: ["open data commons attribution license"]),
        Rule(key: "pddl", all: ["open data commons public domain dedication and licen"]),
        Rule(key: "cc0-1.0", all: ["cc0 1.0 universal"]),
        Rule(key: "cc0-1.0", all: ["creative commons", "cc0", "statement of purpose"]),
        // Creative Commons, most restrictive variants first.
        Rule(key: "cc-by-nc-nd-4.0", all: ["attribution-noncommercial-noderivatives 4.0 international"]),
        Rule(key: "cc-by-nc-nd-3.0", all: ["attribution-noncommercial-noderivs 3.0"]),
        Rule(key: "cc-by-nc-sa-4.0", all: ["attribution-noncommercial-sharealike 4.0 international"]),
        Rule(key: "cc-by-nc-sa-3.0", all: ["attribution-noncommercial-sharealike 3.0"]),
        Rule(key: "cc-by-nc-sa-2.0", all: ["attribution-noncommercial-sharealike 2.0"]),
        Rule(key: "cc-by-nc-4.0", all: ["attribution-noncommercial 4.0 international"]),
        Rule(key: "cc-by-nc-3.0", all: ["attribution-noncommercial 3.0"]),
        Rule(key: "cc-by-nc-2.0", all: ["attribution-noncommercial 2.0"]),
        Rule(key: "cc-by-nd-4.0", all: ["attribution-noderivatives 4.0 international"]),
        Rule(key: "cc-by-sa-4.0", all: ["attribution-sharealike 4.0 international"]),
        Rule(key: "cc-by-sa-3.0", all: ["attribution-sharealike 3.0"]),
        Rule(key: "cc-by-4.0", all: ["creative commons attribution 4.0 international"]),
        Rule(key: "cc-by-4.0", all: ["attribution 4.0 international", "creative commons"]),
        Rule(key: "cc-by-3.0", all: ["creative commons", "attribution 3.0 unported"]),
        Rule(key: "cc-by-2.0", all: ["creative commons", "attribution 2.0 generic"]),
        // GNU licences: judged by the title at the top, since each text names the others.
        Rule(key: "agpl-3.0", all: ["gnu affero general public license"], window: 160),
        Rule(key: "lgpl-3.0", all: ["gnu lesser general public license", "version 3"], window: 160),
        Rule(key: "lgpl-2.1", all: ["gnu lesser general public license", "version 2.1"], window: 160),
        Rule(key: "lgpl", all: ["gnu library general public license"], window: 160),
        Rule(key: "gpl-3.0", all: ["gnu general public license", "version 3, 29 june 2007"], window: 160),
        Rule(key: "gpl-2.0", all: ["gnu general public license", "version 2, june 1991"], window: 160),
        Rule(key: "gfdl", all: ["gnu free documentation license"], window: 160),
        // The short notices projects put in place of the full text.
        Rule(key: "agpl-3.0", all: ["under the terms of the gnu affero general public license as published by the free software foundation"]),
        Rule(key: "lgpl-3.0", all: ["under the terms of the gnu lesser general public license as published by the free software foundation, either version 3"]),
        Rule(key: "gpl-3.0", all: ["under the terms of the gnu general public license as published by the free software foundation, either version 3"]),
        Rule(key: "gpl-2.0", all: ["under the terms of the gnu general public license as published by the free software foundation; either version 2"]),
        Rule(key: "mpl-2.0", all: ["mozilla public license version 2.0"]),
        Rule(key: "mpl-2.0", all: ["mozilla public license, v. 2.0"]),
        Rule(key: "epl-2.0", all: ["eclipse public license - v 2.0"]),
        Rule(key: "eupl-1.2", all: ["european union public licence", "v. 1.2"]),
        // Permissive software licences.
        Rule(key: "apache-2.0", all: ["apache license", "version 2.0", "terms and conditions for use, reproduction, and distribution"]),
        Rule(key: "apache-2.0", all: ["licensed under the apache license, version 2.0"]),
        Rule(key: "bsl-1.0", all: ["boost software license - version 1.0"]),
        Rule(key: "bsd-3-clause", all: ["redistribution and use in source and binary forms", "neither the name of"]),
        Rule(key: "bsd-2-clause", all: ["redistribution and use in source and binary forms", "redistributions in binary form must reproduce"]),
        Rule(key: "isc", all: ["permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted"]),
        Rule(key: "mit", all: ["permission is hereby granted, free of charge, to any person obtaining a copy", "the above copyright notice and this permission notice shall be included"]),
        Rule(key: "unlicense", all: ["this is free and unencumbered software released into the public domain"]),
        Rule(key: "zlib", all: ["this software is provided 'as-is', without any express or implied warranty", "altered source versions must be plainly marked"]),
    ]

    /// Phrases that cap use by audience size.
    private static let userCapPhrases = ["monthly active users", "monthly active user", "daily active users"]
    /// Phrases that restrict fields of use.
    private static let fieldOfUsePhrases = [
        "use restrictions", "acceptable use policy", "prohibited uses", "prohibited use policy", "you agree not to use",
        "you will not use the", "you shall not use the", "may not be used for military", "for any military",
    ]
    /// Phrases that forbid commercial use.
    private static let nonCommercialPhrases = [
        "non-commercial purposes only", "noncommercial purposes only", "non-commercial use only", "noncommercial use only",
        "for non-commercial research", "for noncommercial research", "for research purposes only", "research purposes only",
        "not for commercial use", "no commercial use", "commercial use is prohibited", "commercial use is strictly prohibited",
        "commercial use is not permitted", "not permitted to use the model for commercial", "may not use the material for commercial purposes",
        "may not use the materials for commercial purposes", "may not use the model for commercial purposes",
        "shall not be used for commercial purposes", "solely for non-commercial", "solely for noncommercial",
        "primarily intended for or directed towards commercial advantage",
    ]

    /// Recognises `text`; nil when neither a known family nor a restricting clause was found.
    public static func recognize(_ text: String) -> Recognition? {
        let normalized = normalize(text)
        var family: (LicenseCatalog.Entry, String)?
        for rule in rules {
            let haystack = rule.window.map { String(normalized.prefix($0)) } ?? normalized
            if rule.all.allSatisfy({ haystack.has($0) }), let entry = LicenseCatalog.entry(forKey: rule.key) {
                family = (entry, rule.all[0])
                break
            }
        }
        var clauses: [(Clause, String)] = []
        for (clause, phrases) in [(Clause.userCap, userCapPhrases), (.fieldOfUse, fieldOfUsePhrases), (.nonCommercial, nonCommercialPhrases)] {
            for phrase in phrases {
                if let range = normalized.utf8Range(of: phrase) {
                    clauses.append((clause, sentence(around: range, in: normalized)))
                    break
                }
            }
        }
        // A clause only changes the result when it is stricter than the family's own class (the Llama,
        // RAIL and CC-NC texts carry their clauses by definition).
        if family == nil && clauses.isEmpty { return nil }
        var raisedClass: LicenseClass? = family?.0.licenseClass
        for (clause, _) in clauses {
            let raised: LicenseClass = clause == .nonCommercial ? .nonCommercial : .restricted
            raisedClass = raisedClass.map { max($0, raised) } ?? raised
        }
        let licenseClass = raisedClass ?? .unknown
        if let (entry, phrase) = family {
            if licenseClass == entry.licenseClass {
                var recognition = Recognition(entry: entry, licenseClass: licenseClass, id: entry.id, name: entry.name, key: entry.key,
                                              evidence: phrase, clauses: clauses)
                // A short permissive text with sentences its standard wording lacks: restricting ones
                // make it restricted (quoted), others only a warning.
                if let standard = standardWords[entry.key] {
                    let extra = extraSentences(normalized, standard: standard)
                    if let restricting = extra.first(where: restricts) {
                        let clause: Clause = restricting.has("commercial") && !restricting.has("commercial use is permitted") ? .nonCommercial : .fieldOfUse
                        let raised: LicenseClass = clause == .nonCommercial && (restricting.has("non-commercial") || restricting.has("noncommercial")) ? .nonCommercial : .restricted
                        return Recognition(entry: entry, licenseClass: raised, id: "other",
                                           name: "\(entry.name), modified (\(describe(clause)))", key: "modified-\(entry.key)",
                                           evidence: phrase, clauses: [(clause, restricting)])
                    }
                    recognition.extraText = extra
                }
                return recognition
            }
            let what = clauses.map { describe($0.0) }.joined(separator: ", ")
            return Recognition(entry: entry, licenseClass: licenseClass, id: "other", name: "\(entry.name), modified (\(what))",
                               key: "modified-\(entry.key)", evidence: phrase, clauses: clauses)
        }
        let what = clauses.map { describe($0.0) }.joined(separator: ", ")
        return Recognition(entry: nil, licenseClass: licenseClass, id: "other", name: "custom licence (\(what))",
                           key: "custom", evidence: clauses[0].1, clauses: clauses)
    }

    /// Words of the standard short permissive texts, for telling their own sentences from added ones.
    static let standardWords: [String: Set<Substring>] = {
        let mit = """
            mit license permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
            documentation files (the "software"), to deal in the software without restriction, including without limitation the rights
            to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the software, and to permit persons to
            whom the software is furnished to do so, subject to the following conditions: the above copyright notice and this permission
            notice shall be included in all copies or substantial portions of the software. the software is provided "as is", without
            warranty of any kind, express or implied, including but not limited to the warranties of merchantability, fitness for a
            particular purpose and noninfringement. in no event shall the authors or copyright holders be liable for any claim, damages
            or other liability, whether in an action of contract, tort or otherwise, arising from, out of or in connection with the
            software or the use or other dealings in the software.
            """
        let bsd = """
            bsd 2-clause 3-clause license redistribution and use in source and binary forms, with or without modification, are permitted
            provided that the following conditions are met: redistributions of source code must retain the above copyright notice, this
            list of conditions and the following disclaimer. redistributions in binary form must reproduce the above copyright notice,
            this list of conditions and the following disclaimer in the documentation and/or other materials provided with the
            distribution. neither the name of the copyright holder nor the names of its contributors may be used to endorse or promote
            products derived from this software without specific prior written permission. this software is provided by the copyright
            holders and contributors "as is" and any express or implied warranties, including, but not limited to, the implied
            warranties of merchantability and fitness for a particular purpose are disclaimed. in no event shall the copyright holder or
            contributors be liable for any direct, indirect, incidental, special, exemplary, or consequential damages (including, but not
            limited to, procurement of substitute goods or services; loss of use, data, or profits; or business interruption) however
            caused and on any theory of liability, whether in contract, strict liability, or tort (including negligence or otherwise)
            arising in any way out of the use of this software, even if advised of the possibility of such damage. all rights reserved.
            """
        let isc = """
            isc license permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby
            granted, provided that the above copyright notice and this permission notice appear in all copies. the software is provided
            "as is" and the author disclaims all warranties with regard to this software including all implied warranties of
            merchantability and fitness. in no event shall the author be liable for any special, direct, indirect, or consequential
            damages or any damages whatsoever resulting from loss of use, data or profits, whether in an action of contract, negligence
            or other tortious action, arising out of or in connection with the use or performance of this software.
            """
        func wordSet(_ text: String) -> Set<Substring> { Set(LicenseTextRecognizer.words(in: normalize(text))) }
        return ["mit": wordSet(mit), "bsd-2-clause": wordSet(bsd), "bsd-3-clause": wordSet(bsd), "isc": wordSet(isc)]
    }()

    static func words(in text: String) -> [Substring] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" })
    }

    /// Sentences of `normalized` whose words are mostly not the standard text's (copyright lines and
    /// titles aside).
    static func extraSentences(_ normalized: String, standard: Set<Substring>) -> [String] {
        var result: [String] = []
        var sentence = ""
        func finish() {
            let trimmed = sentence.trimming(" ")
            sentence = ""
            let all = Self.words(in: trimmed)
            guard all.count >= 4, !trimmed.hasPrefix("copyright"), !trimmed.hasPrefix("(c)") else { return }
            let foreign = all.filter { !standard.contains($0) && !$0.allSatisfy(\.isNumber) }
            // Names in a copyright line or a title are foreign words too: a sentence must bring
            // several before it counts as added text.
            if foreign.count >= 3 && Double(foreign.count) >= Double(all.count) * 0.3 { result.append(trimmed) }
        }
        var previous: Character = " "
        for c in normalized {
            sentence.append(c)
            if (c == " " && (previous == "." || previous == ":" || previous == ";")) { finish() }
            previous = c
        }
        finish()
        // A copyright line runs into the next sentence when it ends without a full stop.
        return result.filter { !$0.has("copyright (c)") || Self.words(in: $0).count > 12 }
    }

    /// An added sentence about user counts, fields of use or commercial terms.
    static func restricts(_ sentence: String) -> Bool {
        ["active user", "number of users", "more than", "commercial", "revenue", "military", "prohibit", "must not", "may not", "shall not", "not be used",
         "restrict", "only for", "solely for", "written permission from", "royalt", "fee"].contains { sentence.has($0) }
    }

    /// The first line of `text` that says something of its own (not a bare title like "LICENSE" or
    /// "License Agreement", not a copyright line), trimmed to 120 characters, for quoting a text the
    /// auditor does not recognise.
    public static func firstDistinctiveLine(_ text: String) -> String? {
        for line in TextLines.split(text) {
            let trimmed = line.trimming(" \t#*=-_>")
            let lower = trimmed.lowercased()
            let words = Self.words(in: lower)
            if words.isEmpty { continue }
            if lower.hasPrefix("copyright") || lower.hasPrefix("(c)") || lower.hasPrefix("©") { continue }
            let titleWords: Set<Substring> = ["license", "licence", "agreement", "terms", "of", "use", "and", "conditions", "the", "version", "v1", "1.0", "2.0"]
            if words.count <= 4 && words.allSatisfy({ titleWords.contains($0) || $0.allSatisfy(\.isNumber) }) { continue }
            return trimmed.count > 120 ? String(trimmed.prefix(117)) + "…" : String(trimmed)
        }
        return nil
    }

    static func describe(_ clause: Clause) -> String {
        switch clause {
        case .userCap: "monthly-active-user cap"
        case .fieldOfUse: "field-of-use restrictions"
        case .nonCommercial: "no commercial use"
        }
    }

    /// About one sentence of `text` around `range`, for evidence.
    static func sentence(around range: Range<String.Index>, in text: String) -> String {
        var start = range.lowerBound
        var steps = 0
        while start > text.startIndex && steps < 160 {
            let previous = text.index(before: start)
            if text[previous] == "." && steps > 0 { break }
            start = previous
            steps += 1
        }
        var end = range.upperBound
        steps = 0
        while end < text.endIndex && steps < 160 {
            if text[end] == "." { break }
            end = text.index(after: end)
            steps += 1
        }
        return String(text[start..<end]).trimming(" ")
    }
}
