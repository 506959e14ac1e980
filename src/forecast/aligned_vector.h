// A std::vector of doubles whose storage starts on a cache-line boundary, so that the
// kernels' 32-byte loads and stores of whole blocks never straddle two cache lines.
// Internal to the forecast module.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace tocsin::forecast {

inline constexpr std::size_t kCacheLine = 64;
inline constexpr std::size_t kDoublesPerLine = kCacheLine / sizeof(double);

template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT: rebinding is implicit by contract
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kCacheLine}));
  }
  void deallocate(T* p, std::size_t) { ::operator delete (p, std::align_val_t{kCacheLine}); }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const {
    return true;
  }
};

using AlignedVector = std::vector<double, CacheLineAllocator<double>>;

}  // namespace tocsin::forecast
