import ReproAuditCommands

ReproAuditCommandLine.main()
