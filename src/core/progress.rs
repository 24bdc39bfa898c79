//! A one-line progress display on stderr for long steps (thousands of residences), shown only on
//! a terminal and only when the step lasts long enough to need it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Progress {
    done: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Progress {
    /// Starts counting towards `total` items named `what` (plural, French). Displays nothing
    /// unless `enabled` and stderr is a terminal.
    pub fn start(what: &'static str, total: usize, enabled: bool) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let show = enabled && total > 0 && std::io::stderr().is_terminal();
        let thread = show.then(|| {
            let (done, stop) = (Arc::clone(&done), Arc::clone(&stop));
            std::thread::spawn(move || {
                // Short builds finish before the first tick and print nothing.
                let mut shown = false;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(250));
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let n = done.load(Ordering::Relaxed).min(total);
                    eprint!(
                        "\r  {what} : {} / {} ({} %)   ",
                        crate::core::typography::format_number(n as f64, 0),
                        crate::core::typography::format_number(total as f64, 0),
                        n * 100 / total
                    );
                    let _ = std::io::stderr().flush();
                    shown = true;
                }
                if shown {
                    eprint!("\r{}\r", " ".repeat(60));
                }
            })
        });
        Progress {
            done,
            stop,
            thread: std::sync::Mutex::new(thread),
        }
    }

    pub fn inc(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Stops and clears the line (it is also stopped when dropped).
    pub fn finish(&self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
