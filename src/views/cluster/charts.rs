//! Charts of the run over a sliding window of simulated time, drawn as SVG by this module:
//! labelled axes with units, grid lines at round values, one polyline per series. Series
//! and the grid carry CSS classes, so the charts follow the theme and series differ by dash
//! pattern as well as colour (cluster.css).
//!
//! Drawn by hand rather than with plotters, which the issue suggested: plotters cost 25.3 KB
//! of the Cluster view's gzipped wasm (measured by leaving the charts out), about a twelfth
//! of the 300 KB first-load line, for five line charts; it also measures every label by
//! inserting an element into the document (a forced layout per label) and brings Rust's
//! float formatting. This file is about 150 lines of arithmetic and string writing.
//!
//! The view redraws charts only when a new sample arrived and at most a few times per wall
//! second, never per frame.

use crate::i18n::{Lang, cat::cluster as t};
use sim::Sim;
use std::fmt::Write as _;

/// Simulated seconds shown.
pub const WINDOW_S: usize = 300;

/// The data of the charts, cut from the engine's series.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChartData {
    /// Time of the last sample (ms); the charts end here.
    pub t_ms: u64,
    pub demand: Vec<(f64, f64)>,
    pub capacity: Vec<(f64, f64)>,
    pub desired: Vec<(f64, f64)>,
    pub ready: Vec<(f64, f64)>,
    pub cpu: Vec<(f64, f64)>,
    pub target: Vec<(f64, f64)>,
    pub p95: Vec<(f64, f64)>,
    pub dropped: Vec<(f64, f64)>,
    pub nodes_ready: Vec<(f64, f64)>,
    pub nodes_all: u32,
}

impl ChartData {
    pub fn of(sim: &Sim) -> ChartData {
        let s = sim.series();
        let mut d = ChartData::default();
        let sec = |t: u64| t as f64 / 1000.0;
        if let Some(ring) = s.services.values().next() {
            let n = ring.len();
            for p in ring.iter().skip(n.saturating_sub(WINDOW_S)) {
                let x = sec(p.t_ms);
                d.demand.push((x, p.demand_rps));
                d.capacity.push((x, p.capacity_rps));
                d.cpu.push((x, p.cpu_utilization));
                if let Some(tg) = p.hpa_target {
                    d.target.push((x, tg as f64));
                }
                d.desired.push((x, p.replicas_desired.unwrap_or(0) as f64));
                d.ready.push((x, p.replicas_ready.unwrap_or(0) as f64));
                d.p95.push((x, p.p95_ms));
                d.dropped.push((x, p.dropped_rps));
                d.t_ms = d.t_ms.max(p.t_ms);
            }
        }
        let n = s.cluster.len();
        for p in s.cluster.iter().skip(n.saturating_sub(WINDOW_S)) {
            d.nodes_ready.push((sec(p.t_ms), p.ready_nodes as f64));
            d.nodes_all = p.nodes;
            d.t_ms = d.t_ms.max(p.t_ms);
        }
        d
    }

    pub fn last(v: &[(f64, f64)]) -> f64 {
        v.last().map_or(0.0, |p| p.1)
    }
}

/// One series: its label, its points and its style class (1-4).
pub type Line<'a> = (&'static str, &'a [(f64, f64)], u8);

/// One chart: its title and series.
pub struct Spec<'a> {
    pub title: &'static str,
    pub y_unit: &'static str,
    pub series: Vec<Line<'a>>,
}

pub fn specs(d: &ChartData, lang: Lang) -> Vec<Spec<'_>> {
    vec![
        Spec {
            title: t::CHART_DEMAND.get(lang),
            y_unit: t::UNIT_RPS.get(lang),
            series: vec![
                (t::S_DEMAND.get(lang), &d.demand, 1),
                (t::S_CAPACITY.get(lang), &d.capacity, 2),
            ],
        },
        Spec {
            title: t::CHART_REPLICAS.get(lang),
            y_unit: t::UNIT_PODS.get(lang),
            series: vec![
                (t::S_DESIRED.get(lang), &d.desired, 2),
                (t::S_READY.get(lang), &d.ready, 1),
            ],
        },
        Spec {
            title: t::CHART_CPU.get(lang),
            y_unit: "%",
            series: vec![
                (t::S_CPU.get(lang), &d.cpu, 1),
                (t::S_TARGET.get(lang), &d.target, 3),
            ],
        },
        Spec {
            title: t::CHART_LATENCY.get(lang),
            y_unit: t::UNIT_LATENCY.get(lang),
            series: vec![
                (t::S_P95.get(lang), &d.p95, 1),
                (t::S_DROPPED.get(lang), &d.dropped, 4),
            ],
        },
        Spec {
            title: t::CHART_NODES.get(lang),
            y_unit: t::UNIT_NODES.get(lang),
            series: vec![(t::S_NODES.get(lang), &d.nodes_ready, 1)],
        },
    ]
}

const W: f64 = 440.0;
const H: f64 = 170.0;
/// The plot area inside the labels: left, top, right, bottom.
const PLOT: (f64, f64, f64, f64) = (58.0, 8.0, 416.0, 128.0);
/// Type size of labels (the SVG's units; the SVG scales with its box).
const FONT: &str = "11.3";

/// About `n` round values over `lo..=hi` (steps of 1, 2 or 5 times a power of ten, at
/// least `min_step`), and the decimals their labels need.
pub fn ticks(lo: f64, hi: f64, n: usize, min_step: f64) -> (Vec<f64>, u32) {
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 || span.is_infinite() {
        return (vec![lo], 0);
    }
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powi(raw.log10().floor() as i32);
    let step = mag
        * match raw / mag {
            // The nearest of 1, 2, 5 and 10 (thresholds at their geometric means).
            f if f < 1.42 => 1.0,
            f if f < 3.17 => 2.0,
            f if f < 7.08 => 5.0,
            _ => 10.0,
        };
    let step = step.max(min_step);
    let decimals = if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else {
        2
    };
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    ((first..=last).map(|i| i as f64 * step).collect(), decimals)
}

/// Writes a text element (`anchor`: start, middle or end; `dy` shifts it off its point).
fn label(out: &mut String, x: f64, y: f64, anchor: &str, dy: &str, text: &str, turn: bool) {
    let (x, y) = (super::fixed(x, 1), super::fixed(y, 1));
    let _ = write!(
        out,
        "<text x=\"{x}\" y=\"{y}\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-size=\"{FONT}\" fill=\"currentColor\""
    );
    if turn {
        let _ = write!(out, " transform=\"rotate(270, {x}, {y})\"");
    }
    out.push('>');
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push_str("</text>");
}

/// Draws one chart as an SVG string: the last [`WINDOW_S`] seconds up to `t_end_s`.
pub fn draw(spec: &Spec<'_>, t_end_s: f64, x_label: &str) -> String {
    let (left, top, right, bottom) = PLOT;
    let x0 = (t_end_s - WINDOW_S as f64).max(0.0);
    let x1 = (x0 + WINDOW_S as f64).max(t_end_s).max(x0 + 10.0);
    let y_max = spec
        .series
        .iter()
        .flat_map(|(_, pts, _)| pts.iter().map(|p| p.1))
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let y1 = if y_max <= 0.0 { 1.0 } else { y_max * 1.15 };
    let px = |x: f64| left + (x - x0) / (x1 - x0) * (right - left);
    let py = |y: f64| bottom - y / y1 * (bottom - top);
    let mut out = String::with_capacity(4 * 1024);
    let _ = write!(
        out,
        "<svg width=\"100%\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" focusable=\"false\">",
        W as u32, H as u32
    );
    // The plot area's edges as integers (no float formatting in the wasm).
    let [l, t, r, b] = [left, top, right, bottom].map(|v| (v as u32).to_string());
    // Grid lines and tick labels: vertical at the x ticks, horizontal at the y ticks.
    let mut grid = |x1: &str, y1: &str, x2: &str, y2: &str| {
        let _ = write!(
            out,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" class=\"grid\"/>"
        );
    };
    let (xs, xd) = ticks(x0, x1, 4, 1.0);
    // Counts (replicas, nodes) get whole-number ticks only.
    let whole = spec
        .series
        .iter()
        .all(|(_, pts, _)| pts.iter().all(|p| p.1.fract() == 0.0));
    let (ys, yd) = ticks(0.0, y1, 4, if whole { 1.0 } else { 0.0 });
    for x in &xs {
        let p = super::fixed(px(*x), 1);
        grid(&p, &t, &p, &b);
    }
    for y in &ys {
        let p = super::fixed(py(*y), 1);
        grid(&l, &p, &r, &p);
    }
    for x in xs {
        let text = super::fixed(x, xd);
        label(
            &mut out,
            px(x),
            bottom + 4.0,
            "middle",
            "0.76em",
            &text,
            false,
        );
    }
    for y in ys {
        let text = super::fixed(y, yd);
        label(&mut out, left - 5.0, py(y), "end", "0.35em", &text, false);
    }
    // Axes and their descriptions.
    let _ = write!(
        out,
        "<path d=\"M{l} {t}V{b}H{r}\" fill=\"none\" stroke=\"currentColor\"/>"
    );
    label(
        &mut out,
        (left + right) / 2.0,
        H - 3.0,
        "middle",
        "-0.2em",
        x_label,
        false,
    );
    label(
        &mut out,
        4.0,
        (top + bottom) / 2.0,
        "middle",
        "0.76em",
        spec.y_unit,
        true,
    );
    // The series, in window.
    for (_, pts, class) in &spec.series {
        out.push_str("<polyline fill=\"none\" stroke-width=\"2\" points=\"");
        for &(x, y) in pts.iter().filter(|p| p.0 >= x0 && p.1.is_finite()) {
            let _ = write!(
                out,
                "{},{} ",
                super::fixed(px(x), 1),
                super::fixed(py(y), 1)
            );
        }
        let _ = write!(out, "\" class=\"s{class}\"/>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::{ScenarioId, Setup, build};
    use super::*;

    #[test]
    fn charts_draw_from_the_engine_series_with_theme_classes() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::Basic));
        sim.advance(40_000);
        let d = ChartData::of(&sim);
        assert_eq!(d.demand.len(), 40);
        assert_eq!(d.t_ms, 40_000);
        assert_eq!(d.nodes_all, 3);
        for spec in specs(&d, Lang::Ko) {
            let svg = draw(&spec, d.t_ms as f64 / 1000.0, "t");
            assert!(svg.starts_with("<svg"), "{svg}");
            assert!(svg.contains("class=\"s1\""), "{}: {svg}", spec.title);
            assert!(svg.contains("width=\"100%\""));
            assert!(svg.ends_with("</svg>"));
            // Labelled axes: the unit and the time axis's name are on the chart.
            assert!(svg.contains(&format!(">{}</text>", spec.y_unit)), "{svg}");
            assert!(svg.contains(">t</text>"));
        }
    }

    #[test]
    fn ticks_fall_on_round_values_with_the_decimals_they_need() {
        let t = |lo, hi, min| ticks(lo, hi, 4, min);
        assert_eq!(
            t(0.0, 115.0, 0.0),
            (vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0], 0)
        );
        assert_eq!(t(0.0, 300.0, 1.0).0, vec![0.0, 100.0, 200.0, 300.0]);
        assert_eq!(t(95.0, 395.0, 1.0).0, vec![100.0, 200.0, 300.0]);
        let (small, decimals) = t(0.0, 1.15, 0.0);
        assert_eq!(decimals, 1);
        assert_eq!(small.len(), 6, "{small:?}"); // 0, 0.2, ..., 1.0
        // Counts: a one-node chart does not show half nodes.
        assert_eq!(t(0.0, 1.15, 1.0), (vec![0.0, 1.0], 0));
        assert_eq!(t(3.0, 3.0, 0.0), (vec![3.0], 0));
    }

    #[test]
    fn points_outside_the_window_or_not_numbers_are_not_drawn() {
        let pts = [(10.0, 1.0), (400.0, f64::NAN), (500.0, 2.0), (600.0, 3.0)];
        let spec = Spec {
            title: "t",
            y_unit: "u",
            series: vec![("s", &pts, 1)],
        };
        let svg = draw(&spec, 600.0, "t");
        let line = svg.split("<polyline").nth(1).unwrap();
        let points = line
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split_whitespace().count(), 2, "{points}");
        assert!(!svg.contains("NaN"));
    }
}
