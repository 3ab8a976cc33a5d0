//! Interrupted runs (Ctrl-C, `kill`): the temporary files of the outputs being written are
//! removed, so that an output folder keeps only finished outputs, and the exit status is 130.
//! Once the outputs are all in place, an interrupt is let go: the run finishes as it would have.
//!
//! Without this, an interrupted run would leave its hidden `.NAME.comention-PID.XXXXXX.tmp` files
//! behind (the next run in that folder removes them, once no process holds them).

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Mutex, Once, PoisonError};

use comention::export::{COMMITTED, COMMITTING, remove_new_folders, remove_temporaries};

/// The folders whose temporary files an interrupt removes.
static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit status after an interrupt: 128 + SIGINT, as shells report it.
const INTERRUPTED: i32 = 130;

/// On an interrupt, removes this process's temporary files in `dir`, then exits.
pub fn remove_on_interrupt(dir: &Path) {
    static HANDLER: Once = Once::new();
    FOLDERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(dir.to_path_buf());
    HANDLER.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            // Not in the middle of renaming outputs into place, and never again after this.
            let committing = COMMITTING.lock().unwrap_or_else(PoisonError::into_inner);
            if COMMITTED.load(Ordering::SeqCst) {
                // Every output is in place: nothing to undo, let the run finish and report.
                drop(committing);
                return;
            }
            let pid = std::process::id();
            let folders = FOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
            let removed: usize = folders.iter().map(|d| remove_temporaries(d, pid)).sum();
            remove_new_folders();
            if removed > 0 {
                eprintln!(
                    "comention: interrupted; {removed} unfinished output file(s) removed, \
                     earlier outputs left as they were"
                );
            } else {
                eprintln!("comention: interrupted");
            }
            std::process::exit(INTERRUPTED);
        });
        if let Err(e) = installed {
            eprintln!(
                "comention: warning: cannot catch interrupts ({e}); an interrupted run leaves \
                 hidden .tmp files, removed by the next run"
            );
        }
    });
}
