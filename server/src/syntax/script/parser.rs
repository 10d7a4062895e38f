//! Simple commands out of tokens: reserved words, compound commands,
//! `for`/`case` headers and connectors. Compound commands are tracked on a
//! heap stack; only substitutions re-enter [`Parser::parse_list`].

use super::lexer::{LexCtx, Op, Parser, Tok};
use super::{is_assignment, Command, Connector, Redirection, ScriptWord, TextRange};

/// What ends a list besides the end of input (or of a backtick region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Term {
    Eof,
    /// The `)` of `$(...)`, `<(...)` or `>(...)`.
    Paren,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Subshell,
    Group,
    /// `patterns` while reading `pat1 | pat2 )`, not a branch body.
    Case {
        patterns: bool,
    },
}

/// Words that are not commands because of what came before them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    /// After `for`/`select`: the variable name.
    ForName,
    /// After the name: `in`, `do`, `;` or a newline.
    ForAfterName,
    /// The `in` list.
    ForList,
    /// After `case`: the subject word.
    CaseWord,
    /// After the subject: `in`.
    CaseIn,
    /// After `function`: the name.
    FuncName,
    /// After `function name`: optional `()`, then the body.
    FuncParens,
}

/// A simple command being read.
struct Building {
    start: usize,
    end: usize,
    assignments: Vec<ScriptWord>,
    words: Vec<ScriptWord>,
    redirections: Vec<Redirection>,
}

impl Building {
    fn new(start: usize) -> Building {
        Building {
            start,
            end: start,
            assignments: Vec::new(),
            words: Vec::new(),
            redirections: Vec::new(),
        }
    }
}

/// Per-list state; one per `parse_list` activation.
struct List {
    term: Term,
    base_depth: u32,
    in_subst: bool,
    nest: u32,
    frames: Vec<Frame>,
    /// Open subshells, groups and cases, so closing one never searches a
    /// stack that cannot hold it (`((((…}}}}` stays linear).
    subshells: u32,
    groups: u32,
    cases: u32,
    mode: Mode,
    cond: bool,
    cur: Option<Building>,
    /// The last command finished by this list, which a connector after a
    /// closing `)`/`}`/`fi`/`done`/`esac` belongs to.
    last: Option<usize>,
    after_close: bool,
}

impl List {
    fn depth(&self) -> u32 {
        self.base_depth
            .saturating_add(self.subshells)
            .saturating_add(self.groups)
    }

    fn push(&mut self, frame: Frame) {
        match frame {
            Frame::Subshell => self.subshells += 1,
            Frame::Group => self.groups += 1,
            Frame::Case { .. } => self.cases += 1,
        }
        self.frames.push(frame);
    }

    /// Pops frames through the innermost one `is` accepts, if any is open.
    fn pop_through(&mut self, is: fn(&Frame) -> bool, open: fn(&List) -> u32) -> bool {
        if open(self) == 0 {
            return false;
        }
        while let Some(frame) = self.frames.pop() {
            match frame {
                Frame::Subshell => self.subshells -= 1,
                Frame::Group => self.groups -= 1,
                Frame::Case { .. } => self.cases -= 1,
            }
            if is(&frame) {
                return true;
            }
        }
        false
    }

    fn in_patterns(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Case { patterns: true }))
    }
}

fn is_keyword(word: &ScriptWord, keyword: &str) -> bool {
    !word.quoted && word.value == keyword
}

impl Parser<'_> {
    /// Reads commands until the end of input or, for `Term::Paren`, the
    /// unmatched `)`, which is consumed.
    pub(super) fn parse_list(&mut self, term: Term, depth: u32, in_subst: bool, nest: u32) {
        let mut list = List {
            term,
            base_depth: depth,
            in_subst,
            nest,
            frames: Vec::new(),
            subshells: 0,
            groups: 0,
            cases: 0,
            mode: Mode::Normal,
            cond: false,
            cur: None,
            last: None,
            after_close: false,
        };
        loop {
            let ctx = LexCtx {
                sub_depth: list.depth().saturating_add(1),
                nest: list.nest,
                cond: list.cond,
                target: false,
            };
            match self.next_token(ctx) {
                Tok::Eof => break,
                Tok::Word(word) => self.on_word(&mut list, word),
                Tok::Op(op, range) => {
                    if self.on_op(&mut list, op, range, ctx) {
                        break;
                    }
                }
            }
        }
        self.finish(&mut list, None);
        // A trailing `;` or newline joins nothing.
        if let Some(command) = list.last.and_then(|i| self.commands.get_mut(i)) {
            if command.connector == Some(Connector::Seq) {
                command.connector = None;
            }
        }
    }

    fn on_word(&mut self, list: &mut List, word: ScriptWord) {
        match list.mode {
            Mode::Normal => {}
            Mode::ForName => {
                list.mode = Mode::ForAfterName;
                return;
            }
            Mode::ForAfterName => {
                let is_in = is_keyword(&word, "in");
                list.mode = if is_in { Mode::ForList } else { Mode::Normal };
                if is_in || is_keyword(&word, "do") {
                    return;
                }
            }
            Mode::ForList => return,
            Mode::CaseWord => {
                list.mode = Mode::CaseIn;
                return;
            }
            Mode::CaseIn => {
                // Without `in` the word is taken as the first pattern.
                list.mode = Mode::Normal;
                list.push(Frame::Case { patterns: true });
                return;
            }
            Mode::FuncName => {
                list.mode = Mode::FuncParens;
                return;
            }
            Mode::FuncParens => list.mode = Mode::Normal,
        }
        if list.in_patterns() {
            if is_keyword(&word, "esac") {
                list.pop_through(|f| matches!(f, Frame::Case { .. }), |l| l.cases);
                list.after_close = true;
            }
            return;
        }
        if list.cond {
            if is_keyword(&word, "]]") {
                list.cond = false;
            }
            self.add_word(list, word);
            return;
        }
        if list.cur.is_none() && !word.quoted {
            match word.value.as_str() {
                "if" | "then" | "else" | "elif" | "while" | "until" | "do" | "!" => {
                    list.after_close = false;
                    return;
                }
                "fi" | "done" => {
                    list.after_close = true;
                    return;
                }
                "esac" => {
                    list.pop_through(|f| matches!(f, Frame::Case { .. }), |l| l.cases);
                    list.after_close = true;
                    return;
                }
                "{" => {
                    list.push(Frame::Group);
                    list.after_close = false;
                    return;
                }
                "}" => {
                    list.pop_through(|f| *f == Frame::Group, |l| l.groups);
                    list.after_close = true;
                    return;
                }
                "for" | "select" => {
                    list.mode = Mode::ForName;
                    return;
                }
                "case" => {
                    list.mode = Mode::CaseWord;
                    return;
                }
                "function" => {
                    list.mode = Mode::FuncName;
                    return;
                }
                "[[" => list.cond = true,
                _ => {}
            }
        }
        self.add_word(list, word);
    }

    fn add_word(&mut self, list: &mut List, word: ScriptWord) {
        list.after_close = false;
        let raw = self.slice(word.range);
        let building = list
            .cur
            .get_or_insert_with(|| Building::new(word.range.start()));
        building.end = building.end.max(word.range.end());
        if building.words.is_empty() && is_assignment(raw) {
            building.assignments.push(word);
        } else {
            building.words.push(word);
        }
    }

    /// Returns true when the list ends here.
    fn on_op(&mut self, list: &mut List, op: Op, range: TextRange, ctx: LexCtx) -> bool {
        match op {
            Op::Redirect => self.on_redirect(list, range, ctx),
            Op::Newline | Op::Semi | Op::AndIf | Op::OrIf | Op::Pipe | Op::Amp => {
                let newline = op == Op::Newline;
                match list.mode {
                    Mode::Normal => {}
                    // Newlines may separate `for x`, `in` and `do`, or
                    // `case x` and `in`, or `function f` and its body.
                    Mode::ForName
                    | Mode::ForAfterName
                    | Mode::CaseWord
                    | Mode::CaseIn
                    | Mode::FuncName
                    | Mode::FuncParens
                        if newline =>
                    {
                        return false
                    }
                    Mode::ForAfterName | Mode::ForList if op == Op::Semi || newline => {
                        list.mode = Mode::Normal;
                        return false;
                    }
                    _ => list.mode = Mode::Normal,
                }
                if list.in_patterns() {
                    // `a | b)` alternatives and blank lines between branches.
                    return false;
                }
                if newline {
                    list.cond = false;
                }
                let connector = match op {
                    Op::AndIf => Connector::And,
                    Op::OrIf => Connector::Or,
                    Op::Pipe => Connector::Pipe,
                    Op::Amp => Connector::Background,
                    _ => Connector::Seq,
                };
                if list.cur.is_some() {
                    self.finish(list, Some(connector));
                } else if list.after_close {
                    let last = list.last.and_then(|i| self.commands.get_mut(i));
                    if let Some(command) = last {
                        if matches!(command.connector, None | Some(Connector::Seq)) {
                            command.connector = Some(connector);
                        }
                    }
                }
                list.after_close = false;
                false
            }
            Op::CaseEnd => {
                self.finish(list, None);
                list.after_close = false;
                list.mode = Mode::Normal;
                list.cond = false;
                if list.cases > 0 {
                    while let Some(Frame::Subshell | Frame::Group) = list.frames.last() {
                        list.pop_through(|_| true, |_| 1);
                    }
                    if let Some(Frame::Case { patterns }) = list.frames.last_mut() {
                        *patterns = true;
                    }
                }
                false
            }
            Op::LParen => {
                self.on_lparen(list, ctx);
                false
            }
            Op::RParen => {
                if let Some(Frame::Case { patterns }) = list.frames.last_mut() {
                    if *patterns {
                        *patterns = false;
                        return false;
                    }
                }
                self.finish(list, None);
                list.cond = false;
                list.mode = Mode::Normal;
                if list.pop_through(|f| *f == Frame::Subshell, |l| l.subshells) {
                    list.after_close = true;
                    return false;
                }
                // A stray `)` at top level is dropped.
                list.term == Term::Paren
            }
        }
    }

    fn on_lparen(&mut self, list: &mut List, ctx: LexCtx) {
        if list.in_patterns() {
            // The optional `(` before a pattern.
            return;
        }
        // Unless it is `)`, the token read ahead is inside a new subshell.
        let inside = LexCtx {
            sub_depth: ctx.sub_depth.saturating_add(1),
            ..ctx
        };
        match list.mode {
            // `function f ()`, or `function f (body)` with a subshell body.
            Mode::FuncParens => {
                list.mode = Mode::Normal;
                if self.expect_rparen(inside) {
                    return;
                }
            }
            // `for ((i = 0; i < n; i++))`
            Mode::ForName => {
                list.mode = Mode::Normal;
                if self.arithmetic_command() {
                    return;
                }
            }
            _ => list.mode = Mode::Normal,
        }
        if let Some(building) = &list.cur {
            let one_word = building.words.len() == 1
                && building.assignments.is_empty()
                && building.redirections.is_empty();
            if one_word && self.expect_rparen(inside) {
                // `name() body`: the name is not a command.
                list.cur = None;
                return;
            }
            // A syntax error; split as if a new line began here.
            self.finish(list, None);
        }
        if self.arithmetic_command() {
            // `(( ... ))` runs nothing, and the connector after it is not
            // the previous command's.
            list.after_close = true;
            list.last = None;
            return;
        }
        list.push(Frame::Subshell);
        list.after_close = false;
    }

    /// Consumes a `)` if it is the next token.
    fn expect_rparen(&mut self, ctx: LexCtx) -> bool {
        match self.next_token(ctx) {
            Tok::Op(Op::RParen, _) => true,
            other => {
                self.peeked = Some(other);
                false
            }
        }
    }

    /// Right after a `(` token: `((...))` when the next byte opens a second
    /// paren and the two close together.
    fn arithmetic_command(&mut self) -> bool {
        self.peeked.is_none()
            && self.slice(TextRange::new(self.pos, self.pos + 1)) == "("
            && self.arithmetic(self.pos + 1)
    }

    fn on_redirect(&mut self, list: &mut List, range: TextRange, ctx: LexCtx) -> bool {
        let op = self.slice(range);
        let target = match self.next_token(LexCtx {
            target: true,
            ..ctx
        }) {
            Tok::Word(word) => Some(word),
            other => {
                self.peeked = Some(other);
                None
            }
        };
        if let Some(target) = &target {
            self.register_heredoc(range.start(), op, target);
        }
        // Redirections of a compound command (`done < list`, `} > log`) and
        // stray ones in `case` patterns belong to no simple command.
        if list.after_close || list.in_patterns() {
            return false;
        }
        list.mode = Mode::Normal;
        let end = target.as_ref().map_or(range.end(), |t| t.range.end());
        let redirection = Redirection {
            range: TextRange::new(range.start(), end),
            op: op.to_string(),
            target,
            body: None,
        };
        let building = list.cur.get_or_insert_with(|| Building::new(range.start()));
        building.end = building.end.max(end);
        building.redirections.push(redirection);
        false
    }

    fn finish(&mut self, list: &mut List, connector: Option<Connector>) {
        let Some(building) = list.cur.take() else {
            return;
        };
        self.commands.push(Command {
            range: TextRange::new(building.start, building.end),
            assignments: building.assignments,
            words: building.words,
            redirections: building.redirections,
            connector,
            depth: list.depth(),
            in_substitution: list.in_subst,
        });
        list.last = Some(self.commands.len() - 1);
    }
}
