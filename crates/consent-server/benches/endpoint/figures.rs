//! One measurement's figures (writes per second and the latency distribution) and the table line they print as.

use std::time::Instant;

/// One measurement's result.
pub struct Figures {
    pub what: String,
    /// The request rate aimed at; `None` for flat out.
    pub target: Option<u64>,
    pub writes_per_sec: f64,
    /// Sorted, in microseconds.
    pub latencies_us: Vec<u64>,
    pub errors: u64,
}

impl Figures {
    /// The latency at quantile `p` (0 to 1) in milliseconds, if anything was measured.
    pub fn percentile(&self, p: f64) -> Option<f64> {
        if self.latencies_us.is_empty() {
            return None;
        }
        let index = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        Some(self.latencies_us[index] as f64 / 1000.0)
    }

    /// Prints the header of the table [`Figures::print`] writes lines of.
    pub fn print_header() {
        println!(
            "| {:<42} | {:>7} | {:>10} | {:>8} | {:>8} | {:>8} | {:>6} |",
            "what", "target", "writes/s", "p50", "p99", "max", "errors"
        );
        println!("|{:-<44}|{:->9}|{:->12}|{:->10}|{:->10}|{:->10}|{:->8}|", "", "", "", "", "", "", "");
    }

    /// Prints one line of the table.
    pub fn print(&self) {
        let target = self.target.map_or_else(|| "max".to_owned(), |t| format!("{t}/s"));
        println!(
            "| {:<42} | {:>7} | {:>10.0} | {:>8} | {:>8} | {:>8} | {:>6} |",
            self.what,
            target,
            self.writes_per_sec,
            ms(self.percentile(0.50)),
            ms(self.percentile(0.99)),
            ms(self.latencies_us.last().map(|v| *v as f64 / 1000.0)),
            self.errors
        );
    }
}

/// Milliseconds with two decimals, or `-` when nothing was measured.
pub fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

/// Waits for load tasks that each return their latencies and error count: the rate they achieved together since
/// `start`, their latencies sorted, and their errors.
pub async fn collect(tasks: Vec<tokio::task::JoinHandle<(Vec<u64>, u64)>>, start: Instant) -> (f64, Vec<u64>, u64) {
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok((latencies, failed)) = task.await {
            all.extend(latencies);
            errors += failed;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_unstable();
    (all.len() as f64 / elapsed, all, errors)
}
