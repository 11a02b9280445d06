ReproAuditCLI.main(CommandLine.arguments)
