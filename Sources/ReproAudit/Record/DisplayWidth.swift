/// How many terminal columns a text takes: East Asian wide and fullwidth characters (CJK, Hangul,
/// fullwidth forms, most emoji) take two, everything else one per character (combining marks are
/// part of their character). Enough to keep a table's columns aligned when model names are Japanese.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        var width = 0
        for character in text {
            guard let scalar = character.unicodeScalars.first else { continue }
            width += isWide(scalar.value) ? 2 : 1
        }
        return width
    }

    /// East Asian Width W or F (UAX #11), by block.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
