//! The VerticalPodAutoscaler's panel: turn it on in a mode, read its recommendation per
//! container (lower bound, target, upper bound, uncapped target) with the history and
//! confidence behind it, see which pods the updater would evict, and when to use it rather
//! than the HPA.

use super::diagram::join;
use super::panel::{cmd, p};
use super::scenarios;
use super::state::Do;
use crate::el::{El, el, frag, opt};
use crate::i18n::{Lang, cat::cluster_vpa as t};
use sim::command::ResourcePair;
use sim::objects::ResourceList;
use sim::util::{fmt_cpu, fmt_duration, fmt_memory};
use sim::{Command, Sim, UpdateMode};
use yew::prelude::*;

/// The command that turns the VPA on for the scenario's Deployment in `mode`.
pub fn turn_on(mode: UpdateMode) -> Command {
    Command::Vpa {
        deployment: scenarios::APP.into(),
        mode: Some(mode),
        min: ResourcePair::default(),
        max: ResourcePair::default(),
        min_replicas: None,
    }
}

/// What each mode does, as the buttons say it.
fn mode_text(m: UpdateMode) -> crate::i18n::Msg {
    match m {
        UpdateMode::Off => t::MODE_OFF,
        UpdateMode::Initial => t::MODE_INITIAL,
        UpdateMode::Recreate => t::MODE_RECREATE,
        UpdateMode::Auto => t::MODE_AUTO,
    }
}

/// The bound multipliers at a confidence (recommender.go's estimators): the upper bound
/// is the P95 times (1 + 1/c), the lower bound the P50 times (1 + 0.001/c)^-2.
pub fn multipliers(c: f64) -> (f64, f64) {
    if c <= 0.0 {
        return (f64::INFINITY, 0.0);
    }
    let lower = 1.0 + 0.001 / c;
    (1.0 + 1.0 / c, 1.0 / (lower * lower))
}

/// A resource list as `cpu 350m, memory 250Mi`.
fn amounts(l: &ResourceList) -> String {
    let cpu = l.cpu.map_or("–".into(), |q| fmt_cpu(q.0));
    let mem = l.memory.map_or("–".into(), |q| fmt_memory(q.0));
    join(&join("cpu ", &cpu, ", memory "), "", &mem)
}

/// The panel's "now" for the VPA part.
pub fn now(sim: &Sim, lang: Lang, on_act: &Callback<Do>) -> Html {
    let hpa_on_cpu = sim
        .hpas()
        .any(|h| h.spec.scale_target_ref.name == scenarios::APP);
    let Some(view) = sim.vpa_views().into_iter().next() else {
        return frag(vec![
            p(t::NONE.fmt(lang, &[("d", &scenarios::APP)])),
            el("div")
                .class("acts")
                .children(
                    UpdateMode::ALL
                        .iter()
                        .map(|&m| cmd(on_act, mode_text(m).get(lang), turn_on(m))),
                )
                .into(),
            opt(hpa_on_cpu.then(|| warning(lang))),
            both(lang),
        ]);
    };
    let v = view.vpa;
    let mode = v.mode();
    let head = p(t::NOW.fmt(
        lang,
        &[
            ("d", &v.spec.target_ref.name),
            ("mode", &mode.name()),
            ("what", &mode_text(mode).get(lang)),
        ],
    ));
    let recs = v
        .status
        .recommendation
        .as_ref()
        .map_or(&[][..], |r| &r.container_recommendations[..]);
    let table = (!recs.is_empty()).then(|| {
        let th = |s: &'static str| el("th").attr("scope", "col").text(s).into();
        el("table")
            .class("mini vpa")
            .child(el("caption").text(t::TABLE.get(lang)))
            .child(el("thead").child(el("tr").children(vec![
                th(t::COL_CONTAINER.get(lang)),
                th(t::COL_LOWER.get(lang)),
                th(t::COL_TARGET.get(lang)),
                th(t::COL_UPPER.get(lang)),
                th(t::COL_UNCAPPED.get(lang)),
            ])))
            .child(el("tbody").children(recs.iter().map(|r| {
                el("tr")
                    .child(
                        el("th")
                            .attr("scope", "row")
                            .string(r.container_name.clone()),
                    )
                    .child(el("td").string(amounts(&r.lower_bound)))
                    .child(el("td").child(el("strong").string(amounts(&r.target))))
                    .child(el("td").string(amounts(&r.upper_bound)))
                    .child(el("td").string(amounts(&r.uncapped_target)))
                    .into()
            })))
    });
    let history = view.history.iter().map(|h| {
        let (up, low) = multipliers(h.confidence);
        p(t::HISTORY.fmt(
            lang,
            &[
                ("c", &h.container),
                ("samples", &h.samples),
                ("history", &fmt_duration(h.history_ms)),
                ("confidence", &super::fixed(h.confidence * 100.0, 2)),
                (
                    "upper",
                    &if up.is_finite() {
                        super::fixed(up, 1)
                    } else {
                        "∞".into()
                    },
                ),
                ("lower", &super::fixed(low, 2)),
            ],
        ))
    });
    let candidates = sim.vpa_update_candidates(&v.metadata.namespace, &v.metadata.name);
    let evicts = (mode.evicts() && !candidates.is_empty()).then(|| {
        let names: Vec<&str> = candidates.iter().take(5).map(|(n, _)| n.as_str()).collect();
        p(t::CANDIDATES.fmt(lang, &[("pods", &names.join(", "))]))
    });
    let pending = (recs.is_empty()).then(|| {
        p(t::WAITING.fmt(
            lang,
            &[("every", &fmt_duration(sim.timing().vpa_recommender.ms))],
        ))
    });
    frag(vec![
        head,
        opt(pending),
        opt(table),
        frag(history.collect()),
        opt(evicts),
        opt((hpa_on_cpu && mode.admits()).then(|| warning(lang))),
        el("div")
            .class("acts")
            .child(cmd(
                on_act,
                t::DELETE.get(lang),
                Command::DeleteVpa {
                    name: v.metadata.name.clone(),
                },
            ))
            .into(),
        p(t::CHANGE_MODE.get(lang).into()),
        both(lang),
    ])
}

/// Both autoscalers on one Deployment's CPU: upstream's warning.
fn warning(lang: Lang) -> Html {
    el("p")
        .class("warn")
        .attr("role", "note")
        .text("⚠ ")
        .text(t::BOTH_WARNING.get(lang))
        .into()
}

/// When to use which, and why not both on CPU.
pub fn both(lang: Lang) -> Html {
    let d: El = el("details")
        .class("small hpa-vpa")
        .child(el("summary").text(t::WHICH_TITLE.get(lang)));
    d.children(t::WHICH.items(lang).map(|s| el("p").text(s).into()))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_multipliers_follow_the_recommenders_estimators() {
        // recommender.go: with 1 day of history the upper bound is twice the P95, the lower
        // bound (1 + 0.001)^-2 of the P50; with no history the upper bound is unbounded.
        let (up, low) = multipliers(1.0);
        assert_eq!(up, 2.0);
        assert!((low - 1.0 / (1.001f64 * 1.001)).abs() < 1e-12);
        assert_eq!(multipliers(0.0), (f64::INFINITY, 0.0));
        // Five minutes of history: ×289 and ×0.6 (sim/README.md's figures).
        let (up, low) = multipliers(5.0 / 1440.0);
        assert_eq!(up.round(), 289.0);
        assert!((low - 0.6).abs() < 0.01, "{low}");
    }

    #[test]
    fn turning_the_vpa_on_prints_the_line_a_learner_would_type() {
        assert_eq!(
            super::super::driver::line_of(&turn_on(UpdateMode::Recreate)),
            "vpa deployment/web --mode Recreate"
        );
        let c = turn_on(UpdateMode::Initial);
        assert_eq!(sim::parse_command(&c.to_string()), Ok(c));
    }
}
