// gemm_blocked: the float32 product behind kernels.hpp's wasm SIMD path.
//
// GotoBLAS-style loops, single-threaded:
//   for each block of at most kKC steps of the depth K (blocks of equal size)
//     pack that block of op(B) into panels of kNR columns       Bp[panel][t][c]
//     for each block of kMC rows of op(A)
//       pack it into slivers of kMR rows                        Ap[sliver][t][r]
//       for each panel, for each sliver: the kMR x kNR micro-kernel on C's tile
// Why pack: the micro-kernel then reads two contiguous streams whatever the strides of op(A) and
// op(B) (so one kernel serves A W, A^T D and D W^T), and the zero padding of the last sliver and
// panel lets it always compute a full tile: only its store is clipped to C's edges.
// Why these block sizes: a kKC x kNR panel (16 KB) stays in L1 (32-48 KB) while the slivers of
// the row block (kMC x kKC floats, 128 KB) stream past it from L2.
#include "mlp/kernels.hpp"

#include <algorithm>
#include <vector>

#include "mlp/simd.hpp"

namespace mlp::kernels {
namespace {

using namespace simd;

// A 2 x 16 tile. Why not 4 x 16: its 16 accumulators plus 4 loaded vectors, a splat and a
// product are more v128 values than x86-64's 16 xmm registers, and V8 then spills inside the
// loop. Measured in node on 200x784x100 products: 4 x 16 at 16-24 GFLOP/s, 2 x 16 and 4 x 8 at
// 27-31, about the f32x4 mul+add peak of the machine; 2 x 16 was the faster on small layers.
constexpr int kMR = 2;        // rows of a tile
constexpr int kNV = 4;        // f32x4 vectors across a tile
constexpr int kNR = 4 * kNV;  // columns of a tile
constexpr Index kKC = 256;    // largest depth block
constexpr Index kMC = 128;    // row block
static_assert(kMC % kMR == 0, "row blocks hold whole slivers");

Index round_up(Index x, Index to) { return (x + to - 1) / to * to; }

/// Packs op(A)(i0 .. i0+rows, p0 .. p0+kc) into slivers of kMR rows: out[s][t][r], rows past the
/// end zero. Fills round_up(rows, kMR) * kc floats.
void pack_a(const float* A, Index a_row, Index a_col, Index i0, Index rows, Index p0, Index kc, float* out) {
  for (Index s = 0; s < rows; s += kMR) {
    const Index valid = std::min<Index>(kMR, rows - s);
    for (Index t = 0; t < kc; ++t) {
      const float* column = A + (p0 + t) * a_col + (i0 + s) * a_row;
      for (Index r = 0; r < kMR; ++r) *out++ = r < valid ? column[r * a_row] : 0.0f;
    }
  }
}

/// Packs op(B)(p0 .. p0+kc, all N columns) into panels of kNR columns: panel q holds
/// out[q * kc * kNR + t * width + c] with width = kNR, except the last panel, whose width is the
/// remaining columns rounded up to a whole f32x4 (zero-padded). Fills kc * round_up(N, 4) floats.
void pack_b(const float* B, Index b_row, Index b_col, Index N, Index p0, Index kc, float* out) {
  for (Index j0 = 0; j0 < N; j0 += kNR) {
    const Index valid = std::min<Index>(kNR, N - j0);
    const Index width = round_up(valid, 4);
    for (Index t = 0; t < kc; ++t) {
      const float* row = B + (p0 + t) * b_row + j0 * b_col;
      Index c = 0;
      if (b_col == 1) {
        out = std::copy(row, row + valid, out);
        c = valid;
      }
      for (; c < width; ++c) *out++ = c < valid ? row[c * b_col] : 0.0f;
    }
  }
}

/// One tile: C(0 .. rows, 0 .. cols) (=|+=) sum over t of a[t][r] b[t][c], for the packed sliver a
/// (kc x kMR) and panel b (kc x 4*NV). rows <= kMR and cols <= 4*NV clip the store.
template <int NV>
void micro_kernel(Index kc, const float* a, const float* b, float* C, Index ldc, Index rows, Index cols,
                  bool add_to_c) {
  constexpr int width = 4 * NV;
  F4 acc[kMR][NV];
  for (int r = 0; r < kMR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = zero4();
  for (Index t = 0; t < kc; ++t, a += kMR, b += width) {
    F4 bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = load4(b + 4 * v);
    for (int r = 0; r < kMR; ++r) {
      const F4 ar = load_splat4(a + r);
      for (int v = 0; v < NV; ++v) acc[r][v] = mul_add4(acc[r][v], ar, bv[v]);
    }
  }
  if (rows == kMR && cols == width) {
    for (int r = 0; r < kMR; ++r)
      for (int v = 0; v < NV; ++v) {
        float* c = C + r * ldc + 4 * v;
        store4(c, add_to_c ? add4(load4(c), acc[r][v]) : acc[r][v]);
      }
    return;
  }
  // Edge tile: park the whole tile, then copy the part inside C.
  float tile[kMR][width];
  for (int r = 0; r < kMR; ++r)
    for (int v = 0; v < NV; ++v) store4(&tile[r][4 * v], acc[r][v]);
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) C[r * ldc + c] = add_to_c ? C[r * ldc + c] + tile[r][c] : tile[r][c];
}

/// The micro-kernel instantiated for a panel `width` (4, 8, 12 or 16) columns wide.
void run_micro_kernel(Index width, Index kc, const float* a, const float* b, float* C, Index ldc, Index rows,
                      Index cols, bool add_to_c) {
  static_assert(kNV == 4, "one case per vector count up to kNV");
  switch (width / 4) {
    case 1:
      micro_kernel<1>(kc, a, b, C, ldc, rows, cols, add_to_c);
      break;
    case 2:
      micro_kernel<2>(kc, a, b, C, ldc, rows, cols, add_to_c);
      break;
    case 3:
      micro_kernel<3>(kc, a, b, C, ldc, rows, cols, add_to_c);
      break;
    default:
      micro_kernel<4>(kc, a, b, C, ldc, rows, cols, add_to_c);
      break;
  }
}

}  // namespace

void gemm_blocked(Index M, Index N, Index K, const float* A, Index a_row, Index a_col, const float* B, Index b_row,
                  Index b_col, float* C, Index ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (Index i = 0; i < M; ++i) std::fill(C + i * ldc, C + i * ldc + N, 0.0f);
    return;
  }
  // Reused across calls (training calls this three times per layer and batch); single-threaded
  // per thread, so thread_local is enough.
  thread_local std::vector<float> a_pack, b_pack;
  // Depth blocks of equal size (784 = 4 x 196, not 3 x 256 + 16): no block is too short to
  // repay its tile loads and stores.
  const Index n_depth_blocks = (K + kKC - 1) / kKC;
  const Index kc_max = (K + n_depth_blocks - 1) / n_depth_blocks;
  a_pack.resize(static_cast<std::size_t>(round_up(std::min(kMC, M), kMR) * kc_max));
  b_pack.resize(static_cast<std::size_t>(round_up(N, 4) * kc_max));

  for (Index p0 = 0; p0 < K; p0 += kc_max) {
    const Index kc = std::min(kc_max, K - p0);
    // Depth blocks after the first add onto what the earlier ones stored.
    const bool add_to_c = accumulate || p0 > 0;
    pack_b(B, b_row, b_col, N, p0, kc, b_pack.data());
    for (Index i0 = 0; i0 < M; i0 += kMC) {
      const Index mc = std::min(kMC, M - i0);
      pack_a(A, a_row, a_col, i0, mc, p0, kc, a_pack.data());
      for (Index j0 = 0; j0 < N; j0 += kNR) {
        const Index cols = std::min<Index>(kNR, N - j0);
        const float* panel = b_pack.data() + j0 * kc;  // every earlier panel is kNR wide
        for (Index s = 0; s < mc; s += kMR) {
          run_micro_kernel(round_up(cols, 4), kc, a_pack.data() + s * kc, panel, C + (i0 + s) * ldc + j0, ldc,
                           std::min<Index>(kMR, mc - s), cols, add_to_c);
        }
      }
    }
  }
}

}  // namespace mlp::kernels
