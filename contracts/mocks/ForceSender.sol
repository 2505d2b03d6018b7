// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ForceSender
/// @notice For "ETH forced into a campaign" tests: sends ETH to a contract through SELFDESTRUCT, which
/// runs no code at the target (no `receive`, no guard) and so cannot be refused. Either deploy it with
/// a value and a target, or call `forceSend` with a value.
/// @dev Each send creates a throwaway contract, funded with the value, whose init code is
/// `PUSH20 target; SELFDESTRUCT`. Since Cancun (EIP-6780) SELFDESTRUCT in the creating transaction
/// still sends the whole balance (and deletes the throwaway). Raw init code keeps the build free of
/// Solidity's `selfdestruct` deprecation warning; ForceSender itself stays deployed and holds nothing.
contract ForceSender {
    // --- Errors ---

    /// @notice Thrown when the throwaway contract could not be created.
    error ForceSenderFailed(address target, uint256 value);

    // --- Constructor ---

    /// @notice Sends `msg.value` to `target` by SELFDESTRUCT, if both are non-zero.
    constructor(address payable target) payable {
        if (target != address(0) && msg.value != 0) _forceSend(target, msg.value);
    }

    // --- External transactions ---

    /// @notice Sends `msg.value` to `target` by SELFDESTRUCT.
    function forceSend(address payable target) external payable {
        _forceSend(target, msg.value);
    }

    // --- Internal functions ---

    function _forceSend(address payable target, uint256 value) private {
        // 0x73 = PUSH20 <target>, 0xff = SELFDESTRUCT.
        bytes memory initCode = abi.encodePacked(hex"73", target, hex"ff");
        address created;
        // solhint-disable-next-line no-inline-assembly -- CREATE of raw init code
        assembly ("memory-safe") {
            created := create(value, add(initCode, 0x20), mload(initCode))
        }
        if (created == address(0)) revert ForceSenderFailed(target, value);
    }
}
