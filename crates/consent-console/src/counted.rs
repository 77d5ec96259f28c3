//! A count with its noun as a person writes it ("1 problem", "3 problems"): the console's messages are read by product
//! teams, for whom "1 problem(s)" reads like a form letter.

/// `count` followed by `one` when it is 1, else by `many`.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(counted(1, "problem", "problems"), "1 problem");
        assert_eq!(counted(0, "problem", "problems"), "0 problems");
        assert_eq!(counted(2, "word", "words"), "2 words");
    }
}
