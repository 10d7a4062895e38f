//! Semantic tokens: what each piece of the text is, for highlighting that
//! knows more than a TextMate grammar (stage names, variables inside `RUN`
//! and heredoc bodies, deprecated `MAINTAINER`).
//!
//! Tokens come out sorted and never overlap; a token may span lines (a
//! word continued with `\`), which the LSP layer splits.

use std::sync::OnceLock;

use crate::{
    model::{builtin_args, EdgeKind, EdgeTarget, PROXY_ARGS},
    syntax::{
        shell, Args, Heredoc, Instruction, InstructionKind, LineKind, Parse, TextRange, Word,
    },
};

use super::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: TextRange,
    pub kind: SemanticTokenKind,
    pub modifiers: TokenModifiers,
}

/// Token types. The order is the legend's and never changes; new types go
/// at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum SemanticTokenKind {
    /// Instruction keywords, `AS`, `HEALTHCHECK CMD|NONE`, heredoc delimiters.
    Keyword,
    Comment,
    /// JSON strings, flag values, `ENV`/`ARG`/`LABEL` values, directive
    /// values, heredoc bodies.
    String,
    /// `EXPOSE` ports.
    Number,
    /// `$VAR` references and `ARG`/`ENV` names.
    Variable,
    /// Flag names (`--mount`).
    Parameter,
    /// `LABEL` keys.
    Property,
    /// Stage names.
    Namespace,
    /// Image references in `FROM`.
    Class,
    /// Parser directive names.
    Macro,
    /// `=`.
    Operator,
}

impl SemanticTokenKind {
    /// The legend, in order.
    pub const ALL: [SemanticTokenKind; 11] = [
        SemanticTokenKind::Keyword,
        SemanticTokenKind::Comment,
        SemanticTokenKind::String,
        SemanticTokenKind::Number,
        SemanticTokenKind::Variable,
        SemanticTokenKind::Parameter,
        SemanticTokenKind::Property,
        SemanticTokenKind::Namespace,
        SemanticTokenKind::Class,
        SemanticTokenKind::Macro,
        SemanticTokenKind::Operator,
    ];

    /// The LSP name of the type.
    pub fn name(self) -> &'static str {
        match self {
            SemanticTokenKind::Keyword => "keyword",
            SemanticTokenKind::Comment => "comment",
            SemanticTokenKind::String => "string",
            SemanticTokenKind::Number => "number",
            SemanticTokenKind::Variable => "variable",
            SemanticTokenKind::Parameter => "parameter",
            SemanticTokenKind::Property => "property",
            SemanticTokenKind::Namespace => "namespace",
            SemanticTokenKind::Class => "class",
            SemanticTokenKind::Macro => "macro",
            SemanticTokenKind::Operator => "operator",
        }
    }

    /// The index in the legend.
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// A set of token modifiers, as bits in legend order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct TokenModifiers(pub u32);

impl TokenModifiers {
    pub const NONE: TokenModifiers = TokenModifiers(0);
    /// Where a stage or variable is defined.
    pub const DECLARATION: TokenModifiers = TokenModifiers(1);
    pub const DEPRECATED: TokenModifiers = TokenModifiers(1 << 1);
    /// Variables BuildKit predefines (`TARGETARCH`, `HTTP_PROXY`).
    pub const DEFAULT_LIBRARY: TokenModifiers = TokenModifiers(1 << 2);

    /// The legend, in bit order.
    pub const NAMES: [&'static str; 3] = ["declaration", "deprecated", "defaultLibrary"];

    pub fn contains(self, other: TokenModifiers) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn names(self) -> Vec<&'static str> {
        TokenModifiers::NAMES
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect()
    }
}

impl std::ops::BitOr for TokenModifiers {
    type Output = TokenModifiers;
    fn bitor(self, rhs: TokenModifiers) -> TokenModifiers {
        TokenModifiers(self.0 | rhs.0)
    }
}

/// The tokens of the file, or of the part that intersects `range`.
pub fn semantic_tokens(analysis: &Analysis, range: Option<TextRange>) -> Vec<SemanticToken> {
    let text = analysis.text();
    let parse = analysis.parse();
    let mut collector = Collector {
        text,
        escape: parse.escape,
        base: Vec::new(),
        overlays: Vec::new(),
    };
    lines(&mut collector, parse);
    for instruction in &parse.instructions {
        if range.is_some_and(|range| !touches(instruction.range, range)) {
            continue;
        }
        let logical = instruction.logical_text(text);
        collector.instruction(instruction, &logical);
    }
    for edge in &analysis.model().edges {
        if matches!(edge.kind, EdgeKind::From | EdgeKind::CopyFrom)
            && matches!(edge.target, EdgeTarget::Stage(_))
        {
            collector.overlay(
                edge.range,
                SemanticTokenKind::Namespace,
                TokenModifiers::NONE,
            );
        }
    }
    let mut tokens = collector.finish();
    if let Some(range) = range {
        tokens.retain(|it| touches(it.range, range));
    }
    tokens
}

fn touches(a: TextRange, b: TextRange) -> bool {
    a.intersects(b) || (b.is_empty() && a.touches(b.start()))
}

struct Collector<'a> {
    text: &'a str,
    escape: char,
    base: Vec<SemanticToken>,
    /// Tokens that cut holes in base tokens: variables, stage references.
    overlays: Vec<SemanticToken>,
}

fn lines(acc: &mut Collector<'_>, parse: &Parse) {
    for line in &parse.lines {
        match line.kind {
            LineKind::Comment | LineKind::ContinuationComment => {
                acc.token(
                    line.content,
                    SemanticTokenKind::Comment,
                    TokenModifiers::NONE,
                );
            }
            LineKind::HeredocBody => {
                acc.token(
                    line.content,
                    SemanticTokenKind::String,
                    TokenModifiers::NONE,
                );
            }
            _ => {}
        }
    }
    for directive in &parse.directives {
        acc.token(
            directive.name_range,
            SemanticTokenKind::Macro,
            TokenModifiers::NONE,
        );
        acc.operator_between(directive.name_range.end(), directive.value_range.start());
        acc.token(
            directive.value_range,
            SemanticTokenKind::String,
            TokenModifiers::NONE,
        );
    }
}

impl Collector<'_> {
    fn token(&mut self, range: TextRange, kind: SemanticTokenKind, modifiers: TokenModifiers) {
        if !range.is_empty() {
            self.base.push(SemanticToken {
                range,
                kind,
                modifiers,
            });
        }
    }

    fn overlay(&mut self, range: TextRange, kind: SemanticTokenKind, modifiers: TokenModifiers) {
        if !range.is_empty() {
            self.overlays.push(SemanticToken {
                range,
                kind,
                modifiers,
            });
        }
    }

    /// An `=` token at the first `=` in `start..end`, if any.
    fn operator_between(&mut self, start: usize, end: usize) {
        let Some(between) = self.text.get(start..end.max(start)) else {
            return;
        };
        if let Some(at) = between.find('=') {
            self.token(
                TextRange::new(start + at, start + at + 1),
                SemanticTokenKind::Operator,
                TokenModifiers::NONE,
            );
        }
    }

    fn instruction(&mut self, instruction: &Instruction, logical: &str) {
        let modifiers = match instruction.kind {
            InstructionKind::Maintainer => TokenModifiers::DEPRECATED,
            _ => TokenModifiers::NONE,
        };
        self.token(
            instruction.keyword.range,
            SemanticTokenKind::Keyword,
            modifiers,
        );
        for flag in &instruction.flags {
            self.token(
                TextRange::new(flag.range.start(), flag.name_range.end()),
                SemanticTokenKind::Parameter,
                TokenModifiers::NONE,
            );
            if let Some(value) = flag.value_range {
                self.operator_between(flag.name_range.end(), value.start());
                self.token(value, SemanticTokenKind::String, TokenModifiers::NONE);
                self.variables_in(instruction, flag.lrange, logical);
            }
        }
        self.args(instruction, &instruction.args, logical);
        for heredoc in &instruction.heredocs {
            self.heredoc(heredoc);
        }
    }

    fn args(&mut self, instruction: &Instruction, args: &Args, logical: &str) {
        match args {
            Args::Empty | Args::Ignored(_) => {}
            Args::Exec(exec) => {
                for element in &exec.elements {
                    self.token(
                        element.range,
                        SemanticTokenKind::String,
                        TokenModifiers::NONE,
                    );
                }
            }
            Args::Shell(word) | Args::Text(word) => self.word_variables(instruction, word, logical),
            Args::Words(words) => {
                for (idx, word) in words.iter().enumerate() {
                    match (instruction.kind, idx) {
                        (InstructionKind::From, 0) => {
                            self.token(word.range, SemanticTokenKind::Class, TokenModifiers::NONE)
                        }
                        (InstructionKind::From, 1) if word.text.eq_ignore_ascii_case("as") => {
                            self.token(word.range, SemanticTokenKind::Keyword, TokenModifiers::NONE)
                        }
                        (InstructionKind::From, 2) if words[1].text.eq_ignore_ascii_case("as") => {
                            self.token(
                                word.range,
                                SemanticTokenKind::Namespace,
                                TokenModifiers::DECLARATION,
                            )
                        }
                        (InstructionKind::Expose, _)
                            if word.text.starts_with(|c: char| c.is_ascii_digit()) =>
                        {
                            self.token(word.range, SemanticTokenKind::Number, TokenModifiers::NONE)
                        }
                        _ => {}
                    }
                    self.word_variables(instruction, word, logical);
                }
            }
            Args::KeyValues(pairs) => {
                let key_kind = match instruction.kind {
                    InstructionKind::Label => SemanticTokenKind::Property,
                    _ => SemanticTokenKind::Variable,
                };
                for pair in pairs {
                    self.token(pair.key.range, key_kind, TokenModifiers::DECLARATION);
                    if let Some(value) = &pair.value {
                        if !pair.legacy {
                            self.operator_between(pair.key.range.end(), value.range.start());
                        }
                        self.token(value.range, SemanticTokenKind::String, TokenModifiers::NONE);
                        self.word_variables(instruction, value, logical);
                    }
                }
            }
            Args::Healthcheck { kind, cmd } => {
                self.token(kind.range, SemanticTokenKind::Keyword, TokenModifiers::NONE);
                self.args(instruction, cmd, logical);
            }
            Args::Onbuild(Some(inner)) => self.instruction(inner, logical),
            Args::Onbuild(None) => {}
        }
    }

    fn heredoc(&mut self, heredoc: &Heredoc) {
        self.token(
            heredoc.marker,
            SemanticTokenKind::Keyword,
            TokenModifiers::NONE,
        );
        if let Some(terminator) = heredoc.terminator {
            self.token(terminator, SemanticTokenKind::Keyword, TokenModifiers::NONE);
        }
        if heredoc.expand {
            let body = heredoc.body.slice(self.text);
            for reference in shell::variable_references(body, self.escape) {
                let range = TextRange::new(reference.range.start, reference.range.end)
                    .shifted(heredoc.body.start());
                self.variable(range, &reference.name);
            }
        }
    }

    fn word_variables(&mut self, instruction: &Instruction, word: &Word, logical: &str) {
        self.variables_in(instruction, word.lrange, logical);
    }

    /// Variable references in a piece of the logical line.
    fn variables_in(&mut self, instruction: &Instruction, lrange: TextRange, logical: &str) {
        let Some(piece) = logical.get(lrange.start()..lrange.end()) else {
            return;
        };
        if !piece.contains('$') {
            return;
        }
        for reference in shell::variable_references(piece, self.escape) {
            let range =
                TextRange::new(reference.range.start, reference.range.end).shifted(lrange.start());
            self.variable(instruction.source_range(range), &reference.name);
        }
    }

    fn variable(&mut self, range: TextRange, name: &str) {
        static BUILTIN: OnceLock<Vec<&'static str>> = OnceLock::new();
        let builtin =
            BUILTIN.get_or_init(|| builtin_args().into_iter().map(|(it, _)| it).collect());
        let predefined =
            PROXY_ARGS.iter().any(|it| it.eq_ignore_ascii_case(name)) || builtin.contains(&name);
        let modifiers = match predefined {
            true => TokenModifiers::DEFAULT_LIBRARY,
            false => TokenModifiers::NONE,
        };
        self.overlay(range, SemanticTokenKind::Variable, modifiers);
    }

    /// Sorted, non-overlapping tokens: overlays cut holes in base tokens.
    fn finish(mut self) -> Vec<SemanticToken> {
        self.overlays
            .sort_by_key(|it| (it.range.start(), std::cmp::Reverse(it.range.end())));
        let mut overlays: Vec<SemanticToken> = Vec::with_capacity(self.overlays.len());
        for token in self.overlays {
            // Nested references (`${A:-$B}`): the outer one wins.
            if overlays
                .last()
                .is_some_and(|last| last.range.end() > token.range.start())
            {
                continue;
            }
            overlays.push(token);
        }
        self.base
            .sort_by_key(|it| (it.range.start(), std::cmp::Reverse(it.range.end())));
        let mut res = Vec::with_capacity(self.base.len() + overlays.len());
        let mut next_overlay = 0;
        for token in self.base {
            let mut start = token.range.start();
            let end = token.range.end();
            // Overlays that end before this token are behind us.
            while overlays
                .get(next_overlay)
                .is_some_and(|it| it.range.end() <= start)
            {
                next_overlay += 1;
            }
            let mut idx = next_overlay;
            while let Some(overlay) = overlays.get(idx).filter(|it| it.range.start() < end) {
                if overlay.range.start() > start {
                    res.push(SemanticToken {
                        range: TextRange::new(start, overlay.range.start()),
                        ..token
                    });
                }
                start = start.max(overlay.range.end());
                idx += 1;
            }
            if start < end {
                res.push(SemanticToken {
                    range: TextRange::new(start, end),
                    ..token
                });
            }
        }
        res.extend(overlays);
        res.sort_by_key(|it| (it.range.start(), std::cmp::Reverse(it.range.end())));
        // Whatever still overlaps (broken input) loses to what came first.
        let mut out: Vec<SemanticToken> = Vec::with_capacity(res.len());
        for token in res {
            if out
                .last()
                .is_some_and(|last| last.range.end() > token.range.start())
            {
                continue;
            }
            out.push(token);
        }
        out
    }
}
