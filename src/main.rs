fn main() -> std::process::ExitCode {
    ensemble::app::cli::run(ensemble::app::help::parse())
}
