//! Files served beside the page and fetched only when wanted, so that most visitors never download them: the Korean
//! catalogue (`ko.txt`, see `ui/language.rs`) and the lesson files (`lessons/FILE.json`). Trunk copies both into
//! `dist/` (index.html); native builds have them compiled in instead (`i18n`, `scenario::lesson`).
//!
//! Both are fetched with `?v=` and a hash of their content (written by `build.rs`), so a browser that cached an
//! older copy fetches the file again after a deploy changed it.
//!
//! A fetch that fails (offline, a 404, a file that does not read) answers with why, in English, naming the file;
//! nothing here panics. A lesson read once is kept for the page's life: going back to it opens it at once.

use crate::scenario::lesson::{self, Lesson, Summary};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// The Korean catalogue's address, with its content's version.
pub const KO_TXT: &str = assets::KO_TXT;

/// A lesson file's address, with its content's version.
fn lesson_path(file: &str) -> String {
    assets::LESSON_FILES
        .iter()
        .find(|(stem, _)| *stem == file)
        .map_or_else(
            || format!("lessons/{file}.json"),
            |(_, path)| path.to_string(),
        )
}

thread_local! {
    static LESSONS: RefCell<BTreeMap<&'static str, Rc<Lesson>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Fetches `path` (relative to the page) and hands `done` its text, or why not (`lessons/x.json: HTTP 404 File not
/// found`).
pub fn text(path: String, done: impl FnOnce(Result<String, String>) + 'static) {
    fetch_text(path, Box::new(done));
}

/// [`text`]'s body, behind a boxed `done`: one copy of the fetch's state machine in the page's wasm, not one per
/// caller (it was 5.5 KB a copy).
fn fetch_text(path: String, done: Box<dyn FnOnce(Result<String, String>)>) {
    wasm_bindgen_futures::spawn_local(async move {
        // The error names the file as the reader knows it, without the version.
        let file = path.split('?').next().unwrap_or(&path).to_string();
        done(get(&path).await.map_err(|why| format!("{file}: {why}")));
    });
}

async fn get(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(why)?
        .dyn_into()
        .map_err(why)?;
    if !response.ok() {
        return Err(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(response.text().map_err(why)?)
        .await
        .map_err(why)?;
    text.as_string().ok_or_else(|| "not text".to_string())
}

/// A rejected promise's reason, as words (`TypeError: Failed to fetch`).
fn why(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.to_string()),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// The lesson of `summary`, if this page has read its file already.
pub fn cached_lesson(summary: &Summary) -> Option<Rc<Lesson>> {
    LESSONS.with(|l| l.borrow().get(summary.name).cloned())
}

/// Fetches `lessons/FILE.json` and reads it (`scenario::lesson::parse`: the schema and the checks the build makes);
/// `done` gets the lesson or why not.
pub fn lesson(summary: &'static Summary, done: impl FnOnce(Result<Rc<Lesson>, String>) + 'static) {
    text(lesson_path(summary.file), move |fetched| {
        let read = fetched
            .and_then(|json| lesson::parse(summary, &json))
            .map(Rc::new);
        if let Ok(l) = &read {
            LESSONS.with(|c| c.borrow_mut().insert(summary.name, l.clone()));
        }
        done(read);
    });
}

#[cfg(test)]
mod tests {
    //! Goal: the versions in the fetched addresses follow the files' contents, so a changed file gets a new address.
    use super::*;

    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    fn version_of(path: &str) -> String {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        format!("{:016x}", fnv1a(&std::fs::read(file).expect("the file")))
    }

    #[test]
    fn addresses_carry_the_contents_version() {
        assert_eq!(
            KO_TXT,
            format!("ko.txt?v={}", version_of("src/i18n/ko.txt"))
        );
        assert_eq!(assets::LESSON_FILES.len(), lesson::index().len());
        for s in lesson::index() {
            let file = format!("lessons/{}.json", s.file);
            assert_eq!(
                lesson_path(s.file),
                format!("{file}?v={}", version_of(&file))
            );
        }
    }
}
