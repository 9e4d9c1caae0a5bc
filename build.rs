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
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("lessons.rs"), out).expect("write lessons.rs");
    write_asset_paths(&out_dir, &files);
}

/// The page fetches `ko.txt` and the lesson files under fixed names; `?v=` and the content's hash in the address
/// make a browser fetch a file again when a deploy changed it, instead of reading a stale copy from its cache.
fn write_asset_paths(out_dir: &str, lessons: &[std::path::PathBuf]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ko = root.join("src/i18n/ko.txt");
    println!("cargo:rerun-if-changed={}", ko.display());
    let version = |p: &Path| fnv1a(&std::fs::read(p).expect("an asset file"));
    let mut out = format!(
        "/// `ko.txt` with its content's version.\npub const KO_TXT: &str = \"ko.txt?v={:016x}\";\n\
         /// Each lesson file (by stem) with its content's version.\n\
         pub const LESSON_FILES: &[(&str, &str)] = &[\n",
        version(&ko)
    );
    for f in lessons {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        writeln!(
            out,
            "    ({stem:?}, \"lessons/{stem}.json?v={:016x}\"),",
            version(f)
        )
        .expect("write");
    }
    out.push_str("];\n");
    std::fs::write(Path::new(out_dir).join("assets.rs"), out).expect("write assets.rs");
}

/// FNV-1a, 64 bits: enough to tell two versions of a file apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
