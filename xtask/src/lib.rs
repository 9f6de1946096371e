//! The machinery behind `cargo xtask verify` and `cargo xtask copy-check`, as a library so that
//! their own tests and the tidy test use the same code as the commands.

pub mod check;
pub mod copy_check;
pub mod copy_it;
pub mod examples;
pub mod run;
pub mod spec;
pub mod verify;
