// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @notice An 18-decimal attacker token: once armed, its next `transfer` or `transferFrom` first calls
/// `target` with `data` (like an ERC-777 hook, before balances move), records the outcome and does
/// NOT bubble a failure, so a test can check that a reentrancy guard fired while the outer call went
/// on. Anyone may mint or arm it.
contract ReentrantToken is ERC20 {
    // --- Events ---

    /// @notice Emitted when the token was armed to call `target` with `data`.
    event Armed(address indexed target, bytes data);

    /// @notice Emitted when the reentrant call was made, with its outcome.
    // solhint-disable-next-line gas-indexed-events -- a test reads it, nobody filters on it
    event Reentered(address indexed target, bool success, bytes returnOrRevertData);

    // --- Storage ---

    /// @notice Whether the next transfer makes the reentrant call.
    bool public armed;

    /// @notice Whether the last reentrant call succeeded.
    bool public lastReentrySucceeded;

    /// @notice How many reentrant calls were made.
    uint256 public reentryCount;

    address private _target;
    bytes private _data;
    bytes private _lastReentryRevertData;

    // --- Constructor ---

    /// @notice Creates the token.
    constructor() ERC20("Reentrant Token (mock)", "REENTER") {}

    // --- External views ---

    /// @notice The revert data of the last reentrant call; empty if it succeeded.
    function lastReentryRevertData() external view returns (bytes memory) {
        return _lastReentryRevertData;
    }

    // --- External transactions ---

    /// @notice Mints `amount` to `to`. Anyone may call it (local faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the token: the next `transfer` or `transferFrom` calls `target` with `data` once.
    function arm(address target, bytes calldata data) external {
        armed = true;
        _target = target;
        _data = data;
        emit Armed(target, data);
    }

    /// @notice Disarms the token without making the call.
    function disarm() external {
        armed = false;
    }

    /// @notice ERC-20 `transfer`, preceded by the reentrant call when armed.
    function transfer(address to, uint256 value) public override returns (bool) {
        _reenter();
        return super.transfer(to, value);
    }

    /// @notice ERC-20 `transferFrom`, preceded by the reentrant call when armed.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _reenter();
        return super.transferFrom(from, to, value);
    }

    // --- Internal functions ---

    function _reenter() private {
        if (!armed) return;
        armed = false;
        ++reentryCount;
        address target = _target;
        // solhint-disable-next-line avoid-low-level-calls -- the reentrant call is the point of this mock
        (bool success, bytes memory result) = target.call(_data);
        lastReentrySucceeded = success;
        _lastReentryRevertData = success ? bytes("") : result;
        emit Reentered(target, success, result);
    }
}
