#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "mlp/rng.hpp"

namespace mlp {
namespace {

TEST(RandomState, RawStreamMatchesNumpySeed0) {
  auto fx = test::load_fixture("sklearn_parity.json");
  RandomState rs(0);
  for (const auto& expected : fx["rng_parity"]["raw_mt19937_first8_uint32_seed0"])
    EXPECT_EQ(rs.next_u32(), expected.get<std::uint32_t>());
}

TEST(RandomState, NormalStreamMatchesNumpySeed0) {
  auto fx = test::load_fixture("sklearn_datasets.json");
  RandomState rs(0);
  for (const auto& expected : fx["normal_stream_seed0"]) EXPECT_NEAR(rs.gauss(), expected.get<double>(), 1e-14);
}

TEST(RandomState, UniformThenNormalKeepsOneStream) {
  auto fx = test::load_fixture("sklearn_datasets.json")["uniform_then_normal_seed7"];
  RandomState rs(7);
  for (const auto& expected : fx["uniform(-1,2,size=5)"]) EXPECT_DOUBLE_EQ(rs.uniform(-1, 2), expected.get<double>());
  for (const auto& expected : fx["then normal(size=5)"]) EXPECT_NEAR(rs.normal(0, 1), expected.get<double>(), 1e-14);
}

TEST(RandomState, PermutationIsABijection) {
  RandomState rs(3);
  auto p = rs.permutation(257);
  std::vector<int> seen(257, 0);
  for (auto i : p) ++seen[i];
  for (int c : seen) EXPECT_EQ(c, 1);
}

TEST(RandomState, SameSeedSameStream) {
  RandomState a(42), b(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u32(), b.next_u32());
}

}  // namespace
}  // namespace mlp
