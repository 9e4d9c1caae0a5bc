//! The guarantees ledger in the side panel: the report's record counts, live, each broken guarantee expandable
//! into its records. The same numbers as `kafka-playground run` prints for a run stopped at this instant
//! (`tests/engine/ledger.rs`).
//!
//! Test hooks: `ledger` (`data-at-ms`: the instant it was made), `ledger-{field}` for each of the report's
//! `records` fields (`produced`, `acked`, `failed`, `lost_acked`, `duplicated`, `reordered`, `consumed`,
//! `consumed_twice`) with `data-count`.

use crate::engine::guarantees::Guarantees;
use crate::engine::ids::RecordId;
use crate::i18n::{t, tf};
use crate::viz::inspector::record_name;
use std::rc::Rc;
use yew::prelude::*;

/// Records listed per row at most.
const LISTED: usize = 20;

/// Props. Compared by the ledger's identity: the host makes a new one only when the run moved, and a deep compare
/// of its record lists on every animation frame would cost more than it saves.
#[derive(Properties)]
pub struct LedgerProps {
    /// The ledger, and the virtual instant (ms) it was made at.
    pub ledger: Option<(Rc<Guarantees>, u64)>,
    /// Group names by index.
    pub groups: Vec<String>,
    /// A listed record was clicked: inspect it.
    pub on_record: Callback<u64>,
}

impl PartialEq for LedgerProps {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.ledger, &other.ledger) {
            (Some((a, at)), Some((b, bt))) => Rc::ptr_eq(a, b) && at == bt,
            (None, None) => true,
            _ => false,
        };
        same && self.groups == other.groups && self.on_record == other.on_record
    }
}

/// One row: a label, a count, and (when the count is a broken guarantee) the records behind it, each a button that
/// opens the inspector.
fn row(
    field: &str,
    label: &str,
    hint: &str,
    count: u64,
    records: Vec<(RecordId, String)>,
    on_record: &Callback<u64>,
) -> Html {
    let bad = !records.is_empty();
    let head = html! {
        <>
            <span class="ledger__label">{ label }</span>
            <span class="ledger__count">{ count.to_string() }</span>
        </>
    };
    html! {
        <li class={classes!("ledger__row", bad.then_some("ledger__row--bad"))} data-testid={format!("ledger-{field}")}
            data-count={count.to_string()} title={hint.to_string()}>
            if bad {
                <details class="ledger__details">
                    <summary class="ledger__summary">{ head }</summary>
                    <ol class="ledger__records">
                        { for records.iter().take(LISTED).map(|(id, text)| {
                            let id = id.0;
                            html! {
                                <li><button class="ledger__record" data-record-id={id.to_string()} title={t("ledger.inspect")}
                                            onclick={on_record.reform(move |_: MouseEvent| id)}>{ text.clone() }</button></li>
                            }
                        }) }
                        if records.len() > LISTED {
                            <li class="ledger__more">{ tf("ledger.more", &[("n", &(records.len() - LISTED).to_string())]) }</li>
                        }
                    </ol>
                </details>
            } else {
                <div class="ledger__summary">{ head }</div>
            }
        </li>
    }
}

/// The ledger.
#[function_component(LedgerView)]
pub fn ledger_view(props: &LedgerProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let Some((g, at_ms)) = &props.ledger else {
        return html! {};
    };
    let c = &g.counts;
    let list = |v: &[RecordId]| v.iter().map(|r| (*r, record_name(*r))).collect::<Vec<_>>();
    let on = &props.on_record;
    let twice: Vec<(RecordId, String)> = g
        .consumed_twice
        .iter()
        .map(|(grp, r, n)| {
            let group = props
                .groups
                .get(grp.0 as usize)
                .cloned()
                .unwrap_or_else(|| format!("group-{}", grp.0));
            let (name, times) = (record_name(*r), n.to_string());
            let args: [(&str, &str); 3] =
                [("record", name.as_str()), ("group", &group), ("n", &times)];
            (*r, tf("ledger.consumed_twice.record", &args))
        })
        .collect();
    html! {
        <ul class="ledger" data-testid="ledger" data-at-ms={at_ms.to_string()}>
            { row("produced", t("ledger.produced"), t("ledger.produced.hint"), c.produced, Vec::new(), on) }
            { row("acked", t("ledger.acked"), t("ledger.acked.hint"), c.acked, Vec::new(), on) }
            { row("failed", t("ledger.failed"), t("ledger.failed.hint"), c.failed, list(&g.failed), on) }
            { row("lost_acked", t("ledger.lost_acked"), t("ledger.lost_acked.hint"), c.lost_acked, list(&g.lost_acked), on) }
            { row("duplicated", t("ledger.duplicated"), t("ledger.duplicated.hint"), c.duplicated, list(&g.duplicated), on) }
            { row("reordered", t("ledger.reordered"), t("ledger.reordered.hint"), c.reordered, list(&g.reordered), on) }
            { row("consumed", t("ledger.consumed"), t("ledger.consumed.hint"), c.consumed, Vec::new(), on) }
            { row("consumed_twice", t("ledger.consumed_twice"), t("ledger.consumed_twice.hint"), c.consumed_twice, twice, on) }
        </ul>
    }
}
