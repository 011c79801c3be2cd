// The one SIMD shim: 4-lane float32 vectors (F4), lane masks (M4) and int32 lanes (I4), with the
// few operations the kernels use (kernels.cpp: the products; elementwise.cpp: activations and
// optimizer updates). In WebAssembly with SIMD128 (-msimd128) each is one <wasm_simd128.h>
// instruction; everywhere else a portable 4-lane stand-in with the same semantics lane by lane,
// so that the native tests (and the sanitizers of the debug preset) check the same arithmetic.
// The native library (tests, bench) trains on Eigen's expressions (its AVX kernels); the native
// runner trains on the stand-in, so that it gives the same bits as wasm (portable_math.hpp).
// This is the only file that includes <wasm_simd128.h> or tests __wasm_simd128__ for the core.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace mlp::simd {

/// True when F4 is a real f32x4 vector (WebAssembly SIMD128), false for the stand-in.
inline constexpr bool kF32x4 =
#ifdef __wasm_simd128__
    true;
#else
    false;
#endif

#ifdef __wasm_simd128__
using F4 = v128_t;
using M4 = v128_t;  // a lane mask: all ones or all zeros
inline F4 load4(const float* p) { return wasm_v128_load(p); }
inline void store4(float* p, F4 v) { wasm_v128_store(p, v); }
inline F4 splat4(float x) { return wasm_f32x4_splat(x); }
inline F4 zero4() { return wasm_f32x4_splat(0.0f); }
// *p in every lane.
inline F4 load_splat4(const float* p) { return wasm_v128_load32_splat(p); }
// acc + a * b rounded twice: SIMD128 has no fused multiply-add.
inline F4 mul_add4(F4 acc, F4 a, F4 b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
inline float first_lane4(F4 a) { return wasm_f32x4_extract_lane(a, 0); }
inline F4 add4(F4 a, F4 b) { return wasm_f32x4_add(a, b); }
inline F4 sub4(F4 a, F4 b) { return wasm_f32x4_sub(a, b); }
inline F4 mul4(F4 a, F4 b) { return wasm_f32x4_mul(a, b); }
inline F4 div4(F4 a, F4 b) { return wasm_f32x4_div(a, b); }
inline F4 sqrt4(F4 a) { return wasm_f32x4_sqrt(a); }
inline F4 neg4(F4 a) { return wasm_f32x4_neg(a); }
inline F4 abs4(F4 a) { return wasm_f32x4_abs(a); }
// NaN if either operand is NaN, and max(-0, +0) = +0 (IEEE 754-2019 maximum).
inline F4 max4(F4 a, F4 b) { return wasm_f32x4_max(a, b); }
// std::min(a, b) = b < a ? b : a and std::max(a, b) = a < b ? b : a, lane by lane.
inline F4 std_min4(F4 a, F4 b) { return wasm_f32x4_pmin(a, b); }
inline F4 std_max4(F4 a, F4 b) { return wasm_f32x4_pmax(a, b); }
// int32 lanes, and the bits of float lanes as int32 lanes and back.
using I4 = v128_t;
inline I4 bits4(F4 a) { return a; }
inline F4 from_bits4(I4 a) { return a; }
inline I4 splat_i4(std::int32_t x) { return wasm_i32x4_splat(x); }
inline I4 add_i4(I4 a, I4 b) { return wasm_i32x4_add(a, b); }
inline I4 sub_i4(I4 a, I4 b) { return wasm_i32x4_sub(a, b); }
inline I4 shl_i4(I4 a, int bits) { return wasm_i32x4_shl(a, bits); }
inline I4 shr_i4(I4 a, int bits) { return wasm_i32x4_shr(a, bits); }  // arithmetic
inline M4 eq4(F4 a, F4 b) { return wasm_f32x4_eq(a, b); }
inline M4 lt4(F4 a, F4 b) { return wasm_f32x4_lt(a, b); }
inline F4 select4(M4 mask, F4 if_true, F4 if_false) { return wasm_v128_bitselect(if_true, if_false, mask); }
inline F4 zero_where4(M4 mask, F4 a) { return wasm_v128_andnot(a, mask); }
#else
// The portable stand-in: lane by lane the semantics of the wasm instructions above.
struct F4 {
  float lane[4];
};
struct M4 {
  bool lane[4];
};
template <class Op>
inline F4 map4(F4 a, Op op) {
  for (float& x : a.lane) x = op(x);
  return a;
}
template <class Op>
inline F4 zip4(F4 a, F4 b, Op op) {
  for (int l = 0; l < 4; ++l) a.lane[l] = op(a.lane[l], b.lane[l]);
  return a;
}
template <class Op>
inline M4 compare4(F4 a, F4 b, Op op) {
  M4 m;
  for (int l = 0; l < 4; ++l) m.lane[l] = op(a.lane[l], b.lane[l]);
  return m;
}
inline F4 load4(const float* p) { return F4{{p[0], p[1], p[2], p[3]}}; }
inline void store4(float* p, F4 v) { std::copy(v.lane, v.lane + 4, p); }
inline F4 splat4(float x) { return F4{{x, x, x, x}}; }
inline F4 zero4() { return F4{{0.0f, 0.0f, 0.0f, 0.0f}}; }
inline F4 load_splat4(const float* p) { return F4{{*p, *p, *p, *p}}; }
inline F4 mul_add4(F4 acc, F4 a, F4 b) {
  for (int l = 0; l < 4; ++l) acc.lane[l] += a.lane[l] * b.lane[l];
  return acc;
}
inline float first_lane4(F4 a) { return a.lane[0]; }
inline F4 add4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) { return x + y; });
}
inline F4 sub4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) { return x - y; });
}
inline F4 mul4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) { return x * y; });
}
inline F4 div4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) { return x / y; });
}
inline F4 sqrt4(F4 a) {
  return map4(a, [](float x) { return std::sqrt(x); });
}
inline F4 neg4(F4 a) {
  return map4(a, [](float x) { return -x; });
}
inline F4 abs4(F4 a) {
  return map4(a, [](float x) { return std::fabs(x); });
}
// -0 counts as less than +0 here.
inline F4 max4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) {
    if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<float>::quiet_NaN();
    return x == y ? (std::signbit(x) ? y : x) : std::max(x, y);
  });
}
inline F4 std_min4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) { return std::min(x, y); });
}
inline F4 std_max4(F4 a, F4 b) {
  return zip4(a, b, [](float x, float y) { return std::max(x, y); });
}
struct I4 {
  std::int32_t lane[4];
};
inline I4 bits4(F4 a) {
  I4 i;
  std::memcpy(i.lane, a.lane, sizeof i.lane);
  return i;
}
inline F4 from_bits4(I4 a) {
  F4 f;
  std::memcpy(f.lane, a.lane, sizeof f.lane);
  return f;
}
inline I4 splat_i4(std::int32_t x) { return I4{{x, x, x, x}}; }
// In uint32, so that overflow wraps as in wasm (NaN inputs make garbage exponents).
inline I4 add_i4(I4 a, I4 b) {
  for (int l = 0; l < 4; ++l)
    a.lane[l] =
        static_cast<std::int32_t>(static_cast<std::uint32_t>(a.lane[l]) + static_cast<std::uint32_t>(b.lane[l]));
  return a;
}
inline I4 sub_i4(I4 a, I4 b) {
  for (int l = 0; l < 4; ++l)
    a.lane[l] =
        static_cast<std::int32_t>(static_cast<std::uint32_t>(a.lane[l]) - static_cast<std::uint32_t>(b.lane[l]));
  return a;
}
inline I4 shl_i4(I4 a, int bits) {
  for (std::int32_t& x : a.lane) x = static_cast<std::int32_t>(static_cast<std::uint32_t>(x) << bits);
  return a;
}
inline I4 shr_i4(I4 a, int bits) {
  for (std::int32_t& x : a.lane) x = x < 0 ? ~(~x >> bits) : x >> bits;  // arithmetic, also before C++20
  return a;
}
inline M4 eq4(F4 a, F4 b) {
  return compare4(a, b, [](float x, float y) { return x == y; });
}
inline M4 lt4(F4 a, F4 b) {
  return compare4(a, b, [](float x, float y) { return x < y; });
}
inline F4 select4(M4 mask, F4 if_true, F4 if_false) {
  for (int l = 0; l < 4; ++l) if_false.lane[l] = mask.lane[l] ? if_true.lane[l] : if_false.lane[l];
  return if_false;
}
inline F4 zero_where4(M4 mask, F4 a) { return select4(mask, splat4(0.0f), a); }
#endif

}  // namespace mlp::simd
