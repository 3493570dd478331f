//! Colours and emphasis in one place. `NO_COLOR` (any non-empty value, see no-color.org) turns
//! every colour off; emphasis then comes from bold, reverse and underline alone, so nothing the
//! user must notice is carried by colour only.

use ratatui::style::{Color, Modifier, Style};

/// The styles every screen and pane draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub header: Style,
    /// The row under the cursor.
    pub cursor: Style,
    /// Rows marked with Space.
    pub marked: Style,
    pub active_tab: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub key: Style,
    pub border: Style,
    pub focused_border: Style,
}

impl Theme {
    /// The theme the environment asks for: colourless when `NO_COLOR` is set and non-empty.
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(value) if !value.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }

    pub fn colour() -> Self {
        let base = Style::default();
        Theme {
            text: base,
            dim: base.fg(Color::DarkGray),
            title: base.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            header: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            cursor: base.bg(Color::Blue).fg(Color::White),
            marked: base.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            active_tab: base
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            ok: base.fg(Color::Green),
            warn: base.fg(Color::Yellow),
            error: base.fg(Color::Red).add_modifier(Modifier::BOLD),
            key: base.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: base.fg(Color::DarkGray),
            focused_border: base.fg(Color::Cyan),
        }
    }

    pub fn monochrome() -> Self {
        let base = Style::default();
        Theme {
            text: base,
            dim: base,
            title: base.add_modifier(Modifier::BOLD),
            header: base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            cursor: base.add_modifier(Modifier::REVERSED),
            marked: base.add_modifier(Modifier::BOLD),
            active_tab: base.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: base,
            warn: base.add_modifier(Modifier::BOLD),
            error: base.add_modifier(Modifier::BOLD),
            key: base.add_modifier(Modifier::BOLD),
            border: base,
            focused_border: base.add_modifier(Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monochrome_uses_no_colour() {
        let theme = Theme::monochrome();
        for style in [
            theme.text,
            theme.cursor,
            theme.error,
            theme.ok,
            theme.active_tab,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }
}
