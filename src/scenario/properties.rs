//! `.properties` text, read and written by the rules of `java.util.Properties.load(Reader)` and `store(Writer)`,
//! so a real client's `producer.properties` or `consumer.properties` pastes in as Kafka would read it.
//!
//! Reading follows `Properties.LineReader` and `loadConvert`:
//! - natural lines end at `\n`, `\r` or `\r\n`; a line ending in an odd number of backslashes continues on the next
//!   one, whose leading whitespace (space, `\t`, `\f`) is skipped; a backslash at the very end of the text is dropped;
//! - blank lines and comment lines (first non-whitespace character `#` or `!`) are skipped, and a comment never
//!   continues;
//! - the key ends at the first unescaped `=`, `:` or whitespace; whitespace, then at most one `=` or `:`, then
//!   whitespace again separate it from the value;
//! - `\t` `\n` `\r` `\f` and `\uXXXX` are escapes, and a backslash before any other character stands for that
//!   character; a malformed `\uXXXX` is an error (Java throws `IllegalArgumentException`);
//! - a later line for the same key wins.
//!
//! Writing follows `store(Writer)`: keys escape space, `=`, `:`, `#`, `!` and backslash; values escape a leading
//! space; control characters are written as `\t` `\n` `\r` `\f`; other characters stay as they are (UTF-8).
//!
//! Native tests check the reader against the `java-properties` crate on generated files.

use super::config::Props;

/// A `.properties` text that Java would refuse to load.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct PropertiesError {
    /// 1-based natural line where the logical line starts.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\x0c'
}

/// Splits text into logical lines (continuations joined, comments and blank lines dropped), each with the natural
/// line number it starts on. Escapes are still in the text. This is `Properties.LineReader.readLine` step by step,
/// including its corner cases: a line that continuations leave empty is skipped like a blank line, except that a
/// dangling backslash at the very end of the text still yields an empty key.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut natural_line = 1;
    loop {
        let mut buf = String::new();
        let mut start_line = natural_line;
        let mut skip_white_space = true;
        let mut is_comment_line = false;
        let mut is_new_line = true;
        let mut appended_line_begin = false;
        let mut preceding_backslash = false;
        let mut skip_lf = false;
        let line = loop {
            let Some(&c) = chars.get(pos) else {
                if buf.is_empty() || is_comment_line {
                    break None;
                }
                if preceding_backslash {
                    buf.pop();
                }
                break Some(buf);
            };
            pos += 1;
            if skip_lf {
                skip_lf = false;
                if c == '\n' {
                    continue;
                }
            }
            if c == '\n' || (c == '\r' && chars.get(pos) != Some(&'\n')) {
                natural_line += 1;
            }
            if skip_white_space {
                if is_ws(c) || (!appended_line_begin && (c == '\r' || c == '\n')) {
                    continue;
                }
                skip_white_space = false;
                appended_line_begin = false;
            }
            if is_new_line {
                is_new_line = false;
                start_line = natural_line;
                if c == '#' || c == '!' {
                    is_comment_line = true;
                    continue;
                }
            }
            if c != '\n' && c != '\r' {
                if is_comment_line {
                    // The rest of a comment is skipped and leaves the backslash state alone (JDK 9+).
                    continue;
                }
                buf.push(c);
                preceding_backslash = c == '\\' && !preceding_backslash;
                continue;
            }
            if is_comment_line || buf.is_empty() {
                // A blank or comment line, or one that continuations left empty: start again.
                is_comment_line = false;
                is_new_line = true;
                skip_white_space = true;
                buf.clear();
                continue;
            }
            if pos >= chars.len() {
                if preceding_backslash {
                    buf.pop();
                }
                break Some(buf);
            }
            if !preceding_backslash {
                break Some(buf);
            }
            buf.pop();
            skip_white_space = true;
            appended_line_begin = true;
            preceding_backslash = false;
            skip_lf = c == '\r';
        };
        match line {
            Some(l) => out.push((start_line, l)),
            None => return out,
        }
    }
}

/// Resolves escapes (`loadConvert`).
fn unescape(s: &str, line: usize) -> Result<String, PropertiesError> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\x0c'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = (hex.len() == 4)
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .ok_or_else(|| PropertiesError {
                        line,
                        reason: format!("Malformed \\uxxxx encoding: \\u{hex}"),
                    })?;
                // Java strings are UTF-16: a lone surrogate cannot be represented here, so it becomes U+FFFD.
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Ok(out)
}

/// Splits one logical line into its raw (still escaped) key and value.
fn split_key_value(line: &str) -> (&str, &str) {
    let mut backslash = false;
    let mut key_end = line.len();
    let mut has_sep = false;
    for (i, c) in line.char_indices() {
        if backslash {
            backslash = false;
            continue;
        }
        if c == '\\' {
            backslash = true;
        } else if c == '=' || c == ':' {
            key_end = i;
            has_sep = true;
            break;
        } else if is_ws(c) {
            key_end = i;
            break;
        }
    }
    let key = &line[..key_end];
    let mut value_start = (key_end + 1).min(line.len());
    if key_end == line.len() {
        return (key, "");
    }
    for (i, c) in line[value_start..].char_indices() {
        if !is_ws(c) {
            if !has_sep && (c == '=' || c == ':') {
                has_sep = true;
            } else {
                value_start += i;
                return (key, &line[value_start..]);
            }
        }
    }
    (key, "")
}

/// Reads `.properties` text as `Properties.load(Reader)` does; the pairs come back in file order (a later duplicate
/// replaces the earlier value in [`load`]).
pub fn load_pairs(text: &str) -> Result<Vec<(String, String)>, PropertiesError> {
    logical_lines(text)
        .into_iter()
        .map(|(line, l)| {
            let (k, v) = split_key_value(&l);
            Ok((unescape(k, line)?, unescape(v, line)?))
        })
        .collect()
}

/// Reads `.properties` text into a map (later lines win).
pub fn load(text: &str) -> Result<Props, PropertiesError> {
    Ok(load_pairs(text)?.into_iter().collect())
}

fn escape(s: &str, is_key: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            ' ' if i == 0 || is_key => out.push_str("\\ "),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\x0c' => out.push_str("\\f"),
            '\\' | '=' | ':' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Writes one `key=value` line as `Properties.store` would (without the date comment).
pub fn store_line(key: &str, value: &str) -> String {
    format!("{}={}", escape(key, true), escape(value, false))
}

/// Writes a map as `.properties` text, a header comment first (each header line prefixed with `# `).
pub fn store(props: &Props, header: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(h);
        out.push('\n');
    }
    for (k, v) in props {
        out.push_str(&store_line(k, v));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    //! Goal: Java's own examples from the `Properties.load` javadoc read as Java reads them, and what we write reads
    //! back to the same map. The oracle comparison on generated files is in tests/engine/properties_oracle.rs.
    use super::*;

    #[test]
    fn javadoc_examples() {
        // "Truth = Beauty", "Truth:Beauty", "Truth :Beauty" all give Truth -> Beauty.
        for line in [
            "Truth = Beauty",
            "  Truth:Beauty",
            "Truth                    :Beauty",
            "Truth\tBeauty",
        ] {
            assert_eq!(load(line).expect(line)["Truth"], "Beauty", "{line:?}");
        }
        let fruits = "fruits                           apple, banana, pear, \\\n\
                      \x20                                 cantaloupe, watermelon, \\\n\
                      \x20                                 kiwi, mango";
        assert_eq!(
            load(fruits).expect("fruits")["fruits"],
            "apple, banana, pear, cantaloupe, watermelon, kiwi, mango"
        );
        assert_eq!(load("cheeses").expect("cheeses")["cheeses"], "");
    }

    #[test]
    fn comments_separators_escapes() {
        let text = "# a comment \\\nacks=all\n! another\r\n  linger.ms : 20\rkey\\ with\\=sep = v\\u0041\\q\nk = = v\n";
        let p = load(text).expect("valid");
        assert_eq!(p["acks"], "all");
        assert_eq!(p["linger.ms"], "20");
        assert_eq!(p["key with=sep"], "vAq");
        assert_eq!(p["k"], "= v");
        assert_eq!(p.len(), 4);
        assert_eq!(load("a=1\na=2").expect("valid")["a"], "2");
        assert_eq!(load("a=x\\").expect("valid")["a"], "x");
        assert_eq!(load("a=x\\\\").expect("valid")["a"], "x\\");
        // Continuation corners of Properties.LineReader: a continuation line never starts a comment; a line that
        // continuations leave empty is skipped; a lone dangling backslash at the end still makes an empty key.
        assert_eq!(
            load("a=1\\\n  #not a comment").expect("valid")["a"],
            "1#not a comment"
        );
        assert_eq!(load("\\\r\n\rb=2").expect("valid").len(), 1);
        assert_eq!(
            load("b=2\n\\").expect("valid").get(""),
            Some(&String::new())
        );
        let e = load("ok=1\nbad=\\u12").expect_err("malformed");
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("Malformed \\uxxxx"), "{e}");
    }

    #[test]
    fn store_reads_back() {
        let mut p = Props::new();
        for (k, v) in [
            ("plain", "value"),
            (" lead", " space"),
            ("a=b:c#d!e", "x=y\\z"),
            ("tab\tnl\n", "\r\x0cend "),
            ("utf", "카프카"),
            ("empty", ""),
        ] {
            p.insert(k.into(), v.into());
        }
        let text = store(&p, &["producer-0".into()]);
        assert!(text.starts_with("# producer-0\n"));
        assert_eq!(load(&text).expect("reads back"), p);
    }
}
