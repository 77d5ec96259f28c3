//! A PostgreSQL cluster of a test's own, which the test can crash (`pg_ctl stop -m immediate`: every server process
//! killed at once, nothing flushed or checkpointed) and start again, replaying its WAL as after a power cut of the
//! database alone. The shared server of `scripts/with-postgres` cannot be crashed: other tests use it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A cluster in a temporary directory, stopped and removed when dropped.
pub struct PgCluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// Runs PostgreSQL's tools as the `postgres` user when the tests run as root (PostgreSQL refuses root).
    as_postgres: bool,
    _dir: tempfile::TempDir,
}

impl PgCluster {
    /// Initialises and starts a cluster on a free port; `None` when this machine has no PostgreSQL server binaries.
    pub fn start() -> Option<PgCluster> {
        let bin = server_binaries()?;
        let dir = tempfile::tempdir().expect("a directory for the cluster");
        let as_postgres = is_root();
        if as_postgres {
            run(Command::new("chown").arg("postgres:").arg(dir.path()));
            run(Command::new("chmod").arg("0755").arg(dir.path()));
        }
        let data = dir.path().join("data");
        let mut cluster = PgCluster { bin, data, port: free_port(), as_postgres, _dir: dir };
        let initdb = cluster.tool("initdb");
        run(cluster.command(&initdb).arg("-D").arg(&cluster.data).args(["-A", "trust", "-U", "postgres", "--no-sync"]));
        cluster.port = free_port();
        cluster.up();
        Some(cluster)
    }

    /// The URL of a database `name` on this cluster, created on first call.
    pub async fn database(&self, name: &str) -> String {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let admin = format!("postgres://postgres@127.0.0.1:{}/postgres", self.port);
        let mut connection = sqlx::AnyConnection::connect(&admin).await.expect("connecting to the test cluster");
        sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut connection).await.expect("creating a database");
        connection.close().await.ok();
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Kills every PostgreSQL process at once: what is only in shared memory (WAL not yet written out) is gone.
    pub fn crash(&self) {
        let pg_ctl = self.tool("pg_ctl");
        run(self.command(&pg_ctl).arg("-D").arg(&self.data).args(["-m", "immediate", "-w", "stop"]));
    }

    /// Starts the cluster (again, after [`PgCluster::crash`]: PostgreSQL replays its WAL first).
    pub fn up(&self) {
        let pg_ctl = self.tool("pg_ctl");
        let options = format!("-h 127.0.0.1 -p {} -k {} -c max_connections=100", self.port, self.data.display());
        let log = self.data.with_file_name("postgres.log");
        run(self
            .command(&pg_ctl)
            .arg("-D")
            .arg(&self.data)
            .arg("-l")
            .arg(log)
            .args(["-w", "-t", "60", "-o"])
            .arg(options)
            .arg("start"));
    }

    fn tool(&self, name: &str) -> PathBuf {
        self.bin.join(name)
    }

    fn command(&self, program: &Path) -> Command {
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let pg_ctl = self.tool("pg_ctl");
        let _ = self.command(&pg_ctl).arg("-D").arg(&self.data).args(["-m", "immediate", "-w", "stop"]).output();
    }
}

/// The newest `/usr/lib/postgresql/*/bin` with initdb and pg_ctl, as `scripts/with-postgres` looks for them.
fn server_binaries() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    found.sort_by_key(|bin| bin.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()?.parse::<u32>().ok()));
    found.pop()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("running {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
