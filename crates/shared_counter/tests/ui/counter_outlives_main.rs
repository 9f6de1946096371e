// Without a scope, a thread may outlive the function that owns `count`, so even one thread may
// not borrow it: the compiler wants it moved in (and then each thread has its own copy) or shared
// through `Arc<Mutex<_>>`.

fn main() {
    let mut count: u64 = 0;
    let thread = std::thread::spawn(|| count += 1);
    thread.join().unwrap();
}
