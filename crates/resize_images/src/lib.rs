//! What the resize_images program and `cargo xtask bench` share, so that the bench times the
//! example's own work: one thumbnail ([`thumbnails::make_thumbnail`]) and the test pictures
//! ([`samples::make`]).

pub mod samples;
pub mod thumbnails;
