/// The commands that read the audit log (`log`, `show`, `export`).
let readerCommands: [any Command.Type] = []
