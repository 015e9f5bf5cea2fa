use clap::Parser;

mod cli;

use cli::{Cli, Command, Usage};

fn main() {
    // A panic message can quote the text being scanned, which may hold a token: report where the
    // bug is, never what it was looking at.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("claimcheck: internal error{at}; this is a bug (details withheld: they may quote scanned text)");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => cli::scan(args),
        Command::Explain(args) => cli::explain(args),
        Command::Permissions(args) => cli::permissions(args),
        Command::Lsp { .. } => Ok(claimcheck_lsp::run()),
        Command::Completions { shell } => cli::completions(shell),
        Command::Man => cli::man(),
    };
    let code = match result {
        Ok(code) => code,
        Err(Usage(msg)) => {
            eprintln!("claimcheck: {msg}");
            2
        }
    };
    std::process::exit(code);
}
