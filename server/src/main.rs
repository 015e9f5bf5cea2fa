use clap::Parser;

use claimcheck::cli::{self, Cli, Command, Usage};

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => cli::scan(args),
        Command::Explain(args) => cli::explain(args),
        Command::Lsp { .. } => Ok(claimcheck::lsp::run()),
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
