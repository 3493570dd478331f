//! The TUI's side of terminal safety (`crate::text::terminal`). Widgets pass text from Zoom, a
//! file or a person through [`safe`], which removes escape sequences whole (payload included);
//! then [`scrub`], run on every frame before it reaches the terminal, sanitises each cell once
//! more, so that no control, bidi or invisible character a widget forgot can get through (ratatui
//! drops control characters but keeps zero-width ones, appending them to the previous cell).

use std::borrow::Cow;

use ratatui::buffer::Buffer;

use crate::text::terminal;

/// One line of text from outside, safe to put in a widget.
pub fn safe(text: &str) -> String {
    terminal::sanitise(text).into_owned()
}

/// Sanitises every cell of a drawn frame; a cell left with nothing becomes a space.
pub fn scrub(buffer: &mut Buffer) {
    for cell in buffer.content.iter_mut() {
        // Most cells hold one printable ASCII character: nothing to look at.
        if cell
            .symbol()
            .bytes()
            .all(|byte| (0x20..0x7F).contains(&byte))
        {
            continue;
        }
        if let Cow::Owned(clean) = terminal::sanitise(cell.symbol()) {
            if clean.is_empty() {
                cell.set_symbol(" ");
            } else {
                cell.set_symbol(&clean);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    use ratatui::widgets::Widget;

    use super::*;

    #[test]
    fn a_frame_keeps_no_bidi_or_zero_width_character_a_widget_let_through() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        Line::from("a\u{202E}b\u{200B}c 👩\u{200D}💻").render(buffer.area, &mut buffer);
        assert!(
            buffer
                .content
                .iter()
                .any(|cell| cell.symbol().contains('\u{202E}')),
            "a line keeps the override"
        );
        scrub(&mut buffer);
        let text: String = buffer.content.iter().map(|cell| cell.symbol()).collect();
        assert_eq!(text.trim_end(), "abc 👩\u{200D}💻");
    }
}
