//! The data race Python runs does not compile in Rust. trybuild compiles each program in tests/ui
//! and compares the compiler's message with the committed .stderr file beside it; the README shows
//! those same messages. (After a compiler upgrade changes a message: `TRYBUILD=overwrite cargo
//! test -p shared_counter`, then update the README from the new files.)

use std::fs;

#[test]
fn the_unlocked_counter_is_rejected_and_the_atomic_one_accepted() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/unlocked_counter.rs");
    cases.compile_fail("tests/ui/counter_outlives_main.rs");
    cases.pass("tests/ui/atomic_counter.rs");
}

#[test]
fn the_readme_shows_the_compilers_own_messages() {
    let readme = fs::read_to_string("README.md").unwrap();
    for name in ["unlocked_counter", "counter_outlives_main"] {
        let message = fs::read_to_string(format!("tests/ui/{name}.stderr")).unwrap();
        assert!(
            readme.contains(&message),
            "README.md must show tests/ui/{name}.stderr as it is:\n{message}"
        );
    }
}
