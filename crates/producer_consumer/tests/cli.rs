use std::collections::HashMap;

use assert_cmd::Command;
use predicates::str::contains;

/// Where each item's lines stand in the output, and who consumed it.
#[derive(Default)]
struct Item {
    produced_at: Vec<usize>,
    consumed_at: Vec<usize>,
    consumer: Option<String>,
}

/// Runs the example and checks what it promises, from its output alone: every item 1..=`items`
/// is produced once and consumed once, after its `Produced:` line, and every consumer took each
/// producer's items in the order that producer made them.
fn check_run(items: u64, producers: u64, consumers: u32) {
    let output = Command::cargo_bin("producer_consumer")
        .unwrap()
        .args(["--items", &items.to_string()])
        .args(["--producers", &producers.to_string()])
        .args(["--consumers", &consumers.to_string()])
        .args(["--pause-ms", "0"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut seen: HashMap<u64, Item> = HashMap::new();
    // consumer -> producer -> the last item it took from that producer
    let mut last_taken: HashMap<String, HashMap<u64, u64>> = HashMap::new();
    for (at, line) in stdout.lines().enumerate() {
        if let Some(name) = line.strip_prefix("Produced: task") {
            let item = name.parse().unwrap();
            seen.entry(item).or_default().produced_at.push(at);
        } else if let Some(rest) = line.strip_prefix("Consumed: task") {
            let (name, consumer) = rest.split_once(' ').unwrap_or((rest, "the only consumer"));
            let item: u64 = name.parse().unwrap();
            let entry = seen.entry(item).or_default();
            entry.consumed_at.push(at);
            entry.consumer = Some(consumer.to_owned());
            let last = last_taken
                .entry(consumer.to_owned())
                .or_default()
                .insert((item - 1) % producers, item);
            assert!(
                last.is_none_or(|last| last < item),
                "{consumer} took task{item} after task{}",
                last.unwrap()
            );
        } else {
            panic!("unexpected line {line:?}");
        }
    }
    assert_eq!(seen.len() as u64, items, "items missing or invented");
    for (item, lines) in &seen {
        assert!((1..=items).contains(item), "task{item} was never asked for");
        assert_eq!(
            lines.produced_at.len(),
            1,
            "task{item} produced {:?}",
            lines.produced_at
        );
        assert_eq!(
            lines.consumed_at.len(),
            1,
            "task{item} consumed {:?}",
            lines.consumed_at
        );
        assert!(
            lines.produced_at[0] < lines.consumed_at[0],
            "task{item} consumed first"
        );
    }
}

/// Under load: a million items through four producers and four consumers.
#[test]
fn a_million_items_through_four_producers_and_four_consumers() {
    check_run(1_000_000, 4, 4);
}

#[test]
fn several_producers_one_consumer_and_one_producer_several_consumers() {
    check_run(100_000, 3, 1);
    check_run(100_000, 1, 3);
}

#[test]
fn no_items_is_fine() {
    Command::cargo_bin("producer_consumer")
        .unwrap()
        .args(["--items", "0", "--consumers", "3"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn bad_options_get_a_clear_error() {
    for args in [
        &["--producers", "0"][..],
        &["--consumers", "0"],
        &["--items", "10000001"],
        &["--items=-1"],
        &["--pause-ms", "soon"],
    ] {
        Command::cargo_bin("producer_consumer")
            .unwrap()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("invalid value"));
    }
}
