//! The socket: one thread per connection, which authenticates, reads one request and serves it.

use crate::context::Agent;
use crate::wire::{self, Decoder, Encoder, Failure};
use crate::{files, links, session, watch};
use std::io::{BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A client that has not authenticated and sent its request by then is dropped (it holds a thread).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECTION_STACK: usize = 256 * 1024;

pub fn serve(agent: Arc<Agent>, listener: UnixListener) {
    for connection in listener.incoming() {
        match connection {
            Ok(stream) => {
                let agent = agent.clone();
                let spawned = thread::Builder::new()
                    .name("connection".into())
                    .stack_size(CONNECTION_STACK)
                    .spawn(move || handle(&agent, stream));
                if let Err(e) = spawned {
                    eprintln!("warren-agent: cannot serve a connection: {e}");
                }
            }
            // Out of file descriptors or memory: wait for some to be released instead of spinning.
            Err(_) => thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn handle(agent: &Agent, stream: UnixStream) {
    let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::with_capacity(32 * 1024, read_half);
    let mut output = &stream;
    if let Err(failure) = authenticate(agent, &mut reader) {
        let _ = output.write_all(&failure.frame());
        return;
    }
    let request = match wire::read_frame(&mut reader) {
        Ok(Some(request)) => request,
        Ok(None) => return,
        Err(e) => {
            let _ = output.write_all(&Failure::bad_request(format!("The request could not be read: {e}.")).frame());
            return;
        }
    };
    let _ = stream.set_read_timeout(None);
    let payload = &request.payload;
    let result = match request.kind {
        wire::HEALTH => health(agent, &mut output),
        wire::START => session::start(agent, payload, reader, &stream),
        wire::ATTACH => session::attach(agent, payload, reader, &stream),
        wire::PROCESSES => session::list(agent, &mut output),
        wire::SIGNAL => session::signal(agent, payload).map(|()| ok(&mut output)),
        wire::STDIN => session::stdin(agent, payload).map(|()| ok(&mut output)),
        wire::CLOSE_STDIN => session::close_stdin(agent, payload).map(|()| ok(&mut output)),
        wire::RESIZE => session::resize(agent, payload).map(|()| ok(&mut output)),
        wire::STAT => files::stat(payload, &mut output),
        wire::LIST => files::list(payload, &mut output),
        wire::MKDIR => files::make_directories(payload).map(|()| ok(&mut output)),
        wire::REMOVE => files::remove(payload).map(|()| ok(&mut output)),
        wire::RENAME => files::rename(payload).map(|()| ok(&mut output)),
        wire::READ => files::read(payload, &mut output),
        wire::WRITE => files::write(payload, reader, &mut output),
        wire::WATCH => watch::watch(payload, &stream),
        wire::SYMLINK => links::symlink(payload).map(|()| ok(&mut output)),
        other => Err(Failure::bad_request(format!("The agent does not know request type 0x{other:02x}."))),
    };
    if let Err(failure) = result {
        let _ = output.write_all(&failure.frame());
    }
}

/// The first frame must carry the secret; compared in constant time.
fn authenticate(agent: &Agent, reader: &mut impl std::io::BufRead) -> Result<(), Failure> {
    let hello = match wire::read_frame(reader) {
        Ok(Some(frame)) if frame.kind == wire::HELLO => frame,
        _ => return Err(Failure::denied("The first frame must be hello, carrying the secret.")),
    };
    let mut decoder = Decoder::new(&hello.payload);
    let version = decoder.u8()?;
    if version != wire::PROTOCOL_VERSION {
        return Err(Failure::bad_request(format!(
            "The client speaks protocol version {version}; this agent speaks {}.",
            wire::PROTOCOL_VERSION
        )));
    }
    if !constant_time_equal(decoder.bytes()?, &agent.secret) {
        return Err(Failure::denied("The secret does not match."));
    }
    Ok(())
}

fn constant_time_equal(given: &[u8], expected: &[u8]) -> bool {
    // The length is not secret (the server chooses it); the content is compared without early exit.
    let mut difference = (given.len() != expected.len()) as u8;
    for (index, byte) in expected.iter().enumerate() {
        difference |= byte ^ given.get(index).copied().unwrap_or(0);
    }
    std::hint::black_box(difference) == 0
}

fn health(agent: &Agent, output: &mut impl Write) -> Result<(), Failure> {
    let payload = Encoder::new()
        .str(env!("CARGO_PKG_VERSION"))
        .u64(agent.started.elapsed().as_millis() as u64)
        .u32(agent.table.running().len() as u32)
        .0;
    let _ = wire::send(output, wire::HEALTH_REPLY, &payload);
    Ok(())
}

fn ok(output: &mut impl Write) {
    let _ = wire::send(output, wire::OK, &[]);
}

#[cfg(test)]
mod tests {
    use super::constant_time_equal;

    #[test]
    fn compares_whole_secrets() {
        assert!(constant_time_equal(b"secret", b"secret"));
        assert!(!constant_time_equal(b"secreT", b"secret"));
        assert!(!constant_time_equal(b"secret!", b"secret"));
        assert!(!constant_time_equal(b"", b"secret"));
    }
}
