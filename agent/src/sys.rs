//! The libc functions the agent needs beyond std, declared by hand (no crate registry is reachable), with thin
//! wrappers that turn `-1`/errno into `io::Error`. Constants and struct layouts are Linux's (x86_64 and aarch64
//! share all of them except the raw `setgroups` syscall number).

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::raw::{c_char, c_int, c_long, c_uint, c_ulong, c_void};

pub type Pid = i32;

pub const SIGHUP: c_int = 1;
pub const SIGINT: c_int = 2;
pub const SIGQUIT: c_int = 3;
pub const SIGKILL: c_int = 9;
pub const SIGUSR1: c_int = 10;
pub const SIGUSR2: c_int = 12;
pub const SIGTERM: c_int = 15;
pub const SIGCHLD: c_int = 17;
pub const SIGTTOU: c_int = 22;

const SIG_BLOCK: c_int = 0;
const SIG_UNBLOCK: c_int = 1;
const SIG_SETMASK: c_int = 2;
const WNOHANG: c_int = 1;
const PR_SET_DUMPABLE: c_int = 4;
const PR_SET_CHILD_SUBREAPER: c_int = 36;
const TIOCSCTTY: c_ulong = 0x540E;
const TIOCSWINSZ: c_ulong = 0x5414;
const O_RDWR: c_int = 2;
const O_NOCTTY: c_int = 0o400;
pub const O_NONBLOCK: c_int = 0o4000;
pub const O_CLOEXEC: c_int = 0o2000000;
const M_ARENA_MAX: c_int = -8;
pub const POLLIN: i16 = 1;
#[cfg(target_arch = "x86_64")]
const SYS_SETGROUPS: c_long = 116;
#[cfg(target_arch = "aarch64")]
const SYS_SETGROUPS: c_long = 159;

/// `sigset_t`: 1024 bits.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SigSet([u64; 16]);

/// `siginfo_t`: 128 bytes; only the signal number is read.
#[repr(C)]
struct SigInfo {
    signo: c_int,
    rest: [c_int; 31],
}

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}

#[repr(C)]
struct Winsize {
    rows: u16,
    cols: u16,
    xpixel: u16,
    ypixel: u16,
}

#[repr(C)]
pub struct PollFd {
    pub fd: RawFd,
    pub events: i16,
    pub revents: i16,
}

unsafe extern "C" {
    fn prctl(option: c_int, arg2: c_ulong, arg3: c_ulong, arg4: c_ulong, arg5: c_ulong) -> c_int;
    fn sigemptyset(set: *mut SigSet) -> c_int;
    fn sigaddset(set: *mut SigSet, signo: c_int) -> c_int;
    fn pthread_sigmask(how: c_int, set: *const SigSet, old: *mut SigSet) -> c_int;
    fn sigwaitinfo(set: *const SigSet, info: *mut SigInfo) -> c_int;
    fn sigtimedwait(set: *const SigSet, info: *mut SigInfo, timeout: *const Timespec) -> c_int;
    fn waitpid(pid: Pid, status: *mut c_int, options: c_int) -> Pid;
    fn kill(pid: Pid, sig: c_int) -> c_int;
    fn setsid() -> Pid;
    fn setpgid(pid: Pid, pgid: Pid) -> c_int;
    fn getpid() -> Pid;
    fn tcsetpgrp(fd: c_int, pgrp: Pid) -> c_int;
    fn isatty(fd: c_int) -> c_int;
    fn ioctl(fd: c_int, request: c_ulong, ...) -> c_int;
    fn posix_openpt(flags: c_int) -> c_int;
    fn grantpt(fd: c_int) -> c_int;
    fn unlockpt(fd: c_int) -> c_int;
    fn ptsname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int;
    fn setgroups(size: usize, list: *const c_uint) -> c_int;
    fn setgid(gid: c_uint) -> c_int;
    fn setuid(uid: c_uint) -> c_int;
    fn setfsuid(uid: c_uint) -> c_int;
    fn setfsgid(gid: c_uint) -> c_int;
    fn geteuid() -> c_uint;
    fn umask(mask: c_uint) -> c_uint;
    fn eventfd(initval: c_uint, flags: c_int) -> c_int;
    fn poll(fds: *mut PollFd, nfds: c_ulong, timeout: c_int) -> c_int;
    fn inotify_init1(flags: c_int) -> c_int;
    fn inotify_add_watch(fd: c_int, path: *const c_char, mask: u32) -> c_int;
    fn mallopt(param: c_int, value: c_int) -> c_int;
    fn malloc_trim(pad: usize) -> c_int;
    fn syscall(number: c_long, ...) -> c_long;
    fn read(fd: c_int, buf: *mut c_void, count: usize) -> isize;
    fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
}

fn check(result: c_int) -> io::Result<c_int> {
    if result == -1 { Err(io::Error::last_os_error()) } else { Ok(result) }
}

/// Keeps same-uid processes in the space from reading the agent's memory (`/proc/1/mem`, `environ`) or tracing it.
pub fn set_not_dumpable() -> io::Result<()> {
    check(unsafe { prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) }).map(drop)
}

/// Orphans of the agent's children are re-parented to the agent (and reaped) even when it is not process 1.
pub fn set_child_subreaper() -> io::Result<()> {
    check(unsafe { prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }).map(drop)
}

/// Gives freed heap pages back to the kernel (after dropping the output of old processes).
pub fn release_free_memory() {
    unsafe { malloc_trim(0) };
}

/// One malloc arena: the agent's threads do little allocation, and each arena costs resident pages.
pub fn limit_malloc_arenas() {
    unsafe { mallopt(M_ARENA_MAX, 1) };
}

impl SigSet {
    pub fn of(signals: &[c_int]) -> SigSet {
        let mut set = SigSet([0; 16]);
        unsafe {
            sigemptyset(&mut set);
            for &signal in signals {
                sigaddset(&mut set, signal);
            }
        }
        set
    }

    /// Blocks the set in the calling thread; threads spawned afterwards inherit the mask.
    pub fn block(&self) -> io::Result<()> {
        match unsafe { pthread_sigmask(SIG_BLOCK, self, std::ptr::null_mut()) } {
            0 => Ok(()),
            error => Err(io::Error::from_raw_os_error(error)),
        }
    }

    /// Waits for one of the (blocked) signals; `None` on timeout.
    pub fn wait(&self, timeout: Option<std::time::Duration>) -> Option<c_int> {
        let mut info = SigInfo { signo: 0, rest: [0; 31] };
        let result = match timeout {
            None => unsafe { sigwaitinfo(self, &mut info) },
            Some(timeout) => {
                let spec = Timespec { sec: timeout.as_secs() as i64, nsec: timeout.subsec_nanos() as i64 };
                unsafe { sigtimedwait(self, &mut info, &spec) }
            }
        };
        if result > 0 { Some(result) } else { None }
    }
}

/// How a reaped child ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitStatus {
    pub code: i32,
    pub signal: i32,
}

impl ExitStatus {
    /// The shell's convention: the exit code, or 128 + the signal that ended the process.
    pub fn shell_code(self) -> i32 {
        if self.signal != 0 { 128 + self.signal } else { self.code }
    }
}

/// Reaps one exited child of any kind, without blocking.
pub fn reap_any() -> Option<(Pid, ExitStatus)> {
    let mut status: c_int = 0;
    let pid = unsafe { waitpid(-1, &mut status, WNOHANG) };
    if pid <= 0 {
        return None;
    }
    let signal = status & 0x7f;
    let exit = if signal == 0 {
        ExitStatus { code: (status >> 8) & 0xff, signal: 0 }
    } else {
        ExitStatus { code: 128 + signal, signal }
    };
    Some((pid, exit))
}

/// Sends `signal` to the process group `pgid`.
pub fn kill_group(pgid: Pid, signal: c_int) -> io::Result<()> {
    check(unsafe { kill(-pgid, signal) }).map(drop)
}

pub fn effective_uid() -> u32 {
    unsafe { geteuid() }
}

pub fn set_umask(mask: u32) -> u32 {
    unsafe { umask(mask) }
}

pub fn is_tty(fd: RawFd) -> bool {
    unsafe { isatty(fd) == 1 }
}

pub fn set_window_size(fd: RawFd, cols: u16, rows: u16) -> io::Result<()> {
    let size = Winsize { rows, cols, xpixel: 0, ypixel: 0 };
    check(unsafe { ioctl(fd, TIOCSWINSZ, &size as *const Winsize) }).map(drop)
}

/// Opens a pseudo-terminal: (master, slave path). The master is close-on-exec.
pub fn open_pty() -> io::Result<(OwnedFd, Vec<u8>)> {
    let master = unsafe { OwnedFd::from_raw_fd(check(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC))?) };
    let fd = master.as_raw_fd();
    check(unsafe { grantpt(fd) })?;
    check(unsafe { unlockpt(fd) })?;
    let mut name = [0 as c_char; 128];
    match unsafe { ptsname_r(fd, name.as_mut_ptr(), name.len()) } {
        0 => {}
        error => return Err(io::Error::from_raw_os_error(error)),
    }
    let path = name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    Ok((master, path))
}

/// Wakes whoever polls the eventfd.
pub fn notify_eventfd(fd: RawFd) {
    let one = 1u64.to_ne_bytes();
    unsafe { write(fd, one.as_ptr() as *const c_void, one.len()) };
}

/// Resets the eventfd after a wake-up (it is non-blocking: nothing to read is fine).
pub fn drain_eventfd(fd: RawFd) {
    let mut value = [0u8; 8];
    unsafe { read(fd, value.as_mut_ptr() as *mut c_void, value.len()) };
}

pub fn kill_process(pid: Pid, signal: c_int) -> io::Result<()> {
    check(unsafe { kill(pid, signal) }).map(drop)
}

pub fn new_eventfd() -> io::Result<OwnedFd> {
    Ok(unsafe { OwnedFd::from_raw_fd(check(eventfd(0, O_CLOEXEC | O_NONBLOCK))?) })
}

/// `poll(2)`; `timeout_ms` < 0 waits forever. EINTR counts as "nothing ready".
pub fn poll_fds(fds: &mut [PollFd], timeout_ms: i32) -> io::Result<usize> {
    let ready = unsafe { poll(fds.as_mut_ptr(), fds.len() as c_ulong, timeout_ms) };
    if ready < 0 {
        let error = io::Error::last_os_error();
        return if error.kind() == io::ErrorKind::Interrupted { Ok(0) } else { Err(error) };
    }
    Ok(ready as usize)
}

pub fn new_inotify() -> io::Result<OwnedFd> {
    Ok(unsafe { OwnedFd::from_raw_fd(check(inotify_init1(O_CLOEXEC | O_NONBLOCK))?) })
}

pub fn add_inotify_watch(fd: RawFd, path: &std::ffi::CStr, mask: u32) -> io::Result<i32> {
    check(unsafe { inotify_add_watch(fd, path.as_ptr(), mask) })
}

/// Switches the calling thread's file system identity (not the process's): file operations made by this thread
/// are checked against, and create files owned by, this user. Supplementary groups go through the raw syscall,
/// because glibc's `setgroups` applies to every thread of the process.
pub fn act_as_on_this_thread(uid: u32, gid: u32, groups: &[u32]) -> io::Result<()> {
    let result = unsafe { syscall(SYS_SETGROUPS, groups.len() as c_long, groups.as_ptr()) };
    if result < 0 {
        return Err(io::Error::last_os_error());
    }
    unsafe {
        setfsgid(gid);
        setfsuid(uid);
        // setfsuid reports nothing; asking again returns the current value
        if setfsuid(u32::MAX) as u32 != uid || setfsgid(u32::MAX) as u32 != gid {
            return Err(io::Error::from_raw_os_error(1));
        }
    }
    Ok(())
}

/// What a child does between fork and exec. Only async-signal-safe calls on memory prepared before the fork.
pub mod child {
    use super::*;

    /// Unblocks every signal: the agent's threads block the ones it waits for, and a child inherits the mask
    /// (std's fork path does not reset it).
    pub fn reset_signal_mask() -> io::Result<()> {
        let empty = SigSet::of(&[]);
        match unsafe { pthread_sigmask(SIG_SETMASK, &empty, std::ptr::null_mut()) } {
            0 => Ok(()),
            error => Err(io::Error::from_raw_os_error(error)),
        }
    }

    /// Its own session with `fd 0` (a terminal) as the controlling terminal.
    pub fn new_session_with_terminal() -> io::Result<()> {
        check(unsafe { setsid() })?;
        check(unsafe { ioctl(0, TIOCSCTTY, 0 as c_int) }).map(drop)
    }

    /// Its own process group, so signals reach it and whatever it starts, and nothing else.
    pub fn new_process_group() -> io::Result<()> {
        check(unsafe { setpgid(0, 0) }).map(drop)
    }

    /// Makes the child's group the terminal's foreground group (the main command when the container has a tty).
    pub fn take_terminal_foreground() {
        let set = SigSet::of(&[SIGTTOU]);
        unsafe {
            pthread_sigmask(SIG_BLOCK, &set, std::ptr::null_mut());
            tcsetpgrp(0, getpid());
            pthread_sigmask(SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }

    /// Groups, then group, then user: after `setuid` the others are no longer allowed.
    pub fn switch_user(uid: u32, gid: u32, groups: &[u32]) -> io::Result<()> {
        check(unsafe { setgroups(groups.len(), groups.as_ptr()) })?;
        check(unsafe { setgid(gid) })?;
        check(unsafe { setuid(uid) }).map(drop)
    }
}

pub fn strerror(error: &io::Error) -> String {
    // io::Error's text ends in "(os error N)"; the sentence wants only the words.
    let text = error.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}
