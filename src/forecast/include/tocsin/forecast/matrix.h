// A dense column-major matrix of doubles: the design matrix handed to models.
//
// Public headers of `forecast` do not expose Eigen (httplib's <resolv.h> defines a
// `_res` macro that breaks Eigen when both reach one translation unit); the
// implementation maps this storage with Eigen::Map without copying.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

namespace tocsin::forecast {

class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols), values_(rows * cols, 0.0) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }

  double& operator()(std::size_t row, std::size_t col) {
    assert(row < rows_ && col < cols_);
    return values_[col * rows_ + row];
  }
  double operator()(std::size_t row, std::size_t col) const {
    assert(row < rows_ && col < cols_);
    return values_[col * rows_ + row];
  }

  // Column-major storage: element (r, c) is data()[c * rows() + r].
  const double* data() const { return values_.data(); }
  double* data() { return values_.data(); }

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<double> values_;
};

}  // namespace tocsin::forecast
