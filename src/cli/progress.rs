//! A progress bar on stderr for long runs: documents, megabytes, rate and, when the input size is
//! known in advance (uncompressed files), the time left.

use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of a run; draws nothing unless stderr is a terminal and the run is not quiet.
pub struct Progress {
    bar: Option<ProgressBar>,
    documents: u64,
}

impl Progress {
    /// A progress display over `inputs`.
    pub fn new(inputs: &[PathBuf], quiet: bool) -> Progress {
        if !super::show_progress(quiet) {
            return Progress {
                bar: None,
                documents: 0,
            };
        }
        let bar = match total_bytes(inputs) {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} — {msg}",
                )
                .expect("valid template"),
            ),
            None => ProgressBar::no_length().with_style(
                ProgressStyle::with_template("{spinner} {bytes} {binary_bytes_per_sec} — {msg}")
                    .expect("valid template"),
            ),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress {
            bar: Some(bar),
            documents: 0,
        }
    }

    /// Counts one document of `bytes` bytes.
    pub fn document(&mut self, bytes: usize) {
        if let Some(bar) = &self.bar {
            self.documents += 1;
            bar.inc(bytes as u64);
            if self.documents.is_multiple_of(256) {
                bar.set_message(format!("{} documents", self.documents));
            }
        }
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The size of all input files, when every input is an uncompressed file or folder of them.
fn total_bytes(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for path in inputs {
        if path.as_os_str() == "-" {
            return None;
        }
        for entry in walkdir::WalkDir::new(path) {
            let entry = entry.ok()?;
            if entry.file_type().is_file() {
                if entry.path().extension().is_some_and(|e| e == "gz") {
                    return None;
                }
                total += entry.metadata().ok()?.len();
            }
        }
    }
    Some(total)
}
