//! Signature help: the forms of the instruction under the cursor, with the
//! part being typed highlighted (a flag, an argument, a `--mount` key).

use super::{
    docs::{self, ParamRole, SignatureDoc},
    navigation::{clamp, logical_offset, split_mount_fields},
    Analysis,
};
use crate::syntax::{Args, Instruction, InstructionKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHelp {
    pub signatures: Vec<SignatureInfo>,
    pub active_signature: usize,
    pub active_parameter: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInfo {
    pub label: String,
    /// Markdown.
    pub documentation: Option<String>,
    pub parameters: Vec<ParameterInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterInfo {
    /// Byte offsets into the signature's label (labels are ASCII, so they
    /// are UTF-16 offsets too).
    pub label: (usize, usize),
    pub documentation: Option<String>,
}

/// Where the cursor is inside an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Flag(String),
    Arg { index: usize, total: usize },
    Key,
    Value,
    Exec,
    MountKey(String),
}

/// Signature help at `offset`, if the cursor is in an instruction's
/// arguments or a parser directive's value.
pub fn signature_help(analysis: &Analysis, offset: usize) -> Option<SignatureHelp> {
    let parse = analysis.parse();
    let offset = clamp(analysis.text(), offset);
    if let Some(directive) = parse
        .directives
        .iter()
        .find(|it| it.range.touches(offset) && offset > it.name_range.end())
    {
        let doc = docs::directive(directive.kind)?;
        let label = doc.syntax.to_owned();
        let start = label.find('=').map_or(0, |it| it + 1);
        return Some(SignatureHelp {
            signatures: vec![SignatureInfo {
                documentation: Some(doc.summary.to_owned()),
                parameters: vec![ParameterInfo {
                    label: (start, label.len()),
                    documentation: None,
                }],
                label,
            }],
            active_signature: 0,
            active_parameter: Some(0),
        });
    }
    let idx = parse.instruction_index_at(offset)?;
    let mut instruction = parse.instructions.get(idx)?;
    while let Some(trigger) = instruction
        .onbuild_trigger()
        .filter(|it| offset > it.keyword.range.end())
    {
        instruction = trigger;
    }
    if offset <= instruction.keyword.range.end() {
        return None;
    }
    let doc = docs::instruction(instruction.kind)?;
    let (role, first_arg) = role_at(analysis, instruction, offset);
    if let Some(Role::MountKey(key)) = &role {
        let signature = &docs::MOUNT_SIGNATURE;
        // A half-typed key counts when only one key starts with it.
        let canonical = docs::mount_key(key).map(|it| it.name()).or_else(|| {
            let mut starting = docs::MOUNT_KEYS
                .iter()
                .filter(|it| !key.is_empty() && it.name().starts_with(key.as_str()));
            match (starting.next(), starting.next()) {
                (Some(only), None) => Some(only.name()),
                _ => None,
            }
        });
        let active = signature
            .params
            .iter()
            .position(|it| matches!(it.role, ParamRole::MountKey(k) if Some(k) == canonical));
        return Some(SignatureHelp {
            signatures: vec![signature_info(signature)],
            active_signature: 0,
            active_parameter: active,
        });
    }
    let mut active_signature = 0;
    let mut active_parameter = None;
    let healthcheck_none = instruction.kind == InstructionKind::Healthcheck
        && matches!(&instruction.args, Args::Healthcheck { kind, .. } if kind.text.eq_ignore_ascii_case("NONE"))
        || first_arg
            .as_deref()
            .is_some_and(|it| it.eq_ignore_ascii_case("NONE"));
    if let Some(role) = &role {
        let exec = first_arg.as_deref().is_some_and(|it| it.starts_with('['));
        let role = match role {
            Role::Arg { .. } if exec => Role::Exec,
            other => other.clone(),
        };
        let candidates: Vec<usize> = (0..doc.signatures.len())
            .filter(|&i| !(healthcheck_none && i == 0 && doc.signatures.len() > 1))
            .collect();
        'outer: for pass in [true, false] {
            for &i in &candidates {
                if let Some(p) = active_param(&doc.signatures[i], &role, pass) {
                    active_signature = i;
                    active_parameter = Some(p);
                    break 'outer;
                }
            }
        }
        if active_parameter.is_none() && healthcheck_none {
            active_signature = doc.signatures.len().saturating_sub(1);
        }
    }
    Some(SignatureHelp {
        signatures: doc.signatures.iter().map(signature_info).collect(),
        active_signature,
        active_parameter,
    })
}

fn signature_info(doc: &SignatureDoc) -> SignatureInfo {
    let mut from = 0;
    let parameters = doc
        .params
        .iter()
        .map(|param| {
            let start = doc.label[from..]
                .find(param.label)
                .map_or(from, |it| it + from);
            from = start + param.label.len();
            ParameterInfo {
                label: (start, from),
                documentation: Some(param.documentation.to_owned()),
            }
        })
        .collect();
    SignatureInfo {
        label: doc.label.to_owned(),
        documentation: Some(doc.documentation.to_owned()),
        parameters,
    }
}

/// The parameter of `signature` the cursor is on. The first pass takes
/// only exact roles; the second also the catch-all ones.
fn active_param(signature: &SignatureDoc, role: &Role, exact: bool) -> Option<usize> {
    signature
        .params
        .iter()
        .position(|param| match (param.role, role) {
            (ParamRole::Flag(name), Role::Flag(it)) => name.eq_ignore_ascii_case(it),
            (ParamRole::Flags, Role::Flag(_)) => !exact,
            (ParamRole::Arg(n), Role::Arg { index, .. }) => n == *index,
            (ParamRole::Last, Role::Arg { index, total }) => *index >= 1 && index + 1 == *total,
            (ParamRole::ArgsFrom(n), Role::Arg { index, .. }) => !exact && *index >= n,
            (ParamRole::Key, Role::Key) | (ParamRole::Value, Role::Value) => true,
            (ParamRole::Exec, Role::Exec) => true,
            _ => false,
        })
}

/// The cursor's role and the first argument (after the flags) as written.
fn role_at(
    analysis: &Analysis,
    instruction: &Instruction,
    offset: usize,
) -> (Option<Role>, Option<String>) {
    let logical = instruction.logical_text(analysis.text());
    let lpos = logical_offset(instruction, offset).min(logical.len());
    let args_start = instruction.keyword.lrange.end().min(lpos);
    let all_words: Vec<&str> = logical[instruction.keyword.lrange.end().min(logical.len())..]
        .split_whitespace()
        .collect();
    let first_arg = all_words
        .iter()
        .find(|it| !it.starts_with("--"))
        .map(|it| (*it).to_owned());
    let total_args = all_words.iter().filter(|it| !it.starts_with("--")).count();
    let before = &logical[args_start..lpos];
    let ends_blank = before.is_empty() || before.ends_with(char::is_whitespace);
    let mut words: Vec<&str> = before.split_whitespace().collect();
    let current = if ends_blank {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let flags_done = words.iter().any(|it| !it.starts_with("--"));
    if !flags_done && current.starts_with('-') {
        let name_part = current.trim_start_matches('-');
        let (name, value) = match name_part.find('=') {
            Some(eq) => (&name_part[..eq], Some(&name_part[eq + 1..])),
            None => (name_part, None),
        };
        if let (InstructionKind::Run, "mount", Some(value)) =
            (instruction.kind, name.to_ascii_lowercase().as_str(), value)
        {
            let fields = split_mount_fields(value, 0);
            let key = fields.last().map(|it| it.key.clone()).unwrap_or_default();
            return (Some(Role::MountKey(key)), first_arg);
        }
        return (Some(Role::Flag(name.to_ascii_lowercase())), first_arg);
    }
    let index = words.iter().filter(|it| !it.starts_with("--")).count();
    let role = match instruction.kind {
        InstructionKind::Arg | InstructionKind::Env | InstructionKind::Label => {
            if current.contains('=') {
                Role::Value
            } else if instruction.kind == InstructionKind::Env
                && !current.is_empty()
                && index >= 1
                && !words.last().is_some_and(|it| it.contains('='))
            {
                // Legacy `ENV key value`.
                Role::Value
            } else {
                Role::Key
            }
        }
        _ => Role::Arg {
            index,
            total: total_args.max(index + 1),
        },
    };
    (Some(role), first_arg)
}
