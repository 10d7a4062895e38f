use std::process::ExitCode;

fn main() -> ExitCode {
    docklens::cli::main()
}
