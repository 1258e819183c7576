#if canImport(Glibc)
import Glibc
import JSONStream
import UsageConvDiagnostics
#endif

/// Runs recursive schema work on a thread with a large stack.
///
/// Compiling and evaluating recurse once per level of schema and instance nesting (up to the
/// reader's 1000 levels, several frames each). A test runner's or a dispatch worker's stack
/// overflows long before that in a debug build, so the recursion gets a dedicated thread whose
/// stack is only reserved address space until touched. Where pthreads are unavailable the work
/// runs on the caller's thread.
enum DeepStack {
    /// The stack reserved for the worker thread.
    static let stackSize = 512 << 20

    /// Runs `work` to completion on a large-stack thread and returns its result.
    static func run<T>(_ work: @escaping () -> Result<T, Diagnostic>) throws(Diagnostic) -> T {
        #if canImport(Glibc)
        var result: Result<T, Diagnostic>? = nil
        let job = Job { result = work() }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let started = pthread_create(
            &thread,
            &attributes,
            { context in
                if let context { Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body() }
                return nil
            },
            context
        )
        if started == 0 {
            pthread_join(thread, nil)
        } else {
            // No thread (resource limits): run here instead.
            Unmanaged<Job>.fromOpaque(context).release()
            result = work()
        }
        guard let result else { throw Diagnostic.error(.usage, "schema work did not complete") }
        return try result.get()
        #else
        return try work().get()
        #endif
    }

    /// The work handed to the thread.
    ///
    /// The caller joins the thread before reading what the work wrote, so the two threads never
    /// touch it at the same time.
    private final class Job: @unchecked Sendable {
        let body: () -> Void

        init(_ body: @escaping () -> Void) {
            self.body = body
        }
    }
}
