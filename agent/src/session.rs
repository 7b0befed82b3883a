//! Process requests: `start` and `attach` keep their connection for output and control frames; `list`, `signal`,
//! `stdin`, `close_stdin` and `resize` answer once.

use crate::context::Agent;
use crate::process::{Process, Sink, exit_frame};
use crate::spawn::{self, StartRequest};
use crate::sys;
use crate::wire::{self, Decoder, Encoder, Failure};
use std::io::{BufRead, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::time::Duration;

/// An attached connection that does not take its output for this long is dropped: attaching must not stall a
/// process indefinitely (the starting connection, which owns the process, may).
const ATTACH_WRITE_TIMEOUT: Duration = Duration::from_secs(10);

pub fn start(agent: &Agent, payload: &[u8], reader: impl BufRead, stream: &UnixStream) -> Result<(), Failure> {
    let request = parse_start(payload)?;
    let sink = Sink::new(stream.try_clone().map_err(|_| Failure::internal("Cannot use the connection."))?);
    let process = {
        // Held until the pid is out: output the pump reads meanwhile waits behind this reply.
        let mut held = sink.hold();
        let process = spawn::start(agent, request, Some(sink.clone()))?;
        sink.send_held(&mut held, &started_frame(&process));
        process
    };
    follow(&process, &sink, reader, true);
    Ok(())
}

pub fn attach(agent: &Agent, payload: &[u8], reader: impl BufRead, stream: &UnixStream) -> Result<(), Failure> {
    let process = find(agent, Decoder::new(payload).u32()? as i32)?;
    let _ = stream.set_write_timeout(Some(ATTACH_WRITE_TIMEOUT));
    let sink = Sink::new(stream.try_clone().map_err(|_| Failure::internal("Cannot use the connection."))?);
    {
        let mut held = sink.hold();
        let subscription = process.subscribe(&sink);
        sink.send_held(&mut held, &started_frame(&process));
        for (index, replay) in subscription.replay.iter().enumerate() {
            if !replay.is_empty() {
                sink.send_held(&mut held, &wire::frame_with(wire::OUTPUT, &[index as u8 + 1], replay));
            }
        }
        if let Some(exit) = subscription.exit {
            sink.send_held(&mut held, &exit_frame(exit));
            return Ok(());
        }
    }
    follow(&process, &sink, reader, false);
    Ok(())
}

/// Control frames from the client until it closes (or the exit ends the connection). The connection that started
/// a foreground process owns it: when that connection goes first, the process group is killed.
fn follow(process: &Arc<Process>, sink: &Arc<Sink>, mut reader: impl BufRead, owner: bool) {
    while let Ok(Some(frame)) = wire::read_frame(&mut reader) {
        let mut decoder = Decoder::new(&frame.payload);
        // Failures here are races with the exit (stdin closed, terminal gone): nothing to tell the client that its
        // exit frame will not.
        match frame.kind {
            wire::IN_DATA => drop(process.write_stdin(&frame.payload)),
            wire::IN_END => drop(process.close_stdin()),
            wire::IN_RESIZE => {
                if let (Ok(cols), Ok(rows)) = (decoder.u16(), decoder.u16()) {
                    drop(process.resize(cols, rows));
                }
            }
            wire::IN_SIGNAL => {
                if let Ok(signal) = decoder.u32() {
                    drop(process.signal(signal as i32));
                }
            }
            other => {
                sink.send(
                    &Failure::bad_request(format!(
                        "Frame type 0x{other:02x} is not allowed while following a process."
                    ))
                    .frame(),
                );
                break;
            }
        }
    }
    process.unsubscribe(sink);
    if owner && !process.background && process.exit().is_none() {
        let _ = sys::kill_group(process.pid, sys::SIGKILL);
    }
}

fn started_frame(process: &Process) -> Vec<u8> {
    let flags = process.tty as u8 | ((process.tty || process.has_stdin()) as u8) << 1;
    wire::frame(wire::STARTED, &Encoder::new().u32(process.pid as u32).u8(flags).0)
}

fn parse_start(payload: &[u8]) -> Result<StartRequest, Failure> {
    let mut decoder = Decoder::new(payload);
    let argv = decoder.byte_strings()?;
    let pairs = decoder.u32()?;
    let mut env = Vec::new();
    for _ in 0..pairs {
        env.push((decoder.bytes()?.to_vec(), decoder.bytes()?.to_vec()));
    }
    let cwd = if decoder.u8()? == 0 { None } else { Some(decoder.bytes()?.to_vec()) };
    let user = decoder.optional_string()?;
    let tty = if decoder.u8()? == 0 { None } else { Some((decoder.u16()?, decoder.u16()?)) };
    let flags = decoder.u8()?;
    Ok(StartRequest { argv, env, cwd, user, tty, background: flags & 1 != 0, stdin: flags & 2 != 0, main: false })
}

pub fn list(agent: &Agent, output: &mut impl Write) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    for process in agent.table.all() {
        bytes.extend_from_slice(&process.info_frame());
    }
    bytes.extend_from_slice(&wire::frame(wire::END, &[]));
    let _ = output.write_all(&bytes);
    Ok(())
}

pub fn signal(agent: &Agent, payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let (pid, signal) = (decoder.u32()? as i32, decoder.u32()?);
    if signal > 64 {
        return Err(Failure::bad_request(format!("There is no signal {signal}.")));
    }
    find(agent, pid)?.signal(signal as i32)
}

pub fn stdin(agent: &Agent, payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let pid = decoder.u32()? as i32;
    let data = decoder.bytes()?;
    find(agent, pid)?.write_stdin(data)
}

pub fn close_stdin(agent: &Agent, payload: &[u8]) -> Result<(), Failure> {
    find(agent, Decoder::new(payload).u32()? as i32)?.close_stdin()
}

pub fn resize(agent: &Agent, payload: &[u8]) -> Result<(), Failure> {
    let mut decoder = Decoder::new(payload);
    let pid = decoder.u32()? as i32;
    let (cols, rows) = (decoder.u16()?, decoder.u16()?);
    find(agent, pid)?.resize(cols, rows)
}

fn find(agent: &Agent, pid: i32) -> Result<Arc<Process>, Failure> {
    agent.table.get(pid).ok_or_else(|| {
        Failure::not_found(format!(
            "The agent manages no process {pid} (it never started one, or has forgotten it since it exited)."
        ))
    })
}
