//! The application thread: the `while (running) { poll(); process each record; commit }` loop of a consumer
//! application, with `wakeup()`, `close()`, slow handlers and stop-the-world pauses.
//!
//! Models: `ClassicKafkaConsumer.poll` (coordinator work, then buffered records up to `max.poll.records`, else a
//! blocking wait up to the poll timeout), `wakeup()` / `WakeupException`, `close()` (auto-commit, then LeaveGroup),
//! and the commit modes of the group spec (auto, `commitSync()` before or after processing, `commitAsync()` after).
//!
//! Simplifications:
//! - Each record takes `processing_ms` of the thread, one after another; a scripted slow handler or GC pause holds
//!   the thread longer, and nothing else runs on it meanwhile.
//! - `close()` does not wait for the LeaveGroup answer.

use super::{AfterCommit, Consumer, MemberState};
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::KafkaError;
use crate::engine::time::{Duration, Instant};
use crate::engine::trace::{ConsumerLifecycle, ConsumerPhase, TraceEvent};
use crate::scenario::CommitMode;

impl Consumer {
    pub(super) fn set_phase(&mut self, ctx: &mut Ctx<'_>, p: ConsumerPhase) {
        if self.phase != p {
            self.phase = p;
            ctx.emit(TraceEvent::ConsumerPhaseChanged {
                at: ctx.now,
                consumer: self.idx,
                phase: p,
            });
        }
    }

    /// `wakeup()`: a blocked poll throws WakeupException now, otherwise the next one does.
    pub fn wakeup(&mut self, ctx: &mut Ctx<'_>) {
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: self.idx,
            what: ConsumerLifecycle::Wakeup,
        });
        if self.phase == ConsumerPhase::Polling {
            ctx.emit(TraceEvent::ConsumerErrored {
                at: ctx.now,
                consumer: self.idx,
                error: KafkaError::Wakeup,
            });
        } else {
            self.wakeup_pending = true;
        }
    }

    /// `wakeup()` then `close()`: commit if auto-commit, then LeaveGroup (dynamic members only).
    pub fn close(&mut self, ctx: &mut Ctx<'_>) {
        if !self.alive || matches!(self.phase, ConsumerPhase::Closing | ConsumerPhase::Closed) {
            return;
        }
        self.wakeup(ctx);
        self.wakeup_pending = false;
        self.set_phase(ctx, ConsumerPhase::Closing);
        ctx.cancel_timer(TimerKind::PollLoop);
        if self.auto_commit() && self.state == MemberState::Stable && !self.positions.is_empty() {
            self.commit(ctx, true, AfterCommit::Leave);
        } else {
            self.leave_and_close(ctx);
        }
    }

    fn leave_and_close(&mut self, ctx: &mut Ctx<'_>) {
        if self.config.group_instance_id.is_none() && !self.member_id.is_empty() {
            self.send_leave_group(ctx);
        }
        if !self.assignment.is_empty() {
            ctx.emit(TraceEvent::PartitionsRevoked {
                at: ctx.now,
                consumer: self.idx,
                partitions: self.assignment.clone(),
            });
        }
        self.assignment.clear();
        self.alive = false;
        self.set_phase(ctx, ConsumerPhase::Closed);
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: self.idx,
            what: ConsumerLifecycle::Closed,
        });
    }

    /// A slow handler: the record being processed now takes until `until` (heartbeats go on). A thread already held
    /// longer stays held: stalls overlap, they never shorten one another.
    pub fn slow_until(&mut self, ctx: &mut Ctx<'_>, until: Instant) {
        self.busy_until = Some(self.busy_until.map_or(until, |u| u.max(until)));
        self.emit_stalled(ctx, until, false);
    }

    /// A stop-the-world pause: no thread runs until `until`.
    pub fn pause(&mut self, ctx: &mut Ctx<'_>, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |u| u.max(until)));
        self.emit_stalled(ctx, until, true);
    }

    fn emit_stalled(&self, ctx: &mut Ctx<'_>, until: Instant, gc: bool) {
        if self.alive {
            ctx.emit(TraceEvent::ConsumerStalled {
                at: ctx.now,
                consumer: self.idx,
                until,
                gc,
            });
        }
    }

    /// The application thread's timer: its next step, unless a slow handler still holds it.
    pub(super) fn handle_poll_loop_timer(&mut self, ctx: &mut Ctx<'_>) {
        match self.busy_until {
            // The application thread is stuck in the handler; poll() is not called.
            Some(until) if ctx.now < until => ctx.set_timer_at(TimerKind::PollLoop, until),
            _ => {
                self.busy_until = None;
                self.poll_step(ctx)
            }
        }
    }

    /// One turn of the application's loop: `poll()` then process, then `poll()` again.
    fn poll_step(&mut self, ctx: &mut Ctx<'_>) {
        match self.phase {
            ConsumerPhase::Processing => return self.process_next(ctx),
            ConsumerPhase::Polling => {}
            _ => return,
        }
        // Start of poll(): coordinator work first.
        self.last_poll = ctx.now;
        self.heartbeat_stopped = false;
        if self.wakeup_pending {
            self.wakeup_pending = false;
            ctx.emit(TraceEvent::ConsumerErrored {
                at: ctx.now,
                consumer: self.idx,
                error: KafkaError::Wakeup,
            });
        }
        self.maybe_auto_commit(ctx);
        if !self.ensure_active_group(ctx) {
            return;
        }
        let out = self.collect_fetch();
        self.send_fetches(ctx);
        if out.is_empty() {
            // Block until records arrive or the poll timeout.
            if ctx.now >= self.poll_deadline {
                self.poll_deadline = ctx.now + self.poll_timeout;
            }
            ctx.set_timer_at(TimerKind::PollLoop, self.poll_deadline);
            return;
        }
        self.poll_deadline = Instant::ZERO;
        ctx.emit(TraceEvent::RecordsPolled {
            at: ctx.now,
            consumer: self.idx,
            records: out.clone(),
        });
        self.to_process = out.into();
        self.set_phase(ctx, ConsumerPhase::Processing);
        if self.commit_mode == CommitMode::SyncBeforeProcessing {
            self.commit(ctx, true, AfterCommit::Process);
        } else {
            self.schedule_processing(ctx);
        }
    }

    /// Whether the application thread goes on at once: no processing time, no slow handler holding it, no
    /// stop-the-world pause (a response can arrive during one; the thread resumes only when the pause ends).
    fn handles_instantly(&self, now: Instant) -> bool {
        self.processing == Duration::ZERO
            && self.busy_until.is_none()
            && self.paused_until.is_none_or(|u| now >= u)
    }

    fn schedule_processing(&mut self, ctx: &mut Ctx<'_>) {
        if self.handles_instantly(ctx.now) {
            // The application handles a poll's records back to back; with no processing time they are all handled
            // at this instant, in this step, rather than one timer per record.
            return self.process_next(ctx);
        }
        // A slow handler (`busy_until`) or a pause stretches this when the timer fires; nothing shortens it.
        ctx.set_timer(TimerKind::PollLoop, self.processing);
    }

    fn process_next(&mut self, ctx: &mut Ctx<'_>) {
        loop {
            if let Some((tp, offset, record)) = self.to_process.pop_front() {
                self.consumed += 1;
                ctx.emit(TraceEvent::RecordConsumed {
                    at: ctx.now,
                    consumer: self.idx,
                    group: self.group,
                    tp,
                    offset,
                    record,
                });
            }
            if self.to_process.is_empty() {
                break;
            }
            if !self.handles_instantly(ctx.now) {
                ctx.set_timer(TimerKind::PollLoop, self.processing);
                return;
            }
        }
        self.set_phase(ctx, ConsumerPhase::Polling);
        match self.commit_mode {
            CommitMode::SyncAfterProcessing => self.commit(ctx, true, AfterCommit::NextPoll),
            CommitMode::AsyncAfterProcessing => {
                self.commit(ctx, false, AfterCommit::NextPoll);
                ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
            }
            // With no processing time the next `poll()` follows at this instant, in this step (it drains the
            // buffer, so this recursion ends).
            _ if self.handles_instantly(ctx.now) => self.poll_step(ctx),
            _ => ctx.set_timer(TimerKind::PollLoop, Duration::ZERO),
        }
    }

    /// `commitSync()` returned (or threw): the application thread goes on where it was.
    pub(super) fn continue_after_commit(&mut self, ctx: &mut Ctx<'_>, after: AfterCommit) {
        match after {
            AfterCommit::Process => {
                self.set_phase(ctx, ConsumerPhase::Processing);
                self.schedule_processing(ctx);
            }
            AfterCommit::NextPoll => {
                self.set_phase(ctx, ConsumerPhase::Polling);
                ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
            }
            AfterCommit::Join => {
                self.set_phase(ctx, ConsumerPhase::Polling);
                // The commit is done; revoke and rejoin on this same poll.
                self.state = MemberState::Unjoined;
                ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
            }
            AfterCommit::Leave => self.leave_and_close(ctx),
        }
    }
}
