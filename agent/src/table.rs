//! Every process the agent manages, by pid: running ones, and the last `KEEP_EXITED` that exited so a client can
//! still read an exit code or attach for the final output.

use crate::process::{Process, lock};
use crate::sys::{self, ExitStatus};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

const KEEP_EXITED: usize = 64;
/// Exited processes older than the newest few keep their exit but not their output: the rings of 64 remembered
/// processes could hold 8 MiB, the agent's whole budget.
const KEEP_OUTPUT_OF_EXITED: usize = 8;

pub struct Table(Mutex<Inner>);

struct Inner {
    processes: HashMap<i32, Arc<Process>>,
    /// Exited processes, oldest first.
    exited: VecDeque<Arc<Process>>,
}

impl Table {
    pub fn new() -> Table {
        Table(Mutex::new(Inner { processes: HashMap::new(), exited: VecDeque::new() }))
    }

    /// A new process replaces an exited one that had the same pid.
    pub fn insert(&self, process: Arc<Process>) {
        lock(&self.0).processes.insert(process.pid, process);
    }

    pub fn get(&self, pid: i32) -> Option<Arc<Process>> {
        lock(&self.0).processes.get(&pid).cloned()
    }

    /// All processes, by start time.
    pub fn all(&self) -> Vec<Arc<Process>> {
        let mut all: Vec<_> = lock(&self.0).processes.values().cloned().collect();
        all.sort_by_key(|p| (p.started_ms, p.pid));
        all
    }

    pub fn running(&self) -> Vec<Arc<Process>> {
        self.all().into_iter().filter(|p| p.exit().is_none()).collect()
    }

    /// The reaper's dispatch. A pid the agent did not start (an orphan it inherited) is only reaped.
    pub fn record_exit(&self, pid: i32, exit: ExitStatus) {
        let Some(process) = self.get(pid) else { return };
        if process.exit().is_some() {
            return;
        }
        process.record_exit(exit);
        let mut inner = lock(&self.0);
        inner.exited.push_back(process);
        while inner.exited.len() > KEEP_EXITED {
            let oldest = inner.exited.pop_front().unwrap();
            if inner.processes.get(&oldest.pid).is_some_and(|p| Arc::ptr_eq(p, &oldest)) {
                inner.processes.remove(&oldest.pid);
            }
        }
        let count = inner.exited.len();
        if count > KEEP_OUTPUT_OF_EXITED && inner.exited[count - KEEP_OUTPUT_OF_EXITED - 1].forget_output() {
            drop(inner);
            sys::release_free_memory();
        }
    }
}
