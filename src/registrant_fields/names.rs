//! Splitting a single "Name" column into Zoom's first and last name the way people expect:
//! "Last, First" as written in directories, surname particles kept with the surname ("Ludwig van
//! Beethoven" → "Ludwig" + "van Beethoven"), suffixes kept with it too ("King Jr."), courtesy
//! titles dropped, and a one-word name left as a first name (Zoom requires only the first name).

/// A name split into Zoom's two fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitName {
    pub first: String,
    pub last: Option<String>,
}

/// Words that start a surname in many languages (Dutch, German, French, Spanish, Portuguese,
/// Italian, Arabic, Scots/Irish written apart).
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le", "dos",
    "das", "do", "ter", "ten", "zu", "bin", "ibn", "al", "el", "st", "st.", "mac", "af", "av",
];

/// Generational and academic suffixes that belong to the last name.
const SUFFIXES: &[&str] = &[
    "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "phd", "ph.d.", "md", "m.d.", "esq", "esq.",
];

/// Courtesy titles that are not part of anyone's first name.
const TITLES: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "dr", "dr.", "prof", "prof.",
    "sir", "dame", "herr", "frau", "mme", "mme.", "m.", "sra", "sra.", "sr.", "señor", "señora",
];

/// Splits a full name; `None` for an empty one.
pub fn split_full_name(full: &str) -> Option<SplitName> {
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    if full.is_empty() {
        return None;
    }
    if let Some((last, first)) = full.split_once(',') {
        let (last, first) = (last.trim(), first.trim());
        // "Smith, Jr." is a suffix, not "Last, First".
        if !first.is_empty() && !is_suffix(first) && !last.is_empty() {
            let first = strip_titles(first);
            if !first.is_empty() {
                return Some(SplitName {
                    first: first.join(" "),
                    last: Some(last.to_owned()),
                });
            }
        }
    }
    let without_commas = full.replace(',', " ");
    let words = strip_titles(&without_commas);
    let (given, family) = split_words(&words);
    Some(SplitName {
        first: given.join(" "),
        last: (!family.is_empty()).then(|| family.join(" ")),
    })
}

fn strip_titles(text: &str) -> Vec<&str> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while words.len() > 1 && TITLES.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    words
}

fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&word.to_lowercase().as_str())
}

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
}

/// Given names are everything before the surname; the surname is the last word, pulled back to
/// the first particle before it and extended by any suffixes after it.
fn split_words<'a>(words: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    if words.len() < 2 {
        return (words.to_vec(), Vec::new());
    }
    let mut surname_start = words.len() - 1;
    while surname_start > 1 && is_suffix(words[surname_start]) {
        surname_start -= 1;
    }
    // The first word is always a given name, even when it looks like a particle ("Al Smith").
    while surname_start > 1 && is_particle(words[surname_start - 1]) {
        surname_start -= 1;
    }
    (
        words[..surname_start].to_vec(),
        words[surname_start..].to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(full: &str) -> (String, Option<String>) {
        let name = split_full_name(full).unwrap();
        (name.first, name.last)
    }

    fn pair(first: &str, last: Option<&str>) -> (String, Option<String>) {
        (first.to_owned(), last.map(str::to_owned))
    }

    #[test]
    fn common_shapes_split_as_people_expect() {
        assert_eq!(split("Ada Lovelace"), pair("Ada", Some("Lovelace")));
        assert_eq!(split("  Ada   Lovelace "), pair("Ada", Some("Lovelace")));
        assert_eq!(split("Lovelace, Ada"), pair("Ada", Some("Lovelace")));
        assert_eq!(split("Mary Ann Evans"), pair("Mary Ann", Some("Evans")));
        assert_eq!(split("Cher"), pair("Cher", None));
        assert_eq!(split("Jean-Luc Picard"), pair("Jean-Luc", Some("Picard")));
    }

    #[test]
    fn particles_stay_with_the_surname() {
        assert_eq!(
            split("Ludwig van Beethoven"),
            pair("Ludwig", Some("van Beethoven"))
        );
        assert_eq!(
            split("Anna van der Berg"),
            pair("Anna", Some("van der Berg"))
        );
        assert_eq!(
            split("van der Berg, Anna"),
            pair("Anna", Some("van der Berg"))
        );
        assert_eq!(
            split("Charles de Gaulle"),
            pair("Charles", Some("de Gaulle"))
        );
        assert_eq!(split("Al Gore"), pair("Al", Some("Gore")));
    }

    #[test]
    fn suffixes_stay_with_the_surname_and_titles_go() {
        assert_eq!(
            split("Martin Luther King Jr."),
            pair("Martin Luther", Some("King Jr."))
        );
        assert_eq!(split("King, Jr."), pair("King", Some("Jr.")));
        assert_eq!(split("Dr. Jane Goodall"), pair("Jane", Some("Goodall")));
        assert_eq!(split("Goodall, Dr. Jane"), pair("Jane", Some("Goodall")));
        assert_eq!(split("Dr."), pair("Dr.", None));
    }

    #[test]
    fn empty_names_are_none() {
        assert_eq!(split_full_name("   "), None);
    }
}
