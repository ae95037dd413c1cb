fn main() -> std::process::ExitCode {
    roadmap::cli::main()
}
