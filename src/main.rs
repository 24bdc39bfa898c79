// glibc's allocator spent 15 % of a 20,000-residence build in `malloc`, `free` and their
// consolidation (perf, issue 15); mimalloc's thread-local free lists make the many small, short
// strings of rendering cheap. See BENCHMARKS.md for the measurement.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ensemble::app::cli::run(ensemble::app::help::parse())
}
