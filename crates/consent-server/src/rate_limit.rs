//! Rate limits per client address and per site: token buckets kept in memory.
//!
//! Each server keeps its own buckets, so behind a load balancer with N servers a client gets up to N times the rate;
//! that is fine for what the limits are for (keeping one client or one flood from filling the log), and needs no
//! shared state.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked clients, buckets that have refilled completely (idle clients) are dropped.
const MAX_TRACKED: usize = 100_000;

/// A sustained rate and the burst allowed above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Requests per second; 0 turns the limit off.
    pub per_second: f64,
    /// How many requests may come at once after a quiet period.
    pub burst: f64,
}

impl Rate {
    /// No limit.
    pub const UNLIMITED: Rate = Rate { per_second: 0.0, burst: 0.0 };

    /// `per_second` sustained, with a burst of `burst`.
    pub fn new(per_second: f64, burst: f64) -> Self {
        Rate { per_second, burst: burst.max(1.0) }
    }

    fn unlimited(&self) -> bool {
        self.per_second <= 0.0
    }
}

/// The limits a server enforces.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// Per client address (an IPv6 client by its /64, which one household or device usually holds). Default 10/s,
    /// burst 50: a visitor sends one record per decision; a whole office behind one address stays well under it.
    pub per_ip: Rate,
    /// Per site, over all clients. Default 2,000/s, burst 10,000.
    pub per_site: Rate,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits { per_ip: Rate::new(10.0, 50.0), per_site: Rate::new(2_000.0, 10_000.0) }
    }
}

impl RateLimits {
    /// No limits (benchmarks).
    pub const OFF: RateLimits = RateLimits { per_ip: Rate::UNLIMITED, per_site: Rate::UNLIMITED };
}

/// A refused request: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, at least 1, as `Retry-After` wants them.
    pub fn seconds(&self) -> u64 {
        self.0.as_secs_f64().ceil().max(1.0) as u64
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug)]
struct Buckets<K> {
    rate: Rate,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    fn new(rate: Rate) -> Self {
        Buckets { rate, buckets: Mutex::new(HashMap::new()) }
    }

    fn take(&self, key: &K, now: Instant) -> Result<(), RetryAfter> {
        if self.rate.unlimited() {
            return Ok(());
        }
        // A poisoned lock only means another request panicked mid-update; the buckets are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(key) {
            let rate = self.rate;
            buckets.retain(|_, bucket| refill(bucket, rate, now) < rate.burst);
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket { tokens: self.rate.burst, at: now });
        let tokens = refill(bucket, self.rate, now);
        if tokens >= 1.0 {
            *bucket = Bucket { tokens: tokens - 1.0, at: now };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(RetryAfter(Duration::from_secs_f64((1.0 - tokens) / self.rate.per_second)))
        }
    }
}

fn refill(bucket: &Bucket, rate: Rate, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    (bucket.tokens + elapsed * rate.per_second).min(rate.burst)
}

/// The buckets of one server.
#[derive(Debug)]
pub struct RateLimiter {
    ips: Buckets<IpAddr>,
    sites: Buckets<String>,
}

impl RateLimiter {
    /// A limiter with every bucket full.
    pub fn new(limits: RateLimits) -> Self {
        RateLimiter { ips: Buckets::new(limits.per_ip), sites: Buckets::new(limits.per_site) }
    }

    /// Takes a token for the client at `ip`.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), RetryAfter> {
        self.ips.take(&client_key(ip), Instant::now())
    }

    /// Takes a token for `site`.
    pub fn check_site(&self, site: &str) -> Result<(), RetryAfter> {
        self.sites.take(&site.to_owned(), Instant::now())
    }
}

/// IPv4 addresses count one by one; IPv6 by their /64, since one client can use any address of its prefix.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_until_tokens_refill() {
        let buckets = Buckets::new(Rate::new(2.0, 3.0));
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(buckets.take(&1, start), Ok(()));
        }
        let refused = buckets.take(&1, start).unwrap_err();
        assert_eq!(refused.seconds(), 1);
        assert_eq!(buckets.take(&2, start), Ok(()), "another client has its own bucket");
        assert_eq!(buckets.take(&1, start + Duration::from_millis(500)), Ok(()));
    }

    #[test]
    fn zero_means_unlimited() {
        let buckets = Buckets::new(Rate::UNLIMITED);
        let now = Instant::now();
        assert!((0..10_000).all(|_| buckets.take(&1, now).is_ok()));
    }

    #[test]
    fn an_ipv6_client_is_one_client_across_its_64() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
    }
}
