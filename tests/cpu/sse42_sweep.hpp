// Shared by the SSE4.2 and AES sweeps against the host CPU: a table of 256 native functions,
// one per imm8 (an immediate must be a compile-time constant in inline assembly), and the
// difftest's deterministic random numbers.
#pragma once
#include <array>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "difftest/values.hpp"

namespace lstar::test {

using difftest::Rng;

// {make(imm8 constant 0), ..., make(imm8 constant 255)}: `make` takes a
// std::integral_constant<uint8_t, Imm> and returns the native function instantiated for Imm.
template <class Fn, class Make, size_t... Imm>
constexpr std::array<Fn, 256> imm8_table(Make make, std::index_sequence<Imm...>) {
    return {make(std::integral_constant<uint8_t, static_cast<uint8_t>(Imm)>{})...};
}
template <class Fn, class Make>
constexpr std::array<Fn, 256> imm8_table(Make make) {
    return imm8_table<Fn>(make, std::make_index_sequence<256>());
}

}  // namespace lstar::test
