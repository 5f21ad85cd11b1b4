//! Training the cue model from a PolNeAR split (`examples/train_cue_model.rs` is the
//! command). Every attribution the rules build at a word the lexicon lacks is an example:
//! positive when its content matches (character Jaccard >= 0.3, as `score.py` pairs them) a
//! gold statement whose cue it overlaps and which no statement of the rules alone matches, so
//! the model learns to add what the rules miss, not to repeat what they find.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::Perceptron;
use crate::article::{Article, Overrides};
use crate::extract::attribution::{Judge, Raw, Sentence};
use crate::extract::{ByteSpan, Statement, extract_with};
use crate::input::{self, Format};
use crate::offsets::CharOffsets;

/// Features met in fewer examples are dropped: they would only memorise.
const MIN_COUNT: usize = 5;
const EPOCHS: usize = 10;

/// How much a missed positive counts against a false one, in the committed model. Adding a
/// statement pays while its precision stays above half the F1 (about 0.35), so the model
/// may say yes more often than it is right.
pub const POSITIVE_WEIGHT: f32 = 2.0;

/// A gold statement: its content characters and its cue's.
struct Gold {
    content: HashSet<usize>,
    cue: HashSet<usize>,
}

/// An attribution as the model sees it, with what labelling it needs.
struct Candidate {
    features: Vec<String>,
    cue: ByteSpan,
    content: Vec<ByteSpan>,
}

/// Records every candidate and keeps none, so the statements are the rules' alone.
#[derive(Default)]
struct Recorder(Vec<Candidate>);

impl Judge for Recorder {
    fn stands(&mut self, s: &Sentence<'_, '_>, raw: &Raw) -> bool {
        let mut features = Vec::new();
        s.features(raw, &mut |pieces| features.push(pieces.concat()));
        self.0.push(Candidate {
            features,
            cue: s.t.byte_span(raw.cue_span),
            content: raw.content.iter().map(|&c| s.t.byte_span(c)).collect(),
        });
        false
    }
}

/// The statements of the rules alone, and every candidate the model could add.
fn candidates(article: &Article) -> (Vec<Statement>, Vec<Candidate>) {
    let mut recorder = Recorder::default();
    let statements = extract_with(article, &mut recorder);
    (statements, recorder.0)
}

/// The weights file (`data/cue-model.tsv`) learned from the PolNeAR split at `split`, and a
/// line of figures on the training data.
pub fn weights_file(split: &Path, positive_weight: f32) -> Result<(String, String), String> {
    let examples = examples(split)?;
    let (rows, figures) = learn(&examples, positive_weight);
    let mut out = String::new();
    out.push_str("# The cue model's weights: feature, tab, weight. Made by\n");
    out.push_str(&format!(
        "#   cargo run --release -p claimtrace-text --example train_cue_model -- SPLIT --weight {positive_weight}\n"
    ));
    out.push_str(
        "# with SPLIT = PolNeAR train (../shared/eval/polnear/train); see src/extract/cue_model/.\n",
    );
    for (feature, w) in rows {
        out.push_str(&format!("{feature}\t{w:.3}\n"));
    }
    Ok((out, figures))
}

/// Labelled examples: feature names and whether the attribution should stand.
type Examples = Vec<(Vec<String>, bool)>;

/// The examples of every document of the split.
fn examples(split: &Path) -> Result<Examples, String> {
    let mut examples = Vec::new();
    for (text_path, ann_path) in documents(split)? {
        let (article, _) = input::read_article(&text_path, Format::Auto, &Overrides::default())
            .map_err(|e| e.to_string())?;
        let ann = std::fs::read_to_string(&ann_path)
            .map_err(|e| format!("{}: {e}", ann_path.display()))?;
        let gold = gold_statements(&ann);
        let offsets = CharOffsets::new(&article.text);
        let chars = |spans: &[ByteSpan]| -> HashSet<usize> {
            spans
                .iter()
                .flat_map(|b| offsets.char_at(b.start)..offsets.char_at(b.end))
                .collect()
        };
        let (rules, candidates) = candidates(&article);
        let predicted: Vec<HashSet<usize>> = rules.iter().map(|s| chars(&s.content)).collect();
        let matched: HashSet<usize> = greedy_match(&gold, &predicted)
            .into_iter()
            .map(|(g, _)| g)
            .collect();
        for c in candidates {
            let content = chars(&c.content);
            let cue = chars(&[c.cue]);
            let positive = gold.iter().enumerate().any(|(i, g)| {
                !matched.contains(&i)
                    && jaccard(&g.content, &content) >= 0.3
                    && !g.cue.is_disjoint(&cue)
            });
            examples.push((c.features, positive));
        }
    }
    Ok(examples)
}

/// Averaged-perceptron weights by feature name.
fn learn(examples: &Examples, positive_weight: f32) -> (Vec<(String, f32)>, String) {
    let (ids, names) = feature_ids(examples);
    let mut data: Vec<(Vec<usize>, bool)> = examples
        .iter()
        .map(|(f, label)| {
            (
                f.iter().filter_map(|f| ids.get(f).copied()).collect(),
                *label,
            )
        })
        .collect();
    let positives = data.iter().filter(|(_, l)| *l).count();
    let mut p = Perceptron::new(names.len());
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..EPOCHS {
        shuffle(&mut data, &mut rng);
        p.epoch(&data, positive_weight);
    }
    let weights = p.averaged();
    let rejected = data
        .iter()
        .filter(|(f, _)| f.iter().map(|&i| weights[i]).sum::<f32>() <= 0.0);
    let (mut wrongly, mut all) = (0, 0);
    for (_, label) in rejected {
        all += 1;
        wrongly += usize::from(*label);
    }
    let figures = format!(
        "{} examples, {positives} positive, {} features; on them the model says no to {all} ({wrongly} of them positive)",
        data.len(),
        names.len(),
    );
    let mut rows: Vec<(String, f32)> = names
        .into_iter()
        .zip(weights)
        .filter(|(_, w)| w.abs() >= 0.001)
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    (rows, figures)
}

/// Each text of the split with its annotation (the first by name, as `score.py` takes it).
fn documents(split: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let read = |dir: PathBuf| -> Result<Vec<PathBuf>, String> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let mut annotation: HashMap<String, PathBuf> = HashMap::new();
    for path in read(split.join("attributions"))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // NAME_abcd.ann: the annotator's suffix follows the article's name.
        if let Some(stem) = name
            .strip_suffix(".ann")
            .and_then(|s| s.rsplit_once('_'))
            .map(|(s, _)| s)
        {
            annotation.entry(stem.to_string()).or_insert(path);
        }
    }
    let mut docs = Vec::new();
    for text in read(split.join("text"))? {
        let stem = text
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(ann) = annotation.get(&stem) {
            docs.push((text, ann.clone()));
        }
    }
    if docs.is_empty() {
        return Err(format!(
            "{}: no text/*.txt with attributions/*.ann",
            split.display()
        ));
    }
    Ok(docs)
}

/// The attributions of a brat standoff file: events joining a Content and a Cue span.
fn gold_statements(ann: &str) -> Vec<Gold> {
    let mut spans: HashMap<&str, HashSet<usize>> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() < 2 {
            continue;
        }
        if line.starts_with('T') {
            let Some((_, offsets)) = parts[1].split_once(' ') else {
                continue;
            };
            let chars = offsets
                .split(';')
                .filter_map(|p| {
                    let (a, b) = p.split_once(' ')?;
                    Some(a.parse::<usize>().ok()?..b.parse::<usize>().ok()?)
                })
                .flatten()
                .collect();
            spans.insert(parts[0], chars);
        } else if line.starts_with('E') {
            let args: HashMap<&str, &str> = parts[1]
                .split(' ')
                .filter_map(|a| a.split_once(':'))
                .collect();
            events.push(args);
        }
    }
    events
        .iter()
        .filter_map(|ev| {
            Some(Gold {
                content: spans.get(ev.get("Content")?)?.clone(),
                cue: ev
                    .get("Cue")
                    .and_then(|c| spans.get(c))
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect()
}

fn jaccard(a: &HashSet<usize>, b: &HashSet<usize>) -> f64 {
    let inter = a.intersection(b).count();
    if inter == 0 {
        return 0.0;
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// (gold, prediction) pairs, one to one by Jaccard, highest first.
fn greedy_match(gold: &[Gold], predicted: &[HashSet<usize>]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in predicted.iter().enumerate() {
            let jac = jaccard(&g.content, p);
            if jac >= 0.3 {
                pairs.push((jac, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_gold, mut used_pred, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, i, j) in pairs {
        if !used_gold.contains(&i) && !used_pred.contains(&j) {
            used_gold.insert(i);
            used_pred.insert(j);
            out.push((i, j));
        }
    }
    out
}

/// Ids for the features met in at least `MIN_COUNT` examples, and their names by id.
fn feature_ids(examples: &Examples) -> (HashMap<String, usize>, Vec<String>) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (features, _) in examples {
        for f in features {
            *count.entry(f).or_default() += 1;
        }
    }
    let mut names: Vec<String> = count
        .into_iter()
        .filter(|&(_, n)| n >= MIN_COUNT)
        .map(|(f, _)| f.to_string())
        .collect();
    names.sort();
    let ids = names
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i))
        .collect();
    (ids, names)
}

/// Fisher-Yates with xorshift: the same order on every run, no dependency for it.
fn shuffle<T>(v: &mut [T], state: &mut u64) {
    for i in (1..v.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        v.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}
