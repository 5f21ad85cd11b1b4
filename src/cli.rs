//! The command line's definitions (clap): one place for the binary and for the REPL, whose
//! `.trace` parses its options with the same [`TraceArgs`] as `claimtrace trace`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::export::ExportFormat;
use crate::query::ResultsFormat;
use crate::trace;
use claimtrace_text::article::{Overrides, Published};
use claimtrace_text::input;

#[derive(Parser)]
#[command(
    name = "claimtrace",
    version,
    about = "Who said it, who relayed it, through which outlets, and when: attributed statements in news articles as an RDF graph"
)]
pub struct Cli {
    /// Store directory (RocksDB). Default: $XDG_DATA_HOME/claimtrace/store, else ~/.local/share/claimtrace/store
    #[arg(
        long,
        global = true,
        env = "CLAIMTRACE_STORE",
        conflicts_with = "memory"
    )]
    pub store: Option<PathBuf>,
    /// Use a throwaway in-memory store
    #[arg(long, global = true)]
    pub memory: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    pub paths: Vec<String>,
    /// Address to listen on; anything but loopback must be given explicitly, and is warned
    /// about
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Cancel a query or update after this many seconds, answering 503 (0: never)
    #[arg(long, default_value_t = 60.0)]
    pub timeout: f64,
    /// Refuse (422) a SELECT or CONSTRUCT answering more rows than this, rather than cut it
    #[arg(long)]
    pub max_rows: Option<usize>,
    /// Take SPARQL updates, Graph Store writes and POST /ingest, from clients sending the
    /// bearer token of --token-env
    #[arg(long, requires = "token_env")]
    pub allow_update: bool,
    /// The environment variable holding the bearer token for updates (never the token itself
    /// on the command line, where other users can read it)
    #[arg(long, value_name = "VAR", requires = "allow_update")]
    pub token_env: Option<String>,
    /// Let browser pages from this origin call the server (`*` for any)
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
}

#[derive(clap::Args)]
pub struct PushArgs {
    /// The remote store's SPARQL endpoint; its graph store is taken to be the sibling
    /// `/store` (Oxigraph, claimtrace serve) unless --graph-store says otherwise
    #[arg(long, required_unless_present = "graph_store")]
    pub endpoint: Option<String>,
    /// The remote store's Graph Store Protocol URL
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    #[command(flatten)]
    pub auth: RemoteAuth,
    /// Record what was sent after every N graphs (and load at most N at once in bulk): an
    /// interrupted push sends at most N again, and what was in flight
    #[arg(long, value_name = "N", default_value_t = crate::push::BATCH)]
    pub batch: usize,
    /// Requests sent at once
    #[arg(long, value_name = "N", default_value_t = crate::push::PARALLEL)]
    pub parallel: usize,
    /// How graphs reach the server: put (one Graph Store PUT per graph, each replaced in a
    /// transaction), bulk (Oxigraph's server: up to --batch graphs dropped, then loaded by
    /// its bulk loader, not atomically), auto (bulk where the server is Oxigraph's)
    #[arg(long, value_enum, default_value = "auto")]
    pub loading: PushLoading,
    /// Only the articles ingested since DATE (a day, from 00:00 UTC, or a time with its
    /// offset), and the shared graphs; the others are not even read
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<jiff::Timestamp>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum PushLoading {
    Auto,
    Put,
    Bulk,
}

impl PushLoading {
    /// The loading asked for; none: as the server takes it best.
    pub fn chosen(self) -> Option<crate::push::Loading> {
        match self {
            PushLoading::Auto => None,
            PushLoading::Put => Some(crate::push::Loading::Put),
            PushLoading::Bulk => Some(crate::push::Loading::Bulk),
        }
    }
}

fn parse_since(s: &str) -> Result<jiff::Timestamp, String> {
    if let Ok(at) = s.parse::<jiff::Timestamp>() {
        return Ok(at);
    }
    s.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|day| jiff::tz::TimeZone::UTC.to_timestamp(day.at(0, 0, 0, 0)).ok())
        .ok_or_else(|| {
            format!(
                "malformed date {s:?}: give a day (2026-12-01, from 00:00 UTC) or a time with its offset (2026-12-01T09:00:00+01:00)"
            )
        })
}

/// The credentials a remote store asks for; secrets are named by environment variable,
/// never given on the command line, where other users can read them.
#[derive(clap::Args, Debug)]
pub struct RemoteAuth {
    /// User name (Virtuoso: dba)
    #[arg(long, requires = "password_env")]
    pub user: Option<String>,
    /// The environment variable holding the password
    #[arg(long, value_name = "VAR", requires = "user")]
    pub password_env: Option<String>,
    /// How the password is sent: basic (with every request), digest (Virtuoso's
    /// authenticated endpoints), or, when not given, as the server's challenge asks
    #[arg(long, value_enum, requires = "user")]
    pub auth: Option<AuthScheme>,
    /// The environment variable holding a bearer token (claimtrace serve --allow-update)
    #[arg(long, value_name = "VAR", conflicts_with = "user")]
    pub token_env: Option<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum AuthScheme {
    Basic,
    Digest,
}

/// A remote SPARQL endpoint to read instead of the local store.
#[derive(clap::Args, Debug)]
pub struct RemoteArgs {
    /// Read this SPARQL endpoint (a store claimtrace pushed to) instead of the local store:
    /// Oxigraph http://HOST/query, Virtuoso http://HOST/sparql, claimtrace serve
    /// http://HOST/sparql
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Give up after this many seconds: the answer from the local store (default: never;
    /// for `repl`, each query's), or a remote request (default: 300; 0: never)
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub auth: RemoteAuth,
}

/// Metadata given on the command line, which wins over what the input says.
#[derive(clap::Args, Clone)]
pub struct Meta {
    /// Publisher of the article(s), when the text does not say
    #[arg(long)]
    pub publisher: Option<String>,
    /// Canonical URL of the article
    #[arg(long)]
    pub url: Option<String>,
    /// Publication date (ISO 8601, RFC 2822 or "27 August 2025, 14:02")
    #[arg(long, value_parser = parse_date)]
    pub published: Option<Published>,
}

fn parse_date(s: &str) -> Result<Published, String> {
    Published::parse(s).map_err(|e| e.to_string())
}

impl Meta {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            publisher: self.publisher.clone(),
            url: self.url.clone(),
            published: self.published.clone(),
        }
    }
}

/// How an input is read: the text side's `input::Format` with clap's names and help (the
/// text crate does not depend on clap).
#[derive(Debug, Copy, Clone, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By the file's extension, else by its first bytes
    Auto,
    /// Plain text or the seed's layout: one article
    Text,
    /// One JSON object per line
    Jsonl,
    /// A saved article page
    Html,
    /// RSS or Atom: one article per item
    Feed,
}

impl From<InputFormat> for input::Format {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Auto => input::Format::Auto,
            InputFormat::Text => input::Format::Text,
            InputFormat::Jsonl => input::Format::Jsonl,
            InputFormat::Html => input::Format::Html,
            InputFormat::Feed => input::Format::Feed,
        }
    }
}

#[derive(Copy, Clone, ValueEnum)]
pub enum ExtractFormat {
    Json,
    Turtle,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read articles (files, folders, `-` for stdin) into the store: text, JSON Lines, HTML
    /// pages, RSS/Atom feeds
    Ingest {
        #[arg(required = true)]
        paths: Vec<String>,
        /// Input format; `auto` goes by the extension, else by the first bytes
        #[arg(long, value_enum, default_value = "auto")]
        format: InputFormat,
        /// Stop at the first failure
        #[arg(long)]
        strict: bool,
        /// Threads reading articles into statements and quads (default: every core); claims
        /// are linked and the store written on one, in input order
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        #[command(flatten)]
        meta: Meta,
        /// Push each batch of stored articles to this Graph Store Protocol URL as it is
        /// committed, then the shared graphs (as `push --graph-store URL`)
        #[arg(long, value_name = "URL")]
        push: Option<String>,
        #[command(flatten)]
        remote: RemoteAuth,
    },
    /// Print the statements found, without a store: one article as an indented JSON
    /// document; many (JSON Lines, folders, feeds, several paths) as one compact document a
    /// line, in input order
    Extract {
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value = "json")]
        format: ExtractFormat,
        /// Extracting threads (default: every core); the output is the same for any number
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Input format; `auto` goes by the extension, else by the first bytes
        #[arg(long, value_enum, default_value = "auto")]
        input: InputFormat,
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
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Interactive SPARQL on the store, or on a remote one with --endpoint; PATHs are
    /// ingested first. Reads statements from a pipe too
    Repl {
        paths: Vec<String>,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Serve the store as a SPARQL 1.1 endpoint (/sparql), a graph store (/store) and a
    /// query page (/); PATHs are ingested first. Stop with Ctrl-C
    Serve(ServeArgs),
    /// Send every named graph to a remote store (SPARQL 1.1 Graph Store Protocol, PUT per
    /// graph); graphs unchanged since the last push are skipped
    Push(PushArgs),
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
    Stats {
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Follow claims through speakers, outlets, articles and time, across articles
    Trace {
        #[command(flatten)]
        args: TraceArgs,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Check the store against SHACL shapes (ontology/shapes.ttl unless --shapes is given); violations by focus node
    Validate {
        /// A Turtle file of shapes instead of claimtrace's own
        #[arg(long)]
        shapes: Option<PathBuf>,
        /// Violations listed per constraint at most
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long, value_enum, default_value = "text")]
        format: ValidateFormat,
    },
}

#[derive(Copy, Clone, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

/// What to trace and how to show it: `claimtrace trace` and the REPL's `.trace`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["speaker", "outlet", "claim"])))]
pub struct TraceArgs {
    /// Each claim by this speaker (a name, a surname, any case)
    #[arg(long)]
    pub speaker: Option<String>,
    /// Each claim this outlet carried ("BBC" takes in BBC News Russian)
    #[arg(long)]
    pub outlet: Option<String>,
    /// One claim: words of it, or its IRI
    #[arg(long)]
    pub claim: Option<String>,
    /// html: the claim page as one self-contained file, to attach or open offline
    #[arg(long, value_enum, default_value = "text")]
    pub format: trace::Format,
    /// Write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Trace at most N of the matching claims (in the order of their IRIs): an outlet that
    /// published a whole corpus carries tens of thousands
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the first N matching claims (with --limit: the next page)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
}

impl TraceArgs {
    /// Which of the matching claims to trace.
    pub fn window(&self) -> trace::Window {
        trace::Window {
            offset: self.offset,
            limit: self.limit,
        }
    }

    /// The one target clap let through.
    pub fn target(&self) -> trace::Target {
        match (&self.speaker, &self.outlet, &self.claim) {
            (Some(s), _, _) => trace::Target::Speaker(s.clone()),
            (_, Some(o), _) => trace::Target::Outlet(o.clone()),
            (_, _, Some(c)) => trace::Target::Claim(c.clone()),
            _ => unreachable!("clap requires one of --speaker, --outlet, --claim"),
        }
    }
}

/// `$XDG_DATA_HOME/claimtrace/store`, else `~/.local/share/claimtrace/store`.
pub fn default_store() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("claimtrace/store")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_input_format_has_its_text_side_name() {
        for f in InputFormat::value_variants() {
            let name = f.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(input::Format::from(*f).name(), name);
        }
        assert_eq!(
            InputFormat::value_variants().len(),
            input::Format::ALL.len()
        );
    }
}
