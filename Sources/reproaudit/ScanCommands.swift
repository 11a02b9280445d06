/// The one-shot audit command (`scan`).
let scanCommands: [any Command.Type] = [ScanCommand.self]
