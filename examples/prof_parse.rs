//! Allocation and time profile of one parse of the 10,000-line benchmark file.
use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::atomic::{AtomicUsize, Ordering},
};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, size) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("../shared/bench/data/gen-10000.Dockerfile".into());
    let text = std::fs::read_to_string(&path).expect("benchmark file");
    let before = ALLOCS.load(Ordering::Relaxed);
    let parse = docklens::syntax::parse(&text);
    let after = ALLOCS.load(Ordering::Relaxed);
    println!(
        "{} instructions, {} lines, {} allocations",
        parse.instructions.len(),
        parse.lines.len(),
        after - before
    );
}
