use clap::Parser;

fn main() -> std::process::ExitCode {
    ensemble::cli::run(ensemble::cli::Cli::parse())
}
