//! What the share dialog offers: a link to the run, a link to this moment, the iframe and SDK snippets that embed
//! it (with the chosen embed options), a Markdown link, and the scenario's JSON. Plain strings, so each is tested
//! natively (every link stays under [`MAX_LINK`] characters for any preset with ten edits).

use super::codec::{encode, view_pairs, Embedding, ViewOptions};
use super::{presets, Scenario};

/// Links longer than this break in some chat tools and old browsers; ours stay below it.
pub const MAX_LINK: usize = 2_000;

/// Everything the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// Replays the run from the start.
    pub run: String,
    /// Opens it paused at the instant shown.
    pub moment: String,
    /// The embedded page's address (with `embed=1` and the chosen options).
    pub embed_src: String,
    /// `<iframe …>` for a docs page.
    pub iframe: String,
    /// The SDK's `<script>` snippet (docs/embed.md).
    pub sdk: String,
    /// `[Kafka Playground: …](moment)`.
    pub markdown: String,
}

/// What the share dialog was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Request<'a> {
    /// The page's address without its fragment (`https://…/`).
    pub base: &'a str,
    /// The scenario running (with its interventions).
    pub scenario: &'a Scenario,
    /// The preset it started from, if any.
    pub preset: Option<&'a str>,
    /// The instant shown, µs.
    pub now_us: u64,
    /// The embed options chosen in the dialog.
    pub embedding: Embedding,
    /// The embed opens at the instant shown (else at t = 0).
    pub embed_at_moment: bool,
    /// The lesson open and its step (from 1): every link opens that step (`lesson=NAME&step=N`).
    pub lesson: Option<(&'a str, usize)>,
}

/// The scenario part of a fragment: `preset=NAME` when `scenario` is that preset unchanged, else `s=…` (with
/// `&from=NAME`, so the editor can list what differs).
pub fn scenario_part(scenario: &Scenario, preset: Option<&str>) -> String {
    match preset.filter(|p| presets::by_name(p).as_ref() == Some(scenario)) {
        Some(p) => format!("preset={p}"),
        None => {
            let from = preset.map_or_else(String::new, |p| format!("&from={p}"));
            format!("s={}{from}", encode(scenario))
        }
    }
}

/// Escapes `"`, `&`, `<` and `>` for an HTML attribute.
fn attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The full page at `base` running `part` (a [`scenario_part`]), opening paused at `at_us` if given.
pub fn link(base: &str, part: &str, at_us: Option<u64>) -> String {
    let view = ViewOptions {
        start_us: at_us,
        ..ViewOptions::default()
    };
    format!("{base}#{part}{}", view_pairs(&view))
}

/// Builds every link and snippet.
pub fn share(r: &Request) -> Share {
    // A lesson names its own scenario: while the run is that one, `lesson=` alone replays it.
    let lesson_own = r
        .lesson
        .and_then(|(name, _)| super::lesson::summary(name))
        .and_then(|l| l.scenario().ok());
    // While the run is the lesson's own, `lesson=NAME&step=N` leads the link in place of the scenario; after any
    // change the scenario leads and the lesson's step follows.
    let own = lesson_own.as_ref() == Some(r.scenario);
    let part = match r.lesson {
        Some((name, step)) if own => format!("lesson={name}&step={step}"),
        _ => scenario_part(r.scenario, r.preset),
    };
    let page = |at_us: Option<u64>| ViewOptions {
        start_us: at_us,
        lesson: r.lesson.filter(|_| !own).map(|(name, _)| name.to_string()),
        step: r.lesson.filter(|_| !own).map(|(_, step)| step),
        ..ViewOptions::default()
    };
    let run = format!("{}#{part}{}", r.base, view_pairs(&page(None)));
    let moment = format!("{}#{part}{}", r.base, view_pairs(&page(Some(r.now_us))));
    let embed_view = ViewOptions {
        embed: true,
        embedding: r.embedding.clone(),
        start_us: r.embed_at_moment.then_some(r.now_us),
        ..page(None)
    };
    let embed_src = format!("{}#{part}{}", r.base, view_pairs(&embed_view));
    let title = r
        .lesson
        .map(|(name, _)| name)
        .or(r.preset)
        .unwrap_or("a scenario");
    let iframe = format!(
        "<iframe src=\"{}\" title=\"Kafka Playground: {}\" width=\"800\" height=\"450\" style=\"border:0;max-width:100%\" loading=\"lazy\" allow=\"clipboard-write\"></iframe>",
        attr(&embed_src),
        attr(title)
    );
    // The fragment carries every embed option; the SDK adds embed=1 and origin= itself.
    let fragment = embed_src
        .split_once('#')
        .map_or("", |(_, f)| f)
        .replace("&embed=1", "")
        .replace('\'', "%27");
    let sdk = format!(
        "<div id=\"kafka-playground\"></div>\n<script src=\"{}sdk/kafka-playground.js\"></script>\n<script>\n  const playground = KafkaPlayground.embed('#kafka-playground', {{ fragment: '{fragment}' }});\n</script>",
        attr(r.base)
    );
    let when = if r.now_us == 0 {
        String::new()
    } else {
        format!(" at t = {}", super::codec::format_us_as_ms(r.now_us)) + " ms"
    };
    let markdown = format!("[Kafka Playground: {title}{when}]({moment})");
    Share {
        run,
        moment,
        embed_src,
        iframe,
        sdk,
        markdown,
    }
}

#[cfg(test)]
mod tests {
    //! Goal: every link and snippet opens the run it names; links stay short; snippets are safe HTML.
    use super::*;
    use crate::scenario::codec::{parse_fragment, Panel, Theme};
    use crate::scenario::compare;

    fn fragment_of(url: &str) -> &str {
        url.split_once('#').map(|(_, f)| f).expect("a fragment")
    }

    #[test]
    fn a_lesson_link_opens_its_step_and_keeps_the_readers_changes() {
        let lesson = crate::scenario::lesson::by_name("min-insync-replicas").expect("lesson");
        let own = crate::scenario::lesson::scenario(&lesson).expect("scenario");
        let r = Request {
            base: "https://example.org/kp/",
            scenario: &own,
            preset: Some(&lesson.preset),
            now_us: 9_250_000,
            embedding: Embedding {
                panel: Some(Panel::Lesson),
                ..Embedding::default()
            },
            embed_at_moment: false,
            lesson: Some(("min-insync-replicas", 2)),
        };
        let sh = share(&r);
        assert_eq!(
            sh.run,
            "https://example.org/kp/#lesson=min-insync-replicas&step=2"
        );
        let (back, view) = parse_fragment(fragment_of(&sh.moment)).expect("reads");
        assert_eq!(back.as_ref(), Some(&own), "the lesson names its scenario");
        assert_eq!(view.start_us, Some(9_250_000), "{}", sh.moment);
        assert_eq!(view.lesson.as_deref(), Some("min-insync-replicas"));
        let (_, view) = parse_fragment(fragment_of(&sh.embed_src)).expect("reads");
        assert!(view.embed);
        assert_eq!(view.lesson.as_deref(), Some("min-insync-replicas"));
        assert_eq!(view.step, Some(2));
        assert_eq!(view.embedding.panel, Some(Panel::Lesson));
        assert!(sh
            .iframe
            .contains("title=\"Kafka Playground: min-insync-replicas\""));
        // An intervention (or any change) makes the run differ from the lesson's: the scenario goes in the link.
        let mut changed = own.clone();
        changed.run_ms += 1_000;
        let sh = share(&Request {
            scenario: &changed,
            ..r
        });
        let (back, view) = parse_fragment(fragment_of(&sh.run)).expect("reads");
        assert_eq!(back.as_ref(), Some(&changed));
        assert_eq!(view.step, Some(2));
    }

    #[test]
    fn links_open_the_run_and_the_moment() {
        let s = presets::by_name("acks-1-data-loss").expect("preset");
        let r = Request {
            base: "https://example.org/kp/",
            scenario: &s,
            preset: Some("acks-1-data-loss"),
            now_us: 6_000_125,
            embedding: Embedding {
                autoplay: Some(false),
                theme: Some(Theme::Dark),
                panel: Some(Panel::Ledger),
                ..Embedding::default()
            },
            embed_at_moment: true,
            lesson: None,
        };
        let sh = share(&r);
        assert_eq!(sh.run, "https://example.org/kp/#preset=acks-1-data-loss");
        assert_eq!(
            sh.moment,
            "https://example.org/kp/#preset=acks-1-data-loss&t=6000.125"
        );
        let (back, view) = parse_fragment(fragment_of(&sh.embed_src)).expect("reads");
        assert_eq!(back.as_ref(), Some(&s));
        assert!(view.embed);
        assert_eq!(view.start_us, Some(6_000_125));
        assert_eq!(view.embedding, r.embedding);
        assert!(sh.iframe.starts_with("<iframe src=\"https://example.org/kp/#preset=acks-1-data-loss&amp;embed=1&amp;t=6000.125"));
        assert!(sh
            .iframe
            .contains("title=\"Kafka Playground: acks-1-data-loss\""));
        assert!(sh
            .sdk
            .contains("https://example.org/kp/sdk/kafka-playground.js"));
        assert!(
            sh.sdk
                .contains("fragment: 'preset=acks-1-data-loss&t=6000.125"),
            "{}",
            sh.sdk
        );
        assert!(!sh.sdk.contains("embed=1"));
        assert_eq!(
            sh.markdown,
            "[Kafka Playground: acks-1-data-loss at t = 6000.125 ms](https://example.org/kp/#preset=acks-1-data-loss&t=6000.125)"
        );
    }

    #[test]
    fn an_edited_run_is_carried_whole_and_every_link_stays_short() {
        let edits = compare::parse(
            "producers.acks=1\nproducers.linger.ms=25\nproducers.batch.size=32768\nproducers.retries=3\n\
             producers.max.in.flight.requests.per.connection=2\nproducers.enable.idempotence=false\n\
             groups.enable.auto.commit=false\ngroups.max.poll.records=50\ntopics.min.insync.replicas=1\n\
             groups.session.timeout.ms=30000",
        )
        .expect("ten edits");
        assert_eq!(edits.len(), 10);
        for name in presets::names() {
            let s = compare::apply(&presets::by_name(name).expect("preset"), &edits);
            let r = Request {
                base: "https://kafka-playground.example.org/",
                scenario: &s,
                preset: Some(name),
                now_us: 12_345_678,
                embedding: Embedding {
                    origin: Some("https://docs.example.org".into()),
                    autoplay: Some(true),
                    click_to_load: true,
                    theme: Some(Theme::Light),
                    panel: Some(Panel::Ledger),
                },
                embed_at_moment: true,
                lesson: None,
            };
            let sh = share(&r);
            for link in [&sh.run, &sh.moment, &sh.embed_src] {
                assert!(link.len() < MAX_LINK, "{name}: {} characters", link.len());
                let (back, _) = parse_fragment(fragment_of(link)).expect("reads");
                assert_eq!(back.as_ref(), Some(&s), "{name}");
            }
            assert!(sh.run.contains(&format!("&from={name}")));
        }
    }

    #[test]
    fn snippets_escape_what_html_would_read() {
        assert_eq!(attr("a\"b<c>&d"), "a&quot;b&lt;c&gt;&amp;d");
        let s = presets::default_scenario();
        let r = Request {
            base: "https://x.example/\"><script>",
            scenario: &s,
            preset: None,
            now_us: 0,
            embedding: Embedding::default(),
            embed_at_moment: false,
            lesson: None,
        };
        let sh = share(&r);
        assert!(!sh.iframe.contains("<script>"), "{}", sh.iframe);
        assert!(!sh.sdk.contains("\"><script>"), "{}", sh.sdk);
    }
}
