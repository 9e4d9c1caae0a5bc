//! Committed offsets of a group: OffsetCommit from a member of the current generation (or from a consumer outside
//! any group, generation -1 and no member id), and OffsetFetch of the positions to resume from.
//!
//! Models: `GroupCoordinator.handleCommitOffsets` / `handleFetchOffsets` and `GroupMetadataManager.storeOffsets`
//! (shared/KAFKA.md §6.1).
//!
//! Simplifications:
//! - Offsets live in the coordinator's store, not in `__consumer_offsets` records; there is no metadata string, no
//!   leader epoch and no retention.

use super::{consumer_of, GroupCoordinator, GroupState};
use crate::engine::ids::*;
use crate::engine::node::Ctx;
use crate::engine::protocol::*;
use crate::engine::trace::TraceEvent;

impl GroupCoordinator {
    /// OffsetCommit: stored only from a member of the current generation outside CompletingRebalance.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_offset_commit(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
        g: GroupIdx,
        generation: GenerationId,
        member_id: String,
        offsets: Vec<(TopicPartition, u64)>,
    ) {
        let grp = &mut self.groups[g.0 as usize];
        let error = if generation.0 < 0 && member_id.is_empty() {
            None
        } else if grp.member_index(from, &member_id).is_none() {
            Some(KafkaError::UnknownMemberId)
        } else if generation != grp.generation {
            Some(KafkaError::IllegalGeneration)
        } else if grp.state == GroupState::CompletingRebalance {
            Some(KafkaError::RebalanceInProgress)
        } else {
            None
        };
        if error.is_none() {
            for (tp, o) in &offsets {
                grp.offsets.insert(*tp, *o);
                ctx.emit(TraceEvent::OffsetCommitted {
                    at: ctx.now,
                    group: g,
                    consumer: consumer_of(from),
                    tp: *tp,
                    offset: *o,
                });
            }
        }
        ctx.send(
            from,
            Message::OffsetCommitResponse {
                correlation_id,
                error,
                offsets,
            },
        );
    }

    /// OffsetFetch: the committed offset of each partition, if any.
    pub(super) fn handle_offset_fetch(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
        g: GroupIdx,
        tps: Vec<TopicPartition>,
    ) {
        let grp = &self.groups[g.0 as usize];
        let offsets = tps
            .into_iter()
            .map(|tp| (tp, grp.offsets.get(&tp).copied()))
            .collect();
        ctx.send(
            from,
            Message::OffsetFetchResponse {
                correlation_id,
                error: None,
                offsets,
            },
        );
    }
}
