//! Deterministic simulation testing: run one scenario (usually a swarm seed) with every invariant checked after every
//! event, then judge the end-to-end guarantees Kafka documents; count which faults and Kafka outcomes it exercised.
//!
//! Models: nothing in Kafka; TigerBeetle's VOPR and FoundationDB's simulation (one seed → one reproducible run,
//! failures kept as regressions). Used by `tests/dst` and by `kafka-playground swarm`.
//!
//! The end-of-run properties:
//! - `acks-all-no-loss`: with `acks=all`, `min.insync.replicas` ≥ 2 and no unclean election, no acknowledged record
//!   is missing from the final log (replication design, KIP-101).
//! - `idempotent-no-duplicates`: an idempotent producer leaves no record twice in a partition log, and none after a
//!   later-sent record of the same partition (KIP-98 sequence numbers).

use super::trace::TraceEvent;
use super::Sim;
use crate::scenario::{codec, Scenario};
use std::collections::BTreeMap;

/// What broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The invariant or property (`committed-offsets-monotonic`, `idempotent-no-duplicates`, ...).
    pub property: String,
    /// Virtual time, µs (the end of the run for end-of-run properties).
    pub at_us: u64,
    /// What exactly.
    pub detail: String,
}

/// How often each fault was scheduled and each Kafka outcome happened, over one or many runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Runs counted.
    pub runs: u64,
    /// Scheduled actions by `type` (the swarm's fault phase and its healing phase).
    pub faults: BTreeMap<&'static str, u64>,
    /// Kafka outcomes by name (`isr_shrunk`, `unclean_election`, `duplicate_batch_dropped`, ...): occurrences.
    pub outcomes: BTreeMap<&'static str, u64>,
    /// The same outcomes: runs in which each happened at least once.
    pub outcome_runs: BTreeMap<&'static str, u64>,
}

impl Coverage {
    /// Adds another run's (or runner's) counts.
    pub fn merge(&mut self, o: &Coverage) {
        self.runs += o.runs;
        for (k, v) in &o.faults {
            *self.faults.entry(k).or_default() += v;
        }
        for (k, v) in &o.outcomes {
            *self.outcomes.entry(k).or_default() += v;
        }
        for (k, v) in &o.outcome_runs {
            *self.outcome_runs.entry(k).or_default() += v;
        }
    }

    fn outcome(&mut self, name: &'static str) {
        *self.outcomes.entry(name).or_default() += 1;
    }

    /// Occurrences of an outcome.
    pub fn count(&self, name: &str) -> u64 {
        self.outcomes.get(name).copied().unwrap_or(0)
    }

    fn observe(&mut self, e: &TraceEvent) {
        match e {
            TraceEvent::IsrChanged { shrunk: true, .. } => self.outcome("isr_shrunk"),
            TraceEvent::IsrChanged { shrunk: false, .. } => self.outcome("isr_expanded"),
            TraceEvent::LeaderElected { unclean: true, .. } => self.outcome("unclean_election"),
            TraceEvent::LeaderElected { .. } => self.outcome("leader_elected"),
            TraceEvent::LogTruncated { .. } => self.outcome("log_truncated"),
            TraceEvent::BatchRetried { .. } => self.outcome("batch_retried"),
            TraceEvent::DuplicateBatchDropped { .. } => self.outcome("duplicate_batch_dropped"),
            TraceEvent::ProducerEpochBumped { .. } => self.outcome("producer_epoch_bumped"),
            TraceEvent::ProduceErrored { .. } => self.outcome("produce_error"),
            TraceEvent::RecordFailed { .. } => self.outcome("record_failed"),
            TraceEvent::RebalanceCompleted { .. } => self.outcome("rebalance"),
            TraceEvent::PollTimeoutExpired { .. } => self.outcome("max_poll_interval_exceeded"),
            TraceEvent::CommitFailed { .. } => self.outcome("commit_failed"),
            TraceEvent::GroupLoaded { .. } => self.outcome("group_loaded"),
            TraceEvent::BrokerFenced { .. } => self.outcome("broker_fenced"),
            _ => {}
        }
    }
}

/// The verdict on one run.
#[derive(Clone, Debug)]
pub struct Verdict {
    /// The scenario's seed.
    pub seed: u64,
    /// The first invariant or property that broke.
    pub failure: Option<Failure>,
    /// What the run exercised.
    pub coverage: Coverage,
    /// The scenario as a URL fragment (`#s=1....`): opens the same run on the page or in `kafka-playground run`.
    pub replay: String,
}

/// Runs `s` to its end, checking every invariant after every event, then the end-of-run properties.
pub fn judge(s: &Scenario) -> Verdict {
    let mut cov = Coverage {
        runs: 1,
        ..Coverage::default()
    };
    for a in &s.actions {
        *cov.faults.entry(a.action.kind()).or_default() += 1;
    }
    let replay = format!("#s={}", codec::encode(s));
    let mut sim = match Sim::new(s) {
        Ok(sim) => sim,
        Err(e) => {
            return Verdict {
                seed: s.seed,
                failure: Some(Failure {
                    property: "valid-scenario".into(),
                    at_us: 0,
                    detail: e.to_string(),
                }),
                coverage: cov,
                replay,
            }
        }
    };
    let end = sim.end();
    let mut failure = None;
    while sim.next_event_at().is_some_and(|t| t <= end) {
        sim.step();
        while let Some(e) = sim.poll_trace() {
            cov.observe(&e);
        }
        if let Err(v) = sim.check() {
            failure = Some(Failure {
                property: v.invariant.to_string(),
                at_us: v.at.0,
                detail: v.detail,
            });
            break;
        }
    }
    if failure.is_none() {
        sim.run_until(end);
        failure = end_of_run(s, &sim);
    }
    let r = sim.report();
    if r.records.lost_acked > 0 {
        cov.outcome("acked_record_lost");
    }
    if r.records.consumed_twice > 0 {
        cov.outcome("record_processed_twice");
    }
    if r.records.duplicated > 0 {
        cov.outcome("record_duplicated");
    }
    cov.outcome_runs = cov.outcomes.keys().map(|k| (*k, 1)).collect();
    Verdict {
        seed: s.seed,
        failure,
        coverage: cov,
        replay,
    }
}

fn end_of_run(s: &Scenario, sim: &Sim) -> Option<Failure> {
    let r = sim.report();
    let at_us = sim.now().0;
    let prop = |p: &ProducerProps| p.get("acks").map(String::as_str) == Some("all");
    let min_isr: u32 = s
        .topics
        .first()
        .and_then(|t| t.config.get("min.insync.replicas"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let all_acks_all = !s.producers.is_empty() && s.producers.iter().all(|p| prop(&p.config));
    if all_acks_all && min_isr >= 2 && r.unclean_elections == 0 && r.records.lost_acked > 0 {
        return Some(Failure {
            property: "acks-all-no-loss".into(),
            at_us,
            detail: format!(
                "acks=all, min.insync.replicas={min_isr}, no unclean election, yet {} acknowledged record(s) are missing",
                r.records.lost_acked
            ),
        });
    }
    // The producer's resolved config: Kafka 4.x enables idempotence by default unless a setting conflicts.
    let idempotent = !s.producers.is_empty()
        && sim
            .view()
            .producers
            .iter()
            .all(|p| p.config.enable_idempotence);
    if idempotent && (r.records.duplicated, r.records.reordered) != (0, 0) {
        return Some(Failure {
            property: "idempotent-no-duplicates".into(),
            at_us,
            detail: format!(
                "enable.idempotence=true left {} duplicated and {} reordered record(s)",
                r.records.duplicated, r.records.reordered
            ),
        });
    }
    None
}

type ProducerProps = crate::scenario::config::Props;

/// One line of a regression list: `SEED  #s=...  cause`. Blank lines and `#` comments are skipped.
pub fn parse_regression_line(line: &str) -> Option<Result<(u64, Scenario), String>> {
    let l = line.trim();
    if l.is_empty() || l.starts_with("# ") || l == "#" {
        return None;
    }
    let mut parts = l.split_whitespace();
    let seed = parts.next()?;
    let Ok(seed) = seed.parse::<u64>() else {
        return Some(Err(format!("'{seed}' is not a seed")));
    };
    let Some(link) = parts.next() else {
        return Some(Err(format!("seed {seed}: no #s= replay link")));
    };
    Some(
        codec::parse_fragment(link)
            .map_err(|e| format!("seed {seed}: {e}"))
            .and_then(|(s, _)| s.ok_or_else(|| format!("seed {seed}: the link holds no scenario")))
            .map(|s| (seed, s)),
    )
}

#[cfg(test)]
mod tests {
    //! Goal: coverage names are the scenario format's own (`type`), and a regression line parses back to its scenario.
    use super::*;
    use crate::engine::swarm::swarm;
    use crate::scenario::Action;

    #[test]
    fn action_kinds_are_the_format_type_names() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 1..=300 {
            for a in swarm(seed).actions {
                let v = serde_json::to_value(&a.action).expect("serializable");
                assert_eq!(v["type"], a.action.kind(), "{a:?}");
                seen.insert(a.action.kind());
            }
        }
        assert_eq!(seen, Action::KINDS.into_iter().collect());
    }

    #[test]
    fn regression_lines() {
        let s = swarm(42);
        let line = format!("42  #s={}  some cause here", codec::encode(&s));
        let (seed, back) = parse_regression_line(&line)
            .expect("a line")
            .expect("valid");
        assert_eq!((seed, back), (42, s));
        assert!(parse_regression_line("# a comment").is_none());
        assert!(parse_regression_line("   ").is_none());
        assert!(parse_regression_line("x #s=1.AA").expect("a line").is_err());
        assert!(parse_regression_line("7").expect("a line").is_err());
        assert!(parse_regression_line("7 #s=1.!!").expect("a line").is_err());
    }
}
