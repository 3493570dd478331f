//! regdesk's entry point: parse the command line and hand it to the CLI dispatcher.

fn main() -> std::process::ExitCode {
    regdesk::cli::main()
}
