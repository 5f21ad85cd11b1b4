//! Export in every format, then read it back with three parsers: Oxigraph (into a fresh store),
//! rdflib (an independent Python stack) and sophia (an independent Rust stack), and check the
//! quads are the same (isomorphic: blank nodes may be renamed).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::store::Store;
use sophia::api::source::QuadSource;
use sophia::inmem::dataset::FastDataset;
use sophia::isomorphism::isomorphic_datasets;

const FORMATS: &[(&str, &str)] = &[
    ("turtle", "ttl"),
    ("ntriples", "nt"),
    ("nquads", "nq"),
    ("trig", "trig"),
    ("rdfxml", "rdf"),
    ("jsonld", "jsonld"),
];

fn export(store: &Path, format: &str, file: &Path, graph: Option<&str>) {
    let mut args = vec![
        "--store",
        path_str(store),
        "export",
        "--format",
        format,
        "--output",
        path_str(file),
    ];
    if let Some(g) = graph {
        args.extend(["--graph", g]);
    }
    let out = run(&args);
    assert!(out.status.success(), "export {format}: {}", stderr(&out));
}

fn sophia_dataset(nquads: &str) -> FastDataset {
    sophia::turtle::parser::nq::parse_str(nquads)
        .collect_quads()
        .expect("sophia parses the N-Quads")
}

/// The file re-imported into a fresh Oxigraph store, dumped as N-Quads.
fn reimported(file: &Path, format: RdfFormat) -> String {
    let store = Store::new().unwrap();
    let data = std::fs::read(file).unwrap();
    store
        .load_from_reader(RdfParser::from_format(format), data.as_slice())
        .unwrap_or_else(|e| panic!("Oxigraph re-imports {}: {e}", file.display()));
    let mut out = Vec::new();
    store.dump_to_writer(RdfFormat::NQuads, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// rdflib parses the file and writes it back as N-Quads (a triple format into the default graph).
fn rdflib_nquads(file: &Path, format: &str) -> String {
    let script = r#"
import sys, rdflib
rdflib.NORMALIZE_LITERALS = False  # compare lexical forms as written
path, fmt = sys.argv[1], sys.argv[2]
if fmt in ("nquads", "trig", "json-ld"):
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    sys.stdout.write(ds.serialize(format="nquads"))
else:
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    sys.stdout.write(g.serialize(format="nt"))
"#;
    let rdflib_format = match format {
        "turtle" => "turtle",
        "ntriples" => "nt",
        "nquads" => "nquads",
        "trig" => "trig",
        "rdfxml" => "xml",
        "jsonld" => "json-ld",
        other => panic!("{other}"),
    };
    let out = Command::new("python3")
        .args(["-c", script, path_str(file), rdflib_format])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "rdflib cannot parse {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The named graph of the one article in `store`.
fn article_graph(store: &Path) -> String {
    let csv = stdout(&run(&[
        "--store",
        path_str(store),
        "query",
        "SELECT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle } }",
        "--results",
        "csv",
    ]));
    csv.lines().nth(1).unwrap().trim().to_string()
}

#[test]
fn every_format_round_trips_through_three_rdf_stacks() {
    let store = fresh_dir("export-store");
    let out = run(&[
        "--store",
        path_str(&store),
        "ingest",
        path_str(&repo().join("examples/articles")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = fresh_dir("export-files");

    // The reference: every quad of every graph, as N-Quads.
    let nq = dir.join("all.nq");
    export(&store, "nquads", &nq, None);
    let reference = std::fs::read_to_string(&nq).unwrap();
    assert!(reference.lines().count() > 1000);
    assert!(
        reference.contains("_:"),
        "the ontology's lists are blank nodes, so isomorphism is tested"
    );
    let all = sophia_dataset(&reference);
    // The union of graphs as triples: what triple formats carry.
    let nt = dir.join("all.nt");
    export(&store, "ntriples", &nt, None);
    let union = sophia_dataset(&std::fs::read_to_string(&nt).unwrap());

    for (format, ext) in FORMATS {
        let file = dir.join(format!("export.{ext}"));
        export(&store, format, &file, None);
        let expected = if matches!(*format, "nquads" | "trig" | "jsonld") {
            &all
        } else {
            &union
        };
        let oxi_format = RdfFormat::from_extension(ext).unwrap();
        let back = sophia_dataset(&reimported(&file, oxi_format));
        assert!(
            isomorphic_datasets(&back, expected).unwrap(),
            "{format}: Oxigraph re-import differs"
        );
        let by_rdflib = sophia_dataset(&rdflib_nquads(&file, format));
        assert!(
            isomorphic_datasets(&by_rdflib, expected).unwrap(),
            "{format}: rdflib reads something else"
        );
    }
    // JSON-LD reads as JSON: one context, compact names, plain values.
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("export.jsonld")).unwrap()).unwrap();
    assert_eq!(
        doc["@context"]["ct"],
        "https://w3id.org/claimtrace/ontology#"
    );
    let statement = doc["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["@graph"].as_array())
        .flatten()
        .find(|n| {
            n["@type"]
                .as_array()
                .is_some_and(|t| t.contains(&serde_json::json!("ct:Statement")))
        })
        .expect("a statement node with compact types");
    assert!(statement["ct:content"].is_string(), "{statement:#}");
    assert!(
        statement["ct:speaker"]["@id"]
            .as_str()
            .unwrap()
            .starts_with("ctid:")
    );
}

#[test]
fn one_graph_exports_alone_and_unknown_graphs_are_refused() {
    let store = fresh_dir("export-graph");
    assert!(
        run(&["--store", path_str(&store), "ingest", path_str(&seed())])
            .status
            .success()
    );
    let graph = article_graph(&store);
    let dir = fresh_dir("export-one");
    let file = dir.join("one.trig");
    export(&store, "trig", &file, Some(&graph));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Dmitry Peskov") || text.contains("dmitry-peskov"));
    assert!(!text.contains("graph/registry"), "only the asked graph");
    let out = run(&[
        "--store",
        path_str(&store),
        "export",
        "--graph",
        "https://w3id.org/claimtrace/id/article/nope",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no graph <https://w3id.org/claimtrace/id/article/nope>"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn canonical_export_gives_the_same_bytes_from_separate_stores() {
    let dir = fresh_dir("canonical");
    let mut outputs = Vec::new();
    for n in 0..2 {
        let store = fresh_dir(&format!("canonical-store-{n}"));
        assert!(
            run(&["--store", path_str(&store), "ingest", path_str(&seed())])
                .status
                .success()
        );
        // The article's graph, and the ontology's (its lists are blank nodes, whose labels
        // differ from store to store).
        let graphs = [
            article_graph(&store),
            "https://w3id.org/claimtrace/id/graph/ontology".to_string(),
        ];
        let mut output = String::new();
        for (g, graph) in graphs.iter().enumerate() {
            let file = dir.join(format!("{n}-{g}.nq"));
            let out = run(&[
                "--store",
                path_str(&store),
                "export",
                "--format",
                "nquads",
                "--canonical",
                "--graph",
                graph,
                "--output",
                path_str(&file),
            ]);
            assert!(out.status.success(), "{}", stderr(&out));
            output += &std::fs::read_to_string(&file).unwrap();
        }
        outputs.push(output);
    }
    assert!(
        outputs[0].contains("_:c14n0"),
        "blank nodes get canonical labels"
    );
    assert_eq!(outputs[0], outputs[1]);
    let out = run(&["--memory", "export", "--format", "turtle", "--canonical"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("N-Quads only"));
}
