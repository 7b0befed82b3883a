//! warren-agent: process 1 of every space container. It starts the space's main command, reaps every process,
//! forwards signals, and serves processes, terminals and files over a unix socket to the warren server
//! (docs/AGENT.md). Standard library only; the few libc calls std lacks are declared in `sys`.

mod args;
mod context;
mod files;
mod links;
mod process;
mod pump;
mod ring;
mod server;
mod session;
mod signals;
mod spawn;
mod sys;
mod table;
mod tree;
mod users;
mod watch;
mod wire;

use args::{Args, Parsed};
use context::Agent;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use std::{env, fs, thread};

fn main() {
    let started = Instant::now();
    let args = match args::parse(env::args_os().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Version) => {
            println!("warren-agent {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Err(message) => {
            eprintln!("warren-agent: {message}\n{}", args::USAGE);
            std::process::exit(2);
        }
    };
    if let Err(message) = run(args, started) {
        eprintln!("warren-agent: {message}");
        std::process::exit(1);
    }
}

fn run(args: Args, started: Instant) -> Result<(), String> {
    // Before any thread exists: every thread inherits the mask, so only the signal loop ever takes these signals.
    let signals = signals::handled();
    signals.block().map_err(|e| format!("Cannot block signals: {e}."))?;
    sys::limit_malloc_arenas();
    sys::set_not_dumpable().map_err(|e| format!("Cannot make the agent non-dumpable: {e}."))?;
    sys::set_child_subreaper().map_err(|e| format!("Cannot become the reaper of orphans: {e}."))?;
    for (name, _) in env::vars_os() {
        if name.to_string_lossy().starts_with("WARREN_AGENT_") {
            // SAFETY: no other thread exists yet.
            unsafe { env::remove_var(&name) };
        }
    }
    let secret = read_secret(&args.secret_file)?;
    if let Some(user) = &args.user {
        users::resolve(user)?;
    }
    let listener = bind(&args.socket)?;
    if let Some(hold) = &args.hold {
        await_release(hold)?;
    }
    let agent = Arc::new(Agent {
        table: table::Table::new(),
        secret,
        default_user: args.user.clone(),
        started,
        spawn_lock: Mutex::new(()),
        shutting_down: AtomicBool::new(false),
    });
    let main = if args.command.is_empty() {
        None
    } else {
        let request = spawn::StartRequest {
            argv: args.command,
            env: Vec::new(),
            cwd: None,
            user: None,
            tty: None,
            background: true,
            stdin: false,
            main: true,
        };
        match spawn::start(&agent, request, None) {
            Ok(main) => Some(main),
            Err(failure) => {
                eprintln!("warren-agent: {}", failure.message);
                // A shell's status for a command that cannot run.
                std::process::exit(if failure.message.starts_with("No such file") { 127 } else { 126 });
            }
        }
    };
    let serving = agent.clone();
    thread::Builder::new()
        .name("accept".into())
        .stack_size(64 * 1024)
        .spawn(move || server::serve(serving, listener))
        .map_err(|e| format!("Cannot start serving: {e}."))?;
    signals::run(&agent, &signals, main)
}

/// Waits until the server creates `path` (it does once the space's network rules are in place), so nothing of the
/// space runs before them. Signals are blocked meanwhile: a stop during the hold ends with SIGKILL.
fn await_release(path: &Path) -> Result<(), String> {
    let deadline = Instant::now() + std::time::Duration::from_secs(HOLD_SECONDS);
    while !path.exists() {
        if Instant::now() > deadline {
            return Err(format!(
                "{} did not appear within {HOLD_SECONDS} s: the server did not release the space.",
                path.display()
            ));
        }
        thread::sleep(std::time::Duration::from_millis(1));
    }
    // Used up: a container started again outside the server (no fresh rules) holds again instead of running.
    let _ = fs::remove_file(path);
    Ok(())
}

/// How long `--hold` waits before the agent gives up (and the space stops).
const HOLD_SECONDS: u64 = 60;

/// Reads the secret, then removes the file: nothing in the space can read it afterwards.
fn read_secret(path: &Path) -> Result<Vec<u8>, String> {
    let secret = fs::read(path).map_err(|e| format!("Cannot read the secret file {}: {e}.", path.display()))?;
    fs::remove_file(path).map_err(|e| format!("Cannot remove the secret file {}: {e}.", path.display()))?;
    if secret.is_empty() {
        return Err(format!("The secret file {} is empty.", path.display()));
    }
    Ok(secret)
}

/// Binds the socket with mode 0600, replacing a stale socket left by an earlier run (never another kind of file).
fn bind(path: &Path) -> Result<UnixListener, String> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => {
            fs::remove_file(path).map_err(|e| format!("Cannot remove the stale socket {}: {e}.", path.display()))?
        }
        Ok(_) => return Err(format!("{} exists and is not a socket; the agent does not replace it.", path.display())),
        Err(_) => {}
    }
    // The umask makes the socket private from its creation; the chmod says so explicitly.
    let previous = sys::set_umask(0o177);
    let listener = UnixListener::bind(path);
    sys::set_umask(previous);
    let listener = listener.map_err(|e| format!("Cannot listen on {}: {e}.", path.display()))?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|e| format!("Cannot restrict {}: {e}.", path.display()))?;
    Ok(listener)
}
