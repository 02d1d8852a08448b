//! Start-up only: parse the arguments, set up logging, run the command line or the window.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    wanedit::memory::tune_allocator();
    let args = wanedit::cli::Cli::parse();
    // Logs (redacted) go to the data folder; warnings also to stderr.
    wanedit::logging::init(&wanedit::store::journal::data_dir());
    match args.command {
        Some(cmd) => wanedit::cli::run(cmd),
        None => match wanedit::ui::run(args.images) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("wanedit: the window could not open: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
