//! The app's chrome: the title row (brand, session label, breadcrumbs of the screen stack) and
//! the status row (the last notice, or the keys the current screen reads). Pure drawing from
//! what the app hands over; the app's update lives in [`super::app`].

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::drawn_text;
use super::keymap::{self, Command};
use super::screens::{Level, Notice, Ui};

/// What the status row shows when there is no notice: the keys of the current screen.
pub struct KeysInUse<'a> {
    /// The current screen's keymap scopes.
    pub scopes: &'a [keymap::Scope],
    /// A text input has focus (letters type).
    pub typing: bool,
    /// The current screen is the only one (`q` quits, Esc does not go back).
    pub top: bool,
    /// Whether a command applies now (the screen's selection, an undo to offer): keys that
    /// would do nothing are not hinted.
    pub offers: &'a dyn Fn(Command) -> bool,
}

/// The title row: " regdesk ", the session label (its warning badge shrinks but never goes) and
/// the screens' `titles` as breadcrumbs.
pub fn render_title(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    titles: &[String],
    session_label: Option<&str>,
) {
    let brand = Span::styled(" regdesk ", ui.theme.active_tab);
    let room = (area.width as usize).saturating_sub(brand.width());
    let mut spans = vec![brand];
    let current_len = titles
        .last()
        .map_or(0, |current| crate::text::terminal::width(current));
    let label = session_label
        .and_then(|label| label_form_for(label, current_len, room))
        .map(|label| format!(" {label} "));
    let crumbs_room = room.saturating_sub(label.as_ref().map_or(0, |l| l.chars().count()));
    if let Some(label) = label {
        match label.split_once(BADGE_MARK) {
            Some((name, badge)) => {
                spans.push(Span::styled(name.to_string(), ui.theme.dim));
                spans.push(Span::styled(format!("{BADGE_MARK}{badge}"), ui.theme.error));
            }
            None => spans.push(Span::styled(label, ui.theme.dim)),
        }
    }
    spans.push(Span::styled(
        breadcrumbs(titles, crumbs_room),
        ui.theme.title,
    ));
    frame.render_widget(Line::from(spans), area);
}

/// The session label's longest form that leaves the current screen's title (`current_len`
/// columns) whole in `room`; when none does, the shortest form if it carries a warning badge
/// (the badge never goes), else none.
fn label_form_for(label: &str, current_len: usize, room: usize) -> Option<String> {
    let candidates = label_forms(label);
    let fitting = candidates
        .iter()
        .find(|form| current_len + form.chars().count() + 2 <= room);
    match fitting {
        Some(form) => Some(form.clone()),
        None => candidates
            .last()
            .filter(|form| form.contains(BADGE_MARK))
            .cloned(),
    }
}

/// The status row: `notice` when there is one, else the hints of the keys in use.
pub fn render_status(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    notice: Option<&Notice>,
    keys: &KeysInUse,
) {
    let line = match notice {
        Some(notice) => Line::styled(
            drawn_text::safe(&notice.text),
            match notice.level {
                Level::Info => ui.theme.text,
                Level::Success => ui.theme.ok,
                Level::Error => ui.theme.error,
            },
        ),
        None => {
            let hints = fit_hints(
                hints_for(keys.scopes, keys.typing, keys.top)
                    .into_iter()
                    .filter(|hint| (keys.offers)(hint.command))
                    .collect(),
                area.width,
            );
            let mut spans = Vec::new();
            for (index, hint) in hints.iter().enumerate() {
                if index > 0 {
                    spans.push(Span::raw(HINT_GAP));
                }
                spans.push(Span::styled(hint.key.clone(), ui.theme.key));
                spans.push(Span::styled(format!(" {}", hint.words), ui.theme.dim));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(line, area);
}

/// Between two hints of the hint row.
const HINT_GAP: &str = "  ";

/// One hint of the hint row: a key and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hint {
    key: String,
    words: &'static str,
    command: Command,
    /// Lower is kept longer; help is 0 and never dropped.
    rank: usize,
}

impl Hint {
    fn width(&self) -> usize {
        self.key.chars().count() + 1 + self.words.chars().count()
    }
}

/// The hints of the screen reading keys in `scopes`, in keymap order. While a text input has
/// focus only the screen's own keys and F1 (help) work; `q` quits only from the top screen and Esc goes
/// back only from the others. Ranks: help, then going back or quitting, then the screen's keys in
/// table order, then the app's other keys.
fn hints_for(scopes: &[keymap::Scope], typing: bool, top: bool) -> Vec<Hint> {
    let mut hints = Vec::new();
    // A global key the screen binds to something else is not the global command there.
    let screen_keys: Vec<keymap::Key> = scopes
        .iter()
        .flat_map(|scope| keymap::bindings_of(*scope))
        .flat_map(|binding| binding.keys.iter().copied())
        .collect();
    for scope in scopes.iter().chain(std::iter::once(&keymap::Scope::Global)) {
        let global = *scope == keymap::Scope::Global;
        for binding in keymap::bindings_of(*scope) {
            let Some(words) = binding.hint else { continue };
            if global && binding.keys.iter().all(|key| screen_keys.contains(key)) {
                continue;
            }
            let pointless = match binding.command {
                Command::Quit => !top,
                Command::Back => top,
                _ => false,
            };
            if global && (pointless || (typing && binding.command != Command::Help)) {
                continue;
            }
            // In text inputs `?` types: name the key that opens help there (F1).
            let key = binding
                .keys
                .iter()
                .find(|key| !typing || !matches!(key.code, crossterm::event::KeyCode::Char(_)))
                .or(binding.keys.first())
                .map(keymap::Key::label)
                .unwrap_or_default();
            let rank = match binding.command {
                Command::Help => 0,
                Command::Back | Command::Quit => 1,
                _ if global => 1_000 + hints.len(),
                _ => 2 + hints.len(),
            };
            hints.push(Hint {
                key,
                words,
                command: binding.command,
                rank,
            });
        }
    }
    hints
}

/// `hints` without the lowest-ranked ones that do not fit in `width` columns; a hint is shown
/// whole or not at all, and help always stays.
fn fit_hints(mut hints: Vec<Hint>, width: u16) -> Vec<Hint> {
    let total = |hints: &[Hint]| {
        hints.iter().map(Hint::width).sum::<usize>()
            + HINT_GAP.len() * hints.len().saturating_sub(1)
    };
    while total(&hints) > usize::from(width) {
        let lowest = hints
            .iter()
            .enumerate()
            .filter(|(_, hint)| hint.rank > 0)
            .max_by_key(|(_, hint)| hint.rank)
            .map(|(index, _)| index);
        match lowest {
            Some(index) => {
                hints.remove(index);
            }
            None => break,
        }
    }
    hints
}

/// The screens' titles joined with › in `width` characters. The first (where the user started)
/// and the last (where the user is) are kept longest: titles in between become one … first,
/// then the first title is shortened, and the current one is cut only when nothing else is left.
fn breadcrumbs(titles: &[String], width: usize) -> String {
    const SEPARATOR: &str = " › ";
    /// Fewer characters than this of the first title say nothing: leave it out instead.
    const MIN_FIRST_TITLE: usize = 6;
    // Terminal columns, not characters: a CJK topic takes two per character.
    let columns = crate::text::terminal::width;
    let full = titles.join(SEPARATOR);
    if columns(&full) <= width {
        return full;
    }
    let (Some(first), Some(current)) = (titles.first(), titles.last()) else {
        return String::new();
    };
    if titles.len() == 1 {
        return crate::tui::screens::fit(current, width);
    }
    // first › … › the newest titles that fit › current
    for skip in 2..titles.len() {
        let text = format!(
            "{first}{SEPARATOR}…{SEPARATOR}{}",
            titles[skip..].join(SEPARATOR)
        );
        if columns(&text) <= width {
            return text;
        }
    }
    let tail = if titles.len() > 2 {
        format!("{SEPARATOR}…{SEPARATOR}{current}")
    } else {
        format!("{SEPARATOR}{current}")
    };
    let room = width.saturating_sub(columns(&tail));
    if room >= MIN_FIRST_TITLE {
        return format!("{}{tail}", crate::tui::screens::fit(first, room));
    }
    let short_tail = format!("…{SEPARATOR}{current}");
    if columns(&short_tail) <= width {
        return short_tail;
    }
    crate::tui::screens::fit(current, width)
}

/// Where a store's warning badge starts in a session label.
const BADGE_MARK: char = '⚠';

/// The forms a session label can take in the title row, longest first: whole; the warning badge
/// without its advice; the badge as one word. Labels without a badge have one form.
fn label_forms(label: &str) -> Vec<String> {
    let mut forms = vec![label.to_string()];
    if let Some((name, badge)) = label.split_once(BADGE_MARK) {
        if let Some((short, _advice)) = badge.split_once(" — ") {
            forms.push(format!("{name}{BADGE_MARK}{short}"));
        }
        forms.push(format!("{name}{BADGE_MARK} UNENCRYPTED secret"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At every width the hint row shows whole hints only, keeps `? help`, and drops the least
    /// important first (the live pane's, then the screen's last keys), keeping table order.
    #[test]
    fn hint_row_drops_whole_hints_lowest_first_and_keeps_help() {
        let scopes = [keymap::Scope::Registrants, keymap::Scope::List];
        let all = hints_for(&scopes, false, false);
        let texts = |hints: &[Hint]| {
            hints
                .iter()
                .map(|hint| format!("{} {}", hint.key, hint.words))
                .collect::<Vec<_>>()
        };
        let everything = texts(&all);
        assert_eq!(everything.last().map(String::as_str), Some("L live pane"));
        let mut rows = String::new();
        for width in [200, 100, 80, 60, 40, 10] {
            let shown = texts(&fit_hints(all.clone(), width));
            let line = shown.join(HINT_GAP);
            assert!(line.chars().count() <= usize::from(width) || shown.len() == 1);
            assert!(shown.contains(&"? help".to_owned()), "{width}: {line}");
            let mut order = shown
                .iter()
                .map(|hint| everything.iter().position(|h| h == hint));
            assert!(order.all(|position| position.is_some()), "{width}: {line}");
            rows.push_str(&format!("{width:>3}: {line}\n"));
        }
        insta::assert_snapshot!(rows);
    }
}
