// The store tests' fixture for cases that run on every backend (test-only).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <memory>
#include <string>

#include "tocsin/store/store.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::store {

// A fresh temporary directory per test, named after it.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : name) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
    }
    name_ = name + "_" + std::to_string(::getpid());
    path_ = std::filesystem::temp_directory_path() / ("tocsin_store_test_" + name_);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::filesystem::path path_;
};

// Runs each case on the backend named by the parameter ("sqlite" or
// "postgres"; the latter skipped, with the reason, without a server): url_
// names a new, empty store of it, dropped after the case.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && !testing::PostgresSkipReason().empty()) {
      GTEST_SKIP() << testing::PostgresSkipReason();
    }
    directory_ = std::make_unique<TemporaryDirectory>();
    auto url = testing::NewStoreUrl(GetParam(), directory_->name(), directory_->path().string());
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
  }
  void TearDown() override {
    if (!url_.empty()) {
      EXPECT_TRUE(testing::DropStore(url_).ok());
    }
  }

  std::unique_ptr<Store> OpenStore() {
    auto store = Store::Open(url_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::unique_ptr<TemporaryDirectory> directory_;
  std::string url_;
};

// BackendTest with the store open in store_ for the case.
class OpenBackendTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    BackendTest::TearDown();
  }

  std::unique_ptr<Store> store_;
};

// "sqlite" and "postgres" as the cases' name suffixes.
inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace tocsin::store
