//! The `roadmap` binary: the command line over the `roadmap` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
