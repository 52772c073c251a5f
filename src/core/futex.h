// Futex: block on a 32-bit atomic until another thread changes it and wakes waiters (Linux
// futex(2), process-private). Unlike std::atomic::wait, waits can time out.
//
// Usage contract (as with any futex): load the word, re-check your condition, then Wait(word,
// loaded): Wait returns at once if the word no longer holds `expected`. Spurious returns happen;
// callers loop.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace core {

// Blocks while `word` == `expected`, until woken or `timeout` passes (negative = no timeout).
// Returns false only when the timeout expired.
bool FutexWait(std::atomic<uint32_t>& word, uint32_t expected,
               std::chrono::nanoseconds timeout = std::chrono::nanoseconds(-1));

// Wakes every thread blocked in FutexWait on `word`.
void FutexWakeAll(std::atomic<uint32_t>& word);

}  // namespace core
