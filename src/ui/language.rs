//! The page's language: `lang=` in the link, else the browser's (`navigator.language`), else English. The header's
//! switch changes it in place (the run keeps going) and writes `lang=` into the address without a reload, so a
//! shared link opens in the same language. `<html lang>` follows, for screen readers and fonts.
//!
//! The page fetches the Korean catalogue (`ko.txt`) the first time Korean is wanted ([`show`]); until it arrives the
//! page reads English, and if it cannot be had the page stays in English and says why.

use crate::i18n::{self, Lang};
use std::cell::{Cell, RefCell};
use yew::prelude::*;

type Waiter = (Box<dyn FnOnce(Lang)>, Box<dyn FnOnce(String)>);

thread_local! {
    /// The language last asked for: a catalogue arriving late shows only if it is still the one wanted.
    static WANTED: Cell<Lang> = const { Cell::new(Lang::En) };
    /// Who asked for Korean while its catalogue was being fetched (empty: no fetch under way). Every asker is
    /// answered: a press of the switch during the start-up fetch still writes `lang=` into the address.
    static WAITING: RefCell<Vec<Waiter>> = const { RefCell::new(Vec::new()) };
}

/// Asks for `lang`: `shown(lang)` at once when its words are here, else once the page has fetched them (Korean);
/// `failed(why)` if they cannot be had (the page stays as it is). Asking again while the fetch is under way waits
/// for the same fetch.
pub fn show(lang: Lang, shown: impl FnOnce(Lang) + 'static, failed: impl FnOnce(String) + 'static) {
    WANTED.with(|w| w.set(lang));
    if i18n::available(lang) {
        shown(lang);
        return;
    }
    let first = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        w.push((Box::new(shown), Box::new(failed)));
        w.len() == 1
    });
    if !first {
        return;
    }
    crate::ui::fetch::text(crate::ui::fetch::KO_TXT.into(), move |fetched| {
        let waiting = WAITING.with(|w| std::mem::take(&mut *w.borrow_mut()));
        let installed =
            fetched.and_then(|text| i18n::install_korean(text).map_err(|e| format!("ko.txt: {e}")));
        if WANTED.with(|w| w.get()) != lang {
            return;
        }
        for (shown, failed) in waiting {
            match &installed {
                Ok(()) => shown(lang),
                Err(why) => failed(why.clone()),
            }
        }
    });
}

/// Whether the Korean catalogue is being fetched (the switch says so while it is).
pub fn loading() -> bool {
    WAITING.with(|w| !w.borrow().is_empty())
}

/// The language to start with.
pub fn initial(from_link: Option<Lang>) -> Lang {
    from_link.unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map(|tag| Lang::from_tag(&tag))
            .unwrap_or_default()
    })
}

/// Makes `lang` the page's language: the catalogue lookups and `<html lang>`.
pub fn apply(lang: Lang) {
    i18n::set_lang(lang);
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
}

/// The page's language, from the `ContextProvider<Lang>` the app puts around the page. A component that shows
/// words calls it so that a switch draws it again: components are compared by their props, and a switch changes
/// none of them (the run, the step and what the reader typed stay as they were).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(i18n::lang)
}

/// `fragment` (without `#`) with its `lang=` set to `lang` (added, or replaced).
pub fn with_lang(fragment: &str, lang: Lang) -> String {
    let frag = fragment.trim_start_matches('#');
    let mut pairs: Vec<String> = frag
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .map(str::to_string)
        .collect();
    pairs.push(format!("lang={}", lang.code()));
    pairs.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_keeps_everything_but_the_old_language() {
        assert_eq!(
            with_lang("#preset=quickstart&lang=en", Lang::Ko),
            "preset=quickstart&lang=ko"
        );
        assert_eq!(with_lang("", Lang::En), "lang=en");
        assert_eq!(
            with_lang("lesson=acks&step=2", Lang::Ko),
            "lesson=acks&step=2&lang=ko"
        );
    }
}
