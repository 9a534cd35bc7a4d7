//! Function-word lists per language (data files in `lexicon/`), for weighting content words.

use super::Lang;
use std::collections::HashSet;
use std::sync::OnceLock;

fn parse(data: &'static str) -> HashSet<&'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Is `word` (normalised form) a function word of `lang`? Unknown languages use both lists.
pub fn is_stopword(word: &str, lang: Lang) -> bool {
    static AR: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static EN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let ar = || AR.get_or_init(|| parse(include_str!("lexicon/stopwords-ar.txt")));
    let en = || EN.get_or_init(|| parse(include_str!("lexicon/stopwords-en.txt")));
    match lang {
        Lang::Ar => ar().contains(word),
        Lang::En => en().contains(word),
        Lang::Und => ar().contains(word) || en().contains(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_in_normalised_form() {
        assert!(is_stopword("علي", Lang::Ar));
        assert!(is_stopword("the", Lang::En));
        assert!(!is_stopword("raqqa", Lang::En));
    }
}
