//! The queue of decisions not yet acknowledged by the endpoint. It lives in the browser's storage, so a decision made
//! offline, while the endpoint is down, or just before the page closes is sent later, on this page or the next, and
//! nothing is lost.
//!
//! Records are sent one at a time in the order they were made: the endpoint's log then has them in that order. A
//! record that fails for a reason that may pass (network error, timeout, 5xx, 429) is retried with exponential backoff
//! and jitter; one the endpoint refuses (any other 4xx) is dropped and reported, as sending it again would be refused
//! again.

use serde::{Deserialize, Serialize};

use crate::record::ConsentSubmission;

/// The first retry waits about this long; each further one twice as long.
pub const BASE_BACKOFF_MS: u64 = 2_000;
/// Retries never wait longer than this.
pub const MAX_BACKOFF_MS: u64 = 5 * 60_000;
/// Decisions kept at most. A visitor does not make this many choices between two successful sends; if one does,
/// the oldest are dropped, since the newest choice is the one in force.
pub const MAX_QUEUED: usize = 50;

/// One decision waiting to be acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The body to send, exactly as the visitor's choice made it.
    pub submission: ConsentSubmission,
    /// How many sends failed so far.
    pub attempts: u32,
    /// Not to be sent again before this time (Unix milliseconds).
    pub not_before_ms: u64,
}

/// How one send went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The endpoint acknowledged the record (stored now, or earlier).
    Acknowledged,
    /// The endpoint refused it for good: a 4xx other than 408 and 429.
    Refused {
        /// The HTTP status the endpoint answered.
        status: u16,
    },
    /// It may pass later: no network, a timeout, a 5xx, 408 or 429.
    Failed,
}

impl Outcome {
    /// The outcome of an HTTP answer with this status.
    pub fn from_status(status: u16) -> Self {
        match status {
            200..=299 => Outcome::Acknowledged,
            408 | 429 => Outcome::Failed,
            400..=499 => Outcome::Refused { status },
            _ => Outcome::Failed,
        }
    }
}

/// The queue, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncQueue {
    pending: Vec<Pending>,
}

impl SyncQueue {
    /// Parses the stored form; anything unreadable is an empty queue (and the caller says so on the console).
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The stored form (localStorage), read back by [`SyncQueue::from_json`].
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"pending\":[]}".into())
    }

    /// Whether every decision has been acknowledged.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// How many decisions are waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Every decision waiting, oldest first.
    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// Adds a decision to send as soon as the ones before it are sent. The same consent id is never queued twice.
    pub fn push(&mut self, submission: ConsentSubmission) {
        if self.pending.iter().any(|p| p.submission.consent_id == submission.consent_id) {
            return;
        }
        if self.pending.len() >= MAX_QUEUED {
            self.pending.remove(0);
        }
        self.pending.push(Pending { submission, attempts: 0, not_before_ms: 0 });
    }

    /// The decision to send now, if the oldest one is due: later ones wait for it, to keep the log in order.
    pub fn due(&self, now_ms: u64) -> Option<&Pending> {
        self.pending.first().filter(|p| p.not_before_ms <= now_ms)
    }

    /// When the oldest decision is due, if there is one.
    pub fn next_due_ms(&self) -> Option<u64> {
        self.pending.first().map(|p| p.not_before_ms)
    }

    /// Makes every decision due now: a new page is a new chance (the network or the endpoint may be back), so the
    /// backoff a previous page computed does not carry over. A page load tries once, not in a storm.
    pub fn retry_now(&mut self) {
        for pending in &mut self.pending {
            pending.not_before_ms = 0;
        }
    }

    /// Records how sending `consent_id` went. `jitter` in `[0, 1)` spreads retries of many visitors over time.
    pub fn record(&mut self, consent_id: &str, outcome: &Outcome, now_ms: u64, jitter: f64) {
        let Some(index) = self.pending.iter().position(|p| p.submission.consent_id == consent_id) else { return };
        match outcome {
            Outcome::Acknowledged | Outcome::Refused { .. } => {
                self.pending.remove(index);
            }
            Outcome::Failed => {
                let pending = &mut self.pending[index];
                pending.attempts = pending.attempts.saturating_add(1);
                pending.not_before_ms = now_ms.saturating_add(backoff_ms(pending.attempts, jitter));
            }
        }
    }
}

/// How long to wait after the `attempts`-th failure: `BASE_BACKOFF_MS · 2^(attempts-1)`, at most `MAX_BACKOFF_MS`,
/// scaled by a factor between 0.5 and 1 drawn from `jitter`.
pub fn backoff_ms(attempts: u32, jitter: f64) -> u64 {
    let doubling = attempts.saturating_sub(1).min(20);
    let full = BASE_BACKOFF_MS.saturating_mul(1 << doubling).min(MAX_BACKOFF_MS);
    let factor = 0.5 + jitter.clamp(0.0, 1.0) / 2.0;
    (full as f64 * factor) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::tests::submission;
    use proptest::prelude::*;

    fn with_id(n: u8) -> ConsentSubmission {
        let mut s = submission();
        s.consent_id = format!("3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e{n:02x}");
        s
    }

    #[test]
    fn decisions_go_in_order_and_a_failure_holds_the_ones_behind_it() {
        let mut queue = SyncQueue::default();
        queue.push(with_id(1));
        queue.push(with_id(2));
        assert_eq!(queue.due(0).unwrap().submission.consent_id, with_id(1).consent_id);
        queue.record(&with_id(1).consent_id, &Outcome::Failed, 1_000, 0.0);
        assert!(queue.due(1_500).is_none(), "the first waits for its backoff and the second waits for the first");
        assert_eq!(queue.next_due_ms(), Some(2_000));
        queue.record(&with_id(1).consent_id, &Outcome::Acknowledged, 2_000, 0.0);
        assert_eq!(queue.due(2_000).unwrap().submission.consent_id, with_id(2).consent_id);
    }

    #[test]
    fn a_new_page_retries_at_once() {
        let mut queue = SyncQueue::default();
        queue.push(with_id(1));
        queue.record(&with_id(1).consent_id, &Outcome::Failed, 1_000, 0.9);
        assert!(queue.due(1_001).is_none());
        queue.retry_now();
        assert_eq!(queue.due(1_001).map(|p| p.attempts), Some(1), "due again, the failure still counted");
    }

    #[test]
    fn a_refusal_drops_the_record_and_a_retry_of_the_same_id_is_not_queued_twice() {
        let mut queue = SyncQueue::default();
        queue.push(with_id(1));
        queue.push(with_id(1));
        assert_eq!(queue.len(), 1);
        queue.record(&with_id(1).consent_id, &Outcome::from_status(422), 0, 0.5);
        assert!(queue.is_empty());
    }

    #[test]
    fn statuses_that_may_pass_are_retried_and_the_rest_are_final() {
        assert_eq!(Outcome::from_status(201), Outcome::Acknowledged);
        assert_eq!(Outcome::from_status(200), Outcome::Acknowledged);
        assert_eq!(Outcome::from_status(503), Outcome::Failed);
        assert_eq!(Outcome::from_status(429), Outcome::Failed);
        assert_eq!(Outcome::from_status(413), Outcome::Refused { status: 413 });
    }

    #[test]
    fn the_stored_form_round_trips() {
        let mut queue = SyncQueue::default();
        queue.push(with_id(1));
        queue.record(&with_id(1).consent_id, &Outcome::Failed, 10, 0.3);
        assert_eq!(SyncQueue::from_json(&queue.to_json()).unwrap(), queue);
        assert!(SyncQueue::from_json("[1,2").is_err());
    }

    #[test]
    fn an_overfull_queue_drops_the_oldest() {
        let mut queue = SyncQueue::default();
        for n in 0..=MAX_QUEUED as u8 {
            queue.push(with_id(n));
        }
        assert_eq!(queue.len(), MAX_QUEUED);
        assert_eq!(queue.pending()[0].submission.consent_id, with_id(1).consent_id);
    }

    proptest! {
        #[test]
        fn backoff_doubles_within_bounds(attempts in 1u32..64, jitter in 0.0f64..1.0) {
            let wait = backoff_ms(attempts, jitter);
            prop_assert!(wait >= BASE_BACKOFF_MS / 2);
            prop_assert!(wait <= MAX_BACKOFF_MS);
            if attempts < 8 {
                prop_assert!(backoff_ms(attempts + 1, jitter) >= wait);
            }
        }

        #[test]
        fn whatever_happens_nothing_is_lost_until_acknowledged_or_refused(
            outcomes in proptest::collection::vec(0u8..3, 0..30)
        ) {
            let mut queue = SyncQueue::default();
            for n in 0..5u8 {
                queue.push(with_id(n));
            }
            let mut finished = 0;
            let mut now = 0u64;
            for outcome in outcomes {
                now += MAX_BACKOFF_MS;
                let Some(id) = queue.due(now).map(|p| p.submission.consent_id.clone()) else { break };
                let outcome = match outcome { 0 => Outcome::Acknowledged, 1 => Outcome::Refused { status: 400 }, _ => Outcome::Failed };
                if outcome != Outcome::Failed { finished += 1; }
                queue.record(&id, &outcome, now, 0.5);
            }
            prop_assert_eq!(queue.len() + finished, 5);
        }
    }
}
