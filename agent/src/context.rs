//! What every thread of the agent shares.

use crate::table::Table;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

pub struct Agent {
    pub table: Table,
    pub secret: Vec<u8>,
    /// `--user`: who processes run as when a request names nobody.
    pub default_user: Option<String>,
    pub started: Instant,
    /// Held while a child is spawned and registered, and while the reaper reaps: std's spawn reaps a child whose
    /// exec failed by itself, and a fast child must be in the table before its exit is dispatched.
    pub spawn_lock: Mutex<()>,
    /// Set once the main command exited or SIGTERM arrived: new processes are refused.
    pub shutting_down: AtomicBool,
}
