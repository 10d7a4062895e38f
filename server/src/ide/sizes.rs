//! Sizes for people, shared by the hover, the inlay hints and `docklens
//! size`. Figures are written one way everywhere (`Estimate`'s `Display` in
//! the model, which rule messages use too):
//!
//! - no mark: measured (`241 MB`);
//! - `≈`: estimated, from typical values or a compression ratio;
//! - a range when the model is unsure (`≈ 19–32 MB`);
//! - `+ ?` when some part cannot be estimated statically, `?` when nothing can.
//!
//! This module adds what only displays need: knowledge-base facts, bars
//! and role names.

use crate::{
    images::{Basis, SizeFact},
    model::{Estimate, StageRole},
};

pub use crate::model::size::format_mb;

/// True when nothing at all is known about the size.
pub fn is_unknown(estimate: &Estimate) -> bool {
    estimate.is_unknown()
}

/// An estimate as text: `241 MB`, `≈ 241 MB`, `≈ 19–32 MB`, `≈ 241 MB + ?`, `?`.
pub fn format_estimate(estimate: &Estimate) -> String {
    estimate.to_string()
}

/// A knowledge-base size: `75.2 MB` when measured, `≈ 290 MB` otherwise.
pub fn format_fact(fact: &SizeFact) -> String {
    match fact.basis {
        Basis::Measured => format_mb(fact.mb),
        _ => format!("≈ {}", format_mb(fact.mb)),
    }
}

/// How a knowledge-base size was obtained, for people.
pub fn basis_label(basis: Basis) -> &'static str {
    match basis {
        Basis::Measured => "measured",
        Basis::Mixed => "partly measured, partly estimated",
        Basis::Estimate => "estimated",
        Basis::Historical => "measured on an old release",
    }
}

/// The single number to plot or print for an estimate: the middle of its range.
pub fn plotted(estimate: &Estimate) -> f64 {
    estimate.best().max(0.0)
}

const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// A horizontal bar of at most `width` cells for `value` out of `max`, in
/// eighths of a cell; anything above zero shows at least a sliver.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    if !(value > 0.0 && max > 0.0) || width == 0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * (width * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut res = "█".repeat(eighths / 8);
    if eighths % 8 != 0 {
        res.push(EIGHTHS[eighths % 8 - 1]);
    }
    res
}

/// `ships`, `builder`, `unused`.
pub fn role_label(role: StageRole) -> &'static str {
    match role {
        StageRole::Ships => "ships",
        StageRole::Builder => "builder",
        StageRole::Unused => "unused",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 8.0, 1), "▏");
        assert_eq!(bar(0.001, 100.0, 10), "▏");
        assert_eq!(bar(0.0, 100.0, 10), "");
        assert_eq!(bar(3.0, 8.0, 2), "▊");
    }
}
