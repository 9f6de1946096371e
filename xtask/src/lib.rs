//! The machinery behind `cargo xtask verify`, `copy-check` and `bench`, as a library so that their
//! own tests and the tidy test use the same code as the commands.

pub mod bench;
pub mod build;
pub mod check;
pub mod copy_check;
pub mod copy_it;
pub mod examples;
pub mod run;
pub mod spec;
pub mod verify;
