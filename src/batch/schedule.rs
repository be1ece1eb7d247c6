//! How a batch's units are shared out among the threads: a queue, not waves.
//!
//! Units are claimed in index order, one at a time, by whichever thread is free, so no thread waits
//! for the others while a unit is left to simulate (waves of units, each ended by a barrier, left a
//! core idle at the end of every wave). The calling thread hands the finished units to the sink in
//! index order as they come, and simulates units itself between hand-overs when it is one of the
//! pool's threads (as inside [`crate::batch::Threads::install`] given a number of threads; with
//! `Threads::ALL` it is the program's own thread, and every thread of the global pool helps). At most
//! `window` units are claimed and not yet handed over: a thread that would go further ahead waits,
//! so the memory in flight stays what the memory guard planned. Nothing here decides what a run
//! computes or in which order the sink sees it; only which thread simulates which unit, and when.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How long a waiting thread sleeps before it looks at the cancel flag again (Ctrl-C sets the flag
/// without waking anyone).
const POLL: Duration = Duration::from_millis(20);

/// The units of a batch, claimed in order, and the finished ones not yet handed to the sink.
pub(super) struct Queue<B> {
    /// The next unit to claim (it runs past `units` as threads find none left).
    next: AtomicUsize,
    units: usize,
    /// Most units claimed and not yet handed over.
    window: usize,
    done: Mutex<Done<B>>,
    /// Signalled when a unit finishes, when one is handed over, and when the batch stops.
    changed: Condvar,
    /// Set when the batch ends early: an error, Ctrl-C, or a thread that panicked.
    stop: AtomicBool,
}

struct Done<B> {
    /// Finished units by index.
    finished: BTreeMap<usize, B>,
    /// Units handed to the sink: every one before this index.
    taken: usize,
}

impl<B> Queue<B> {
    /// A queue of `units` units, at most `window` (at least 1) of them in flight.
    pub fn new(units: usize, window: usize) -> Queue<B> {
        Queue {
            next: AtomicUsize::new(0),
            units,
            window: window.max(1),
            done: Mutex::new(Done {
                finished: BTreeMap::new(),
                taken: 0,
            }),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Done<B>> {
        self.done.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stopped_or(&self, cancel: &AtomicBool) -> bool {
        self.stopped() || cancel.load(Ordering::Relaxed)
    }

    /// Whether the batch was stopped early.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// A helper thread's next unit, claimed in index order and waited for until it is within the
    /// window; `None` once no unit is left or the batch stops.
    pub fn claim(&self, cancel: &AtomicBool) -> Option<usize> {
        if self.stopped_or(cancel) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= self.units {
            return None;
        }
        let mut d = self.lock();
        while i >= d.taken + self.window {
            if self.stopped_or(cancel) {
                return None;
            }
            d = self
                .changed
                .wait_timeout(d, POLL)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        Some(i)
    }

    /// The calling thread's claim, given that `taken` units have been handed over: the next unit if
    /// it is within the window (the caller must never wait for a unit it would hand over itself).
    pub fn try_claim(&self, taken: usize) -> Option<usize> {
        let i = self.next.load(Ordering::Relaxed);
        (i < self.units && i < taken + self.window)
            .then(|| {
                self.next
                    .compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed)
            })
            .and_then(|r| r.ok())
    }

    /// Unit `i` is finished.
    pub fn finish(&self, i: usize, block: B) {
        self.lock().finished.insert(i, block);
        self.changed.notify_all();
    }

    /// Unit `i` (the next to hand over), if finished; with `wait`, waits for it a while first.
    pub fn take(&self, i: usize, wait: bool) -> Option<B> {
        let mut d = self.lock();
        if wait && !d.finished.contains_key(&i) && !self.stopped() {
            d = self
                .changed
                .wait_timeout(d, POLL)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        d.finished.remove(&i)
    }

    /// Every unit before `taken` has been handed over: the window moves on.
    pub fn handed_over(&self, taken: usize) {
        self.lock().taken = taken;
        self.changed.notify_all();
    }

    /// Ends the batch early: helpers stop claiming and stop waiting.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.changed.notify_all();
    }
}

/// Stops the queue if the thread unwinds from a panic while it lives, so that no other thread waits
/// for a unit that will never finish (the panic then surfaces where the threads are joined).
pub(super) struct StopOnPanic<'a, B>(pub &'a Queue<B>);

impl<B> Drop for StopOnPanic<'_, B> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_claim_in_order_within_the_window_and_the_caller_never_blocks() {
        let q: Queue<u32> = Queue::new(5, 2);
        let cancel = AtomicBool::new(false);
        assert_eq!(q.claim(&cancel), Some(0));
        assert_eq!(q.try_claim(0), Some(1));
        // Unit 2 is beyond the window until unit 0 is handed over.
        assert_eq!(q.try_claim(0), None);
        q.finish(1, 11);
        assert_eq!(q.take(0, false), None);
        q.finish(0, 10);
        assert_eq!(q.take(0, true), Some(10));
        q.handed_over(1);
        assert_eq!(q.take(1, false), Some(11));
        q.handed_over(2);
        assert_eq!(q.try_claim(2), Some(2));
        assert_eq!(q.claim(&cancel), Some(3));
        // Unit 4 would be beyond the window; a stopped queue gives nothing and waits for nothing.
        q.stop();
        assert_eq!(q.claim(&cancel), None);
        assert_eq!(q.take(2, true), None);
    }

    #[test]
    fn a_waiting_helper_wakes_when_the_window_moves_on_or_the_batch_is_cancelled() {
        let q: Queue<u32> = Queue::new(10, 1);
        let cancel = AtomicBool::new(false);
        assert_eq!(q.claim(&cancel), Some(0));
        std::thread::scope(|s| {
            let waiting = s.spawn(|| q.claim(&cancel));
            std::thread::sleep(Duration::from_millis(30));
            q.finish(0, 0);
            q.handed_over(1);
            assert_eq!(waiting.join().unwrap(), Some(1));
            let waiting = s.spawn(|| q.claim(&cancel));
            cancel.store(true, Ordering::Relaxed);
            assert_eq!(waiting.join().unwrap(), None);
        });
    }
}
