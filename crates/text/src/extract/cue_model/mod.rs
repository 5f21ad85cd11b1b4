//! The learned cue model: a linear model over the features of an attribution built at a word
//! the lexicon lacks (`attribution::open_cue`, `attribution::features`), deciding whether it
//! stands. Trained from PolNeAR train as an averaged perceptron ([`train`], run by
//! `examples/train_cue_model.rs`) and read from the committed weights (`data/cue-model.tsv`:
//! feature, tab, weight). A hand-written perceptron rather than a crate: the model is a hash
//! map of weights and the training loop twenty lines, while the machine-learning crates that
//! build here bring matrices, traits and dependencies for no gain.

pub mod train;

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::data::{self, DataError};

const MODEL_FILE: &str = "data/cue-model.tsv";

/// Feature weights by the hash of the feature's name; a feature absent weighs nothing.
pub struct CueModel {
    weights: FxHashMap<u64, f32>,
}

/// FNV-1a over the pieces of a feature name, as if they were one string. Hand-written, not a
/// hasher crate's: scoring hashes names given in pieces without building them, which needs a
/// hash defined byte by byte (FxHasher does not promise `write(a); write(b)` equals
/// `write(ab)`). Weights are hashed when read, so the hash never reaches a file; with 64 bits
/// and some 6,000 features a collision is about as likely as one in 10^12.
fn feature_hash(pieces: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in pieces.iter().flat_map(|p| p.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

static MODEL: LazyLock<CueModel> =
    LazyLock::new(|| data::embedded(CueModel::parse(include_str!("../../../data/cue-model.tsv"))));

#[derive(Deserialize)]
struct WeightRow {
    feature: String,
    weight: f32,
}

impl CueModel {
    /// The committed model.
    pub fn get() -> &'static CueModel {
        &MODEL
    }

    fn parse(text: &str) -> Result<CueModel, DataError> {
        let weights = data::tsv_rows::<WeightRow>(MODEL_FILE, 2, text)?
            .into_iter()
            .map(|(_, row)| (feature_hash(&[&row.feature]), row.weight))
            .collect();
        Ok(CueModel { weights })
    }

    /// The score of the features that `features` emits: above zero, the attribution stands.
    pub fn score(&self, features: impl FnOnce(&mut dyn FnMut(&[&str]))) -> f32 {
        let mut sum = 0.0;
        features(&mut |pieces: &[&str]| {
            sum += self
                .weights
                .get(&feature_hash(pieces))
                .copied()
                .unwrap_or(0.0);
        });
        sum
    }
}

/// Training: the averaged perceptron (Collins 2002), binary. Each example is the ids of its
/// features; the averaged weights generalise better than the last ones.
#[derive(Debug, Default)]
pub struct Perceptron {
    weights: Vec<f32>,
    /// Sum over updates of the update times the step it happened at, for the average.
    stamped: Vec<f32>,
    step: f32,
}

impl Perceptron {
    pub fn new(features: usize) -> Self {
        Perceptron {
            weights: vec![0.0; features],
            stamped: vec![0.0; features],
            step: 1.0,
        }
    }

    /// One pass over the examples in the order given; `positive` weighs a missed positive
    /// (above 1 trades precision for recall).
    pub fn epoch(&mut self, examples: &[(Vec<usize>, bool)], positive: f32) {
        for (features, label) in examples {
            let score: f32 = features.iter().map(|&f| self.weights[f]).sum();
            if (score > 0.0) != *label {
                let delta = if *label { positive } else { -1.0 };
                for &f in features {
                    self.weights[f] += delta;
                    self.stamped[f] += self.step * delta;
                }
            }
            self.step += 1.0;
        }
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.stamped)
            .map(|(w, s)| w - s / self.step)
            .collect()
    }
}

#[cfg(test)]
impl CueModel {
    /// The first feature of the committed file and its weight.
    fn weights_for_tests(&self) -> (String, f32) {
        let text = include_str!("../../../data/cue-model.tsv");
        let line = text
            .lines()
            .find(|l| !l.starts_with('#'))
            .expect("a weight");
        let (name, weight) = line.split_once('\t').expect("feature, tab, weight");
        (name.to_string(), weight.parse().expect("a number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_weights_read() {
        let m = CueModel::get();
        assert!(m.weights.len() > 100, "{} weights", m.weights.len());
        assert_eq!(m.score(|_| {}), 0.0);
        // A feature given in pieces is the feature of the whole name.
        let (name, weight) = m.weights_for_tests();
        assert_eq!(m.score(|f| f(&[&name[..3], &name[3..]])), weight);
    }

    /// The committed weights are what the training command makes of PolNeAR train.
    #[test]
    fn training_on_polnear_train_remakes_the_committed_weights() {
        let manifest = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        let split = std::path::Path::new(&manifest).join("../../../shared/eval/polnear/train");
        if !split.is_dir() {
            eprintln!("SKIPPED: no PolNeAR train at {}", split.display());
            return;
        }
        let (file, _) = train::weights_file(&split, train::POSITIVE_WEIGHT).expect("training");
        assert!(
            file == include_str!("../../../data/cue-model.tsv"),
            "data/cue-model.tsv is not what training makes: run examples/train_cue_model.rs"
        );
    }

    #[test]
    fn the_perceptron_learns_a_separable_rule() {
        // Feature 0 is the bias, 1 marks positives, 2 negatives; one in three is positive.
        let examples: Vec<(Vec<usize>, bool)> = (0..200)
            .map(|i| {
                let positive = i % 3 == 0;
                (vec![0, if positive { 1 } else { 2 }], positive)
            })
            .collect();
        let mut p = Perceptron::new(3);
        for _ in 0..20 {
            p.epoch(&examples, 1.0);
        }
        let w = p.averaged();
        for (f, label) in &examples {
            let score: f32 = f.iter().map(|&i| w[i]).sum();
            assert_eq!(score > 0.0, *label, "{f:?} scored {score}");
        }
    }
}
