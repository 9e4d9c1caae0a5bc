//! A real client's `.properties` file in and out of a scope: known keys become the scope's properties, the rest
//! (connection, security and class settings the simulation has no use for) are ignored with one warning each,
//! never an error.

use super::field::Scope;
use crate::scenario::config::{serializer_short_name, Props};
use crate::scenario::properties::{self, PropertiesError};
use crate::scenario::Scenario;

/// What an imported file gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The properties we simulate, as typed (serializer class names mapped to our short names).
    pub props: Props,
    /// `group.id` from a consumer file (it names the group rather than being a member property).
    pub group_id: Option<String>,
    /// One line per ignored key, naming it.
    pub warnings: Vec<String>,
}

/// Why a key we do not simulate is ignored.
fn ignored_reason(key: &str) -> &'static str {
    if key == "bootstrap.servers" || key == "client.dns.lookup" {
        "the simulated cluster has its own brokers"
    } else if key == "security.protocol" || key.starts_with("ssl.") || key.starts_with("sasl.") {
        "security is not simulated"
    } else if key.ends_with(".deserializer") {
        "records are not deserialized in the simulation"
    } else if key.starts_with("transactional.") || key.starts_with("transaction.") {
        "transactions are not simulated"
    } else {
        "not simulated (isn't a known config here)"
    }
}

/// Reads a `.properties` text for a scope.
pub fn import(scope: Scope, text: &str) -> Result<Imported, PropertiesError> {
    let mut out = Imported::default();
    let catalog = scope.catalog();
    for (key, value) in properties::load_pairs(text)? {
        let consumer = matches!(scope, Scope::Group(_) | Scope::Member(..));
        if consumer && key == "group.id" {
            out.group_id = Some(value.trim().to_string());
        } else if catalog.iter().any(|d| d.key == key) {
            let value = match key.as_str() {
                "key.serializer" | "value.serializer" => {
                    serializer_short_name(&value).unwrap_or(value)
                }
                _ => value.trim().to_string(),
            };
            out.props.insert(key, value);
        } else {
            out.warnings
                .push(format!("Ignored {key}: {}.", ignored_reason(&key)));
        }
    }
    Ok(out)
}

/// A scope's properties as `.properties` text: the values set (non-defaults) or every simulated key with its
/// current value.
pub fn export(s: &Scenario, scope: Scope, all: bool) -> String {
    let mut props = scope.props(s).cloned().unwrap_or_default();
    if all {
        for d in scope.catalog() {
            if !d.default.is_empty() {
                props
                    .entry(d.key.to_string())
                    .or_insert_with(|| d.default.to_string());
            }
        }
    }
    if let Scope::Group(g) = scope {
        if let Some(g) = s.consumer_groups.get(g) {
            props.insert("group.id".into(), g.group_id.clone());
        }
    }
    let what = if all {
        "every simulated property"
    } else {
        "properties that differ from Kafka's defaults"
    };
    properties::store(
        &props,
        &[
            format!("{} of \"{}\": {what}", scope.id(), s.title),
            "exported from Kafka Playground".into(),
        ],
    )
}

#[cfg(test)]
mod tests {
    //! Goal: a real client's file imports with one warning per ignored key and exports back to the same values.
    use super::*;
    use crate::scenario::presets;

    const CLIENT: &str = "# producer.properties of the orders service\n\
        bootstrap.servers=kafka-1:9092,kafka-2:9092\n\
        security.protocol=SSL\n\
        ssl.truststore.location=/etc/kafka/truststore.jks\n\
        ssl.truststore.password=changeit\n\
        key.serializer=org.apache.kafka.common.serialization.StringSerializer\n\
        value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer\n\
        acks=1\n\
        linger.ms = 20\n\
        batch.size: 65536\n\
        enable.idempotence=false\n";

    #[test]
    fn client_file_imports_with_warnings() {
        let got = import(Scope::Producer(0), CLIENT).expect("valid file");
        assert_eq!(got.props["acks"], "1");
        assert_eq!(got.props["linger.ms"], "20");
        assert_eq!(got.props["batch.size"], "65536");
        assert_eq!(got.props["key.serializer"], "string");
        assert_eq!(got.props["value.serializer"], "bytes");
        assert_eq!(got.warnings.len(), 4, "{:?}", got.warnings);
        for key in [
            "bootstrap.servers",
            "security.protocol",
            "ssl.truststore.location",
            "ssl.truststore.password",
        ] {
            assert!(got.warnings.iter().any(|w| w.contains(key)), "{key}");
        }
        let c = import(
            Scope::Group(0),
            "group.id=payments\nauto.offset.reset=earliest\nkey.deserializer=x\n",
        )
        .expect("valid");
        assert_eq!(c.group_id.as_deref(), Some("payments"));
        assert_eq!(c.props.len(), 1);
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn every_preset_scope_round_trips_through_properties() {
        for (name, s) in presets::all() {
            let mut scopes = vec![Scope::Cluster];
            scopes.extend((0..s.topics.len()).map(Scope::Topic));
            scopes.extend((0..s.producers.len()).map(Scope::Producer));
            scopes.extend((0..s.consumer_groups.len()).map(Scope::Group));
            for scope in scopes {
                let got = import(scope, &export(&s, scope, false)).expect("our export reads back");
                assert_eq!(Some(&got.props), scope.props(&s), "{name} {}", scope.id());
                assert!(
                    got.warnings.is_empty(),
                    "{name} {}: {:?}",
                    scope.id(),
                    got.warnings
                );
                if let Scope::Group(g) = scope {
                    assert_eq!(
                        got.group_id.as_deref(),
                        Some(s.consumer_groups[g].group_id.as_str())
                    );
                }
            }
        }
    }

    #[test]
    fn export_reads_back() {
        let mut s = presets::default_scenario();
        s.producers[0].config = import(Scope::Producer(0), CLIENT).expect("valid").props;
        let text = export(&s, Scope::Producer(0), false);
        assert_eq!(
            properties::load(&text).expect("reads"),
            s.producers[0].config
        );
        let all = properties::load(&export(&s, Scope::Producer(0), true)).expect("reads");
        assert_eq!(all["acks"], "1");
        assert_eq!(all["max.block.ms"], "60000");
        let g = properties::load(&export(&s, Scope::Group(0), false)).expect("reads");
        assert_eq!(g["group.id"], s.consumer_groups[0].group_id);
    }
}
