/// The commands that run or talk to the daemon (`daemon`, `rescan`, `accept`, `status`).
let daemonCommands: [any Command.Type] = [DaemonCommand.self, RescanCommand.self, AcceptCommand.self, StatusCommand.self]
