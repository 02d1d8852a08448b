//! How the process asks the system allocator to behave, set once at start-up.
//!
//! wanedit's large buffers come and go: a 48 MP photo decoded (144 MB), its 12 MB preview, a
//! re-encoded file, 1 MB tiles cut on worker threads. glibc's malloc raises its mmap threshold
//! each time such a block is freed (up to 32 MB), after which blocks of that size come from
//! per-thread arenas that are not given back to the system: measured on nine 48 MP inputs, a
//! third of the window's peak memory was freed memory still held that way. A fixed threshold
//! keeps every block of 1 MB and more in its own mapping, returned the moment it is freed.

/// Blocks this large or larger are mapped on their own and unmapped when freed.
pub const OWN_MAPPING_FROM: usize = 1 << 20;

/// Sets the allocator up as described above. Idempotent; does nothing where the C library is
/// not glibc (musl and other systems' allocators return large blocks already).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // Setting M_MMAP_THRESHOLD also turns off its dynamic adjustment (mallopt(3)).
        // SAFETY: mallopt only changes allocator parameters; it is called before other threads
        // allocate much and is safe to call at any time in glibc (it takes the arena locks).
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM as libc::c_int) };
        if ok != 1 {
            tracing::debug!("mallopt(M_MMAP_THRESHOLD) was refused; memory is as malloc keeps it");
        }
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// Blocks mapped on their own now (glibc's count).
    fn own_mappings() -> usize {
        // SAFETY: mallinfo2 only reads the allocator's statistics.
        unsafe { libc::mallinfo2() }.hblks
    }

    /// Allocates `n` bytes (touched) and says whether they got a mapping of their own.
    fn mapped_on_its_own(n: usize) -> bool {
        let before = own_mappings();
        let v = std::hint::black_box(vec![1u8; n]);
        let after = own_mappings();
        drop(v);
        after == before + 1
    }

    #[test]
    fn large_blocks_stay_in_mappings_of_their_own_after_larger_ones_are_freed() {
        // In a process of its own: the other tests' threads allocate too.
        if std::env::var_os("WANEDIT_MEMORY_CHILD").is_none() {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "memory::tests::large_blocks_stay_in_mappings_of_their_own_after_larger_ones_are_freed",
                    "--exact",
                    "--test-threads=1",
                    "--nocapture",
                ])
                .env("WANEDIT_MEMORY_CHILD", "1")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success() && text.contains("1 passed"), "{text}");
            return;
        }
        super::tune_allocator();
        // glibc as it is would serve the 3 MB block from an arena after the 8 MB one is freed
        // (its threshold rises to 8 MB), and keep it there once freed.
        assert!(mapped_on_its_own(8 << 20));
        assert!(
            mapped_on_its_own(3 << 20),
            "a 3 MB block came from an arena"
        );
        assert!(mapped_on_its_own(super::OWN_MAPPING_FROM + 4096));
    }
}
