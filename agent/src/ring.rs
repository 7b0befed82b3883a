//! The last bytes of one output stream, kept so `attach` can replay what a process wrote before anyone listened.

use std::collections::VecDeque;

pub const CAPACITY: usize = 64 * 1024;

/// Grows only as output arrives (an idle process costs nothing) and never beyond `CAPACITY`.
pub struct Ring(VecDeque<u8>);

impl Ring {
    pub fn new() -> Ring {
        Ring(VecDeque::new())
    }

    pub fn push(&mut self, data: &[u8]) {
        let data = &data[data.len().saturating_sub(CAPACITY)..];
        let overflow = (self.0.len() + data.len()).saturating_sub(CAPACITY);
        self.0.drain(..overflow);
        self.0.extend(data);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contents(&self) -> Vec<u8> {
        self.0.iter().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_bytes_only() {
        let mut ring = Ring::new();
        ring.push(&vec![1u8; CAPACITY - 10]);
        ring.push(&[2u8; 20]);
        let contents = ring.contents();
        assert_eq!(contents.len(), CAPACITY);
        assert_eq!(&contents[CAPACITY - 20..], &[2u8; 20]);
        ring.push(&vec![3u8; CAPACITY + 5]);
        assert_eq!(ring.contents(), vec![3u8; CAPACITY]);
    }
}
