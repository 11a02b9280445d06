import ReproAudit
