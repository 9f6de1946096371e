//! What `--panic` needs: a job that panics becomes that job's `Err`, reported in one line, and
//! its worker goes on to the next job, as a failed future raises only in its own `result()`.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch`] right now.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `job`; a panic in it becomes `Err` with the panic's message.
pub fn catch<R>(job: impl FnOnce() -> R) -> Result<R, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(report_caught_panics_only_as_results);
    CATCHING.set(true);
    // A panic may leave behind what its job was changing. These jobs only read their URL, so the
    // next job finds nothing half-done: that is what `AssertUnwindSafe` asserts.
    let result = panic::catch_unwind(AssertUnwindSafe(job));
    CATCHING.set(false);
    result.map_err(|payload| message(&*payload))
}

/// `panic!("literal")` carries a `&str`, `panic!("{x}")` a `String`.
fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        String::from("(a panic without a message)")
    }
}

/// Rust's default hook prints every panic the moment it happens, over three lines of stderr.
/// A caught job's panic is reported once, as its result; every other panic still reports in full.
fn report_caught_panics_only_as_results() {
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !CATCHING.get() {
            default_hook(info);
        }
    }));
}
