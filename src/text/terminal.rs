//! Terminal safety: text that came from Zoom, a file or a person, made harmless to draw.
//!
//! A terminal obeys what it is sent. A registrant named `\x1b]0;pwned\x07` retitles the window,
//! `\x1b]52;c;…\x07` writes the clipboard, `\x1b[2J` clears the screen, and a right-to-left
//! override (U+202E) makes `gpj.exe` read as `exe.jpg`. [`sanitise`] (one line: a table cell, a
//! label, a title) and [`sanitise_lines`] (a message that may span lines) are the one gate such
//! text passes through on its way to a terminal. The rules:
//!
//! - **Escape sequences** (ESC or its 8-bit C1 form: CSI, OSC, DCS, SOS, PM, APC, and the short
//!   `ESC x` ones) are removed whole, payload and terminator included, and leave one visible
//!   U+FFFD `�` behind so that a reader sees something was there. An unterminated string
//!   sequence swallows the rest of the text, exactly as the terminal would have.
//! - **Other controls** (C0, DEL, C1, and the line and paragraph separators U+2028/U+2029) each
//!   become `�`. In one line a tab becomes a space and a line break `�`; [`sanitise_lines`] keeps
//!   `\n` and tabs and turns `\r\n` into `\n` (a lone `\r`, which would let text overwrite the
//!   line, still becomes `�`).
//! - **Invisible characters** are dropped, since they draw nothing and exist only to reorder or
//!   hide: the bidi controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width space
//!   and joiners (U+200B–200D), word joiner and invisible operators (U+2060–2064), the deprecated
//!   format characters (U+206A–206F), U+FEFF, the soft hyphen U+00AD, the combining grapheme
//!   joiner U+034F, the Mongolian vowel separator U+180E, the Khmer inherent vowels U+17B4/17B5,
//!   the Hangul fillers U+3164/U+FFA0 (a "blank" name), the interlinear annotation marks
//!   U+FFF9–FFFB, the musical format controls U+1D173–1D17A, and the tag and unassigned
//!   default-ignorable characters U+E0000–E0FFF.
//! - **Legitimate Unicode stays**: accents (precomposed or combining), CJK, Arabic, Indic and
//!   emoji. Three invisible characters are kept where writing needs them, and nowhere else: a
//!   zero-width joiner between two emoji (👩‍💻, 🏳️‍🌈); a zero-width joiner or non-joiner between
//!   two letters of Arabic or an Indic script (Persian `می‌خواهم`); a variation selector right
//!   after a visible character (one per character: ☺️, 葛󠄀), and the tag characters of a flag
//!   sequence after U+1F3F4 (🏴󠁧󠁢󠁳󠁣󠁴󠁿). Runs of them, which hide data, are dropped.
//!
//! [`width`] is the number of terminal columns the sanitised text takes (`unicode-width`, so CJK
//! and emoji count two); [`pad`] and [`fit`] align and cut by it, never by `char`s.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// What a removed control character or escape sequence becomes: visible and one column wide.
pub const REPLACEMENT: char = '\u{FFFD}';

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
const ZERO_WIDTH_JOINER: char = '\u{200D}';
const ZERO_WIDTH_NON_JOINER: char = '\u{200C}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';
/// The longest tag run of a flag sequence kept (subdivision codes are up to 6 letters + cancel).
const MAX_FLAG_TAGS: usize = 8;

/// One line of text for a terminal (a table cell, a label, a title): escape sequences and
/// controls become `�`, tabs a space, invisible characters go (see the module's rules).
pub fn sanitise(text: &str) -> Cow<'_, str> {
    sanitise_as(text, Layout::OneLine)
}

/// A message for a terminal that may span lines: as [`sanitise`], but `\n` and tabs stay and
/// `\r\n` becomes `\n`.
pub fn sanitise_lines(text: &str) -> Cow<'_, str> {
    sanitise_as(text, Layout::Lines)
}

/// The terminal columns `text` takes once sanitised (CJK and most emoji take two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(sanitise(text).as_ref())
}

/// `text` sanitised and padded with spaces to at least `columns` terminal columns.
pub fn pad(text: &str, columns: usize) -> String {
    let clean = sanitise(text);
    let mut padded = clean.clone().into_owned();
    padded.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(UnicodeWidthStr::width(clean.as_ref())),
    ));
    padded
}

/// `text` sanitised and cut to at most `columns` terminal columns, ending in `…` when cut.
pub fn fit(text: &str, columns: usize) -> String {
    let clean = sanitise(text);
    if UnicodeWidthStr::width(clean.as_ref()) <= columns {
        return clean.into_owned();
    }
    if columns == 0 {
        return String::new();
    }
    let room = columns - 1;
    let mut cut = String::new();
    // Measured as a whole each time: a selector or joiner can change the width of what it follows.
    for c in clean.chars() {
        cut.push(c);
        if UnicodeWidthStr::width(cut.as_str()) > room {
            cut.pop();
            break;
        }
    }
    cut.push('…');
    cut
}

/// Whether `c` is a control character or an escape-sequence introducer, which never reaches a
/// terminal from [`sanitise`].
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether `c` is a bidi control (it reorders what follows it on screen).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` draws nothing and is dropped (bidi controls included), apart from the joiners,
/// variation selectors and flag tags [`sanitise`] keeps where writing needs them.
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E00FF}'
                | '\u{E01F0}'..='\u{E0FFF}'
        )
}

/// Whether `c` selects a glyph variant of the character before it (emoji or text style, CJK
/// ideographic variants, Mongolian forms).
pub fn is_variation_selector(c: char) -> bool {
    matches!(
        c,
        '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'
    )
}

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..=CANCEL_TAG).contains(&c)
}

/// Pictographs that join into emoji sequences (an approximation of `Extended_Pictographic`
/// that covers every emoji block).
fn is_pictograph(c: char) -> bool {
    matches!(
        c,
        '\u{00A9}'
            | '\u{00AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2190}'..='\u{21FF}'
            | '\u{2300}'..='\u{23FF}'
            | '\u{24C2}'
            | '\u{25A0}'..='\u{27BF}'
            | '\u{2900}'..='\u{297F}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{1F000}'..='\u{1FFFF}'
    )
}

/// Letters of scripts whose spelling uses the zero-width joiner and non-joiner (Arabic and the
/// Indic scripts).
fn joins_with_joiners(c: char) -> bool {
    !is_invisible(c)
        && matches!(
            c,
            '\u{0600}'..='\u{06FF}'
                | '\u{0750}'..='\u{077F}'
                | '\u{08A0}'..='\u{08FF}'
                | '\u{0900}'..='\u{0DFF}'
                | '\u{FB50}'..='\u{FDFF}'
                | '\u{FE70}'..='\u{FEFC}'
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    OneLine,
    Lines,
}

/// Whether `c` passes unchanged whatever surrounds it.
fn is_plain(c: char, layout: Layout) -> bool {
    if layout == Layout::Lines && matches!(c, '\n' | '\t') {
        return true;
    }
    !is_control(c) && !is_invisible(c) && !is_variation_selector(c) && !is_tag(c)
}

fn sanitise_as(text: &str, layout: Layout) -> Cow<'_, str> {
    if text.chars().all(|c| is_plain(c, layout)) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // The last character written: whether a joiner or selector may follow depends on it.
    let mut previous: Option<char> = None;
    let mut flag_tags = 0;
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let next = chars.get(index + 1).copied();
        let keep = match c {
            ESC => {
                index = end_of_escape(&chars, index);
                out.push(REPLACEMENT);
                previous = Some(REPLACEMENT);
                continue;
            }
            '\u{9B}' => {
                index = end_of_control_sequence(&chars, index + 1);
                out.push(REPLACEMENT);
                previous = Some(REPLACEMENT);
                continue;
            }
            '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => {
                index = end_of_control_string(&chars, index + 1);
                out.push(REPLACEMENT);
                previous = Some(REPLACEMENT);
                continue;
            }
            '\n' | '\t' if layout == Layout::Lines => Some(c),
            '\r' if layout == Layout::Lines && next == Some('\n') => None,
            '\t' => Some(' '),
            c if is_control(c) => Some(REPLACEMENT),
            ZERO_WIDTH_JOINER
                if previous.is_some_and(|p| is_pictograph(p) || p == '\u{FE0F}')
                    && next.is_some_and(is_pictograph) =>
            {
                Some(c)
            }
            ZERO_WIDTH_JOINER | ZERO_WIDTH_NON_JOINER
                if previous.is_some_and(joins_with_joiners)
                    && next.is_some_and(joins_with_joiners) =>
            {
                Some(c)
            }
            c if is_variation_selector(c) => previous
                .filter(|p| {
                    !is_variation_selector(*p)
                        && !is_invisible(*p)
                        && !p.is_whitespace()
                        && *p != REPLACEMENT
                })
                .map(|_| c),
            c if is_tag(c) => {
                let in_flag = previous.is_some_and(|p| {
                    p == BLACK_FLAG || (is_tag(p) && p != CANCEL_TAG && flag_tags < MAX_FLAG_TAGS)
                });
                in_flag.then_some(c)
            }
            c if is_invisible(c) => None,
            c => Some(c),
        };
        if let Some(kept) = keep {
            flag_tags = if is_tag(kept) { flag_tags + 1 } else { 0 };
            out.push(kept);
            previous = Some(kept);
        }
        index += 1;
    }
    Cow::Owned(out)
}

/// Where the escape sequence starting with the ESC at `start` ends (the index after it).
fn end_of_escape(chars: &[char], start: usize) -> usize {
    let Some(&kind) = chars.get(start + 1) else {
        return start + 1;
    };
    match kind {
        '[' => end_of_control_sequence(chars, start + 2),
        ']' | 'P' | 'X' | '^' | '_' => end_of_control_string(chars, start + 2),
        // nF sequences: intermediate bytes, then one final byte (`ESC ( B`, `ESC # 8`).
        '\u{20}'..='\u{2F}' => {
            let mut index = start + 2;
            while chars
                .get(index)
                .is_some_and(|c| ('\u{20}'..='\u{2F}').contains(c))
            {
                index += 1;
            }
            if chars
                .get(index)
                .is_some_and(|c| ('\u{30}'..='\u{7E}').contains(c))
            {
                index += 1;
            }
            index
        }
        // Two-byte sequences: `ESC c` (reset), `ESC 7`, `ESC =` …
        '\u{30}'..='\u{7E}' => start + 2,
        // A lone ESC: what follows is text (or another control) and is read as such.
        _ => start + 1,
    }
}

/// Where a control sequence (CSI) whose parameters start at `start` ends: parameter and
/// intermediate bytes, then a final byte. Any other character aborts it, as in a terminal, and
/// is read as text.
fn end_of_control_sequence(chars: &[char], start: usize) -> usize {
    let mut index = start;
    while chars
        .get(index)
        .is_some_and(|c| ('\u{20}'..='\u{3F}').contains(c))
    {
        index += 1;
    }
    if chars
        .get(index)
        .is_some_and(|c| ('\u{40}'..='\u{7E}').contains(c))
    {
        index += 1;
    }
    index
}

/// Where a control string (OSC, DCS, SOS, PM, APC) whose payload starts at `start` ends: after
/// BEL or the string terminator (`ESC \` or U+009C); another ESC ends it and starts a new
/// sequence; without a terminator it runs to the end of the text.
fn end_of_control_string(chars: &[char], start: usize) -> usize {
    let mut index = start;
    while let Some(&c) = chars.get(index) {
        match c {
            BEL | '\u{9C}' => return index + 1,
            ESC if chars.get(index + 1) == Some(&'\\') => return index + 2,
            ESC => return index,
            _ => index += 1,
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_width::UnicodeWidthChar;

    use super::*;

    #[test]
    fn escape_sequences_go_whole_with_their_payload() {
        assert_eq!(sanitise("Ann\x1b]0;pwned\x07 Lee"), "Ann� Lee");
        assert_eq!(sanitise("a\x1b]52;c;ZWNobyBwd25lZA==\x1b\\b"), "a�b");
        assert_eq!(sanitise("\x1b[2JBo"), "�Bo");
        assert_eq!(sanitise("\x1b[38;5;196mred\x1b[0m"), "�red�");
        assert_eq!(sanitise("x\u{9b}31mred"), "x�red");
        assert_eq!(sanitise("x\u{9d}0;title\u{9c}y"), "x�y");
        assert_eq!(sanitise("\x1bPq#0;2;0;0;0\x1b\\ok"), "�ok");
        assert_eq!(sanitise("\x1b(Bok\x1bcok"), "�ok�ok");
        assert_eq!(
            sanitise("cut\x1b]8;;http://evil.example"),
            "cut�",
            "an unterminated string swallows the rest, as the terminal would"
        );
    }

    #[test]
    fn controls_become_visible_and_invisible_characters_go() {
        assert_eq!(sanitise("a\u{7}b\u{7f}c\u{85}d\re"), "a�b�c�d�e");
        assert_eq!(sanitise("two\nlines\tand a tab"), "two�lines and a tab");
        assert_eq!(
            sanitise_lines("two\r\nlines\tand\ra tab"),
            "two\nlines\tand�a tab"
        );
        assert_eq!(sanitise("\u{202E}gpj.exe\u{202C}"), "gpj.exe");
        assert_eq!(
            sanitise("Z\u{200B}o\u{2060}e\u{FEFF}\u{2066}\u{200F}\u{00AD}\u{3164}"),
            "Zoe"
        );
        assert_eq!(sanitise("\u{E0041}\u{E0042}hidden"), "hidden");
    }

    #[test]
    fn accents_cjk_emoji_and_joined_scripts_stay() {
        for kept in [
            "Zoë Brontë-Ñúñez",
            "Zoe\u{0308} (combining)",
            "王秀英",
            "김민준",
            "👩\u{200D}💻 dev",
            "🏳\u{FE0F}\u{200D}🌈",
            "👍🏽",
            "1\u{FE0F}\u{20E3}",
            "می\u{200C}خواهم",
            "क्\u{200D}ष",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "葛\u{E0100}",
        ] {
            assert_eq!(sanitise(kept), kept);
        }
        assert_eq!(sanitise("a\u{200D}b"), "ab", "a joiner between letters");
        assert_eq!(
            sanitise("a\u{FE0F}\u{FE0F}\u{FE0E}"),
            "a\u{FE0F}",
            "one selector per character"
        );
    }

    #[test]
    fn width_counts_terminal_columns() {
        assert_eq!(width("王秀英"), 6);
        assert_eq!(width("Zoë"), 3);
        assert_eq!(width("a\u{202E}b"), 2);
        assert_eq!(pad("王", 4), "王  ");
        assert_eq!(fit("王秀英", 5), "王秀…");
        assert_eq!(fit("registrants", 6), "regis…");
        assert_eq!(fit("王秀英", 6), "王秀英");
    }

    /// Text with every kind of trouble in it, mixed with ordinary and wide characters.
    fn hostile_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            any::<char>().prop_map(String::from),
            "[a-zA-Zéü王👩 ]{0,4}",
            Just("\x1b".to_owned()),
            Just("\x1b[".to_owned()),
            Just("\x1b]0;".to_owned()),
            Just("\x1b]52;c;".to_owned()),
            Just("\u{9b}".to_owned()),
            Just("\u{9d}".to_owned()),
            Just("\x07".to_owned()),
            Just("\x1b\\".to_owned()),
            Just("\u{202E}".to_owned()),
            Just("\u{2067}".to_owned()),
            Just("\u{200B}".to_owned()),
            Just("\u{200D}".to_owned()),
            Just("\u{200C}".to_owned()),
            Just("\u{FE0F}".to_owned()),
            Just("\u{E0067}".to_owned()),
            Just("🏴".to_owned()),
            Just("\r\n".to_owned()),
            (0u32..0x20).prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default()),
            (0x7Fu32..0xA0).prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default()),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    /// Whether a character of sanitised text is one it may hold where it stands.
    fn allowed_in_output(text: &[char], index: usize, layout: Layout) -> bool {
        let c = text[index];
        let previous = index.checked_sub(1).map(|i| text[i]);
        let next = text.get(index + 1).copied();
        if layout == Layout::Lines && matches!(c, '\n' | '\t') {
            return true;
        }
        if is_control(c) || c == ESC || is_bidi_control(c) {
            return false;
        }
        match c {
            ZERO_WIDTH_JOINER | ZERO_WIDTH_NON_JOINER => {
                let emoji = previous.is_some_and(|p| is_pictograph(p) || p == '\u{FE0F}')
                    && next.is_some_and(is_pictograph);
                let script = previous.is_some_and(joins_with_joiners)
                    && next.is_some_and(joins_with_joiners);
                (c == ZERO_WIDTH_JOINER && emoji) || script
            }
            c if is_variation_selector(c) => {
                previous.is_some_and(|p| !is_variation_selector(p) && !is_invisible(p))
            }
            c if is_tag(c) => previous.is_some_and(|p| p == BLACK_FLAG || is_tag(p)),
            c => !is_invisible(c),
        }
    }

    proptest! {
        #[test]
        fn sanitised_text_holds_no_control_escape_bidi_or_hidden_character(text in hostile_text()) {
            for layout in [Layout::OneLine, Layout::Lines] {
                let clean: Vec<char> = sanitise_as(&text, layout).chars().collect();
                for index in 0..clean.len() {
                    prop_assert!(
                        allowed_in_output(&clean, index, layout),
                        "{:?} at {index} of {:?} from {:?}", clean[index], clean, text
                    );
                }
                if layout == Layout::OneLine {
                    prop_assert!(clean.iter().all(|c| c.width().is_some()));
                }
            }
        }

        #[test]
        fn text_without_such_characters_is_unchanged(text in any::<String>()) {
            let plain: String = text.chars().filter(|c| is_plain(*c, Layout::OneLine)).collect();
            prop_assert_eq!(sanitise(&plain), plain.as_str());
            prop_assert_eq!(sanitise_lines(&plain), plain.as_str());
        }

        #[test]
        fn sanitising_twice_changes_nothing_more(text in hostile_text()) {
            let once = sanitise(&text).into_owned();
            prop_assert_eq!(sanitise(&once), once.as_str());
        }

        #[test]
        fn width_is_unicode_width_of_what_is_drawn_and_padding_reaches_it(
            text in hostile_text(),
            columns in 0usize..40,
        ) {
            let clean = sanitise(&text);
            prop_assert_eq!(width(&text), UnicodeWidthStr::width(clean.as_ref()));
            let padded = pad(&text, columns);
            prop_assert_eq!(UnicodeWidthStr::width(padded.as_str()), width(&text).max(columns));
            prop_assert!(padded.starts_with(clean.as_ref()));
            let cut = fit(&text, columns);
            prop_assert!(UnicodeWidthStr::width(cut.as_str()) <= columns);
        }
    }
}
