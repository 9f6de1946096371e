//! What the tutorial's program leaves unchecked: a lock whose holder died, and the numbers the
//! children's updates must add up to.

use crate::args::Args;
use crate::shared::{Array, Guard, Value};

/// A process that died holding the lock may have left its update half done. The parent sees
/// that process fail, and prints no numbers.
pub fn say_if_holder_died<T: ?Sized>(guard: &Guard<'_, T>) {
    if guard.previous_holder_died() {
        eprintln!("a process died holding the lock; its update may be lost");
    }
}

/// Checks that no update was lost under the lock and no doubling at all; with `--no-lock`,
/// prints how many increments were lost instead.
pub fn updates_add_up(args: Args, counter: &Value<i32>, shared_array: &Array<f64>) {
    // At most 100 x 10,000,000: within an i32, as Python's Value('i') is.
    let updates = args.processes * args.increments;
    if args.no_lock {
        println!("Lost updates: {} of {updates}", updates - counter.get());
        assert!(counter.get() <= updates, "more increments than were made");
    } else {
        assert_eq!(counter.get(), updates, "the lock let an update get lost");
    }
    let doubled = [1.0, 2.0, 3.0].map(|x| x * 2_f64.powi(args.processes));
    assert_eq!(shared_array.to_vec(), doubled, "a doubling was lost");
}
