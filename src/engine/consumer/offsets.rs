//! Committed offsets: OffsetCommit (auto-commit every `auto.commit.interval.ms` at the start of `poll()`,
//! `commitSync()`, `commitAsync()`) and OffsetFetch of the committed offsets of newly assigned partitions.
//!
//! Models: `ConsumerCoordinator` (`maybeAutoCommitOffsetsAsync`, `commitOffsetsSync` / `commitOffsetsAsync`,
//! `OffsetCommitResponseHandler`, `fetchCommittedOffsets` / `OffsetFetchResponseHandler`), `CommitFailedException`.
//!
//! Simplifications:
//! - A commit sends the positions of all assigned partitions that differ from what this consumer last saw
//!   committed; there is no offset metadata and no leader epoch.
//! - A failed `commitSync()` is not retried: the application sees the error and goes on.

use super::{AfterCommit, Consumer, ConsumerPhase, MemberState, Pending};
use crate::engine::ids::*;
use crate::engine::node::Ctx;
use crate::engine::protocol::*;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;
use crate::scenario::CommitMode;

impl Consumer {
    /// `enable.auto.commit` in force: the group commits automatically and the config does not turn it off.
    pub(super) fn auto_commit(&self) -> bool {
        self.commit_mode == CommitMode::Auto && self.config.enable_auto_commit
    }

    /// `maybeAutoCommitOffsetsAsync`: at the start of `poll()`, once `auto.commit.interval.ms` has passed, an async
    /// commit of what earlier polls returned.
    pub(super) fn maybe_auto_commit(&mut self, ctx: &mut Ctx<'_>) {
        if self.auto_commit()
            && self.state == MemberState::Stable
            && ctx.now >= self.next_auto_commit
            && !self.positions.is_empty()
        {
            self.next_auto_commit =
                ctx.now + Duration::from_ms(self.config.auto_commit_interval_ms);
            self.commit(ctx, false, AfterCommit::NextPoll);
        }
    }

    /// OffsetCommit of the positions not yet committed. A sync commit blocks the application thread until the
    /// answer, then it goes on with `after`; with nothing to commit it goes on at once.
    pub(super) fn commit(&mut self, ctx: &mut Ctx<'_>, sync: bool, after: AfterCommit) {
        let offsets: Vec<(TopicPartition, u64)> = self
            .positions
            .iter()
            .filter(|(tp, o)| self.assignment.contains(tp) && self.committed.get(tp) != Some(o))
            .map(|(tp, o)| (*tp, *o))
            .collect();
        let Some(co) = self
            .coordinator
            .filter(|_| !offsets.is_empty() && !self.member_id.is_empty())
        else {
            if sync {
                self.continue_after_commit(ctx, after);
            }
            return;
        };
        let (g, gen, m) = (self.group, self.generation, self.member_id.clone());
        self.request(ctx, Some(co), Pending::Commit { sync }, |c| {
            Message::OffsetCommitRequest {
                correlation_id: c,
                group: g,
                generation: gen,
                member_id: m,
                offsets,
            }
        });
        if sync {
            self.after_commit = Some(after);
            if self.phase != ConsumerPhase::Closing {
                self.set_phase(ctx, ConsumerPhase::Committing);
            }
        }
    }

    /// A commit failed: UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION surface as CommitFailedException; a sync commit
    /// returns to the application thread.
    pub(super) fn commit_failed(&mut self, ctx: &mut Ctx<'_>, e: KafkaError, sync: bool) {
        let error = match e {
            KafkaError::UnknownMemberId | KafkaError::IllegalGeneration => KafkaError::CommitFailed,
            other => other,
        };
        ctx.emit(TraceEvent::CommitFailed {
            at: ctx.now,
            consumer: self.idx,
            error,
        });
        if sync {
            if let Some(a) = self.after_commit.take() {
                self.continue_after_commit(ctx, a);
            }
        }
    }

    pub(super) fn handle_offset_commit_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        sync: bool,
        error: Option<KafkaError>,
        offsets: Vec<(TopicPartition, u64)>,
    ) {
        match error {
            None => {
                for (tp, o) in offsets {
                    self.committed.insert(tp, o);
                }
                if sync {
                    if let Some(a) = self.after_commit.take() {
                        self.continue_after_commit(ctx, a);
                    }
                }
            }
            Some(e) => {
                if matches!(
                    e,
                    KafkaError::UnknownMemberId | KafkaError::IllegalGeneration
                ) {
                    // OffsetCommitResponseHandler: resetGenerationOnResponseError, then CommitFailedException.
                    self.reset_generation(e);
                } else if e == KafkaError::RebalanceInProgress {
                    self.rejoin_needed = true;
                }
                if matches!(
                    e,
                    KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable
                ) {
                    self.coordinator_lost(ctx);
                }
                self.commit_failed(ctx, e, sync);
            }
        }
    }

    /// OffsetFetch of the committed offsets of `tps`, from the coordinator.
    pub(super) fn fetch_offsets_for(&mut self, ctx: &mut Ctx<'_>, tps: Vec<TopicPartition>) {
        let Some(co) = self.coordinator else { return };
        if tps.is_empty() {
            return;
        }
        let g = self.group;
        self.request(ctx, Some(co), Pending::OffsetFetch, |c| {
            Message::OffsetFetchRequest {
                correlation_id: c,
                group: g,
                tps,
            }
        });
    }

    /// A committed offset becomes the position; a partition without one goes through `auto.offset.reset`.
    pub(super) fn handle_offset_fetch_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        offsets: Vec<(TopicPartition, Option<u64>)>,
    ) {
        let mut missing = Vec::new();
        for (tp, o) in offsets {
            if !self.assignment.contains(&tp) {
                continue;
            }
            match o {
                Some(o) => {
                    self.committed.insert(tp, o);
                    self.positions.insert(tp, o);
                }
                None => missing.push(tp),
            }
        }
        self.reset_positions(ctx, missing);
        self.send_fetches(ctx);
    }
}
