//! Load generators: consent submissions over keep-alive HTTP/1.1 connections, at a fixed rate (open loop) or flat
//! out (closed loop), each request a new consent id.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::figures::collect;
use crate::raw_http::{consent_body, consent_body_for, Connection};

/// Consent ids are never reused across the run, so every request is a new record.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A consent id number not used before in this run.
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// The site every submission names unless told otherwise (the demo config's).
const DEMO_SITE: &str = "demo-shop";

/// Open loop at `rate` requests/s over `connections` keep-alive connections. A pacer thread (precise to tens of
/// microseconds, unlike async timers) hands out the schedule round-robin; a connection still busy with its previous
/// request sends late, and latency is measured from each request's scheduled time, so a server that falls behind is
/// charged for the wait (no coordinated omission).
pub async fn fixed_rate(addr: SocketAddr, rate: u64, connections: u64, duration: Duration) -> (f64, Vec<u64>, u64) {
    let start = Instant::now() + Duration::from_millis(50);
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let total = (duration.as_secs_f64() * rate as f64).ceil() as u64;
    let mut schedules = Vec::new();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (slots, mut schedule) = tokio::sync::mpsc::unbounded_channel::<Instant>();
            schedules.push(slots);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let Ok(mut connection) = Connection::open(addr).await else { return (latencies, 1) };
                while let Some(scheduled) = schedule.recv().await {
                    match connection.post_json("/v1/consents", &consent_body(next_id())).await {
                        Ok(response) if response.status == 201 => {
                            latencies.push(scheduled.elapsed().as_micros() as u64)
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    std::thread::spawn(move || {
        for i in 0..total {
            let scheduled = start + interval.mul_f64(i as f64);
            if let Some(wait) = scheduled.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let _ = schedules[(i % connections) as usize].send(scheduled);
        }
    });
    collect(tasks, start).await
}

/// Closed loop on one server and the demo site: `connections` connections each sending back to back for `duration`.
pub async fn max_rate(addr: SocketAddr, connections: usize, duration: Duration) -> (f64, Vec<u64>, u64) {
    closed_loop(&[addr], &[DEMO_SITE.to_owned()], connections, duration).await
}

/// Closed loop over `connections` connections, connection i to server i mod n, request k for site k mod sites.
pub async fn closed_loop(
    addrs: &[SocketAddr],
    sites: &[String],
    connections: usize,
    duration: Duration,
) -> (f64, Vec<u64>, u64) {
    let start = Instant::now();
    let deadline = start + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|i| {
            let addr = addrs[i % addrs.len()];
            let sites = sites.to_vec();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let Ok(mut connection) = Connection::open(addr).await else { return (latencies, 1) };
                while Instant::now() < deadline {
                    let n = next_id();
                    let body = consent_body_for(n, &sites[(n % sites.len() as u64) as usize]);
                    let sent = Instant::now();
                    match connection.post_json("/v1/consents", &body).await {
                        Ok(response) if response.status == 201 => latencies.push(sent.elapsed().as_micros() as u64),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    collect(tasks, start).await
}
