//! CPU time per acknowledged write, split by process: the servers, PostgreSQL (every process of its cluster) and the
//! load generator (this process).
//!
//! Throughput on a shared machine moves with whatever else runs; the CPU time each write costs hardly does. From it
//! follows the most writes per second the machine's cores allow at all, `cores × 1e6 / (µs per write)`: if one server
//! already needs about all of it, no design can make two or four servers on the same cores faster than one. Times come
//! from `/proc/PID/stat` (utime + stime, in clock ticks), so this works on Linux only; elsewhere the columns print `-`.

use std::path::PathBuf;
use std::time::Instant;

/// Clock ticks per second of `/proc/PID/stat` (`getconf CLK_TCK`; 100 on every Linux in use).
fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|ticks| *ticks > 0.0)
        .unwrap_or(100.0)
}

/// The fields of `/proc/PID/stat` after the command name (which may itself hold spaces and parentheses): index 0 is the
/// state (field 3 of proc(5)), 1 the parent's pid, 11 utime, 12 stime, 13 cutime, 14 cstime.
fn stat_fields(pid: u32) -> Option<Vec<u64>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    // The state is a letter; it is read as 0 so the indices stay those of proc(5) minus 3.
    Some(rest.split_whitespace().map(|field| field.parse().unwrap_or(0)).collect())
}

/// utime + stime of `pid` (every thread), with its reaped children's if `with_children`.
fn process_ticks(pid: u32, with_children: bool) -> Option<u64> {
    let fields = stat_fields(pid)?;
    let own = fields.get(11)? + fields.get(12)?;
    Some(if with_children { own + fields.get(13)? + fields.get(14)? } else { own })
}

/// A PostgreSQL cluster's processes: the postmaster, whose reaped children (backends that ended) count in its cutime,
/// and its living children (backends, WAL writer, checkpointer …).
fn cluster_ticks(postmaster: u32) -> Option<u64> {
    let mut total = process_ticks(postmaster, true)?;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        if let Some(fields) = stat_fields(pid) {
            if fields.get(1) == Some(&u64::from(postmaster)) {
                total += fields.get(11).unwrap_or(&0) + fields.get(12).unwrap_or(&0);
            }
        }
    }
    Some(total)
}

/// The busy and total jiffies of the whole machine (`/proc/stat`'s first line; idle and iowait are not busy).
fn machine_jiffies() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let values: Vec<u64> = text.lines().next()?.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3)? + values.get(4).unwrap_or(&0);
    Some((total - idle, total))
}

/// The processes whose CPU time a measurement splits.
pub struct Processes {
    pub servers: Vec<u32>,
    /// The postmaster of the PostgreSQL cluster, if it runs on this machine and its data directory can be read.
    pub postmaster: Option<u32>,
}

/// CPU ticks of each group at one moment.
pub struct Snapshot {
    at: Instant,
    server: Option<u64>,
    postgres: Option<u64>,
    load: Option<u64>,
    machine: Option<(u64, u64)>,
}

impl Processes {
    pub fn snapshot(&self) -> Snapshot {
        let server = self.servers.iter().map(|pid| process_ticks(*pid, false)).sum::<Option<u64>>();
        Snapshot {
            at: Instant::now(),
            server,
            postgres: self.postmaster.and_then(cluster_ticks),
            load: process_ticks(std::process::id(), false),
            machine: machine_jiffies(),
        }
    }
}

/// CPU µs per acknowledged write of each group between two snapshots, and how busy the whole machine was.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuPerWrite {
    pub server_us: Option<f64>,
    pub postgres_us: Option<f64>,
    pub load_us: Option<f64>,
    /// The share of all cores' time that was busy, whoever used it (other people's builds included), in %.
    pub machine_busy_pct: Option<f64>,
    /// The share of all cores' time the server, PostgreSQL and the load generator used together, in %.
    pub ours_pct: Option<f64>,
}

impl CpuPerWrite {
    /// Between `before` and `after`, over `writes` acknowledged writes.
    pub fn between(before: &Snapshot, after: &Snapshot, writes: usize) -> Self {
        let tick_us = 1e6 / ticks_per_second();
        let per_write = |a: Option<u64>, b: Option<u64>| {
            let (a, b) = (a?, b?);
            (writes > 0).then(|| b.saturating_sub(a) as f64 * tick_us / writes as f64)
        };
        let elapsed_us = after.at.duration_since(before.at).as_secs_f64() * 1e6;
        let ours_us = [(before.server, after.server), (before.postgres, after.postgres), (before.load, after.load)]
            .into_iter()
            .map(|(a, b)| Some(b?.saturating_sub(a?) as f64 * tick_us))
            .sum::<Option<f64>>();
        let machine_busy_pct = match (before.machine, after.machine) {
            (Some((busy_a, total_a)), Some((busy_b, total_b))) if total_b > total_a => {
                Some(100.0 * (busy_b - busy_a) as f64 / (total_b - total_a) as f64)
            }
            _ => None,
        };
        CpuPerWrite {
            server_us: per_write(before.server, after.server),
            postgres_us: per_write(before.postgres, after.postgres),
            load_us: per_write(before.load, after.load),
            machine_busy_pct,
            ours_pct: ours_us.map(|us| 100.0 * us / (elapsed_us * cores() as f64)),
        }
    }

    /// Server + PostgreSQL + load generator, if all three were measured.
    pub fn total_us(&self) -> Option<f64> {
        Some(self.server_us? + self.postgres_us? + self.load_us?)
    }

    /// The writes per second the machine's cores allow at this cost per write: `cores × 1e6 / total µs per write`.
    pub fn ceiling(&self) -> Option<f64> {
        self.total_us().filter(|us| *us > 0.0).map(|us| cores() as f64 * 1e6 / us)
    }
}

/// The machine's cores (`nproc`).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The postmaster's pid of the PostgreSQL server at `url`, from `postmaster.pid` in its data directory (readable when
/// the cluster is local and this process may read it, as with the throw-away cluster of `scripts/bench-endpoint`).
pub async fn postmaster_pid(url: &str) -> Option<u32> {
    use sqlx::Connection as _;
    let mut connection = sqlx::AnyConnection::connect(url).await.ok()?;
    let (directory,): (String,) = sqlx::query_as("SHOW data_directory").fetch_one(&mut connection).await.ok()?;
    let text = std::fs::read_to_string(PathBuf::from(directory).join("postmaster.pid")).ok()?;
    let pid: u32 = text.lines().next()?.trim().parse().ok()?;
    std::path::Path::new(&format!("/proc/{pid}")).exists().then_some(pid)
}

/// µs with no decimals, or `-`.
pub fn us(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.0}"))
}
