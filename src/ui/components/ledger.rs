//! The guarantees ledger in the side panel: the report's record counts, live, each broken guarantee expandable
//! into its records. The same numbers as `kafka-playground run` prints for a run stopped at this instant
//! (`tests/engine/ledger.rs`).
//!
//! Test hooks: `ledger` (`data-at-ms`: the instant it was made), `ledger-{field}` for each of the report's
//! `records` fields (`produced`, `acked`, `failed`, `lost_acked`, `duplicated`, `reordered`, `consumed`,
//! `consumed_twice`) with `data-count`.

use crate::engine::guarantees::Guarantees;
use crate::engine::ids::RecordId;
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
                                <li><button class="ledger__record" data-record-id={id.to_string()} title="inspect this record"
                                            onclick={on_record.reform(move |_: MouseEvent| id)}>{ text.clone() }</button></li>
                            }
                        }) }
                        if records.len() > LISTED {
                            <li class="ledger__more">{ format!("and {} more", records.len() - LISTED) }</li>
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
    let Some((g, at_ms)) = &props.ledger else {
        return html! {};
    };
    let c = &g.counts;
    let list = |v: &[RecordId]| v.iter().map(|r| (*r, record_name(*r))).collect::<Vec<_>>();
    let on = &props.on_record;
    html! {
        <ul class="ledger" data-testid="ledger" data-at-ms={at_ms.to_string()}>
            { row("produced", "sent", "records handed to send()", c.produced, Vec::new(), on) }
            { row("acked", "acknowledged", "callbacks with metadata (an offset)", c.acked, Vec::new(), on) }
            { row("failed", "failed", "callbacks with an exception (see the dead letters)", c.failed, list(&g.failed), on) }
            { row("lost_acked", "acknowledged, then lost",
                  "acknowledged records missing from their partition's leader's log: truncated after a leader change, or lost in an unclean election",
                  c.lost_acked, list(&g.lost_acked), on) }
            { row("duplicated", "duplicated", "extra copies in a partition log: a retry of a batch the broker had already written, without idempotence",
                  c.duplicated, list(&g.duplicated), on) }
            { row("reordered", "out of send order", "records after a later-sent record of the same producer in their partition's log: retries with more than one request in flight, without idempotence",
                  c.reordered, list(&g.reordered), on) }
            { row("consumed", "processed", "distinct records processed, per group", c.consumed, Vec::new(), on) }
            { row("consumed_twice", "processed twice", "records a group processed more than once: offsets not committed before a crash or a rebalance",
                  c.consumed_twice, g.consumed_twice.iter().map(|(grp, r, n)| (*r, format!("{} by {}, {n} times", record_name(*r), props.groups.get(grp.0 as usize).cloned().unwrap_or_else(|| format!("group-{}", grp.0))))).collect(), on) }
        </ul>
    }
}
