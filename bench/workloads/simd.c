/* simd - an SSE2 kernel: single-precision saxpy and a 16-bit integer dot product (MOVAPS,
 * MULPS, ADDPS, PMADDWD, PADDD, PXOR, shuffles). */
#include <emmintrin.h>
#include <stdint.h>
#include "common.h"

#define N 4096
static float xs[N] __attribute__((aligned(16))), ys[N] __attribute__((aligned(16)));
static int16_t as[N] __attribute__((aligned(16))), bs[N] __attribute__((aligned(16)));

int main(int argc, char **argv)
{
	long n = iterations(argc, argv, 4000);
	for (int k = 0; k < N; k++) {
		xs[k] = (float)(k % 97) * 0.25f;
		ys[k] = (float)(k % 13);
		as[k] = (int16_t)(k * 31);
		bs[k] = (int16_t)(k % 251 - 125);
	}
	__m128i acc = _mm_setzero_si128();
	const __m128 a = _mm_set1_ps(0.5f);
	for (long i = 0; i < n; i++) {
		for (int k = 0; k < N; k += 4) {
			__m128 y = _mm_load_ps(ys + k);
			y = _mm_add_ps(_mm_mul_ps(a, _mm_load_ps(xs + k)), y);
			_mm_store_ps(ys + k, _mm_mul_ps(y, _mm_set1_ps(0.5f)));
		}
		for (int k = 0; k < N; k += 8) {
			__m128i p = _mm_madd_epi16(_mm_load_si128((const __m128i *)(as + k)),
						   _mm_load_si128((const __m128i *)(bs + k)));
			acc = _mm_xor_si128(_mm_add_epi32(acc, p), _mm_shuffle_epi32(acc, 0x39));
		}
	}
	uint32_t lanes[4];
	_mm_storeu_si128((__m128i *)lanes, acc);
	uint64_t sum = lanes[0] ^ ((uint64_t)lanes[1] << 8) ^ ((uint64_t)lanes[2] << 16) ^ ((uint64_t)lanes[3] << 24);
	for (int k = 0; k < N; k++)
		sum = sum * 33 + (uint64_t)(ys[k] * 1024.0f);
	report("simd", sum);
	return 0;
}
