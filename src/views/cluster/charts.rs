//! Charts of the run, drawn with plotters' SVG backend over a sliding window of simulated
//! time. Colours are placeholders that become CSS classes, so the charts follow the theme and
//! series differ by dash pattern as well as colour.
//!
//! On wasm32, plotters measures each label by inserting a span into the document (a forced
//! layout), so the view redraws charts only when a new sample arrived and at most a few
//! times per wall second, never per frame.

use crate::i18n::{Lang, cat::cluster as t};
use plotters::prelude::*;
use sim::Sim;

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
            y_unit: "req/s",
            series: vec![
                (t::S_DEMAND.get(lang), &d.demand, 1),
                (t::S_CAPACITY.get(lang), &d.capacity, 2),
            ],
        },
        Spec {
            title: t::CHART_REPLICAS.get(lang),
            y_unit: "pods",
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
            y_unit: "ms · req/s",
            series: vec![
                (t::S_P95.get(lang), &d.p95, 1),
                (t::S_DROPPED.get(lang), &d.dropped, 4),
            ],
        },
        Spec {
            title: t::CHART_NODES.get(lang),
            y_unit: "nodes",
            series: vec![(t::S_NODES.get(lang), &d.nodes_ready, 1)],
        },
    ]
}

const W: u32 = 440;
const H: u32 = 170;

/// Placeholder colours, replaced by classes after drawing.
fn series_colour(i: u8) -> RGBColor {
    RGBColor(i, i, i)
}
const AXIS: RGBColor = RGBColor(0, 0, 0);
const GRID: RGBColor = RGBColor(9, 9, 9);

/// Draws one chart as an SVG string.
pub fn draw(spec: &Spec<'_>, t_end_s: f64, x_label: &str) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (W, H)).into_drawing_area();
        let x0 = (t_end_s - WINDOW_S as f64).max(0.0);
        let x1 = (x0 + WINDOW_S as f64).max(t_end_s).max(x0 + 10.0);
        let y_max = spec
            .series
            .iter()
            .flat_map(|(_, pts, _)| pts.iter().map(|p| p.1))
            .fold(0.0_f64, f64::max);
        let y1 = if y_max <= 0.0 { 1.0 } else { y_max * 1.15 };
        // The family as a value, not the string "sans-serif": plotters lower-cases a family
        // name with `str::to_lowercase`, whose Unicode tables are 11 KB of wasm.
        let font = FontDesc::new(FontFamily::SansSerif, 14.0, FontStyle::Normal).color(&AXIS);
        let chart = ChartBuilder::on(&root)
            .margin(6)
            // Room for the last x label ("300"), centred on the right edge.
            .margin_right(18)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(x0..x1, 0.0..y1);
        let Ok(mut chart) = chart else {
            return String::new();
        };
        let _ = chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .x_labels(6)
            .y_labels(5)
            .x_desc(x_label)
            .y_desc(spec.y_unit)
            .label_style(font.clone())
            .axis_desc_style(font)
            .x_label_formatter(&|v| super::fixed(*v, 0))
            .y_label_formatter(&|v| {
                // Whole numbers without a decimal (replicas, nodes: "2", not "2.0").
                if y1 < 10.0 && (v - v.round()).abs() > 1e-9 {
                    super::fixed(*v, 1)
                } else {
                    super::fixed(*v, 0)
                }
            })
            .draw();
        for (_, pts, class) in &spec.series {
            let _ = chart.draw_series(LineSeries::new(
                pts.iter().copied(),
                series_colour(*class).stroke_width(2),
            ));
        }
        let _ = root.present();
    }
    restyle(&out)
}

/// Turns the placeholder colours into classes and makes the SVG scale with its box.
fn restyle(svg: &str) -> String {
    let mut s = svg
        .replace("stroke=\"#000000\"", "stroke=\"currentColor\"")
        .replace("fill=\"#000000\"", "fill=\"currentColor\"")
        .replace("stroke=\"#090909\"", "class=\"grid\"");
    for i in 1..=4u8 {
        s = s.replace(
            &format!("stroke=\"#{i:02X}{i:02X}{i:02X}\""),
            &format!("class=\"s{i}\""),
        );
    }
    s.replacen(
        &format!("width=\"{W}\" height=\"{H}\""),
        "width=\"100%\" aria-hidden=\"true\" focusable=\"false\"",
        1,
    )
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
            assert!(!svg.contains("#010101"));
        }
    }
}
