//! Kafka's `ConfigException` text, explained in the page's language.
//!
//! A refused config value reads as Kafka words it (`Invalid value -1 for configuration linger.ms: Value must be at
//! least 0`, `config.rs` and `edit/field.rs` make it so): that is what an engineer greps for. On a Korean page the
//! same refusal is said in Korean first, with Kafka's sentence kept after it. Texts that are not a
//! `ConfigException` are shown as they are.

use crate::i18n::{fill, lang, t, Lang};

/// `message` in the page's language: a `ConfigException` inside it is explained (Kafka's text kept), the rest
/// (a prefix such as "this scenario cannot run: ") is left as it is.
pub fn explain(message: &str) -> String {
    if lang() == Lang::En {
        return message.to_string();
    }
    let Some(start) = message.find("Invalid value ") else {
        return message.to_string();
    };
    let kafka = &message[start..];
    let rest = &kafka["Invalid value ".len()..];
    let Some((value, rest)) = rest.split_once(" for configuration ") else {
        return message.to_string();
    };
    let Some((key, reason)) = rest.split_once(": ") else {
        return message.to_string();
    };
    let said = fill(
        t("config_error.invalid"),
        &[
            ("key", &key),
            ("value", &value),
            ("reason", &reason_text(reason)),
            ("kafka", &kafka),
        ],
    );
    format!("{}{said}", &message[..start])
}

/// The usual reasons of Kafka's validators (`ConfigDef.Range`, `ValidString`, the type parsers), in the page's
/// language; any other reason as it is.
fn reason_text(reason: &str) -> String {
    let reason = reason.trim_end_matches('.');
    if let Some(n) = reason.strip_prefix("Value must be at least ") {
        fill(t("config_error.at_least"), &[("n", &n)])
    } else if let Some(n) = reason.strip_prefix("Value must be no more than ") {
        fill(t("config_error.at_most"), &[("n", &n)])
    } else if reason == "Expected value to be a number" {
        t("config_error.number").to_string()
    } else if reason == "Expected value to be either true or false" {
        t("config_error.boolean").to_string()
    } else if let Some(list) = reason
        .strip_prefix("String must be one of: ")
        .or_else(|| reason.strip_prefix("Serializer must be one of: "))
    {
        fill(t("config_error.one_of"), &[("list", &list)])
    } else {
        reason.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_lang;

    fn in_korean(message: &str) -> String {
        set_lang(Lang::Ko);
        let out = explain(message);
        set_lang(Lang::En);
        out
    }

    #[test]
    fn a_korean_page_explains_the_refusal_and_keeps_kafkas_words() {
        let kafka = "Invalid value -1 for configuration linger.ms: Value must be at least 0";
        let ko = in_korean(kafka);
        assert!(ko.contains("linger.ms") && ko.contains("-1"), "{ko}");
        assert!(
            ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{ko}"
        );
        assert!(ko.ends_with(&format!("(Kafka: {kafka})")), "{ko}");
        assert!(!ko.contains('{'), "{ko}");
        // Each usual reason has its own words; an unusual one is kept.
        for reason in [
            "Value must be no more than 32",
            "Expected value to be a number.",
            "Expected value to be either true or false",
            "String must be one of: all, -1, 0, 1",
        ] {
            let ko = in_korean(&format!("Invalid value x for configuration acks: {reason}"));
            let said = ko.split(" (Kafka: ").next().unwrap_or("");
            assert!(
                !said.contains(reason.trim_end_matches('.')),
                "{reason}: {ko}"
            );
        }
        let odd = in_korean(
            "Invalid value 9 for configuration k: must be less than broker.session.timeout.ms",
        );
        assert!(
            odd.contains("must be less than broker.session.timeout.ms"),
            "{odd}"
        );
    }

    #[test]
    fn english_and_other_texts_are_left_as_they_are() {
        set_lang(Lang::En);
        let kafka = "this scenario cannot run: Invalid value 0 for configuration brokers: Value must be at least 1";
        assert_eq!(explain(kafka), kafka);
        assert_eq!(in_korean("unknown preset 'x'"), "unknown preset 'x'");
        let wrapped = in_korean(kafka);
        assert!(
            wrapped.starts_with("this scenario cannot run: "),
            "{wrapped}"
        );
        assert!(wrapped.contains("brokers"), "{wrapped}");
    }
}
