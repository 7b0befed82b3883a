//! The framing (docs/AGENT.md): `[type u8][length u32 BE][payload]`, payload fields big-endian, byte strings
//! prefixed with their `u32` length. Types with the high bit set travel from the agent to the client.

use std::io::{self, Read, Write};

pub const PROTOCOL_VERSION: u8 = 1;
/// Larger frames are refused: the agent never holds more than this per connection.
pub const MAX_PAYLOAD: usize = 1 << 20;

// client → agent: hello, then one request
pub const HELLO: u8 = 0x01;
pub const HEALTH: u8 = 0x10;
pub const START: u8 = 0x11;
pub const ATTACH: u8 = 0x12;
pub const PROCESSES: u8 = 0x13;
pub const SIGNAL: u8 = 0x14;
pub const STDIN: u8 = 0x15;
pub const CLOSE_STDIN: u8 = 0x16;
pub const RESIZE: u8 = 0x17;
pub const STAT: u8 = 0x20;
pub const LIST: u8 = 0x21;
pub const MKDIR: u8 = 0x22;
pub const REMOVE: u8 = 0x23;
pub const RENAME: u8 = 0x24;
pub const READ: u8 = 0x25;
pub const WRITE: u8 = 0x26;
pub const WATCH: u8 = 0x27;
pub const SYMLINK: u8 = 0x28;
// client → agent after start/attach (process control) or write (content)
pub const IN_DATA: u8 = 0x30;
pub const IN_END: u8 = 0x31;
pub const IN_RESIZE: u8 = 0x32;
pub const IN_SIGNAL: u8 = 0x33;
// agent → client
pub const OK: u8 = 0x80;
pub const ERROR: u8 = 0x81;
pub const HEALTH_REPLY: u8 = 0x82;
pub const STARTED: u8 = 0x83;
pub const OUTPUT: u8 = 0x84;
pub const EXIT: u8 = 0x85;
pub const PROCESS: u8 = 0x86;
pub const FILE: u8 = 0x87;
pub const DATA: u8 = 0x88;
pub const END: u8 = 0x89;
pub const EVENT: u8 = 0x8A;

/// Why a request failed: a code the client maps to an exception, and a sentence for people.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure { code: 1, message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure { code: 2, message: message.into() }
    }
    pub fn conflict(message: impl Into<String>) -> Failure {
        Failure { code: 3, message: message.into() }
    }
    pub fn denied(message: impl Into<String>) -> Failure {
        Failure { code: 4, message: message.into() }
    }
    pub fn internal(message: impl Into<String>) -> Failure {
        Failure { code: 5, message: message.into() }
    }

    pub fn frame(&self) -> Vec<u8> {
        frame(ERROR, &Encoder::new().u8(self.code).str(&self.message).0)
    }
}

pub struct Frame {
    pub kind: u8,
    pub payload: Vec<u8>,
}

/// Reads one frame; `Ok(None)` when the peer closed between frames.
pub fn read_frame(input: &mut impl Read) -> io::Result<Option<Frame>> {
    let mut header = [0u8; 5];
    let mut filled = 0;
    while filled < header.len() {
        match input.read(&mut header[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    let length = u32::from_be_bytes([header[1], header[2], header[3], header[4]]) as usize;
    if length > MAX_PAYLOAD {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("A frame of {length} bytes is more than the {MAX_PAYLOAD} the agent accepts."),
        ));
    }
    let mut payload = vec![0u8; length];
    input.read_exact(&mut payload)?;
    Ok(Some(Frame { kind: header[0], payload }))
}

/// One frame as bytes, so it goes out in one write.
pub fn frame(kind: u8, payload: &[u8]) -> Vec<u8> {
    frame_with(kind, &[], payload)
}

/// A frame whose payload is `prefix` followed by `data` (output chunks: the stream byte, then the bytes).
pub fn frame_with(kind: u8, prefix: &[u8], data: &[u8]) -> Vec<u8> {
    let length = prefix.len() + data.len();
    let mut bytes = Vec::with_capacity(5 + length);
    bytes.push(kind);
    bytes.extend_from_slice(&(length as u32).to_be_bytes());
    bytes.extend_from_slice(prefix);
    bytes.extend_from_slice(data);
    bytes
}

pub fn send(output: &mut impl Write, kind: u8, payload: &[u8]) -> io::Result<()> {
    output.write_all(&frame(kind, payload))
}

/// Builds a payload.
pub struct Encoder(pub Vec<u8>);

impl Encoder {
    pub fn new() -> Encoder {
        Encoder(Vec::new())
    }
    pub fn u8(mut self, value: u8) -> Encoder {
        self.0.push(value);
        self
    }
    pub fn u32(mut self, value: u32) -> Encoder {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }
    pub fn i32(self, value: i32) -> Encoder {
        self.u32(value as u32)
    }
    pub fn u64(mut self, value: u64) -> Encoder {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }
    pub fn bytes(self, value: &[u8]) -> Encoder {
        let mut encoder = self.u32(value.len() as u32);
        encoder.0.extend_from_slice(value);
        encoder
    }
    pub fn str(self, value: &str) -> Encoder {
        self.bytes(value.as_bytes())
    }
    pub fn optional_bytes(self, value: Option<&[u8]>) -> Encoder {
        match value {
            None => self.u8(0),
            Some(value) => self.u8(1).bytes(value),
        }
    }
}

/// Reads a payload. Trailing bytes are ignored, so later versions can append fields.
pub struct Decoder<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder { bytes, position: 0 }
    }

    fn take(&mut self, count: usize) -> Result<&'a [u8], Failure> {
        if count > self.bytes.len() - self.position {
            return Err(Failure::bad_request("The request is malformed: a field runs past the end of its frame."));
        }
        let slice = &self.bytes[self.position..self.position + count];
        self.position += count;
        Ok(slice)
    }

    pub fn u8(&mut self) -> Result<u8, Failure> {
        Ok(self.take(1)?[0])
    }
    pub fn u16(&mut self) -> Result<u16, Failure> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    pub fn u32(&mut self) -> Result<u32, Failure> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], Failure> {
        let count = self.u32()? as usize;
        self.take(count)
    }
    pub fn string(&mut self) -> Result<String, Failure> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|_| Failure::bad_request("The request is malformed: a text field is not UTF-8."))
    }
    pub fn optional_string(&mut self) -> Result<Option<String>, Failure> {
        Ok(if self.u8()? == 0 { None } else { Some(self.string()?) })
    }
    pub fn byte_strings(&mut self) -> Result<Vec<Vec<u8>>, Failure> {
        let count = self.u32()?;
        let mut values = Vec::new();
        for _ in 0..count {
            values.push(self.bytes()?.to_vec());
        }
        Ok(values)
    }
}
