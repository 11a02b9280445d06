import Testing
@testable import ReproAudit

@Suite struct OpennessFrontMatterTests {
    func read(_ text: String) -> YAMLSubsetReader.Result { YAMLSubsetReader().read(text) }

    /// `{}` is YAML's empty mapping (issue #10 item 6): valid front matter, not `malformed-card`.
    @Test func emptyFlowMappingIsAnEmptyFrontMatter() {
        for text in ["{}", "{ }\n", "# generated\n{}  # nothing\n\n"] {
            let result = read(text)
            #expect(result.problems.isEmpty, "\(text): \(result.problems)")
            #expect(result.value == .object([]))
        }
        #expect(!read("{}\nlicense: mit\n").problems.isEmpty, "nothing may follow the empty mapping")
        let card = ModelCard(path: RawPath("README.md"), text: "---\r\n{}\r\n---\r\n# A model\r\n")
        #expect(card.hasFrontMatter && card.problems.isEmpty, "\(card.problems)")
    }

    @Test func plainAndQuotedScalarsAreTyped() {
        let result = read("""
            license: apache-2.0
            year: 2024
            score: 0.85
            negative: -3
            flag: true
            off: False
            nothing: ~
            empty:
            quoted: "yes: really # not a comment"
            single: 'it''s'
            url: https://example.org/a#frag
            trailing: value # comment
            """)
        #expect(result.problems.isEmpty)
        #expect(result.value["license"] == "apache-2.0")
        #expect(result.value["year"] == .integer(2024))
        #expect(result.value["score"] == .double(0.85))
        #expect(result.value["negative"] == .integer(-3))
        #expect(result.value["flag"] == .bool(true))
        #expect(result.value["off"] == .bool(false))
        #expect(result.value["nothing"] == .null)
        #expect(result.value["empty"] == .null)
        #expect(result.value["quoted"] == "yes: really # not a comment")
        #expect(result.value["single"] == "it's")
        #expect(result.value["url"] == "https://example.org/a#frag")
        #expect(result.value["trailing"] == "value")
        #expect(result.keyLines["license"] == 1)
        #expect(result.keyLines["trailing"] == 12)
    }

    @Test func blockAndFlowLists() {
        let result = read("""
            # a comment line
            datasets:
            - s2orc
            - flax-sentence-embeddings/stackexchange_xml
            language:
              - en
              - "de"
            tags: [llama, 'meta', "text generation", 3]
            empty_list: []
            multi: [a,
              b, c]
            """)
        #expect(result.problems.isEmpty)
        #expect(result.value["datasets"] == ["s2orc", "flax-sentence-embeddings/stackexchange_xml"])
        #expect(result.value["language"] == ["en", "de"])
        #expect(result.value["tags"] == ["llama", "meta", "text generation", 3])
        #expect(result.value["empty_list"] == .array([]))
        #expect(result.value["multi"] == ["a", "b", "c"])
    }

    @Test func nestedMapsAndListsOfMaps() {
        let result = read("""
            model-index:
            - name: OLMo-7B
              results:
              - task:
                  type: text-generation
                dataset:
                  name: HellaSwag
                  type: hellaswag
                metrics:
                - type: acc
                  value: 76.4
            widget: {text: "Hello", example_title: greeting}
            """)
        #expect(result.problems.isEmpty)
        let first = result.value["model-index"]?[0]
        #expect(first?["name"] == "OLMo-7B")
        #expect(first?["results"]?[0]?["task"]?["type"] == "text-generation")
        #expect(first?["results"]?[0]?["dataset"]?["name"] == "HellaSwag")
        #expect(first?["results"]?[0]?["metrics"]?[0]?["value"] == .double(76.4))
        #expect(result.value["widget"]?["text"] == "Hello")
        #expect(result.value["widget"]?["example_title"] == "greeting")
    }

    @Test func blockScalars() {
        let result = read("""
            literal: |
              line one
                indented
              line three
            folded: >-
              folded
              together

              new paragraph
            kept: |+
              keep

            after: x
            """)
        #expect(result.problems.isEmpty)
        #expect(result.value["literal"] == "line one\n  indented\nline three\n")
        #expect(result.value["folded"] == "folded together\nnew paragraph")
        #expect(result.value["kept"] == "keep\n\n")
        #expect(result.value["after"] == "x")
    }

    @Test func multiLineQuotedScalarsFoldAsHubCardsWriteThem() {
        let result = read("""
            extra_gated_prompt: "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\\n\\nLlama 3.1 Version\\
              \\ Release Date: July 23, 2024"
            plain_multi: first part
              second part
            """)
        #expect(result.problems.isEmpty)
        #expect(result.value["extra_gated_prompt"] == "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n\nLlama 3.1 Version Release Date: July 23, 2024")
        #expect(result.value["plain_multi"] == "first part second part")
    }

    @Test func rejectsAnchorsAliasesAndTagsNamingTheLine() {
        let result = read("""
            license: mit
            base: &base
              a: 1
            copy: *base
            typed: !!str 12
            after: fine
            """)
        #expect(result.problems.map(\.line) == [2, 4, 5])
        #expect(result.problems[0].message.contains("anchors"))
        #expect(result.problems[1].message.contains("aliases"))
        #expect(result.problems[2].message.contains("tags"))
        #expect(result.value["license"] == "mit")
        #expect(result.value["after"] == "fine")
        #expect(result.value["base"] == nil)
    }

    @Test func rejectsOtherConstructsNamingTheLine() {
        let cases: [(String, Int, String)] = [
            ("a: 1\nb: \"never closed\nc: 2", 2, "unterminated"),
            ("a: 1\na: 2", 2, "duplicate"),
            ("a:\n\t- x", 2, "tab"),
            ("a: 1\n  b: 2", 2, "unexpected"),
            ("a: b: c", 1, "': '"),
            ("a: [1, 2", 1, "unterminated"),
            ("a: 1\n%YAML 1.2", 2, "directives"),
            ("- item", 1, "mapping"),
            ("a: |x\n  text", 1, "block scalar"),
            ("a: \"bad \\q escape\"", 1, "escape"),
        ]
        for (text, line, words) in cases {
            let result = read(text)
            #expect(result.problems.first?.line == line, "\(text)")
            #expect(result.problems.first?.message.contains(words) == true, "\(text): \(result.problems.map(\.message))")
        }
    }

    @Test func deepNestingIsRejectedNotRecursedInto() {
        let inline = "a:\n" + String(repeating: "- ", count: 200) + "x"
        let nested = (0..<200).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v"
        let flow = "a: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        for text in ["ok: 1\n" + inline, "ok: 1\n" + nested, "ok: 1\n" + flow] {
            let result = read(text)
            #expect(result.problems.count == 1)
            #expect(result.problems.first?.message.contains("nesting deeper") == true, "\(result.problems)")
            #expect(result.value["ok"] == .integer(1))
        }
    }

    @Test func problemLinesAreFileLinesInACard() {
        let card = ModelCard(path: "README.md", text: "---\nlicense: mit\nx: *alias\n---\n# Title\n")
        #expect(card.problems.map(\.line) == [3])
        #expect(card["license"] == "mit")
        #expect(card.headings.first?.title == "Title")
        #expect(card.headings.first?.line == 5)
    }

    @Test func unclosedFrontMatterIsAProblem() {
        let card = ModelCard(path: "README.md", text: "---\nlicense: mit\n# Title\n")
        #expect(card.problems.first?.line == 1)
        #expect(card.hasFrontMatter == false)
    }

    @Test func cardBodyHeadingsLinksAndFileMentions() {
        let card = ModelCard(path: "README.md", text: """
            ---
            license: apache-2.0
            ---
            # Model
            Intro with [paper](https://arxiv.org/abs/2402.00838) and doi:10.5281/zenodo.123.
            ## Training data
            | Dataset | Pairs |
            |---|---|
            | [S2ORC](https://huggingface.co/datasets/sentence-transformers/s2orc) | 116,288,806 |
            ## Training procedure
            We use `train_script.py` and configs/data_config.json; see https://github.com/org/repo.
            ```bash
            python run_clm.py --model x
            ```
            **Evaluation**
            See https://example.org/report.pdf.
            """)
        #expect(card.headings.map(\.title) == ["Model", "Training data", "Training procedure", "Evaluation"])
        #expect(card.headings[0].endLine == 16)
        #expect(card.headings[1].endLine == 9)
        let kinds = card.links.map(\.kind)
        #expect(kinds.contains(.arxiv))
        #expect(kinds.contains(.doi))
        #expect(kinds.contains(.huggingFaceDataset))
        #expect(kinds.contains(.githubRepository))
        #expect(kinds.contains(.pdf))
        #expect(card.links.first { $0.kind == .huggingFaceDataset }?.section == "Training data")
        #expect(card.links.first { $0.kind == .arxiv }?.text == "paper")
        let names = card.fileMentions.map(\.name)
        #expect(names.contains("train_script.py"))
        #expect(names.contains("configs/data_config.json"))
        #expect(names.contains("run_clm.py"))
        #expect(!names.contains { $0.contains("github") || $0.contains("report.pdf") })
        #expect(card.fileMentions.first { $0.name == "train_script.py" }?.line == 11)
    }
}
