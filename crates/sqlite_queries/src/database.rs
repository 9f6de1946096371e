//! The database file: found, or made and filled, and the errors a file can give.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode};
use tempfile::TempDir;

/// The table: `id` counts from 1, `value` is `value_of` its id.
const CREATE_TABLE: &str = "CREATE TABLE readings (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)";

/// A database file with the table, filled. A temporary one is deleted, with its directory,
/// when this is dropped, or on Ctrl-C.
pub struct Database {
    path: PathBuf,
    rows: i64,
    /// "filled" or "found"
    how: &'static str,
    temporary: Option<TempDir>,
}

impl Database {
    /// A new database of `rows` rows in a temporary directory of its own.
    pub fn temporary(rows: i64) -> Result<Database, Error> {
        let dir = tempfile::Builder::new()
            .prefix("sqlite_queries")
            .tempdir()
            .map_err(|e| Error(format!("cannot create a temporary directory: {e}")))?;
        // Ctrl-C ends the program without dropping `dir`: remove it first. A program that
        // has a handler of its own keeps it (ctrlc allows one), and the directory then
        // outlives a Ctrl-C.
        let doomed = dir.path().to_owned();
        let removing = ctrlc::set_handler(move || {
            let _ = std::fs::remove_dir_all(&doomed);
            std::process::exit(130);
        });
        match removing {
            Ok(()) | Err(ctrlc::Error::MultipleHandlers) => {}
            Err(e) => return Err(Error(format!("cannot watch for Ctrl-C: {e}"))),
        }
        // On an error `dir` is dropped here, and the file with it.
        let mut database = Database::open(&dir.path().join("readings.db"), rows)?;
        database.temporary = Some(dir);
        Ok(database)
    }

    /// The database at `path`. A new file, or one with no tables at all, gets the table, with
    /// `rows` rows; a file that has the table is queried as it is.
    pub fn open(path: &Path, rows: i64) -> Result<Database, Error> {
        let at = |what: &'static str| move |e: rusqlite::Error| Error::at(path, what, e);
        let mut connection = Connection::open(path).map_err(at("cannot open"))?;
        let (tables, ours): (i64, bool) = connection
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE name = 'readings') FROM sqlite_schema",
                (),
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(at("cannot read"))?;
        let (rows, how) = match (tables, ours) {
            (_, true) => {
                let count = "SELECT count(*) FROM readings";
                let rows = connection.query_row(count, (), |row| row.get(0));
                (rows.map_err(at("cannot count the rows"))?, "found")
            }
            (0, false) => {
                fill(&mut connection, rows).map_err(at("cannot create the table readings"))?;
                (rows, "filled")
            }
            (_, false) => {
                return Err(Error(format!(
                    "{}: has tables, but not `readings`: give a new file, or one this program \
                     filled",
                    path.display()
                )));
            }
        };
        Ok(Database {
            path: path.to_owned(),
            rows,
            how,
            temporary: None,
        })
    }

    pub fn rows(&self) -> i64 {
        self.rows
    }

    /// A new connection to the database. The queries only read, but a connection that may
    /// write tidies up as the last one closes: it writes back and deletes the WAL files.
    pub fn connect(&self) -> Result<Connection, Error> {
        Connection::open(&self.path).map_err(|e| Error::at(&self.path, "cannot open", e))
    }
}

/// "A temporary database, filled with 1000000 rows", "data.db, found with 1000000 rows".
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (how, rows) = (self.how, self.rows);
        match self.temporary {
            Some(_) => write!(f, "A temporary database, {how} with {rows} rows"),
            None => write!(f, "{}, {how} with {rows} rows", self.path.display()),
        }
    }
}

/// Creates the table in WAL mode and fills it, in one transaction.
fn fill(connection: &mut Connection, rows: i64) -> rusqlite::Result<()> {
    // Write-ahead logging: readers never wait for a writer, nor a writer for readers.
    connection.pragma_update(None, "journal_mode", "wal")?;
    let filling = connection.transaction()?;
    filling.execute(CREATE_TABLE, ())?;
    let mut insert = filling.prepare("INSERT INTO readings (id, value) VALUES (?1, ?2)")?;
    for id in 1..=rows {
        insert.execute((id, crate::value_of(id)))?;
    }
    drop(insert);
    filling.commit()
}

/// What went wrong, as one line. Its `Debug` is the same line, so that a `main` returning it
/// prints `Error: ...` and nothing more.
pub struct Error(String);

impl Error {
    pub(crate) fn new(message: String) -> Error {
        Error(message)
    }

    /// `what` went wrong with the file at `path`, in plain words where a user caused it.
    fn at(path: &Path, what: &str, e: rusqlite::Error) -> Error {
        let path = path.display();
        Error(match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => format!("{path}: not an SQLite database"),
            Some(ErrorCode::CannotOpen) => format!("{path}: cannot open or create this file"),
            Some(ErrorCode::ReadOnly) => format!("{path}: {what}: it is read-only"),
            _ => format!("{path}: {what}: {e}"),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}
