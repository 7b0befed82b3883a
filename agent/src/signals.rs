//! The one reaper and the init duties. Every thread has these signals blocked (the mask is set before any thread
//! starts); this loop takes them with sigwaitinfo, so no signal handler runs and no signal is lost. Process 1 of
//! a PID namespace gets no signal whose action is the default — a blocked signal is queued all the same.

use crate::context::Agent;
use crate::process::{Process, lock};
use crate::sys::{self, SIGCHLD, SIGHUP, SIGINT, SIGKILL, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SigSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Between SIGTERM and SIGKILL when the space stops.
const STOP_GRACE: Duration = Duration::from_secs(2);

pub fn handled() -> SigSet {
    SigSet::of(&[SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2])
}

/// Runs on the main thread until the agent exits: reaps, forwards signals to the main command, and stops the
/// space when the main command ends (or, without one, on SIGTERM or SIGINT).
pub fn run(agent: &Agent, set: &SigSet, main: Option<Arc<Process>>) -> ! {
    loop {
        reap(agent);
        if let Some(exit) = main.as_ref().and_then(|m| m.exit()) {
            stop(agent, set, exit.shell_code());
        }
        match set.wait(None) {
            Some(SIGCHLD) | None => {}
            Some(signal) => match &main {
                Some(main) => {
                    let _ = main.signal(signal);
                }
                None if signal == SIGTERM || signal == SIGINT => stop(agent, set, 0),
                None => {}
            },
        }
    }
}

/// Reaps every exited child (SIGCHLD is coalesced: one may stand for many) and hands the status to the table.
fn reap(agent: &Agent) {
    let _spawning = lock(&agent.spawn_lock);
    while let Some((pid, exit)) = sys::reap_any() {
        agent.table.record_exit(pid, exit);
    }
}

/// SIGTERM to every process group still managed, SIGKILL to those left after the grace, then exit with `status`.
fn stop(agent: &Agent, set: &SigSet, status: i32) -> ! {
    agent.shutting_down.store(true, Ordering::Relaxed);
    for process in agent.table.running() {
        let _ = process.signal(SIGTERM);
    }
    let deadline = Instant::now() + STOP_GRACE;
    while !agent.table.running().is_empty() {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        set.wait(Some(deadline - now));
        reap(agent);
    }
    for process in agent.table.running() {
        let _ = process.signal(SIGKILL);
    }
    std::process::exit(status)
}
