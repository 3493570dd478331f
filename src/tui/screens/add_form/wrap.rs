//! Word wrapping by terminal columns, so that the add form's long labels and Zoom's reasons are
//! shown whole instead of cut.

use crate::text::terminal::{sanitise, width};

/// `text`, sanitised for the terminal, in lines of at most `columns` terminal columns, broken
/// between words; a word longer than a line is broken inside. Always at least one line.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let text = sanitise(text);
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            width(word)
        } else {
            width(&line) + 1 + width(word)
        };
        if needed <= columns {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            let mut wider = line.clone();
            wider.push(c);
            if width(&wider) > columns && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, c.to_string()));
            } else {
                line = wider;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_breaks_between_words_and_nothing_is_lost() {
        let label = "What is your role in evaluating event tooling? *";
        let lines = wrap(label, 20);
        assert_eq!(
            lines,
            ["What is your role in", "evaluating event", "tooling? *"]
        );
        assert_eq!(lines.join(" "), label);
        assert_eq!(
            wrap("Supercalifragilistic", 8),
            ["Supercal", "ifragili", "stic"]
        );
        assert_eq!(wrap("", 8), [""]);
        assert_eq!(wrap("日本語のラベル", 6), ["日本語", "のラベ", "ル"]);
    }
}
