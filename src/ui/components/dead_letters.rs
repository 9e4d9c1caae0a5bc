//! Side-panel list of each producer's failed records: the dead-letter list an application keeps from its send
//! callbacks to correct and resend later.
//!
//! Test hooks: `dead-letters` (the list, `data-count`), `dead-letter-{record id}` (a row, with `data-exception`).

use crate::i18n::{t, tf};
use crate::viz::frame::DeadLetterGroup;
use yew::prelude::*;

/// Props: the groups to list (built by `viz::frame::dead_letter_groups`).
#[derive(Properties, PartialEq)]
pub struct DeadLettersProps {
    /// Per producer, newest first.
    pub groups: Vec<DeadLetterGroup>,
    /// A row was clicked: inspect its record.
    pub on_record: Callback<u64>,
}

/// The dead-letter lists.
#[function_component(DeadLetters)]
pub fn dead_letters(props: &DeadLettersProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let count: usize = props.groups.iter().map(|g| g.rows.len()).sum();
    html! {
        <div class="dead-letters" data-testid="dead-letters" data-count={count.to_string()}>
            if props.groups.is_empty() {
                <p class="panel__hint">{ t("dead_letters.empty") }</p>
            }
            { for props.groups.iter().map(|g| html! {
                <>
                    <h3 class="dead-letters__producer">
                        { format!("producer-{}", g.producer) }
                        <span class="dead-letters__total">{ if g.failed as usize > g.rows.len() {
                            format!(" · {}", tf("dead_letters.failed_newest", &[("failed", &g.failed.to_string()), ("shown", &g.rows.len().to_string())]))
                        } else {
                            format!(" · {}", tf("dead_letters.failed", &[("failed", &g.failed.to_string())]))
                        } }</span>
                    </h3>
                    <ol class="dead-letters__list">
                        { for g.rows.iter().map(|r| {
                            let id = r.record_id;
                            html! {
                            <li key={r.record_id} class="dead-letters__row" data-testid={format!("dead-letter-{}", r.record_id)}
                                data-record-id={r.record_id.to_string()} data-exception={r.exception} title={t("dead_letters.inspect")}
                                onclick={props.on_record.reform(move |_: MouseEvent| id)}>
                                <span class="dead-letters__time">{ r.at.clone() }</span>
                                <span class="dead-letters__record">{ tf("dead_letters.record", &[("n", &r.send_index.to_string())]) }</span>
                                <span class="dead-letters__partition">{ r.partition.clone().unwrap_or_else(|| t("dead_letters.no_partition").to_string()) }</span>
                                <span class="dead-letters__error">{ r.exception }</span>
                            </li>
                        }}) }
                    </ol>
                </>
            }) }
        </div>
    }
}
