/// The commands that run or talk to the daemon (`daemon`, `rescan`, `accept`, `status`, `reload`).
let daemonCommands: [any Command.Type] = [DaemonCommand.self, RescanCommand.self, AcceptCommand.self, StatusCommand.self, ReloadCommand.self]
