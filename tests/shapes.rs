//! Every graph claimtrace writes passes ontology/shapes.ttl under pySHACL (an independent
//! SHACL validator): the examples, the articles of the text crate's tests, and slices of BBC
//! politics and PolNeAR dev when ../shared is here; `claimtrace validate` agrees on the store. A
//! graph broken on purpose is refused by both, by focus node.

mod common;

use std::path::Path;

use common::*;

/// pySHACL on the N-Triples file `data`: (conforms, the report's text).
fn pyshacl(data: &Path) -> (bool, String) {
    let script = r#"
import sys, rdflib, pyshacl
data = rdflib.Graph().parse(sys.argv[1], format="nt")
shapes = rdflib.Graph().parse(sys.argv[2], format="turtle")
conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
print(text)
sys.exit(0 if conforms else 1)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, path_str(data)])
        .arg(repo().join("ontology/shapes.ttl"))
        .output()
        .expect("python3 runs pySHACL (scripts/setup.sh installs it)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(!text.contains("Traceback"), "pySHACL did not run: {text}");
    (out.status.success(), text)
}

fn export_ntriples(store: &Path, file: &Path) {
    let out = run(&[
        "--store",
        path_str(store),
        "export",
        "--format",
        "ntriples",
        "--output",
        path_str(file),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn every_graph_written_passes_the_shapes_and_a_broken_one_is_named() {
    let store = fresh_dir("shapes-store");
    let mut inputs = vec![
        repo().join("examples/articles"),
        repo().join("crates/text/tests/articles"),
    ];
    // A slice of each corpus, in name order, keeps pySHACL near a minute.
    for (folder, n) in [("corpora/bbc/politics", 60), ("eval/polnear/dev/text", 30)] {
        if let Some(dir) = shared(folder) {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            inputs.extend(files.into_iter().take(n));
        }
    }
    let mut args = vec!["--store", path_str(&store), "ingest"];
    args.extend(inputs.iter().map(|p| path_str(p)));
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));

    // claimtrace's own validator on the store agrees.
    let out = run(&["--store", path_str(&store), "validate"]);
    assert!(
        out.status.success() && stdout(&out).contains("conforms"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    let dir = fresh_dir("shapes-files");
    let data = dir.join("all.nt");
    export_ntriples(&store, &data);
    let (conforms, report) = pyshacl(&data);
    assert!(conforms, "the graph breaks the shapes:\n{report}");

    // A person named by a role word and a statement without its content.
    let mut broken = std::fs::read_to_string(&data).unwrap();
    broken.push_str(concat!(
        "<https://w3id.org/claimtrace/id/person/spokesman> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> .\n",
        "<https://w3id.org/claimtrace/id/person/spokesman> <http://www.w3.org/2000/01/rdf-schema#label> \"spokesman\" .\n",
        "<https://w3id.org/claimtrace/id/broken/statement> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/claimtrace/ontology#Statement> .\n",
    ));
    let bad = dir.join("broken.nt");
    std::fs::write(&bad, broken).unwrap();
    let (conforms, report) = pyshacl(&bad);
    assert!(!conforms, "a broken graph passed:\n{report}");
    assert!(
        report.contains("Focus Node: <https://w3id.org/claimtrace/id/person/spokesman>")
            && report.contains("a role word or common noun is no person's name: spokesman"),
        "{report}"
    );
    assert!(
        report.contains("Focus Node: <https://w3id.org/claimtrace/id/broken/statement>")
            && report.contains("ct:content"),
        "{report}"
    );

    // The same breakage in the store, named by `claimtrace validate` with exit code 1.
    let out = run(&[
        "--store",
        path_str(&store),
        "query",
        concat!(
            "INSERT DATA { GRAPH <urn:x-test:broken> { ",
            "<https://w3id.org/claimtrace/id/person/spokesman> a schema:Person ; rdfs:label \"spokesman\", \"Two\\nlines\" . ",
            "<https://w3id.org/claimtrace/id/broken/statement> a ct:Statement . } }"
        ),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["--store", path_str(&store), "validate"]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}{}", stderr(&out));
    let under = |focus: &str| -> String {
        report
            .split_once(&format!("<{focus}>\n"))
            .map(|(_, rest)| {
                rest.lines()
                    .take_while(|l| l.starts_with("  "))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_else(|| panic!("{focus} not named:\n{report}"))
    };
    let person = under("https://w3id.org/claimtrace/id/person/spokesman");
    assert!(
        person.contains("a role word or common noun is no person's name: spokesman")
            && person.contains("a label on one line"),
        "{person}"
    );
    let statement = under("https://w3id.org/claimtrace/id/broken/statement");
    assert!(
        statement.contains("ct:content: 0 values, at least 1 wanted"),
        "{statement}"
    );
    assert!(report.contains("does not conform: "), "{report}");
}
