//! A recorder running on its own thread, usable from synchronous and asynchronous code alike.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::request_log::{RecordedRequest, RequestLog};
use crate::routes;

/// The fake tracker hosts, listening on one address and recording every request. Stops when dropped.
///
/// It runs on a thread with its own single-threaded Tokio runtime, so it keeps answering even while the code that
/// started it blocks or its own runtime is busy.
#[derive(Debug)]
pub struct Recorder {
    addr: SocketAddr,
    log: RequestLog,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Recorder {
    /// Binds `addr` (use port 0 for a free port) and starts answering.
    pub fn start(addr: &str) -> io::Result<Self> {
        Self::start_with_log(addr, RequestLog::new())
    }

    /// Like [`Recorder::start`], calling `observer` with every request as it arrives (the binary prints them).
    pub fn start_with_observer(
        addr: &str,
        observer: impl Fn(&RecordedRequest) + Send + Sync + 'static,
    ) -> io::Result<Self> {
        Self::start_with_log(addr, RequestLog::with_observer(observer))
    }

    fn start_with_log(addr: &str, log: RequestLog) -> io::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let served_log = log.clone();
        let thread = std::thread::Builder::new().name(format!("tracker-recorder {addr}")).spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(error) => return eprintln!("tracker-recorder: cannot listen on {addr}: {error}"),
                };
                // Stopping drops the server and every open keep-alive connection at once: a browser that keeps a
                // connection open must not keep the recorder alive.
                tokio::select! {
                    result = routes::serve(listener, served_log) => {
                        if let Err(error) = result {
                            eprintln!("tracker-recorder: server on {addr} failed: {error}");
                        }
                    }
                    _ = stopped => {}
                }
            });
        })?;
        Ok(Self { addr, log, stop: Some(stop), thread: Some(thread) })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.log.snapshot()
    }

    /// Forgets every request received so far.
    pub fn clear(&self) {
        self.log.clear();
    }

    /// Blocks until the server stops, which only happens if it fails.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
