//! Scenario <-> URL fragment.
//!
//! The fragment is `#s=1.<base64url(deflate(compact JSON))>`: the number before the dot is the scenario format
//! version, so old links can be migrated forward. `#preset=NAME` names a built-in scenario. View options such as
//! `embed=1` or `speed=4` are separate `&key=value` pairs and never change the run.

use super::{lesson, presets, Scenario, ScenarioError, SCENARIO_VERSION};
use crate::i18n::Lang;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Largest decompressed scenario we accept (keeps a hostile link from eating memory).
const MAX_JSON_BYTES: usize = 1 << 20;

/// Encodes a scenario as the value of `s=` (without `#s=`).
pub fn encode(s: &Scenario) -> String {
    let json = super::json::compact(s);
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{SCENARIO_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Decodes the value of `s=`.
pub fn decode(value: &str) -> Result<Scenario, ScenarioError> {
    let err = |m: &str| ScenarioError::Decode(format!("malformed scenario link: {m}"));
    let (ver, body) = value
        .split_once('.')
        .ok_or_else(|| err("expected '<version>.<data>' after s="))?;
    let ver: u32 = ver
        .parse()
        .map_err(|_| err("the version before '.' is not a number"))?;
    if ver == 0 || ver > SCENARIO_VERSION {
        return Err(err(&format!(
            "format version {ver} is not supported by this build (reads 1..={SCENARIO_VERSION})"
        )));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(body.trim_end_matches('='))
        .map_err(|_| err("the data is not base64url"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|_| err("the data does not decompress (truncated link?)"))?;
    let text = std::str::from_utf8(&json).map_err(|_| err("the data is not UTF-8 JSON"))?;
    let scenario = Scenario::from_json(text)?;
    migrate(scenario, ver)
}

/// Moves an older format forward. Version 1 is the first, so there is nothing to do yet.
fn migrate(s: Scenario, _from: u32) -> Result<Scenario, ScenarioError> {
    Ok(s)
}

/// Slowest playback a link can ask for.
pub const MIN_SPEED: f64 = 0.1;
/// Fastest playback a link can ask for.
pub const MAX_SPEED: f64 = 1000.0;

/// View options carried beside the scenario in the fragment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewOptions {
    /// `embed=1`: hide the chrome for iframes.
    pub embed: bool,
    /// `speed=N`: playback speed, virtual seconds per wall second, in `[MIN_SPEED, MAX_SPEED]` (`0.25` slows down).
    pub speed: Option<f64>,
    /// `t=<ms>`: start paused at this virtual time, in µs (the link gives ms with up to three decimals).
    pub start_us: Option<u64>,
    /// The preset name when the link was `#preset=`.
    pub preset: Option<String>,
    /// `from=NAME`: the preset an edited scenario started from (the editor lists what differs from it).
    pub from: Option<String>,
    /// `edit=1`: show the scenario editor (in `embed=1`, where the side panel is otherwise hidden).
    pub edit: bool,
    /// `compare=producers.acks=all;...`: compare with a copy of the scenario with these edits (`scenario::compare`).
    pub compare: Option<String>,
    /// Embed options (`origin=`, `autoplay=`, `ctl=`, `theme=`, `panel=`): docs/embed.md.
    pub embedding: Embedding,
    /// `lesson=NAME`: the guided lesson shown beside the run (its scenario, unless `s=` or `preset=` names one).
    pub lesson: Option<String>,
    /// `step=N`: the lesson's step, from 1.
    pub step: Option<usize>,
    /// `lang=ko|en`: the page's language (unset: the browser's, else English).
    pub lang: Option<Lang>,
    /// `#lessons`: the lesson index instead of a run.
    pub lessons_index: bool,
}

/// How an embedded playground behaves (docs/embed.md).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embedding {
    /// `origin=`: the one origin whose messages may change the run (the postMessage API).
    pub origin: Option<String>,
    /// `autoplay=1` plays at once, `autoplay=0` never; unset: play once visible.
    pub autoplay: Option<bool>,
    /// `ctl=1`: a still poster until clicked (click to load).
    pub click_to_load: bool,
    /// `theme=light|dark` (unset: the reader's own choice on this browser, else `prefers-color-scheme`).
    pub theme: Option<Theme>,
    /// `panel=ledger` shows the guarantees ledger beside the stage in embed mode (`panel=none`: nothing).
    pub panel: Option<Panel>,
}

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

impl Theme {
    /// The other one (the header's toggle).
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// Its name in links and in `data-theme`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The panel an embedded playground shows beside its stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The stage alone.
    None,
    /// The guarantees ledger.
    Ledger,
    /// The lesson of `lesson=` (its steps, next and back).
    Lesson,
}

/// `%XX` escapes decoded (a link's `origin=` value); `None` when one is broken or the text is not UTF-8.
pub fn percent_decode(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `%`-escapes what a fragment value may not carry (`:`, `/`, `&`, `#`, `%`, space...).
pub fn percent_encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `6000` or `6000.125` (ms, at most three decimals) as µs; anything else (negative, NaN, more decimals) is `None`.
fn parse_ms_as_us(v: &str) -> Option<u64> {
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ms: u64 = whole.parse().ok()?;
    let us: u64 = format!("{frac:0<3}").parse().ok()?;
    ms.checked_mul(1000)?.checked_add(us)
}

/// The `t=` value for a virtual time in µs: whole ms, or ms with three decimals.
pub fn format_us_as_ms(us: u64) -> String {
    if us.is_multiple_of(1000) {
        format!("{}", us / 1000)
    } else {
        format!("{}.{:03}", us / 1000, us % 1000)
    }
}

/// The fragment (without `#`) that opens `scenario` with these view options; [`parse_fragment`] reads it back.
/// (`preset` is not written: the scenario itself is.)
pub fn to_fragment(scenario: &Scenario, view: &ViewOptions) -> String {
    format!("s={}{}", encode(scenario), view_pairs(view))
}

/// The fragment that opens a built-in scenario by name with these view options (`from` and `preset` are implied).
pub fn to_preset_fragment(name: &str, view: &ViewOptions) -> String {
    let view = ViewOptions {
        from: None,
        ..view.clone()
    };
    format!("preset={name}{}", view_pairs(&view))
}

/// The `&key=value` pairs of the view options, in a fixed order.
pub fn view_pairs(view: &ViewOptions) -> String {
    let mut f = String::new();
    if let Some(p) = view
        .from
        .as_deref()
        .filter(|p| presets::by_name(p).is_some())
    {
        f.push_str(&format!("&from={p}"));
    }
    if view.embed {
        f.push_str("&embed=1");
    }
    if view.edit {
        f.push_str("&edit=1");
    }
    if let Some(s) = view.speed {
        f.push_str(&format!("&speed={s}"));
    }
    if let Some(us) = view.start_us {
        f.push_str(&format!("&t={}", format_us_as_ms(us)));
    }
    if let Some(c) = view
        .compare
        .as_deref()
        .and_then(|c| super::compare::parse(c).ok())
    {
        f.push_str(&format!("&compare={}", super::compare::to_text(&c)));
    }
    let e = &view.embedding;
    if let Some(o) = &e.origin {
        f.push_str(&format!("&origin={}", percent_encode(o)));
    }
    if let Some(a) = e.autoplay {
        f.push_str(if a { "&autoplay=1" } else { "&autoplay=0" });
    }
    if e.click_to_load {
        f.push_str("&ctl=1");
    }
    if let Some(t) = e.theme {
        f.push_str(&format!("&theme={}", t.name()));
    }
    match e.panel {
        Some(Panel::None) => f.push_str("&panel=none"),
        Some(Panel::Ledger) => f.push_str("&panel=ledger"),
        Some(Panel::Lesson) => f.push_str("&panel=lesson"),
        None => {}
    }
    if let Some(l) = &view.lesson {
        f.push_str(&format!("&lesson={l}"));
        if let Some(n) = view.step {
            f.push_str(&format!("&step={n}"));
        }
    }
    if let Some(l) = view.lang {
        f.push_str(&format!("&lang={}", l.code()));
    }
    f
}

/// Reads a whole fragment (`#s=...&embed=1`, `#preset=name`), a full URL, or an empty string.
/// Returns `Ok(None)` when the fragment names no scenario.
pub fn parse_fragment(input: &str) -> Result<(Option<Scenario>, ViewOptions), ScenarioError> {
    let frag = match input.find('#') {
        Some(i) => &input[i + 1..],
        None if ["s=", "preset=", "lesson=", "lessons"]
            .iter()
            .any(|p| input.starts_with(p)) =>
        {
            input
        }
        None => "",
    };
    let mut view = ViewOptions::default();
    let mut scenario = None;
    for pair in frag.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "s" => scenario = Some(decode(v)?),
            "preset" => {
                let p = presets::by_name(v).ok_or_else(|| {
                    ScenarioError::Decode(format!(
                        "unknown preset '{v}' (try one of: {})",
                        presets::names().join(", ")
                    ))
                })?;
                view.preset = Some(v.to_string());
                scenario = Some(p);
            }
            "lesson" => {
                lesson::summary(v).ok_or_else(|| {
                    ScenarioError::Decode(format!(
                        "unknown lesson '{v}' (try one of: {})",
                        lesson::names().join(", ")
                    ))
                })?;
                view.lesson = Some(v.to_string());
            }
            // A step past the lesson's last opens its last (the host clamps); 0 or garbage opens the first.
            "step" => view.step = v.parse::<usize>().ok().filter(|n| *n >= 1),
            "lang" => view.lang = Lang::parse(v),
            "lessons" => view.lessons_index = true,
            "embed" => view.embed = v == "1" || v == "true",
            "edit" => view.edit = v == "1" || v == "true",
            // Checked when the comparison is built: a bad edit is shown there, the run itself still opens.
            "compare" => view.compare = Some(v.to_string()),
            // An unknown preset name here only loses the "from preset X" note, so it is ignored, not an error.
            "from" => view.from = presets::by_name(v).is_some().then(|| v.to_string()),
            "speed" => {
                view.speed = v
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (MIN_SPEED..=MAX_SPEED).contains(s))
            }
            "t" => view.start_us = parse_ms_as_us(v),
            // Embed options: a value that cannot be read is ignored (the playground still opens, as with speed=).
            // "null" (a file: or sandboxed host) would admit every opaque origin: not an origin to name.
            "origin" => {
                view.embedding.origin = percent_decode(v).filter(|o| !o.is_empty() && o != "null")
            }
            "autoplay" => {
                view.embedding.autoplay = match v {
                    "1" | "true" => Some(true),
                    "0" | "false" => Some(false),
                    _ => None,
                }
            }
            "ctl" => view.embedding.click_to_load = v == "1" || v == "true",
            "theme" => {
                view.embedding.theme = match v {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    _ => None,
                }
            }
            "panel" => {
                view.embedding.panel = match v {
                    "none" => Some(Panel::None),
                    "ledger" => Some(Panel::Ledger),
                    "lesson" => Some(Panel::Lesson),
                    _ => None,
                }
            }
            _ => {}
        }
    }
    if scenario.is_none() {
        if let Some(l) = view.lesson.as_deref().and_then(lesson::summary) {
            scenario = Some(l.scenario().map_err(ScenarioError::Decode)?);
        }
    }
    Ok((scenario, view))
}

#[cfg(test)]
mod tests {
    //! Goal: links round-trip, and every kind of damage gives a clear error instead of a panic.
    use super::*;

    #[test]
    fn round_trip() {
        let s = presets::default_scenario();
        let enc = encode(&s);
        assert!(enc.starts_with("1."));
        assert_eq!(decode(&enc).expect("round trip"), s);
        let (back, view) = parse_fragment(&format!("http://x/#s={enc}&embed=1")).expect("url");
        assert_eq!(back, Some(s));
        assert!(view.embed);
    }

    #[test]
    fn view_options_speed_and_start() {
        let (_, v) = parse_fragment("#preset=quickstart&speed=0.25&t=1500").expect("valid");
        assert_eq!((v.speed, v.start_us), (Some(0.25), Some(1_500_000)));
        let (_, v) = parse_fragment("#preset=quickstart&t=6000.125").expect("valid");
        assert_eq!(v.start_us, Some(6_000_125));
        assert_eq!(format_us_as_ms(6_000_125), "6000.125");
        assert_eq!(format_us_as_ms(6_000_005), "6000.005");
        assert_eq!(format_us_as_ms(6_000_000), "6000");
        for us in [0, 1, 999, 1_000, 6_000_125, 86_400_000_000] {
            let (_, v) = parse_fragment(&format!("#preset=quickstart&t={}", format_us_as_ms(us)))
                .expect("valid");
            assert_eq!(v.start_us, Some(us), "round trip of {us} µs");
        }
        let (_, v) = parse_fragment("#preset=quickstart&speed=100").expect("valid");
        assert_eq!(v.speed, Some(100.0));
        // Out of range or not a number: ignored, the link still opens.
        for bad in [
            "speed=0",
            "speed=5000",
            "speed=NaN",
            "speed=fast",
            "t=-3",
            "t=soon",
        ] {
            let (s, v) = parse_fragment(&format!("#preset=quickstart&{bad}")).expect("still opens");
            assert!(s.is_some());
            assert_eq!((v.speed, v.start_us), (None, None), "{bad}");
        }
    }

    #[test]
    fn to_fragment_round_trips_the_view() {
        let s = presets::default_scenario();
        let view = ViewOptions {
            embed: true,
            speed: Some(0.25),
            start_us: Some(6_000_125),
            preset: None,
            from: Some("quickstart".into()),
            edit: true,
            compare: Some("producers.acks=1;topics.min.insync.replicas=1".into()),
            embedding: Embedding::default(),
            lesson: None,
            step: None,
            lang: Some(crate::i18n::Lang::Ko),
            lessons_index: false,
        };
        let (back, v) = parse_fragment(&format!("#{}", to_fragment(&s, &view))).expect("valid");
        assert_eq!((back, v), (Some(s), view.clone()));
        let f = to_preset_fragment("quickstart", &view);
        assert_eq!(
            f,
            "preset=quickstart&embed=1&edit=1&speed=0.25&t=6000.125&compare=producers.acks=1;topics.min.insync.replicas=1&lang=ko"
        );
        let (back, v) = parse_fragment(&format!("#{f}")).expect("valid");
        assert_eq!(back, presets::by_name("quickstart"));
        assert_eq!(
            (v.preset.as_deref(), v.embed, v.edit),
            (Some("quickstart"), true, true)
        );
    }

    #[test]
    fn damage_is_an_error() {
        for bad in [
            "",
            "1",
            "1.@@@",
            "9.abc",
            "x.abc",
            "1.AAAA",
            "1.eJwLz0ksKklJLVJIy8xLLVbIzC0oyvtm",
        ] {
            assert!(decode(bad).is_err(), "{bad} should fail");
        }
        let enc = encode(&presets::default_scenario());
        assert!(decode(&enc[..enc.len() / 2]).is_err());
        assert!(parse_fragment("#preset=nope").is_err());
        assert_eq!(parse_fragment("").expect("empty").0, None);
    }

    #[test]
    fn embed_options_round_trip_and_bad_values_are_ignored() {
        let (_, v) = parse_fragment(
            "#preset=quickstart&embed=1&origin=http%3A%2F%2F127.0.0.1%3A9000&autoplay=0&ctl=1&theme=dark&panel=ledger",
        )
        .expect("valid");
        let e = &v.embedding;
        assert_eq!(e.origin.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(
            (e.autoplay, e.click_to_load, e.theme, e.panel),
            (Some(false), true, Some(Theme::Dark), Some(Panel::Ledger))
        );
        let f = to_preset_fragment("quickstart", &v);
        assert!(
            f.contains(
                "&origin=http%3A%2F%2F127.0.0.1%3A9000&autoplay=0&ctl=1&theme=dark&panel=ledger"
            ),
            "{f}"
        );
        let (_, back) = parse_fragment(&format!("#{f}")).expect("valid");
        assert_eq!(back.embedding, v.embedding);
        for bad in [
            "origin=%zz",
            "origin=%E2%82",
            "autoplay=maybe",
            "theme=neon",
            "panel=chart",
            "origin=",
        ] {
            let (s, v) = parse_fragment(&format!("#preset=quickstart&{bad}")).expect("still opens");
            assert!(s.is_some());
            assert_eq!(v.embedding, Embedding::default(), "{bad}");
        }
        assert_eq!(percent_decode("a%20b"), Some("a b".into()));
        assert_eq!(percent_encode("http://x:1/"), "http%3A%2F%2Fx%3A1%2F");
    }
}
