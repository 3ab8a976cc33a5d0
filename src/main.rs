//! The `comention` command: a thin layer over the library (see `src/cli/` for each subcommand).

mod cli;

use std::process::ExitCode;

// A run allocates per document and per mention, and with several threads a buffer is often
// freed by another worker than the one that allocated it (whichever writes its batch out):
// mimalloc does both with fewer instructions than the system allocator (about 5% of a
// one-thread run), and takes a free from another thread without locking the allocating
// thread's arena.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
