//! Rule documentation is markdown in each rule file. The examples in it are
//! real Dockerfiles: tests check that the bad ones trigger the rule and the
//! good ones do not, so the docs cannot drift from the code.

/// The sections every rule's docs must have, in order.
pub const REQUIRED_SECTIONS: [&str; 3] = ["## What it does", "## Why is this bad?", "## Example"];

/// The Dockerfiles in a rule's docs: before "Use instead:" they must
/// trigger the rule, after it they must not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    pub bad: Vec<String>,
    pub good: Vec<String>,
}

/// Extracts the ` ```dockerfile ` blocks of the `## Example` section.
pub fn examples(docs: &str) -> Examples {
    let mut res = Examples::default();
    let Some(start) = docs.find("## Example") else {
        return res;
    };
    let section = &docs[start..];
    let section = match section[2..].find("\n## ") {
        Some(end) => &section[..end + 2],
        None => section,
    };
    let (bad, good) = match section.find("Use instead:") {
        Some(at) => (&section[..at], &section[at..]),
        None => (section, ""),
    };
    res.bad = code_blocks(bad);
    res.good = code_blocks(good);
    res
}

fn code_blocks(text: &str) -> Vec<String> {
    let mut res = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```dockerfile\n") {
        let body = &rest[open + "```dockerfile\n".len()..];
        let Some(close) = body.find("```") else {
            break;
        };
        res.push(body[..close].to_owned());
        rest = &body[close + 3..];
    }
    res
}

/// Sections missing from a rule's docs.
pub fn missing_sections(docs: &str) -> Vec<&'static str> {
    let mut missing: Vec<&str> = REQUIRED_SECTIONS
        .into_iter()
        .filter(|it| !docs.contains(it))
        .collect();
    if !docs.contains("Use instead:") {
        missing.push("Use instead:");
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_bad_and_good_examples() {
        let docs = "## What it does\nx\n## Example\n```dockerfile\nFROM a\n```\nUse instead:\n```dockerfile\nFROM b\n```\n## References\n```dockerfile\nFROM c\n```\n";
        let got = examples(docs);
        assert_eq!(got.bad, vec!["FROM a\n"]);
        assert_eq!(got.good, vec!["FROM b\n"]);
    }
}
