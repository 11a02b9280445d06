/// Judges openness from a model's content. (Licence and evidence checks land with the openness work;
/// until then every model is reported `unknown`, which is what the record says when nothing was judged.)
public enum OpennessAssessor {
    public static let maximumTextSize = 1 << 20

    public static func wantsText(_ relativePath: RawPath) -> Bool {
        false
    }

    public static func assess(_ content: ModelContent) -> OpennessReport {
        .unknown
    }
}
