// The f32x4 element-wise kernels behind elementwise.hpp's wasm SIMD path.
//
// Each kernel runs whole f32x4 vectors, then its last n % 4 entries: through the scalar reference
// where the arithmetic is plain IEEE operations (the same results whatever the lane), through one
// zero-padded vector where it is an approximation (exp, tanh), so that an entry's value never
// depends on its position.
#include "mlp/elementwise.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "mlp/simd.hpp"

namespace mlp::elementwise {
namespace {

using namespace simd;

/// exp of each lane. Cephes' expf: exp(x) = 2^n exp(r) with n = round(x / ln 2) and
/// r = x - n ln 2 in [-ln2/2, ln2/2], exp(r) by a degree-7 polynomial. Why ln 2 in two parts: n C1
/// is exact (C1 has 9 significant bits), so r loses nothing to cancellation. Why 2^n as two
/// factors: n runs from -150 to 128 over the clamped range, past the exponents one float can hold,
/// and two halves give both the gradual underflow and the overflow to inf of the true exp.
inline F4 exp4(F4 x) {
  // Beyond these exp is 0 or inf in float; the clamp keeps n small. x first, so NaN stays NaN.
  x = std_max4(std_min4(x, splat4(89.0f)), splat4(-104.0f));
  // Adding 1.5 * 2^23 rounds x / ln 2 to an integer (ties to even) and leaves n in the low bits of
  // the sum: cheaper than f32x4.nearest and a float-to-int conversion (both slow in V8 on x86).
  const F4 magic = splat4(12582912.0f);
  const F4 shifted = add4(mul4(x, splat4(1.44269504088896341f)), magic);
  const F4 n = sub4(shifted, magic);
  F4 r = sub4(x, mul4(n, splat4(0.693359375f)));
  r = add4(r, mul4(n, splat4(2.12194440e-4f)));
  const F4 r2 = mul4(r, r);
  F4 y = splat4(1.9875691500e-4f);
  y = add4(mul4(y, r), splat4(1.3981999507e-3f));
  y = add4(mul4(y, r), splat4(8.3334519073e-3f));
  y = add4(mul4(y, r), splat4(4.1665795894e-2f));
  y = add4(mul4(y, r), splat4(1.6666665459e-1f));
  y = add4(mul4(y, r), splat4(5.0000001201e-1f));
  y = add4(add4(mul4(y, r2), r), splat4(1.0f));
  // 2^k for k in [-75, 64]: k + 127 into the exponent field.
  const I4 k = sub_i4(bits4(shifted), bits4(magic));
  const I4 k_half = shr_i4(k, 1);
  const auto pow2 = [](I4 e) { return from_bits4(shl_i4(add_i4(e, splat_i4(127)), 23)); };
  return mul4(mul4(y, pow2(k_half)), pow2(sub_i4(k, k_half)));
}

/// tanh of each lane: Eigen 3.4's generic_fast_tanh_float (what Eigen computed for float before,
/// without FMA as in wasm), operation for operation. An odd degree-13 over even degree-6 rational,
/// on x clamped to +-7.90531 (where it reaches 1 in float) and x itself for |x| < 0.0004.
inline F4 tanh4(F4 z) {
  const F4 clamp = splat4(7.90531110763549805f);
  const F4 x = std_max4(std_min4(z, clamp), neg4(clamp));
  const M4 tiny = lt4(abs4(z), splat4(0.0004f));
  const F4 x2 = mul4(x, x);
  F4 p = add4(mul4(x2, splat4(-2.76076847742355e-16f)), splat4(2.00018790482477e-13f));
  p = add4(mul4(x2, p), splat4(-8.60467152213735e-11f));
  p = add4(mul4(x2, p), splat4(5.12229709037114e-08f));
  p = add4(mul4(x2, p), splat4(1.48572235717979e-05f));
  p = add4(mul4(x2, p), splat4(6.37261928875436e-04f));
  p = add4(mul4(x2, p), splat4(4.89352455891786e-03f));
  p = mul4(x, p);
  F4 q = add4(mul4(x2, splat4(1.19825839466702e-06f)), splat4(1.18534705686654e-04f));
  q = add4(mul4(x2, q), splat4(2.26843463243900e-03f));
  q = add4(mul4(x2, q), splat4(4.89352518554385e-03f));
  return select4(tiny, x, div4(p, q));
}

/// x[i] = f(x[i]) for i < n; the tail through one zero-padded vector. One call of f in the loop,
/// so that the module carries one inlined copy of it.
template <class F>
void map_in_place(float* x, Index n, F f) {
  for (Index i = 0; i < n; i += 4) {
    float tail[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    const bool whole = i + 4 <= n;
    float* p = x + i;
    if (!whole) {
      std::copy(x + i, x + n, tail);
      p = tail;
    }
    store4(p, f(load4(p)));
    if (!whole) std::copy(tail, tail + (n - i), x + i);
  }
}

/// The one copy of exp4 in the module: exp, logistic and softmax all call it. Why: its constants
/// and polynomial make it the largest kernel, and the module has a size budget.
[[gnu::noinline]] void exp_in_place(float* x, Index n) { map_in_place(x, n, exp4); }

}  // namespace

void exp(float* x, Index n) { exp_in_place(x, n); }

void relu(float* z, Index n) {
  Index i = 0;
  for (; i + 4 <= n; i += 4) store4(z + i, max4(load4(z + i), splat4(0.0f)));
  reference::relu(z + i, n - i);
}

void leaky_relu(float* z, Index n, float slope) {
  const F4 zero = splat4(0.0f), s = splat4(slope);
  Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const F4 zi = load4(z + i);
    store4(z + i, select4(lt4(zero, zi), zi, mul4(s, zi)));
  }
  reference::leaky_relu(z + i, n - i, slope);
}

void logistic(float* z, Index n) {
  // 1 / (1 + exp(-z)) in three passes over z (cheap: it is in L1 cache); exp(-z) = inf gives 0, as
  // scipy's expit.
  map_in_place(z, n, neg4);
  exp_in_place(z, n);
  map_in_place(z, n, [](F4 e) { return div4(splat4(1.0f), add4(splat4(1.0f), e)); });
}

void tanh(float* z, Index n) { map_in_place(z, n, tanh4); }

void relu_derivative(const float* a, float* d, Index n) {
  Index i = 0;
  for (; i + 4 <= n; i += 4) store4(d + i, zero_where4(eq4(load4(a + i), splat4(0.0f)), load4(d + i)));
  reference::relu_derivative(a + i, d + i, n - i);
}

void leaky_relu_derivative(const float* a, float* d, Index n, float slope) {
  const F4 zero = splat4(0.0f), s = splat4(slope);
  Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const F4 di = load4(d + i);
    store4(d + i, select4(lt4(zero, load4(a + i)), di, mul4(s, di)));
  }
  reference::leaky_relu_derivative(a + i, d + i, n - i, slope);
}

void logistic_derivative(const float* a, float* d, Index n) {
  Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const F4 av = load4(a + i);
    store4(d + i, mul4(mul4(load4(d + i), av), sub4(splat4(1.0f), av)));
  }
  reference::logistic_derivative(a + i, d + i, n - i);
}

void tanh_derivative(const float* a, float* d, Index n) {
  Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const F4 av = load4(a + i);
    store4(d + i, mul4(load4(d + i), sub4(splat4(1.0f), mul4(av, av))));
  }
  reference::tanh_derivative(a + i, d + i, n - i);
}

void softmax(float* z, Index rows, Index cols, Index stride) {
  if (rows <= 0 || cols <= 0) return;
  // Shift by the row maximum so exp never overflows; the result is unchanged. Output rows are
  // short (one entry per class), so the max, the shift and the sum run per row in scalar code
  // and only exp, the costly part, runs over the whole block at once when rows are contiguous.
  for (Index i = 0; i < rows; ++i) {
    float* row = z + i * stride;
    float max = row[0];
    MLP_SCALAR_LOOP
    for (Index j = 1; j < cols; ++j) max = std::max(max, row[j]);
    MLP_SCALAR_LOOP
    for (Index j = 0; j < cols; ++j) row[j] -= max;
  }
  const bool contiguous = stride == cols || rows == 1;
  for (Index i = 0; i < (contiguous ? 1 : rows); ++i) exp_in_place(z + i * stride, contiguous ? rows * cols : cols);
  for (Index i = 0; i < rows; ++i) {
    float* row = z + i * stride;
    float sum = 0.0f;
    MLP_SCALAR_LOOP
    for (Index j = 0; j < cols; ++j) sum += row[j];
    Index j = 0;
    for (; j + 4 <= cols; j += 4) store4(row + j, div4(load4(row + j), splat4(sum)));
    MLP_SCALAR_LOOP
    for (; j < cols; ++j) row[j] /= sum;
  }
}

void adam_update(Index n, const float* grad, float* m, float* v, float* theta, const AdamStep& step) {
  const F4 b1 = splat4(step.beta_1), b2 = splat4(step.beta_2);
  const F4 c1 = splat4(step.one_minus_beta_1), c2 = splat4(step.one_minus_beta_2);
  const F4 lr = splat4(step.learning_rate), eps = splat4(step.epsilon);
  Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const F4 g = load4(grad + i);
    const F4 mi = add4(mul4(b1, load4(m + i)), mul4(c1, g));
    const F4 vi = add4(mul4(b2, load4(v + i)), mul4(c2, mul4(g, g)));
    store4(m + i, mi);
    store4(v + i, vi);
    store4(theta + i, sub4(load4(theta + i), div4(mul4(lr, mi), add4(sqrt4(vi), eps))));
  }
  reference::adam_update(n - i, grad + i, m + i, v + i, theta + i, step);
}

void sgd_update(Index n, const float* grad, float* velocity, float* theta, float momentum, float learning_rate,
                bool nesterov) {
  const F4 mu = splat4(momentum), lr = splat4(learning_rate);
  Index i = 0;
  for (; i + 4 <= n; i += 4) {
    const F4 lg = mul4(lr, load4(grad + i));
    const F4 vel = sub4(mul4(mu, load4(velocity + i)), lg);
    store4(velocity + i, vel);
    store4(theta + i, add4(load4(theta + i), nesterov ? sub4(mul4(mu, vel), lg) : vel));
  }
  reference::sgd_update(n - i, grad + i, velocity + i, theta + i, momentum, learning_rate, nesterov);
}

}  // namespace mlp::elementwise
