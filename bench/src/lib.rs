//! The measuring half of `cargo xtask bench`. xtask builds its programs in release mode (its
//! own build is a debug one, useless for timing) and runs one part of the benchmark per call;
//! every measurement comes out as one JSON line on stdout (see [`Measurement`]). Every result is
//! checked: a wrong sum or a failed download ends the run with an error, never a time.
//!
//! Two programs: `bench` runs every part but one, and `bench-starts` times the start of a worker
//! process in a program of an example's size. A worker re-executes its program, and the dynamic
//! loader's work grows with the program: in `bench` (14.7 MB, with tokio, hyper, reqwest, SQLite
//! and the image crates: 27,000 relocations) a start took 2.26 ms, in `bench-starts` (2.6 MB,
//! 3,000) 1.62 ms, medians of 1,200 starts each, taken in turn.

pub mod cpu;
pub mod crawl;
pub mod downloads;
pub mod images;
pub mod measurement;
pub mod progress;
pub mod site;
pub mod sqlite;
pub mod starts;
pub mod tasks;
pub mod usage;
pub mod waiting;
pub mod work;

pub use measurement::Measurement;
