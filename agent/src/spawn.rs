//! Starting a process: credentials, environment, working directory, pipes or a terminal, its own process group,
//! then registration in the table and a pump for its output. Never waits for it: only the reaper does.

use crate::context::Agent;
use crate::process::{NewProcess, Process, Sink, lock};
use crate::pump;
use crate::sys::{self, child};
use crate::users::{self, Credentials};
use crate::wire::Failure;
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub struct StartRequest {
    pub argv: Vec<Vec<u8>>,
    pub env: Vec<(Vec<u8>, Vec<u8>)>,
    pub cwd: Option<Vec<u8>>,
    pub user: Option<String>,
    /// Terminal size (cols, rows), or pipes.
    pub tty: Option<(u16, u16)>,
    pub background: bool,
    pub stdin: bool,
    /// The space's main command: inherits the agent's stdio (the container log) and has no pump.
    pub main: bool,
}

pub fn start(agent: &Agent, request: StartRequest, owner: Option<Arc<Sink>>) -> Result<Arc<Process>, Failure> {
    if agent.shutting_down.load(Ordering::Relaxed) {
        return Err(Failure::conflict("The space is stopping: the agent starts no new processes."));
    }
    let Some(program) = request.argv.first() else {
        return Err(Failure::bad_request("A process needs a command: argv is empty."));
    };
    let program_name = String::from_utf8_lossy(program).into_owned();
    let user = request.user.clone().or_else(|| agent.default_user.clone());
    let credentials = match &user {
        Some(spec) => Some(users::resolve(spec).map_err(Failure::bad_request)?),
        None => None,
    };
    if let Some(cwd) = &request.cwd {
        check_directory(cwd)?;
    }
    let mut command = Command::new(OsStr::from_bytes(program));
    command.args(request.argv[1..].iter().map(|arg| OsStr::from_bytes(arg)));
    environment(&mut command, &request, credentials.as_ref())?;
    if let Some(cwd) = &request.cwd {
        command.current_dir(OsStr::from_bytes(cwd));
    }

    let mut terminal = None;
    if let Some((cols, rows)) = request.tty {
        let (master, slave) = open_terminal(cols, rows)
            .map_err(|e| Failure::internal(format!("Cannot open a terminal: {}.", sys::strerror(&e))))?;
        let copy = |file: &File| {
            file.try_clone().map_err(|e| Failure::internal(format!("Cannot open a terminal: {}.", sys::strerror(&e))))
        };
        command.stdin(copy(&slave)?).stdout(copy(&slave)?).stderr(slave);
        // the pump's and stdin's copies of the master side, made before the child exists
        terminal = Some((copy(&master)?, copy(&master)?, master));
    } else if !request.main {
        command.stdin(if request.stdin { Stdio::piped() } else { Stdio::null() });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    prepare_child(&mut command, &request, credentials.as_ref());

    let wake = if request.main {
        None
    } else {
        Some(
            sys::new_eventfd()
                .map_err(|e| Failure::internal(format!("Cannot start a process: {}.", sys::strerror(&e))))?,
        )
    };
    let argv: Vec<String> = request.argv.iter().map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let _spawning = lock(&agent.spawn_lock);
    let mut child = command.spawn().map_err(|e| spawn_failure(&e, &program_name, user.as_deref()))?;
    // The parent's copies of the terminal's slave side must go, or the master never sees the end.
    drop(command);
    let pid = child.id() as i32;
    let mut streams: Vec<(u8, File)> = Vec::new();
    let (stdin, terminal) = match terminal {
        Some((output, input, master)) => {
            streams.push((crate::process::STDOUT, output));
            (Some(input), Some(master))
        }
        None => {
            if let Some(out) = child.stdout.take() {
                streams.push((crate::process::STDOUT, File::from(OwnedFd::from(out))));
            }
            if let Some(err) = child.stderr.take() {
                streams.push((crate::process::STDERR, File::from(OwnedFd::from(err))));
            }
            (child.stdin.take().map(|input| File::from(OwnedFd::from(input))), None)
        }
    };
    // Dropping `Child` neither waits nor kills; the reaper owns the exit status.
    drop(child);
    let wake_fd = wake.as_ref().map(|w| w.as_raw_fd());
    let process = Arc::new(Process::new(NewProcess {
        pid,
        argv,
        background: request.background,
        main: request.main,
        stdin,
        terminal,
        wake,
        owner,
    }));
    if let Some(wake_fd) = wake_fd
        && let Err(e) = pump::spawn(process.clone(), streams, wake_fd)
    {
        let _ = sys::kill_group(pid, sys::SIGKILL);
        return Err(Failure::internal(format!("Cannot follow the output of '{program_name}': {}.", sys::strerror(&e))));
    }
    agent.table.insert(process.clone());
    Ok(process)
}

fn check_directory(cwd: &[u8]) -> Result<(), Failure> {
    let shown = String::from_utf8_lossy(cwd);
    match fs::metadata(OsStr::from_bytes(cwd)) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Failure::bad_request(format!("The working directory '{shown}' is not a directory."))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Err(Failure::bad_request(format!("The working directory '{shown}' does not exist.")))
        }
        Err(e) => {
            Err(Failure::bad_request(format!("The working directory '{shown}' cannot be used: {}.", sys::strerror(&e))))
        }
    }
}

/// The agent's own environment (already without `WARREN_AGENT_*`), the user's identity, then the request's.
fn environment(
    command: &mut Command,
    request: &StartRequest,
    credentials: Option<&Credentials>,
) -> Result<(), Failure> {
    if let Some(credentials) = credentials {
        if let Some(home) = &credentials.home {
            command.env("HOME", home);
        }
        if let Some(name) = &credentials.name {
            command.env("USER", name).env("LOGNAME", name);
        }
    }
    if std::env::var_os("PATH").is_none() {
        command.env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
    if request.tty.is_some() && std::env::var_os("TERM").is_none() {
        command.env("TERM", "xterm-256color");
    }
    for (key, value) in &request.env {
        if key.is_empty() || key.contains(&b'=') || key.contains(&0) || value.contains(&0) {
            return Err(Failure::bad_request(format!(
                "The environment variable '{}' has an invalid name or value.",
                String::from_utf8_lossy(key)
            )));
        }
        command.env(OsStr::from_bytes(key), OsStr::from_bytes(value));
    }
    Ok(())
}

fn open_terminal(cols: u16, rows: u16) -> io::Result<(File, File)> {
    let (master, path) = sys::open_pty()?;
    sys::set_window_size(master.as_raw_fd(), cols, rows)?;
    let slave = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(0o400 /* O_NOCTTY: the child takes it as controlling terminal itself */)
        .open(OsStr::from_bytes(&path))?;
    Ok((File::from(master), slave))
}

/// Between fork and exec: own session (terminal) or process group, then the user. Everything it touches is
/// prepared here, before the fork.
fn prepare_child(command: &mut Command, request: &StartRequest, credentials: Option<&Credentials>) {
    let euid = sys::effective_uid();
    let switch = credentials.filter(|c| euid == 0 || c.uid != euid).map(|c| (c.uid, c.gid, c.groups.clone()));
    let tty = request.tty.is_some();
    let foreground = request.main && sys::is_tty(0);
    let hook = move || -> io::Result<()> {
        child::reset_signal_mask()?;
        if tty {
            child::new_session_with_terminal()?;
        } else {
            child::new_process_group()?;
            if foreground {
                child::take_terminal_foreground();
            }
        }
        if let Some((uid, gid, groups)) = &switch {
            child::switch_user(*uid, *gid, groups)?;
        }
        Ok(())
    };
    // SAFETY: the hook makes only async-signal-safe calls on memory allocated before the fork.
    unsafe { command.pre_exec(hook) };
}

/// A sentence for a failed start, like a shell's.
fn spawn_failure(error: &io::Error, program: &str, user: Option<&str>) -> Failure {
    match (error.raw_os_error(), user) {
        (Some(2), _) => Failure::bad_request(format!("No such file or directory: '{program}'")),
        (Some(13), _) => Failure::bad_request(format!("Permission denied: '{program}'")),
        (Some(8), _) => Failure::bad_request(format!("Exec format error: '{program}'")),
        (Some(1), Some(user)) => {
            Failure::bad_request(format!("Cannot start '{program}' as user '{user}': the operation is not permitted."))
        }
        _ => Failure::bad_request(format!("Cannot start '{program}': {}.", sys::strerror(error))),
    }
}
