#include "pooled_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace tocsin::server {
namespace {

constexpr int kReaders = 3;
constexpr int kThreads = 8;
constexpr int kReadsPerThread = 50;

class PooledStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("tocsin_pool_" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
    auto primary = store::Store::Open("sqlite:" + (directory_ / "pool.db").string());
    ASSERT_TRUE(primary.ok()) << primary.status().ToString();
    primary_ = std::move(primary).value();
  }
  void TearDown() override {
    primary_.reset();
    std::filesystem::remove_all(directory_);
  }

  std::int64_t CountOrganisations(store::Store& store) {
    std::int64_t count = -1;
    EXPECT_TRUE(store
                    .Read([&](store::Transaction& transaction) {
                      return transaction.Query("SELECT count(*) FROM organisations", {},
                                               [&](const store::Row& row) {
                                                 count = row.Integer(0);
                                                 return Status::Ok();
                                               });
                    })
                    .ok());
    return count;
  }

  std::filesystem::path directory_;
  std::unique_ptr<store::Store> primary_;
};

TEST_F(PooledStoreTest, ReadsSeeEveryCommittedWrite) {
  auto pool = PooledStore::Open(*primary_, kReaders);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  for (int i = 1; i <= kReaders * 2; ++i) {
    ASSERT_TRUE((*pool)
                    ->Write([&](store::Transaction& transaction) {
                      const std::vector<store::Value> params = {"organisation " + std::to_string(i)};
                      return transaction
                          .Execute("INSERT INTO organisations (name, created_at) VALUES (?, 'now')", params)
                          .status();
                    })
                    .ok());
    EXPECT_EQ(CountOrganisations(**pool), i) << "a read after the write must see it, on whichever connection";
  }
}

TEST_F(PooledStoreTest, ConcurrentReadsAllSucceed) {
  auto pool = PooledStore::Open(*primary_, kReaders);
  ASSERT_TRUE(pool.ok());
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kReadsPerThread; ++i) {
        if (CountOrganisations(**pool) != 0) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
}

TEST(PooledStore, InMemoryStoreIsNotPooled) {
  auto memory = store::Store::Open("sqlite::memory:");
  ASSERT_TRUE(memory.ok());
  ASSERT_TRUE((*memory)
                  ->Write([](store::Transaction& transaction) {
                    return transaction
                        .Execute("INSERT INTO organisations (name, created_at) VALUES ('only here', 'now')")
                        .status();
                  })
                  .ok());
  auto pool = PooledStore::Open(**memory, kReaders);
  ASSERT_TRUE(pool.ok());
  std::int64_t count = 0;
  ASSERT_TRUE((*pool)
                  ->Read([&](store::Transaction& transaction) {
                    return transaction.Query("SELECT count(*) FROM organisations", {},
                                             [&](const store::Row& row) {
                                               count = row.Integer(0);
                                               return Status::Ok();
                                             });
                  })
                  .ok());
  EXPECT_EQ(count, 1);
}

}  // namespace
}  // namespace tocsin::server
