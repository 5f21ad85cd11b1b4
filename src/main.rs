//! The `claimtrace` command line: parses arguments, calls the library, maps outcomes to exit
//! codes (0 all went well, 1 some input or query failed, 2 the command could not run).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use claimtrace::article::{Overrides, Published};
use claimtrace::export::{self, ExportFormat};
use claimtrace::extract::{self, json::Document};
use claimtrace::graph;
use claimtrace::ingest;
use claimtrace::input;
use claimtrace::query::{self, ResultsFormat};
use claimtrace::repl::Session;
use claimtrace::store::Store;
use claimtrace::trace;

#[derive(Parser)]
#[command(
    name = "claimtrace",
    version,
    about = "Who said it, who relayed it, through which outlets, and when: attributed statements in news articles as an RDF graph"
)]
struct Cli {
    /// Store directory (RocksDB). Default: $XDG_DATA_HOME/claimtrace/store, else ~/.local/share/claimtrace/store
    #[arg(
        long,
        global = true,
        env = "CLAIMTRACE_STORE",
        conflicts_with = "memory"
    )]
    store: Option<PathBuf>,
    /// Use a throwaway in-memory store
    #[arg(long, global = true)]
    memory: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Meta {
    /// Publisher of the article(s), when the text does not say
    #[arg(long)]
    publisher: Option<String>,
    /// Canonical URL of the article
    #[arg(long)]
    url: Option<String>,
    /// Publication date (ISO 8601, RFC 2822 or "27 August 2025, 14:02")
    #[arg(long, value_parser = parse_date)]
    published: Option<Published>,
}

fn parse_date(s: &str) -> Result<Published, String> {
    Published::parse(s).map_err(|e| e.to_string())
}

impl Meta {
    fn overrides(&self) -> Overrides {
        Overrides {
            publisher: self.publisher.clone(),
            url: self.url.clone(),
            published: self.published.clone(),
        }
    }
}

#[derive(Copy, Clone, ValueEnum)]
enum ExtractFormat {
    Json,
    Turtle,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (files, folders, `-` for stdin) into the store: text, JSON Lines, HTML
    /// pages, RSS/Atom feeds
    Ingest {
        #[arg(required = true)]
        paths: Vec<String>,
        /// Input format; `auto` goes by the extension, else by the first bytes
        #[arg(long, value_enum, default_value = "auto")]
        format: input::Format,
        /// Stop at the first failure
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        meta: Meta,
    },
    /// Print what would be stored for one article, without a store
    Extract {
        path: String,
        #[arg(long, value_enum, default_value = "json")]
        format: ExtractFormat,
        /// Input format; `auto` goes by the extension, else by the first bytes
        #[arg(long, value_enum, default_value = "auto")]
        input: input::Format,
        #[command(flatten)]
        meta: Meta,
    },
    /// Run a SPARQL query or update (the union of all graphs is the default graph)
    Query {
        /// The query text
        sparql: Option<String>,
        /// Read the query from a file
        #[arg(long, conflicts_with_all = ["sparql", "name"])]
        file: Option<PathBuf>,
        /// Run a named query from queries/ (outlets, speakers, statements, chains, timeline)
        #[arg(long, conflicts_with = "sparql")]
        name: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        results: ResultsFormat,
    },
    /// Interactive SPARQL; PATHs are ingested first. Reads statements from a pipe too
    Repl { paths: Vec<String> },
    /// Write the graph as RDF
    Export {
        #[arg(long, value_enum, default_value = "trig")]
        format: ExportFormat,
        /// Only this named graph (an article's IRI)
        #[arg(long)]
        graph: Option<String>,
        /// Write to this file instead of stdout
        #[arg(long)]
        output: Option<PathBuf>,
        /// Canonical N-Quads (RDFC-1.0): the same graph always gives the same bytes
        #[arg(long)]
        canonical: bool,
    },
    /// Counts of articles, statements, speakers, outlets and quads
    Stats,
    /// Follow claims through speakers, outlets, articles and time, across articles
    #[command(group(clap::ArgGroup::new("target").required(true).args(["speaker", "outlet", "claim"])))]
    Trace {
        /// Each claim by this speaker (a name, a surname, any case)
        #[arg(long)]
        speaker: Option<String>,
        /// Each claim this outlet carried ("BBC" takes in BBC News Russian)
        #[arg(long)]
        outlet: Option<String>,
        /// One claim: words of it, or its IRI
        #[arg(long)]
        claim: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: trace::Format,
    },
}

fn default_store() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("claimtrace/store")
}

fn open_store(cli: &Cli) -> Result<Store, String> {
    if cli.memory {
        return Store::memory().map_err(|e| e.to_string());
    }
    let dir = cli.store.clone().unwrap_or_else(default_store);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create the store directory {}: {e}", dir.display()))?;
    Store::open(&dir).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match run(&cli) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            eprintln!("claimtrace: {e}");
            2
        }
    };
    if claimtrace::repl::queries_left_behind() {
        // A cancelled query still running in memory would hold the exit (RocksDB's shutdown
        // waits for it); what it reads needs no cleanup, and every write was committed.
        let _ = io::stdout().flush();
        // SAFETY: _exit ends the process at once; nothing after this call runs.
        unsafe { libc::_exit(code) }
    }
    ExitCode::from(code as u8)
}

/// Ok(false) when some input or query failed but the command ran.
fn run(cli: &Cli) -> Result<bool, String> {
    match &cli.command {
        Command::Extract {
            path,
            format,
            input,
            meta,
        } => extract_one(path, *format, *input, meta),
        Command::Ingest {
            paths,
            format,
            strict,
            meta,
        } => {
            let store = open_store(cli)?;
            let options = ingest::Options {
                format: *format,
                overrides: meta.overrides(),
                strict: *strict,
            };
            Ok(ingest(&store, paths, &options))
        }
        Command::Query {
            sparql,
            file,
            name,
            results,
        } => {
            let text = match (sparql, file, name) {
                (Some(q), _, _) => q.clone(),
                (_, Some(f), _) => std::fs::read_to_string(f)
                    .map_err(|e| format!("cannot read {}: {e}", f.display()))?,
                (_, _, Some(n)) => claimtrace::queries::get(n)
                    .ok_or_else(|| {
                        format!(
                            "no query named {n:?}; known: {}",
                            claimtrace::queries::names().join(", ")
                        )
                    })?
                    .to_string(),
                _ => return Err("give a query, --file F.rq or --name NAME".into()),
            };
            let store = open_store(cli)?;
            match query::execute(&store, &text, &[], None) {
                Ok(outcome) => {
                    let mut out = io::stdout().lock();
                    let view = query::View {
                        width: claimtrace::repl::terminal_width(),
                        max_rows: None,
                    };
                    query::render(&outcome, *results, &mut out, view).map_err(|e| e.to_string())?;
                    Ok(true)
                }
                Err(e) => {
                    eprintln!("claimtrace: {e}");
                    Ok(false)
                }
            }
        }
        Command::Repl { paths } => {
            let store = open_store(cli)?;
            let mut ok = true;
            if !paths.is_empty() {
                ok &= ingest(&store, paths, &ingest::Options::default());
            }
            let mut session = Session::new(&store);
            ok &= session.run().map_err(|e| e.to_string())?;
            Ok(ok)
        }
        Command::Export {
            format,
            graph,
            output,
            canonical,
        } => {
            if *canonical && *format != ExportFormat::Nquads {
                return Err(export::ExportError::CanonicalNeedsNquads.to_string());
            }
            let store = open_store(cli)?;
            let mut sink: Box<dyn Write> = match output {
                Some(p) => Box::new(io::BufWriter::new(
                    std::fs::File::create(p)
                        .map_err(|e| format!("cannot write {}: {e}", p.display()))?,
                )),
                None => Box::new(io::BufWriter::new(io::stdout().lock())),
            };
            let n = if *canonical {
                export::export_canonical(&store, graph.as_deref(), &mut sink)
            } else {
                export::export(&store, *format, graph.as_deref(), &mut sink)
            }
            .map_err(|e| e.to_string())?;
            sink.flush().map_err(|e| e.to_string())?;
            if let Some(p) = output {
                let what = if format.rdf_format().supports_datasets() {
                    "quads"
                } else {
                    "triples"
                };
                eprintln!("exported {n} {what} to {}", p.display());
            }
            Ok(true)
        }
        Command::Trace {
            speaker,
            outlet,
            claim,
            format,
        } => {
            let target = match (speaker, outlet, claim) {
                (Some(s), _, _) => trace::Target::Speaker(s.clone()),
                (_, Some(o), _) => trace::Target::Outlet(o.clone()),
                (_, _, Some(c)) => trace::Target::Claim(c.clone()),
                _ => unreachable!("clap requires one of them"),
            };
            let store = open_store(cli)?;
            match trace::trace(&store, &target) {
                Ok(t) => {
                    let mut out = io::BufWriter::new(io::stdout().lock());
                    trace::render(&t, *format, &mut out).map_err(|e| e.to_string())?;
                    out.flush().map_err(|e| e.to_string())?;
                    Ok(true)
                }
                // Nothing found is an answer, not a failure to run: exit code 1, like grep.
                Err(e @ (trace::TraceError::NoMatch { .. } | trace::TraceError::NoClaim(_))) => {
                    eprintln!("claimtrace: {e}");
                    Ok(false)
                }
                Err(e) => Err(e.to_string()),
            }
        }
        Command::Stats => {
            let store = open_store(cli)?;
            let outcome = query::execute(
                &store,
                claimtrace::queries::get("stats").expect("built in"),
                &[],
                None,
            )
            .map_err(|e| e.to_string())?;
            query::render(
                &outcome,
                ResultsFormat::Table,
                &mut io::stdout().lock(),
                query::View::default(),
            )
            .map_err(|e| e.to_string())?;
            Ok(true)
        }
    }
}

fn extract_one(
    path: &str,
    format: ExtractFormat,
    input_format: input::Format,
    meta: &Meta,
) -> Result<bool, String> {
    let (article, warnings) =
        input::read_article(std::path::Path::new(path), input_format, &meta.overrides())
            .map_err(|f| f.to_string())?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    let statements = extract::extract(&article);
    let mut out = io::stdout().lock();
    match format {
        ExtractFormat::Json => {
            let doc = Document::new(&article, &statements);
            serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| e.to_string())?;
            writeln!(out).map_err(|e| e.to_string())?;
        }
        ExtractFormat::Turtle => {
            let ids = graph::Ids::default();
            let mapped = graph::article_quads(&ids, &article, &statements);
            let mut w = export::serializer(oxigraph::io::RdfFormat::Turtle).for_writer(&mut out);
            for q in mapped.quads.iter().chain(&mapped.shared) {
                w.serialize_triple(oxigraph::model::TripleRef::from(q.as_ref()))
                    .map_err(|e| e.to_string())?;
            }
            w.finish().map_err(|e| e.to_string())?;
        }
    }
    Ok(true)
}

/// Ingests every input, reporting failures as they happen and a summary line at the end.
/// Returns whether nothing failed.
fn ingest(store: &Store, paths: &[String], options: &ingest::Options) -> bool {
    let mut progress = Progress::new();
    let summary = ingest::ingest(store, paths, options, &mut progress);
    progress.bar.finish_and_clear();
    eprintln!("{summary}");
    summary.failures.is_empty()
}

/// A progress bar on a terminal (bytes read, rate, ETA, articles stored); nothing otherwise.
/// Reports are printed above the bar.
struct Progress {
    bar: ProgressBar,
}

impl Progress {
    fn new() -> Self {
        let bar = if io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        Progress { bar }
    }
}

impl ingest::Observer for Progress {
    fn start(&mut self, bytes: u64) {
        self.bar.set_length(bytes);
    }

    fn advance(&mut self, bytes: u64, articles: usize) {
        self.bar.inc(bytes);
        if articles.is_multiple_of(64) {
            self.bar.set_message(format!("{articles} articles"));
        }
    }

    fn report(&mut self, level: &str, failure: &input::Failure) {
        self.bar.suspend(|| eprintln!("{level}: {failure}"));
    }
}
