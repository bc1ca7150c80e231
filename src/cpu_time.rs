//! The CPU time of the calling thread, for the stage split in `newsdex index --json`: unlike
//! wall time, it does not count the time a thread waits for a core on a busy machine.

use std::time::Duration;

/// CPU time the calling thread has used so far (zero where the platform cannot tell).
pub fn thread_cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime only writes the timespec it is given.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0 {
            return Duration::new(now.tv_sec as u64, now.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_thread_uses_cpu_time_and_a_sleeping_one_does_not() {
        let start = thread_cpu_time();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let busy = thread_cpu_time() - start;
        assert!(busy > Duration::from_millis(1), "{busy:?}");
        let before_sleep = thread_cpu_time();
        std::thread::sleep(Duration::from_millis(50));
        assert!(thread_cpu_time() - before_sleep < Duration::from_millis(20));
    }
}
