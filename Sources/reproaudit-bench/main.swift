Benchmarks.main(CommandLine.arguments)
