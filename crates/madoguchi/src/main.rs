use std::process::ExitCode;

fn main() -> ExitCode {
    madoguchi::cli::main()
}
