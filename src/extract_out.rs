//! What `claimtrace extract` writes: for one article the indented document of FORMAT.md, for
//! many one compact document per line (JSON Lines, in input order, written as they come, for
//! jq, pandas or a Spark job), or Turtle; extraction on `jobs` threads. What cannot be read
//! is said on stderr with its input and reason, and the rest goes on.

use std::io::{self, Write};

use claimtrace_text::article::Overrides;
use claimtrace_text::extract::Statement;
use claimtrace_text::input::{Format, Record};
use claimtrace_text::json::Document;
use claimtrace_text::pipeline::{self, Extracted};
use oxigraph::io::{RdfFormat, WriterQuadSerializer};
use oxigraph::model::TripleRef;

use crate::cli::ExtractFormat;
use crate::{export, mapping};

pub struct Options {
    pub format: ExtractFormat,
    pub input: Format,
    pub overrides: Overrides,
    /// Extracting threads; 1 extracts on the caller's thread.
    pub jobs: usize,
}

/// How the inputs went.
#[derive(Debug, Default)]
pub struct Tally {
    pub articles: usize,
    pub failed: usize,
}

/// Extracts every article of `paths` and writes it to `out`; stops at the first write error
/// (a closed pipe: `extract corpus.jsonl | head`).
pub fn write(paths: &[String], options: &Options, out: &mut dyn Write) -> io::Result<Tally> {
    let mut tally = Tally::default();
    let mut failed_write = None;
    let mut writer: Box<dyn ArticleWriter + '_> = match options.format {
        ExtractFormat::Json => Box::new(JsonWriter {
            out: &mut *out,
            held: None,
            many: false,
        }),
        ExtractFormat::Turtle => Box::new(TurtleWriter {
            ids: mapping::Ids::default(),
            serializer: export::serializer(RdfFormat::Turtle).for_writer(&mut *out),
        }),
    };
    pipeline::extract_in_order(
        paths,
        options.input,
        &options.overrides,
        options.jobs,
        &mut |outcome| match outcome {
            Extracted::Article { record, statements } => {
                for w in &record.warnings {
                    eprintln!("warning: {w}");
                }
                tally.articles += 1;
                match writer.article(*record, statements) {
                    Ok(()) => true,
                    Err(e) => {
                        failed_write = Some(e);
                        false
                    }
                }
            }
            Extracted::Failed(failure) => {
                eprintln!("error: {failure}");
                tally.failed += 1;
                true
            }
        },
    );
    if let Some(e) = failed_write {
        return Err(e);
    }
    writer.finish()?;
    Ok(tally)
}

trait ArticleWriter {
    fn article(&mut self, record: Record, statements: Vec<Statement>) -> io::Result<()>;
    fn finish(self: Box<Self>) -> io::Result<()>;
}

/// JSON: the first article is held until a second shows there are many.
struct JsonWriter<'w> {
    out: &'w mut dyn Write,
    held: Option<(Record, Vec<Statement>)>,
    /// Whether lines go out as they come (a second article was seen).
    many: bool,
}

impl JsonWriter<'_> {
    fn line(&mut self, record: &Record, statements: &[Statement]) -> io::Result<()> {
        serde_json::to_writer(&mut *self.out, &Document::new(&record.article, statements))?;
        self.out.write_all(b"\n")
    }
}

impl ArticleWriter for JsonWriter<'_> {
    fn article(&mut self, record: Record, statements: Vec<Statement>) -> io::Result<()> {
        if !self.many {
            let Some((first, its)) = self.held.take() else {
                self.held = Some((record, statements));
                return Ok(());
            };
            self.many = true;
            self.line(&first, &its)?;
        }
        self.line(&record, &statements)
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if let Some((record, statements)) = self.held.take() {
            let doc = Document::new(&record.article, &statements);
            serde_json::to_writer_pretty(&mut *self.out, &doc)?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }
}

/// Turtle: one document, each article's triples as they come.
struct TurtleWriter<'w> {
    ids: mapping::Ids,
    serializer: WriterQuadSerializer<&'w mut dyn Write>,
}

impl ArticleWriter for TurtleWriter<'_> {
    fn article(&mut self, record: Record, statements: Vec<Statement>) -> io::Result<()> {
        let mapped = mapping::article_quads(&self.ids, &record.article, &statements);
        for q in mapped.quads.iter().chain(&mapped.shared) {
            self.serializer
                .serialize_triple(TripleRef::from(q.as_ref()))?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.serializer.finish()?.flush()
    }
}
