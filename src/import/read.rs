//! Reading the spreadsheets people actually have: decode the bytes (UTF-8 with or without BOM,
//! UTF-16 LE/BE with or without BOM, Windows-1252 from Excel), sniff the delimiter (comma,
//! semicolon, tab, pipe; Excel's `sep=` line), and split the text into a header and rows that
//! carry the row number a person sees in their spreadsheet (header = row 1, quoted newlines do not
//! start a new row, blank rows still count).
//!
//! Files are read as a stream (one decoded chunk at a time, hashed on the way) into compact rows,
//! so memory stays proportional to the cells, not to several copies of the file. Only regular
//! files are read, of at most [`MAX_FILE_BYTES`] and [`MAX_DATA_ROWS`] data rows: far above Zoom's
//! 4,999 registrants per event, far below what would exhaust memory (`/dev/zero` is refused).

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

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

/// The largest file `regdesk import` reads: 256 MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The most data rows `regdesk import` reads from one file.
pub const MAX_DATA_ROWS: usize = 1_000_000;
/// How much of the file's start is looked at to recognise its encoding and delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;
/// The size of the chunks read, decoded and split at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// One data row of the file: its cells kept in one string (cells are looked up by column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// The row number a person sees in a spreadsheet program: the header is row 1.
    pub row: usize,
    /// The cells (trimmed) one after the other; a row shorter than the header is padded with
    /// empty cells.
    text: Box<str>,
    /// Where each cell ends in `text`, one per header column.
    ends: Box<[u32]>,
    /// Non-empty cells beyond the header's last column (a delimiter inside an unquoted value).
    pub extra_cells: usize,
}

impl SourceRow {
    /// A row of these cells (as many as the header has columns).
    pub fn new(row: usize, cells: &[&str], extra_cells: usize) -> Self {
        let mut builder = RowBuilder::default();
        for cell in cells {
            builder.push(cell);
        }
        builder.finish(row, cells.len(), extra_cells)
    }

    /// The cell of a column (zero-based); empty beyond the row's end.
    pub fn cell(&self, index: usize) -> &str {
        let Some(&end) = self.ends.get(index) else {
            return "";
        };
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1],
        };
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// Every cell, one per header column.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|index| self.cell(index))
    }
}

/// Collects a row's cells into one string.
#[derive(Default)]
struct RowBuilder {
    text: String,
    ends: Vec<u32>,
}

impl RowBuilder {
    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        // A row is a part of a file of at most 256 MiB, decoded (at most three bytes of UTF-8 per
        // byte read), so its length fits in 32 bits.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    fn finish(mut self, row: usize, width: usize, extra_cells: usize) -> SourceRow {
        let end = self.ends.last().copied().unwrap_or(0);
        self.ends.resize(width, end);
        SourceRow {
            row,
            text: self.text.into_boxed_str(),
            ends: self.ends.into_boxed_slice(),
            extra_cells,
        }
    }
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
    #[error(
        "this is {kind}, not a regular file: import a spreadsheet saved as a file (CSV, TSV or TXT)"
    )]
    NotAFile { kind: &'static str },
    #[error(
        "the file is larger than regdesk imports ({limit} MiB at most; a Zoom event takes at most 4,999 registrants): split it or remove the columns you do not need",
        limit = MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge,
    #[error(
        "the file has more than {MAX_DATA_ROWS} data rows, more than regdesk imports (a Zoom event takes at most 4,999 registrants): split it"
    )]
    TooManyRows,
    #[error("cannot read it: {message}")]
    Io {
        kind: io::ErrorKind,
        message: String,
    },
}

impl ReadError {
    fn io(error: &io::Error) -> Self {
        ReadError::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

/// The SHA-256 of a file's bytes, in hex: the identity of an import's input.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The most a read may take in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: MAX_FILE_BYTES,
            max_rows: MAX_DATA_ROWS,
        }
    }
}

/// A file read whole: its table and the SHA-256 of its bytes (see [`content_hash`]).
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub table: Table,
    pub sha256: String,
}

/// Reads a file: a regular file only (a folder, FIFO or device such as `/dev/zero` is refused
/// before anything is read), within the default [`Limits`].
pub fn read_file(path: &Path) -> Result<ReadFile, ReadError> {
    let limits = Limits::default();
    let metadata = std::fs::metadata(path).map_err(|error| ReadError::io(&error))?;
    check_regular_file(&metadata, limits)?;
    let file = std::fs::File::open(path).map_err(|error| ReadError::io(&error))?;
    // What was opened is what was checked, even if the path changed in between.
    check_regular_file(
        &file.metadata().map_err(|error| ReadError::io(&error))?,
        limits,
    )?;
    read_stream(file, limits)
}

fn check_regular_file(metadata: &std::fs::Metadata, limits: Limits) -> Result<(), ReadError> {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return Err(ReadError::NotAFile { kind: "a folder" });
    }
    if !file_type.is_file() {
        return Err(ReadError::NotAFile {
            kind: special_file_kind(&file_type),
        });
    }
    if metadata.len() > limits.max_bytes {
        return Err(ReadError::TooLarge);
    }
    Ok(())
}

#[cfg(unix)]
fn special_file_kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe (FIFO)"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_file_type: &std::fs::FileType) -> &'static str {
    "not a file"
}

/// Decodes, sniffs and splits a file's bytes.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    read_bytes(bytes, Limits::default()).map(|read| read.table)
}

/// [`read_table`] within other limits.
pub fn read_bytes(bytes: &[u8], limits: Limits) -> Result<ReadFile, ReadError> {
    read_stream(io::Cursor::new(bytes), limits)
}

/// Sniffs the encoding and delimiter from the start of the source, then streams it whole. A file
/// that looked like UTF-8 but turns out not to be is read again as Windows-1252.
fn read_stream<R: Read + Seek>(mut source: R, limits: Limits) -> Result<ReadFile, ReadError> {
    let sample = read_sample(&mut source).map_err(|error| ReadError::io(&error))?;
    if sample.is_empty() {
        return Err(ReadError::Empty);
    }
    let whole = sample.len() < SAMPLE_BYTES;
    let (encoding, bom) = sniff_encoding(&sample, whole);
    match parse(&mut source, &sample, whole, encoding, bom, limits) {
        Err(ReadError::Undecodable {
            encoding: TextEncoding::Utf8,
        }) => parse(
            &mut source,
            &sample,
            whole,
            TextEncoding::Windows1252,
            0,
            limits,
        ),
        other => other,
    }
}

fn read_sample(source: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    source.take(SAMPLE_BYTES as u64).read_to_end(&mut sample)?;
    Ok(sample)
}

/// The encoding and the length of its byte-order mark, from the file's first bytes. A file
/// whose start is valid UTF-8 is taken for UTF-8 (the stream finds out if the rest is not).
fn sniff_encoding(sample: &[u8], whole: bool) -> (TextEncoding, usize) {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (TextEncoding::Utf8WithBom, 3);
    }
    if sample.starts_with(&[0xFF, 0xFE]) {
        return (TextEncoding::Utf16Le { bom: true }, 2);
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return (TextEncoding::Utf16Be { bom: true }, 2);
    }
    if let Some(encoding) = sniff_bomless_utf16(sample) {
        return (encoding, 0);
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (TextEncoding::Utf8, 0),
        // The sample may end inside a character.
        Err(error) if error.error_len().is_none() && !whole => (TextEncoding::Utf8, 0),
        // Windows-1252 maps every byte; it is what Excel writes for "CSV (Comma delimited)" in
        // western locales.
        Err(_) => (TextEncoding::Windows1252, 0),
    }
}

fn codec(encoding: TextEncoding) -> &'static encoding_rs::Encoding {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8WithBom => encoding_rs::UTF_8,
        TextEncoding::Utf16Le { .. } => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be { .. } => encoding_rs::UTF_16BE,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
    }
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

/// The delimiter the file declares on an Excel `sep=` line, or the one its first rows agree on.
fn sniff_dialect(
    sample: &[u8],
    whole: bool,
    encoding: TextEncoding,
    bom: usize,
) -> (Delimiter, bool) {
    let mut decoder = codec(encoding).new_decoder_without_bom_handling();
    let bytes = sample.get(bom..).unwrap_or_default();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
    let _ = decoder.decode_to_string(bytes, &mut text, whole);
    let mut text = normalize_line_endings(&text);
    if !whole {
        // The sample ends inside a row: sniff the complete ones.
        let complete = text.rfind('\n').map_or(0, |end| end + 1);
        text.truncate(complete);
    }
    let (text, declared) = strip_excel_separator_line(&text);
    match declared {
        Some(delimiter) => (delimiter, true),
        None => (sniff_delimiter(text), false),
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

/// Why a stream stopped early, carried through the CSV reader inside an `io::Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
enum StreamFault {
    #[error("the file is larger than the limit")]
    TooLarge,
    #[error("the file is not valid text in its encoding")]
    Undecodable,
}

impl StreamFault {
    fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }

    fn of(error: &io::Error) -> Option<StreamFault> {
        error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<StreamFault>())
            .copied()
    }
}

/// Streams the source from its start: hashes and counts the bytes, decodes them, normalises line
/// endings, skips a `sep=` line, and splits rows into the table.
fn parse<R: Read + Seek>(
    source: &mut R,
    sample: &[u8],
    whole: bool,
    encoding: TextEncoding,
    bom: usize,
    limits: Limits,
) -> Result<ReadFile, ReadError> {
    let (delimiter, declared) = sniff_dialect(sample, whole, encoding, bom);
    source
        .seek(SeekFrom::Start(0))
        .map_err(|error| ReadError::io(&error))?;
    let hashing = HashingReader {
        inner: source,
        hasher: Sha256::new(),
        bytes: 0,
        max_bytes: limits.max_bytes,
    };
    let decoding = DecodingReader::new(hashing, encoding, bom);
    let normalized = LineEndingReader {
        inner: decoding,
        after_cr: false,
        last: None,
        done: false,
    };
    let mut text = BufReader::with_capacity(CHUNK_BYTES, normalized);
    let stream_error = |error: io::Error| match StreamFault::of(&error) {
        Some(StreamFault::TooLarge) => ReadError::TooLarge,
        Some(StreamFault::Undecodable) => ReadError::Undecodable { encoding },
        None => ReadError::io(&error),
    };
    if declared {
        text.read_until(b'\n', &mut Vec::new())
            .map_err(stream_error)?;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .buffer_capacity(CHUNK_BYTES)
        .from_reader(text);
    let table = split(&mut reader, encoding, delimiter, limits, stream_error)?;
    let mut hashing = reader.into_inner().into_inner().inner.inner;
    // The CSV reader read to the end; anything left (nothing) is hashed all the same.
    io::copy(&mut hashing, &mut io::sink()).map_err(stream_error)?;
    Ok(ReadFile {
        table,
        sha256: hex(&hashing.hasher.finalize()),
    })
}

fn split<R: Read>(
    reader: &mut csv::Reader<R>,
    encoding: TextEncoding,
    delimiter: Delimiter,
    limits: Limits,
    stream_error: impl Fn(io::Error) -> ReadError,
) -> Result<Table, ReadError> {
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut cleaned: Vec<String> = Vec::new();
    // Newlines inside quoted values so far: a spreadsheet shows each record as one row, so the
    // row number is the reader's line count less these. The stream ends every record (the last
    // one too) in a newline, and blank lines count as rows.
    let mut quoted_newlines = 0u64;
    let mut previous_row = 0usize;
    loop {
        let more = reader.read_record(&mut record).map_err(|error| {
            let message = error.to_string();
            match error.into_kind() {
                csv::ErrorKind::Io(error) => stream_error(error),
                _ => ReadError::Malformed {
                    row: previous_row + 1,
                    message,
                },
            }
        })?;
        if !more {
            break;
        }
        quoted_newlines += record
            .iter()
            .map(|cell| cell.bytes().filter(|&b| b == b'\n').count() as u64)
            .sum::<u64>();
        let lines_read = reader.position().line().saturating_sub(1);
        let row = usize::try_from(lines_read.saturating_sub(quoted_newlines)).unwrap_or(usize::MAX);
        previous_row = row;
        cleaned.clear();
        cleaned.extend(record.iter().map(clean_cell));
        if cleaned.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => headers = Some(std::mem::take(&mut cleaned)),
            Some(header) => {
                if rows.len() >= limits.max_rows {
                    return Err(ReadError::TooManyRows);
                }
                let width = header.len();
                let mut cells = RowBuilder::default();
                for cell in cleaned.iter().take(width) {
                    cells.push(cell);
                }
                let extra_cells = cleaned.iter().skip(width).filter(|c| !c.is_empty()).count();
                rows.push(cells.finish(row, width, extra_cells));
            }
        }
    }
    let headers = headers.ok_or(ReadError::NoHeader)?;
    if rows.is_empty() {
        return Err(ReadError::NoRows);
    }
    rows.shrink_to_fit();
    Ok(Table {
        encoding,
        delimiter,
        headers,
        rows,
    })
}

/// Hashes and counts the bytes read through it; more than the limit is an error.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    max_bytes: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.bytes += read as u64;
        if self.bytes > self.max_bytes {
            return Err(StreamFault::TooLarge.into_io());
        }
        self.hasher.update(&buf[..read]);
        Ok(read)
    }
}

/// Decodes a byte stream (after its byte-order mark) into UTF-8, refusing malformed input.
struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    bom_left: usize,
    raw: Vec<u8>,
    decoded: Vec<u8>,
    decoded_start: usize,
    decoded_end: usize,
    finished: bool,
}

impl<R: Read> DecodingReader<R> {
    fn new(inner: R, encoding: TextEncoding, bom: usize) -> Self {
        DecodingReader {
            inner,
            decoder: codec(encoding).new_decoder_without_bom_handling(),
            bom_left: bom,
            raw: vec![0; CHUNK_BYTES],
            decoded: Vec::new(),
            decoded_start: 0,
            decoded_end: 0,
            finished: false,
        }
    }

    /// Reads and decodes the next chunk; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        while !self.finished {
            let read = match self.inner.read(&mut self.raw) {
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            let last = read == 0;
            let skip = self.bom_left.min(read);
            self.bom_left -= skip;
            let input = &self.raw[skip..read];
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(input.len())
                .ok_or_else(|| StreamFault::Undecodable.into_io())?;
            self.decoded.resize(room.max(4), 0);
            let (result, consumed, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(input, &mut self.decoded, last);
            match result {
                encoding_rs::DecoderResult::InputEmpty if consumed == input.len() => {}
                _ => return Err(StreamFault::Undecodable.into_io()),
            }
            self.finished = last;
            self.decoded_start = 0;
            self.decoded_end = written;
            if written > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.decoded_start == self.decoded_end && !self.refill()? {
            return Ok(0);
        }
        let available = &self.decoded[self.decoded_start..self.decoded_end];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.decoded_start += count;
        Ok(count)
    }
}

/// Turns `\r\n` and a lone `\r` into `\n`, and ends non-empty text in `\n` (so that every record,
/// the last one too, ends in a line break).
struct LineEndingReader<R> {
    inner: R,
    after_cr: bool,
    last: Option<u8>,
    done: bool,
}

impl<R: Read> Read for LineEndingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || self.done {
            return Ok(0);
        }
        loop {
            let read = self.inner.read(buf)?;
            if read == 0 {
                self.done = true;
                if self.last.is_some_and(|last| last != b'\n') {
                    buf[0] = b'\n';
                    return Ok(1);
                }
                return Ok(0);
            }
            let mut written = 0;
            for index in 0..read {
                let byte = buf[index];
                if byte == b'\n' && self.after_cr {
                    self.after_cr = false;
                    continue;
                }
                self.after_cr = byte == b'\r';
                buf[written] = if byte == b'\r' { b'\n' } else { byte };
                written += 1;
            }
            if written > 0 {
                self.last = Some(buf[written - 1]);
                return Ok(written);
            }
        }
    }
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

    fn cells(row: &SourceRow) -> Vec<&str> {
        row.cells().collect()
    }

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
        assert_eq!(cells(&table.rows[0]), vec!["1", "x\ny"]);
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
            assert_eq!(table.rows[0].cell(1), "Zoë", "{expected}");
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
        assert_eq!(cells(&table.rows[0]), vec!["a@x.org", "Ann", ""]);
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

    /// A file far longer than the sniffed sample, with CRLF line ends, quoted line breaks and
    /// accented names everywhere, so that chunk boundaries fall inside every kind of sequence.
    fn long_file(rows: usize) -> (String, Vec<(usize, String)>) {
        let mut text = String::from("email;first_name;note\r\n");
        let mut expected = Vec::new();
        let mut row = 1;
        for i in 0..rows {
            row += 1;
            if i % 7 == 3 {
                text.push_str("\r\n");
                row += 1;
            }
            let name = format!("Zoë-Åsa{i}");
            if i % 5 == 0 {
                text.push_str(&format!("p{i}@x.org;{name};\"two\r\nlines\"\r\n"));
            } else {
                text.push_str(&format!("p{i}@x.org;{name};ça va\r\n"));
            }
            expected.push((row, name));
        }
        (text, expected)
    }

    #[test]
    fn a_long_file_reads_the_same_in_every_encoding_and_hashes_its_bytes() {
        let (text, expected) = long_file(9000);
        let cases: Vec<(Vec<u8>, TextEncoding)> = vec![
            (text.as_bytes().to_vec(), TextEncoding::Utf8),
            (utf16le(&text, true), TextEncoding::Utf16Le { bom: true }),
            (utf16be(&text, false), TextEncoding::Utf16Be { bom: false }),
            (
                encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
                TextEncoding::Windows1252,
            ),
        ];
        for (bytes, encoding) in cases {
            assert!(bytes.len() > 2 * SAMPLE_BYTES);
            let read = read_bytes(&bytes, Limits::default()).unwrap();
            assert_eq!(read.sha256, content_hash(&bytes));
            assert_eq!(read.table.encoding, encoding);
            assert_eq!(read.table.delimiter, Delimiter::Semicolon);
            let got: Vec<(usize, String)> = read
                .table
                .rows
                .iter()
                .map(|row| (row.row, row.cell(1).to_owned()))
                .collect();
            assert_eq!(got, expected, "{encoding}");
            assert_eq!(read.table.rows[0].cell(2), "two\nlines", "{encoding}");
            assert_eq!(read.table.rows[1].cell(2), "ça va", "{encoding}");
        }
    }

    #[test]
    fn a_byte_that_is_not_utf8_after_the_sniffed_start_makes_the_file_windows_1252() {
        let (text, expected) = long_file(9000);
        let mut bytes = text.into_bytes();
        // "café" in Windows-1252, far beyond the sample.
        bytes.extend_from_slice(b"late@x.org;caf\xe9;\r\n");
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.encoding, TextEncoding::Windows1252);
        assert_eq!(table.rows.len(), expected.len() + 1);
        assert_eq!(table.rows.last().unwrap().cell(1), "café");
        // The UTF-8 of the other rows, seen as Windows-1252, is what Excel would show too.
        assert_eq!(table.rows[0].cell(1), "ZoÃ«-Ã…sa0");
    }

    #[test]
    fn the_row_ceiling_and_the_size_ceiling_are_errors() {
        let limits = Limits {
            max_bytes: 1000,
            max_rows: 3,
        };
        let three = b"email\na@x.org\nb@x.org\nc@x.org\n";
        assert_eq!(read_bytes(three, limits).unwrap().table.rows.len(), 3);
        let four = b"email\na@x.org\nb@x.org\nc@x.org\n\nd@x.org\n";
        assert_eq!(
            read_bytes(four, limits).unwrap_err(),
            ReadError::TooManyRows
        );
        let big = format!("email\n{}", "a@x.org\n".repeat(200));
        let limits = Limits {
            max_bytes: 1000,
            max_rows: 1000,
        };
        assert_eq!(
            read_bytes(big.as_bytes(), limits).unwrap_err(),
            ReadError::TooLarge
        );
        let message = ReadError::TooManyRows.to_string();
        assert!(message.contains("1000000 data rows"), "{message}");
        assert!(ReadError::TooLarge.to_string().contains("256 MiB"));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic_and_stay_within_the_ceilings(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            max_rows in 1usize..8,
            max_bytes in 1u64..700,
        ) {
            let limits = Limits { max_bytes, max_rows };
            match read_bytes(&bytes, limits) {
                Ok(read) => {
                    proptest::prop_assert!(bytes.len() as u64 <= max_bytes);
                    proptest::prop_assert!(read.table.rows.len() <= max_rows);
                    proptest::prop_assert!(!read.table.rows.is_empty());
                    proptest::prop_assert_eq!(read.sha256, content_hash(&bytes));
                    for row in &read.table.rows {
                        proptest::prop_assert_eq!(row.cells().count(), read.table.headers.len());
                    }
                }
                Err(ReadError::TooLarge) => proptest::prop_assert!(bytes.len() as u64 > max_bytes),
                Err(_) => {}
            }
        }

        #[test]
        fn line_endings_and_a_missing_final_newline_do_not_change_rows(
            lines in proptest::collection::vec("[a-z@.]{0,6}(,[a-z\"]{0,4}){0,3}", 1..30),
        ) {
            let lf = format!("h1,h2\n{}\n", lines.join("\n"));
            let crlf = lf.replace('\n', "\r\n");
            let unterminated = lf.trim_end_matches('\n').to_owned();
            let reference = read_table(lf.as_bytes());
            for other in [crlf, unterminated] {
                let read = read_table(other.as_bytes());
                match (&reference, &read) {
                    (Ok(a), Ok(b)) => proptest::prop_assert_eq!(&a.rows, &b.rows),
                    (a, b) => proptest::prop_assert_eq!(a.is_ok(), b.is_ok()),
                }
            }
        }
    }
}
