//! `claimtrace-corpus --articles N [--seed S] [--shared DIR]`: writes N articles as JSON Lines
//! on stdout, recombined from the real corpora under DIR (default `../shared`), the same
//! for the same seed (default 1). A summary goes to stderr.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use claimtrace_corpus::{Pools, generate};

struct Args {
    articles: usize,
    seed: u64,
    shared: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        articles: 0,
        seed: 1,
        shared: PathBuf::from("../shared"),
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--articles" => {
                args.articles = value
                    .parse()
                    .map_err(|_| format!("--articles takes a number, not {value:?}"))?;
            }
            "--seed" => {
                args.seed = value
                    .parse()
                    .map_err(|_| format!("--seed takes a number, not {value:?}"))?;
            }
            "--shared" => args.shared = PathBuf::from(value),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if args.articles == 0 {
        return Err("give --articles N (N > 0)".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let run = || -> Result<(), String> {
        let args = args()?;
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
        let pools = Pools::read(&args.shared, &examples)?;
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let made = generate(&pools, args.articles, args.seed, &mut out)
            .map_err(|e| format!("cannot write: {e}"))?;
        out.flush().map_err(|e| format!("cannot write: {e}"))?;
        eprintln!(
            "{} articles ({} MB), {} carrying a recurring claim; seed {}; drawn from {} paragraphs, {} claims, {} headlines",
            made.articles,
            made.bytes / 1_000_000,
            made.recurring,
            args.seed,
            pools.paragraphs.len(),
            pools.claims.len(),
            pools.titles.len()
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimtrace-corpus: {e}");
            ExitCode::from(2)
        }
    }
}
