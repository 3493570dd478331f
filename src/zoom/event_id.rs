//! Meeting and webinar IDs as people have them: `84127650391`, `841 2765 0391`, `841-2765-0391`,
//! or a link Zoom gave them (`https://us02web.zoom.us/j/84127650391?pwd=…`, `/w/…`,
//! `/meeting/register/…`, `/webinar/register/…` when the ID in it is numeric). Pure parsing, for
//! the command line and for a spreadsheet's event column alike: the parser keeps the number and,
//! when the link says so, the kind; it never keeps or repeats the link's query (a `pwd` there is
//! the meeting's passcode).

use super::EventKind;

/// Zoom's meeting and webinar IDs have 9 to 11 digits today. Written in groups (`841 2765 0391`)
/// an ID must have 9 to 12, so that half a paste is not taken for a whole one; written plain,
/// any number is taken (as before: scripts and test doubles use short ones).
const GROUPED_DIGITS: std::ops::RangeInclusive<usize> = 9..=12;

/// A meeting or webinar ID as a person gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventIdArg {
    pub id: u64,
    /// The kind, when the form given says it (a `/w/` or `/webinar/register/` link is a
    /// webinar's, a `/meeting/register/` link a meeting's).
    pub kind: Option<EventKind>,
}

/// Why a meeting ID could not be read; the text never holds a link's query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EventIdError(pub String);

impl std::str::FromStr for EventIdArg {
    type Err = EventIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.contains("://") || text.contains('/') {
            return from_link(text);
        }
        Ok(EventIdArg {
            id: digits(text).ok_or_else(|| {
                EventIdError(format!(
                    "{text:?} is not a meeting or webinar ID: expected its {}–{} digits, as Zoom \
                     shows them (84127650391, 841 2765 0391 or 841-2765-0391), or its join link",
                    GROUPED_DIGITS.start(),
                    GROUPED_DIGITS.end()
                ))
            })?,
            kind: None,
        })
    }
}

/// The number of `841 2765 0391` or `841-2765-0391`: digits in groups split by spaces or dashes.
fn digits(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split([' ', '-']).collect();
    if groups
        .iter()
        .any(|group| !group.bytes().all(|byte| byte.is_ascii_digit()))
    {
        return None;
    }
    let joined: String = groups.concat();
    if joined.is_empty() || (groups.len() > 1 && !GROUPED_DIGITS.contains(&joined.len())) {
        return None;
    }
    joined.parse().ok()
}

/// The ID in a Zoom link, and its kind when the path says it.
fn from_link(text: &str) -> Result<EventIdArg, EventIdError> {
    let without_query = text.split(['?', '#']).next().unwrap_or_default();
    let after_scheme = without_query
        .split_once("://")
        .map_or(without_query, |(_, rest)| rest);
    let (host, path) = after_scheme.split_once('/').unwrap_or((after_scheme, ""));
    let shown = format!("{host}/{path}");
    let host_is_zoom = {
        let host = host.to_ascii_lowercase();
        let host = host.split(':').next().unwrap_or_default();
        host == "zoom.us"
            || host.ends_with(".zoom.us")
            || host == "zoomgov.com"
            || host.ends_with(".zoomgov.com")
    };
    if !host_is_zoom {
        return Err(EventIdError(format!(
            "{shown:?} is not a Zoom link: give the meeting's ID, or a link on zoom.us"
        )));
    }
    let segments: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    let (kind, id) = match segments.as_slice() {
        ["j" | "s", id, ..] => (None, *id),
        ["w", id, ..] => (Some(EventKind::Webinar), *id),
        ["wc", "join", id, ..] | ["wc", id, ..] => (None, *id),
        ["meeting", "register", id, ..] => (Some(EventKind::Meeting), *id),
        ["webinar", "register", id, ..] => (Some(EventKind::Webinar), *id),
        _ => {
            return Err(EventIdError(format!(
                "{shown:?} is a Zoom link without a meeting ID: use a join link (…/j/ID), a \
                 webinar link (…/w/ID) or a registration link (…/meeting/register/ID)"
            )));
        }
    };
    match digits(id) {
        Some(id) => Ok(EventIdArg { id, kind }),
        None => Err(EventIdError(format!(
            "{shown:?}: {id:?} is not a numeric meeting ID (a registration link made of letters \
             holds no ID); give the ID shown in `regdesk meetings`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<EventIdArg, EventIdError> {
        text.parse()
    }

    #[test]
    fn an_id_is_read_as_zoom_shows_it_with_spaces_or_dashes() {
        for text in [
            "84127650391",
            "841 2765 0391",
            "841-2765-0391",
            " 841 2765 0391 ",
        ] {
            assert_eq!(
                parse(text),
                Ok(EventIdArg {
                    id: 84127650391,
                    kind: None
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn join_webinar_and_registration_links_give_their_id_and_kind() {
        let cases = [
            ("https://us02web.zoom.us/j/84127650391?pwd=abc123", None),
            ("https://zoom.us/j/84127650391", None),
            ("us06web.zoom.us/j/84127650391#success", None),
            (
                "https://us02web.zoom.us/w/84127650391?tk=x&pwd=y",
                Some(EventKind::Webinar),
            ),
            (
                "https://zoom.us/meeting/register/84127650391",
                Some(EventKind::Meeting),
            ),
            (
                "https://acme.zoom.us/webinar/register/84127650391?pwd=z",
                Some(EventKind::Webinar),
            ),
        ];
        for (link, kind) in cases {
            assert_eq!(
                parse(link),
                Ok(EventIdArg {
                    id: 84127650391,
                    kind
                }),
                "{link}"
            );
        }
    }

    #[test]
    fn a_link_that_cannot_be_read_is_refused_without_its_passcode() {
        for link in [
            "https://zoom.us/meeting/register/tJ0kcOmurj4sHtP?pwd=SECRETPWD",
            "https://example.com/j/84127650391?pwd=SECRETPWD",
            "https://zoom.us/profile?pwd=SECRETPWD",
        ] {
            let error = parse(link).expect_err(link);
            assert!(!error.0.contains("SECRETPWD"), "{error}");
        }
    }

    #[test]
    fn short_numbers_and_stray_characters_are_not_ids() {
        for text in [
            "",
            "841 2765",
            "841_2765_0391",
            "84127650391x",
            "-",
            "1234-5678-9012-3",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }
}
