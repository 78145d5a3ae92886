//! Wording helpers shared by the lint rules and verify's hints.

/// Joins at most `max` of `items` with ", " and says how many of `total` were left out, so
/// that a hostile input (thousands of candidates) cannot make one message huge.
pub(crate) fn join_capped(items: &[String], max: usize, total: usize) -> String {
    let shown = items.len().min(max);
    let mut text = items
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if total > shown {
        text.push_str(&format!(" and {} more", total - shown));
    }
    text
}
