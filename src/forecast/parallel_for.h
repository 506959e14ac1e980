// Independent tasks over an index range, on a few threads. Internal to the
// forecast module.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace tocsin::forecast {

// Calls task(i) once for each i in [0, count), on up to `threads` threads (this
// one included), in no particular order. A thread that cannot be started only
// means fewer workers.
template <typename Task>
void ParallelFor(std::size_t count, int threads, Task task) {
  if (count == 0) return;
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) task(i);
  };
  std::vector<std::thread> workers;
  const std::size_t extra =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)) - 1, count - 1);
  for (std::size_t w = 0; w < extra; ++w) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (std::thread& worker : workers) worker.join();
}

}  // namespace tocsin::forecast
