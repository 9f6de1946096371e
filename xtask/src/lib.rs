//! The machinery behind `cargo xtask verify`, as a library so that its own tests and the tidy test
//! use the same code as the command.

pub mod check;
pub mod examples;
pub mod run;
pub mod spec;
pub mod verify;
