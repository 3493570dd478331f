//! Country values as people type them ("Germany", "USA", "Deutschland", "deu", "de") turned into
//! the two-letter ISO 3166-1 code Zoom's `country` field requires.

use super::country_table::COUNTRIES;

/// The two-letter code for what a person wrote, or `None` when it names no country we know.
/// Case, accents, punctuation and a leading "The" do not matter; a two- or three-letter value must
/// be a real ISO code.
pub fn country_code(value: &str) -> Option<&'static str> {
    let trimmed = value.trim();
    let by_code = |pick: fn(&(&'static str, &'static str, &[&str])) -> &'static str| {
        COUNTRIES
            .iter()
            .find(|entry| pick(entry).eq_ignore_ascii_case(trimmed))
            .map(|(alpha2, _, _)| *alpha2)
    };
    match trimmed.chars().count() {
        0 => return None,
        2 => {
            if let Some(code) = by_code(|(alpha2, _, _)| alpha2) {
                return Some(code);
            }
        }
        3 if trimmed.chars().all(|c| c.is_ascii_alphabetic()) => {
            if let Some(code) = by_code(|(_, alpha3, _)| alpha3) {
                return Some(code);
            }
        }
        _ => {}
    }
    let wanted = squash(trimmed);
    let wanted = wanted.strip_prefix("the").unwrap_or(&wanted);
    COUNTRIES
        .iter()
        .find(|(_, _, names)| {
            names.iter().any(|name| {
                let name = squash(name);
                name == wanted || name.strip_prefix("the") == Some(wanted)
            })
        })
        .map(|(alpha2, _, _)| *alpha2)
}

/// Lowercase letters and digits only, accents folded, so "U.S.A." and "usa", "Côte d'Ivoire" and
/// "cote divoire" compare equal.
fn squash(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_spellings_map_to_iso_codes() {
        for (input, code) in [
            ("DE", "DE"),
            ("de", "DE"),
            (" us ", "US"),
            ("DEU", "DE"),
            ("usa", "US"),
            ("Germany", "DE"),
            ("germany", "DE"),
            ("Deutschland", "DE"),
            ("U.S.A.", "US"),
            ("United States of America", "US"),
            ("UK", "GB"),
            ("England", "GB"),
            ("The Netherlands", "NL"),
            ("Netherlands", "NL"),
            ("Côte d'Ivoire", "CI"),
            ("cote divoire", "CI"),
            ("Aland Islands", "AX"),
            ("guinea bissau", "GW"),
            ("Korea, Republic of", "KR"),
            ("South Korea", "KR"),
            ("Bolivia", "BO"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("Bahamas", "BS"),
            ("The Bahamas", "BS"),
        ] {
            assert_eq!(country_code(input), Some(code), "{input}");
        }
    }

    #[test]
    fn unknown_values_are_refused() {
        for input in ["XX", "ZZ", "QQQ", "Atlantis", "", "   ", "U", "Germ"] {
            assert_eq!(country_code(input), None, "{input}");
        }
    }

    #[test]
    fn the_table_has_every_code_once() {
        let mut codes: Vec<&str> = COUNTRIES.iter().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), COUNTRIES.len());
        assert!(codes.len() >= 249);
    }
}
