//! Checks every lesson file (`lessons/*.json`) at build time, so a malformed lesson fails the build with its file
//! name, and writes for `scenario::lesson` the lessons' index (name, file, section, title, fact, steps, preset and
//! edits: what the lesson index and a link need) and, natively only, the files themselves: the page fetches a lesson
//! file when it opens one.

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/scenario/lesson/schema.rs"]
mod schema;

fn main() {
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=src/scenario/lesson/schema.rs");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the lessons folder")
        .map(|e| e.expect("a lessons entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// Every lesson file, in file-name order: (file stem, JSON).\n\
         #[cfg(not(target_arch = \"wasm32\"))]\npub const FILES: &[(&str, &str)] = &[\n",
    );
    let mut index = String::from(
        "/// Every lesson's summary, in file-name order.\npub const INDEX: &[super::Summary] = &[\n",
    );
    let mut names = std::collections::BTreeSet::new();
    for f in &files {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        let text = std::fs::read_to_string(f).expect("a UTF-8 lesson file");
        let lesson: schema::Lesson =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("lessons/{stem}.json: {e}"));
        if let Err(e) = schema::check(&lesson, stem) {
            panic!("lessons/{stem}.json: {e}");
        }
        if !names.insert(lesson.name.clone()) {
            panic!(
                "lessons/{stem}.json: a second lesson named '{}'",
                lesson.name
            );
        }
        writeln!(
            index,
            "    super::Summary {{ name: {:?}, file: {stem:?}, section: {:?}, title: [{:?}, {:?}], \
             fact: [{:?}, {:?}], steps: {}, preset: {:?}, edits: {:?} }},",
            lesson.name,
            lesson.section,
            lesson.title.en,
            lesson.title.ko,
            lesson.fact.en,
            lesson.fact.ko,
            lesson.steps.len(),
            lesson.preset,
            lesson.edits
        )
        .expect("write");
        println!("cargo:rerun-if-changed={}", f.display());
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write");
    }
    out.push_str("];\n");
    index.push_str("];\n");
    out.push_str(&index);
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lessons.rs");
    std::fs::write(dest, out).expect("write lessons.rs");
}
