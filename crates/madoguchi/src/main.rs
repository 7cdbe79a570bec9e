use std::process::ExitCode;

// Request handling allocates and frees many small JSON values; mimalloc
// does that with less contention between threads than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    madoguchi::cli::main()
}
