import CGDAL

/// How the one-shot commands use glibc's allocator. They read, screen and write hundreds of
/// megabytes within a second or a minute and then exit; memory that glibc gives back to the kernel
/// when it is freed (blocks above the mmap threshold unmapped, the heap's top trimmed) is faulted
/// in again moments later: ~105 ms of system time on 20,000 rights × the red line. They keep it
/// instead: blocks up to 16 MiB come from the heap and are reused, and the heap is not trimmed
/// below 256 MiB — ~10 ms (3–4 %) less wall time there and 15 % less system time, the same peak
/// memory at 1,000,000 rights (813 MiB; a 64 MiB threshold cost 110 MiB more there). The
/// long-running server (`serve`) keeps glibc's defaults and gives memory back.
public enum AllocatorPolicy {
    public static func keepFreedMemory() {
        _ = mallopt(M_MMAP_THRESHOLD, 16 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    }
}
