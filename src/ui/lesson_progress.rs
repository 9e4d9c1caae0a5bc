//! Lesson progress, remembered in `localStorage` on this browser only (nothing leaves it): for each lesson, the
//! furthest step reached. A sandboxed iframe without storage simply forgets.

const KEY: &str = "kafka-playground.lessons";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `name:step` pairs, `;`-separated, as stored.
pub fn parse(text: &str) -> Vec<(String, usize)> {
    text.split(';')
        .filter_map(|p| {
            let (n, s) = p.split_once(':')?;
            Some((n.to_string(), s.parse().ok()?))
        })
        .collect()
}

/// Every lesson's furthest step (from 1), as stored.
pub fn load() -> Vec<(String, usize)> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|t| parse(&t))
        .unwrap_or_default()
}

/// The furthest step reached in `lesson` (0: not started).
pub fn reached(all: &[(String, usize)], lesson: &str) -> usize {
    all.iter().find(|(n, _)| n == lesson).map_or(0, |(_, s)| *s)
}

/// Records that `step` (from 1) of `lesson` was reached, if it is further than before.
pub fn record(lesson: &str, step: usize) {
    let mut all = load();
    match all.iter_mut().find(|(n, _)| n == lesson) {
        Some((_, s)) if *s >= step => return,
        Some((_, s)) => *s = step,
        None => all.push((lesson.to_string(), step)),
    }
    let text = all
        .iter()
        .map(|(n, s)| format!("{n}:{s}"))
        .collect::<Vec<_>>()
        .join(";");
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &text);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_progress_reads_back_and_skips_damage() {
        let p = super::parse("acks:3;broken;idempotence:x;min-insync-replicas:4");
        assert_eq!(
            p,
            vec![
                ("acks".to_string(), 3),
                ("min-insync-replicas".to_string(), 4)
            ]
        );
        assert_eq!(super::reached(&p, "acks"), 3);
        assert_eq!(super::reached(&p, "other"), 0);
    }
}
