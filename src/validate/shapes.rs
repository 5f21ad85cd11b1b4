//! SHACL shapes compiled to SPARQL: one SELECT per constraint, answering the focus nodes
//! that break it, so the store is checked in place however big it is.
//!
//! The part of SHACL Core that `ontology/shapes.ttl` uses, plus SHACL-SPARQL's `sh:select`:
//! targets by `sh:targetClass` and through `sh:node` (the value nodes of a property whose
//! values must conform to another shape, and the focus nodes of a shape that requires
//! another); paths that are an IRI or `sh:inversePath`; `sh:minCount`, `sh:maxCount`,
//! `sh:datatype`, `sh:nodeKind`, `sh:class`, `sh:in`, `sh:pattern`, `sh:minInclusive`,
//! `sh:maxInclusive`, `sh:lessThanOrEquals`, `sh:or`; `sh:message`. A shape using anything
//! else is refused by name rather than half checked.
//!
//! A value that breaks a nested shape (`sh:node`) is reported with itself as the focus node,
//! where pySHACL names the node that refers to it: it is the node to fix.

use std::collections::HashMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Graph, NamedNodeRef, NamedOrBlankNode, Term, TermRef};

/// One constraint as a query: its solutions bind `?this` (the focus node), maybe `?value`.
pub struct Check {
    /// The shape, as written in the shapes file (`cts:Statement`).
    pub shape: String,
    /// The property path, when the constraint is on one.
    pub path: Option<String>,
    /// The message for a violation: the shape's `sh:message`, or what the constraint wants.
    /// `{?var}` takes the value of `?var` in the solution (SHACL-SPARQL).
    pub message: String,
    pub sparql: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ShapesError {
    #[error("the shapes are not Turtle: {0}")]
    Syntax(String),
    #[error("shape {shape}: {what} is not supported by `claimtrace validate`")]
    Unsupported { shape: String, what: String },
    #[error("shape {shape}: {what}")]
    Malformed { shape: String, what: String },
}

const SH: &str = "http://www.w3.org/ns/shacl#";
/// Nesting of `sh:node` references followed before giving up (a cycle of shapes).
const MAX_DEPTH: usize = 6;

fn sh(local: &str) -> String {
    format!("{SH}{local}")
}

/// The constraints of shapes `ttl`, as queries.
pub fn compile(ttl: &str) -> Result<Vec<Check>, ShapesError> {
    let mut graph = Graph::new();
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
        let quad = t.map_err(|e| ShapesError::Syntax(e.to_string()))?;
        graph.insert(quad.as_ref());
    }
    let shapes = Shapes::read(&graph)?;
    let mut checks = Vec::new();
    for name in shapes.order.iter() {
        let shape = &shapes.by_name[name];
        let Some(focus) = shapes.focus(name, "?this", 0)? else {
            continue;
        };
        // Each focus node once: a speaker is reached through each of its statements.
        let focus = format!("{{ SELECT DISTINCT ?this WHERE {focus} }}");
        for c in &shape.node_constraints {
            checks.push(c.check(name, None, "?this", &focus, &shapes.prefixes)?);
        }
        for p in &shape.properties {
            for c in &p.constraints {
                checks.push(c.check(name, Some(&p.path), "?this", &focus, &shapes.prefixes)?);
            }
        }
    }
    Ok(checks)
}

/// A property path as SPARQL (`<p>` or `^<p>`), and as written for people.
#[derive(Clone)]
struct Path {
    sparql: String,
    shown: String,
}

#[derive(Clone)]
enum Constraint {
    MinCount(u64, Option<String>),
    MaxCount(u64, Option<String>),
    /// A test on each value node: a SPARQL expression over `?value` that holds when it
    /// conforms, and what it wants.
    Value {
        holds: String,
        wants: String,
        message: Option<String>,
    },
    LessThanOrEquals(String, Option<String>),
    Sparql {
        select: String,
        message: Option<String>,
    },
}

struct PropertyShape {
    path: Path,
    constraints: Vec<Constraint>,
    /// Shapes every value node must conform to.
    nodes: Vec<String>,
}

#[derive(Default)]
struct NodeShape {
    target_classes: Vec<String>,
    node_constraints: Vec<Constraint>,
    /// Shapes the focus nodes must conform to too.
    nodes: Vec<String>,
    properties: Vec<PropertyShape>,
}

struct Shapes {
    by_name: HashMap<String, NodeShape>,
    /// Shape names in a stable order.
    order: Vec<String>,
    /// PREFIX lines for SHACL-SPARQL queries (`sh:prefixes`).
    prefixes: String,
}

impl Shapes {
    fn read(g: &Graph) -> Result<Self, ShapesError> {
        let reader = Reader { g };
        let node_shape = sh("NodeShape");
        let mut subjects: Vec<(String, NamedOrBlankNode)> = g
            .subjects_for_predicate_object(rdf::TYPE, NamedNodeRef::new_unchecked(&node_shape))
            .map(|s| (s.to_string(), s.into_owned()))
            .collect();
        subjects.sort_by(|a, b| a.0.cmp(&b.0));
        let mut by_name = HashMap::new();
        let mut prefixes = String::new();
        for (name, subject) in &subjects {
            let shape = reader.node_shape(name, subject, &mut prefixes)?;
            by_name.insert(name.clone(), shape);
        }
        let order = subjects.into_iter().map(|(name, _)| name).collect();
        Ok(Shapes {
            by_name,
            order,
            prefixes,
        })
    }

    /// A SPARQL group binding `var` to the focus nodes of shape `name`: its targets, and the
    /// nodes that other shapes require to conform to it. None when nothing targets it.
    fn focus(&self, name: &str, var: &str, depth: usize) -> Result<Option<String>, ShapesError> {
        if depth > MAX_DEPTH {
            return Err(ShapesError::Unsupported {
                shape: name.to_string(),
                what: "a cycle of sh:node references".into(),
            });
        }
        let mut parts: Vec<String> = self.by_name[name]
            .target_classes
            .iter()
            .map(|c| format!("{{ {var} a/rdfs:subClassOf* {c} }}"))
            .collect();
        let outer = format!("?focus{depth}");
        for other in &self.order {
            let s = &self.by_name[other];
            if s.nodes.iter().any(|n| n == name)
                && let Some(f) = self.focus(other, var, depth + 1)?
            {
                parts.push(f);
            }
            for p in s
                .properties
                .iter()
                .filter(|p| p.nodes.iter().any(|n| n == name))
            {
                if let Some(f) = self.focus(other, &outer, depth + 1)? {
                    parts.push(format!("{{ {f} {outer} {} {var} }}", p.path.sparql));
                }
            }
        }
        Ok((!parts.is_empty()).then(|| format!("{{ {} }}", parts.join(" UNION "))))
    }
}

struct Reader<'g> {
    g: &'g Graph,
}

impl<'g> Reader<'g> {
    fn objects(&self, s: &NamedOrBlankNode, local: &str) -> Vec<TermRef<'g>> {
        let p = sh(local);
        self.g
            .objects_for_subject_predicate(s, NamedNodeRef::new_unchecked(&p))
            .collect()
    }

    fn one(&self, s: &NamedOrBlankNode, local: &str) -> Option<TermRef<'g>> {
        self.objects(s, local).into_iter().next()
    }

    fn list(&self, head: TermRef<'g>) -> Vec<TermRef<'g>> {
        let mut items = Vec::new();
        let mut node = head;
        while let Some(s) = as_subject(node) {
            let Some(first) = self.g.object_for_subject_predicate(&s, rdf::FIRST) else {
                break;
            };
            items.push(first);
            match self.g.object_for_subject_predicate(&s, rdf::REST) {
                Some(rest) => node = rest,
                None => break,
            }
        }
        items
    }

    fn node_shape(
        &self,
        name: &str,
        s: &NamedOrBlankNode,
        prefixes: &mut String,
    ) -> Result<NodeShape, ShapesError> {
        let mut shape = NodeShape {
            target_classes: self
                .objects(s, "targetClass")
                .iter()
                .map(ToString::to_string)
                .collect(),
            nodes: self
                .objects(s, "node")
                .iter()
                .map(ToString::to_string)
                .collect(),
            ..NodeShape::default()
        };
        let message = self.one(s, "message").map(|m| literal_text(m));
        shape.node_constraints = self.value_constraints(name, s, message.as_deref())?;
        for sparql in self.objects(s, "sparql") {
            let c = as_subject(sparql).ok_or_else(|| malformed(name, "sh:sparql is no node"))?;
            let select = self
                .one(&c, "select")
                .map(literal_text)
                .ok_or_else(|| malformed(name, "sh:sparql without sh:select"))?;
            for p in self.objects(&c, "prefixes") {
                prefixes.push_str(&self.declarations(name, p)?);
            }
            shape.node_constraints.push(Constraint::Sparql {
                select,
                message: self.one(&c, "message").map(literal_text),
            });
        }
        for p in self.objects(s, "property") {
            let ps = as_subject(p).ok_or_else(|| malformed(name, "sh:property is no node"))?;
            shape.properties.push(self.property_shape(name, &ps)?);
        }
        Ok(shape)
    }

    /// `PREFIX` lines of the `sh:declare`s of `holder`.
    fn declarations(&self, name: &str, holder: TermRef<'g>) -> Result<String, ShapesError> {
        let holder = as_subject(holder).ok_or_else(|| malformed(name, "bad sh:prefixes"))?;
        let mut out = String::new();
        for d in self.objects(&holder, "declare") {
            let d = as_subject(d).ok_or_else(|| malformed(name, "bad sh:declare"))?;
            match (self.one(&d, "prefix"), self.one(&d, "namespace")) {
                (Some(p), Some(ns)) => {
                    out.push_str(&format!(
                        "PREFIX {}: <{}>\n",
                        literal_text(p),
                        literal_text(ns)
                    ));
                }
                _ => return Err(malformed(name, "sh:declare without prefix and namespace")),
            }
        }
        Ok(out)
    }

    fn property_shape(
        &self,
        name: &str,
        s: &NamedOrBlankNode,
    ) -> Result<PropertyShape, ShapesError> {
        let path = self.path(name, s)?;
        let message = self.one(s, "message").map(literal_text);
        let mut constraints = Vec::new();
        for (local, min) in [("minCount", true), ("maxCount", false)] {
            if let Some(n) = self.one(s, local) {
                let n: u64 = literal_text(n)
                    .parse()
                    .map_err(|_| malformed(name, &format!("sh:{local} is no count")))?;
                constraints.push(if min {
                    Constraint::MinCount(n, message.clone())
                } else {
                    Constraint::MaxCount(n, message.clone())
                });
            }
        }
        if let Some(other) = self.one(s, "lessThanOrEquals") {
            constraints.push(Constraint::LessThanOrEquals(
                other.to_string(),
                message.clone(),
            ));
        }
        constraints.extend(self.value_constraints(name, s, message.as_deref())?);
        Ok(PropertyShape {
            path,
            constraints,
            nodes: self
                .objects(s, "node")
                .iter()
                .map(ToString::to_string)
                .collect(),
        })
    }

    fn path(&self, name: &str, s: &NamedOrBlankNode) -> Result<Path, ShapesError> {
        let path = self
            .one(s, "path")
            .ok_or_else(|| malformed(name, "a property shape without sh:path"))?;
        if let TermRef::NamedNode(p) = path {
            return Ok(Path {
                sparql: p.to_string(),
                shown: p.to_string(),
            });
        }
        let inverse = as_subject(path).and_then(|b| self.one(&b, "inversePath"));
        match inverse {
            Some(TermRef::NamedNode(p)) => Ok(Path {
                sparql: format!("^{p}"),
                shown: format!("^{p}"),
            }),
            _ => Err(ShapesError::Unsupported {
                shape: name.to_string(),
                what: format!("the path {path}"),
            }),
        }
    }

    /// The constraints of `s` on each value node, `sh:or` included.
    fn value_constraints(
        &self,
        name: &str,
        s: &NamedOrBlankNode,
        message: Option<&str>,
    ) -> Result<Vec<Constraint>, ShapesError> {
        let mut out: Vec<Constraint> = self
            .value_tests(name, s)?
            .into_iter()
            .map(|(holds, wants)| Constraint::Value {
                holds,
                wants,
                message: message.map(str::to_string),
            })
            .collect();
        for alternatives in self.objects(s, "or") {
            let mut holds = Vec::new();
            let mut wants = Vec::new();
            for alt in self.list(alternatives) {
                let alt = as_subject(alt).ok_or_else(|| malformed(name, "bad sh:or"))?;
                let tests = self.value_tests(name, &alt)?;
                if tests.is_empty() {
                    return Err(ShapesError::Unsupported {
                        shape: name.to_string(),
                        what: "an sh:or alternative without a value constraint".into(),
                    });
                }
                holds.push(format!(
                    "({})",
                    tests
                        .iter()
                        .map(|t| t.0.as_str())
                        .collect::<Vec<_>>()
                        .join(" && ")
                ));
                wants.extend(tests.into_iter().map(|t| t.1));
            }
            out.push(Constraint::Value {
                holds: holds.join(" || "),
                wants: format!("one of: {}", wants.join("; ")),
                message: message.map(str::to_string),
            });
        }
        Ok(out)
    }

    /// SPARQL tests (and what each wants) for the value constraints of `s` but `sh:or`.
    fn value_tests(
        &self,
        name: &str,
        s: &NamedOrBlankNode,
    ) -> Result<Vec<(String, String)>, ShapesError> {
        let mut tests = Vec::new();
        for d in self.objects(s, "datatype") {
            tests.push((
                format!("(isLiteral(?value) && DATATYPE(?value) = {d})"),
                format!("a literal of type {d}"),
            ));
        }
        for k in self.objects(s, "nodeKind") {
            let test = match k.to_string().trim_start_matches('<').trim_end_matches('>') {
                x if x == sh("IRI") => "isIRI(?value)",
                x if x == sh("BlankNode") => "isBlank(?value)",
                x if x == sh("Literal") => "isLiteral(?value)",
                _ => {
                    return Err(ShapesError::Unsupported {
                        shape: name.to_string(),
                        what: format!("sh:nodeKind {k}"),
                    });
                }
            };
            tests.push((test.to_string(), format!("node kind {k}")));
        }
        for c in self.objects(s, "class") {
            tests.push((
                format!("EXISTS {{ ?value a/rdfs:subClassOf* {c} }}"),
                format!("an instance of {c}"),
            ));
        }
        for list in self.objects(s, "in") {
            let items: Vec<String> = self.list(list).iter().map(ToString::to_string).collect();
            tests.push((
                format!("?value IN ({})", items.join(", ")),
                format!("one of {}", items.join(", ")),
            ));
        }
        for p in self.objects(s, "pattern") {
            let flags = self
                .one(s, "flags")
                .map(|f| format!(", {f}"))
                .unwrap_or_default();
            tests.push((
                format!("(!isBlank(?value) && REGEX(STR(?value), {p}{flags}))"),
                format!("to match {p}"),
            ));
        }
        for (local, op, word) in [
            ("minInclusive", ">=", "at least"),
            ("maxInclusive", "<=", "at most"),
        ] {
            if let Some(bound) = self.one(s, local) {
                tests.push((
                    format!("(?value {op} {bound})"),
                    format!("{word} {}", literal_text(bound)),
                ));
            }
        }
        for unsupported in [
            "qualifiedValueShape",
            "and",
            "not",
            "xone",
            "closed",
            "hasValue",
        ] {
            if self.one(s, unsupported).is_some() {
                return Err(ShapesError::Unsupported {
                    shape: name.to_string(),
                    what: format!("sh:{unsupported}"),
                });
            }
        }
        Ok(tests)
    }
}

impl Constraint {
    fn check(
        &self,
        shape: &str,
        path: Option<&Path>,
        this: &str,
        focus: &str,
        prefixes: &str,
    ) -> Result<Check, ShapesError> {
        // A constraint of the shape itself is on the focus node as its own value.
        let values = match path {
            Some(p) => format!("{this} {} ?value .", p.sparql),
            None => format!("BIND({this} AS ?value)"),
        };
        let shown = path.map(|p| p.shown.clone());
        let on = shown.as_deref().unwrap_or("the node");
        let (sparql, message) = match self {
            Constraint::MinCount(n, message) => (
                format!(
                    "SELECT ?this (COUNT(DISTINCT ?v) AS ?count) WHERE {{ {focus} OPTIONAL {{ {this} {} ?v }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})",
                    path_sparql(shape, path)?
                ),
                message
                    .clone()
                    .unwrap_or(format!("{on}: {{?count}} values, at least {n} wanted")),
            ),
            Constraint::MaxCount(n, message) => (
                format!(
                    "SELECT ?this (COUNT(DISTINCT ?v) AS ?count) WHERE {{ {focus} {this} {} ?v }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})",
                    path_sparql(shape, path)?
                ),
                message
                    .clone()
                    .unwrap_or(format!("{on}: {{?count}} values, at most {n} wanted")),
            ),
            Constraint::Value {
                holds,
                wants,
                message,
            } => (
                format!(
                    "SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} FILTER(!({holds})) }}"
                ),
                message
                    .clone()
                    .unwrap_or(format!("{on}: the value is not {wants}")),
            ),
            Constraint::LessThanOrEquals(other, message) => (
                format!(
                    "SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} {this} {other} ?other FILTER(!(?value <= ?other)) }}"
                ),
                message
                    .clone()
                    .unwrap_or(format!("{on}: greater than its {other}")),
            ),
            Constraint::Sparql { select, message } => (
                format!("{prefixes}SELECT * WHERE {{ {focus} {{ {select} }} }}"),
                message
                    .clone()
                    .unwrap_or_else(|| "breaks a SPARQL constraint".into()),
            ),
        };
        Ok(Check {
            shape: shape.to_string(),
            path: shown,
            message,
            sparql: format!("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n{sparql}"),
        })
    }
}

fn path_sparql(shape: &str, path: Option<&Path>) -> Result<String, ShapesError> {
    path.map(|p| p.sparql.clone())
        .ok_or_else(|| malformed(shape, "a count without a path"))
}

fn malformed(shape: &str, what: &str) -> ShapesError {
    ShapesError::Malformed {
        shape: shape.to_string(),
        what: what.to_string(),
    }
}

fn as_subject(t: TermRef<'_>) -> Option<NamedOrBlankNode> {
    match t {
        TermRef::NamedNode(n) => Some(n.into_owned().into()),
        TermRef::BlankNode(b) => Some(b.into_owned().into()),
        _ => None,
    }
}

/// The lexical form of a literal (or the text of another term).
fn literal_text(t: TermRef<'_>) -> String {
    match t {
        TermRef::Literal(l) => l.value().to_string(),
        other => Term::from(other).to_string(),
    }
}
