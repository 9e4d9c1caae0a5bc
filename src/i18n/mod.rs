//! The page's words in Korean and English. Strings live in one catalogue per language (`en.txt`, `ko.txt` beside
//! this file: `key = text` lines) and the UI looks them up by key. Kafka's own names (`acks`, `linger.ms`,
//! `NotEnoughReplicasException`, ISR, HW) stay as Kafka spells them in both.
//!
//! The language is one per page (a thread-local, set by the app from `lang=`, else the browser's language, else
//! English), so a view function need not carry it.
//!
//! English is compiled in everywhere (the engine's trace words scripted actions in English, and the page starts in
//! it). Korean is compiled in natively (tests, the CLI); the page (wasm32) leaves it out of its bundle and fetches
//! `ko.txt` when it is first wanted, handing it to [`install_korean`]; until then a Korean lookup reads English. `tests/i18n.rs` checks that both catalogues have the same keys
//! and placeholders and that every key the source looks up exists.

use std::cell::{Cell, OnceCell};
use std::fmt::{Display, Write};

/// A language of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English, the fallback.
    #[default]
    En,
    /// Korean: the tutorial's language.
    Ko,
}

impl Lang {
    /// Both, in switch order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 code (`lang=`, `<html lang>`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// `lang=` as given in a link: `ko`, `en` (case-insensitive); anything else is not ours.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// A browser language tag (`navigator.language`: `ko-KR`, `en-US`, `de`): Korean for `ko*`, else English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The other language (the switch's target).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }
}

/// The English catalogue's text.
pub const EN_SOURCE: &str = include_str!("en.txt");
/// The Korean catalogue's text (natively; the page fetches it: [`install_korean`]).
#[cfg(not(target_arch = "wasm32"))]
pub const KO_SOURCE: &str = include_str!("ko.txt");

/// What a Korean lookup reads before the page has the Korean catalogue: nothing, so English answers.
#[cfg(target_arch = "wasm32")]
static NO_CATALOGUE: Catalogue = Catalogue {
    entries: Vec::new(),
};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static EN: OnceCell<Catalogue> = const { OnceCell::new() };
    static KO: OnceCell<Catalogue> = const { OnceCell::new() };
}

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(|l| l.get())
}

/// Sets the page's language (the app does, before it draws).
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// One language's strings, sorted by key.
#[derive(Debug, Default)]
pub struct Catalogue {
    entries: Vec<(&'static str, &'static str)>,
}

impl Catalogue {
    /// Reads `key = text` lines; `#` starts a comment line; `\n` in a text is a line break. A line that is not
    /// `key = text` is reported with its line number.
    pub fn parse(source: &'static str) -> Result<Catalogue, String> {
        let mut entries = Vec::new();
        for (i, line) in source.lines().enumerate() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let Some((k, v)) = l
                .split_once(" = ")
                .or_else(|| l.strip_suffix(" =").map(|k| (k, "")))
            else {
                return Err(format!("line {}: expected `key = text`, got `{l}`", i + 1));
            };
            let v: &'static str = if v.contains("\\n") {
                Box::leak(v.replace("\\n", "\n").into_boxed_str())
            } else {
                v
            };
            entries.push((k.trim(), v));
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        Ok(Catalogue { entries })
    }

    /// The text for `key`.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.entries
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| self.entries[i].1)
    }

    /// Every key, sorted (with repeats if the file repeats one).
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    /// Every `(key, text)`.
    pub fn entries(&self) -> &[(&'static str, &'static str)] {
        &self.entries
    }
}

fn with_catalogue<R>(lang: Lang, f: impl FnOnce(&Catalogue) -> R) -> R {
    let load = |src: &'static str| Catalogue::parse(src).unwrap_or_default();
    match lang {
        Lang::En => EN.with(|c| f(c.get_or_init(|| load(EN_SOURCE)))),
        #[cfg(not(target_arch = "wasm32"))]
        Lang::Ko => KO.with(|c| f(c.get_or_init(|| load(KO_SOURCE)))),
        #[cfg(target_arch = "wasm32")]
        Lang::Ko => KO.with(|c| f(c.get().unwrap_or(&NO_CATALOGUE))),
    }
}

/// Whether `lang`'s words are here: always, but on the page Korean only once [`install_korean`] has taken them.
pub fn available(lang: Lang) -> bool {
    match lang {
        Lang::En => true,
        Lang::Ko => cfg!(not(target_arch = "wasm32")) || KO.with(|c| c.get().is_some()),
    }
}

/// Takes the Korean catalogue's text as fetched by the page (`ko.txt` beside it). A text that is not a catalogue (an
/// error page served in its place, a file cut short to nothing) is refused with why, and Korean stays unavailable.
/// Installing twice keeps the first.
pub fn install_korean(source: String) -> Result<(), String> {
    if KO.with(|c| c.get().is_some()) {
        return Ok(());
    }
    // One catalogue per page, kept for its life: its texts are `&'static` like the compiled-in English ones.
    let source: &'static str = Box::leak(source.into_boxed_str());
    let catalogue = Catalogue::parse(source)?;
    if catalogue.entries.is_empty() {
        return Err("the Korean catalogue is empty".into());
    }
    KO.with(|c| {
        let _ = c.set(catalogue);
    });
    Ok(())
}

/// `key`'s text in `lang`; English if the Korean catalogue lacks it; the key itself if neither has it (the
/// catalogue test fails first).
pub fn text_in(lang: Lang, key: &str) -> &'static str {
    with_catalogue(lang, |c| c.get(key))
        .or_else(|| with_catalogue(Lang::En, |c| c.get(key)))
        .unwrap_or_else(|| Box::leak(key.to_string().into_boxed_str()))
}

/// `key`'s text in the page's language.
pub fn t(key: &str) -> &'static str {
    text_in(lang(), key)
}

/// `key`'s text with each `{name}` replaced by its value.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, &dyn Display)> =
        args.iter().map(|(n, v)| (*n, v as &dyn Display)).collect();
    fill(t(key), &args)
}

/// A catalogue text with each `{name}` replaced by its value, written in one pass into one `String` (as `format!`
/// would: the frame builder makes these every animation frame). A `{name}` without a value stays as is.
pub fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 8 * args.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..open + len];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                let _ = write!(out, "{v}");
            }
            None => out.push_str(&rest[open..=open + len]),
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The values of `text` for the `{name}` placeholders of `template`, if `text` is `template` filled with values
/// that contain no space.
fn match_template<'t>(
    template: &'static str,
    text: &'t str,
) -> Option<Vec<(&'static str, &'t str)>> {
    let mut values = Vec::new();
    let (mut tpl, mut rest) = (template, text);
    while let Some(open) = tpl.find('{') {
        rest = rest.strip_prefix(&tpl[..open])?;
        let close = open + tpl[open..].find('}')?;
        let name = &tpl[open + 1..close];
        tpl = &tpl[close + 1..];
        let literal_end = tpl.find('{').unwrap_or(tpl.len());
        let next = &tpl[..literal_end];
        let end = match (next.is_empty(), literal_end == tpl.len()) {
            (true, true) => rest.len(),
            // Two placeholders side by side cannot be told apart.
            (true, false) => return None,
            (false, _) => rest.find(next)?,
        };
        let value = &rest[..end];
        if value.is_empty() || value.contains(' ') {
            return None;
        }
        values.push((name, value));
        rest = &rest[end..];
    }
    (rest == tpl).then_some(values)
}

/// Marks a catalogue key chosen now and looked up later (gettext's `gettext_noop`): the text is whatever the page's
/// language is when it is shown.
pub const fn key(key: &'static str) -> &'static str {
    key
}

/// A text kept as its catalogue key and values, so it reads in the language of the moment it is shown, not of the
/// moment it was made (a note made in Korean reads in English after the switch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    /// The catalogue key; `None`: the one value is shown as it is (a Kafka exception name needs no catalogue).
    key: Option<&'static str>,
    args: Vec<(&'static str, Arg)>,
}

/// One value of [`Words`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Arg {
    /// Shown as is (a number, a node's name, a Kafka error name).
    Value(String),
    /// Another catalogue text, looked up when shown.
    Words(Words),
}

impl Words {
    /// The text of `key` with each `{name}` filled from `args`.
    pub fn new(key: &'static str, args: &[(&'static str, &dyn Display)]) -> Words {
        Words {
            key: Some(key),
            args: args
                .iter()
                .map(|(n, v)| (*n, Arg::Value(v.to_string())))
                .collect(),
        }
    }

    /// A text that is the same in every language (`NotLeaderOrFollowerException`).
    pub fn plain(text: impl Display) -> Words {
        Words {
            key: None,
            args: vec![("", Arg::Value(text.to_string()))],
        }
    }

    /// The words behind `english`, a text made from the English of one of `keys` (the first whose template it
    /// fits). Values never contain a space, which keeps the match unambiguous. For texts that travel as English
    /// (the trace names a scripted action by its English description) and must still be shown translated.
    pub fn recognise(english: &str, keys: &[&'static str]) -> Option<Words> {
        keys.iter().find_map(|k| {
            let template = text_in(Lang::En, k);
            match_template(template, english).map(|values| Words {
                key: Some(*k),
                args: values
                    .into_iter()
                    .map(|(n, v)| (n, Arg::Value(v.to_string())))
                    .collect(),
            })
        })
    }

    /// `{name}` filled with another text (itself in the language of the moment).
    pub fn with_words(mut self, name: &'static str, words: Words) -> Words {
        self.args.push((name, Arg::Words(words)));
        self
    }

    /// The text in the page's language now.
    pub fn text(&self) -> String {
        self.text_in(lang())
    }

    /// The text in `lang`, whatever the page's language (a lesson matches a marker by its English).
    pub fn text_in(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, a)| {
                let v = match a {
                    Arg::Value(v) => v.clone(),
                    Arg::Words(w) => w.text_in(lang),
                };
                (*n, v)
            })
            .collect();
        let Some(key) = self.key else {
            return values.into_iter().map(|(_, v)| v).collect();
        };
        let args: Vec<(&str, &dyn Display)> = values
            .iter()
            .map(|(n, v)| (*n, v as &dyn Display))
            .collect();
        fill(text_in(lang, key), &args)
    }
}

/// Whether `key` is in `lang`'s catalogue (no fallback).
pub fn has(lang: Lang, key: &str) -> bool {
    with_catalogue(lang, |c| c.get(key).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_made_from_a_template_is_recognised_and_reads_in_korean() {
        let keys = [
            key("action.delay_produce_responses"),
            key("action.drop_produce_responses"),
        ];
        let en = "drop the next 3 produce responses to producer-0";
        let w = Words::recognise(en, &keys).expect("fits the drop template");
        assert_eq!(w.text_in(Lang::En), en);
        let ko = w.text_in(Lang::Ko);
        assert!(
            ko.contains('3') && ko.contains("producer-0") && ko != en,
            "{ko}"
        );
        let delay = "delay the next 2 produce responses to producer-1 by 300 ms";
        assert_eq!(
            Words::recognise(delay, &keys).map(|w| w.text_in(Lang::En)),
            Some(delay.to_string())
        );
        assert_eq!(Words::recognise("drop everything", &keys), None);
        assert_eq!(
            Words::recognise("drop the next 3 produce responses to producer-0 now", &keys),
            None
        );
    }

    #[test]
    fn words_read_in_the_language_they_are_shown_in() {
        let w = Words::new(key("viz.note.stalled"), &[("ms", &250)])
            .with_words("what", Words::new(key("viz.note.gc_pause"), &[]));
        set_lang(Lang::En);
        let en = w.text();
        set_lang(Lang::Ko);
        let ko = w.text();
        set_lang(Lang::En);
        assert!(en.contains("250") && ko.contains("250"), "{en} / {ko}");
        assert!(en.contains(t("viz.note.gc_pause")), "{en}");
        assert_ne!(en, ko);
        assert!(!en.contains('{') && !ko.contains('{'), "{en} / {ko}");
    }

    #[test]
    fn words_read_in_a_given_language_without_touching_the_page_language() {
        let w = Words::new(key("viz.note.stalled"), &[("ms", &250)])
            .with_words("what", Words::new(key("viz.note.gc_pause"), &[]));
        set_lang(Lang::Ko);
        let en = w.text_in(Lang::En);
        assert_eq!(lang(), Lang::Ko, "text_in leaves the page's language alone");
        assert_eq!(w.text(), w.text_in(Lang::Ko));
        set_lang(Lang::En);
        assert_eq!(en, w.text());
        assert!(en.contains(text_in(Lang::En, "viz.note.gc_pause")), "{en}");
        assert_ne!(en, w.text_in(Lang::Ko));
        assert_eq!(
            Words::plain("crash broker-2").text_in(Lang::Ko),
            "crash broker-2"
        );
    }

    #[test]
    fn a_fetched_korean_catalogue_is_installed_once_and_a_non_catalogue_refused() {
        // A fresh thread has fresh catalogues, as a page has before its fetch answers.
        std::thread::spawn(|| {
            let html = "<!doctype html>\n<title>404</title>".to_string();
            assert!(install_korean(html).unwrap_err().contains("line 1"));
            assert!(install_korean("# nothing but a comment".into()).is_err());
            install_korean("controls.play = 재생".into()).expect("a catalogue");
            install_korean("controls.play = second".into()).expect("kept the first");
            assert_eq!(text_in(Lang::Ko, "controls.play"), "재생");
            // A key the fetched text lacks reads in English.
            assert_eq!(
                text_in(Lang::Ko, "controls.step"),
                text_in(Lang::En, "controls.step")
            );
            assert!(available(Lang::Ko) && available(Lang::En));
        })
        .join()
        .expect("the thread's checks");
    }

    #[test]
    fn language_from_links_and_browsers() {
        assert_eq!(Lang::parse("KO"), Some(Lang::Ko));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::from_tag("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn lookups_follow_the_language_and_fill_placeholders() {
        set_lang(Lang::Ko);
        assert_eq!(t("lang.switch"), text_in(Lang::Ko, "lang.switch"));
        set_lang(Lang::En);
        assert_eq!(
            fill("t = {t} of {end}", &[("t", &"1 s"), ("end", &"2 s")]),
            "t = 1 s of 2 s"
        );
        assert!(Catalogue::parse("no equals sign").is_err());
        let c = Catalogue::parse("b = two\na = one\\nline").expect("valid");
        assert_eq!(c.get("a"), Some("one\nline"));
        assert_eq!(c.get("c"), None);
    }
}
