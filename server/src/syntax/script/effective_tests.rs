//! Wrappers and option queries.

use super::*;

fn command(text: &str) -> Command {
    parse_script(text)
        .commands
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no command in {text:?}"))
}

fn values<'a>(words: impl IntoIterator<Item = &'a ScriptWord>) -> Vec<&'a str> {
    words.into_iter().map(|w| w.value.as_str()).collect()
}

#[test]
fn no_wrapper() {
    let c = command("/usr/bin/apt-get -qq update");
    let e = c.effective();
    assert_eq!(e.name(), Some("apt-get"));
    assert!(e.wrapped_by.is_empty());
    assert_eq!(values(e.args()), ["-qq", "update"]);
    assert_eq!(c.name(), Some("/usr/bin/apt-get"));
}

#[test]
fn sudo_env_nice_and_friends() {
    let c = command("sudo -u app npm ci --omit=dev");
    let e = c.effective();
    assert_eq!(
        (e.name(), e.wrapped_by.as_slice()),
        (Some("npm"), &["sudo"][..])
    );
    assert_eq!(e.subcommand(&[]).map(|w| w.value.as_str()), Some("ci"));
    assert_eq!(e.flag_value(None, &["omit"]).map(|v| v.value), Some("dev"));

    let c = command("env -i DEBIAN_FRONTEND=noninteractive apt-get -qy install x");
    let e = c.effective();
    assert_eq!(
        (e.name(), e.wrapped_by.as_slice()),
        (Some("apt-get"), &["env"][..])
    );
    assert!(e.has_flag(&['y'], &["yes", "assume-yes"]));
    assert_eq!(values(e.positionals(&[])), ["x"]);

    let c = command(
        "sudo -E env A=1 - nice -n 5 timeout -s KILL 30 /usr/bin/time -p xargs -0 -n1 -I{} rm -f {}",
    );
    let e = c.effective();
    assert_eq!(e.name(), Some("rm"));
    assert_eq!(
        e.wrapped_by,
        ["sudo", "env", "nice", "timeout", "time", "xargs"]
    );
    assert_eq!(values(e.args()), ["-f", "{}"]);

    let c = command("exec gosu app:app nohup command -p eatmydata apt-get clean");
    let e = c.effective();
    assert_eq!(e.name(), Some("apt-get"));
    assert_eq!(
        e.wrapped_by,
        ["exec", "gosu", "nohup", "command", "eatmydata"]
    );

    let c = command("sudo -- rm x");
    assert_eq!(c.effective().name(), Some("rm"));
}

#[test]
fn wrappers_that_run_nothing_stay() {
    for text in [
        "command -v apt-get",
        "env",
        "sudo -l",
        "sudo -u x",
        "env -S 'a b'",
        "timeout 5",
        "xargs",
    ] {
        let c = command(text);
        let e = c.effective();
        assert!(e.wrapped_by.is_empty(), "{text}");
        assert_eq!(e.words.len(), c.words.len(), "{text}");
    }
    let c = command("FOO=bar");
    let e = c.effective();
    assert_eq!((e.name(), e.subcommand(&[])), (None, None));
    assert!(e.args().is_empty() && !e.has_flag(&['y'], &["yes"]));
}

#[test]
fn has_flag_forms() {
    let flag = |text: &str| {
        command(text)
            .effective()
            .has_flag(&['y'], &["yes", "--assume-yes"])
    };
    assert!(flag("apt-get install -y x"));
    assert!(flag("apt-get install --yes x"));
    assert!(flag("apt-get install --assume-yes=true x"));
    assert!(flag("apt-get -qy install x"));
    assert!(flag("apt-get install x -y"));
    assert!(!flag("apt-get install x"));
    assert!(!flag("apt-get install -- -y"));
    assert!(!flag("apt-get install --yesno x"));
    assert!(!flag("apt-get install y yes"));
}

#[test]
fn flag_value_forms() {
    let value = |text: &str, short, long: &[&str]| {
        let c = command(text);
        let e = c.effective();
        e.flag_value(short, long).map(|v| v.value.to_string())
    };
    assert_eq!(
        value("curl --output=f url", Some('o'), &["output"]).as_deref(),
        Some("f")
    );
    assert_eq!(
        value("curl --output f url", Some('o'), &["output"]).as_deref(),
        Some("f")
    );
    assert_eq!(
        value("curl -o f url", Some('o'), &["output"]).as_deref(),
        Some("f")
    );
    assert_eq!(
        value("curl -of url", Some('o'), &["output"]).as_deref(),
        Some("f")
    );
    assert_eq!(value("wget -qO- url", Some('O'), &[]).as_deref(), Some("-"));
    assert_eq!(
        value("wget -qO file url", Some('O'), &[]).as_deref(),
        Some("file")
    );
    assert_eq!(value("curl url", Some('o'), &["output"]), None);
    assert_eq!(value("curl -- -o f", Some('o'), &[]), None);
    assert_eq!(value("curl -o", Some('o'), &[]), None);
    // The word a glued value came from is kept for ranges.
    let c = command("pip install --index-url=https://x pkg");
    let v = c.effective().flag_value(None, &["index-url"]);
    assert_eq!(
        v.map(|v| v.word.value.as_str()),
        Some("--index-url=https://x")
    );
}

#[test]
fn subcommand_and_positionals() {
    let c = command(
        "apt-get -o Dpkg::Options::=--force-confold -y install --no-install-recommends curl=7.* git",
    );
    let e = c.effective();
    assert_eq!(
        e.subcommand(&["-o"]).map(|w| w.value.as_str()),
        Some("install")
    );
    assert_eq!(values(e.positionals(&["-o"])), ["curl=7.*", "git"]);
    // Without knowing `-o` takes a value, its value looks like a subcommand.
    assert_eq!(
        e.subcommand(&[]).map(|w| w.value.as_str()),
        Some("Dpkg::Options::=--force-confold")
    );

    let c = command("pip install -r requirements.txt --no-cache-dir flask -c c.txt -- -odd");
    let e = c.effective();
    assert_eq!(values(e.positionals(&["-r", "-c"])), ["flask", "-odd"]);
    // A value-taking letter at the end of a cluster takes the next word.
    let c = command("tar -C /opt -xzf a.tgz b");
    let e = c.effective();
    assert_eq!(
        e.subcommand(&["-C", "-f"]).map(|w| w.value.as_str()),
        Some("b")
    );
    let c = command("ls");
    assert!(c.effective().positionals(&[]).is_empty());
}

#[test]
fn basenames() {
    assert_eq!(command("./configure").effective().name(), Some("configure"));
    assert_eq!(command("dir/").effective().name(), Some("dir/"));
    assert_eq!(command("/usr/bin/sudo ls").effective().wrapped_by, ["sudo"]);
}
