// The tutorial's counter without its lock: ten threads each add 1000 to one variable. Python runs
// this and may lose updates; the borrow checker rejects it, because every thread would hold a
// mutable borrow of `count` at the same time.

fn main() {
    let mut count: u64 = 0;
    std::thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                for _ in 0..1000 {
                    count += 1;
                }
            });
        }
    });
    println!("Final count: {count}");
}
