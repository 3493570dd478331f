//! Reading the spreadsheets people actually have: decode the bytes (UTF-8 with or without BOM,
//! UTF-16 LE/BE with or without BOM, Windows-1252 from Excel), sniff the delimiter (comma,
//! semicolon, tab, pipe; Excel's `sep=` line), and split the text into a header and rows that
//! carry the row number a person sees in their spreadsheet (header = row 1, quoted newlines do not
//! start a new row, blank rows still count).

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How the bytes of a file were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextEncoding {
    Utf8,
    Utf8WithBom,
    Utf16Le {
        bom: bool,
    },
    Utf16Be {
        bom: bool,
    },
    /// Excel's "CSV" on Windows in western locales; also decodes plain ISO-8859-1.
    Windows1252,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bom = |bom: bool| if bom { " with BOM" } else { " without BOM" };
        match self {
            TextEncoding::Utf8 => f.write_str("UTF-8"),
            TextEncoding::Utf8WithBom => f.write_str("UTF-8 with BOM"),
            TextEncoding::Utf16Le { bom: b } => write!(f, "UTF-16LE{}", bom(*b)),
            TextEncoding::Utf16Be { bom: b } => write!(f, "UTF-16BE{}", bom(*b)),
            TextEncoding::Windows1252 => f.write_str("Windows-1252"),
        }
    }
}

/// The character between fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

impl Delimiter {
    const CANDIDATES: [Delimiter; 4] = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];

    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
        }
    }

    fn from_char(c: char) -> Option<Delimiter> {
        Delimiter::CANDIDATES
            .into_iter()
            .find(|d| char::from(d.byte()) == c)
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delimiter::Comma => "comma-separated",
            Delimiter::Semicolon => "semicolon-separated",
            Delimiter::Tab => "tab-separated",
            Delimiter::Pipe => "pipe-separated",
        })
    }
}

/// One data row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// The row number a person sees in a spreadsheet program: the header is row 1.
    pub row: usize,
    /// The cells, trimmed; a row shorter than the header is padded with empty cells.
    pub cells: Vec<String>,
    /// Non-empty cells beyond the header's last column (a delimiter inside an unquoted value).
    pub extra_cells: usize,
}

/// A decoded, split file: the header and its data rows (blank rows left out).
#[derive(Debug, Clone)]
pub struct Table {
    pub encoding: TextEncoding,
    pub delimiter: Delimiter,
    pub headers: Vec<String>,
    pub rows: Vec<SourceRow>,
}

impl Table {
    /// How a column is named to a person: its header, or its spreadsheet letter when the header is
    /// empty.
    pub fn column_label(&self, index: usize) -> String {
        match self.headers.get(index) {
            Some(header) if !header.is_empty() => format!("\"{header}\""),
            _ => format!("column {}", column_letter(index)),
        }
    }
}

/// The spreadsheet letter of a zero-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "the file has no header row: its first row must name the columns (for example email,first_name,last_name)"
    )]
    NoHeader,
    #[error("the file has a header row but no data rows")]
    NoRows,
    #[error("the file starts like {encoding} text but is not valid {encoding}")]
    Undecodable { encoding: TextEncoding },
    #[error("row {row}: {message}")]
    Malformed { row: usize, message: String },
}

/// The SHA-256 of a file's bytes, in hex: the identity of an import's input.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes, sniffs and splits a file's bytes.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (text, encoding) = decode(bytes)?;
    let text = normalize_line_endings(&text);
    let (text, declared) = strip_excel_separator_line(&text);
    let delimiter = match declared {
        Some(delimiter) => delimiter,
        None => sniff_delimiter(text),
    };
    split(text, encoding, delimiter)
}

/// Turns bytes into text, recognising BOMs, BOM-less UTF-16 and Excel's Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), ReadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, TextEncoding::Utf8WithBom);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, TextEncoding::Utf16Le { bom: true });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, TextEncoding::Utf16Be { bom: true });
    }
    if let Some(encoding) = sniff_bomless_utf16(bytes) {
        return utf16(bytes, encoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), TextEncoding::Utf8)),
        Err(_) => {
            // Windows-1252 maps every byte, so this cannot fail; it is what Excel writes for
            // "CSV (Comma delimited)" in western locales.
            let (text, _had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), TextEncoding::Windows1252))
        }
    }
}

fn utf8(bytes: &[u8], encoding: TextEncoding) -> Result<(String, TextEncoding), ReadError> {
    std::str::from_utf8(bytes)
        .map(|text| (text.to_owned(), encoding))
        .map_err(|_| ReadError::Undecodable { encoding })
}

fn utf16(bytes: &[u8], encoding: TextEncoding) -> Result<(String, TextEncoding), ReadError> {
    let codec = match encoding {
        TextEncoding::Utf16Be { .. } => encoding_rs::UTF_16BE,
        _ => encoding_rs::UTF_16LE,
    };
    let (text, had_errors) = codec.decode_without_bom_handling(bytes);
    if had_errors || !bytes.len().is_multiple_of(2) {
        return Err(ReadError::Undecodable { encoding });
    }
    Ok((text.into_owned(), encoding))
}

/// Spreadsheet text is mostly ASCII, so UTF-16 without a BOM shows as a zero byte in every other
/// position: odd positions for little-endian, even ones for big-endian.
fn sniff_bomless_utf16(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |count: usize| count * 10 >= pairs * 6;
    let rarely = |count: usize| count * 20 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(TextEncoding::Utf16Le { bom: false })
    } else if mostly(even) && rarely(odd) {
        Some(TextEncoding::Utf16Be { bom: false })
    } else {
        None
    }
}

/// Makes every line end in `\n` (Windows `\r\n`, classic-Mac `\r`), inside quoted values too, so
/// that line counting and values are the same whatever program wrote the file.
fn normalize_line_endings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Excel honours (and some exports write) a first line `sep=;` naming the delimiter; Excel does
/// not show it as a row, so neither do we.
fn strip_excel_separator_line(text: &str) -> (&str, Option<Delimiter>) {
    let first_line = text.split('\n').next().unwrap_or_default();
    let declared = first_line
        .trim_start_matches('\u{feff}')
        .strip_prefix("sep=")
        .and_then(|rest| {
            let mut chars = rest.chars();
            let delimiter = chars.next().and_then(Delimiter::from_char);
            delimiter.filter(|_| chars.as_str().trim().is_empty())
        });
    match declared {
        Some(delimiter) => (
            text.get(first_line.len() + 1..).unwrap_or_default(),
            Some(delimiter),
        ),
        None => (text, None),
    }
}

/// Picks the delimiter under which the first rows agree best on a field count above one; ties go
/// to the earlier candidate (comma, semicolon, tab, pipe).
pub fn sniff_delimiter(text: &str) -> Delimiter {
    const SAMPLE_RECORDS: usize = 50;
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for candidate in Delimiter::CANDIDATES {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(candidate.byte())
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .take(SAMPLE_RECORDS)
            .map_while(Result::ok)
            .filter(|record| record.iter().any(|cell| !cell.trim().is_empty()))
            .map(|record| record.len())
            .collect();
        let Some(&header_width) = counts.first() else {
            continue;
        };
        if header_width < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&n| n == header_width).count();
        if (agreeing, header_width) > (best.1, best.2) {
            best = (candidate, agreeing, header_width);
        }
    }
    best.0
}

fn split(text: &str, encoding: TextEncoding, delimiter: Delimiter) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut previous_row = 0usize;
    for record in reader.records() {
        let record = record.map_err(|err| ReadError::Malformed {
            row: previous_row + 1,
            message: err.to_string(),
        })?;
        // The reader skips blank lines silently and reports the position where it started
        // looking; the blank lines it skipped are rows in a spreadsheet program, so count them.
        let scan_start = record.position().map_or(0, |p| p.byte() as usize);
        let blank_lines = bytes
            .get(scan_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\n')
            .count();
        let row = previous_row + 1 + blank_lines;
        previous_row = row;
        let cells: Vec<String> = record.iter().map(clean_cell).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => headers = Some(cells),
            Some(header) => {
                let width = header.len();
                let extra_cells = cells.iter().skip(width).filter(|c| !c.is_empty()).count();
                let mut cells = cells;
                cells.resize(width, String::new());
                rows.push(SourceRow {
                    row,
                    cells,
                    extra_cells,
                });
            }
        }
    }
    let headers = headers.ok_or(ReadError::NoHeader)?;
    if rows.is_empty() {
        return Err(ReadError::NoRows);
    }
    Ok(Table {
        encoding,
        delimiter,
        headers,
        rows,
    })
}

/// Trims a cell, including the no-break spaces and stray BOMs spreadsheet exports leave behind,
/// and removes the `'` an export put before a formula-like value (`text::spreadsheet::restore`).
fn clean_cell(cell: &str) -> String {
    crate::text::spreadsheet::restore(
        cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{a0}'),
    )
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn row_numbers_match_the_spreadsheet_despite_quoted_newlines_and_blank_lines() {
        let table = read_table(b"a,b\n\n1,\"x\ny\"\n\n\n2,3\n,\n4,5\n").unwrap();
        let rows: Vec<usize> = table.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, vec![3, 6, 8]);
        assert_eq!(table.rows[0].cells, vec!["1", "x\ny"]);
    }

    #[test]
    fn blank_lines_above_the_header_push_it_down() {
        let table = read_table(b"\n\nemail,name\na@x.org,Ann\n").unwrap();
        assert_eq!(table.rows[0].row, 4);
    }

    #[test]
    fn crlf_and_cr_line_endings_give_the_same_rows() {
        let lf = read_table(b"a,b\n1,\"x\ny\"\n2,3\n").unwrap();
        let crlf = read_table(b"a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n").unwrap();
        let cr = read_table(b"a,b\r1,\"x\ry\"\r2,3\r").unwrap();
        for other in [&crlf, &cr] {
            assert_eq!(lf.rows, other.rows);
        }
    }

    #[test]
    fn encodings_are_recognised() {
        let text = "email;first_name\nzoe@example.com;Zoë\n";
        let cases: Vec<(Vec<u8>, TextEncoding)> = vec![
            (text.as_bytes().to_vec(), TextEncoding::Utf8),
            (
                [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
                TextEncoding::Utf8WithBom,
            ),
            (utf16le(text, true), TextEncoding::Utf16Le { bom: true }),
            (utf16le(text, false), TextEncoding::Utf16Le { bom: false }),
            (utf16be(text, true), TextEncoding::Utf16Be { bom: true }),
            (utf16be(text, false), TextEncoding::Utf16Be { bom: false }),
            (
                encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
                TextEncoding::Windows1252,
            ),
        ];
        for (bytes, expected) in cases {
            let table = read_table(&bytes).unwrap();
            assert_eq!(table.encoding, expected);
            assert_eq!(table.delimiter, Delimiter::Semicolon, "{expected}");
            assert_eq!(table.headers, vec!["email", "first_name"], "{expected}");
            assert_eq!(table.rows[0].cells[1], "Zoë", "{expected}");
        }
    }

    #[test]
    fn a_truncated_utf16_file_is_an_error_not_garbage() {
        let mut bytes = utf16le("email,first_name\n", true);
        bytes.push(0x41);
        assert_eq!(
            read_table(&bytes).unwrap_err(),
            ReadError::Undecodable {
                encoding: TextEncoding::Utf16Le { bom: true }
            }
        );
    }

    #[test]
    fn delimiters_are_sniffed() {
        let comma = "email,name\na@x.org,\"Doe; Jane\"\nb@x.org,Bob\n";
        let semicolon = "email;name;score\na@x.org;\"Doe, Jane\";3,5\nb@x.org;Bob;4,0\n";
        let tab = "email\tname\na@x.org\tDoe, Jane\n";
        let pipe = "email|name\na@x.org|Jane\n";
        assert_eq!(sniff_delimiter(comma), Delimiter::Comma);
        assert_eq!(sniff_delimiter(semicolon), Delimiter::Semicolon);
        assert_eq!(sniff_delimiter(tab), Delimiter::Tab);
        assert_eq!(sniff_delimiter(pipe), Delimiter::Pipe);
    }

    #[test]
    fn excel_sep_line_names_the_delimiter_and_is_not_a_row() {
        let table = read_table(b"sep=;\nemail;name\na@x.org;Ann, Lee\n").unwrap();
        assert_eq!(table.delimiter, Delimiter::Semicolon);
        assert_eq!(table.headers, vec!["email", "name"]);
        assert_eq!(table.rows[0].row, 2);
    }

    #[test]
    fn short_rows_are_padded_and_extra_values_are_counted() {
        let table = read_table(b"email,first,last\na@x.org,Ann\nb@x.org,Bo,Li,oops,\n").unwrap();
        assert_eq!(table.rows[0].cells, vec!["a@x.org", "Ann", ""]);
        assert_eq!(table.rows[0].extra_cells, 0);
        assert_eq!(table.rows[1].extra_cells, 1);
    }

    #[test]
    fn empty_and_headerless_files_are_explained() {
        assert_eq!(read_table(b"").unwrap_err(), ReadError::Empty);
        assert_eq!(read_table(b"\n\n,,\n").unwrap_err(), ReadError::NoHeader);
        assert_eq!(read_table(b"email,name\n").unwrap_err(), ReadError::NoRows);
    }

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
