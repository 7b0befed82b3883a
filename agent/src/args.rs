//! The command line: `warren-agent --socket PATH --secret-file PATH [--user USER] [--hold PATH] [--] [command args...]`.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

pub const USAGE: &str =
    "usage: warren-agent --socket PATH --secret-file PATH [--user USER] [--hold PATH] [--] [command args...]";

#[derive(Debug, PartialEq)]
pub struct Args {
    pub socket: PathBuf,
    pub secret_file: PathBuf,
    pub user: Option<String>,
    /// Start nothing until this file exists (the server creates it once the space's network rules are in place).
    pub hold: Option<PathBuf>,
    /// The space's main command; empty: serve until SIGTERM.
    pub command: Vec<Vec<u8>>,
}

pub enum Parsed {
    Run(Args),
    Version,
}

pub fn parse(mut arguments: impl Iterator<Item = OsString>) -> Result<Parsed, String> {
    let (mut socket, mut secret_file, mut user, mut hold) = (None, None, None, None);
    let mut command = Vec::new();
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| arguments.next().ok_or_else(|| format!("{name} needs a value."));
        match argument.to_str() {
            Some("--socket") => socket = Some(PathBuf::from(value("--socket")?)),
            Some("--secret-file") => secret_file = Some(PathBuf::from(value("--secret-file")?)),
            Some("--user") => {
                user = Some(value("--user")?.into_string().map_err(|_| "--user must be UTF-8.".to_string())?)
            }
            Some("--hold") => hold = Some(PathBuf::from(value("--hold")?)),
            Some("--version") => return Ok(Parsed::Version),
            Some("--") => {
                command.extend(arguments.map(OsString::into_vec));
                break;
            }
            Some(option) if option.starts_with("--") => return Err(format!("Unknown option {option}.")),
            _ => {
                command.push(argument.into_vec());
                command.extend(arguments.map(OsString::into_vec));
                break;
            }
        }
    }
    Ok(Parsed::Run(Args {
        socket: socket.ok_or("--socket is required.")?,
        secret_file: secret_file.ok_or("--secret-file is required.")?,
        user,
        hold,
        command,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(arguments: &[&str]) -> Result<Args, String> {
        match parse(arguments.iter().map(OsString::from))? {
            Parsed::Run(args) => Ok(args),
            Parsed::Version => Err("version".into()),
        }
    }

    #[test]
    fn options_then_the_command_after_the_separator() {
        let args =
            parse_all(&["--socket", "/s", "--secret-file", "/f", "--user", "ann", "--", "sh", "--socket"]).unwrap();
        assert_eq!(args.user.as_deref(), Some("ann"));
        assert_eq!(args.hold, None);
        assert_eq!(args.command, vec![b"sh".to_vec(), b"--socket".to_vec()]);
    }

    #[test]
    fn the_command_may_follow_without_separator_and_is_optional() {
        assert_eq!(parse_all(&["--socket", "/s", "--secret-file", "/f", "sleep", "1"]).unwrap().command.len(), 2);
        assert!(parse_all(&["--socket", "/s", "--secret-file", "/f"]).unwrap().command.is_empty());
        assert_eq!(parse_all(&["--socket", "/s"]).unwrap_err(), "--secret-file is required.");
    }

    #[test]
    fn hold_names_a_file() {
        let args = parse_all(&["--socket", "/s", "--secret-file", "/f", "--hold", "/run/go", "sh"]).unwrap();
        assert_eq!(args.hold, Some(PathBuf::from("/run/go")));
        assert_eq!(
            parse_all(&["--socket", "/s", "--secret-file", "/f", "--hold"]).unwrap_err(),
            "--hold needs a value."
        );
    }
}
