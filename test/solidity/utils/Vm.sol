// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Vm
/// @notice The few cheatcodes these tests use, with forge-std's exact signatures (forge-std is not installable
/// here; Hardhat's EDR answers them at the standard cheatcode address).
interface Vm {
    /// @dev An event recorded by `recordLogs`, as `getRecordedLogs` returns it.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function warp(uint256 newTimestamp) external;

    function prank(address msgSender) external;

    function startPrank(address msgSender) external;

    function stopPrank() external;

    function deal(address account, uint256 newBalance) external;

    function addr(uint256 privateKey) external pure returns (address keyAddr);

    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    function assume(bool condition) external pure;

    function expectRevert(bytes calldata revertData) external;

    function expectRevert(bytes4 revertData) external;

    function expectRevert() external;

    /// @dev Matches the revert's selector only, whatever its arguments.
    function expectPartialRevert(bytes4 revertData) external;

    function label(address account, string calldata newLabel) external;

    /// @dev Snapshots the whole state (and block environment); `revertToState` goes back to it and keeps it.
    function snapshotState() external returns (uint256 snapshotId);

    function revertToState(uint256 snapshotId) external returns (bool success);

    /// @dev Starts recording every event; `getRecordedLogs` returns (and clears) what was recorded since.
    function recordLogs() external;

    function getRecordedLogs() external returns (Log[] memory logs);
}

/// @dev The standard cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
Vm constant VM = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
