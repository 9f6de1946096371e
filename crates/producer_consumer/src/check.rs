//! What the example promises, checked at the end of every run.

use std::collections::HashMap;

/// What the example promises: items 1 to `items` are each consumed exactly once, and every
/// consumer took each producer's items in the order that producer made them. (With several
/// consumers, their printed lines may interleave out of that order; each one's own list may not.)
pub fn each_item_consumed_once_in_order(consumed: &[Vec<usize>], items: usize, producers: usize) {
    let mut all: Vec<usize> = consumed.concat();
    all.sort_unstable();
    assert!(
        all.iter().copied().eq(1..=items),
        "items were lost or consumed twice"
    );
    for taken in consumed {
        let mut last_from_producer = HashMap::new();
        for &item in taken {
            let last = last_from_producer.insert((item - 1) % producers, item);
            assert!(
                last.is_none_or(|last| last < item),
                "task{item} was consumed after a later item of its producer"
            );
        }
    }
}
