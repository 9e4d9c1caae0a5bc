//! The catalogues: both languages have the same keys and placeholders, every key the source looks up exists, no
//! key is unused, Kafka's names survive translation, every preset's title and what-to-watch note is in both, and
//! the UI has no user-visible English left outside the catalogue.

use kafka_playground::i18n::{Catalogue, Lang, EN_SOURCE, KO_SOURCE};
use kafka_playground::scenario::presets;
use std::collections::BTreeSet;
use std::path::Path;

fn catalogues() -> (Catalogue, Catalogue) {
    (
        Catalogue::parse(EN_SOURCE).expect("en.txt reads"),
        Catalogue::parse(KO_SOURCE).expect("ko.txt reads"),
    )
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.insert(rest[i + 1..i + j].to_string());
        rest = &rest[i + j + 1..];
    }
    out
}

#[test]
fn both_languages_have_the_same_keys_once_each_and_the_same_placeholders() {
    let (en, ko) = catalogues();
    for (name, c) in [("en", &en), ("ko", &ko)] {
        let keys: Vec<&str> = c.keys().collect();
        let dup: Vec<&&str> = keys
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| &w[0])
            .collect();
        assert!(dup.is_empty(), "{name}.txt repeats keys: {dup:?}");
        let empty: Vec<&str> = c
            .entries()
            .iter()
            .filter(|(_, v)| v.trim().is_empty())
            .map(|(k, _)| *k)
            .collect();
        assert!(empty.is_empty(), "{name}.txt has empty texts: {empty:?}");
    }
    let ek: BTreeSet<&str> = en.keys().collect();
    let kk: BTreeSet<&str> = ko.keys().collect();
    assert!(
        ek.difference(&kk).next().is_none(),
        "missing in ko.txt: {:?}",
        ek.difference(&kk).collect::<Vec<_>>()
    );
    assert!(
        kk.difference(&ek).next().is_none(),
        "missing in en.txt: {:?}",
        kk.difference(&ek).collect::<Vec<_>>()
    );
    for (k, v) in en.entries() {
        let kv = ko.get(k).expect("same keys");
        assert_eq!(
            placeholders(v),
            placeholders(kv),
            "placeholders differ for {k}"
        );
    }
}

#[test]
fn kafka_names_are_never_translated() {
    // A Kafka config key or exception name in the English text must appear as is in the Korean.
    let (en, ko) = catalogues();
    let kafka_word = |w: &str| {
        (w.contains('.')
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
            && w.len() > 4
            && !w.ends_with('.'))
            || w.ends_with("Exception")
            || (w.len() > 3
                && w.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                && w.contains('_'))
    };
    for (k, v) in en.entries() {
        if k.starts_with("preset.") {
            continue; // checked with the presets below, against their own text
        }
        let kv = ko.get(k).expect("same keys");
        for w in v.split(|c: char| c.is_whitespace() || ",;:()'\"`".contains(c)) {
            let w = w.trim_end_matches(['.', '…']);
            if kafka_word(w) {
                assert!(
                    kv.contains(w),
                    "{k}: '{w}' is missing from the Korean text: {kv}"
                );
            }
        }
    }
}

#[test]
fn every_preset_has_its_title_and_watch_in_both_languages() {
    let (en, ko) = catalogues();
    for (name, s) in presets::all() {
        for (field, text) in [("title", &s.title), ("watch", &s.watch)] {
            let key = format!("preset.{name}.{field}");
            assert_eq!(
                en.get(&key),
                Some(text.as_str()),
                "en.txt's {key} must be the preset's own text"
            );
            assert!(ko.get(&key).is_some(), "ko.txt lacks {key}");
        }
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("source dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The string literal keys passed to `t("…")` / `tf("…"` / `key("…")` (a key looked up when shown) in `text`.
fn keys_used(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pat in ["t(", "tf(", "key("] {
        for (i, _) in text.match_indices(pat) {
            let before = text[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            // rustfmt may put the key on the next line.
            let rest = text[i + pat.len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                if let Some(end) = rest.find('"') {
                    out.push(rest[..end].to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_config_in_the_editor_has_its_line_in_both_languages_and_no_other() {
    use kafka_playground::scenario::catalog::SCOPES;
    let (en, ko) = catalogues();
    let mut expected = BTreeSet::new();
    for (scope, defs) in SCOPES {
        for d in defs {
            let key = format!("config.doc.{scope}.{}", d.key);
            assert_eq!(
                en.get(&key),
                Some(d.doc),
                "{key}: en.txt must say what catalog.rs says"
            );
            let k = ko
                .get(&key)
                .unwrap_or_else(|| panic!("{key} is not in ko.txt"));
            assert_ne!(k, d.doc, "{key} is not translated");
            expected.insert(key);
        }
    }
    let stray: Vec<&str> = en
        .keys()
        .filter(|k| k.starts_with("config.doc.") && !expected.contains(*k))
        .collect();
    assert!(stray.is_empty(), "config.doc keys of no config: {stray:?}");
}

#[test]
fn every_key_the_source_looks_up_exists_and_every_key_is_used() {
    let (en, _) = catalogues();
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut used = BTreeSet::new();
    let mut missing = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("utf-8");
        for k in keys_used(&text) {
            if en.get(&k).is_none() {
                missing.push(format!("{}: {k}", f.display()));
            }
            used.insert(k);
        }
    }
    assert!(
        missing.is_empty(),
        "keys looked up but not in the catalogue:\n{}",
        missing.join("\n")
    );
    let unused: Vec<&str> = en
        .keys()
        .filter(|k| !k.starts_with("preset.") && !used.contains(*k))
        .filter(|k| !k.starts_with("lang.")) // `lang.switch*` are looked up by the switch in both layouts
        .filter(|k| !k.starts_with("config.doc.")) // looked up by scope and key: the next test
        .collect();
    assert!(
        unused.is_empty(),
        "catalogue keys nothing looks up: {unused:?}"
    );
}

#[test]
fn the_ui_shows_no_english_outside_the_catalogue() {
    // A text node `{ "Some words" }` or an attribute a reader sees (`title="…"`, `aria-label="…"`,
    // `placeholder="…"`) written as an English literal in the UI is a string the Korean page would show in English.
    let mut files = Vec::new();
    sources(Path::new("src/ui"), &mut files);
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("utf-8");
        if f.to_string_lossy().ends_with("_tests.rs") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let l = line.trim_start();
            // A line marked `// i18n: not text` holds a literal that only looks like words (a CSS class, a mode).
            if l.starts_with("//") || l.contains("// i18n: not text") {
                continue;
            }
            for pat in ["{ \"", "title=\"", "aria-label=\"", "placeholder=\""] {
                for (i, _) in line.match_indices(pat) {
                    let rest = &line[i + pat.len()..];
                    let lit = rest.split('"').next().unwrap_or("");
                    // A JSON key (`{ "t_ms": … }`), a config key, a CSS class or a `scope.key=value` example is not
                    // text to translate.
                    let json_key = rest[lit.len()..].starts_with("\":");
                    let identifier = !lit.contains(' ')
                        && lit.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "._=-".contains(c)
                        });
                    if json_key || (identifier && lit.contains(['.', '_', '=', '-'])) {
                        continue;
                    }
                    let words = lit
                        .split_whitespace()
                        .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3)
                        .count();
                    // Kafka's and the product's own names are the same in both languages.
                    let own = ["Kafka Playground"].contains(&lit);
                    if words >= 1
                        && lit.chars().any(|c| c.is_ascii_lowercase())
                        && !own
                        && !lit.contains("{}")
                    {
                        found.push(format!("{}:{}: \"{lit}\"", f.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "UI text outside the catalogue ({}):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn a_korean_page_reads_korean_and_falls_back_to_english_only_for_missing_keys() {
    use kafka_playground::i18n::text_in;
    assert_ne!(
        text_in(Lang::Ko, "controls.play"),
        text_in(Lang::En, "controls.play")
    );
    assert!(text_in(Lang::Ko, "lessons.title")
        .chars()
        .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)));
}
