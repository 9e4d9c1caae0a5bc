//! The address bar: the fragment that replays the run (its scenario with interventions, the comparison, the lesson
//! step and the language), written with `history.replaceState`; an embedded playground never rewrites its own.

use super::{url, SimHost};
use crate::scenario::codec::{to_fragment, ViewOptions};
use crate::scenario::Scenario;
use yew::prelude::*;

impl SimHost {
    /// The address that replays `scenario` from the start with this page's view options.
    pub(super) fn fragment(&self, ctx: &Context<Self>, scenario: &Scenario) -> String {
        let route = &ctx.props().route.view;
        let lang = crate::i18n::lang();
        // The lesson followed, or the one whose file is on its way.
        let lesson = match &self.lesson {
            Some(l) => Some((l.lesson.name.as_str(), Some(l.step + 1))),
            None => self.lesson_loading,
        };
        let view = ViewOptions {
            start_us: None,
            from: self.base_preset.clone(),
            compare: self.compare.as_ref().map(|c| c.text()),
            lesson: lesson.map(|(name, _)| name.to_string()),
            step: lesson.and_then(|(_, step)| step),
            // The language goes in the address once a link or the switch chose one.
            lang: route
                .lang
                .map(|_| lang)
                .or((lang != crate::ui::language::initial(None)).then_some(lang)),
            ..route.clone()
        };
        // A lesson names its own scenario: while the run is that one, `lesson=` alone replays it.
        let lesson_own = lesson
            .and_then(|(name, _)| crate::scenario::lesson::summary(name))
            .and_then(|s| s.scenario().ok());
        if lesson_own.as_ref() == Some(scenario) {
            let view = ViewOptions {
                preset: None,
                from: None,
                ..view
            };
            return crate::scenario::codec::view_pairs(&view)
                .trim_start_matches('&')
                .to_string();
        }
        to_fragment(scenario, &view)
    }

    /// Rewrites the address to replay the run as it is now (its interventions, the comparison).
    pub(super) fn rewrite_address(&mut self, ctx: &Context<Self>) {
        if let Some(run) = &self.run {
            let fragment = self.fragment(ctx, run.sim().scenario());
            self.write_address(ctx, &fragment);
        }
    }

    /// Puts `fragment` in the address bar; an embedded playground never rewrites its address: its parent chose it.
    pub(super) fn write_address(&mut self, ctx: &Context<Self>, fragment: &str) {
        if !ctx.props().route.view.embed {
            self.url_error = url::replace_fragment(fragment).err();
        }
    }
}
