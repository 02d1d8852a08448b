//! Start-up only: parse the arguments, set up logging, run the command line or the window.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = wanedit::cli::Cli::parse();
    wanedit::cli::init_logging();
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
