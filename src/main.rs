use clap::Parser;

fn main() -> std::process::ExitCode {
    ensemble::app::cli::run(ensemble::app::cli::Cli::parse())
}
