// The core's own exp, log, tanh, sin, cos and pow, written with + - * / and exact bit
// operations only, so that they give the same bits on every machine and compiler.
//
// Why: the WebAssembly module and the native job runner must give the same answer to every job
// (issue 17). The C libraries differ in the last bit (musl in wasm; glibc natively, which also
// picks FMA variants on machines that have FMA), and L-BFGS's line search or a loss near float32
// overflow turns one differing bit into another step, another stop, or another status. These
// functions are the only transcendental functions the core calls (the f32x4 kernels of
// elementwise.cpp have their own, arithmetic too).
//
// Accuracy, against a long double reference over 2 million inputs each (and against glibc in
// tests/cpp/test_portable_math.cpp): exp 0.53 ulp, expm1 1.5, log 1.1, tanh 2.3 (glibc's: 2.1),
// sin and cos 1.5; pow within 1 ulp + |y log x| ulps (pow(x, 0.5) is sqrt). exp, expm1 and tanh
// come from a table of 2^(j/32) and a degree-7 polynomial, as fast as musl's in WebAssembly.
// sin and cos reduce their argument by pi/2 in three parts: accurate for |x| < 2^20; beyond,
// still the same bits everywhere, but not the true sine.
//
// kPortableArithmetic says whether this build trains on portable arithmetic throughout: these
// functions, Eigen without its SIMD packets and with fixed cache sizes (so its products sum in
// the same order), and the f32x4 kernels for float32 (as in wasm). True in WebAssembly and in
// mlp_core_portable (built with MLP_PORTABLE_ARITHMETIC), which the native runner and the native
// tests link; false in mlp_core, the bench's native library, which keeps Eigen's AVX kernels and
// functions for speed.
#pragma once

namespace mlp::math {

inline constexpr bool kPortableArithmetic =
#if defined(__EMSCRIPTEN__) || defined(MLP_PORTABLE_ARITHMETIC)
    true;
#else
    false;
#endif

double exp(double x);
/// exp(x) - 1, accurate near 0.
double expm1(double x);
double log(double x);
double tanh(double x);
double sin(double x);
double cos(double x);
/// x^y for x >= 0 (NaN for x < 0 unless y is 0).
double pow(double x, double y);

/// log for float32 (the float32 losses'; float32's other functions are elementwise.hpp's f32x4
/// kernels): from a table of 32 buckets and a polynomial in float64, rounded once to float. Its
/// error before that rounding is under 1.3e-10 of the result, so it is the correctly rounded log
/// but for about 1 float in 250,000 (68 of [0.5, 2]'s 16.8 million).
float log(float x);

/// Fixes the cache sizes Eigen's products block by (those it assumes in WebAssembly, where it
/// cannot ask the processor), so that a product sums in the same order in every portable build.
/// Called by the job runner and the session before they train; does nothing elsewhere.
void fix_product_blocking();

}  // namespace mlp::math
