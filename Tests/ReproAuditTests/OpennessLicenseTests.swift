import Testing
@testable import ReproAudit

@Suite struct OpennessLicenseTests {
    /// Openings of each family's text (their distinctive sentences), with the expected id and class.
    static let texts: [(String, String, LicenseClass)] = [
        (OpennessFixtures.text("licenses/apache-2.0.txt"), "apache-2.0", .open),
        ("Copyright 2024 Example\n\nLicensed under the Apache License, Version 2.0 (the \"License\");\nyou may not use this file except in compliance with the License.", "apache-2.0", .open),
        (OpennessFixtures.text("licenses/mit.txt"), "mit", .open),
        ("Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:\n1. Redistributions of source code must retain the above copyright notice.\n2. Redistributions in binary form must reproduce the above copyright notice.\n3. Neither the name of the copyright holder nor the names of its contributors may be used to endorse or promote products.", "bsd-3-clause", .open),
        ("Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:\n1. Redistributions of source code must retain the above copyright notice.\n2. Redistributions in binary form must reproduce the above copyright notice.", "bsd-2-clause", .open),
        ("                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n\n Copyright (C) 2007 Free Software Foundation\n...\nconvey the object code ... only occasionally and noncommercially ...\nuse the GNU Lesser General Public License instead of this License.", "gpl-3.0", .open),
        ("GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n", "gpl-2.0", .open),
        ("Copyright (C) 2024 Example\n\nThis program is free software: you can redistribute it and/or modify it\nunder the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.", "gpl-3.0", .open),
        ("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n\nThis version of the GNU Lesser General Public License incorporates the terms and conditions of version 3 of the GNU General Public License", "lgpl-3.0", .open),
        ("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999\n", "lgpl-2.1", .open),
        ("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n", "agpl-3.0", .open),
        ("Mozilla Public License Version 2.0\n==================================\n\n1. Definitions", "mpl-2.0", .open),
        ("Creative Commons Legal Code\n\nCC0 1.0 Universal\n\nStatement of Purpose", "cc0-1.0", .open),
        ("Attribution 4.0 International\n\nCreative Commons Attribution 4.0 International Public License", "cc-by-4.0", .open),
        ("Attribution-ShareAlike 4.0 International\n\nCreative Commons Attribution-ShareAlike 4.0 International Public License", "cc-by-sa-4.0", .open),
        (OpennessFixtures.text("licenses/cc-by-nc-4.0.txt"), "cc-by-nc-4.0", .nonCommercial),
        ("Attribution-NonCommercial-ShareAlike 4.0 International\n\nCreative Commons Corporation", "cc-by-nc-sa-4.0", .nonCommercial),
        ("Attribution-NoDerivatives 4.0 International\n\nCreative Commons Corporation", "cc-by-nd-4.0", .nonCommercial),
        ("Community Data License Agreement \u{2013} Permissive \u{2013} Version 2.0\n\nThis is the Community Data License Agreement", "cdla-permissive-2.0", .open),
        ("Community Data License Agreement \u{2013} Sharing \u{2013} Version 1.0", "cdla-sharing-1.0", .open),
        ("Open Data Commons Attribution License (ODC-By) v1.0", "odc-by", .open),
        ("ODC Open Database License (ODbL)\n\nThe Open Database License (ODbL) is a license agreement", "odbl", .open),
        ("Open Data Commons Public Domain Dedication and License (PDDL)", "pddl", .open),
        ("OpenMDW License Agreement, version 1.0 (OpenMDW-1.0)\n\nBy exercising rights granted to you under this agreement", "openmdw-1.0", .open),
        (OpennessFixtures.text("licenses/creativeml-openrail-m.txt"), "creativeml-openrail-m", .restricted),
        ("BigScience OpenRAIL-M License\n\ndated August 18, 2022\n\nAttachment A\nUse Restrictions", "bigscience-openrail-m", .restricted),
        ("BigCode Open RAIL-M v1 License Agreement\n\nAttachment A - Use Restrictions", "bigcode-openrail-m", .restricted),
        ("BigScience RAIL License v1.0\ndated May 19, 2022", "bigscience-bloom-rail-1.0", .restricted),
        ("Copyright (c) 2023 Stability AI\nCreativeML Open RAIL++-M License dated July 26, 2023\n\nAttachment A\nUse Restrictions", "openrail++", .restricted),
        ("LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023", "llama2", .restricted),
        ("META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024", "llama3", .restricted),
        (OpennessFixtures.text("llama3.1-8b/LICENSE"), "llama3.1", .restricted),
        ("LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024", "llama3.2", .restricted),
        ("LLAMA 3.3 COMMUNITY LICENSE AGREEMENT\nLlama 3.3 Version Release Date: December 6, 2024", "llama3.3", .restricted),
        ("LLAMA 4 COMMUNITY LICENSE AGREEMENT\nLlama 4 Version Effective Date: April 5, 2025", "llama4", .restricted),
        ("Gemma Terms of Use\n\nLast modified: February 21, 2024\n\nBy using, reproducing, modifying, distributing, performing or displaying any portion or element of Gemma", "gemma", .restricted),
        ("DEEPSEEK LICENSE AGREEMENT\n\nVersion 1.0, 23 October 2023", "other", .restricted),
        ("Tongyi Qianwen LICENSE AGREEMENT\n\nTongyi Qianwen Release Date: August 3, 2023\n\nb. \"We\"(or \"Us\") shall mean Alibaba Cloud.\n\n4. If you are commercially using the Materials, and your product or service has more than 100 million monthly active users, You shall request a license from Us.", "other", .restricted),
        ("Qwen RESEARCH LICENSE AGREEMENT\n\nb. \"We\" (or \"Us\") shall mean Alibaba Cloud.\n\nYou may use the Materials solely for non-commercial research purposes.", "other", .nonCommercial),
    ]

    @Test func recognisesEachFamily() {
        for (text, id, licenseClass) in Self.texts {
            let recognition = LicenseTextRecognizer.recognize(text)
            #expect(recognition?.id == id, "\(text.prefix(60))")
            #expect(recognition?.licenseClass == licenseClass, "\(text.prefix(60))")
        }
        #expect(LicenseTextRecognizer.recognize("DEEPSEEK LICENSE AGREEMENT")?.key == "deepseek")
        #expect(LicenseTextRecognizer.recognize(Self.texts[37].0)?.key == "tongyi-qianwen")
        #expect(LicenseTextRecognizer.recognize(Self.texts[38].0)?.key == "qwen-research")
    }

    @Test func clausesMakeAnyTextRestricted() {
        let mau = LicenseTextRecognizer.recognize(OpennessFixtures.text("licenses/modified-mit.txt"))
        #expect(mau?.id == "other")
        #expect(mau?.licenseClass == .restricted)
        #expect(mau?.entry?.id == "mit")
        #expect(mau?.clauses.map(\.0) == [.userCap])

        let research = LicenseTextRecognizer.recognize("Acme Model License\n\nThe model may be used for non-commercial research purposes only.")
        #expect(research?.entry == nil)
        #expect(research?.licenseClass == .nonCommercial)
        #expect(research?.name == "custom licence (no commercial use)")

        let fieldOfUse = LicenseTextRecognizer.recognize(OpennessFixtures.text("licenses/apache-2.0.txt") + "\nAdditional terms: you agree not to use the Model for military purposes.")
        #expect(fieldOfUse?.id == "other")
        #expect(fieldOfUse?.licenseClass == .restricted)
        #expect(fieldOfUse?.name == "Apache License 2.0, modified (field-of-use restrictions)")

        #expect(LicenseTextRecognizer.recognize("This repository holds model weights.") == nil)
    }

    @Test func catalogMapsHubIDsToSPDXAndClass() {
        #expect(LicenseCatalog.entry(forID: "apache-2.0")?.spdx == "Apache-2.0")
        #expect(LicenseCatalog.entry(forID: "Apache-2.0")?.id == "apache-2.0")
        #expect(LicenseCatalog.entry(forID: "cc-by-nc-4.0")?.spdx == "CC-BY-NC-4.0")
        #expect(LicenseCatalog.licenseClass(forID: "mit") == .open)
        #expect(LicenseCatalog.licenseClass(forID: "openmdw-1.0") == .open)
        #expect(LicenseCatalog.licenseClass(forID: "odc-by") == .open)
        #expect(LicenseCatalog.licenseClass(forID: "llama3.1") == .restricted)
        #expect(LicenseCatalog.licenseClass(forID: "bigscience-bloom-rail-1.0") == .restricted)
        #expect(LicenseCatalog.licenseClass(forID: "c-uda") == .restricted)
        #expect(LicenseCatalog.licenseClass(forID: "cc-by-nd-4.0") == .nonCommercial)
        #expect(LicenseCatalog.licenseClass(forID: "apple-amlr") == .nonCommercial)
        #expect(LicenseCatalog.licenseClass(forID: "cc") == .unknown)
        #expect(LicenseCatalog.licenseClass(forID: "other") == .unknown)
        #expect(LicenseCatalog.licenseClass(forID: "unknown") == .unknown)
        #expect(LicenseCatalog.entry(forName: "llama-2-community-license")?.id == "llama2")
        #expect(LicenseCatalog.entry(forName: "Llama 3.1 Community License Agreement")?.id == "llama3.1")
        #expect(LicenseCatalog.entry(forName: "deepseek")?.key == "deepseek")
        #expect(LicenseCatalog.entry(forName: "tongyi-qianwen")?.licenseClass == .restricted)
        // Every Hub id is lower case, as the record requires.
        #expect(LicenseCatalog.entries.allSatisfy { $0.id == $0.id.lowercased() })
    }

    @Test func mofClassesAreCumulative() {
        var all: [OpennessComponent: ComponentStatus] = [:]
        for component in OpennessComponent.allCases { all[component] = .referenced }
        #expect(MOFClassifier.classify(all, licenseClass: .open) == "I")
        #expect(MOFClassifier.classify(all, licenseClass: .restricted) == nil)
        #expect(MOFClassifier.classify(all, licenseClass: .unknown) == nil)

        var noIntermediate = all
        noIntermediate[.intermediateParameters] = .missing
        #expect(MOFClassifier.classify(noIntermediate, licenseClass: .open) == "II")

        var noEvalCode = all
        noEvalCode[.evaluationCode] = .missing
        // Class I needs Class II's components too.
        #expect(MOFClassifier.classify(noEvalCode, licenseClass: .open) == "III")

        var paperOnly = all
        paperOnly[.technicalReport] = .missing
        #expect(MOFClassifier.classify(paperOnly, licenseClass: .open) == "I")

        var reportOnly = all
        reportOnly[.researchPaper] = .missing
        #expect(MOFClassifier.classify(reportOnly, licenseClass: .open) == "II")

        var neither = all
        neither[.researchPaper] = .missing
        neither[.technicalReport] = .missing
        #expect(MOFClassifier.classify(neither, licenseClass: .open) == nil)
        #expect(MOFClassifier.missing(for: 3, neither) == [.technicalReport])

        var noMetadata = all
        noMetadata[.modelMetadata] = .missing
        #expect(MOFClassifier.classify(noMetadata, licenseClass: .open) == "I")
    }

    @Test func wantsTheSmallTextsThatMatter() {
        for path in ["README.md", "MODEL_CARD.md", "DATA_CARD.md", "datasheet_pile.md", "LICENSE", "LICENSE.txt", "LICENCE", "COPYING",
                     "LICENSE-MODEL", "model.license", "config.json", "unet/config.json", "generation_config.json", "params.json",
                     "data_config.json", "training_args.json", "model_index.json", "configs/train.yaml", "hparams.yml", "ds_config_zero3.json",
                     "CITATION.cff"] {
            #expect(OpennessAssessor.wantsText(RawPath(path)), "\(path)")
        }
        for path in ["model.safetensors", "tokenizer.json", "vocab.txt", "training_args.bin", "docs/README.md", ".git/config.json",
                     "a/b/c/d/config.json", "LICENSE.pdf", "merges.txt"] {
            #expect(!OpennessAssessor.wantsText(RawPath(path)), "\(path)")
        }
        #expect(OpennessAssessor.maximumTextSize == 1 << 20)
    }
}
