//! Unified diffs for `--diff` (format, fix): what `patch -p0` takes,
//! three lines of context, the path as given on both header lines.

use similar::TextDiff;

pub(crate) fn unified_diff(name: &str, old: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_nearby_changes_and_counts_added_lines() {
        let old = "a\n b\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n m\n";
        let new = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";
        let diff = unified_diff("Dockerfile", old, new);
        assert!(
            diff.starts_with("--- Dockerfile\n+++ Dockerfile\n"),
            "{diff}"
        );
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("@@ -1,5 +1,5 @@\n a\n- b\n+b\n"), "{diff}");
        assert!(
            diff.contains("-l\n+m\n+n\n") || diff.contains("- m\n+m\n+n\n"),
            "{diff}"
        );
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let diff = unified_diff("Dockerfile", "FROM a", "FROM b");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }
}
