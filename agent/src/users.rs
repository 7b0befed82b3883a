//! Users and groups from the space's own `/etc/passwd` and `/etc/group` (parsed here: a static binary cannot use
//! glibc's NSS, and the image may have no libc at all). `--user` and request users are `name`, `uid`,
//! `name:group` or `uid:gid`, as Docker's `--user`.

use std::fs;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub uid: u32,
    pub gid: u32,
    /// Supplementary groups: the primary group and every group listing the user as a member.
    pub groups: Vec<u32>,
    /// From `/etc/passwd` when the user is listed there.
    pub name: Option<String>,
    pub home: Option<String>,
}

struct Account {
    name: String,
    uid: u32,
    gid: u32,
    home: String,
}

pub fn resolve(spec: &str) -> Result<Credentials, String> {
    resolve_in(spec, &read("/etc/passwd"), &read("/etc/group"))
}

fn read(path: &str) -> String {
    // A missing file is normal (scratch images); numeric users still work.
    fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

fn resolve_in(spec: &str, passwd: &str, group: &str) -> Result<Credentials, String> {
    let (user, group_spec) = match spec.split_once(':') {
        Some((user, group)) => (user, Some(group)),
        None => (spec, None),
    };
    if user.is_empty() {
        return Err(format!("The user '{spec}' is empty."));
    }
    let accounts: Vec<Account> = passwd.lines().filter_map(parse_account).collect();
    let account = match user.parse::<u32>() {
        Ok(uid) => accounts.into_iter().find(|a| a.uid == uid),
        Err(_) => Some(
            accounts
                .into_iter()
                .find(|a| a.name == user)
                .ok_or_else(|| format!("There is no user '{user}' in the space's /etc/passwd."))?,
        ),
    };
    let uid = match &account {
        Some(account) => account.uid,
        None => user.parse::<u32>().unwrap_or(0),
    };
    let groups: Vec<(String, u32, Vec<String>)> = group.lines().filter_map(parse_group).collect();
    // Docker's rule: a uid without a passwd entry gets group 0.
    let gid = match group_spec {
        None => account.as_ref().map_or(0, |a| a.gid),
        Some(name) => match name.parse::<u32>() {
            Ok(gid) => gid,
            Err(_) => groups
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, gid, _)| *gid)
                .ok_or_else(|| format!("There is no group '{name}' in the space's /etc/group."))?,
        },
    };
    let mut supplementary = vec![gid];
    if let Some(account) = &account {
        for (_, id, members) in &groups {
            if members.contains(&account.name) && !supplementary.contains(id) {
                supplementary.push(*id);
            }
        }
    }
    Ok(Credentials {
        uid,
        gid,
        groups: supplementary,
        name: account.as_ref().map(|a| a.name.clone()),
        home: account.map(|a| a.home),
    })
}

fn parse_account(line: &str) -> Option<Account> {
    let fields: Vec<&str> = line.split(':').collect();
    if fields.len() < 7 || line.starts_with('#') {
        return None;
    }
    Some(Account {
        name: fields[0].to_string(),
        uid: fields[2].parse().ok()?,
        gid: fields[3].parse().ok()?,
        home: fields[5].to_string(),
    })
}

fn parse_group(line: &str) -> Option<(String, u32, Vec<String>)> {
    let fields: Vec<&str> = line.split(':').collect();
    if fields.len() < 4 || line.starts_with('#') {
        return None;
    }
    let members = fields[3].split(',').filter(|m| !m.is_empty()).map(str::to_string).collect();
    Some((fields[0].to_string(), fields[2].parse().ok()?, members))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\nann:x:1000:1000::/home/ann:/bin/bash\n";
    const GROUP: &str = "root:x:0:\nann:x:1000:\ndocker:x:998:ann,bob\nwheel:x:10:bob\n";

    #[test]
    fn a_name_takes_its_uid_group_home_and_memberships() {
        let ann = resolve_in("ann", PASSWD, GROUP).unwrap();
        assert_eq!(
            (ann.uid, ann.gid, ann.groups, ann.home.as_deref()),
            (1000, 1000, vec![1000, 998], Some("/home/ann"))
        );
    }

    #[test]
    fn an_unknown_uid_gets_group_zero_and_no_home() {
        let user = resolve_in("4242", PASSWD, GROUP).unwrap();
        assert_eq!((user.uid, user.gid, user.home), (4242, 0, None));
        assert_eq!(resolve_in("4242:7", PASSWD, GROUP).unwrap().gid, 7);
        assert_eq!(resolve_in("0:wheel", PASSWD, GROUP).unwrap().gid, 10);
    }

    #[test]
    fn an_unknown_name_is_a_sentence() {
        assert_eq!(resolve_in("bob", PASSWD, GROUP).unwrap_err(), "There is no user 'bob' in the space's /etc/passwd.");
    }
}
