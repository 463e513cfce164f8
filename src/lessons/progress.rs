//! How far the learner got in each lesson, remembered with `localStorage` where the page
//! may use it (not in a sandboxed iframe or a private mode: then the visit forgets it).
//!
//! Stored under one key as `id=step;id=done`, steps counted from 1.

use crate::platform;

const KEY: &str = "kubelab.lessons";

/// How far a learner got in a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The furthest step reached, from 0.
    Reached(usize),
    Done,
}

/// Parses the stored text; what it cannot read is left out.
pub fn parse(s: &str) -> Vec<(String, Progress)> {
    s.split(';')
        .filter_map(|entry| {
            let (id, v) = entry.split_once('=')?;
            let p = match v {
                "done" => Progress::Done,
                n => Progress::Reached(n.parse::<usize>().ok()?.checked_sub(1)?),
            };
            (!id.is_empty()).then(|| (id.to_string(), p))
        })
        .collect()
}

/// The text to store.
pub fn write(all: &[(String, Progress)]) -> String {
    all.iter()
        .map(|(id, p)| match p {
            Progress::Done => [id.as_str(), "=done"].concat(),
            Progress::Reached(n) => [id.as_str(), "=", &(n + 1).to_string()].concat(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// `all` after the learner reached `p` in lesson `id`: a finished lesson stays finished,
/// and a step counts only when it is further than before.
pub fn update(mut all: Vec<(String, Progress)>, id: &str, p: Progress) -> Vec<(String, Progress)> {
    match all.iter_mut().find(|(i, _)| i == id) {
        Some((_, old)) => {
            *old = match (*old, p) {
                (Progress::Done, _) | (_, Progress::Done) => Progress::Done,
                (Progress::Reached(a), Progress::Reached(b)) => Progress::Reached(a.max(b)),
            }
        }
        None => all.push((id.to_string(), p)),
    }
    all
}

/// The stored progress of every lesson.
pub fn load() -> Vec<(String, Progress)> {
    platform::stored(KEY).map(|s| parse(&s)).unwrap_or_default()
}

/// The stored progress of one lesson.
pub fn of(id: &str) -> Option<Progress> {
    load().into_iter().find(|(i, _)| i == id).map(|(_, p)| p)
}

/// Remembers that the learner reached `p` in lesson `id` (nothing, where storage is denied).
pub fn remember(id: &str, p: Progress) {
    platform::store(KEY, &write(&update(load(), id, p)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_back_and_only_moves_forward() {
        let all = update(vec![], "hpa", Progress::Reached(3));
        let all = update(all, "hpa", Progress::Reached(1));
        let all = update(all, "eks", Progress::Done);
        let all = update(all, "eks", Progress::Reached(2));
        let text = write(&all);
        assert_eq!(text, "hpa=4;eks=done");
        assert_eq!(parse(&text), all);
        // Whatever else is stored there is skipped, not a crash.
        assert_eq!(
            parse("x=0;=3;junk;vm=abc;vm=2"),
            vec![("vm".to_string(), Progress::Reached(1))]
        );
    }
}
