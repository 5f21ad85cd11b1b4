//! The `claimtrace` command line: parses arguments (`claimtrace::cli`), runs the command, and
//! maps its outcome to an exit code in one place, [`exit_code`]: 0 all went well, 1 some input
//! or query failed or nothing matched, 2 the command could not run. A closed pipe
//! (`claimtrace query ... | head`) ends the command quietly.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use claimtrace::cli::{
    AuthScheme, Cli, Command, ExtractFormat, Meta, PushArgs, RemoteArgs, RemoteAuth, ServeArgs,
    ValidateFormat, default_store,
};
use claimtrace::export::{self, ExportError};
use claimtrace::extract_out;
use claimtrace::ingest::{self, Severity};
use claimtrace::pages::{self, PageError};
use claimtrace::push::{self, PushError};
use claimtrace::query::{self, Outcome, QueryError, ResultsFormat};
use claimtrace::remote::{Auth, Endpoint, Failure as RemoteFailure, RemoteError, Scheme};
use claimtrace::repl::{self, Session};
use claimtrace::serve::{self, ServeError};
use claimtrace::source::{Owned, Source};
use claimtrace::store::{Store, StoreError};
use claimtrace::trace::{self, TraceError};
use claimtrace::validate::{self, ValidateError};
use claimtrace::{export::ExportFormat, queries};
use claimtrace_text::input::{self, Failure};

/// How a command that ran to its end went.
enum Done {
    AllWell,
    /// Some input or query failed, or nothing matched; the rest was done.
    SomeFailed,
}

impl Done {
    fn from_success(ok: bool) -> Self {
        if ok { Done::AllWell } else { Done::SomeFailed }
    }
}

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Trace(#[from] TraceError),
    #[error(transparent)]
    Validate(#[from] ValidateError),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error(transparent)]
    Push(#[from] PushError),
    #[error(transparent)]
    Page(#[from] PageError),
    #[error("no article could be read from {0}")]
    NothingRead(String),
    #[error("{0}")]
    Stopped(ingest::Stopped),
    #[error("cannot {action} {}: {source}", .path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{what} took longer than --timeout {seconds} s: given up")]
    TimedOut { what: &'static str, seconds: f64 },
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
}

/// The one place outcomes become exit codes.
fn exit_code(outcome: &Result<Done, Error>) -> u8 {
    match outcome {
        Ok(Done::AllWell) => 0,
        Ok(Done::SomeFailed) => 1,
        Err(e) if closed_pipe(e) => 0,
        // The user's query failed, or the name or claim is not in the store: an answer.
        Err(Error::Query(QueryError::Syntax { .. } | QueryError::Evaluation(_)))
        | Err(Error::Query(QueryError::Update(_) | QueryError::Cancelled))
        | Err(Error::TimedOut { .. })
        | Err(Error::Trace(TraceError::NoMatch { .. } | TraceError::NoClaim(_))) => 1,
        // A remote server refused the query itself (its syntax, or an update).
        Err(Error::Query(QueryError::Remote(
            RemoteError::Update
            | RemoteError::Failed {
                failure: RemoteFailure::Refused { status: 400, .. },
                ..
            },
        ))) => 1,
        Err(_) => 2,
    }
}

/// Whether `e` comes from writing to a pipe whose reader has gone (`| head`).
fn closed_pipe(e: &Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        source = s.source();
    }
    false
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = run(&cli);
    if let Err(e) = &outcome
        && !closed_pipe(e)
    {
        eprintln!("claimtrace: {e}");
    }
    let code = exit_code(&outcome);
    if repl::queries_left_behind() {
        // A cancelled query or the completion index's scan still running would be inside
        // RocksDB while it shuts down (holding the exit, or crashing it); what they read
        // needs no cleanup, and every write was committed.
        let _ = io::stdout().flush();
        // SAFETY: _exit ends the process at once; nothing after this call runs, and no
        // invariant of this process outlives it.
        #[allow(unsafe_code)]
        unsafe {
            libc::_exit(i32::from(code))
        }
    }
    ExitCode::from(code)
}

fn open_store(cli: &Cli) -> Result<Store, Error> {
    if cli.memory {
        return Ok(Store::memory()?);
    }
    let dir = cli.store.clone().unwrap_or_else(default_store);
    std::fs::create_dir_all(&dir).map_err(|source| Error::File {
        action: "create the store directory",
        path: dir.clone(),
        source,
    })?;
    Ok(Store::open(&dir)?)
}

/// The store for a command that only reads it: a store that cannot be written (a full disk,
/// a read-only folder) is opened read-only, and the user told why.
fn open_store_to_read(cli: &Cli) -> Result<Store, Error> {
    let dir = cli.store.clone().unwrap_or_else(default_store);
    if cli.memory || !dir.exists() {
        return open_store(cli);
    }
    let (store, unwritable) = Store::open_to_read(&dir)?;
    if let Some(reason) = unwritable {
        eprintln!("note: {reason}; it is opened read-only");
    }
    Ok(store)
}

fn run(cli: &Cli) -> Result<Done, Error> {
    match &cli.command {
        Command::Extract {
            paths,
            format,
            jobs,
            input,
            meta,
        } => extract(paths, *format, *jobs, (*input).into(), meta),
        Command::Ingest {
            paths,
            format,
            strict,
            jobs,
            meta,
            push,
            remote,
        } => {
            let pushing = match push {
                Some(url) => Some(push::Options {
                    graph_store: url.clone(),
                    auth: remote_auth(remote)?,
                    batch: push::BATCH,
                    parallel: push::PARALLEL,
                    since: None,
                    loading: None,
                }),
                None => None,
            };
            let store = open_store(cli)?;
            let options = ingest::Options {
                format: (*format).into(),
                overrides: meta.overrides(),
                strict: *strict,
                jobs: jobs_or_every_core(*jobs),
            };
            match pushing {
                None => Ok(Done::from_success(ingest(&store, paths, &options)?)),
                Some(pushing) => ingest_and_push(&store, paths, &options, pushing),
            }
        }
        Command::Query {
            sparql,
            file,
            name,
            results,
            remote,
        } => {
            let deadline = timeout_of(remote, None)?;
            let owned = match endpoint(remote)? {
                Some(endpoint) => Owned::Remote(endpoint),
                None => Owned::Local(open_store_to_read(cli)?),
            };
            let text = query_text(
                sparql.as_deref(),
                file.as_deref(),
                name.as_deref(),
                &owned.source(),
            )?;
            let outcome = within(deadline, "the query", move || {
                Ok(match owned.source() {
                    source @ Source::Remote(_) => source.execute(&text)?,
                    Source::Local(store) => query::execute(store, &text, &[], None)?,
                })
            })?;
            let view = query::View {
                width: repl::terminal::width(),
                max_rows: None,
            };
            let mut out = io::BufWriter::new(io::stdout().lock());
            query::render(&outcome, *results, &mut out, view)?;
            out.flush()?;
            Ok(Done::AllWell)
        }
        Command::Repl { paths, remote } => {
            let timeout = timeout_of(remote, None)?;
            if let Some(endpoint) = endpoint(remote)? {
                if !paths.is_empty() {
                    return Err(Error::Usage(
                        "repl --endpoint reads a remote store: ingest the PATHs locally, then push them".into(),
                    ));
                }
                let ok = Session::new(Source::Remote(&endpoint))
                    .with_timeout(timeout)
                    .run()?;
                return Ok(Done::from_success(ok));
            }
            let store = if paths.is_empty() {
                open_store_to_read(cli)?
            } else {
                open_store(cli)?
            };
            let mut ok = true;
            if !paths.is_empty() {
                ok &= ingest(&store, paths, &ingest::Options::default())?;
            }
            ok &= Session::new(Source::Local(&store))
                .with_timeout(timeout)
                .run()?;
            Ok(Done::from_success(ok))
        }
        Command::Serve(args) => {
            let options = serve_options(args)?;
            let store = open_store(cli)?;
            let ok =
                args.paths.is_empty() || ingest(&store, &args.paths, &ingest::Options::default())?;
            serve::serve(store, options)?;
            Ok(Done::from_success(ok))
        }
        Command::Push(args) => {
            let options = push_options(args)?;
            let store = open_store(cli)?;
            let progress = Progress::new();
            progress.bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} graphs {msg}")
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            let summary = push::push(&store, &options, &mut |done, total| {
                progress.bar.set_length(total as u64);
                progress.bar.set_position(done as u64);
            });
            progress.bar.finish_and_clear();
            let summary = summary?;
            report_pushed(&summary);
            Ok(Done::from_success(summary.refused.is_empty()))
        }
        Command::Export {
            format,
            graph,
            output,
            canonical,
        } => {
            if *canonical && *format != ExportFormat::Nquads {
                return Err(ExportError::CanonicalNeedsNquads.into());
            }
            let store = open_store_to_read(cli)?;
            export_to(
                &store,
                *format,
                graph.as_deref(),
                output.as_deref(),
                *canonical,
            )
        }
        Command::Trace { args, remote } => {
            let deadline = timeout_of(remote, None)?;
            let owned = match endpoint(remote)? {
                Some(endpoint) => Owned::Remote(endpoint),
                None => Owned::Local(open_store_to_read(cli)?),
            };
            let (target, window, format) = (args.target(), args.window(), args.format);
            // Traced and rendered in memory before anything is written: a trace given up
            // at its deadline leaves no half-written page.
            let page = within(deadline, "the trace", move || {
                let source = owned.source();
                let t = trace::trace_window(source, &target, window)?;
                let mut page = Vec::new();
                pages::render(source, &t, format, &mut page)?;
                Ok(page)
            })?;
            match &args.output {
                Some(path) => std::fs::write(path, &page).map_err(|source| Error::File {
                    action: "write",
                    path: path.clone(),
                    source,
                })?,
                None => io::stdout().lock().write_all(&page)?,
            }
            Ok(Done::AllWell)
        }
        Command::Validate {
            shapes,
            limit,
            format,
        } => {
            let text = match shapes {
                Some(path) => std::fs::read_to_string(path).map_err(|source| Error::File {
                    action: "read the shapes",
                    path: path.clone(),
                    source,
                })?,
                None => validate::SHAPES.to_string(),
            };
            let checks = validate::compile(&text).map_err(ValidateError::from)?;
            let store = open_store_to_read(cli)?;
            let report = validate::validate(&store, &checks, *limit)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            match format {
                ValidateFormat::Text => validate::render_text(&report, &mut out)?,
                ValidateFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &report).map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
            Ok(Done::from_success(report.conforms()))
        }
        Command::Stats { remote } => {
            let owned = match endpoint(remote)? {
                Some(endpoint) => Owned::Remote(endpoint),
                None => Owned::Local(open_store_to_read(cli)?),
            };
            let source = owned.source();
            let stats = source.named_query("stats")?.expect("built in");
            let outcome: Outcome = match source {
                Source::Remote(_) => source.execute(stats)?,
                Source::Local(store) => query::execute(store, stats, &[], None)?,
            };
            let mut out = io::stdout().lock();
            query::render(
                &outcome,
                ResultsFormat::Table,
                &mut out,
                query::View::default(),
            )?;
            Ok(Done::AllWell)
        }
    }
}

/// The server's options from its arguments; the update token is read from the environment.
fn serve_options(args: &ServeArgs) -> Result<serve::Options, Error> {
    let update_token = match &args.token_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(token) if !token.trim().is_empty() => Some(token.trim().to_string()),
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "--token-env {var}: the variable is empty"
                )));
            }
            Err(_) => {
                return Err(Error::Usage(format!(
                    "--token-env {var}: no such environment variable (set it to the token clients will send)"
                )));
            }
        },
    };
    if !(args.timeout.is_finite() && args.timeout >= 0.0) {
        return Err(Error::Usage(format!(
            "--timeout {}: give seconds, 0 for none",
            args.timeout
        )));
    }
    Ok(serve::Options {
        bind: args.bind,
        timeout: (args.timeout > 0.0).then(|| Duration::from_secs_f64(args.timeout)),
        max_rows: args.max_rows,
        update_token,
        cors: args.cors.clone(),
    })
}

/// The push's options from its arguments; secrets are read from the environment.
fn push_options(args: &PushArgs) -> Result<push::Options, Error> {
    let auth = remote_auth(&args.auth)?;
    let graph_store = match (&args.graph_store, &args.endpoint) {
        (Some(url), _) => url.clone(),
        (None, Some(endpoint)) => sibling_store(endpoint).ok_or_else(|| {
            Error::Usage(format!(
                "--endpoint {endpoint}: cannot tell its graph store; give --graph-store URL"
            ))
        })?,
        (None, None) => unreachable!("clap requires one of them"),
    };
    let loading = args.loading.chosen();
    if loading == Some(push::Loading::Bulk)
        && !claimtrace::remote::GraphStore::new(&graph_store, Auth::None).can_load_in_bulk()
    {
        return Err(Error::Usage(format!(
            "--loading bulk: {graph_store} is not an Oxigraph server's /store (give --loading put)"
        )));
    }
    Ok(push::Options {
        graph_store,
        auth,
        batch: args.batch,
        parallel: args.parallel,
        since: args.since,
        loading,
    })
}

/// The credentials of `args`, their secrets read from the environment.
fn remote_auth(args: &RemoteAuth) -> Result<Auth, Error> {
    let secret = |flag: &str, var: &str| match std::env::var(var) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_string()),
        Ok(_) => Err(Error::Usage(format!("{flag} {var}: the variable is empty"))),
        Err(_) => Err(Error::Usage(format!(
            "{flag} {var}: no such environment variable"
        ))),
    };
    Ok(match (&args.user, &args.password_env, &args.token_env) {
        (Some(user), Some(var), _) => Auth::Password {
            user: user.clone(),
            password: secret("--password-env", var)?,
            scheme: match args.auth {
                Some(AuthScheme::Basic) => Scheme::Basic,
                Some(AuthScheme::Digest) => Scheme::Digest,
                None => Scheme::Challenged,
            },
        },
        (_, _, Some(var)) => Auth::Bearer(secret("--token-env", var)?),
        _ => Auth::None,
    })
}

/// The remote endpoint `args` name, if any.
fn endpoint(args: &RemoteArgs) -> Result<Option<Endpoint>, Error> {
    let Some(url) = &args.endpoint else {
        return Ok(None);
    };
    let timeout = timeout_of(args, Some(REMOTE_TIMEOUT))?;
    Ok(Some(Endpoint::new(url, remote_auth(&args.auth)?, timeout)))
}

/// Seconds a remote request is given when `--timeout` does not say.
const REMOTE_TIMEOUT: f64 = 300.0;

/// `--timeout`, else `default`, checked: `None` for no limit (none given, or 0).
fn timeout_of(args: &RemoteArgs, default: Option<f64>) -> Result<Option<Duration>, Error> {
    let Some(seconds) = args.timeout.or(default) else {
        return Ok(None);
    };
    if !(seconds.is_finite() && seconds >= 0.0) {
        return Err(Error::Usage(format!(
            "--timeout {seconds}: give seconds, 0 for none"
        )));
    }
    Ok((seconds > 0.0).then(|| Duration::from_secs_f64(seconds)))
}

/// Runs `work` on a thread of its own and waits for it, for at most `deadline`. Past it the
/// work is left behind, still reading: `main` then ends the process without waiting for it
/// (nothing it reads needs cleaning up), so no thread outlives the answer.
fn within<T: Send + 'static>(
    deadline: Option<Duration>,
    what: &'static str,
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let Some(limit) = deadline else {
        return work();
    };
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    match rx.recv_timeout(limit) {
        Ok(done) => done,
        Err(RecvTimeoutError::Timeout) => {
            repl::leave_behind();
            Err(Error::TimedOut {
                what,
                seconds: limit.as_secs_f64(),
            })
        }
        // The worker ended without an answer: it panicked, and so does this thread.
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("a worker that returns has sent its answer"),
        },
    }
}

/// `http://host/query` -> `http://host/store`: where Oxigraph and `serve` keep their graph
/// store beside their SPARQL endpoint.
fn sibling_store(endpoint: &str) -> Option<String> {
    let (scheme, rest) = endpoint.split_once("://")?;
    let rest = rest.split(['?', '#']).next()?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let parent = path
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("", |(p, _)| p);
    let parent = if parent.is_empty() {
        String::new()
    } else {
        format!("/{parent}")
    };
    Some(format!("{scheme}://{authority}{parent}/store"))
}

/// The SPARQL text of `query`: given, read from a file, or a named query.
fn query_text(
    sparql: Option<&str>,
    file: Option<&std::path::Path>,
    name: Option<&str>,
    source: &Source<'_>,
) -> Result<String, Error> {
    match (sparql, file, name) {
        (Some(q), _, _) => Ok(q.to_string()),
        (_, Some(f), _) => std::fs::read_to_string(f).map_err(|source| Error::File {
            action: "read",
            path: f.to_path_buf(),
            source,
        }),
        (_, _, Some(n)) => source.named_query(n)?.map(str::to_string).ok_or_else(|| {
            Error::Usage(format!(
                "no query named {n:?}; known: {}",
                queries::names().join(", ")
            ))
        }),
        _ => Err(Error::Usage(
            "give a query, --file F.rq or --name NAME".into(),
        )),
    }
}

fn export_to(
    store: &Store,
    format: ExportFormat,
    graph: Option<&str>,
    output: Option<&std::path::Path>,
    canonical: bool,
) -> Result<Done, Error> {
    let mut sink: Box<dyn Write> = match output {
        Some(p) => Box::new(io::BufWriter::new(std::fs::File::create(p).map_err(
            |source| Error::File {
                action: "write",
                path: p.to_path_buf(),
                source,
            },
        )?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let n = if canonical {
        export::export_canonical(store, graph, &mut sink)
    } else {
        export::export(store, format, graph, &mut sink)
    }?;
    sink.flush()?;
    if let Some(p) = output {
        let what = if format.rdf_format().supports_datasets() {
            "quads"
        } else {
            "triples"
        };
        eprintln!("exported {n} {what} to {}", p.display());
    }
    Ok(Done::AllWell)
}

/// `--jobs`, else as many threads as cores.
fn jobs_or_every_core(jobs: Option<u16>) -> usize {
    jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    )
}

fn extract(
    paths: &[String],
    format: ExtractFormat,
    jobs: Option<u16>,
    input: input::Format,
    meta: &Meta,
) -> Result<Done, Error> {
    let options = extract_out::Options {
        format,
        input,
        overrides: meta.overrides(),
        jobs: jobs_or_every_core(jobs),
    };
    let tally = extract_out::write(
        paths,
        &options,
        &mut io::BufWriter::new(io::stdout().lock()),
    )?;
    if tally.articles == 0 {
        return Err(Error::NothingRead(paths.join(", ")));
    }
    Ok(Done::from_success(tally.failed == 0))
}

/// Ingests every input, reporting failures as they happen and a summary line at the end.
/// Returns whether nothing failed; an error when the store could not be written.
fn ingest(store: &Store, paths: &[String], options: &ingest::Options) -> Result<bool, Error> {
    let mut progress = Progress::new();
    let summary = ingest::ingest(store, paths, options, &mut progress);
    progress.bar.finish_and_clear();
    eprintln!("{summary}");
    match summary.stopped {
        Some(stopped) => Err(Error::Stopped(stopped)),
        None => Ok(summary.failures.is_empty()),
    }
}

/// `ingest --push`: articles pushed as they are committed, the shared graphs at the end.
fn ingest_and_push(
    store: &Store,
    paths: &[String],
    options: &ingest::Options,
    pushing: push::Options,
) -> Result<Done, Error> {
    let mut progress = Progress::new();
    let mut observer = push::AsStored::new(&mut progress, pushing);
    let summary = ingest::ingest(store, paths, options, &mut observer);
    let pushed = observer.finish(store);
    progress.bar.finish_and_clear();
    eprintln!("{summary}");
    let pushed = pushed?;
    report_pushed(&pushed);
    if let Some(stopped) = summary.stopped {
        return Err(Error::Stopped(stopped));
    }
    Ok(Done::from_success(
        summary.failures.is_empty() && pushed.refused.is_empty(),
    ))
}

/// The graphs a push had refused, and its summary line.
fn report_pushed(summary: &push::Summary) {
    // A few graphs per reason: a server refusing every graph would fill the screen.
    const NAMED: usize = 5;
    for refusal in summary.refusals() {
        let count = refusal.graphs.len();
        let named = refusal.graphs[..count.min(NAMED)].join(", ");
        let more = if count > NAMED {
            format!(" and {} more", count - NAMED)
        } else {
            String::new()
        };
        eprintln!(
            "claimtrace push: {count} graph{} refused with {}: {} ({named}{more})",
            if count == 1 { "" } else { "s" },
            refusal.status,
            refusal.message
        );
    }
    eprintln!("{summary}");
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

    fn report(&mut self, severity: Severity, failure: &Failure) {
        self.bar.suspend(|| eprintln!("{severity}: {failure}"));
    }
}
