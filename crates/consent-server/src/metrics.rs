//! Counters for `/metrics`, in the Prometheus text exposition format.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::store::Store;

/// Upper bounds (seconds) of the store latency histogram: from a fast group commit to a stalled disk.
const LATENCY_BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// `(method, status, responses)` of one route.
type MethodStatusCount = (String, u16, u64);

/// What the server counts.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Route → [(method, status, count)]; looked up by `&str`, so counting allocates only for a new label set (a
    /// route sees a handful of method and status pairs).
    requests: Mutex<HashMap<String, Vec<MethodStatusCount>>>,
    stored: AtomicU64,
    duplicates: AtomicU64,
    refused: AtomicU64,
    rate_limited: AtomicU64,
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_us: AtomicU64,
}

impl Metrics {
    /// Counts a response to `method` on `route` (the route's pattern, not the raw path, so ids do not make labels).
    pub fn request(&self, method: &str, route: &str, status: u16) {
        let mut requests = self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let by_route = match requests.get_mut(route) {
            Some(by_route) => by_route,
            None => requests.entry(route.to_owned()).or_default(),
        };
        match by_route.iter_mut().find(|(m, s, _)| m == method && *s == status) {
            Some((_, _, count)) => *count += 1,
            None => by_route.push((method.to_owned(), status, 1)),
        }
    }

    /// Counts a consent committed to the log, and how long the store took.
    pub fn stored(&self, took: Duration) {
        self.stored.fetch_add(1, Ordering::Relaxed);
        self.latency(took);
    }

    /// Counts a retry of a consent already in the log.
    pub fn duplicate(&self, took: Duration) {
        self.duplicates.fetch_add(1, Ordering::Relaxed);
        self.latency(took);
    }

    /// Counts a consent refused as invalid (4xx other than rate limits).
    pub fn refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a request refused by a rate limit.
    pub fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    fn latency(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        for (bucket, bound) in self.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_us.fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Everything, in the Prometheus text format.
    pub fn render(&self, store: &Store) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        };
        let _ = writeln!(out, "# HELP consent_http_requests_total HTTP responses by route and status.");
        let _ = writeln!(out, "# TYPE consent_http_requests_total counter");
        let requests: BTreeMap<(String, String, u16), u64> = {
            let requests = self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let labelled = requests.iter().flat_map(|(route, by_route)| {
                by_route.iter().map(move |(method, status, count)| ((method.clone(), route.clone(), *status), *count))
            });
            labelled.collect()
        };
        for ((method, route, status), count) in requests {
            let _ = writeln!(
                out,
                "consent_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                route.replace('\\', "\\\\").replace('"', "\\\"")
            );
        }
        counter(&mut out, "consent_records_stored_total", "Consents committed to the log.", self.load(&self.stored));
        counter(
            &mut out,
            "consent_records_duplicate_total",
            "Retries of consents already in the log.",
            self.load(&self.duplicates),
        );
        counter(&mut out, "consent_records_refused_total", "Consents refused as invalid.", self.load(&self.refused));
        counter(
            &mut out,
            "consent_rate_limited_total",
            "Requests refused by a rate limit.",
            self.load(&self.rate_limited),
        );
        let _ = writeln!(out, "# HELP consent_store_seconds Time from handing a consent to the writer to its commit.");
        let _ = writeln!(out, "# TYPE consent_store_seconds histogram");
        for (bucket, bound) in self.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            let _ = writeln!(out, "consent_store_seconds_bucket{{le=\"{bound}\"}} {}", self.load(bucket));
        }
        let count = self.load(&self.latency_count);
        let _ = writeln!(out, "consent_store_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "consent_store_seconds_sum {}", self.load(&self.latency_sum_us) as f64 / 1e6);
        let _ = writeln!(out, "consent_store_seconds_count {count}");
        let _ = writeln!(out, "# HELP consent_commit_queue_depth Consents waiting for the group commit.");
        let _ = writeln!(
            out,
            "# TYPE consent_commit_queue_depth gauge\nconsent_commit_queue_depth {}",
            store.queue_depth()
        );
        let stats = store.writer_stats();
        counter(&mut out, "consent_commit_transactions_total", "Group commits.", stats.transactions());
        counter(&mut out, "consent_commit_rows_total", "Rows handled by group commits.", stats.rows());
        counter(
            &mut out,
            "consent_commit_failures_total",
            "Group commits that failed (their rows were retried one by one).",
            stats.failed_transactions(),
        );
        out
    }

    fn load(&self, counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}
