// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @title Assertions
/// @notice forge-std-like assertion helpers and `bound`, for tests that cannot import forge-std.
/// @dev Each failure reverts with a readable message that carries both values.
abstract contract Assertions {
    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            revert(_message(message, "expected", expected, "got", actual));
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            revert(
                string.concat(
                    message,
                    ": expected ",
                    Strings.toHexString(expected),
                    ", got ",
                    Strings.toHexString(actual)
                )
            );
        }
    }

    function assertLe(uint256 left, uint256 right, string memory message) internal pure {
        if (left > right) revert(_message(message, "not <=", right, "value", left));
    }

    function assertGe(uint256 left, uint256 right, string memory message) internal pure {
        if (left < right) revert(_message(message, "not >=", right, "value", left));
    }

    /// @dev Maps `x` into `[min, max]` uniformly enough for fuzzing, keeping small values small (forge-std's
    /// `bound` without its logging).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    function _message(
        string memory message,
        string memory labelA,
        uint256 a,
        string memory labelB,
        uint256 b
    ) private pure returns (string memory) {
        return string.concat(message, ": ", labelA, " ", Strings.toString(a), ", ", labelB, " ", Strings.toString(b));
    }
}
