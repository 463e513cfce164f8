//! Charts of the run, drawn with plotters: the load, replicas, CPU against the HPA's target,
//! latency and drops, ready nodes (a sliding window of simulated time), and the VPA's
//! recommendation over its history. plotters lays out each chart (ranges, round ticks through
//! its key points, labelled axes) and draws it through [`Svg`], a small backend of our own:
//!
//! - **Theme by class.** Each colour of a chart is a placeholder that the backend writes as a
//!   CSS class (`s1`..`s4`, `grid`, `axis`), so the charts follow the theme, and series differ
//!   by dash pattern as well as colour (cluster.css).
//! - **No measuring in the document.** plotters' text metrics on wasm32 insert a `<span>` into
//!   the page and read its size (a forced layout per label); the backend estimates a label's
//!   size from its characters instead.
//! - **No float formatting.** plotters-svg writes font sizes and opacities with `{}` on
//!   `f64`, which links Rust's float formatting into the wasm; the backend writes integers.
//!
//! The view redraws charts only when a new sample arrived and at most once per wall second.

use crate::i18n::{Lang, cat::cluster as t};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
    text_anchor::{HPos, VPos},
};
use sim::Sim;
use sim::util::Ring;
use std::fmt::Write as _;

use super::driver::VpaPoint;

/// Simulated seconds shown by the run's charts.
pub const WINDOW_S: usize = 300;

/// The data of the charts, cut from the engine's series and the driver's VPA samples.
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
    /// The VPA: lower bound, target, upper bound and the pods' request, CPU (millicores)
    /// and memory (MiB).
    pub vpa_cpu: [Vec<(f64, f64)>; 4],
    pub vpa_mem: [Vec<(f64, f64)>; 4],
}

impl ChartData {
    pub fn of(sim: &Sim, vpa: &Ring<VpaPoint>) -> ChartData {
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
        // The VPA's lines are steps: each value holds until the next sample, and the last
        // one until now.
        const MIB: f64 = 1_048_576.0;
        let step = |v: &mut Vec<(f64, f64)>, x: f64, y: f64| {
            if let Some(&(_, prev)) = v.last() {
                v.push((x, prev));
            }
            v.push((x, y));
        };
        for p in vpa.iter() {
            let x = sec(p.t_ms);
            let cpu = [p.lower_cpu, p.target_cpu, p.upper_cpu, p.request_cpu];
            let mem = [p.lower_mem, p.target_mem, p.upper_mem, p.request_mem];
            for i in 0..4 {
                step(&mut d.vpa_cpu[i], x, cpu[i] as f64);
                step(&mut d.vpa_mem[i], x, mem[i] as f64 / MIB);
            }
        }
        if !vpa.is_empty() {
            let now = sec(sim.now_ms());
            for v in d.vpa_cpu.iter_mut().chain(d.vpa_mem.iter_mut()) {
                if let Some(&(x, y)) = v.last()
                    && x < now
                {
                    v.push((now, y));
                }
            }
        }
        d
    }

    pub fn last(v: &[(f64, f64)]) -> f64 {
        v.last().map_or(0.0, |p| p.1)
    }
}

/// One series: its label, its points and its style (1-4: the class `s1`..`s4`).
pub type Line<'a> = (&'static str, &'a [(f64, f64)], u8);

/// One chart.
pub struct Spec<'a> {
    pub title: &'static str,
    pub y_unit: &'static str,
    pub series: Vec<Line<'a>>,
    /// The time axis: the run's last [`WINDOW_S`] seconds, or all the points (the VPA's).
    pub window: bool,
    /// Values above this many times the others' largest are drawn at the top edge (the
    /// VPA's upper bound is near infinite while it has little history).
    pub clip: Option<f64>,
}

pub fn specs(d: &ChartData, lang: Lang) -> Vec<Spec<'_>> {
    let spec = |title: &'static str, y_unit: &'static str, series| Spec {
        title,
        y_unit,
        series,
        window: true,
        clip: None,
    };
    let mut v = vec![
        spec(
            t::CHART_DEMAND.get(lang),
            t::UNIT_RPS.get(lang),
            vec![
                (t::S_DEMAND.get(lang), &d.demand, 1),
                (t::S_CAPACITY.get(lang), &d.capacity, 2),
            ],
        ),
        spec(
            t::CHART_REPLICAS.get(lang),
            t::UNIT_PODS.get(lang),
            vec![
                (t::S_DESIRED.get(lang), &d.desired, 2),
                (t::S_READY.get(lang), &d.ready, 1),
            ],
        ),
        spec(
            t::CHART_CPU.get(lang),
            "%",
            vec![
                (t::S_CPU.get(lang), &d.cpu, 1),
                (t::S_TARGET.get(lang), &d.target, 3),
            ],
        ),
        spec(
            t::CHART_LATENCY.get(lang),
            t::UNIT_LATENCY.get(lang),
            vec![
                (t::S_P95.get(lang), &d.p95, 1),
                (t::S_DROPPED.get(lang), &d.dropped, 4),
            ],
        ),
        spec(
            t::CHART_NODES.get(lang),
            t::UNIT_NODES.get(lang),
            vec![(t::S_NODES.get(lang), &d.nodes_ready, 1)],
        ),
    ];
    if !d.vpa_cpu[1].is_empty() {
        for (title, unit, s) in [
            (t::CHART_VPA_CPU, t::UNIT_MILLICORES, &d.vpa_cpu),
            (t::CHART_VPA_MEMORY, t::UNIT_MIB, &d.vpa_mem),
        ] {
            v.push(Spec {
                title: title.get(lang),
                y_unit: unit.get(lang),
                series: vec![
                    (t::S_VPA_TARGET.get(lang), &s[1], 1),
                    (t::S_VPA_LOWER.get(lang), &s[0], 2),
                    (t::S_VPA_UPPER.get(lang), &s[2], 3),
                    (t::S_VPA_REQUEST.get(lang), &s[3], 4),
                ],
                window: false,
                clip: Some(3.0),
            });
        }
    }
    v
}

/// The chart's size in the SVG's units (it scales with its box).
const W: u32 = 440;
const H: u32 = 186;
/// Label type size in the SVG's units.
const FONT: f64 = 13.0;

/// Placeholder colours: the backend writes them as classes.
const AXIS: RGBColor = RGBColor(0, 0, 0);
const GRID: RGBColor = RGBColor(9, 9, 9);
fn series_colour(i: u8) -> RGBColor {
    RGBColor(i, i, i)
}

/// The class a placeholder colour stands for.
fn class_of(c: BackendColor) -> &'static str {
    match c.rgb {
        (1, 1, 1) => "s1",
        (2, 2, 2) => "s2",
        (3, 3, 3) => "s3",
        (4, 4, 4) => "s4",
        (9, 9, 9) => "grid",
        _ => "axis",
    }
}

/// plotters' backend for the page: SVG elements with classes for colours, integer
/// coordinates, and text sizes estimated without the document (see the module's notes).
pub struct Svg<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> Svg<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        let _ = write!(
            out,
            "<svg width=\"100%\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" focusable=\"false\">",
            size.0, size.1
        );
        Svg { out, size }
    }

    fn escape(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '&' => self.out.push_str("&amp;"),
                '"' => self.out.push_str("&quot;"),
                c => self.out.push(c),
            }
        }
    }
}

/// The width of a label in pixels at `size`: about half the size per Latin letter or digit,
/// a whole size per Hangul syllable or other wide character.
pub fn text_width(text: &str, size: f64) -> u32 {
    let em: f64 = text
        .chars()
        .map(|c| if (c as u32) < 0x1100 { 0.56 } else { 1.0 })
        .sum();
    (em * size).ceil() as u32
}

/// The backend never fails: it writes into a string.
#[derive(Debug)]
pub struct Never;
impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("never")
    }
}
impl std::error::Error for Never {}

type Drawn = Result<(), DrawingErrorKind<Never>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }
    fn present(&mut self) -> Drawn {
        if !self.out.ends_with("</svg>") {
            self.out.push_str("</svg>");
        }
        Ok(())
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Drawn {
        self.draw_rect(p, (p.0 + 1, p.1 + 1), &c, true)
    }
    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Drawn {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{}\"/>",
            a.0,
            a.1,
            b.0,
            b.1,
            class_of(s.color())
        );
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Drawn {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"{}{}\"/>",
            a.0,
            a.1,
            b.0 - a.0,
            b.1 - a.1,
            class_of(s.color()),
            if fill { " fill" } else { "" }
        );
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polyline points=\"");
        for (x, y) in path {
            let _ = write!(self.out, "{x},{y} ");
        }
        let _ = write!(self.out, "\" class=\"{}\"/>", class_of(s.color()));
        Ok(())
    }
    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, s: &T, p: BackendCoord) -> Drawn {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let anchor = match s.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match s.anchor().v_pos {
            VPos::Top => "0.8em",
            VPos::Center => "0.35em",
            VPos::Bottom => "-0.25em",
        };
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-size=\"{}\"",
            p.0,
            p.1,
            s.size().round() as u32
        );
        if let FontTransform::Rotate270 = s.transform() {
            let _ = write!(self.out, " transform=\"rotate(270, {}, {})\"", p.0, p.1);
        }
        self.out.push('>');
        self.escape(text);
        self.out.push_str("</text>");
        Ok(())
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        s: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
        Ok((text_width(text, s.size()), s.size().ceil() as u32))
    }
}

/// The x range of a chart: the window's, or the points' own.
fn x_range(spec: &Spec<'_>, t_end_s: f64) -> (f64, f64) {
    if spec.window {
        let x0 = (t_end_s - WINDOW_S as f64).max(0.0);
        (x0, (x0 + WINDOW_S as f64).max(t_end_s).max(x0 + 10.0))
    } else {
        let xs = spec
            .series
            .iter()
            .flat_map(|(_, p, _)| p.iter().map(|q| q.0));
        let x0 = xs.clone().fold(f64::INFINITY, f64::min);
        let x1 = xs.fold(t_end_s, f64::max);
        let x0 = if x0.is_finite() { x0 } else { 0.0 };
        (x0, x1.max(x0 + 60.0))
    }
}

/// The largest value a chart shows, and where clipped series are cut.
fn y_top(spec: &Spec<'_>, x0: f64) -> (f64, f64) {
    let max = |series: &mut dyn Iterator<Item = &Line<'_>>| {
        series
            .flat_map(|(_, p, _)| p.iter().filter(|q| q.0 >= x0).map(|q| q.1))
            .filter(|v| v.is_finite())
            .fold(0.0_f64, f64::max)
    };
    match spec.clip {
        Some(k) => {
            // Every series but the upper bound (style 3) sets the scale.
            let rest = max(&mut spec.series.iter().filter(|s| s.2 != 3));
            let all = max(&mut spec.series.iter());
            let cut = (rest * k).max(1.0);
            (all.min(cut), cut)
        }
        None => {
            let m = max(&mut spec.series.iter());
            (m, f64::INFINITY)
        }
    }
}

/// Draws one chart as an SVG string, ending at `t_end_s`.
pub fn draw(spec: &Spec<'_>, t_end_s: f64, x_label: &str) -> String {
    let mut out = String::with_capacity(6 * 1024);
    let (x0, x1) = x_range(spec, t_end_s);
    let (top, cut) = y_top(spec, x0);
    let y1 = if top <= 0.0 { 1.0 } else { top * 1.15 };
    // Counts (replicas, nodes) get whole-number labels only.
    let whole = spec
        .series
        .iter()
        .all(|(_, pts, _)| pts.iter().all(|p| p.1.fract() == 0.0));
    {
        let root = Svg::new(&mut out, (W, H)).into_drawing_area();
        // The family as a value, not a name: plotters lower-cases a family name with
        // `str::to_lowercase`, whose Unicode tables are kilobytes of wasm.
        let font = FontDesc::new(FontFamily::SansSerif, FONT, FontStyle::Normal).color(&AXIS);
        let chart = ChartBuilder::on(&root)
            .margin(4)
            // Room for the last time label, centred on the right edge.
            .margin_right(16)
            .x_label_area_size(40)
            .y_label_area_size(54)
            .build_cartesian_2d(x0..x1, 0.0..y1);
        if let Ok(mut chart) = chart {
            let _ = chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(GRID)
                .axis_style(AXIS)
                .x_labels(5)
                .y_labels(if whole && y1 < 4.0 { 2 } else { 5 })
                .x_desc(x_label)
                .y_desc(spec.y_unit)
                .label_style(font.clone())
                .axis_desc_style(font)
                .x_label_formatter(&|v| super::fixed(*v, 0))
                .y_label_formatter(&|v| {
                    if whole || y1 >= 10.0 {
                        super::fixed(*v, 0)
                    } else {
                        super::fixed(*v, 1)
                    }
                })
                .draw();
            for (_, pts, class) in &spec.series {
                let pts = pts
                    .iter()
                    .filter(|p| p.0 >= x0 && p.1.is_finite())
                    .map(|&(x, y)| (x, y.min(cut)));
                let _ = chart.draw_series(LineSeries::new(
                    pts,
                    Color::stroke_width(&series_colour(*class), 2),
                ));
            }
        }
        let _ = root.present();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::driver::Driver;
    use super::super::scenarios::{ScenarioId, Setup, build};
    use super::*;

    #[test]
    fn charts_draw_from_the_engine_series_with_theme_classes_units_and_round_ticks() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::Basic));
        sim.advance(40_000);
        let d = ChartData::of(&sim, &Ring::new(1));
        assert_eq!(d.demand.len(), 40);
        assert_eq!(d.t_ms, 40_000);
        assert_eq!(d.nodes_all, 3);
        let specs = specs(&d, Lang::Ko);
        assert_eq!(specs.len(), 5, "no VPA: no VPA charts");
        for spec in specs {
            let svg = draw(&spec, d.t_ms as f64 / 1000.0, "t");
            assert!(svg.starts_with("<svg"), "{svg}");
            assert!(svg.ends_with("</svg>"));
            assert!(svg.contains("class=\"s1\""), "{}: {svg}", spec.title);
            assert!(svg.contains("width=\"100%\""));
            assert!(!svg.contains("#0"), "no placeholder colour is left: {svg}");
            // Labelled axes: the unit and the time axis's name are on the chart.
            assert!(svg.contains(&format!(">{}</text>", spec.y_unit)), "{svg}");
            assert!(svg.contains(">t</text>"));
            // The time axis's ticks fall on round values.
            let ticks: Vec<u32> = svg
                .split("text-anchor=\"middle\"")
                .skip(1)
                .filter_map(|s| s.split('>').nth(1)?.split('<').next()?.parse().ok())
                .collect();
            assert!(ticks.len() >= 3, "{ticks:?}");
            assert!(ticks.iter().all(|t| t % 5 == 0), "{ticks:?}");
        }
    }

    #[test]
    fn points_outside_the_window_or_not_numbers_are_not_drawn() {
        let pts = [(10.0, 1.0), (400.0, f64::NAN), (500.0, 2.0), (600.0, 3.0)];
        let spec = Spec {
            title: "t",
            y_unit: "u",
            series: vec![("s", &pts, 1)],
            window: true,
            clip: None,
        };
        let svg = draw(&spec, 600.0, "t");
        let line = svg.split("class=\"s1\"").next().unwrap();
        let points = line
            .rsplit("points=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split_whitespace().count(), 2, "{points}");
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn the_vpa_charts_show_the_recommendation_with_the_upper_bound_cut_at_the_top() {
        let mut d = Driver::new(Setup {
            profile: sim::Profile::Classroom,
            hpa: None,
            ..Setup::new(ScenarioId::Basic)
        });
        d.send(sim::parse_command("vpa deployment/web --mode Recreate").unwrap())
            .unwrap();
        d.playing = true;
        d.set_speed(100.0);
        for _ in 0..600 {
            d.tick(100.0);
        }
        let data = ChartData::of(d.sim(), d.vpa_series());
        let specs = specs(&data, Lang::En);
        assert_eq!(specs.len(), 7);
        let cpu = &specs[5];
        let svg = draw(cpu, d.now_ms() as f64 / 1000.0, "t");
        for class in ["s1", "s2", "s3", "s4"] {
            assert!(
                svg.contains(&format!("class=\"{class}\"")),
                "{class}: {svg}"
            );
        }
        // The upper bound is huge with minutes of history; the axis still reads in
        // millicores of the same order as the target.
        let target = ChartData::last(&data.vpa_cpu[1]);
        let upper = ChartData::last(&data.vpa_cpu[2]);
        assert!(upper > 10.0 * target, "{upper} vs {target}");
        let (top, cut) = y_top(cpu, 0.0);
        assert!(top <= cut && cut < upper, "{top} {cut}");
    }

    #[test]
    fn label_widths_are_estimated_without_a_document() {
        assert_eq!(text_width("100", 10.0), 17);
        assert!(text_width("클러스터", 10.0) >= 40);
    }
}
