//! "Vouliez-vous dire … ?": the valid name nearest to a typo.

/// The valid name closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(dist, c)| *dist <= (c.chars().count() / 3).max(2))
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, c)| c.as_str())
}
