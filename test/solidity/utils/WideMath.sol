// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title WideMath
/// @notice A deliberately naive 512-bit natural number (four 128-bit limbs, least significant first) used as an
/// independent reference for the contracts' `mulDiv`-based arithmetic: schoolbook multiplication, and division
/// by small numbers one decimal digit at a time.
library WideMath {
    uint256 private constant MASK = type(uint128).max;

    /// @dev `a * b` exactly.
    function mul(uint256 a, uint256 b) internal pure returns (uint256[4] memory l) {
        uint256 a0 = a & MASK;
        uint256 a1 = a >> 128;
        uint256 b0 = b & MASK;
        uint256 b1 = b >> 128;
        // Each partial product of two 128-bit limbs fits in 256 bits.
        uint256 p00 = a0 * b0;
        uint256 p01 = a0 * b1;
        uint256 p10 = a1 * b0;
        uint256 p11 = a1 * b1;
        l[0] = p00 & MASK;
        uint256 sum = (p00 >> 128) + (p01 & MASK) + (p10 & MASK);
        l[1] = sum & MASK;
        sum = (sum >> 128) + (p01 >> 128) + (p10 >> 128) + (p11 & MASK);
        l[2] = sum & MASK;
        l[3] = (sum >> 128) + (p11 >> 128);
    }

    /// @dev `x * m` for a small `m`; reverts if the result needs more than 512 bits.
    function mulSmall(uint256[4] memory x, uint256 m) internal pure returns (uint256[4] memory y) {
        require(m <= MASK, "WideMath: factor too large");
        uint256 carry;
        for (uint256 i; i < 4; ++i) {
            uint256 v = x[i] * m + carry;
            y[i] = v & MASK;
            carry = v >> 128;
        }
        require(carry == 0, "WideMath: 512-bit overflow");
    }

    /// @dev `floor(x / d)` for a small non-zero `d`.
    function divSmall(uint256[4] memory x, uint256 d) internal pure returns (uint256[4] memory q) {
        require(d != 0 && d <= MASK, "WideMath: bad divisor");
        uint256 rem;
        for (uint256 i = 4; i > 0; --i) {
            uint256 v = (rem << 128) | x[i - 1];
            q[i - 1] = v / d;
            rem = v % d;
        }
    }

    /// @dev `x * 10^e`, one digit at a time.
    function mulPow10(uint256[4] memory x, uint256 e) internal pure returns (uint256[4] memory y) {
        y = x;
        for (uint256 i; i < e; ++i) y = mulSmall(y, 10);
    }

    /// @dev `floor(x / 10^e)`, one digit at a time (floor of floors is the floor).
    function divPow10(uint256[4] memory x, uint256 e) internal pure returns (uint256[4] memory y) {
        y = x;
        for (uint256 i; i < e; ++i) y = divSmall(y, 10);
    }

    /// @dev Whether `x` fits in 256 bits, and its value if so.
    function toUint256(uint256[4] memory x) internal pure returns (bool fits, uint256 value) {
        fits = x[2] == 0 && x[3] == 0;
        value = x[0] | (x[1] << 128);
    }

    /// @dev `x <= y`.
    function lte(uint256[4] memory x, uint256[4] memory y) internal pure returns (bool) {
        for (uint256 i = 4; i > 0; --i) {
            if (x[i - 1] != y[i - 1]) return x[i - 1] < y[i - 1];
        }
        return true;
    }

    /// @dev `x + small`.
    function addSmall(uint256[4] memory x, uint256 small) internal pure returns (uint256[4] memory y) {
        uint256 carry = small;
        for (uint256 i; i < 4; ++i) {
            uint256 v = x[i] + carry;
            y[i] = v & MASK;
            carry = v >> 128;
        }
        require(carry == 0, "WideMath: 512-bit overflow");
    }
}
