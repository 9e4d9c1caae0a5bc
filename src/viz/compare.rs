//! A/B compare: what differs between run A and run B (the same scenario with edits, same seed, same faults) at the
//! same instant, in the ledger's and the charts' terms: `acks=1` vs `acks=all` reads "acknowledged, then lost 7 vs
//! 0; produce request latency p99 4 ms vs 9 ms".
//!
//! Models: a before/after table an engineer would write after trying a config change against the same incident.

use crate::engine::guarantees::Guarantees;
use crate::i18n::fill;
use crate::i18n::t;
use crate::scenario::compare::{apply, parse, to_text, Edit};
use crate::scenario::Scenario;
use crate::viz::scene::Scene;
use crate::viz::timeline::series::{percentiles, Series};
use crate::viz::timeline::Timeline;

/// Run B, kept at run A's instant.
pub struct Comparison {
    edits: Vec<Edit>,
    /// A's scenario (interventions included) that B was built from.
    base: Scenario,
    b: Result<Timeline, String>,
}

impl Comparison {
    /// B for `a` with the edits of `text`; refused (with why) if the edits do not parse.
    pub fn new(text: &str, a: &Scenario) -> Result<Comparison, String> {
        let edits = parse(text)?;
        let mut c = Comparison {
            edits,
            base: a.clone(),
            b: Err(String::new()),
        };
        c.rebuild(a);
        Ok(c)
    }

    fn rebuild(&mut self, a: &Scenario) {
        self.base = a.clone();
        self.b = Timeline::new(&apply(a, &self.edits))
            .map_err(|e| fill(t("viz.compare.b_cannot_run"), &[("why", &e)]));
    }

    /// The edits as the link carries them.
    pub fn text(&self) -> String {
        to_text(&self.edits)
    }

    /// Run B (or why it cannot run).
    pub fn b(&self) -> Result<&Timeline, &str> {
        self.b.as_ref().map_err(String::as_str)
    }

    /// Brings B to A's instant; B is built again from A's scenario when A's changed (an intervention, a fork, an
    /// edit), so both always have the same seed and the same faults.
    pub fn follow(&mut self, a: &Timeline) {
        if *a.sim().scenario() != self.base {
            self.rebuild(a.sim().scenario());
        }
        if let Ok(b) = &mut self.b {
            if b.sim().now() != a.sim().now() {
                b.seek(a.sim().now());
            }
        }
    }
}

/// One row of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The test hook's field (`lost_acked`, `request_p99`, ...).
    pub field: &'static str,
    /// What it is, with its unit.
    pub label: &'static str,
    /// Run A's value.
    pub a: String,
    /// Run B's value.
    pub b: String,
}

impl Row {
    /// Whether A and B differ here.
    pub fn differs(&self) -> bool {
        self.a != self.b
    }
}

/// One run's side of the comparison.
pub struct Side<'a> {
    /// Its ledger now.
    pub ledger: &'a Guarantees,
    /// Its charts' series.
    pub series: &'a Series,
    /// Its scene now.
    pub scene: &'a Scene,
}

fn ms(us: u64) -> String {
    let v = us as f64 / 1000.0;
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.1} ms")
    }
}

fn request(series: &Series) -> Option<(u64, u64)> {
    let mut v: Vec<u64> = series
        .request_latencies_us
        .iter()
        .map(|u| u64::from(*u))
        .collect();
    percentiles(&mut v)
}

/// The rows, A then B in each.
pub fn rows(a: &Side<'_>, b: &Side<'_>) -> Vec<Row> {
    let count = |s: &Side<'_>, f: fn(&Guarantees) -> u64| f(s.ledger).to_string();
    let mut rows: Vec<Row> = [
        (
            "produced",
            t("viz.compare.produced"),
            (|g| g.counts.produced) as fn(&Guarantees) -> u64,
        ),
        ("acked", t("viz.compare.acked"), |g| g.counts.acked),
        ("failed", t("viz.compare.failed"), |g| g.counts.failed),
        ("lost_acked", t("viz.compare.lost_acked"), |g| {
            g.counts.lost_acked
        }),
        ("duplicated", t("viz.compare.duplicated"), |g| {
            g.counts.duplicated
        }),
        ("reordered", t("viz.compare.reordered"), |g| {
            g.counts.reordered
        }),
        ("consumed", t("viz.compare.consumed"), |g| g.counts.consumed),
        ("consumed_twice", t("viz.compare.consumed_twice"), |g| {
            g.counts.consumed_twice
        }),
    ]
    .iter()
    .map(|(field, label, f)| Row {
        field,
        label,
        a: count(a, *f),
        b: count(b, *f),
    })
    .collect();
    let req = |s: &Side<'_>, k: usize| {
        request(s.series).map_or_else(|| "—".to_string(), |p| ms(if k == 0 { p.0 } else { p.1 }))
    };
    rows.push(Row {
        field: "request_p50",
        label: t("viz.compare.request_p50"),
        a: req(a, 0),
        b: req(b, 0),
    });
    rows.push(Row {
        field: "request_p99",
        label: t("viz.compare.request_p99"),
        a: req(a, 1),
        b: req(b, 1),
    });
    let e2e = |s: &Side<'_>| {
        s.scene
            .group_latency
            .first()
            .copied()
            .flatten()
            .map_or_else(|| "—".to_string(), |l| format!("{:.1} ms", l.p99))
    };
    rows.push(Row {
        field: "e2e_p99",
        label: t("viz.compare.e2e_p99"),
        a: e2e(a),
        b: e2e(b),
    });
    rows.push(Row {
        field: "unclean_elections",
        label: t("viz.compare.unclean_elections"),
        a: a.scene.totals.unclean_elections.to_string(),
        b: b.scene.totals.unclean_elections.to_string(),
    });
    rows
}

/// The differences in one line: "acknowledged, then lost 7 vs 0; produce request latency p99 4.0 ms vs 9.1 ms".
pub fn summary(rows: &[Row]) -> String {
    let d: Vec<String> = rows
        .iter()
        .filter(|r| r.differs())
        .map(|r| format!("{} {} vs {}", r.label, r.a, r.b))
        .collect();
    if d.is_empty() {
        t("viz.compare.no_difference").to_string()
    } else {
        d.join("; ")
    }
}

#[cfg(test)]
mod tests {
    //! Goal: B follows A's instant exactly (the same trace as a fresh run of A's scenario with the edits), takes up
    //! A's interventions, and the rows tell the difference the tutorial promises. Method: `acks-1-data-loss` with
    //! `producers.acks=all` (the preset runs acks=1). Kafka: acks=all waits for the ISR, so nothing acknowledged is
    //! lost when the leader dies.
    use super::*;
    use crate::engine::time::Instant;
    use crate::engine::Sim;
    use crate::scenario::presets;

    #[test]
    fn b_follows_a_and_the_rows_tell_the_difference() {
        let s = presets::by_name("acks-1-data-loss").expect("preset");
        let mut a = Timeline::new(&s).expect("valid");
        let mut c = Comparison::new("producers.acks=all", &s).expect("edits parse");
        assert_eq!(c.text(), "producers.acks=all");
        let end = Instant::from_ms(s.run_ms);
        a.advance_to(end);
        c.follow(&a);
        let b = c.b().expect("B runs");
        let mut fresh =
            Sim::new(&apply(&s, &parse("producers.acks=all").expect("parse"))).expect("valid");
        fresh.run_until(end);
        assert_eq!(
            b.sim().trace_hash(),
            fresh.trace_hash(),
            "B is the edited scenario played to A's instant"
        );
        let (ga, gb) = (a.sim().guarantees(), b.sim().guarantees());
        let rows = rows(
            &Side {
                ledger: &ga,
                series: a.series(),
                scene: a.scene(),
            },
            &Side {
                ledger: &gb,
                series: b.series(),
                scene: b.scene(),
            },
        );
        let lost = rows.iter().find(|r| r.field == "lost_acked").expect("row");
        assert!(
            lost.a != "0" && lost.b == "0",
            "acks=1 loses, acks=all does not: {lost:?}"
        );
        assert!(
            summary(&rows).contains(&format!("acknowledged, then lost {} vs 0", lost.a)),
            "{}",
            summary(&rows)
        );
        assert!(rows
            .iter()
            .any(|r| r.field == "request_p99" && r.a != "—" && r.b != "—"));

        // Back in time and an intervention on A: B is at A's instant with A's faults.
        a.seek(Instant::from_ms(1_000));
        a.intervene(crate::scenario::Action::CrashBroker { broker: 3 })
            .expect("a broker");
        c.follow(&a);
        let b = c.b().expect("B runs");
        assert_eq!(b.sim().now(), a.sim().now());
        assert_eq!(b.sim().scenario().actions, a.sim().scenario().actions);
        assert!(
            Comparison::new("acks=all", &s).is_err(),
            "a bad edit is refused"
        );
        let bad = Comparison::new("producers.acks=sometimes", &s).expect("parses");
        let err = match bad.b() {
            Ok(_) => panic!("B cannot run with acks=sometimes"),
            Err(e) => e.to_string(),
        };
        assert!(
            err.contains("acks"),
            "the config error names the key: {err}"
        );
    }
}
