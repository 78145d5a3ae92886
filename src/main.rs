//! The `truststore` binary: everything is in the library's command-line layer.

fn main() -> std::process::ExitCode {
    truststore::cli::main()
}
