//! The charts under the ledger: consumer lag per partition, produce throughput, produce request latency (p50 /
//! p99), end-to-end latency (p50 / p99) and ISR size per partition over virtual time, drawn from the timeline's
//! series (`timeline::series`) as SVG paths in a fixed view box. Fault buckets are shaded; the x axis spans the whole
//! run, so a chart's x and the timeline's agree and a click seeks.
//!
//! Models: a dashboard of Kafka's metrics for one run (see `timeline::series` for which metric each line is).
//!
//! Simplifications: a point per bucket, at its middle; a bucket without a measurement (no request completed, no
//! record processed) breaks the latency lines there.

use crate::engine::time::Instant;
use crate::i18n::t;
use crate::viz::frame::{fill, seconds};
use crate::viz::scene::Scene;
use crate::viz::timeline::series::{Bucket, Series, MAX_LINES};

/// View box width.
pub const WIDTH: f32 = 280.0;
/// View box height.
pub const HEIGHT: f32 = 96.0;
/// Plot area: left edge (room for the y labels), right, top, bottom.
pub const PLOT: (f32, f32, f32, f32) = (34.0, 276.0, 6.0, 82.0);

/// Which chart (`data-testid="chart-{id}"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Consumer lag per group and partition.
    Lag,
    /// Records sent and acknowledged per second.
    Throughput,
    /// Produce request latency.
    Latency,
    /// End-to-end latency.
    E2e,
    /// ISR size per partition.
    Isr,
}

impl ChartKind {
    /// Every chart, in the order drawn.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Lag,
        ChartKind::Throughput,
        ChartKind::Latency,
        ChartKind::E2e,
        ChartKind::Isr,
    ];

    /// The test hook's name.
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Lag => "lag",
            ChartKind::Throughput => "throughput",
            ChartKind::Latency => "latency",
            ChartKind::E2e => "e2e",
            ChartKind::Isr => "isr",
        }
    }

    /// The chart's title, in Kafka's metric words.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Lag => t("viz.chart.lag"),
            ChartKind::Throughput => t("viz.chart.throughput"),
            ChartKind::Latency => t("viz.chart.latency"),
            ChartKind::E2e => t("viz.chart.e2e"),
            ChartKind::Isr => t("viz.chart.isr"),
        }
    }

    /// The y axis unit.
    pub fn unit(self) -> &'static str {
        match self {
            ChartKind::Lag => t("viz.chart.unit.records"),
            ChartKind::Throughput => t("viz.chart.unit.records_per_s"),
            ChartKind::Latency | ChartKind::E2e => "ms",
            ChartKind::Isr => t("viz.chart.unit.replicas"),
        }
    }
}

/// One line of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// What it shows, for the legend ("billing · orders-0", "p99").
    pub label: String,
    /// Its style index (colour and dash, 0..8): a p99 line is dashed, so lines read without colour too.
    pub style: usize,
    /// The SVG path.
    pub d: String,
}

/// A chart, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Which.
    pub kind: ChartKind,
    /// The largest y value on the axis.
    pub y_max: f64,
    /// Tick labels on the y axis: (y, text).
    pub y_ticks: Vec<(f32, String)>,
    /// Tick labels on the x axis: (x, text).
    pub x_ticks: Vec<(f32, String)>,
    /// The lines.
    pub lines: Vec<ChartLine>,
    /// Shaded fault windows: (x from, x to).
    pub faults: Vec<(f32, f32)>,
    /// Buckets drawn.
    pub buckets: usize,
    /// Why nothing is drawn, when nothing is ("no consumer group in this run").
    pub empty: Option<&'static str>,
}

/// The x of virtual time `t_us` in a run that ends at `end_us`.
pub fn x_of(t_us: u64, end_us: u64) -> f32 {
    let (l, r, ..) = PLOT;
    l + (r - l) * (t_us.min(end_us) as f64 / end_us.max(1) as f64) as f32
}

/// The virtual time (µs) at view-box x (clamped to the run).
pub fn t_of(x: f32, end_us: u64) -> u64 {
    let (l, r, ..) = PLOT;
    let f = ((x - l) / (r - l)).clamp(0.0, 1.0) as f64;
    (f * end_us as f64) as u64
}

/// "0 s", "12.5 s", "25 s": an axis label.
fn short_seconds(us: u64) -> String {
    let s = us as f64 / 1e6;
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{} s", format!("{s:.3}").trim_end_matches('0'))
    }
}

fn nice_ceil(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

fn number(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if v >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The values of one chart in one bucket: one per line (`None`: not measured there).
fn values(kind: ChartKind, series: &Series, b: &Bucket) -> Vec<Option<f64>> {
    let per_s = 1e6 / series.bucket_us as f64;
    let ms = |us: u64| us as f64 / 1000.0;
    match kind {
        ChartKind::Lag => {
            let mut v: Vec<Option<f64>> = b.lag.iter().map(|l| Some(*l as f64)).collect();
            if series.lag_pairs.len() > MAX_LINES {
                v.push(Some(b.lag_total as f64));
            }
            v
        }
        ChartKind::Throughput => vec![
            Some(f64::from(b.sent) * per_s),
            Some(f64::from(b.acked) * per_s),
        ],
        ChartKind::Latency => vec![
            b.request_latency.map(|l| ms(l.0)),
            b.request_latency.map(|l| ms(l.1)),
        ],
        ChartKind::E2e => vec![b.e2e.map(|l| ms(l.0)), b.e2e.map(|l| ms(l.1))],
        ChartKind::Isr => {
            let mut v: Vec<Option<f64>> = b.isr.iter().map(|n| Some(f64::from(*n))).collect();
            if series.partitions > series.isr_partitions.len() {
                v.push(Some(f64::from(b.isr_min)));
            }
            v
        }
    }
}

fn labels(kind: ChartKind, series: &Series, scene: &Scene) -> Vec<(String, usize)> {
    let group = |g: u16| {
        scene
            .groups
            .get(g as usize)
            .map_or_else(|| format!("group-{g}"), |g| g.name.clone())
    };
    match kind {
        ChartKind::Lag => {
            let mut v: Vec<(String, usize)> = series
                .drawn_lag_pairs()
                .iter()
                .enumerate()
                .map(|(k, (g, tp))| (format!("{} · {}", group(g.0), scene.tp_name(*tp)), k))
                .collect();
            if series.lag_pairs.len() > MAX_LINES {
                v.push((
                    fill(t("viz.chart.lag_summed"), &[("n", &series.lag_pairs.len())]),
                    7,
                ));
            }
            v
        }
        ChartKind::Throughput => vec![
            (t("viz.chart.sent").into(), 0),
            (t("viz.chart.acknowledged").into(), 1),
        ],
        ChartKind::Latency | ChartKind::E2e => vec![("p50".into(), 0), ("p99".into(), 8)],
        ChartKind::Isr => {
            let mut v: Vec<(String, usize)> = series
                .isr_partitions
                .iter()
                .enumerate()
                .map(|(k, tp)| (scene.tp_name(*tp), k))
                .collect();
            if series.partitions > series.isr_partitions.len() {
                v.push((
                    fill(t("viz.chart.isr_smallest"), &[("n", &series.partitions)]),
                    7,
                ));
            }
            v
        }
    }
}

/// The charts of `series` for a run ending at `end`; `scene` names groups and partitions.
pub fn charts(series: &Series, scene: &Scene, end: Instant) -> Vec<Chart> {
    ChartKind::ALL
        .iter()
        .map(|k| chart(*k, series, scene, end.0))
        .collect()
}

fn chart(kind: ChartKind, series: &Series, scene: &Scene, end_us: u64) -> Chart {
    let (_, _, top, bottom) = PLOT;
    let rows: Vec<Vec<Option<f64>>> = series
        .buckets
        .iter()
        .map(|b| values(kind, series, b))
        .collect();
    let labels = labels(kind, series, scene);
    let mut y_max = rows
        .iter()
        .flatten()
        .flatten()
        .fold(0.0f64, |m, v| m.max(*v));
    if kind == ChartKind::Isr {
        y_max = y_max.max(series.replicas.iter().copied().max().map_or(1.0, f64::from));
    }
    // The ISR axis ends at the replication factor; the others at a round number.
    let y_max = if kind == ChartKind::Isr {
        y_max.max(1.0)
    } else {
        nice_ceil(y_max)
    };
    let y_of = |v: f64| bottom - (bottom - top) * (v / y_max) as f32;
    let mid = |i: usize| x_of(i as u64 * series.bucket_us + series.bucket_us / 2, end_us);
    let lines = labels
        .iter()
        .enumerate()
        .map(|(k, (label, style))| {
            let mut d = String::new();
            let mut pen_down = false;
            for (i, row) in rows.iter().enumerate() {
                match row.get(k).copied().flatten() {
                    Some(v) => {
                        d.push_str(&format!(
                            "{}{:.1} {:.1} ",
                            if pen_down { "L" } else { "M" },
                            mid(i),
                            y_of(v)
                        ));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            ChartLine {
                label: label.clone(),
                style: *style,
                d: d.trim_end().to_string(),
            }
        })
        .collect();
    let mut faults: Vec<(f32, f32)> = Vec::new();
    for (i, b) in series.buckets.iter().enumerate() {
        if !b.fault {
            continue;
        }
        let (x0, x1) = (
            x_of(i as u64 * series.bucket_us, end_us),
            x_of((i as u64 + 1) * series.bucket_us, end_us),
        );
        match faults.last_mut() {
            Some(last) if (last.1 - x0).abs() < 0.01 => last.1 = x1,
            _ => faults.push((x0, x1)),
        }
    }
    Chart {
        kind,
        y_ticks: vec![
            (y_of(0.0), "0".into()),
            (y_of(y_max / 2.0), number(y_max / 2.0)),
            (y_of(y_max), number(y_max)),
        ],
        x_ticks: [0, end_us / 2, end_us]
            .iter()
            .map(|t| (x_of(*t, end_us), short_seconds(*t)))
            .collect(),
        empty: rows
            .iter()
            .flatten()
            .all(Option::is_none)
            .then_some(match kind {
                ChartKind::Lag if series.lag_pairs.is_empty() => t("viz.chart.empty.no_group"),
                ChartKind::E2e if series.lag_pairs.is_empty() => t("viz.chart.empty.no_group"),
                ChartKind::E2e => t("viz.chart.empty.no_record"),
                ChartKind::Latency => t("viz.chart.empty.no_request"),
                _ => t("viz.chart.empty.nothing"),
            }),
        y_max,
        lines,
        faults,
        buckets: series.buckets.len(),
    }
}

/// What `chart` says in bucket `i` of `series`, for the hover readout: "1.200 s–1.400 s · sent 100 records/s,
/// acknowledged 95 records/s".
pub fn readout(chart: &Chart, series: &Series, i: usize) -> Option<String> {
    let b = series.buckets.get(i)?;
    let from = Instant(i as u64 * series.bucket_us);
    let to = Instant((i as u64 + 1) * series.bucket_us);
    let unit = chart.kind.unit();
    let parts: Vec<String> = chart
        .lines
        .iter()
        .zip(values(chart.kind, series, b))
        .map(|(line, v)| match v {
            Some(v) => format!("{} {} {unit}", line.label, number(v)),
            None => format!("{} —", line.label),
        })
        .collect();
    let fault = if b.fault {
        format!(" · {}", t("viz.chart.fault"))
    } else {
        String::new()
    };
    Some(format!(
        "{}–{}{fault} · {}",
        seconds(from),
        seconds(to),
        parts.join(", ")
    ))
}

/// The bucket under virtual time `t_us`, if it has been played.
pub fn bucket_at(series: &Series, t_us: u64) -> Option<usize> {
    let i = (t_us / series.bucket_us.max(1)) as usize;
    (i < series.buckets.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    //! Goal: the charts draw what the series hold: a point per played bucket, faults shaded where they were in
    //! force, an x axis that maps back to the same virtual time, and readouts in units.
    //! Method: `acks-1-data-loss` and `consumer-dies` played to their end on a `Timeline`.
    //! Kafka: the metrics named in `timeline::series`.
    use super::*;
    use crate::scenario::presets;
    use crate::viz::timeline::Timeline;

    fn played(name: &str) -> Timeline {
        let s = presets::by_name(name).expect("preset");
        let mut tl = Timeline::new(&s).expect("valid");
        tl.advance_to(Instant::from_ms(s.run_ms));
        tl
    }

    #[test]
    fn each_chart_draws_its_series() {
        let tl = played("acks-1-data-loss");
        let end = tl.sim().end();
        let cs = charts(tl.series(), tl.scene(), end);
        assert_eq!(
            cs.iter().map(|c| c.kind.id()).collect::<Vec<_>>(),
            ["lag", "throughput", "latency", "e2e", "isr"]
        );
        let n = tl.series().buckets.len();
        let thr = &cs[1];
        assert_eq!(thr.lines.len(), 2);
        assert_eq!(
            thr.lines[0].d.matches(['M', 'L']).count(),
            n,
            "a point per bucket"
        );
        let isr = &cs[4];
        assert_eq!(
            isr.y_max, 3.0,
            "the ISR axis ends at the replication factor"
        );
        assert!(!isr.faults.is_empty(), "the crash is shaded");
        assert_eq!(
            isr.x_ticks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
            ["0 s", "12.5 s", "25 s"]
        );
        assert_eq!(cs[0].empty, Some("no consumer group in this run"));
        assert_eq!(isr.empty, None);
        assert!(cs[2].lines[1].d.contains('M'), "p99 latency drawn");
        for t in [0, end.0 / 3, end.0] {
            let back = t_of(x_of(t, end.0), end.0);
            assert!(
                back.abs_diff(t) <= end.0 / 1000,
                "x maps back to the time: {t} → {back}"
            );
        }
        let i = bucket_at(tl.series(), end.0 / 2).expect("played");
        let text = readout(isr, tl.series(), i).expect("a readout");
        assert!(
            text.contains("orders-0 ") && text.contains(" replicas"),
            "{text}"
        );
        let text = readout(thr, tl.series(), 0).expect("a readout");
        assert!(
            text.starts_with("0.000 s–") && text.contains("records/s"),
            "{text}"
        );
    }

    #[test]
    fn lag_lines_are_per_group_and_partition() {
        let tl = played("consumer-dies");
        let cs = charts(tl.series(), tl.scene(), tl.sim().end());
        let lag = &cs[0];
        assert_eq!(lag.lines.len(), tl.series().drawn_lag_pairs().len());
        assert!(lag.lines[0].label.contains(" · "), "{}", lag.lines[0].label);
        assert!(lag.y_max >= 1.0);
        assert!(cs[3].lines[0].d.contains('M'), "end-to-end latency drawn");
    }
}
