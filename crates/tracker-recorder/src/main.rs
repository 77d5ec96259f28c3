//! `tracker-recorder [--addr 127.0.0.1:8081]`: runs the fake tracker hosts and prints one line per request, so that a
//! person trying the demo sees the moment a tracker fires.

use std::process::ExitCode;

use tracker_recorder::Recorder;

const DEFAULT_ADDR: &str = "127.0.0.1:8081";
const USAGE: &str = "usage: tracker-recorder [--addr HOST:PORT]   (default 127.0.0.1:8081)";

fn main() -> ExitCode {
    let addr = match parse_addr(std::env::args().skip(1)) {
        Ok(addr) => addr,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let recorder = match Recorder::start_with_observer(&addr, |request| {
        println!("tracker request: {} {} {}", request.host, request.method, request.path)
    }) {
        Ok(recorder) => recorder,
        Err(error) => {
            eprintln!("tracker-recorder: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("tracker-recorder listening on http://{}", recorder.addr());
    recorder.wait();
    ExitCode::FAILURE
}

fn parse_addr(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    let mut addr = DEFAULT_ADDR.to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs a value")?,
            "-h" | "--help" => return Err("tracker-recorder: fake third-party tracker hosts".into()),
            other => match other.strip_prefix("--addr=") {
                Some(value) => addr = value.to_owned(),
                None => return Err(format!("unknown argument: {other}")),
            },
        }
    }
    Ok(addr)
}
